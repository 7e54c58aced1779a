/**
 * Mixed absolute/relative classification cut-off re-estimated every period (seed 002).
 *
 * absolute = max(F1-optimal threshold on the PR curve among precision ≥ floor, Youden's J optimum on the ROC curve),
 * both from the previous period's labels; relative = the (100 − q) percentile of the current period's
 * probabilities, q chosen on the previous period by F1; final = max(absolute, relative, minCutoff).
 *
 * A sample is predicted positive when prob ≥ cut-off, the same convention as the PR/ROC thresholds.
 *
 * Edge-case rules (each is tested; none crashes or yields NaN):
 * - History without positives: F1 and Youden's J are undefined → both `null`; q falls back to the smallest
 *   candidate (every candidate has F1 = 0); absolute = minCutoff, so final = max(relative, minCutoff).
 * - History without negatives: Youden's J is undefined (no TNR) → `null`; the F1 threshold is still defined.
 * - No threshold reaches the precision floor: the F1 threshold is `null`; absolute = Youden (or minCutoff if
 *   that is `null` too).
 * - Ties in F1 or J: the seed's `np.argmax` rule — first maximum in scikit-learn's order, i.e. the lowest
 *   threshold for F1 (PR thresholds increase) and the highest threshold for J (ROC thresholds decrease).
 *   Ties in q's F1: the smallest q (fewest positives).
 * - Tied probabilities: thresholds are distinct values, a tie group is in or out together.
 * - Very few samples (down to 1): the rules above apply; the percentile of one value is that value.
 * - Empty history or apply period: InputError (there is nothing to estimate from / apply to).
 *
 * Differences from the seed's pseudo-code, on purpose: F1 is 2PR/(P+R) with F1 = 0 when P + R = 0 instead of
 * adding 1e-9 to the denominator (which can reorder near-ties); the PR curve's appended (recall 0, precision 1)
 * point has no threshold and is excluded (the seed's `thresholds[argmax]` would index past the end when no
 * real threshold meets the floor); the ROC sentinel threshold max + 1 is excluded from Youden's search.
 */
import { InputError } from '../core/errors';
import { toFiniteVector, toLabels } from '../core/matrix';
import { precisionRecallCurve, rocCurve } from '../metrics/ranking';

/** Options of the mixed cut-off. */
export interface CutoffOptions {
  /** Minimum precision for the F1-optimal threshold. @default 0.5 */
  precisionFloor?: number;
  /** Candidate top-q percentages for the relative cut-off. @default [5, 10, 15, 20, 25] */
  qCandidates?: number[];
  /** The final cut-off is never below this. @default 0.5 */
  minCutoff?: number;
}

/** Defaults of {@link CutoffOptions} (seed 002). */
export const DEFAULT_CUTOFF_OPTIONS: Readonly<Required<CutoffOptions>> = Object.freeze({
  precisionFloor: 0.5,
  qCandidates: Object.freeze([5, 10, 15, 20, 25]) as unknown as number[],
  minCutoff: 0.5,
});

function resolveOptions(options: CutoffOptions): Required<CutoffOptions> {
  const o = { ...DEFAULT_CUTOFF_OPTIONS, ...options };
  if (!(o.precisionFloor >= 0 && o.precisionFloor <= 1)) throw new InputError('precisionFloor', `must be in [0, 1], got ${o.precisionFloor}`);
  if (!Number.isFinite(o.minCutoff)) throw new InputError('minCutoff', `must be finite, got ${o.minCutoff}`);
  if (!Array.isArray(o.qCandidates) || o.qCandidates.length === 0) throw new InputError('qCandidates', 'must be a non-empty list of percentages');
  o.qCandidates.forEach((q, i) => {
    if (!(q > 0 && q < 100)) throw new InputError('qCandidates', `${q} is not a percentage in (0, 100)`, i);
  });
  return o;
}

/** Precision, recall and F1 of a thresholded prediction. */
export interface ClassificationScores {
  /** TP / (TP + FP); 0 when nothing is predicted positive (scikit-learn's zero_division default). */
  precision: number;
  /** TP / (TP + FN); 0 when there are no positives. */
  recall: number;
  /** 2PR / (P + R); 0 when P + R = 0. */
  f1: number;
  /** Number predicted positive (prob ≥ cut-off). */
  predictedPositives: number;
  /** Number of true positives. */
  truePositives: number;
  /** Number of actual positives. */
  actualPositives: number;
}

/**
 * Precision, recall and F1 of `prob ≥ cutoff` against labels, with 0 for undefined ratios (never NaN).
 *
 * @param probs length N
 * @param labels 0/1, length N
 * @param cutoff threshold; a sample with prob ≥ cutoff is predicted positive
 * @throws InputError for NaN, labels outside {0, 1}, mismatched lengths
 * @example
 * scoresAtCutoff([0.9, 0.6, 0.4], [1, 0, 1], 0.5) // {precision: 0.5, recall: 0.5, f1: 0.5, predictedPositives: 2, ...}
 */
export function scoresAtCutoff(probs: ArrayLike<number>, labels: ArrayLike<number>, cutoff: number): ClassificationScores {
  const p = toFiniteVector(probs, 'probs', undefined, true);
  const y = toLabels(labels, 'labels', 2, p.length);
  let tp = 0;
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < p.length; i++) {
    const hit = p[i] >= cutoff;
    if (hit) predicted++;
    if (y[i] === 1) actual++;
    if (hit && y[i] === 1) tp++;
  }
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = actual === 0 ? 0 : tp / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, predictedPositives: predicted, truePositives: tp, actualPositives: actual };
}

/**
 * Percentile with linear interpolation between order statistics, numpy's default
 * (`np.percentile(x, p)`, method 'linear'): h = (n − 1)·p/100, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
 *
 * @param values length ≥ 1, finite (not mutated)
 * @param percent in [0, 100]
 * @throws InputError for empty input, NaN, percent outside [0, 100]
 * @example
 * percentileLinear([1, 2, 3, 4], 90) // 3.7
 */
export function percentileLinear(values: ArrayLike<number>, percent: number): number {
  if (!(percent >= 0 && percent <= 100)) throw new InputError('percent', `must be in [0, 100], got ${percent}`);
  const sorted = toFiniteVector(values, 'values').sort();
  const h = ((sorted.length - 1) * percent) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The absolute cut-off and its two components. */
export interface AbsoluteCutoff {
  /** Threshold with maximal F1 among PR points with precision ≥ floor; `null` when undefined (see module rules). */
  f1Threshold: number | null;
  /** F1 at that threshold (0 when `f1Threshold` is null). */
  f1: number;
  /** Threshold maximising Youden's J = TPR − FPR; `null` when a class is missing. */
  youdenThreshold: number | null;
  /** J at that threshold (0 when null). */
  youdenJ: number;
  /** max of the non-null components, or `minCutoff` when both are null. */
  absolute: number;
  /** Which edge-case rules fired, in words (empty in the normal case). */
  notes: string[];
}

/**
 * Absolute cut-off from a labelled history period (seed 002 §4), with the module's edge-case rules.
 *
 * @param probs history probabilities, length N ≥ 1
 * @param labels history labels 0/1, length N
 * @param options precision floor and minimum cut-off
 * @throws InputError for empty or invalid input
 * @example
 * absoluteCutoff([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
 * // {f1Threshold: 0.35 (P 2/3, R 1, F1 0.8), youdenThreshold: 0.8 (J 0.5), absolute: 0.8, ...}
 */
export function absoluteCutoff(probs: ArrayLike<number>, labels: ArrayLike<number>, options: CutoffOptions = {}): AbsoluteCutoff {
  const o = resolveOptions(options);
  const p = toFiniteVector(probs, 'probs');
  const y = toLabels(labels, 'labels', 2, p.length);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  const negatives = y.length - positives;
  const notes: string[] = [];
  let f1Threshold: number | null = null;
  let bestF1 = 0;
  if (positives === 0) {
    notes.push('history has no positives: F1 and Youden undefined');
  } else {
    const pr = precisionRecallCurve(p, y);
    let best = -1;
    for (let i = 0; i < pr.thresholds.length; i++) {
      if (pr.precision[i] < o.precisionFloor) continue;
      const s = pr.precision[i] + pr.recall[i];
      const f1 = s === 0 ? 0 : (2 * pr.precision[i] * pr.recall[i]) / s;
      if (best < 0 || f1 > bestF1) {
        best = i;
        bestF1 = f1;
      }
    }
    if (best < 0) notes.push(`no threshold reaches precision ≥ ${o.precisionFloor}`);
    else f1Threshold = pr.thresholds[best];
  }
  let youdenThreshold: number | null = null;
  let bestJ = 0;
  if (positives > 0 && negatives === 0) notes.push('history has no negatives: Youden undefined');
  if (positives > 0 && negatives > 0) {
    const roc = rocCurve(p, y);
    let best = -1;
    for (let i = 1; i < roc.thresholds.length; i++) {
      const j = roc.tpr[i] - roc.fpr[i];
      if (best < 0 || j > bestJ) {
        best = i;
        bestJ = j;
      }
    }
    youdenThreshold = roc.thresholds[best];
  }
  const parts = [f1Threshold, youdenThreshold].filter((v): v is number => v !== null);
  const absolute = parts.length > 0 ? Math.max(...parts) : o.minCutoff;
  if (parts.length === 0) notes.push('absolute falls back to minCutoff');
  return { f1Threshold, f1: f1Threshold === null ? 0 : bestF1, youdenThreshold, youdenJ: youdenThreshold === null ? 0 : bestJ, absolute, notes };
}

/** The q chosen on the history period and each candidate's F1. */
export interface QuantileChoice {
  /** Chosen top-q percentage. */
  q: number;
  /** Per candidate: q, its history cut-off (100 − q percentile of history probs), and F1 on the history labels. */
  candidates: { q: number; cutoff: number; f1: number; precision: number; recall: number }[];
}

/**
 * Choose q for the relative cut-off (seed 002 §5): for each candidate, cut the history at its own (100 − q)
 * percentile and score F1 on the history labels; the best F1 wins, ties to the smallest q.
 *
 * @param probs history probabilities, length N ≥ 1
 * @param labels history labels 0/1
 * @param qCandidates percentages in (0, 100)
 * @default qCandidates [5, 10, 15, 20, 25]
 * @throws InputError for empty or invalid input
 * @example
 * chooseQuantile([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], [0,0,0,0,0,0,0,0,1,1]).q // 15 (cut 0.865 keeps the 2 positives: F1 1)
 */
export function chooseQuantile(probs: ArrayLike<number>, labels: ArrayLike<number>, qCandidates: number[] = DEFAULT_CUTOFF_OPTIONS.qCandidates): QuantileChoice {
  const o = resolveOptions({ qCandidates });
  const p = toFiniteVector(probs, 'probs');
  const y = toLabels(labels, 'labels', 2, p.length);
  const qs = [...o.qCandidates].sort((a, b) => a - b);
  const candidates = qs.map((q) => {
    const cutoff = percentileLinear(p, 100 - q);
    const s = scoresAtCutoff(p, y, cutoff);
    return { q, cutoff, f1: s.f1, precision: s.precision, recall: s.recall };
  });
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (candidates[i].f1 > candidates[best].f1) best = i;
  return { q: candidates[best].q, candidates };
}

/** Everything the mixed cut-off computed (the CLI's --json prints this in snake_case). */
export interface MixedCutoff extends AbsoluteCutoff {
  /** The chosen q (percent). */
  q: number;
  /** Per-candidate details of the q choice. */
  qCandidates: QuantileChoice['candidates'];
  /** (100 − q) percentile of the probabilities it is applied to. */
  relative: number;
  /** max(absolute, relative, minCutoff). */
  final: number;
}

/**
 * The mixed cut-off of seed 002 §6: estimate on a labelled history period, apply to the probabilities of the
 * next period (their (100 − q) percentile is the relative part). When `applyProbs` is omitted the relative part
 * is computed on the history probabilities (useful to inspect a single period).
 *
 * @param historyProbs length N ≥ 1
 * @param historyLabels 0/1, length N
 * @param applyProbs probabilities of the period the cut-off is applied to, length M ≥ 1 (optional)
 * @param options precision floor, q candidates, minimum cut-off
 * @throws InputError for empty or invalid input
 * @example
 * mixedCutoff([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], [0.2, 0.6, 0.9]).final // 0.87 (q = 5: relative = 95th percentile 0.87 > absolute 0.8)
 */
export function mixedCutoff(
  historyProbs: ArrayLike<number>,
  historyLabels: ArrayLike<number>,
  applyProbs?: ArrayLike<number>,
  options: CutoffOptions = {},
): MixedCutoff {
  const o = resolveOptions(options);
  const abs = absoluteCutoff(historyProbs, historyLabels, o);
  const choice = chooseQuantile(historyProbs, historyLabels, o.qCandidates);
  const target = applyProbs === undefined ? toFiniteVector(historyProbs, 'historyProbs') : toFiniteVector(applyProbs, 'applyProbs');
  const relative = percentileLinear(target, 100 - choice.q);
  return { ...abs, q: choice.q, qCandidates: choice.candidates, relative, final: Math.max(abs.absolute, relative, o.minCutoff) };
}

/**
 * Binary decisions prob ≥ cutoff.
 *
 * @example
 * applyCutoff([0.2, 0.8, 0.5], 0.5) // Uint8Array [0, 1, 1]
 */
export function applyCutoff(probs: ArrayLike<number>, cutoff: number): Uint8Array {
  const p = toFiniteVector(probs, 'probs', undefined, true);
  const out = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i] >= cutoff ? 1 : 0;
  return out;
}
