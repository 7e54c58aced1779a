/**
 * Uncertainty measures: pure functions on typed arrays that summarise a stack of predictive samples
 * (MC Dropout passes or Deep Ensemble members) or a single model's probabilities.
 *
 * Conventions used throughout this file:
 * - Entropies are in nats (natural log).
 * - 0 · log 0 = 0, the limit of p log p as p → 0⁺. A probability of exactly 0 contributes nothing to an entropy;
 *   no epsilon is added anywhere (the seed's `log(p + 1e-10)` biases every entropy and is not used).
 * - Standard deviations and variances over samples are population statistics (divide by T), like numpy's
 *   default `np.std(axis=0)`, because the T samples are the whole (Monte Carlo) predictive distribution we
 *   summarise, not a sample from which a larger population is estimated.
 * - Sample tensors are row-major T×N×K: sample t, row i, class k lives at index (t·N + i)·K + k.
 */
import { InputError } from '../core/errors';
import { Matrix, ROW_SUM_TOLERANCE, assertProbabilities } from '../core/matrix';

/** Per-row summary of T probability samples for N rows and K classes. Every field has one entry per row. */
export interface ClassificationUncertainty {
  /** Mean probability over the T samples, p̄_ik = (1/T) Σ_t p_tik (N×K; rows sum to 1). */
  readonly mean: Matrix;
  /** Population standard deviation over the T samples of each class probability (N×K). */
  readonly std: Matrix;
  /** Predictive (total) entropy H[p̄_i] = −Σ_k p̄_ik log p̄_ik, in nats; 0 ≤ H ≤ log K. */
  readonly predictiveEntropy: Float64Array;
  /** Expected entropy (aleatoric part) (1/T) Σ_t H[p_ti], in nats. */
  readonly expectedEntropy: Float64Array;
  /** Mutual information (epistemic part) H[p̄_i] − (1/T) Σ_t H[p_ti] ≥ 0, in nats (BALD, Houlsby et al. 2011). */
  readonly mutualInformation: Float64Array;
  /** Variation ratio 1 − f_i / T, f_i = how many samples vote for the most frequent argmax class (Freeman 1965). */
  readonly variationRatio: Float64Array;
  /** Disagreement (1/T) Σ_t Σ_k (p_tik − p̄_ik)² = Σ_k std_ik², per row. */
  readonly disagreement: Float64Array;
  /** Confidence of the mean prediction, max_k p̄_ik (Pearce et al.'s U_max is its negative). */
  readonly maxProbability: Float64Array;
}

/** Per-row summary of T regression samples (law of total variance). */
export interface RegressionUncertainty {
  /** Predictive mean μ̄_i = (1/T) Σ_t μ_ti. */
  readonly mean: Float64Array;
  /** Total predictive variance = aleatoric + epistemic. */
  readonly variance: Float64Array;
  /** Aleatoric part: mean noise variance (1/T) Σ_t σ²_ti (or the scalar 1/τ). */
  readonly aleatoric: Float64Array;
  /** Epistemic part: population variance of the sample means (1/T) Σ_t (μ_ti − μ̄_i)². */
  readonly epistemic: Float64Array;
}

function assertPositiveInteger(value: number, argument: string): void {
  if (!Number.isInteger(value) || value < 1) throw new InputError(argument, `must be a positive integer, got ${value}`);
}

/**
 * Entropy −Σ_k p_k log p_k of `k` probabilities stored at data[offset .. offset+k), in nats, with 0 · log 0 = 0.
 */
function entropyAt(data: Float64Array, offset: number, k: number): number {
  let h = 0;
  for (let j = 0; j < k; j++) {
    const p = data[offset + j];
    // 0 · log 0 = 0 (the limit p log p → 0); skipping it avoids 0 · (−∞) = NaN without any epsilon.
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/**
 * Check a T×N×K sample stack: dimensions, length, finiteness, each probability in [0, 1], and each sample row
 * summing to 1 within `ROW_SUM_TOLERANCE`.
 */
function assertProbabilitySamples(samples: Float64Array, t: number, n: number, k: number): void {
  if (!(samples instanceof Float64Array)) throw new InputError('samples', 'must be a Float64Array (T×N×K row-major)');
  assertPositiveInteger(t, 't');
  assertPositiveInteger(n, 'n');
  assertPositiveInteger(k, 'k');
  if (k < 2) throw new InputError('k', `needs at least 2 classes, got ${k}`);
  if (samples.length !== t * n * k) {
    throw new InputError('samples', `length ${samples.length} does not match T×N×K = ${t}×${n}×${k} = ${t * n * k}`);
  }
  for (let s = 0; s < t; s++) {
    for (let i = 0; i < n; i++) {
      const off = (s * n + i) * k;
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const v = samples[off + j];
        if (!Number.isFinite(v)) throw new InputError('samples', `contains ${v} in sample ${s}, class ${j}`, i);
        if (v < 0 || v > 1) throw new InputError('samples', `probability ${v} outside [0, 1] in sample ${s}, class ${j}`, i);
        sum += v;
      }
      if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
        throw new InputError('samples', `sample ${s} sums to ${sum}, not 1 (tolerance ${ROW_SUM_TOLERANCE})`, i);
      }
    }
  }
}

/**
 * Summarise T probability samples (MC Dropout passes or ensemble members) of N rows and K classes into the
 * standard per-row uncertainty measures (Gal 2016, ch. 3.3; Depeweg et al. 2018 for the decomposition):
 *
 * - mean p̄_ik = (1/T) Σ_t p_tik and population std over t;
 * - predictive entropy H[p̄_i] (total), expected entropy (1/T) Σ_t H[p_ti] (aleatoric), and their difference,
 *   the mutual information I[y; ω | x] (epistemic);
 * - variation ratio 1 − f_i/T with f_i the mode count of the per-sample argmax (ties → lowest class, like numpy);
 * - disagreement (1/T) Σ_t Σ_k (p_tik − p̄_ik)², kept PER ROW. The seed's `DeepEnsemble.disagreement`
 *   (`np.mean([np.sum((p - mean)**2) for p in predictions])`) sums this over the whole batch and averages over
 *   members, giving one scalar that grows with the batch size; it equals the sum of our per-row values.
 * - max probability max_k p̄_ik.
 *
 * Entropies in nats with 0 · log 0 = 0; no epsilon. Inputs are not modified.
 *
 * @param samples probabilities, row-major T×N×K: sample t, row i, class k at index (t·N + i)·K + k
 * @param t number of samples T ≥ 1
 * @param n number of rows N ≥ 1
 * @param k number of classes K ≥ 2
 * @returns per-row summary (all arrays freshly allocated)
 * @throws InputError naming `samples` (with the row) for a wrong length, a non-finite value, a value outside
 *   [0, 1] or a sample row not summing to 1 within 1e-6; naming `t`, `n` or `k` for a bad dimension.
 * @example
 * // T = 2 samples, N = 1 row, K = 2 classes: [1, 0] and [0, 1]
 * const u = summarizeClassificationSamples(new Float64Array([1, 0, 0, 1]), 2, 1, 2);
 * u.mean.data               // Float64Array [0.5, 0.5]
 * u.predictiveEntropy[0]    // 0.6931… (log 2)
 * u.expectedEntropy[0]      // 0
 * u.mutualInformation[0]    // 0.6931…
 * u.variationRatio[0]       // 0.5
 * u.disagreement[0]         // 0.5  ( ((0.5)² + (0.5)²) averaged over the 2 samples )
 */
export function summarizeClassificationSamples(samples: Float64Array, t: number, n: number, k: number): ClassificationUncertainty {
  assertProbabilitySamples(samples, t, n, k);
  const nk = n * k;
  const meanData = new Float64Array(nk);
  for (let s = 0; s < t; s++) {
    const off = s * nk;
    for (let q = 0; q < nk; q++) meanData[q] += samples[off + q];
  }
  for (let q = 0; q < nk; q++) meanData[q] /= t;

  // Two passes (mean first, then squared deviations) rather than E[p²] − E[p]², which cancels catastrophically
  // when the samples nearly agree and can even go negative.
  const varData = new Float64Array(nk);
  for (let s = 0; s < t; s++) {
    const off = s * nk;
    for (let q = 0; q < nk; q++) {
      const d = samples[off + q] - meanData[q];
      varData[q] += d * d;
    }
  }
  const stdData = new Float64Array(nk);
  const disagreement = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < k; j++) {
      const v = varData[i * k + j] / t;
      stdData[i * k + j] = Math.sqrt(v);
      rowSum += v;
    }
    disagreement[i] = rowSum;
  }

  const predictiveEntropy = new Float64Array(n);
  const expectedEntropy = new Float64Array(n);
  const mutualInformation = new Float64Array(n);
  const variationRatio = new Float64Array(n);
  const maxProbability = new Float64Array(n);
  const votes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    predictiveEntropy[i] = entropyAt(meanData, i * k, k);
    let hSum = 0;
    votes.fill(0);
    for (let s = 0; s < t; s++) {
      const off = (s * n + i) * k;
      hSum += entropyAt(samples, off, k);
      let best = 0;
      for (let j = 1; j < k; j++) if (samples[off + j] > samples[off + best]) best = j;
      votes[best]++;
    }
    expectedEntropy[i] = hSum / t;
    // MI ≥ 0 exactly (entropy is concave, Jensen), but the difference of two rounded sums can come out as
    // −1e-17 when all samples agree; clamping removes that rounding artefact and nothing else.
    mutualInformation[i] = Math.max(0, predictiveEntropy[i] - expectedEntropy[i]);
    let modeCount = 0;
    for (let j = 0; j < k; j++) if (votes[j] > modeCount) modeCount = votes[j];
    variationRatio[i] = 1 - modeCount / t;
    let mx = meanData[i * k];
    for (let j = 1; j < k; j++) if (meanData[i * k + j] > mx) mx = meanData[i * k + j];
    maxProbability[i] = mx;
  }

  return {
    mean: { data: meanData, rows: n, cols: k },
    std: { data: stdData, rows: n, cols: k },
    predictiveEntropy,
    expectedEntropy,
    mutualInformation,
    variationRatio,
    disagreement,
    maxProbability,
  };
}

/**
 * Entropy of each row of a single model's probability matrix, H[p_i] = −Σ_k p_ik log p_ik, in nats,
 * 0 · log 0 = 0. This is Pearce et al.'s U_entropy (2021, eq. 2) when `probs` = softmax(z).
 *
 * @param probs N×K probabilities (rows summing to 1 within 1e-6)
 * @returns Float64Array of N entropies in [0, log K]
 * @throws InputError naming `probs` (and the row) for non-finite values, values outside [0, 1], rows not summing to 1,
 *   fewer than 2 columns or an empty matrix.
 * @example
 * softmaxEntropy(fromRows([[0.5, 0.5], [1, 0]])) // Float64Array [0.6931…, 0]
 */
export function softmaxEntropy(probs: Matrix): Float64Array {
  assertProbabilities(probs, 'probs');
  const out = new Float64Array(probs.rows);
  for (let i = 0; i < probs.rows; i++) out[i] = entropyAt(probs.data, i * probs.cols, probs.cols);
  return out;
}

/**
 * Confidence of each row, max_k p_ik (Pearce et al.'s U_max = −max_k σ(z)_k is its negative).
 *
 * @param probs N×K probabilities (rows summing to 1 within 1e-6)
 * @returns Float64Array of N values in [1/K, 1]
 * @throws InputError naming `probs` (and the row) as `softmaxEntropy` does.
 * @example
 * maxProbability(fromRows([[0.2, 0.8], [0.5, 0.5]])) // Float64Array [0.8, 0.5]
 */
export function maxProbability(probs: Matrix): Float64Array {
  assertProbabilities(probs, 'probs');
  const out = new Float64Array(probs.rows);
  for (let i = 0; i < probs.rows; i++) {
    const off = i * probs.cols;
    let mx = probs.data[off];
    for (let j = 1; j < probs.cols; j++) if (probs.data[off + j] > mx) mx = probs.data[off + j];
    out[i] = mx;
  }
  return out;
}

/**
 * Summarise T regression samples (MC Dropout passes or Gaussian-head ensemble members) by the law of total
 * variance: Var[y] = E_t[σ²_t] + Var_t[μ_t] (aleatoric + epistemic). For an ensemble of Gaussians this is the
 * moment-matched Gaussian of the uniform mixture (Lakshminarayanan et al. 2017, §2.4); for MC Dropout with a
 * homoscedastic noise precision τ it is Gal & Ghahramani's predictive variance τ⁻¹ + (1/T) Σ_t μ_t² − μ̄²
 * (Gal 2016, eq. 3.12), computed here in the cancellation-free two-pass form.
 *
 * @param means predicted means, row-major T×N (sample t, row i at t·N + i)
 * @param variances per-sample noise variances σ²_ti (T×N, same layout, each ≥ 0), or one scalar noise variance 1/τ ≥ 0
 * @param t number of samples T ≥ 1
 * @param n number of rows N ≥ 1
 * @returns {mean, variance, aleatoric, epistemic}, each a Float64Array of length N (variance = aleatoric + epistemic)
 * @throws InputError naming `means` or `variances` (with the row) for a wrong length, a non-finite value or a
 *   negative variance; naming `t` or `n` for a bad dimension.
 * @example
 * // T = 2, N = 1: means 1 and 3, noise variances 0.5 and 1.5
 * summarizeRegressionSamples(new Float64Array([1, 3]), new Float64Array([0.5, 1.5]), 2, 1)
 * // → mean [2], aleatoric [1], epistemic [1], variance [2]
 */
export function summarizeRegressionSamples(
  means: Float64Array,
  variances: Float64Array | number,
  t: number,
  n: number,
): RegressionUncertainty {
  if (!(means instanceof Float64Array)) throw new InputError('means', 'must be a Float64Array (T×N row-major)');
  assertPositiveInteger(t, 't');
  assertPositiveInteger(n, 'n');
  if (means.length !== t * n) throw new InputError('means', `length ${means.length} does not match T×N = ${t}×${n} = ${t * n}`);
  for (let q = 0; q < means.length; q++) {
    if (!Number.isFinite(means[q])) throw new InputError('means', `contains ${means[q]} in sample ${Math.floor(q / n)}`, q % n);
  }
  const aleatoric = new Float64Array(n);
  if (typeof variances === 'number') {
    if (!Number.isFinite(variances) || variances < 0) {
      throw new InputError('variances', `scalar noise variance must be finite and ≥ 0, got ${variances}`);
    }
    aleatoric.fill(variances);
  } else {
    if (!(variances instanceof Float64Array)) throw new InputError('variances', 'must be a Float64Array (T×N) or a number');
    if (variances.length !== t * n) {
      throw new InputError('variances', `length ${variances.length} does not match T×N = ${t}×${n} = ${t * n}`);
    }
    for (let q = 0; q < variances.length; q++) {
      const v = variances[q];
      if (!Number.isFinite(v) || v < 0) {
        throw new InputError('variances', `variance ${v} in sample ${Math.floor(q / n)} is not finite and ≥ 0`, q % n);
      }
      aleatoric[q % n] += v;
    }
    for (let i = 0; i < n; i++) aleatoric[i] /= t;
  }
  const mean = new Float64Array(n);
  for (let q = 0; q < means.length; q++) mean[q % n] += means[q];
  for (let i = 0; i < n; i++) mean[i] /= t;
  const epistemic = new Float64Array(n);
  for (let q = 0; q < means.length; q++) {
    const d = means[q] - mean[q % n];
    epistemic[q % n] += d * d;
  }
  const variance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    epistemic[i] /= t;
    variance[i] = aleatoric[i] + epistemic[i];
  }
  return { mean, variance, aleatoric, epistemic };
}
