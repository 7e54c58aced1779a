import { Matrix, selectRows } from '../core/matrix';
import { Rng } from '../core/rng';
import { accuracy, brierScore, calibrationErrorsOfBins, negativeLogLikelihood, reliabilityBins } from '../metrics';
import type { Json } from './config';

/** A metric value with its percentile bootstrap interval. */
export interface IntervalValue {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** The five scores of Guo et al. (2017) Table 1 style tables, each with a 95% bootstrap interval. */
export interface ScoredPredictions {
  readonly n: number;
  readonly accuracy: IntervalValue;
  /** Top-label ECE, equal-width bins (15 by default), L1. */
  readonly ece: IntervalValue;
  /** Top-label MCE, same bins. */
  readonly mce: IntervalValue;
  /** Mean negative log-likelihood (nats). */
  readonly nll: IntervalValue;
  /** Multi-class Brier score (sum over classes, mean over rows). */
  readonly brier: IntervalValue;
  /** Top-label reliability bins (for reliability diagrams). */
  readonly bins: { lo: number; hi: number; count: number; confidence: number | null; accuracy: number | null }[];
}

/** Names of the scored metrics, in table order. */
export const SCORE_METRICS = ['accuracy', 'ece', 'mce', 'nll', 'brier'] as const;

/** The five point values of one (re)sample. */
function fiveScores(probs: Matrix, labels: Int32Array, bins: number): number[] {
  const errors = calibrationErrorsOfBins(reliabilityBins(probs, labels, { bins }));
  return [accuracy(probs, labels), errors.ece, errors.mce, negativeLogLikelihood(probs, labels), brierScore(probs, labels)];
}

/** Linear-interpolation quantile (numpy's default, Hyndman & Fan type 7) of sorted values. */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  if (lo >= sorted.length - 1) return sorted[sorted.length - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/**
 * Score probabilities with accuracy, ECE, MCE, NLL and Brier, each with a percentile bootstrap interval
 * (Efron & Tibshirani 1993; the same percentile rule as `bootstrapInterval` in src/metrics). The five metrics
 * are computed on the same B resamples (one row selection per resample, so this costs about one fifth of five
 * separate `bootstrapMetric` calls); pass one seed for every method scored on one test set, so the intervals of
 * different methods are paired too.
 *
 * @param probs N×K probabilities
 * @param labels N labels
 * @param options bins (default 15), resamples B (default 1000), confidence (default 0.95), seed of the resampling
 * @throws InputError from the metrics on bad probabilities or labels
 * @example
 * scorePredictions(probs, labels, { seed: 1, resamples: 200 }).ece // {value: 0.04, lower: 0.03, upper: 0.05}
 */
export function scorePredictions(
  probs: Matrix,
  labels: Int32Array,
  options: { bins?: number; resamples?: number; confidence?: number; seed: number },
): ScoredPredictions {
  const bins = options.bins ?? 15;
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const point = fiveScores(probs, labels, bins);
  const replicates = SCORE_METRICS.map(() => new Float64Array(resamples));
  const rng = new Rng(options.seed);
  const yb = new Int32Array(labels.length);
  for (let b = 0; b < resamples; b++) {
    const idx = rng.bootstrapIndices(labels.length);
    for (let r = 0; r < idx.length; r++) yb[r] = labels[idx[r]];
    const v = fiveScores(selectRows(probs, idx), yb, bins);
    for (let m = 0; m < v.length; m++) replicates[m][b] = v[m];
  }
  const alpha = 1 - confidence;
  const interval = (m: number): IntervalValue => {
    const sorted = replicates[m].sort();
    return { value: point[m], lower: sortedQuantile(sorted, alpha / 2), upper: sortedQuantile(sorted, 1 - alpha / 2) };
  };
  return {
    n: probs.rows,
    accuracy: interval(0),
    ece: interval(1),
    mce: interval(2),
    nll: interval(3),
    brier: interval(4),
    bins: reliabilityBins(probs, labels, { bins }).map((b) => ({
      lo: b.lo,
      hi: b.hi,
      count: b.count,
      confidence: Number.isFinite(b.confidence) ? b.confidence : null,
      accuracy: Number.isFinite(b.accuracy) ? b.accuracy : null,
    })),
  };
}

/** A `ScoredPredictions` as plain JSON. */
export function scoredToJson(s: ScoredPredictions): Json {
  return JSON.parse(JSON.stringify(s));
}

/**
 * Format a scored metric for a table: accuracy, ECE and MCE in percent (as Guo et al.), NLL and Brier raw.
 *
 * @example
 * formatScore('ece', { value: 0.0512, lower: 0.041, upper: 0.062 }) // '5.12 [4.10, 6.20]'
 */
export function formatScore(metric: (typeof SCORE_METRICS)[number], v: IntervalValue): string {
  const pct = metric === 'accuracy' || metric === 'ece' || metric === 'mce';
  const f = (x: number): string => (pct ? (100 * x).toFixed(2) : x.toFixed(3));
  return `${f(v.value)} [${f(v.lower)}, ${f(v.upper)}]`;
}

/** Table headers matching {@link formatScore}. */
export const SCORE_HEADERS: Record<(typeof SCORE_METRICS)[number], string> = {
  accuracy: 'accuracy %',
  ece: 'ECE %',
  mce: 'MCE %',
  nll: 'NLL',
  brier: 'Brier',
};
