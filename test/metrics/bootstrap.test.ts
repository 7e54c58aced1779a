import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CertitudeError, InputError, Rng, fromRows, matrix, softmaxRows } from '../../src/core';
import { accuracy, bootstrapInterval, bootstrapMetric, expectedCalibrationError, negativeLogLikelihoodFromLogits } from '../../src/metrics';

test('hand case: n = 1 makes every resample the same row, so lower = upper = estimate', () => {
  const r = bootstrapInterval((idx) => [3.5][idx[0]], 1, { resamples: 10, seed: 1 });
  assert.deepEqual(r, { estimate: 3.5, lower: 3.5, upper: 3.5, resamples: 10, confidence: 0.95, discarded: 0 });
});

test('hand case: two values 0 and 1, n = 2 → replicate means are 0, ½ or 1; the percentiles come from them', () => {
  const x = [0, 1];
  const r = bootstrapInterval((idx) => (x[idx[0]] + x[idx[1]]) / 2, 2, { resamples: 4000, seed: 3 });
  assert.equal(r.estimate, 0.5);
  // P(mean = 0) = P(mean = 1) = ¼ > 2.5 %, so the 2.5 % and 97.5 % percentiles are exactly 0 and 1
  assert.equal(r.lower, 0);
  assert.equal(r.upper, 1);
  // with 50 % coverage the 25 % / 75 % percentiles fall at the ½ boundary region
  const half = bootstrapInterval((idx) => (x[idx[0]] + x[idx[1]]) / 2, 2, { resamples: 4000, seed: 3, confidence: 0.5 });
  assert.ok(half.lower >= 0 && half.lower <= 0.5 && half.upper >= 0.5 && half.upper <= 1);
});

test('seeded: the same seed gives the same interval, another seed a different one; an Rng can be passed down', () => {
  const x = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3);
  const mean = (idx: Int32Array): number => idx.reduce((s, i) => s + x[i], 0) / idx.length;
  const a = bootstrapInterval(mean, x.length, { seed: 42, resamples: 300 });
  const b = bootstrapInterval(mean, x.length, { seed: 42, resamples: 300 });
  const c = bootstrapInterval(mean, x.length, { seed: 43, resamples: 300 });
  assert.deepEqual(a, b);
  assert.notDeepEqual([a.lower, a.upper], [c.lower, c.upper]);
  assert.deepEqual(bootstrapInterval(mean, x.length, { rng: new Rng(42), resamples: 300 }), a);
  assert.ok(a.lower <= a.estimate && a.estimate <= a.upper);
});

test('the accuracy interval has the width the normal approximation predicts', () => {
  // n = 2000 predictions, ≈ 80 % correct: half-width ≈ 1.96 · sqrt(0.8 · 0.2 / 2000) ≈ 0.0175
  const rng = new Rng(9);
  const n = 2000;
  const probs = matrix(n, 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    probs.data[2 * i] = 0.9;
    probs.data[2 * i + 1] = 0.1;
    labels[i] = rng.uniform() < 0.8 ? 0 : 1;
  }
  const r = bootstrapMetric(accuracy, probs, labels, { resamples: 1000, seed: 4 });
  const p = r.estimate;
  const expected = 1.96 * Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs((r.upper - r.lower) / 2 - expected) < 0.15 * expected, JSON.stringify({ r, expected }));
  assert.ok(r.lower < p && p < r.upper);
});

test('works with any metric of (scores, labels), e.g. ECE and NLL from logits', () => {
  const rng = new Rng(1);
  const logits = matrix(200, 3);
  for (let i = 0; i < logits.data.length; i++) logits.data[i] = 2 * rng.normal();
  const labels = Int32Array.from({ length: 200 }, () => rng.int(3));
  const ece = bootstrapMetric(expectedCalibrationError, softmaxRows(logits), labels, { resamples: 200, seed: 2 });
  assert.equal(ece.estimate, expectedCalibrationError(softmaxRows(logits), labels));
  assert.ok(ece.lower < ece.upper);
  const nll = bootstrapMetric(negativeLogLikelihoodFromLogits, logits, labels, { resamples: 200, seed: 2 });
  assert.equal(nll.estimate, negativeLogLikelihoodFromLogits(logits, labels));
  assert.ok(nll.lower < nll.estimate && nll.estimate < nll.upper);
});

test('non-finite replicates are discarded and counted; bad options are typed errors', () => {
  // the statistic is NaN on resamples without row 0
  const r = bootstrapInterval((idx) => (idx.includes(0) ? 1 : NaN), 3, { resamples: 500, seed: 5 });
  // P(row 0 absent) = (2/3)³ ≈ 0.296
  assert.ok(r.discarded > 100 && r.discarded < 200, `${r.discarded}`);
  assert.equal(r.resamples + r.discarded, 500);
  assert.throws(() => bootstrapInterval(() => NaN, 3), (e: unknown) => e instanceof InputError && e.argument === 'statistic');
  assert.throws(() => bootstrapInterval((idx) => (idx.every((i) => i === 0) ? 1 : NaN), 5, { resamples: 3 }), CertitudeError);
  assert.throws(() => bootstrapInterval(() => 1, 0), (e: unknown) => e instanceof InputError && e.argument === 'n');
  assert.throws(() => bootstrapInterval(() => 1, 3, { resamples: 1 }), (e: unknown) => e instanceof InputError && e.argument === 'resamples');
  assert.throws(() => bootstrapInterval(() => 1, 3, { confidence: 1 }), (e: unknown) => e instanceof InputError && e.argument === 'confidence');
  assert.throws(() => bootstrapMetric(accuracy, fromRows([[0.5, 0.5]]), [0, 1]), (e: unknown) => e instanceof InputError && e.argument === 'labels');
});
