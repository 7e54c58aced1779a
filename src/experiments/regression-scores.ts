import { InputError } from '../core/errors';

/** ½ log 2π. */
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function checkLengths(y: ArrayLike<number>, other: ArrayLike<number>, name: string): void {
  if (y.length === 0) throw new InputError('y', 'is empty');
  if (other.length !== y.length) throw new InputError(name, `has length ${other.length}, expected ${y.length} (one per target)`);
}

/**
 * Root mean squared error √(mean_i (y_i − ŷ_i)²).
 *
 * @throws InputError on empty input or mismatched lengths
 * @example
 * rootMeanSquaredError([1, 2], [1, 4]) // √2 ≈ 1.4142
 */
export function rootMeanSquaredError(y: ArrayLike<number>, prediction: ArrayLike<number>): number {
  checkLengths(y, prediction, 'prediction');
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - prediction[i]) ** 2;
  return Math.sqrt(s / y.length);
}

/**
 * Mean test log-likelihood of MC Dropout with a homoscedastic Gaussian of precision τ (Gal & Ghahramani 2016,
 * eq. 8; the DropoutUncertaintyExps code):
 *   ll_i = logsumexp_t(−½ τ (y_i − ŷ_ti)²) − log T − ½ log 2π + ½ log τ,
 * averaged over i. The log-sum-exp subtracts the row maximum, so it stays finite for large τ·error².
 *
 * @param samples T×N row-major: sample t's prediction for point i at [t·N + i] (in the units of y)
 * @param y N targets
 * @param tau model precision τ > 0 (units of 1/y²)
 * @throws InputError on shapes that do not match, or τ ≤ 0
 * @example
 * mcDropoutLogLikelihood(Float64Array.from([0, 2]), [1], 1) // log N(1; 0, 1) = −½ log 2π − ½ ≈ −1.4189
 */
export function mcDropoutLogLikelihood(samples: Float64Array, y: ArrayLike<number>, tau: number): number {
  const n = y.length;
  if (n === 0) throw new InputError('y', 'is empty');
  if (samples.length === 0 || samples.length % n !== 0) throw new InputError('samples', `length ${samples.length} is not T × ${n}`);
  if (!(tau > 0) || !Number.isFinite(tau)) throw new InputError('tau', `must be finite and > 0, got ${tau}`);
  const t = samples.length / n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let s = 0; s < t; s++) max = Math.max(max, -0.5 * tau * (y[i] - samples[s * n + i]) ** 2);
    let sum = 0;
    for (let s = 0; s < t; s++) sum += Math.exp(-0.5 * tau * (y[i] - samples[s * n + i]) ** 2 - max);
    total += max + Math.log(sum) - Math.log(t) - HALF_LOG_2PI + 0.5 * Math.log(tau);
  }
  return total / n;
}

/**
 * Mean Gaussian log-likelihood mean_i log N(y_i; μ_i, σ²_i) (Lakshminarayanan et al. 2017 evaluate their
 * ensemble's mixture by this Gaussian with the mixture's mean and variance).
 *
 * @throws InputError on mismatched lengths or a variance ≤ 0 (naming the row)
 * @example
 * gaussianLogLikelihood([1], [0], [1]) // −½ log 2π − ½ ≈ −1.4189
 */
export function gaussianLogLikelihood(y: ArrayLike<number>, mean: ArrayLike<number>, variance: ArrayLike<number>): number {
  checkLengths(y, mean, 'mean');
  checkLengths(y, variance, 'variance');
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const v = variance[i];
    if (!(v > 0) || !Number.isFinite(v)) throw new InputError('variance', `must be finite and > 0, got ${v}`, i);
    total += -HALF_LOG_2PI - 0.5 * Math.log(v) - (y[i] - mean[i]) ** 2 / (2 * v);
  }
  return total / y.length;
}

/**
 * Mean log-likelihood of an equal-weight mixture of T Gaussians per point:
 *   ll_i = logsumexp_t log N(y_i; μ_ti, σ²_ti) − log T.
 *
 * @param means T×N row-major, @param variances T×N row-major (> 0)
 * @example
 * gaussianMixtureLogLikelihood(Float64Array.from([0]), Float64Array.from([1]), [1]) // ≈ −1.4189
 */
export function gaussianMixtureLogLikelihood(means: Float64Array, variances: Float64Array, y: ArrayLike<number>): number {
  const n = y.length;
  if (n === 0) throw new InputError('y', 'is empty');
  if (means.length === 0 || means.length % n !== 0) throw new InputError('means', `length ${means.length} is not T × ${n}`);
  if (variances.length !== means.length) throw new InputError('variances', `length ${variances.length}, expected ${means.length}`);
  const t = means.length / n;
  const logp = new Float64Array(t);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let s = 0; s < t; s++) {
      const v = variances[s * n + i];
      if (!(v > 0)) throw new InputError('variances', `must be > 0, got ${v}`, s * n + i);
      logp[s] = -HALF_LOG_2PI - 0.5 * Math.log(v) - (y[i] - means[s * n + i]) ** 2 / (2 * v);
      if (logp[s] > max) max = logp[s];
    }
    let sum = 0;
    for (let s = 0; s < t; s++) sum += Math.exp(logp[s] - max);
    total += max + Math.log(sum) - Math.log(t);
  }
  return total / n;
}

/** A mean with its standard error over independent runs (splits). */
export interface MeanStandardError {
  readonly mean: number;
  /** s / √n with the sample standard deviation s (n − 1 in the denominator); 0 for one value. */
  readonly se: number;
  readonly n: number;
}

/**
 * Mean and standard error of the mean.
 *
 * @throws InputError on an empty list or a non-finite value
 * @example
 * meanStandardError([1, 2, 3, 4]) // {mean: 2.5, se: 0.6455 (= 1.2910 / 2), n: 4}
 */
export function meanStandardError(values: ArrayLike<number>): MeanStandardError {
  const n = values.length;
  if (n === 0) throw new InputError('values', 'is empty');
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new InputError('values', `is ${values[i]}`, i);
    s += values[i];
  }
  const mean = s / n;
  if (n === 1) return { mean, se: 0, n };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (n - 1)) / Math.sqrt(n), n };
}
