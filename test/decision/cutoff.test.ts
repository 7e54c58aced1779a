import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors';
import {
  absoluteCutoff,
  applyCutoff,
  chooseQuantile,
  mixedCutoff,
  percentileLinear,
  scoresAtCutoff,
} from '../../src/decision/cutoff';

const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/cutoff.json'), 'utf8'));

test('cutoff fixture records versions and seed', () => {
  assert.equal(fixture.sklearn_version, '1.2.1');
  assert.equal(typeof fixture.seed, 'number');
});

for (const c of fixture.cases) {
  test(`golden (seed 002 logic on scikit-learn/numpy): ${c.name}`, () => {
    const r = mixedCutoff(c.history_probs, c.history_labels, c.apply_probs, {
      precisionFloor: c.precision_floor,
      minCutoff: c.min_cutoff,
    });
    const close = (a: number | null, b: number | null, what: string) => {
      if (b === null) return assert.equal(a, null, what);
      assert.ok(a !== null && Math.abs(a - b) <= 1e-9, `${what}: ${a} vs ${b}`);
    };
    close(r.f1Threshold, c.absolute_f1, 'absolute_f1');
    close(r.youdenThreshold, c.absolute_youden, 'absolute_youden');
    close(r.absolute, c.absolute, 'absolute');
    assert.equal(r.q, c.q);
    close(r.relative, c.relative, 'relative');
    close(r.final, c.final, 'final');
  });
}

test('percentileLinear matches numpy linear interpolation (hand-computed)', () => {
  assert.equal(percentileLinear([1, 2, 3, 4], 90), 3.7);
  assert.equal(percentileLinear([4, 1, 3, 2], 50), 2.5);
  assert.equal(percentileLinear([7], 95), 7);
  assert.equal(percentileLinear([1, 2], 0), 1);
  assert.equal(percentileLinear([1, 2], 100), 2);
  assert.throws(() => percentileLinear([], 50), InputError);
  assert.throws(() => percentileLinear([1], 101), (e: unknown) => e instanceof InputError && e.argument === 'percent');
});

test('hand-computed absolute cut-off (sklearn docstring data)', () => {
  const a = absoluteCutoff([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
  // PR points (thr, P, R): (0.1, .5, 1) F1 .667; (0.35, 2/3, 1) F1 .8; (0.4, .5, .5) .5; (0.8, 1, .5) .667
  assert.equal(a.f1Threshold, 0.35);
  assert.ok(Math.abs(a.f1 - 0.8) < 1e-12);
  // ROC J: 0.8 → .5−0 = .5; 0.35 → 1−.5 = .5 (tie: highest threshold wins, np.argmax order)
  assert.equal(a.youdenThreshold, 0.8);
  assert.equal(a.absolute, 0.8);
  assert.deepEqual(a.notes, []);
});

test('edge: history without positives → null components, absolute = minCutoff, q = smallest, finite final', () => {
  const r = mixedCutoff([0.2, 0.9, 0.4], [0, 0, 0], [0.1, 0.3, 0.95, 0.6], { minCutoff: 0.55 });
  assert.equal(r.f1Threshold, null);
  assert.equal(r.youdenThreshold, null);
  assert.equal(r.absolute, 0.55);
  assert.equal(r.q, 5);
  assert.ok(Number.isFinite(r.final) && r.final >= 0.55);
  assert.ok(r.notes.some((n) => n.includes('no positives')));
});

test('edge: history without negatives → Youden null, F1 threshold = lowest score (recall 1, precision 1)', () => {
  const r = absoluteCutoff([0.3, 0.6, 0.9], [1, 1, 1]);
  assert.equal(r.youdenThreshold, null);
  assert.equal(r.f1Threshold, 0.3);
  assert.equal(r.absolute, 0.3);
  assert.ok(r.notes.some((n) => n.includes('no negatives')));
  // the minimum still applies to the final
  assert.equal(mixedCutoff([0.3, 0.6, 0.9], [1, 1, 1], [0.1, 0.2]).final, 0.5);
});

test('edge: no threshold reaches the precision floor → F1 null, absolute = Youden', () => {
  // positives score lowest: every PR point has precision < 0.9 except none
  const r = absoluteCutoff([0.9, 0.8, 0.7, 0.2], [0, 0, 1, 1], { precisionFloor: 0.9 });
  assert.equal(r.f1Threshold, null);
  assert.notEqual(r.youdenThreshold, null);
  assert.equal(r.absolute, r.youdenThreshold);
  assert.ok(r.notes.some((n) => n.includes('precision')));
});

test('edge: single sample and all-tied history never crash or give NaN', () => {
  for (const [p, y] of [[[0.7], [1]], [[0.7], [0]], [[0.5, 0.5, 0.5], [1, 0, 1]]] as [number[], number[]][]) {
    const r = mixedCutoff(p, y, [0.1, 0.99]);
    for (const v of [r.absolute, r.relative, r.final]) assert.ok(Number.isFinite(v));
  }
  const tied = absoluteCutoff([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]);
  assert.equal(tied.f1Threshold, 0.5); // one PR point: P .5, R 1
  assert.equal(tied.youdenThreshold, 0.5);
});

test('edge: empty inputs and bad options are typed errors', () => {
  assert.throws(() => mixedCutoff([], []), (e: unknown) => e instanceof InputError && e.argument === 'probs');
  assert.throws(() => mixedCutoff([0.5], [1], []), (e: unknown) => e instanceof InputError && e.argument === 'applyProbs');
  assert.throws(() => mixedCutoff([0.5], [2]), (e: unknown) => e instanceof InputError && e.argument === 'labels' && e.row === 0);
  assert.throws(() => mixedCutoff([0.5], [1], undefined, { qCandidates: [0] }), (e: unknown) => e instanceof InputError && e.argument === 'qCandidates');
  assert.throws(() => mixedCutoff([0.5], [1], undefined, { precisionFloor: 2 }), InputError);
});

test('chooseQuantile: hand-computed and tie rule (smallest q)', () => {
  const c = chooseQuantile([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  // q=15 → cut 0.865 keeps {0.9, 1.0}: F1 1 (ties with q=20; smallest wins)
  assert.equal(c.q, 15);
  assert.ok(Math.abs(c.candidates[2].cutoff - 0.865) < 1e-12);
});

test('scoresAtCutoff and applyCutoff: prob ≥ cutoff is positive; undefined ratios are 0', () => {
  assert.deepEqual(Array.from(applyCutoff([0.2, 0.8, 0.5], 0.5)), [0, 1, 1]);
  const s = scoresAtCutoff([0.9, 0.6, 0.4], [1, 0, 1], 0.5);
  assert.equal(s.precision, 0.5);
  assert.equal(s.recall, 0.5);
  assert.equal(s.f1, 0.5);
  const none = scoresAtCutoff([0.1, 0.2], [0, 0], 0.5);
  assert.deepEqual([none.precision, none.recall, none.f1], [0, 0, 0]);
});

test('property: final ≥ minCutoff, ≥ absolute, ≥ relative, and finite; invariant to row order', () => {
  const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 40 });
  fc.assert(
    fc.property(rows, fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 20 }), (hist, apply) => {
      const p = hist.map((r) => r[0] / 50);
      const y = hist.map((r) => r[1]);
      const a = apply.map((v) => v / 50);
      const r = mixedCutoff(p, y, a);
      const r2 = mixedCutoff([...p].reverse(), [...y].reverse(), [...a].reverse());
      return (
        Number.isFinite(r.final) &&
        r.final >= 0.5 &&
        r.final >= r.absolute &&
        r.final >= r.relative &&
        Math.abs(r.final - r2.final) < 1e-12 &&
        r.q === r2.q
      );
    }),
    { numRuns: 300 },
  );
});

test('inputs are not mutated', () => {
  const p = Object.freeze([0.3, 0.9, 0.1, 0.5]) as unknown as number[];
  const y = Object.freeze([0, 1, 0, 1]) as unknown as number[];
  mixedCutoff(p, y, p);
  assert.deepEqual([...p], [0.3, 0.9, 0.1, 0.5]);
});
