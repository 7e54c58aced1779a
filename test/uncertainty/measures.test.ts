import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromRows, InputError } from '../../src/core';
import {
  summarizeClassificationSamples,
  summarizeRegressionSamples,
  softmaxEntropy,
  maxProbability,
} from '../../src/uncertainty/measures';

const close = (actual: number, expected: number, tol = 1e-12, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} ≠ ${expected}`);
const closeArray = (actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12, what = '') => {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) close(actual[i], expected[i], tol, `${what}[${i}]`);
};
const H = (p: number[]) => -p.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);

/**
 * Hand-made stack, T = 4 samples, N = 2 rows, K = 3 classes (index (t·N + i)·K + k):
 *   row 0: [1,0,0], [1,0,0], [0,1,0], [0,0,1]          (one-hot votes that disagree)
 *   row 1: [.2,.3,.5], [.4,.4,.2], [.2,.3,.5], [.4,.4,.2]
 */
const T = 4, N = 2, K = 3;
const row0 = [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]];
const row1 = [[0.2, 0.3, 0.5], [0.4, 0.4, 0.2], [0.2, 0.3, 0.5], [0.4, 0.4, 0.2]];
const handSamples = new Float64Array(T * N * K);
for (let t = 0; t < T; t++) {
  handSamples.set(row0[t], (t * N + 0) * K);
  handSamples.set(row1[t], (t * N + 1) * K);
}

test('summarizeClassificationSamples: every statistic on the hand-made 4×2×3 stack', () => {
  const u = summarizeClassificationSamples(handSamples, T, N, K);
  // mean: row 0 = (2/4, 1/4, 1/4); row 1 = ((.2+.4)/2, (.3+.4)/2, (.5+.2)/2) = (.3, .35, .35)
  closeArray(u.mean.data, [0.5, 0.25, 0.25, 0.3, 0.35, 0.35], 1e-15, 'mean');
  assert.equal(u.mean.rows, 2);
  assert.equal(u.mean.cols, 3);
  // population std: row 0 class 0 values 1,1,0,0 → var .25 → .5; class 1 values 0,0,1,0 → var (3·.0625 + .5625)/4 = .1875
  // row 1: each class alternates between two values a, b → std |a − b|/2: .1, .05, .15
  closeArray(u.std.data, [0.5, Math.sqrt(0.1875), Math.sqrt(0.1875), 0.1, 0.05, 0.15], 1e-15, 'std');
  // predictive entropy H(mean): row 0 = −(.5 ln .5 + 2·.25 ln .25) = 1.5 ln 2
  closeArray(u.predictiveEntropy, [1.5 * Math.LN2, -(0.3 * Math.log(0.3) + 2 * 0.35 * Math.log(0.35))], 1e-15, 'H');
  // expected entropy: row 0 all one-hot → 0 (0·log 0 = 0); row 1 = (H[.2,.3,.5] + H[.4,.4,.2]) / 2
  const ee1 = (-(0.2 * Math.log(0.2) + 0.3 * Math.log(0.3) + 0.5 * Math.log(0.5)) - (2 * 0.4 * Math.log(0.4) + 0.2 * Math.log(0.2))) / 2;
  closeArray(u.expectedEntropy, [0, ee1], 1e-15, 'EE');
  closeArray(u.mutualInformation, [1.5 * Math.LN2, u.predictiveEntropy[1] - ee1], 1e-15, 'MI');
  // in numbers: H(.3,.35,.35) = 1.0960673, H[.2,.3,.5] = 1.0296530, H[.4,.4,.2] = 1.0549202 → EE 1.0422866, MI 0.0537807
  close(u.mutualInformation[1], 0.0537807, 1e-6, 'MI row 1 in numbers');
  // variation ratio: row 0 votes (2,1,1) → 1 − 2/4; row 1: argmax [.2,.3,.5] = 2, [.4,.4,.2] = 0 (tie → lowest), votes (2,0,2) → .5
  closeArray(u.variationRatio, [0.5, 0.5], 0, 'VR');
  // disagreement = Σ_k var_k: row 0 = .25 + .1875 + .1875 = .625; row 1 = .01 + .0025 + .0225 = .035
  closeArray(u.disagreement, [0.625, 0.035], 1e-15, 'disagreement');
  closeArray(u.maxProbability, [0.5, 0.35], 1e-15, 'max prob');
});

test('summarizeClassificationSamples: the 1-row docstring example', () => {
  const u = summarizeClassificationSamples(new Float64Array([1, 0, 0, 1]), 2, 1, 2);
  closeArray(u.mean.data, [0.5, 0.5]);
  close(u.predictiveEntropy[0], Math.LN2);
  close(u.expectedEntropy[0], 0);
  close(u.mutualInformation[0], Math.LN2);
  close(u.variationRatio[0], 0.5);
  close(u.disagreement[0], 0.5);
});

test('summarizeClassificationSamples: T = 1 gives zero spread and MI, entropy of the one sample', () => {
  const u = summarizeClassificationSamples(new Float64Array([0.25, 0.75]), 1, 1, 2);
  closeArray(u.std.data, [0, 0]);
  close(u.mutualInformation[0], 0);
  close(u.variationRatio[0], 0);
  close(u.predictiveEntropy[0], H([0.25, 0.75]));
  close(u.expectedEntropy[0], H([0.25, 0.75]));
});

test('summarizeClassificationSamples: bad inputs throw InputError naming the argument and row', () => {
  const good = new Float64Array([0.5, 0.5, 0.5, 0.5]);
  const expectInput = (fn: () => unknown, argument: string, row?: number) =>
    assert.throws(fn, (e: unknown) => e instanceof InputError && e.argument === argument && e.row === row);
  expectInput(() => summarizeClassificationSamples(good, 2, 1, 3), 'samples');
  expectInput(() => summarizeClassificationSamples(good, 0, 1, 2), 't');
  expectInput(() => summarizeClassificationSamples(good, 2, 1.5, 2), 'n');
  expectInput(() => summarizeClassificationSamples(new Float64Array([1, 1]), 2, 1, 1), 'k');
  expectInput(() => summarizeClassificationSamples(new Float64Array([0.5, 0.5, NaN, 0.5]), 1, 2, 2), 'samples', 1);
  expectInput(() => summarizeClassificationSamples(new Float64Array([0.5, 0.5, 0.6, 0.5]), 1, 2, 2), 'samples', 1);
  expectInput(() => summarizeClassificationSamples(new Float64Array([1.5, -0.5]), 1, 1, 2), 'samples', 0);
  expectInput(() => summarizeClassificationSamples([0.5, 0.5] as unknown as Float64Array, 1, 1, 2), 'samples');
});

/** Arbitrary T×N×K probability stacks, with exact zeros mixed in to exercise 0·log 0. */
const stackArb = fc
  .record({ t: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 2, max: 5 }) })
  .chain(({ t, n, k }) =>
    fc
      .array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true })), { minLength: t * n * k, maxLength: t * n * k })
      .map((raw) => {
        const data = new Float64Array(t * n * k);
        for (let r = 0; r < t * n; r++) {
          let s = 0;
          for (let j = 0; j < k; j++) s += raw[r * k + j];
          for (let j = 0; j < k; j++) data[r * k + j] = s > 0 ? raw[r * k + j] / s : j === 0 ? 1 : 0;
        }
        return { t, n, k, data };
      }),
  );

test('property: 0 ≤ MI, expected entropy ≤ predictive entropy ≤ log K, rows of mean sum to 1, Σ std² = disagreement', () => {
  fc.assert(
    fc.property(stackArb, ({ t, n, k, data }) => {
      const u = summarizeClassificationSamples(data, t, n, k);
      for (let i = 0; i < n; i++) {
        assert.ok(u.mutualInformation[i] >= 0);
        assert.ok(u.expectedEntropy[i] <= u.predictiveEntropy[i] + 1e-12);
        assert.ok(u.predictiveEntropy[i] <= Math.log(k) + 1e-12);
        assert.ok(u.variationRatio[i] >= 0 && u.variationRatio[i] <= 1 - 1 / k + 1e-12);
        let s = 0, v = 0;
        for (let j = 0; j < k; j++) { s += u.mean.data[i * k + j]; v += u.std.data[i * k + j] ** 2; }
        close(s, 1, 1e-9);
        close(v, u.disagreement[i], 1e-12);
      }
    }),
    { numRuns: 200 },
  );
});

test('property: identical samples give MI = 0, std = 0, variation ratio 0, disagreement 0', () => {
  fc.assert(
    fc.property(stackArb, fc.integer({ min: 1, max: 8 }), ({ n, k, data }, t) => {
      const one = data.subarray(0, n * k);
      const stacked = new Float64Array(t * n * k);
      for (let s = 0; s < t; s++) stacked.set(one, s * n * k);
      const u = summarizeClassificationSamples(stacked, t, n, k);
      for (let i = 0; i < n; i++) {
        close(u.mutualInformation[i], 0, 1e-12);
        close(u.variationRatio[i], 0, 0);
        close(u.disagreement[i], 0, 1e-24);
        close(u.expectedEntropy[i], H(Array.from(one.subarray(i * k, (i + 1) * k))), 1e-12);
      }
    }),
    { numRuns: 150 },
  );
});

test('property: permuting the samples leaves every statistic unchanged; the input is not mutated', () => {
  fc.assert(
    fc.property(stackArb, fc.integer(), ({ t, n, k, data }, seed) => {
      const before = Float64Array.from(data);
      const u = summarizeClassificationSamples(data, t, n, k);
      assert.deepEqual(data, before);
      // Fisher–Yates with a tiny LCG so the permutation depends on the generated seed.
      const order = Array.from({ length: t }, (_, s) => s);
      let x = seed >>> 0;
      for (let s = t - 1; s > 0; s--) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; const r = x % (s + 1); [order[s], order[r]] = [order[r], order[s]]; }
      const permuted = new Float64Array(data.length);
      for (let s = 0; s < t; s++) permuted.set(data.subarray(order[s] * n * k, (order[s] + 1) * n * k), s * n * k);
      const v = summarizeClassificationSamples(permuted, t, n, k);
      closeArray(v.mean.data, u.mean.data, 1e-12);
      closeArray(v.std.data, u.std.data, 1e-9);
      closeArray(v.predictiveEntropy, u.predictiveEntropy, 1e-12);
      closeArray(v.expectedEntropy, u.expectedEntropy, 1e-12);
      closeArray(v.mutualInformation, u.mutualInformation, 1e-12);
      closeArray(v.variationRatio, u.variationRatio, 0);
      closeArray(v.disagreement, u.disagreement, 1e-12);
    }),
    { numRuns: 150 },
  );
});

test('softmaxEntropy and maxProbability: hand values, 0·log 0 = 0, validation', () => {
  const p = fromRows([[0.5, 0.5], [1, 0], [0.2, 0.8], [0, 1]]);
  closeArray(softmaxEntropy(p), [Math.LN2, 0, -(0.2 * Math.log(0.2) + 0.8 * Math.log(0.8)), 0], 1e-15);
  closeArray(maxProbability(p), [0.5, 1, 0.8, 1], 0);
  const q = fromRows([[0.25, 0.25, 0.5]]);
  close(softmaxEntropy(q)[0], 1.5 * Math.LN2, 1e-15); // −(2·¼ ln ¼ + ½ ln ½) = 1.5 ln 2
  assert.throws(() => softmaxEntropy(fromRows([[0.5, 0.6]])), (e: unknown) => e instanceof InputError && e.argument === 'probs' && e.row === 0);
  assert.throws(() => maxProbability(fromRows([[1], [1]])), (e: unknown) => e instanceof InputError && e.argument === 'probs');
});

test('summarizeRegressionSamples: law of total variance on a hand case, scalar noise variance', () => {
  // T = 3, N = 2 (index t·N + i). Row 0 means 1, 2, 3 → mean 2, epistemic (1 + 0 + 1)/3; variances .1, .2, .3 → aleatoric .2.
  // Row 1 means 5, 5, 5 → epistemic 0; variances 1, 1, 1 → aleatoric 1.
  const means = new Float64Array([1, 5, 2, 5, 3, 5]);
  const variances = new Float64Array([0.1, 1, 0.2, 1, 0.3, 1]);
  const r = summarizeRegressionSamples(means, variances, 3, 2);
  closeArray(r.mean, [2, 5], 1e-15);
  closeArray(r.epistemic, [2 / 3, 0], 1e-15);
  closeArray(r.aleatoric, [0.2, 1], 1e-15);
  closeArray(r.variance, [0.2 + 2 / 3, 1], 1e-15);
  const s = summarizeRegressionSamples(means, 0.5, 3, 2);
  closeArray(s.aleatoric, [0.5, 0.5]);
  closeArray(s.variance, [0.5 + 2 / 3, 0.5], 1e-15);
  // docstring example
  const d = summarizeRegressionSamples(new Float64Array([1, 3]), new Float64Array([0.5, 1.5]), 2, 1);
  closeArray([d.mean[0], d.aleatoric[0], d.epistemic[0], d.variance[0]], [2, 1, 1, 2], 1e-15);
});

test('summarizeRegressionSamples: matches a Gaussian-mixture variance computed directly as E[y²] − E[y]²', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })), { minLength: 6, maxLength: 6 }),
      (t, pairs) => {
        const used = pairs.slice(0, t);
        const means = Float64Array.from(used.map((p) => p[0]));
        const vars = Float64Array.from(used.map((p) => p[1]));
        const before = [Float64Array.from(means), Float64Array.from(vars)];
        const r = summarizeRegressionSamples(means, vars, t, 1);
        assert.deepEqual([means, vars], before);
        // mixture of N(μ_t, σ²_t) with weights 1/T: E[y] = mean μ, E[y²] = mean (σ² + μ²)
        const ey = used.reduce((s, p) => s + p[0], 0) / t;
        const ey2 = used.reduce((s, p) => s + p[1] + p[0] * p[0], 0) / t;
        close(r.mean[0], ey, 1e-12);
        close(r.variance[0], ey2 - ey * ey, 1e-9);
        close(r.variance[0], r.aleatoric[0] + r.epistemic[0], 1e-12);
        assert.ok(r.epistemic[0] >= 0);
      },
    ),
    { numRuns: 200 },
  );
});

test('summarizeRegressionSamples: bad inputs throw InputError naming the argument', () => {
  const ok = new Float64Array([1, 2]);
  const expectInput = (fn: () => unknown, argument: string, row?: number) =>
    assert.throws(fn, (e: unknown) => e instanceof InputError && e.argument === argument && e.row === row);
  expectInput(() => summarizeRegressionSamples(ok, ok, 3, 1), 'means');
  expectInput(() => summarizeRegressionSamples(ok, new Float64Array([1]), 2, 1), 'variances');
  expectInput(() => summarizeRegressionSamples(ok, new Float64Array([1, -1]), 1, 2), 'variances', 1);
  expectInput(() => summarizeRegressionSamples(new Float64Array([1, Infinity]), 1, 1, 2), 'means', 1);
  expectInput(() => summarizeRegressionSamples(ok, -0.1, 2, 1), 'variances');
  expectInput(() => summarizeRegressionSamples(ok, NaN, 2, 1), 'variances');
  expectInput(() => summarizeRegressionSamples(ok, 1, 0, 2), 't');
});
