import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binaryToMatrix, fromRows } from '../../src/core';
import {
  accuracy,
  binaryBrierScore,
  brierScore,
  calibrationCurve,
  calibrationSummary,
  classwiseExpectedCalibrationError,
  debiasedCalibrationError,
  expectedCalibrationError,
  maxCalibrationError,
  negativeLogLikelihood,
  negativeLogLikelihoodFromLogits,
  reliabilityDiagram,
  rmsCalibrationError,
  Binning,
} from '../../src/metrics';

// Golden values written by test/fixtures/gen_metrics.py (scikit-learn 1.2.1 / numpy; versions and seed in the file).
const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'metrics.json'), 'utf8'));
const TOL = 1e-9;

interface CeReference {
  ece: number;
  mce: number;
  rms: number;
  debiased: number;
  counts: number[];
  confidence: number[];
  accuracy: number[];
  raw_edges: number[];
  merged_edges: number[];
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= TOL, `${what}: got ${actual}, expected ${expected} (diff ${actual - expected})`);
}

function closeArrays(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) close(actual[i], expected[i], `${what}[${i}]`);
}

test('fixture records its generator, seed and peer versions', () => {
  assert.equal(fixture.generator, 'test/fixtures/gen_metrics.py');
  assert.equal(typeof fixture.seed, 'number');
  assert.equal(fixture.versions.sklearn, '1.2.1');
  assert.ok(fixture.binary.length >= 3 && fixture.multiclass.length >= 3);
});

test('calibrationCurve equals sklearn calibration_curve (uniform and quantile, ties, 0 and 1, edge values)', () => {
  let compared = 0;
  for (const c of fixture.binary) {
    for (const [key, ref] of Object.entries(c.curves) as [string, { prob_true: number[]; prob_pred: number[] }][]) {
      const [strategy, bins] = key.split('_');
      const curve = calibrationCurve(c.y, c.p, { bins: Number(bins), strategy: strategy as 'uniform' | 'quantile' });
      closeArrays(curve.probTrue, ref.prob_true, `${c.name} ${key} prob_true`);
      closeArrays(curve.probPred, ref.prob_pred, `${c.name} ${key} prob_pred`);
      compared++;
    }
  }
  assert.equal(compared, 24);
});

test('positive-class reliability bins and calibration errors equal the numpy reference', () => {
  for (const c of fixture.binary) {
    const probs = binaryToMatrix(c.p);
    for (const [key, ref] of Object.entries(c.positive) as [string, CeReference][]) {
      const [binning, bins] = key.split('_');
      const opts = { bins: Number(bins), binning: binning as Binning, mode: 'positive' as const };
      const d = reliabilityDiagram(probs, c.y, opts);
      const nonEmpty = d.bins.filter((b) => b.count > 0);
      assert.deepEqual(Array.from(d.edges), ref.merged_edges, `${c.name} ${key} edges`);
      assert.deepEqual(nonEmpty.map((b) => b.count), ref.counts, `${c.name} ${key} counts`);
      closeArrays(nonEmpty.map((b) => b.confidence), ref.confidence, `${c.name} ${key} confidence`);
      closeArrays(nonEmpty.map((b) => b.accuracy), ref.accuracy, `${c.name} ${key} accuracy`);
      close(expectedCalibrationError(probs, c.y, opts), ref.ece, `${c.name} ${key} ece`);
      close(maxCalibrationError(probs, c.y, opts), ref.mce, `${c.name} ${key} mce`);
      close(rmsCalibrationError(probs, c.y, opts), ref.rms, `${c.name} ${key} rms`);
      close(debiasedCalibrationError(probs, c.y, opts), ref.debiased, `${c.name} ${key} debiased`);
    }
  }
});

test('binaryBrierScore equals sklearn brier_score_loss; NLL equals log_loss where comparable', () => {
  let nllCompared = 0;
  for (const c of fixture.binary) {
    close(binaryBrierScore(c.p, c.y), c.brier_score_loss, `${c.name} brier_score_loss`);
    close(brierScore(binaryToMatrix(c.p), c.y), 2 * c.brier_score_loss, `${c.name} multi-class Brier = 2 × binary`);
    if (c.log_loss_comparable) {
      close(negativeLogLikelihood(binaryToMatrix(c.p), c.y), c.log_loss, `${c.name} log_loss`);
      nllCompared++;
    }
  }
  assert.equal(nllCompared, 2);
});

test('multi-class top-label ECE/MCE/RMS, classwise ECE, debiased CE equal the numpy reference', () => {
  for (const c of fixture.multiclass) {
    const probs = fromRows(c.probs);
    for (const [key, ref] of Object.entries(c.top_label) as [string, CeReference][]) {
      const [binning, bins] = key.split('_');
      const opts = { bins: Number(bins), binning: binning as Binning };
      const d = reliabilityDiagram(probs, c.labels, opts);
      const nonEmpty = d.bins.filter((b) => b.count > 0);
      assert.deepEqual(nonEmpty.map((b) => b.count), ref.counts, `${c.name} ${key} counts`);
      closeArrays(nonEmpty.map((b) => b.confidence), ref.confidence, `${c.name} ${key} confidence`);
      closeArrays(nonEmpty.map((b) => b.accuracy), ref.accuracy, `${c.name} ${key} accuracy`);
      close(expectedCalibrationError(probs, c.labels, opts), ref.ece, `${c.name} ${key} ece`);
      close(maxCalibrationError(probs, c.labels, opts), ref.mce, `${c.name} ${key} mce`);
      close(rmsCalibrationError(probs, c.labels, opts), ref.rms, `${c.name} ${key} rms`);
      close(debiasedCalibrationError(probs, c.labels, opts), ref.debiased, `${c.name} ${key} debiased`);
      close(classwiseExpectedCalibrationError(probs, c.labels, opts), c.classwise_ece[key], `${c.name} ${key} classwise`);
      if (binning === 'width') {
        // Equal-width edges are np.linspace bit for bit.
        assert.deepEqual(Array.from(d.edges), ref.raw_edges, `${c.name} ${key} edges`);
      } else {
        // Equal-mass edges are np.percentile bit for bit, tied edges merged by the documented rule.
        assert.deepEqual(Array.from(d.edges), ref.merged_edges, `${c.name} ${key} edges`);
        assert.equal(d.note === null, ref.merged_edges.length === Number(bins) + 1, `${c.name} ${key} note iff merged`);
      }
    }
  }
});

test('multi-class accuracy, Brier, NLL (probabilities and logits) equal the references', () => {
  let logLossCompared = 0;
  for (const c of fixture.multiclass) {
    const probs = fromRows(c.probs);
    close(accuracy(probs, c.labels), c.accuracy, `${c.name} accuracy`);
    close(brierScore(probs, c.labels), c.brier, `${c.name} brier`);
    close(negativeLogLikelihood(probs, c.labels), c['nll_clip_1e-15'], `${c.name} nll (clip 1e-15)`);
    close(negativeLogLikelihoodFromLogits(fromRows(c.logits), c.labels), c.nll_from_logits, `${c.name} nll from logits`);
    if (c.log_loss_comparable) {
      close(negativeLogLikelihood(probs, c.labels), c.log_loss, `${c.name} sklearn log_loss`);
      logLossCompared++;
    }
  }
  assert.equal(logLossCompared, 2);
});

test('calibrationSummary agrees with the individual references', () => {
  const c = fixture.multiclass[0];
  const s = calibrationSummary(fromRows(c.probs), c.labels, { bins: 15, binning: 'width' });
  assert.equal(s.n, c.labels.length);
  close(s.ece, c.top_label.width_15.ece, 'ece');
  close(s.mce, c.top_label.width_15.mce, 'mce');
  close(s.rms_ce, c.top_label.width_15.rms, 'rms');
  close(s.ece_mass, c.top_label.mass_15.ece, 'ece_mass');
  close(s.debiased_ce, c.top_label.mass_15.debiased, 'debiased');
  close(s.classwise_ece, c.classwise_ece.width_15, 'classwise');
  close(s.brier, c.brier, 'brier');
  close(s.nll, c['nll_clip_1e-15'], 'nll');
  close(s.accuracy, c.accuracy, 'accuracy');
  assert.equal(s.bins.length, 15);
});
