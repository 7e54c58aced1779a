import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { checkBinCount, checkPredictions } from './validate';
import { Binning, ReliabilityBin, diagramOfScores, topLabelScoresUnchecked } from './reliability';
import { calibrationErrorsOfBins, classwiseEceUnchecked, debiasedCalibrationErrorOfBins } from './calibration-error';
import { NLL_CLIP, accuracyUnchecked, brierScore, negativeLogLikelihood } from './scoring';

/**
 * Every calibration metric of one set of predictions, with snake_case keys as the CLI's `--json` prints them.
 * Top-label unless the key says otherwise.
 */
export interface CalibrationSummary {
  /** Number of predictions N. */
  n: number;
  /** Number of classes K. */
  classes: number;
  /** Top-1 accuracy. */
  accuracy: number;
  /** ECE with the chosen binning. */
  ece: number;
  /** MCE with the chosen binning. */
  mce: number;
  /** RMS calibration error with the chosen binning. */
  rms_ce: number;
  /** Mean NLL (nats), p_y clipped at `NLL_CLIP`. */
  nll: number;
  /** Multi-class Brier score Σ_k (p_k − 1[y = k])², mean over rows. */
  brier: number;
  /** Classwise ECE with the chosen binning. */
  classwise_ece: number;
  /** ECE with equal-mass bins (same bin count). */
  ece_mass: number;
  /** Debiased L2 calibration error of Kumar et al. 2019 (equal-mass bins, same bin count). */
  debiased_ce: number;
  /** The binning of `bins`, `ece`, `mce`, `rms_ce` and `classwise_ece`. */
  binning: Binning;
  /** Bins requested. */
  bins_requested: number;
  /** Why `bins` has fewer entries than requested (merged equal-mass ties), or null. */
  bins_note: string | null;
  /** Top-label reliability bins (empty bins: count 0, confidence/accuracy NaN → null in JSON). */
  bins: ReliabilityBin[];
}

/**
 * All calibration metrics of N predictions in one call (validation and the top-label pass done once).
 *
 * @param probs N×K probabilities (rows sum to 1)
 * @param labels N integer labels in 0..K−1
 * @param options bins (default 15), binning 'width' | 'mass' (default 'width')
 * @throws InputError naming `probs`, `labels`, `bins` or `binning` (and the row).
 * @example
 * calibrationSummary(fromRows([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.3, 0.7]]), [0, 1, 1, 1])
 * // {n: 4, classes: 2, accuracy: 0.75, ece: 0.3, mce: 0.6, rms_ce: 0.35355..., nll: 0.40037..., brier: 0.25, ...}
 * // nll = −¼(log 0.9 + log 0.4 + log 0.8 + log 0.7); brier = ¼(0.02 + 0.72 + 0.08 + 0.18)
 */
export function calibrationSummary(
  probs: Matrix,
  labels: ArrayLike<number>,
  options: { bins?: number; binning?: Binning } = {},
): CalibrationSummary {
  const bins = checkBinCount(options.bins ?? 15);
  const binning = options.binning ?? 'width';
  if (binning !== 'width' && binning !== 'mass') throw new InputError('binning', `must be 'width' or 'mass', got '${String(binning)}'`);
  const y = checkPredictions(probs, labels);
  const top = topLabelScoresUnchecked(probs, y);
  const diagram = diagramOfScores(top, bins, binning);
  const errors = calibrationErrorsOfBins(diagram.bins);
  const mass = binning === 'mass' ? diagram : diagramOfScores(top, bins, 'mass');
  return {
    n: probs.rows,
    classes: probs.cols,
    accuracy: accuracyUnchecked(probs, y),
    ece: errors.ece,
    mce: errors.mce,
    rms_ce: errors.rms,
    nll: negativeLogLikelihood(probs, y, { clip: NLL_CLIP }),
    brier: brierScore(probs, y),
    classwise_ece: classwiseEceUnchecked(probs, y, bins, binning),
    ece_mass: calibrationErrorsOfBins(mass.bins).ece,
    debiased_ce: debiasedCalibrationErrorOfBins(mass.bins),
    binning,
    bins_requested: bins,
    bins_note: diagram.note,
    bins: diagram.bins,
  };
}
