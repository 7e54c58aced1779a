import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, fromRows, binaryToMatrix } from '../../src/core';
import {
  accuracy,
  binaryBrierScore,
  brierScore,
  calibrationErrorsOfBins,
  calibrationCurve,
  calibrationErrorsOfScores,
  calibrationSummary,
  classwiseExpectedCalibrationError,
  classwiseReliabilityBins,
  debiasedCalibrationError,
  debiasedCalibrationErrorOfBins,
  equalMassEdges,
  equalWidthEdges,
  expectedCalibrationError,
  maxCalibrationError,
  negativeLogLikelihood,
  negativeLogLikelihoodFromLogits,
  reliabilityBins,
  reliabilityDiagram,
  reliabilityDiagramOfScores,
  rmsCalibrationError,
  topLabelScores,
} from '../../src/metrics';

// The paper example used throughout: 4 binary predictions.
//   row  probs        label  confidence  argmax  correct
//   0    [0.9, 0.1]   0      0.9         0       1
//   1    [0.6, 0.4]   1      0.6         0       0
//   2    [0.2, 0.8]   1      0.8         1       1
//   3    [0.3, 0.7]   1      0.7         1       1
const P = fromRows([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.3, 0.7]]);
const Y = [0, 1, 1, 1];
const near = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('accuracy: 3 of 4 argmaxes are right → 0.75; argmax ties go to class 0', () => {
  assert.equal(accuracy(P, Y), 0.75);
  assert.equal(accuracy(fromRows([[0.5, 0.5]]), [0]), 1);
  assert.equal(accuracy(fromRows([[0.5, 0.5]]), [1]), 0);
});

test('ECE/MCE/RMS, 15 equal-width bins: each confidence alone in its bin', () => {
  // gaps |acc − conf|: 0.1, 0.6, 0.2, 0.3, each with weight ¼
  near(expectedCalibrationError(P, Y), (0.1 + 0.6 + 0.2 + 0.3) / 4); // 0.3
  near(maxCalibrationError(P, Y), 0.6);
  near(rmsCalibrationError(P, Y), Math.sqrt((0.01 + 0.36 + 0.04 + 0.09) / 4)); // sqrt(0.125)
});

test('equal-mass ECE with 2 bins: edges at the median 0.75', () => {
  // sorted confidences 0.6, 0.7, 0.8, 0.9; median (linear) = 0.75 → bins [0.6, 0.75], (0.75, 0.9]
  // bin 0: {0.6 ✗, 0.7 ✓} conf 0.65, acc 0.5 → gap 0.15; bin 1: {0.8 ✓, 0.9 ✓} conf 0.85, acc 1 → gap 0.15
  const d = reliabilityDiagram(P, Y, { bins: 2, binning: 'mass' });
  assert.deepEqual(Array.from(d.edges), [0.6, 0.75, 0.9]);
  near(d.bins[0].confidence, 0.65);
  near(d.bins[1].confidence, 0.85);
  near(expectedCalibrationError(P, Y, { bins: 2, binning: 'mass' }), 0.15);
});

test('classwise ECE with 2 bins', () => {
  // class 0: scores 0.9 (y=0 → 1), 0.6 (0), 0.2 (0), 0.3 (0). bin [0,0.5]: {0.2, 0.3} conf 0.25 acc 0 → 0.25;
  //          bin (0.5,1]: {0.9, 0.6} conf 0.75 acc 0.5 → 0.25; ECE_0 = ½·0.25 + ½·0.25 = 0.25
  // class 1: scores 0.1 (0), 0.4 (1), 0.8 (1), 0.7 (1). bin [0,0.5]: {0.1, 0.4} conf 0.25 acc 0.5 → 0.25;
  //          bin (0.5,1]: {0.8, 0.7} conf 0.75 acc 1 → 0.25; ECE_1 = 0.25. Mean: 0.25
  near(classwiseExpectedCalibrationError(P, Y, { bins: 2 }), 0.25);
  const cw = classwiseReliabilityBins(P, Y, { bins: 2 });
  assert.equal(cw.length, 2);
  assert.deepEqual(cw[1].map((b) => b.count), [2, 2]);
  near(cw[1][0].accuracy, 0.5);
});

test('debiased L2 CE (Kumar et al. 2019), one bin', () => {
  // 4 predictions [0.9, 0.1], labels 1,1,1,0: one bin, conf 0.9, acc ¼.
  // (0.25 − 0.9)² − 0.25·0.75/(4 − 1) = 0.4225 − 0.0625 = 0.36 → sqrt = 0.6
  const p = fromRows([[0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.9, 0.1]]);
  near(debiasedCalibrationError(p, [1, 1, 1, 0], { bins: 1 }), 0.6);
  // plug-in RMS on the same bin is |0.25 − 0.9| = 0.65: the debiased value is smaller
  near(rmsCalibrationError(p, [1, 1, 1, 0], { bins: 1 }), 0.65);
  // the paper example: conf mean 0.75 = acc 0.75 → 0 − 0.0625 < 0 → clipped to 0
  assert.equal(debiasedCalibrationError(P, Y, { bins: 1, binning: 'width' }), 0);
});

test('NLL from probabilities and from logits', () => {
  near(negativeLogLikelihood(P, Y), -(Math.log(0.9) + Math.log(0.4) + Math.log(0.8) + Math.log(0.7)) / 4); // 0.400367
  // p_y = 0 is clipped to 1e-15: −log(1e-15) = 34.538776...
  near(negativeLogLikelihood(fromRows([[1, 0]]), [1]), 15 * Math.log(10), 1e-9);
  near(negativeLogLikelihood(fromRows([[1, 0]]), [1], { clip: 1e-3 }), 3 * Math.log(10), 1e-12);
  // logits [0, 0] → log 2; [0, 3] with label 1 → log(1 + e^−3)
  near(negativeLogLikelihoodFromLogits(fromRows([[0, 0], [0, 3]]), [0, 1]), (Math.log(2) + Math.log(1 + Math.exp(-3))) / 2);
  // no overflow for huge logits: [1000, 0] label 1 → 1000
  near(negativeLogLikelihoodFromLogits(fromRows([[1000, 0]]), [1]), 1000, 1e-9);
});

test('Brier: multi-class and binary', () => {
  // rows: (0.1² + 0.1²) = 0.02, (0.6² + 0.6²) = 0.72, (0.2² + 0.2²) = 0.08, (0.3² + 0.3²) = 0.18 → mean 0.25
  near(brierScore(P, Y), 0.25);
  // p1 = 0.1, 0.4, 0.8, 0.7 vs y = 0, 1, 1, 1: 0.01 + 0.36 + 0.04 + 0.09 = 0.5 → 0.125 (half the 2-class form)
  near(binaryBrierScore([0.1, 0.4, 0.8, 0.7], Y), 0.125);
  // three classes: [0.5, 0.3, 0.2] with label 2: 0.25 + 0.09 + 0.64 = 0.98
  near(brierScore(fromRows([[0.5, 0.3, 0.2]]), [2]), 0.98);
});

test('bins are right-closed, 0 goes to the first bin and 1 to the last', () => {
  // 5 bins, edges 0, 0.2, 0.4, 0.6, 0.8, 1: 0.4 sits on an edge → bin (0.2, 0.4]; 0 → first; 1 → last
  const d = reliabilityDiagramOfScores([0, 0.4, 0.41, 1], [0, 1, 0, 1], { bins: 5 });
  assert.deepEqual(d.bins.map((b) => b.count), [1, 1, 1, 0, 1]);
  assert.deepEqual(Array.from(equalWidthEdges(5)), [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]); // numpy's linspace values
  // empty bins: count 0, NaN means (null in JSON), skipped in the sums
  assert.ok(Number.isNaN(d.bins[3].confidence) && Number.isNaN(d.bins[3].accuracy));
  assert.equal(JSON.parse(JSON.stringify(d.bins[3])).confidence, null);
  const e = calibrationErrorsOfBins(d.bins);
  near(e.ece, (0 + 0.6 + 0.41 + 0) / 4);
  // one bin holds everything
  assert.deepEqual(reliabilityBins(P, Y, { bins: 1 }).map((b) => b.count), [4]);
});

test('equal-mass bins with ties are merged and reported, never collapse silently', () => {
  // [0.2, 0.9, 0.9, 0.9], 2 bins: median 0.9 = max → the bin (0.9, 0.9] would be empty → 1 bin, with a note
  const m = equalMassEdges([0.9, 0.9, 0.9, 0.2], 2);
  assert.deepEqual(Array.from(m.edges), [0.2, 0.9]);
  assert.match(m.note ?? '', /requested 2 equal-mass bins; tied scores left 1 of them empty.*1 bin\(s\) are reported/);
  // all scores equal: one closed bin [c, c] holding everything
  const d = reliabilityDiagramOfScores([0.7, 0.7, 0.7], [1, 0, 1], { bins: 4, binning: 'mass' });
  assert.deepEqual(d.bins.map((b) => [b.lo, b.hi, b.count]), [[0.7, 0.7, 3]]);
  assert.ok(d.note !== null);
  // ties at the minimum: raw edges 0.1, 0.1, 0.1 + ⅓·0.4 = 0.2333, 0.9 (h = 5/3 and 10/3 in the sorted data):
  // [0.1, 0.1] holds the four 0.1s, (0.1, 0.2333] is empty → its lower edge is dropped → [0.1, 0.2333] (4), (0.2333, 0.9] (2)
  const t = reliabilityDiagramOfScores([0.1, 0.1, 0.1, 0.1, 0.5, 0.9], [0, 0, 0, 1, 1, 1], { bins: 3, binning: 'mass' });
  const third = 0.1 + (0.5 - 0.1) * (10 / 3 - 3);
  assert.deepEqual(t.bins.map((b) => [b.lo, b.count]), [[0.1, 4], [t.edges[1], 2]]);
  assert.ok(Math.abs(t.edges[1] - third) < 1e-15);
  // ties at the minimum spanning several bins: h = 8q → raw edges 0.1, 0.1, 0.1, 0.1, 0.9; bins 1–2 empty → [0.1, 0.1] (7), (0.1, 0.9] (2)
  const u = reliabilityDiagramOfScores([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5, 0.9], [0, 0, 0, 0, 0, 0, 0, 1, 1], { bins: 4, binning: 'mass' });
  assert.deepEqual(u.bins.map((b) => [b.lo, b.hi, b.count]), [[0.1, 0.1, 7], [0.1, 0.9, 2]]);
  assert.ok(t.note !== null);
  // distinct scores: no merge, no note
  assert.equal(equalMassEdges([0.1, 0.2, 0.3, 0.4, 0.5], 2).note, null);
});

test('summary and 1-D helpers agree with the individual functions', () => {
  const s = calibrationSummary(P, Y);
  near(s.ece, 0.3);
  near(s.mce, 0.6);
  near(s.brier, 0.25);
  assert.equal(s.accuracy, 0.75);
  const t = topLabelScores(P, Y);
  assert.deepEqual(Array.from(t.outcomes), [1, 0, 1, 1]);
  const e = calibrationErrorsOfScores(t.scores, t.outcomes);
  near(e.ece, s.ece, 0);
  // positive mode on a binary matrix equals the 1-D form of P(y = 1)
  const p1 = [0.1, 0.4, 0.8, 0.7];
  near(expectedCalibrationError(binaryToMatrix(p1), Y, { mode: 'positive', bins: 5 }), calibrationErrorsOfScores(p1, Y, { bins: 5 }).ece, 0);
});

test('bad input: typed errors naming the argument and the row', () => {
  const isInput = (argument: string, row?: number) => (e: unknown) =>
    e instanceof InputError && e.argument === argument && (row === undefined || e.row === row);
  assert.throws(() => expectedCalibrationError(fromRows([[0.5, 0.5], [NaN, 1]]), [0, 1]), isInput('probs', 1));
  assert.throws(() => expectedCalibrationError(fromRows([[0.5, 0.5], [0.7, 0.2]]), [0, 1]), isInput('probs', 1));
  assert.throws(() => expectedCalibrationError(fromRows([[1.5, -0.5]]), [0]), isInput('probs', 0));
  assert.throws(() => expectedCalibrationError(P, [0, 1, 2, 1]), isInput('labels', 2));
  assert.throws(() => expectedCalibrationError(P, [0, 1, 0.5, 1]), isInput('labels', 2));
  assert.throws(() => expectedCalibrationError(P, [0, 1]), isInput('labels'));
  assert.throws(() => expectedCalibrationError(fromRows([]), []), isInput('probs'));
  assert.throws(() => expectedCalibrationError(P, Y, { bins: 0 }), isInput('bins'));
  assert.throws(() => expectedCalibrationError(P, Y, { bins: 2.5 }), isInput('bins'));
  assert.throws(() => expectedCalibrationError(P, Y, { binning: 'log' as never }), isInput('binning'));
  assert.throws(() => expectedCalibrationError(P, Y, { mode: 'all' as never }), isInput('mode'));
  assert.throws(() => reliabilityBins(fromRows([[0.2, 0.3, 0.5]]), [0], { mode: 'positive' }), isInput('probs'));
  assert.throws(() => negativeLogLikelihood(P, Y, { clip: 0 }), isInput('clip'));
  assert.throws(() => negativeLogLikelihoodFromLogits(fromRows([[0, Infinity]]), [0]), isInput('logits', 0));
  assert.throws(() => negativeLogLikelihoodFromLogits(fromRows([[0], [1]]), [0, 0]), isInput('logits'));
  assert.throws(() => binaryBrierScore([0.2, 0.3], [0, 2]), isInput('y', 1));
  assert.throws(() => binaryBrierScore([0.2, 1.3], [0, 1]), isInput('p1', 1));
  assert.throws(() => binaryBrierScore([], []), isInput('p1'));
  assert.throws(() => calibrationErrorsOfScores([0.2], [1, 0]), isInput('outcomes'));
  assert.throws(() => calibrationSummary(P, Y, { binning: 'x' as never }), isInput('binning'));
  assert.throws(() => equalMassEdges([], 3), isInput('values'));
  assert.throws(() => equalMassEdges([0.1, NaN], 3), isInput('values', 1));
  // messages carry the row for people reading the CLI's one-line error
  assert.throws(() => brierScore(P, [0, 1, 5, 1]), /labels \(row 2\): label 5 outside 0\.\.1/);
});

test('debiased CE of bins: the hand case from the bins directly', () => {
  // 0.65² − 0.25·0.75/3 = 0.4225 − 0.0625 = 0.36 → 0.6; a bin of 1 adds 0
  const bins = [{ lo: 0.9, hi: 0.9, count: 4, confidence: 0.9, accuracy: 0.25 }, { lo: 0.9, hi: 1, count: 1, confidence: 1, accuracy: 0 }];
  assert.ok(Math.abs(debiasedCalibrationErrorOfBins(bins) - Math.sqrt(0.8 * 0.36)) < 1e-12);
  assert.ok(Math.abs(debiasedCalibrationErrorOfBins(bins.slice(0, 1)) - 0.6) < 1e-12);
});

test('calibrationCurve: scikit-learn docstring example by hand', () => {
  // 3 uniform bins [0, ⅓], (⅓, ⅔], (⅔, 1]: {0.1, 0.2, 0.3 | y 0,0,0}, {0.4, 0.65 | y 0,1}, {0.7, 0.8, 0.9, 1 | y 1,1,1,1}
  // prob_true = 0, ½, 1; prob_pred = 0.6/3 = 0.2, 1.05/2 = 0.525, 3.4/4 = 0.85
  const c = calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { bins: 3 });
  assert.deepEqual(Array.from(c.probTrue), [0, 0.5, 1]);
  [0.2, 0.525, 0.85].forEach((v, i) => near(c.probPred[i], v, 1e-15));
  assert.deepEqual(Array.from(c.counts), [3, 2, 4]);
  // quantile strategy, 3 bins: edges = percentiles 0, 33.3, 66.7, 100 → (N − 1)q = 0, 8/3, 16/3, 8
  // e1 = 0.3 + ⅔·0.1 = 0.3667, e2 = 0.7 + ⅓·0.1 = 0.7333 → {0.1, 0.2, 0.3}, {0.4, 0.65, 0.7}, {0.8, 0.9, 1}
  const q = calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { bins: 3, strategy: 'quantile' });
  assert.deepEqual(Array.from(q.counts), [3, 3, 3]);
  near(q.probTrue[1], 2 / 3);
  near(q.probPred[1], (0.4 + 0.65 + 0.7) / 3);
  assert.throws(() => calibrationCurve([0, 1], [0.2, 0.8], { strategy: 'kmeans' as never }), (e: unknown) => e instanceof InputError && e.argument === 'strategy');
  assert.throws(() => calibrationCurve([0, 2], [0.2, 0.8]), (e: unknown) => e instanceof InputError && e.argument === 'yTrue' && e.row === 1);
});
