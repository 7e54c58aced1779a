import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, fromRows, softmaxRows, logSoftmaxRows, assertProbabilities, toLabels, InputError, argmaxRows, writeFileAtomic } from '../../src/core';

test('Rng is reproducible for a seed and differs across seeds', () => {
  const a = new Rng(42), b = new Rng(42), c = new Rng(43);
  const xa = Array.from({ length: 5 }, () => a.uniform());
  const xb = Array.from({ length: 5 }, () => b.uniform());
  const xc = Array.from({ length: 5 }, () => c.uniform());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
  for (const x of xa) assert.ok(x >= 0 && x < 1);
});

test('Rng.normal has mean ≈ 0 and variance ≈ 1', () => {
  const r = new Rng(7);
  let s = 0, s2 = 0;
  const n = 200000;
  for (let i = 0; i < n; i++) { const z = r.normal(); s += z; s2 += z * z; }
  assert.ok(Math.abs(s / n) < 0.01);
  assert.ok(Math.abs(s2 / n - 1) < 0.02);
});

test('softmax is stable for large logits and matches log-softmax', () => {
  const m = fromRows([[1000, 1000], [0, Math.log(3)], [-1000, 0]]);
  const p = softmaxRows(m);
  assert.deepEqual(Array.from(p.data.subarray(0, 2)), [0.5, 0.5]);
  assert.ok(Math.abs(p.data[3] - 0.75) < 1e-15);
  const lp = logSoftmaxRows(m);
  assert.ok(Math.abs(lp.data[4] - -1000) < 1e-9);
  assert.equal(p.data[4], 0);
});

test('validation errors name the argument and the row', () => {
  assert.throws(() => assertProbabilities(fromRows([[0.5, 0.5], [0.7, 0.2]]), 'probs'), (e: unknown) => e instanceof InputError && e.argument === 'probs' && e.row === 1);
  assert.throws(() => assertProbabilities(fromRows([[NaN, 1]]), 'probs'), /probs \(row 0\): contains NaN/);
  assert.throws(() => toLabels([0, 3], 'labels', 3), (e: unknown) => e instanceof InputError && e.row === 1);
  assert.throws(() => toLabels([0, 1.5], 'labels'), /not an integer/);
});

test('argmax ties go to the lowest index', () => {
  assert.deepEqual(Array.from(argmaxRows(fromRows([[0.5, 0.5], [0.1, 0.9]]))), [0, 1]);
});

test('writeFileAtomic leaves no temporary file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certitude-'));
  await writeFileAtomic(join(dir, 'a.json'), '{"x":1}');
  assert.equal(readFileSync(join(dir, 'a.json'), 'utf8'), '{"x":1}');
  assert.deepEqual(readdirSync(dir), ['a.json']);
});
