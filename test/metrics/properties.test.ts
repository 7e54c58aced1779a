import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Matrix, Rng, binaryToMatrix, matrix, softmaxRows } from '../../src/core';
import {
  accuracy,
  binaryBrierScore,
  bootstrapMetric,
  brierScore,
  calibrationCurve,
  calibrationErrorsOfScores,
  calibrationSummary,
  classwiseReliabilityBins,
  debiasedCalibrationError,
  expectedCalibrationError,
  negativeLogLikelihood,
  negativeLogLikelihoodFromLogits,
  reliabilityBins,
  reliabilityDiagramOfScores,
  rmsCalibrationError,
  topLabelScores,
} from '../../src/metrics';
import { rawEqualMassEdges } from '../../src/metrics/reliability';

/** Random N×K probabilities (softmax of logits), optionally rounded to create ties, with labels. */
const predictions = fc
  .record({
    n: fc.integer({ min: 1, max: 60 }),
    k: fc.integer({ min: 2, max: 5 }),
    seed: fc.integer({ min: 0, max: 1e9 }),
    scale: fc.double({ min: 0.1, max: 6, noNaN: true }),
    round: fc.boolean(),
  })
  .map(({ n, k, seed, scale, round }) => {
    const rng = new Rng(seed);
    const logits = matrix(n, k);
    for (let i = 0; i < n * k; i++) logits.data[i] = scale * rng.normal();
    const probs = softmaxRows(logits);
    if (round) {
      // one decimal in column 0..K−2, the rest in the last column: many tied confidences
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < k - 1; j++) {
          const v = Math.floor(probs.data[i * k + j] * 10) / 10;
          probs.data[i * k + j] = v;
          s += v;
        }
        probs.data[i * k + k - 1] = 1 - s;
      }
    }
    const labels = Int32Array.from({ length: n }, () => rng.int(k));
    return { probs, labels, logits, seed };
  });

function permuteRows(m: Matrix, perm: Int32Array): Matrix {
  const out = matrix(m.rows, m.cols);
  for (let r = 0; r < perm.length; r++) out.data.set(m.data.subarray(perm[r] * m.cols, (perm[r] + 1) * m.cols), r * m.cols);
  return out;
}

/** Labels drawn from each row's own distribution: a perfectly calibrated sample. */
function calibratedSample(n: number, k: number, rng: Rng): { probs: Matrix; labels: Int32Array } {
  const logits = matrix(n, k);
  for (let i = 0; i < n * k; i++) logits.data[i] = 2 * rng.normal();
  const probs = softmaxRows(logits);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let j = 0;
    while (j < k - 1 && u >= probs.data[i * k + j]) u -= probs.data[i * k + j++];
    labels[i] = j;
  }
  return { probs, labels };
}

test('every metric is invariant to row order (ties included)', () => {
  fc.assert(
    fc.property(predictions, fc.integer({ min: 0, max: 1e9 }), ({ probs, labels }, permSeed) => {
      const perm = new Rng(permSeed).permutation(probs.rows);
      const p2 = permuteRows(probs, perm);
      const y2 = Int32Array.from(perm, (i) => labels[i]);
      for (const binning of ['width', 'mass'] as const) {
        const a = calibrationSummary(probs, labels, { bins: 10, binning });
        const b = calibrationSummary(p2, y2, { bins: 10, binning });
        for (const key of ['accuracy', 'ece', 'mce', 'rms_ce', 'nll', 'brier', 'classwise_ece', 'ece_mass', 'debiased_ce'] as const) {
          assert.ok(Math.abs(a[key] - b[key]) <= 1e-12, `${binning} ${key}: ${a[key]} vs ${b[key]}`);
        }
        assert.deepEqual(a.bins.map((x) => [x.lo, x.hi, x.count]), b.bins.map((x) => [x.lo, x.hi, x.count]));
      }
    }),
    { numRuns: 60, seed: 11 },
  );
});

test('ECE of a perfectly calibrated sample shrinks towards 0 as N grows', () => {
  const rng = new Rng(2024);
  const sizes = [1000, 10000, 100000];
  const ece = sizes.map((n) => {
    const { probs, labels } = calibratedSample(n, 4, rng);
    return { plugin: expectedCalibrationError(probs, labels), debiased: debiasedCalibrationError(probs, labels), rms: rmsCalibrationError(probs, labels, { binning: 'mass' }) };
  });
  assert.ok(ece[0].plugin > ece[1].plugin && ece[1].plugin > ece[2].plugin, JSON.stringify(ece));
  assert.ok(ece[2].plugin < 0.01, `ECE at N = 1e5 is ${ece[2].plugin}`);
  // the plug-in ECE of calibrated data is of order sqrt(bins / N); the debiased L2 error removes most of that
  for (const e of ece) assert.ok(e.debiased < e.rms, JSON.stringify(e));
});

test('labels that never match the argmax give ECE = mean confidence (large), and flipped binary labels ≈ 1', () => {
  fc.assert(
    fc.property(predictions, ({ probs }) => {
      const k = probs.cols;
      const wrong = new Int32Array(probs.rows);
      let meanConf = 0;
      for (let i = 0; i < probs.rows; i++) {
        let best = 0;
        for (let j = 1; j < k; j++) if (probs.data[i * k + j] > probs.data[i * k + best]) best = j;
        wrong[i] = (best + 1) % k;
        meanConf += probs.data[i * k + best];
      }
      meanConf /= probs.rows;
      assert.equal(accuracy(probs, wrong), 0);
      assert.ok(Math.abs(expectedCalibrationError(probs, wrong) - meanConf) <= 1e-12);
      assert.ok(expectedCalibrationError(probs, wrong) >= 1 / k - 1e-12);
    }),
    { numRuns: 60, seed: 12 },
  );
  // confident binary predictions (p ∈ [0.9, 1]) with the labels flipped: ECE ≥ 0.8
  const rng = new Rng(5);
  const p1 = Float64Array.from({ length: 500 }, () => 0.9 + 0.1 * rng.uniform());
  const flipped = new Int32Array(500); // the model says class 1, the truth is always 0
  assert.ok(expectedCalibrationError(binaryToMatrix(p1), flipped) >= 0.8);
});

test('scores of exactly 0 and 1 land in the first and last bins for any bin count and binning', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }),
      fc.constantFrom('width' as const, 'mass' as const),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
      (bins, binning, middle) => {
        const scores = [0, ...middle, 1];
        const outcomes = scores.map((_, i) => i % 2);
        const d = reliabilityDiagramOfScores(scores, outcomes, { bins, binning });
        const first = d.bins[0];
        const last = d.bins[d.bins.length - 1];
        // 0 is in the first bin: the bin's lower edge is 0 and 0 is ≤ its upper edge
        assert.equal(first.lo, 0);
        assert.ok(first.count >= 1);
        assert.equal(last.hi, 1);
        assert.ok(last.count >= 1);
        const zeros = scores.filter((s) => s <= first.hi).length;
        assert.equal(first.count, zeros);
        if (d.bins.length > 1) assert.equal(last.count, scores.filter((s) => s > last.lo).length);
        assert.equal(d.bins.reduce((s, b) => s + b.count, 0), scores.length);
        if (binning === 'mass') assert.ok(d.bins.every((b) => b.count > 0), 'equal-mass bins are never empty');
        // top-label: a confidence of exactly 1 is in the last bin
        const top = reliabilityBins(binaryToMatrix([1, 0]), [1, 1], { bins, binning });
        assert.equal(top[top.length - 1].count, 2);
      },
    ),
    { numRuns: 100, seed: 13 },
  );
});

test('equal-mass bins follow sklearn quantile calibration_curve: counts sum to N and curves agree with the width form on one bin', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), (p) => {
      const y = p.map((v, i) => (v > 0.5 !== (i % 3 === 0) ? 1 : 0));
      const q = calibrationCurve(y, p, { bins: 1, strategy: 'quantile' });
      const u = calibrationCurve(y, p, { bins: 1, strategy: 'uniform' });
      assert.deepEqual(Array.from(q.counts), [p.length]);
      assert.deepEqual(Array.from(q.probTrue), Array.from(u.probTrue));
    }),
    { numRuns: 50, seed: 14 },
  );
});

test('consistency: NLL(logits) = NLL(softmax) when nothing is clipped; 2-class Brier = 2 × binary Brier', () => {
  fc.assert(
    fc.property(predictions, ({ probs, labels, logits }) => {
      if (negativeLogLikelihood(softmaxRows(logits), labels) < 30) {
        assert.ok(Math.abs(negativeLogLikelihoodFromLogits(logits, labels) - negativeLogLikelihood(softmaxRows(logits), labels)) < 1e-9);
      }
      if (probs.cols === 2) {
        const p1 = Float64Array.from({ length: probs.rows }, (_, i) => probs.data[2 * i + 1]);
        assert.ok(Math.abs(brierScore(probs, labels) - 2 * binaryBrierScore(p1, labels)) < 1e-12);
      }
    }),
    { numRuns: 60, seed: 15 },
  );
});

test('inputs are never mutated', () => {
  fc.assert(
    fc.property(predictions, ({ probs, labels, logits }) => {
      const probsBefore = Float64Array.from(probs.data);
      const labelsBefore = Int32Array.from(labels);
      const logitsBefore = Float64Array.from(logits.data);
      const labelArray = Array.from(labels);
      Object.freeze(labelArray);
      calibrationSummary(probs, labelArray, { bins: 7, binning: 'mass' });
      calibrationSummary(probs, labels, { bins: 7, binning: 'width' });
      classwiseReliabilityBins(probs, labelArray, { binning: 'mass' });
      negativeLogLikelihoodFromLogits(logits, labelArray);
      bootstrapMetric(expectedCalibrationError, probs, labelArray, { resamples: 5, seed: 1 });
      const scores = Array.from({ length: probs.rows }, (_, i) => probs.data[i * probs.cols]);
      Object.freeze(scores);
      reliabilityDiagramOfScores(scores, labelArray.map((v) => (v === 0 ? 1 : 0)), { binning: 'mass' });
      assert.deepEqual(probs.data, probsBefore);
      assert.deepEqual(labels, labelsBefore);
      assert.deepEqual(logits.data, logitsBefore);
    }),
    { numRuns: 30, seed: 16 },
  );
});

test('equal-mass edges by selection equal numpy percentiles computed on a full sort (ties, large N)', () => {
  // Oracle: numpy's 'linear' percentile on the sorted data, q = (i/B · 100)/100, lerp as numpy writes it.
  const percentileBySort = (values: Float64Array, bins: number): number[] => {
    const sorted = Float64Array.from(values).sort();
    const n = sorted.length;
    return Array.from({ length: bins + 1 }, (_, i) => {
      const h = (n - 1) * (((i === bins ? 1 : i * (1 / bins)) * 100) / 100);
      if (h >= n - 1) return sorted[n - 1];
      const lo = Math.floor(h), t = h - lo, a = sorted[lo], b = sorted[lo + 1];
      return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    });
  };
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3000 }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 0, max: 1e9 }),
      fc.constantFrom(0, 1, 2, 6),
      (n, bins, seed, decimals) => {
        const rng = new Rng(seed);
        const scale = 10 ** decimals;
        const values = Float64Array.from({ length: n }, () => (decimals === 6 ? rng.uniform() : Math.round(rng.uniform() * scale) / scale));
        const copy = Float64Array.from(values);
        assert.deepEqual(Array.from(rawEqualMassEdges(values, bins)), percentileBySort(values, bins));
        assert.deepEqual(values, copy);
      },
    ),
    { numRuns: 80, seed: 17 },
  );
});

test('the fused top-label equal-width path equals the general 1-D path exactly', () => {
  fc.assert(
    fc.property(predictions, fc.integer({ min: 1, max: 30 }), ({ probs, labels }, bins) => {
      const t = topLabelScores(probs, labels);
      const general = reliabilityDiagramOfScores(t.scores, t.outcomes, { bins });
      assert.deepEqual(reliabilityBins(probs, labels, { bins }), general.bins);
      assert.equal(expectedCalibrationError(probs, labels, { bins }), calibrationErrorsOfScores(t.scores, t.outcomes, { bins }).ece);
    }),
    { numRuns: 60, seed: 18 },
  );
});
