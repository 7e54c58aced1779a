import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { checkBinCount, checkPredictions, checkScoresAndOutcomes } from './validate';
import {
  BinaryScores,
  Binning,
  ReliabilityBin,
  ReliabilityMode,
  ReliabilityOptions,
  classScoresUnchecked,
  diagramOfPredictionsUnchecked,
  diagramOfScores,
  modeScoresUnchecked,
} from './reliability';

/**
 * Binned calibration errors (Naeini et al. 2015; Guo et al. 2017, "On calibration of modern neural
 * networks"). With bins B_1..B_M (right-closed, see reliability.ts), n_m = |B_m|, N = Σ n_m,
 * acc_m = mean outcome and conf_m = mean score of bin m, and empty bins skipped:
 *   ECE = Σ_m (n_m / N) |acc_m − conf_m|            (L1)
 *   MCE = max_m |acc_m − conf_m|                      (L∞, over non-empty bins)
 *   RMS = sqrt(Σ_m (n_m / N) (acc_m − conf_m)²)       (L2)
 * The seed notebook's ECE compares `labels == round(probs)` and uses left-closed bins [a, b); that is
 * only the top-label rule for binary problems, so it is not copied here: top-label correctness is
 * argmax == label for any K.
 */

/** ECE, MCE and RMS calibration error of one set of bins. */
export interface BinnedCalibrationErrors {
  /** Expected calibration error (L1). */
  ece: number;
  /** Maximum calibration error over non-empty bins. */
  mce: number;
  /** Root-mean-square calibration error (L2). */
  rms: number;
}

/**
 * ECE, MCE and RMS from reliability bins (empty bins skipped). Each bin's gap is computed from its
 * means, so bins from any source (e.g. a saved diagram) can be scored.
 *
 * @param bins reliability bins (at least one non-empty)
 * @throws InputError when every bin is empty.
 * @example
 * calibrationErrorsOfBins([{lo: 0, hi: 0.5, count: 1, confidence: 0.4, accuracy: 0},
 *                          {lo: 0.5, hi: 1, count: 3, confidence: 0.9, accuracy: 1}])
 * // {ece: 0.175, mce: 0.4, rms: 0.2179...}   (ece = ¼·0.4 + ¾·0.1; rms = sqrt(¼·0.16 + ¾·0.01))
 */
export function calibrationErrorsOfBins(bins: readonly ReliabilityBin[]): BinnedCalibrationErrors {
  let n = 0;
  for (const b of bins) n += b.count;
  if (!(n > 0)) throw new InputError('bins', 'every bin is empty');
  let ece = 0;
  let mce = 0;
  let sq = 0;
  for (const b of bins) {
    if (b.count === 0) continue;
    const gap = Math.abs(b.accuracy - b.confidence);
    const w = b.count / n;
    ece += w * gap;
    sq += w * gap * gap;
    if (gap > mce) mce = gap;
  }
  return { ece, mce, rms: Math.sqrt(sq) };
}

/**
 * Debiased squared-L2 calibration error of binned scores (Kumar, Liang & Ma 2019, "Verified uncertainty
 * calibration", NeurIPS; their `calibration` library's `unbiased_square_ce`):
 *   CE²_debiased = Σ_m (n_m / N) [ (ȳ_m − f̄_m)² − ȳ_m (1 − ȳ_m) / (n_m − 1) ]
 * The plug-in (ȳ_m − f̄_m)² overestimates the squared gap by Var(ȳ_m) on average; ȳ(1 − ȳ)/(n_m − 1)
 * is the unbiased estimate of that variance. Bins with fewer than 2 samples contribute 0 (as in the
 * library). The result can be negative when the model is near-calibrated; `debiasedCalibrationError`
 * clips it at 0 before the square root.
 */
function debiasedSquaredErrorOfBins(bins: readonly ReliabilityBin[]): number {
  let n = 0;
  for (const b of bins) n += b.count;
  let total = 0;
  for (const b of bins) {
    if (b.count < 2) continue;
    const gap = b.accuracy - b.confidence;
    const varianceOfMean = (b.accuracy * (1 - b.accuracy)) / (b.count - 1);
    total += (b.count / n) * (gap * gap - varianceOfMean);
  }
  return total;
}

function resolve(options: ReliabilityOptions, defaultBinning: Binning): { bins: number; binning: Binning; mode: ReliabilityMode } {
  const bins = checkBinCount(options.bins ?? 15);
  const binning = options.binning ?? defaultBinning;
  if (binning !== 'width' && binning !== 'mass') throw new InputError('binning', `must be 'width' or 'mass', got '${String(binning)}'`);
  const mode = options.mode ?? 'top-label';
  if (mode !== 'top-label' && mode !== 'positive') throw new InputError('mode', `must be 'top-label' or 'positive', got '${String(mode)}'`);
  return { bins, binning, mode };
}

function errorsOf(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions): BinnedCalibrationErrors {
  const o = resolve(options, 'width');
  const y = checkPredictions(probs, labels);
  return calibrationErrorsOfBins(diagramOfPredictionsUnchecked(probs, y, o.bins, o.binning, o.mode).bins);
}

/**
 * Expected calibration error, ECE = Σ_m (n_m / N) |acc_m − conf_m| (Guo et al. 2017). Default: 15
 * equal-width bins on the top-label confidence; `binning: 'mass'` gives equal-mass ECE; `mode:
 * 'positive'` bins P(y = 1) of a binary problem.
 *
 * @param probs N×K probabilities (rows sum to 1)
 * @param labels N integer labels in 0..K−1
 * @param options bins (default 15), binning (default 'width'), mode (default 'top-label')
 * @returns ECE in [0, 1]
 * @throws InputError naming `probs`, `labels` or the option, with the row.
 * @example
 * // confidences 0.9, 0.6, 0.8, 0.7 fall in four different 1/15-wide bins, correct 1, 0, 1, 1
 * // → ECE = ¼(|1 − 0.9| + |0 − 0.6| + |1 − 0.8| + |1 − 0.7|) = ¼(0.1 + 0.6 + 0.2 + 0.3) = 0.3
 * expectedCalibrationError(fromRows([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.3, 0.7]]), [0, 1, 1, 1]) // 0.3
 */
export function expectedCalibrationError(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions = {}): number {
  return errorsOf(probs, labels, options).ece;
}

/**
 * Maximum calibration error, MCE = max_m |acc_m − conf_m| over non-empty bins (Naeini et al. 2015).
 *
 * @param probs N×K probabilities
 * @param labels N integer labels in 0..K−1
 * @param options as `expectedCalibrationError`
 * @throws InputError naming the bad argument and row.
 * @example
 * maxCalibrationError(fromRows([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.3, 0.7]]), [0, 1, 1, 1]) // 0.6
 */
export function maxCalibrationError(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions = {}): number {
  return errorsOf(probs, labels, options).mce;
}

/**
 * Root-mean-square (L2) calibration error, sqrt(Σ_m (n_m / N)(acc_m − conf_m)²) (the plug-in estimate;
 * see `debiasedCalibrationError` for the debiased one).
 *
 * @param probs N×K probabilities
 * @param labels N integer labels in 0..K−1
 * @param options as `expectedCalibrationError`
 * @throws InputError naming the bad argument and row.
 * @example
 * rmsCalibrationError(fromRows([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.3, 0.7]]), [0, 1, 1, 1])
 * // sqrt(¼(0.01 + 0.36 + 0.04 + 0.09)) = sqrt(0.125) ≈ 0.35355
 */
export function rmsCalibrationError(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions = {}): number {
  return errorsOf(probs, labels, options).rms;
}

/**
 * Classwise ECE (Kull et al. 2019; "static calibration error" in Nixon et al. 2019): the mean over
 * the K classes of the ECE of the one-vs-rest scores p_k against 1[y = k], each class binned on its own.
 *   cwECE = (1/K) Σ_k Σ_m (n_km / N) |ȳ_km − p̄_km|
 *
 * @param probs N×K probabilities
 * @param labels N integer labels in 0..K−1
 * @param options bins (default 15), binning (default 'width'); `mode` is ignored
 * @throws InputError naming the bad argument and row.
 * @example
 * // class 0 scores 0.8, 0.4 → bins (0.5,1]: gap |1 − 0.8| = 0.2 (n 1), [0,0.5]: |0 − 0.4| = 0.4 (n 1) → 0.3;
 * // class 1 is the mirror image → 0.3; mean 0.3
 * classwiseExpectedCalibrationError(fromRows([[0.8, 0.2], [0.4, 0.6]]), [0, 1], {bins: 2}) // 0.3
 */
export function classwiseExpectedCalibrationError(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions = {}): number {
  const o = resolve(options, 'width');
  const y = checkPredictions(probs, labels);
  return classwiseEceUnchecked(probs, y, o.bins, o.binning);
}

/** Classwise ECE of validated inputs. */
export function classwiseEceUnchecked(probs: Matrix, labels: Int32Array, bins: number, binning: Binning): number {
  let total = 0;
  for (let k = 0; k < probs.cols; k++) {
    total += calibrationErrorsOfBins(diagramOfScores(classScoresUnchecked(probs, labels, k), bins, binning).bins).ece;
  }
  return total / probs.cols;
}

/**
 * Debiased L2 calibration error of Kumar, Liang & Ma (2019), "Verified uncertainty calibration"
 * (NeurIPS): the binned squared gap with each bin's sampling variance ȳ(1 − ȳ)/(n_m − 1) subtracted,
 * clipped at 0, square-rooted:
 *   sqrt(max(0, Σ_m (n_m / N)[(ȳ_m − f̄_m)² − ȳ_m(1 − ȳ_m)/(n_m − 1)]))      (bins with n_m < 2 add 0)
 * The plug-in RMS error is biased upwards (a perfectly calibrated model scores ≈ sqrt(M/N)); this one is
 * unbiased for the squared binned error, so it tends to 0 for a calibrated model and converges much
 * faster. Defaults follow the paper: 15 equal-mass bins, top-label. Difference from the authors' library:
 * equal-mass edges are numpy percentiles (see `equalMassEdges`), not midpoints between sorted groups.
 *
 * @param probs N×K probabilities
 * @param labels N integer labels in 0..K−1
 * @param options bins (default 15), binning (default 'mass'), mode (default 'top-label')
 * @returns the debiased L2 calibration error, ≥ 0
 * @throws InputError naming the bad argument and row.
 * @example
 * // one bin (bins: 1, width) with confidences 0.9, 0.6, 0.8, 0.7 (mean 0.75) and accuracy ¾:
 * // (0.75 − 0.75)² − 0.75·0.25/3 < 0 → clipped → 0
 * debiasedCalibrationError(fromRows([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.3, 0.7]]), [0, 1, 1, 1], {bins: 1, binning: 'width'}) // 0
 */
export function debiasedCalibrationError(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions = {}): number {
  const o = resolve(options, 'mass');
  const y = checkPredictions(probs, labels);
  return debiasedOfScores(modeScoresUnchecked(probs, y, o.mode), o.bins, o.binning);
}

/** Debiased L2 calibration error of validated 1-D scores. */
export function debiasedOfScores(s: BinaryScores, bins: number, binning: Binning): number {
  return debiasedCalibrationErrorOfBins(diagramOfScores(s, bins, binning).bins);
}

/**
 * Debiased L2 calibration error (Kumar et al. 2019, see `debiasedCalibrationError`) of given reliability bins:
 * sqrt(max(0, Σ_m (n_m / N)[(ȳ_m − f̄_m)² − ȳ_m(1 − ȳ_m)/(n_m − 1)])), bins with n_m < 2 adding 0.
 *
 * @param bins reliability bins (equal-mass bins are what the estimator was designed for)
 * @example
 * // one bin of 4 with confidence 0.9 and accuracy 0.25: 0.65² − 0.25·0.75/3 = 0.36 → 0.6
 * debiasedCalibrationErrorOfBins([{lo: 0.9, hi: 0.9, count: 4, confidence: 0.9, accuracy: 0.25}]) // 0.6
 */
export function debiasedCalibrationErrorOfBins(bins: readonly ReliabilityBin[]): number {
  return Math.sqrt(Math.max(0, debiasedSquaredErrorOfBins(bins)));
}

/**
 * ECE, MCE and RMS of 1-D scores in [0, 1] with 0/1 outcomes: precomputed top-label confidences with
 * correctness, or binary P(y = 1) with labels. The fast path for large N (one pass after validation).
 *
 * @param scores N values in [0, 1]
 * @param outcomes N values 0/1
 * @param options bins (default 15), binning (default 'width')
 * @throws InputError naming `scores` / `outcomes` and the row.
 * @example
 * calibrationErrorsOfScores([0.9, 0.6, 0.8, 0.7], [1, 0, 1, 1]) // {ece: 0.3, mce: 0.6, rms: 0.3535...}
 */
export function calibrationErrorsOfScores(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number | boolean>,
  options: { bins?: number; binning?: Binning } = {},
): BinnedCalibrationErrors {
  const o = resolve(options, 'width');
  const out = checkScoresAndOutcomes(scores, outcomes, 'scores', 'outcomes');
  const s = scores instanceof Float64Array ? scores : Float64Array.from(scores);
  return calibrationErrorsOfBins(diagramOfScores({ scores: s, outcomes: out }, o.bins, o.binning).bins);
}
