/**
 * Shared internals of vector and matrix scaling: the objective "mean NLL of softmax(W z + b) plus a
 * penalty" and its gradient, in one pass over the logits. Not exported from the package index.
 */
import { FitError, InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { lbfgs, LbfgsResult } from '../core/optimize';

/** Penalty on the affine map; see `LinearScalingOptions`. */
export type LinearRegularization = 'none' | 'l2' | 'odir';

/** Options shared by `VectorScaling` and `MatrixScaling`. */
export interface LinearScalingOptions {
  /**
   * Penalty added to the mean NLL (K classes):
   * - `'none'`: none.
   * - `'l2'`: λ/K² Σ_jk (W_jk − δ_jk)² + μ/K Σ_k b_k² (shrinks towards the identity map, i.e. towards the
   *   uncalibrated model; for vector scaling the sum runs over the diagonal only, divided by K).
   * - `'odir'` (matrix only): Kull et al. 2019's off-diagonal and intercept regularisation,
   *   λ/(K(K−1)) Σ_{j≠k} W_jk² + μ/K Σ_k b_k² (the diagonal is free, so it contains vector scaling's freedom).
   * @default 'none'
   */
  readonly regularization?: LinearRegularization;
  /** λ, weight of the penalty on W (or on the scales). @default 0.01 */
  readonly lambda?: number;
  /** μ, weight of the penalty on the bias. @default 0.01 */
  readonly mu?: number;
  /** L-BFGS stops when max |∇| of the objective ≤ gtol. @default 1e-9 */
  readonly gtol?: number;
  /** L-BFGS iteration cap. @default 2000 */
  readonly maxIterations?: number;
}

/** Options with every default filled in. */
export type ResolvedLinearOptions = Required<LinearScalingOptions>;

/**
 * Fill in defaults and check ranges.
 * @throws InputError naming the option
 * @example
 * resolveLinearOptions({}, true).regularization // 'none'
 */
export function resolveLinearOptions(options: LinearScalingOptions, allowOdir: boolean): ResolvedLinearOptions {
  const regularization = options.regularization ?? 'none';
  const allowed: LinearRegularization[] = allowOdir ? ['none', 'l2', 'odir'] : ['none', 'l2'];
  if (!allowed.includes(regularization)) throw new InputError('options.regularization', `must be one of ${allowed.join(', ')}, got ${String(regularization)}`);
  const lambda = options.lambda ?? 0.01;
  const mu = options.mu ?? 0.01;
  const gtol = options.gtol ?? 1e-9;
  const maxIterations = options.maxIterations ?? 2000;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new InputError('options.lambda', `must be a finite number ≥ 0, got ${lambda}`);
  if (!(mu >= 0) || !Number.isFinite(mu)) throw new InputError('options.mu', `must be a finite number ≥ 0, got ${mu}`);
  if (!(gtol > 0)) throw new InputError('options.gtol', `must be > 0, got ${gtol}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InputError('options.maxIterations', `must be a positive integer, got ${maxIterations}`);
  return { regularization, lambda, mu, gtol, maxIterations };
}

/**
 * Without a penalty, a class missing from the validation labels sends its bias to −∞ (the NLL keeps
 * decreasing), so the fit has no minimiser: refuse it.
 * @throws FitError naming `labels`
 * @example
 * requireAllClassesUnlessRegularised(Int32Array.of(0, 1, 0), 3, resolveLinearOptions({}, true), 'matrix') // throws FitError (class 2)
 */
export function requireAllClassesUnlessRegularised(y: Int32Array, classes: number, options: ResolvedLinearOptions, method: string): void {
  if (options.regularization !== 'none' && options.mu > 0) return;
  const seen = new Uint8Array(classes);
  for (let i = 0; i < y.length; i++) seen[y[i]] = 1;
  for (let k = 0; k < classes; k++) {
    if (!seen[k]) {
      throw new FitError('labels', `class ${k} never occurs in the validation labels: unregularised ${method} scaling has no minimiser (its bias diverges); use regularization 'l2' or 'odir' with mu > 0, or temperature scaling`);
    }
  }
}

/**
 * u = W z + b for a full (matrix) or diagonal (vector) W. Parameter layout: matrix → W row-major (K²)
 * then b (K); vector → scales (K) then b (K).
 * @example
 * const u = new Float64Array(2); affineLogits(Float64Array.of(1, 2), 0, 2, Float64Array.of(2, 3, 0, 1), true, u); u // [2, 7]
 */
export function affineLogits(z: Float64Array, off: number, K: number, params: Float64Array, diagonal: boolean, u: Float64Array): void {
  const bOff = diagonal ? K : K * K;
  if (diagonal) {
    for (let k = 0; k < K; k++) u[k] = params[k] * z[off + k] + params[bOff + k];
  } else {
    for (let k = 0; k < K; k++) {
      let s = params[bOff + k];
      const w = k * K;
      for (let j = 0; j < K; j++) s += params[w + j] * z[off + j];
      u[k] = s;
    }
  }
}

/** Softmax of `u` in place, stably (max subtracted); returns log Σ exp(u) for the NLL. */
function softmaxInPlace(u: Float64Array, K: number): number {
  let m = u[0];
  for (let k = 1; k < K; k++) if (u[k] > m) m = u[k];
  let s = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp(u[k] - m);
    u[k] = e;
    s += e;
  }
  for (let k = 0; k < K; k++) u[k] /= s;
  return m + Math.log(s);
}

/**
 * Mean NLL of softmax(affine(z)) plus penalty, and its gradient (one pass): for row i with
 * p = softmax(u_i), ∂NLL_i/∂u = p − onehot(y_i), so ∂/∂W_kj = (p_k − 1[k = y]) z_j and ∂/∂b_k = p_k − 1[k = y].
 * @example
 * linearObjective(z, y, true, resolveLinearOptions({}, false))(params, grad) // mean NLL; grad filled
 */
export function linearObjective(z: Matrix, y: Int32Array, diagonal: boolean, options: ResolvedLinearOptions) {
  const K = z.cols;
  const N = z.rows;
  const data = z.data;
  const bOff = diagonal ? K : K * K;
  const u = new Float64Array(K);
  return (params: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let nll = 0;
    for (let i = 0; i < N; i++) {
      const off = i * K;
      affineLogits(data, off, K, params, diagonal, u);
      const yi = y[i];
      const uy = u[yi];
      const lse = softmaxInPlace(u, K);
      nll += lse - uy;
      u[yi] -= 1; // now u = p − onehot(y) = ∂NLL_i/∂u
      for (let k = 0; k < K; k++) {
        const g = u[k];
        grad[bOff + k] += g;
        if (diagonal) grad[k] += g * data[off + k];
        else {
          const w = k * K;
          for (let j = 0; j < K; j++) grad[w + j] += g * data[off + j];
        }
      }
    }
    const inv = 1 / N;
    for (let p = 0; p < grad.length; p++) grad[p] *= inv;
    let f = nll * inv;
    const { regularization, lambda, mu } = options;
    if (regularization !== 'none') {
      const wScale = diagonal ? lambda / K : regularization === 'odir' ? (K > 1 ? lambda / (K * (K - 1)) : 0) : lambda / (K * K);
      if (diagonal) {
        for (let k = 0; k < K; k++) {
          const d = params[k] - 1;
          f += wScale * d * d;
          grad[k] += 2 * wScale * d;
        }
      } else {
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < K; j++) {
            const w = params[k * K + j];
            if (regularization === 'odir') {
              if (j === k) continue;
              f += wScale * w * w;
              grad[k * K + j] += 2 * wScale * w;
            } else {
              const d = w - (j === k ? 1 : 0);
              f += wScale * d * d;
              grad[k * K + j] += 2 * wScale * d;
            }
          }
        }
      }
      const bScale = mu / K;
      for (let k = 0; k < K; k++) {
        const b = params[bOff + k];
        f += bScale * b * b;
        grad[bOff + k] += 2 * bScale * b;
      }
    }
    return f;
  };
}

/**
 * Mean NLL below which the validation rows count as perfectly separated by the fitted map: every row then
 * gets probability > 1 − 1e-7 for its own label. A single misclassified row among N keeps the mean NLL
 * above ~log(2)/N, far above this for any realistic N.
 */
const SEPARATED_NLL = 1e-7;

/**
 * Fit by L-BFGS from the identity map (W = I, b = 0).
 * @throws FitError naming `labels` when the validation rows are perfectly separated and the penalty does
 *   not bound every direction ('none', or 'odir' whose diagonal is free): the weights then grow without
 *   bound and the "calibrated" map is as overconfident as the optimiser's stopping point happens to be.
 * @example fitLinear(z, y, false, resolveLinearOptions({}, true)).x // K² + K parameters
 */
export function fitLinear(z: Matrix, y: Int32Array, diagonal: boolean, options: ResolvedLinearOptions): LbfgsResult {
  const K = z.cols;
  const x0 = new Float64Array(diagonal ? 2 * K : K * K + K);
  if (diagonal) x0.fill(1, 0, K);
  else for (let k = 0; k < K; k++) x0[k * K + k] = 1;
  const r = lbfgs(linearObjective(z, y, diagonal, options), x0, { gtol: options.gtol, maxIterations: options.maxIterations });
  const bounded = options.regularization === 'l2' && options.lambda > 0 && options.mu > 0;
  if (!bounded && r.fx < SEPARATED_NLL) {
    throw new FitError(
      'labels',
      `the ${z.rows} validation rows are perfectly separated by ${diagonal ? 'vector' : 'matrix'} scaling (mean NLL ${r.fx.toExponential(2)} → 0): ` +
        `with regularization '${options.regularization}' there is no finite fit (the weights grow without bound). ` +
        `Use regularization 'l2', temperature scaling, or a larger validation set.`,
    );
  }
  return r;
}

/** softmax(W z + b) for every row. @example predictLinear(fromRows([[0, 0]]), Float64Array.of(1, 1, 0, 0), true).data // Float64Array [0.5, 0.5] */
export function predictLinear(z: Matrix, params: Float64Array, diagonal: boolean): Matrix {
  const K = z.cols;
  const out = new Float64Array(z.rows * K);
  const u = new Float64Array(K);
  for (let i = 0; i < z.rows; i++) {
    affineLogits(z.data, i * K, K, params, diagonal, u);
    softmaxInPlace(u, K);
    out.set(u, i * K);
  }
  return { data: out, rows: z.rows, cols: K };
}
