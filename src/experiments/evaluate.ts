import { Matrix } from '../core/matrix';
import {
  accuracy,
  bootstrapMetric,
  brierScore,
  expectedCalibrationError,
  maxCalibrationError,
  negativeLogLikelihood,
  reliabilityBins,
} from '../metrics';
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

/**
 * Score probabilities with accuracy, ECE, MCE, NLL and Brier, each with a percentile bootstrap interval.
 * All five intervals use the same resamples (the same `seed`); pass one seed for every method scored on
 * one test set, so the intervals of different methods are paired too.
 *
 * @param probs N×K probabilities
 * @param labels N labels
 * @param options bins (default 15), resamples B (default 1000), confidence (default 0.95), seed of the resampling
 * @example
 * scorePredictions(probs, labels, { seed: 1, resamples: 200 }).ece // {value: 0.04, lower: 0.03, upper: 0.05}
 */
export function scorePredictions(
  probs: Matrix,
  labels: Int32Array,
  options: { bins?: number; resamples?: number; confidence?: number; seed: number },
): ScoredPredictions {
  const bins = options.bins ?? 15;
  const boot = { resamples: options.resamples ?? 1000, confidence: options.confidence ?? 0.95, seed: options.seed };
  const interval = (metric: (p: Matrix, y: Int32Array) => number): IntervalValue => {
    const b = bootstrapMetric(metric, probs, labels, boot);
    return { value: b.estimate, lower: b.lower, upper: b.upper };
  };
  return {
    n: probs.rows,
    accuracy: interval(accuracy),
    ece: interval((p, y) => expectedCalibrationError(p, y, { bins })),
    mce: interval((p, y) => maxCalibrationError(p, y, { bins })),
    nll: interval(negativeLogLikelihood),
    brier: interval(brierScore),
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
