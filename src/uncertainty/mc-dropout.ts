/**
 * Monte Carlo Dropout (Gal & Ghahramani 2016): keep dropout active at prediction time and average T stochastic
 * forward passes; the spread of the T predictions estimates the epistemic uncertainty.
 *
 * Efficient by construction, not by loop:
 * - the deterministic layers before the first dropout layer are computed ONCE for the N rows (with the default
 *   placement that is the first hidden layer; with `last-hidden` everything but the output layer);
 * - the T samples go through the remaining layers as one tall batch: the cached activations are tiled T times
 *   (T·N rows, sample-major) and multiplied by the shared weights in one matMul per layer, in chunks that bound
 *   memory (`maxChunkElements`);
 * - masks are seeded per (seed, sample t, layer, row) (see models/dropout-masks), so the result does not depend
 *   on the chunking and equals a plain loop over t with the same masks.
 * Everything except dropout is in inference mode (there is no batch norm; nothing else is stochastic).
 *
 * The summary statistics come from `./measures` (summarizeClassificationSamples / summarizeRegressionSamples).
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { BackendInfo } from '../models/backend';
import { fillDropoutMask } from '../models/dropout-masks';
import { Mlp, denseForward, dropoutLayers } from '../models/mlp';
import { ClassificationUncertainty, RegressionUncertainty, summarizeClassificationSamples, summarizeRegressionSamples } from './measures';

/** Options of MC Dropout prediction. */
export interface McDropoutOptions {
  /** Number of stochastic forward passes T. @default 30 */
  samples?: number;
  /** Seed of the dropout masks. @default 0 */
  seed?: number;
  /** Also return the per-sample predictions (T×N×K probabilities, or T×N means and variances). @default false */
  returnSamples?: boolean;
  /**
   * Memory budget: the most float32 values one layer's activations may hold in one chunk (rows × width).
   * @default 8388608 (2²³ floats = 32 MiB)
   */
  maxChunkElements?: number;
}

/** MC Dropout classification: U's per-row uncertainty summary plus, on request, the samples. */
export interface McDropoutClassification extends ClassificationUncertainty {
  /** Per-sample probabilities, row-major T×N×K (sample t, row i, class k at (t·N + i)·K + k); only with `returnSamples`. */
  readonly samples?: Float64Array;
  /** T, N, K. */
  readonly t: number;
  readonly n: number;
  readonly k: number;
  /** Backend that computed it. */
  readonly backend: BackendInfo;
}

/** Options of MC Dropout regression. */
export interface McDropoutRegressionOptions extends McDropoutOptions {
  /**
   * Homoscedastic noise variance τ⁻¹ to use as the aleatoric term instead of the Gaussian head's σ²(x)
   * (Gal & Ghahramani's τ, e.g. chosen on validation data). @default undefined (use the head's σ²)
   */
  noiseVariance?: number;
}

/** MC Dropout regression: predictive mean and variance (law of total variance), on request the samples. */
export interface McDropoutRegression extends RegressionUncertainty {
  /** Per-sample means μ_t(x_i), row-major T×N; only with `returnSamples`. */
  readonly sampleMeans?: Float64Array;
  /** Per-sample Gaussian-head variances σ²_t(x_i), row-major T×N; only with `returnSamples`. */
  readonly sampleVariances?: Float64Array;
  readonly t: number;
  readonly n: number;
  readonly backend: BackendInfo;
}

interface ResolvedMcOptions {
  samples: number;
  seed: number;
  maxChunkElements: number;
}

function resolveOptions(options: McDropoutOptions): ResolvedMcOptions {
  const r = { samples: options.samples ?? 30, seed: options.seed ?? 0, maxChunkElements: options.maxChunkElements ?? 2 ** 23 };
  if (!Number.isInteger(r.samples) || r.samples < 1) throw new InputError('options.samples', `must be a positive integer, got ${r.samples}`);
  if (!Number.isFinite(r.seed)) throw new InputError('options.seed', `must be a finite number, got ${r.seed}`);
  if (!Number.isInteger(r.maxChunkElements) || r.maxChunkElements < 1) {
    throw new InputError('options.maxChunkElements', `must be a positive integer, got ${r.maxChunkElements}`);
  }
  return r;
}

/**
 * Raw MC Dropout outputs: T stochastic passes of the network's last layer (logits, or the Gaussian head's
 * (μ, s) pre-activations), float32 values widened to float64, row-major T×N×units.
 *
 * @param model an MLP with dropout (dropoutRate > 0)
 * @param x N×D inputs
 * @returns {data: T×N×units, t, n, units}
 * @throws InputError naming `model` (no dropout layer), `x`, or `options.<field>`
 * @example
 * mcDropoutRawOutputs(model, x, { samples: 30 }).data.length // 30 · N · K
 */
export function mcDropoutRawOutputs(model: Mlp, x: Matrix, options: McDropoutOptions = {}): { data: Float64Array; t: number; n: number; units: number } {
  model.assertUsable();
  const opts = resolveOptions(options);
  model.checkInput(x, 'x');
  const cfg = model.config;
  const drop = dropoutLayers(cfg);
  const first = drop.indexOf(true);
  if (first < 0) throw new InputError('model', 'has no dropout (dropoutRate 0): MC Dropout needs a model trained with dropout');
  const widths = [cfg.inputDim, ...cfg.hiddenUnits];
  const units = cfg.task === 'classification' ? cfg.outputDim : 2;
  const maxWidth = Math.max(units, ...widths.slice(first));
  const T = opts.samples;
  const n = x.rows;
  const out = new Float64Array(T * n * units);
  // Rows per block so that one sample's activations fit the budget; then as many samples per chunk as fit.
  const blockRows = Math.max(1, Math.min(n, Math.floor(opts.maxChunkElements / maxWidth)));
  const maskBuffers: Float32Array[] = [];
  for (let r0 = 0; r0 < n; r0 += blockRows) {
    const rows = Math.min(blockRows, n - r0);
    const chunkSamples = Math.max(1, Math.min(T, Math.floor(opts.maxChunkElements / (rows * maxWidth))));
    // Deterministic prefix (layers before the first dropout), once per block of rows, not once per sample.
    const prefix = tf.tidy(() => {
      const xb = tf.tensor2d(Float32Array.from(x.data.subarray(r0 * x.cols, (r0 + rows) * x.cols)), [rows, x.cols]);
      return denseForward(model.variables, cfg, xb, 0, undefined, first);
    });
    try {
      for (let t0 = 0; t0 < T; t0 += chunkSamples) {
        const c = Math.min(chunkSamples, T - t0);
        const result = tf.tidy(() => {
          const tiled = c === 1 ? prefix : tf.tile(prefix, [c, 1]);
          return denseForward(model.variables, cfg, tiled, first, (layer, tallRows, width) => {
            const size = tallRows * width;
            let buf = maskBuffers[layer];
            if (!buf || buf.length !== size) buf = maskBuffers[layer] = new Float32Array(size);
            for (let s = 0; s < c; s++) fillDropoutMask(buf, s * rows * width, rows, width, r0, opts.seed, t0 + s, layer, cfg.dropoutRate);
            return tf.tensor2d(buf, [tallRows, width]);
          });
        });
        const values = result.dataSync() as Float32Array;
        result.dispose();
        for (let s = 0; s < c; s++) {
          out.set(values.subarray(s * rows * units, (s + 1) * rows * units), ((t0 + s) * n + r0) * units);
        }
      }
    } finally {
      prefix.dispose();
    }
  }
  return { data: out, t: T, n, units };
}

/**
 * MC Dropout classification: T stochastic passes → probabilities (softmax in float64 on the float32 logits, so
 * each row sums to 1 to machine precision) → `summarizeClassificationSamples` (mean, std, predictive entropy,
 * expected entropy = aleatoric, mutual information = epistemic, variation ratio, disagreement).
 *
 * @param model a classification MLP trained with dropout
 * @param x N×D inputs
 * @param options samples T (default 30), seed, returnSamples, maxChunkElements
 * @throws InputError naming `model`, `x` or `options.<field>`; StateError for a regression model
 * @example
 * const u = mcDropoutPredict(model, x, { samples: 30, seed: 1 });
 * u.mean.rows === x.rows; u.mutualInformation[0] >= 0 // true
 */
export function mcDropoutPredict(model: Mlp, x: Matrix, options: McDropoutOptions = {}): McDropoutClassification {
  if (model.config.task !== 'classification') throw new InputError('model', 'mcDropoutPredict needs a classification model; use mcDropoutRegression');
  const raw = mcDropoutRawOutputs(model, x, options);
  const probs = softmaxInPlace(raw.data, raw.units);
  const summary = summarizeClassificationSamples(probs, raw.t, raw.n, raw.units);
  return { ...summary, ...(options.returnSamples ? { samples: probs } : {}), t: raw.t, n: raw.n, k: raw.units, backend: model.backend };
}

/**
 * MC Dropout regression with a Gaussian head: per pass t the head gives μ_t(x) and σ²_t(x); the predictive
 * variance is E_t[σ²_t] + Var_t[μ_t] (`summarizeRegressionSamples`). With `noiseVariance` = τ⁻¹ the aleatoric
 * term is that constant instead (Gal & Ghahramani 2016, eq. 8: Var ≈ τ⁻¹ + (1/T)Σ μ_t² − μ̄²).
 *
 * @param model a regression MLP trained with dropout
 * @param x N×D inputs
 * @throws InputError naming `model`, `x` or `options.<field>`
 * @example
 * const r = mcDropoutRegression(model, x, { samples: 50 });
 * r.variance[0] === r.aleatoric[0] + r.epistemic[0] // true
 */
export function mcDropoutRegression(model: Mlp, x: Matrix, options: McDropoutRegressionOptions = {}): McDropoutRegression {
  if (model.config.task !== 'regression') throw new InputError('model', 'mcDropoutRegression needs a regression model; use mcDropoutPredict');
  if (options.noiseVariance !== undefined && !(options.noiseVariance >= 0 && Number.isFinite(options.noiseVariance))) {
    throw new InputError('options.noiseVariance', `must be finite and ≥ 0, got ${options.noiseVariance}`);
  }
  const raw = mcDropoutRawOutputs(model, x, options);
  const { means, variances } = gaussianHeadFromRaw(raw.data, model.config.minVariance);
  const summary = summarizeRegressionSamples(means, options.noiseVariance ?? variances, raw.t, raw.n);
  return {
    ...summary,
    ...(options.returnSamples ? { sampleMeans: means, sampleVariances: variances } : {}),
    t: raw.t,
    n: raw.n,
    backend: model.backend,
  };
}

/**
 * Row-wise softmax in float64, in place over a flat array of rows of `k` logits (max subtracted first so no
 * exponent overflows). Returns its argument.
 *
 * @example
 * softmaxInPlace(new Float64Array([0, 0, 1, 1]), 2) // Float64Array [0.5, 0.5, 0.5, 0.5]
 */
export function softmaxInPlace(values: Float64Array, k: number): Float64Array {
  for (let off = 0; off < values.length; off += k) {
    let mx = -Infinity;
    for (let j = 0; j < k; j++) if (values[off + j] > mx) mx = values[off + j];
    let s = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(values[off + j] - mx);
      values[off + j] = e;
      s += e;
    }
    for (let j = 0; j < k; j++) values[off + j] /= s;
  }
  return values;
}

/**
 * Split flat (μ, s) pairs into means and variances σ² = softplus(s) + minVariance, in float64.
 * softplus(s) = max(s, 0) + log1p(exp(−|s|)) never overflows.
 *
 * @example
 * gaussianHeadFromRaw(new Float64Array([2, 0]), 0) // means [2], variances [log 2 ≈ 0.6931]
 */
export function gaussianHeadFromRaw(raw: Float64Array, minVariance: number): { means: Float64Array; variances: Float64Array } {
  const m = raw.length / 2;
  const means = new Float64Array(m);
  const variances = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    means[i] = raw[2 * i];
    const s = raw[2 * i + 1];
    variances[i] = Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))) + minVariance;
  }
  return { means, variances };
}
