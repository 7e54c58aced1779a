import { CertitudeError, InputError } from '../core/errors';
import { Matrix, assertFiniteMatrix, selectRows, toLabels } from '../core/matrix';
import { Rng } from '../core/rng';

/** Options of the percentile bootstrap. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples B. @default 1000 */
  resamples?: number;
  /** Coverage of the interval, in (0, 1). @default 0.95 */
  confidence?: number;
  /** Seed of the resampling generator (ignored when `rng` is given). @default 0 */
  seed?: number;
  /** A generator to draw from instead of a fresh `new Rng(seed)` (it is advanced). */
  rng?: Rng;
}

/** A percentile bootstrap confidence interval. */
export interface BootstrapInterval {
  /** The statistic on the full sample (rows 0..n−1 in order). */
  estimate: number;
  /** The (1 − confidence)/2 percentile of the finite bootstrap replicates. */
  lower: number;
  /** The (1 + confidence)/2 percentile of the finite bootstrap replicates. */
  upper: number;
  /** Number of finite replicates the percentiles were taken over. */
  resamples: number;
  confidence: number;
  /** Replicates dropped because the statistic was NaN/±Infinity on that resample (e.g. one class only). */
  discarded: number;
}

/**
 * Percentile bootstrap confidence interval (Efron & Tibshirani 1993, ch. 13) for any statistic of n rows.
 * Each of B resamples draws n row indices uniformly with replacement from a seeded `Rng`; the interval is
 * the [(1 − c)/2, (1 + c)/2] percentiles (numpy's default linear interpolation) of the replicates.
 * Non-finite replicates are dropped and counted in `discarded`.
 *
 * @param statistic maps row indices (length n, values in 0..n−1; a fresh array per call) to a number
 * @param n number of rows (≥ 1)
 * @param options resamples (default 1000), confidence (default 0.95), seed (default 0) or rng
 * @throws InputError naming `n`, `resamples`, `confidence` or `statistic` (non-finite on the full sample);
 *         CertitudeError when fewer than 2 replicates are finite.
 * @example
 * const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
 * bootstrapInterval((idx) => idx.reduce((s, i) => s + x[i], 0) / idx.length, x.length, {seed: 1})
 * // {estimate: 5.5, lower: 3.7, upper: 7.3, resamples: 1000, confidence: 0.95, discarded: 0}
 */
export function bootstrapInterval(statistic: (rowIndices: Int32Array) => number, n: number, options: BootstrapOptions = {}): BootstrapInterval {
  if (typeof statistic !== 'function') throw new InputError('statistic', 'must be a function of row indices');
  if (!Number.isInteger(n) || n < 1) throw new InputError('n', `must be an integer ≥ 1, got ${n}`);
  const resamples = options.resamples ?? 1000;
  if (!Number.isInteger(resamples) || resamples < 2) throw new InputError('resamples', `must be an integer ≥ 2, got ${resamples}`);
  const confidence = options.confidence ?? 0.95;
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new InputError('confidence', `must be in (0, 1), got ${confidence}`);
  }
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const estimate = statistic(identity);
  if (!Number.isFinite(estimate)) throw new InputError('statistic', `is ${estimate} on the full sample`);
  const replicates = new Float64Array(resamples);
  let kept = 0;
  for (let b = 0; b < resamples; b++) {
    const v = statistic(rng.bootstrapIndices(n));
    if (Number.isFinite(v)) replicates[kept++] = v;
  }
  if (kept < 2) throw new CertitudeError(`statistic: only ${kept} of ${resamples} bootstrap replicates were finite`);
  const sorted = replicates.subarray(0, kept).sort();
  const alpha = 1 - confidence;
  return {
    estimate,
    lower: sortedQuantile(sorted, alpha / 2),
    upper: sortedQuantile(sorted, 1 - alpha / 2),
    resamples: kept,
    confidence,
    discarded: resamples - kept,
  };
}

/** Linear-interpolation quantile (numpy's default, Hyndman & Fan type 7) of sorted values. */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  if (lo >= sorted.length - 1) return sorted[sorted.length - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/**
 * Percentile bootstrap interval of a metric of (scores, labels), e.g. `expectedCalibrationError` or
 * `negativeLogLikelihoodFromLogits`: rows are resampled together with their labels.
 *
 * @param metric a function of an N×K matrix and N labels (any of this folder's metrics)
 * @param scores N×K probabilities or logits (finite)
 * @param labels N integer labels in 0..K−1
 * @param options as `bootstrapInterval`
 * @throws InputError naming `scores` or `labels` (and the row), or as `bootstrapInterval`.
 * @example
 * bootstrapMetric(accuracy, fromRows([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]]), [0, 1, 1, 1], {resamples: 2000, seed: 7})
 * // {estimate: 0.75, lower: 0.25, upper: 1, resamples: 2000, confidence: 0.95, discarded: 0}  (4 rows: a wide interval)
 */
export function bootstrapMetric(
  metric: (scores: Matrix, labels: Int32Array) => number,
  scores: Matrix,
  labels: ArrayLike<number>,
  options: BootstrapOptions = {},
): BootstrapInterval {
  assertFiniteMatrix(scores, 'scores');
  const y = toLabels(labels, 'labels', scores.cols, scores.rows);
  return bootstrapInterval(
    (idx) => {
      const yb = new Int32Array(idx.length);
      for (let r = 0; r < idx.length; r++) yb[r] = y[idx[r]];
      return metric(selectRows(scores, idx), yb);
    },
    scores.rows,
    options,
  );
}
