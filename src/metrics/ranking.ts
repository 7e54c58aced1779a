/**
 * Ranking metrics: how well a score separates positives from negatives, independent of calibration.
 * Used for OOD detection, misclassification detection (score = confidence, positive = error or correct),
 * and by the decision layer's cut-offs (PR and ROC curves).
 *
 * Conventions shared by every function here (they match scikit-learn 1.2.1's `_binary_clf_curve`):
 * - A sample is predicted positive at threshold t when `score >= t`.
 * - Thresholds are the distinct scores; tied scores enter the curve together as one step, so every result
 *   is invariant to the order of the rows (ties are never split by row order).
 * - Labels are 0/1 integers (1 = positive).
 */
import { InputError } from '../core/errors';
import { toFiniteVector, toLabels } from '../core/matrix';

/** Validated scores and 0/1 labels of equal, non-zero length. */
function checkBinaryInput(scores: ArrayLike<number>, labels: ArrayLike<number>, scoreArg = 'scores', labelArg = 'labels') {
  const s = toFiniteVector(scores, scoreArg);
  const y = toLabels(labels, labelArg, 2, s.length);
  return { s, y };
}

/**
 * Cumulative true/false positive counts at each distinct threshold, thresholds decreasing
 * (scikit-learn's `_binary_clf_curve` without sample weights).
 */
interface BinaryCounts {
  /** Number of positives with score ≥ thresholds[i]. */
  tps: Float64Array;
  /** Number of negatives with score ≥ thresholds[i]. */
  fps: Float64Array;
  /** Distinct scores, strictly decreasing. */
  thresholds: Float64Array;
}

function binaryCounts(s: Float64Array, y: Int32Array): BinaryCounts {
  const n = s.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Descending by score; order within ties is irrelevant because ties are aggregated below.
  order.sort((a, b) => s[b] - s[a]);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (y[i] === 1) tp++;
    else fp++;
    // Close a step at the last sample of each group of equal scores.
    if (k === n - 1 || s[order[k + 1]] !== s[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(s[i]);
    }
  }
  return { tps: Float64Array.from(tps), fps: Float64Array.from(fps), thresholds: Float64Array.from(thresholds) };
}

/** ROC curve: false and true positive rates at decreasing thresholds. */
export interface RocCurve {
  /** False positive rate FP/N at each threshold, non-decreasing, starting at 0. Length m + 1. */
  fpr: Float64Array;
  /** True positive rate TP/P at each threshold, non-decreasing, starting at 0. Length m + 1. */
  tpr: Float64Array;
  /**
   * Thresholds, strictly decreasing: `thresholds[0] = max(score) + 1` (scikit-learn 1.2's sentinel for the
   * empty selection), then the m distinct scores.
   */
  thresholds: Float64Array;
}

/**
 * Receiver operating characteristic curve, identical to scikit-learn 1.2.1's
 * `roc_curve(labels, scores, drop_intermediate=False)`.
 *
 * @param scores higher = more likely positive; length N, finite
 * @param labels 0/1 integers, length N
 * @returns {@link RocCurve}, with one point per distinct score plus the origin
 * @throws InputError (`labels`) when only one class is present (scikit-learn returns NaN rates with a warning;
 *   a rate with a zero denominator is undefined, so we refuse), and for NaN/length/label errors.
 * @example
 * rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [1.8, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocCurve {
  const { s, y } = checkBinaryInput(scores, labels);
  const { tps, fps, thresholds } = binaryCounts(s, y);
  const m = thresholds.length;
  const P = tps[m - 1];
  const N = fps[m - 1];
  if (P === 0) throw new InputError('labels', 'no positive samples: the true positive rate is undefined');
  if (N === 0) throw new InputError('labels', 'no negative samples: the false positive rate is undefined');
  const fpr = new Float64Array(m + 1);
  const tpr = new Float64Array(m + 1);
  const th = new Float64Array(m + 1);
  th[0] = thresholds[0] + 1;
  for (let i = 0; i < m; i++) {
    fpr[i + 1] = fps[i] / N;
    tpr[i + 1] = tps[i] / P;
    th[i + 1] = thresholds[i];
  }
  return { fpr, tpr, thresholds: th };
}

/** Precision-recall curve, recall decreasing, like scikit-learn. */
export interface PrecisionRecallCurve {
  /** Precision TP/(TP+FP) at each threshold (increasing threshold order), then a final 1. Length m + 1. */
  precision: Float64Array;
  /** Recall TP/P at each threshold, then a final 0. Non-increasing. Length m + 1. */
  recall: Float64Array;
  /** The m distinct scores, strictly increasing; `precision[i]`, `recall[i]` belong to `thresholds[i]`. */
  thresholds: Float64Array;
}

/**
 * Precision-recall curve, identical to scikit-learn 1.2.1's `precision_recall_curve(labels, scores)`:
 * one point per distinct score (no truncation at full recall), in increasing threshold order, with the
 * point (recall 0, precision 1) appended.
 *
 * No positives: recall is set to 1 at every threshold (scikit-learn's rule, kept for compatibility);
 * precision is then 0 everywhere except the appended 1.
 *
 * @param scores higher = more likely positive; length N, finite
 * @param labels 0/1 integers, length N
 * @throws InputError for empty input, NaN scores, labels outside {0, 1}, mismatched lengths
 * @example
 * precisionRecallCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
 * // precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 */
export function precisionRecallCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): PrecisionRecallCurve {
  const { s, y } = checkBinaryInput(scores, labels);
  const { tps, fps, thresholds } = binaryCounts(s, y);
  const m = thresholds.length;
  const P = tps[m - 1];
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const th = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i; // reverse so that thresholds increase and recall decreases
    const predicted = tps[j] + fps[j];
    precision[i] = predicted === 0 ? 0 : tps[j] / predicted;
    recall[i] = P === 0 ? 1 : tps[j] / P;
    th[i] = thresholds[j];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: th };
}

/**
 * Area under the ROC curve by the trapezoidal rule, equal to scikit-learn's `roc_auc_score` (binary):
 * the probability that a random positive scores above a random negative, ties counting one half.
 *
 * @param scores length N, finite
 * @param labels 0/1, length N, both classes present
 * @throws InputError (`labels`) when only one class is present
 * @example
 * auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) // 0.75
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(scores, labels);
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
  return area;
}

/**
 * Average precision (AUPR), equal to scikit-learn's `average_precision_score`:
 * AP = Σ_n (R_n − R_{n−1}) P_n over the distinct thresholds (a step integral, no interpolation).
 *
 * @param scores length N, finite
 * @param labels 0/1, length N, with at least one positive
 * @throws InputError (`labels`) when there is no positive (recall is undefined; scikit-learn returns 0 with a warning)
 * @example
 * averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) // 0.8333333333333333
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { s, y } = checkBinaryInput(scores, labels);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  if (positives === 0) throw new InputError('labels', 'no positive samples: average precision is undefined');
  const { precision, recall } = precisionRecallCurve(s, y);
  let ap = 0;
  for (let i = 0; i < precision.length - 1; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
  return ap;
}

/**
 * False positive rate at the first ROC point whose true positive rate reaches `targetTpr`
 * (the usual "FPR at 95% TPR" of OOD detection, Hendrycks & Gimpel 2017), without interpolation:
 * `fpr[min{i : tpr[i] ≥ targetTpr}]`, i.e. numpy's `fpr[np.searchsorted(tpr, target, 'left')]`.
 * Because thresholds are whole tie groups, the TPR reached may exceed the target.
 *
 * @param scores length N, finite; positives (e.g. in-distribution) should score high
 * @param labels 0/1, both classes present
 * @param targetTpr in (0, 1]
 * @default targetTpr 0.95
 * @throws InputError for a target outside (0, 1] or a missing class
 * @example
 * fprAtTpr([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.95) // 0.5
 */
export function fprAtTpr(scores: ArrayLike<number>, labels: ArrayLike<number>, targetTpr = 0.95): number {
  if (!(targetTpr > 0 && targetTpr <= 1)) throw new InputError('targetTpr', `must be in (0, 1], got ${targetTpr}`);
  const { fpr, tpr } = rocCurve(scores, labels);
  for (let i = 0; i < tpr.length; i++) if (tpr[i] >= targetTpr) return fpr[i];
  return 1; // unreachable: the last point has tpr = 1
}

/** Risk-coverage curve and its areas. */
export interface RiskCoverage {
  /** Fraction of samples kept at each distinct confidence threshold, increasing, ending at 1. */
  coverage: Float64Array;
  /** Error rate among the kept samples at each threshold. */
  risk: Float64Array;
  /** Confidence thresholds (keep when confidence ≥ threshold), decreasing. */
  thresholds: Float64Array;
  /** Area under the risk-coverage curve, step integral Σ (c_j − c_{j−1}) r_j. */
  aurc: number;
  /** AURC of the oracle ranking (all correct samples first) with the same error count. */
  aurcOptimal: number;
  /** Excess AURC = aurc − aurcOptimal (≥ 0; 0 for a perfect ranking). */
  eaurc: number;
  /** Overall error rate (risk at full coverage). */
  risk1: number;
}

/**
 * Risk-coverage curve of selective classification with AURC and E-AURC (Geifman, Uziel & El-Yaniv 2019,
 * "Bias-reduced uncertainty estimation for deep neural classifiers").
 *
 * Keep the samples with confidence ≥ t; coverage = kept / N, risk = errors among kept / kept. Without ties
 * AURC = (1/N) Σ_{k=1..N} risk(top-k), Geifman's definition; with ties a whole tie group enters at once and
 * AURC is the step integral over the distinct thresholds, so the result never depends on row order.
 * E-AURC = AURC − AURC(oracle), where the oracle ranks every correct sample first. We compute the oracle's
 * AURC exactly on the same N samples, (1/N) Σ_{k>N(1−r)} (k − N(1−r))/k, instead of Geifman's continuous
 * approximation r + (1 − r) ln(1 − r), so that E-AURC is exactly 0 for a perfect ranking.
 *
 * @param confidence length N, finite, higher = more confident
 * @param correct 0/1 per sample (1 = the prediction was right), length N
 * @throws InputError for empty input, NaN, values outside {0, 1}, mismatched lengths
 * @example
 * riskCoverageCurve([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 1]).aurc // (0 + 1/2 + 1/3 + 1/4) / 4 = 0.2708333333333333
 */
export function riskCoverageCurve(confidence: ArrayLike<number>, correct: ArrayLike<number>): RiskCoverage {
  const { s, y } = checkBinaryInput(confidence, correct, 'confidence', 'correct');
  const n = s.length;
  const { tps: correctKept, fps: errorsKept, thresholds } = binaryCounts(s, y);
  const m = thresholds.length;
  const coverage = new Float64Array(m);
  const risk = new Float64Array(m);
  let aurc = 0;
  let previousCoverage = 0;
  for (let j = 0; j < m; j++) {
    const kept = correctKept[j] + errorsKept[j];
    coverage[j] = kept / n;
    risk[j] = errorsKept[j] / kept;
    aurc += (coverage[j] - previousCoverage) * risk[j];
    previousCoverage = coverage[j];
  }
  const nCorrect = correctKept[m - 1];
  let aurcOptimal = 0;
  for (let k = nCorrect + 1; k <= n; k++) aurcOptimal += (k - nCorrect) / k;
  aurcOptimal /= n;
  return {
    coverage,
    risk,
    thresholds,
    aurc,
    aurcOptimal,
    // Rounding can leave −1e-17 for a perfect ranking; the excess is non-negative by construction.
    eaurc: Math.max(0, aurc - aurcOptimal),
    risk1: errorsKept[m - 1] / n,
  };
}

/**
 * Precision among the top `fraction` of samples by score (precision at top-k%, k = ⌈fraction·N⌉, at least 1).
 *
 * Ties at the boundary: when the k-th and (k+1)-th scores are equal, which of the tied samples fall inside
 * the top k is arbitrary, so we return the expectation over a random order within the boundary tie group:
 * (positives strictly above + slots left × positive share of the boundary group) / k. This never depends on
 * row order.
 *
 * @param scores length N, finite
 * @param labels 0/1, length N
 * @param fraction in (0, 1]
 * @default fraction 0.1
 * @throws InputError for a fraction outside (0, 1] or bad inputs
 * @example
 * precisionAtTopFraction([0.9, 0.8, 0.7, 0.6, 0.5], [1, 0, 1, 0, 0], 0.4) // top 2 → 0.5
 */
export function precisionAtTopFraction(scores: ArrayLike<number>, labels: ArrayLike<number>, fraction = 0.1): number {
  if (!(fraction > 0 && fraction <= 1)) throw new InputError('fraction', `must be in (0, 1], got ${fraction}`);
  const { s, y } = checkBinaryInput(scores, labels);
  const n = s.length;
  // Guard the product against binary rounding (0.1 * 30 = 3.0000000000000004 would give k = 4).
  const k = Math.max(1, Math.ceil(fraction * n - 1e-9));
  const { tps, fps } = binaryCounts(s, y);
  let prevTp = 0;
  let prevKept = 0;
  for (let j = 0; j < tps.length; j++) {
    const kept = tps[j] + fps[j];
    if (kept >= k) {
      const groupSize = kept - prevKept;
      const groupPositives = tps[j] - prevTp;
      const slots = k - prevKept;
      return (prevTp + (slots * groupPositives) / groupSize) / k;
    }
    prevTp = tps[j];
    prevKept = kept;
  }
  return tps[tps.length - 1] / n; // unreachable: the last group reaches N ≥ k
}
