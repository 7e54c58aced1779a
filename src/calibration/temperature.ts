import { InputError, StateError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { brentMinimize } from '../core/optimize';
import { Calibrator, CalibratorState, CALIBRATOR_STATE_VERSION, checkFitInput, checkScores, requireFitted, stateFields } from './interface';

/** Options of `TemperatureScaling`. */
export interface TemperatureOptions {
  /** Smallest temperature searched. Below 0.05 the softmax is within rounding of one-hot for typical logits. @default 0.05 */
  readonly minTemperature?: number;
  /** Largest temperature searched. Above 20 the softmax is nearly uniform for typical logits. @default 20 */
  readonly maxTemperature?: number;
  /**
   * `'newton'`: safeguarded Newton on dNLL/dβ with β = 1/T (NLL is convex in β; each step costs one pass
   * computing NLL, its first and second derivative). `'brent'`: Brent's bounded search on log T using NLL
   * values only (the method of scipy's `minimize_scalar(bounded)`). Both find the same minimiser.
   * @default 'newton'
   */
  readonly solver?: 'newton' | 'brent';
  /** Relative tolerance on T (β = 1/T for Newton, log T for Brent) at which the search stops. @default 1e-9 */
  readonly tolerance?: number;
}

/** Result of one pass over the logits at inverse temperature β. */
interface NllPass {
  /** Mean NLL of softmax(β z). */
  nll: number;
  /** d mean NLL / dβ = mean_i (E_p[z] − z_y). */
  d1: number;
  /** d² mean NLL / dβ² = mean_i Var_p[z] ≥ 0 (hence convexity in β). */
  d2: number;
}

/**
 * Logits shifted so each row's maximum is 0 (d = z − max_k z_k ≤ 0), with the label's entry d_y per row:
 * computed once, so every pass below is exps and sums only.
 */
interface ShiftedLogits {
  readonly d: Float64Array;
  readonly dy: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

function shiftLogits(z: Float64Array, rows: number, cols: number, y: Int32Array, rowIndices?: ArrayLike<number>): ShiftedLogits {
  const n = rowIndices ? rowIndices.length : rows;
  const d = new Float64Array(n * cols);
  const dy = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const i = rowIndices ? rowIndices[r] : r;
    const off = i * cols;
    let m = z[off];
    for (let k = 1; k < cols; k++) if (z[off + k] > m) m = z[off + k];
    const o = r * cols;
    for (let k = 0; k < cols; k++) d[o + k] = z[off + k] - m;
    dy[r] = z[off + y[i]] - m;
  }
  return { d, dy, rows: n, cols };
}

/**
 * Mean NLL of softmax(β z) and its first two derivatives in β, in one pass. Per row, with d_k = z_k − max z,
 * e_k = exp(β d_k) (≤ 1, so nothing overflows), s_j = Σ_k e_k d_k^j:
 * NLL_i = log s_0 − β d_y, dNLL_i/dβ = s_1/s_0 − d_y, d²NLL_i/dβ² = s_2/s_0 − (s_1/s_0)².
 */
function nllPass(sl: ShiftedLogits, beta: number, wantDerivatives: boolean): NllPass {
  const { d, dy, rows, cols } = sl;
  let nll = 0;
  let d1 = 0;
  let d2 = 0;
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    let s0 = 0;
    if (wantDerivatives) {
      let s1 = 0;
      let s2 = 0;
      for (let k = 0; k < cols; k++) {
        const v = d[off + k];
        const e = Math.exp(beta * v);
        s0 += e;
        const ev = e * v;
        s1 += ev;
        s2 += ev * v;
      }
      const mean = s1 / s0;
      d1 += mean - dy[i];
      d2 += s2 / s0 - mean * mean;
    } else {
      for (let k = 0; k < cols; k++) s0 += Math.exp(beta * d[off + k]);
    }
    nll += Math.log(s0) - beta * dy[i];
  }
  return { nll: nll / rows, d1: d1 / rows, d2: d2 / rows };
}

/**
 * Temperature scaling (Guo et al. 2017, "On calibration of modern neural networks"): q = softmax(z / T)
 * with one T > 0 fitted by minimising the validation NLL over T ∈ [minTemperature, maxTemperature]
 * (default [0.05, 20]). Dividing all logits of a row by the same positive T keeps their order, so the
 * argmax (and accuracy) never changes.
 *
 * The NLL is convex in β = 1/T (its second derivative is the mean softmax variance of the logits), so the
 * default solver runs Newton's method on dNLL/dβ, falling back to bisection whenever a Newton step leaves
 * the current bracket. For N > 40 000 it first converges on an evenly spaced 20 000-row subsample, so the full
 * data needs only 2–4 passes (measured: 10⁶×10 logits in ~0.5 s CPU, about 1/3 of scipy's bounded search; see
 * bench/calibration.ts). T is found to a relative precision of ~1e-9. When the minimiser lies outside the bounds,
 * T is the nearest bound.
 *
 * @example
 * const t = new TemperatureScaling().fit(fromRows([[2, 0], [0, 2], [2, 0], [2, 0]]), [0, 1, 1, 0]);
 * t.temperature // 1.8204784532536746 = 2 / ln 3 (the NLL minimiser: σ(2/T) = 3/4, the accuracy)
 */
export class TemperatureScaling implements Calibrator {
  readonly kind = 'temperature';
  readonly input = 'logits' as const;
  readonly options: Required<TemperatureOptions>;
  private fittedTemperature?: number;
  private fittedClasses?: number;

  constructor(options: TemperatureOptions = {}) {
    const minTemperature = options.minTemperature ?? 0.05;
    const maxTemperature = options.maxTemperature ?? 20;
    if (!(minTemperature > 0) || !(maxTemperature > minTemperature) || !Number.isFinite(maxTemperature)) {
      throw new InputError('options', `need 0 < minTemperature < maxTemperature < ∞, got [${minTemperature}, ${maxTemperature}]`);
    }
    const solver = options.solver ?? 'newton';
    if (solver !== 'newton' && solver !== 'brent') throw new InputError('options.solver', `must be 'newton' or 'brent', got ${String(solver)}`);
    const tolerance = options.tolerance ?? 1e-9;
    if (!(tolerance > 0)) throw new InputError('options.tolerance', `must be > 0, got ${tolerance}`);
    this.options = { minTemperature, maxTemperature, solver, tolerance };
  }

  /** The fitted temperature T. @throws NotFittedError before `fit` */
  get temperature(): number {
    return requireFitted(this.fittedTemperature, 'TemperatureScaling');
  }

  /**
   * Fit T on validation logits.
   * @param scores N×K logits
   * @param labels N labels in 0..K−1
   * @throws InputError for bad scores/labels; FitError when only one class is present
   */
  fit(scores: Matrix, labels: ArrayLike<number>): this {
    const y = checkFitInput(scores, labels, 'logits', 'temperature');
    const { minTemperature, maxTemperature, solver, tolerance } = this.options;
    const { rows, cols } = scores;
    const lo = 1 / maxTemperature;
    const hi = 1 / minTemperature;
    if (solver === 'brent') {
      const sl = shiftLogits(scores.data, rows, cols, y);
      const r = brentMinimize((logT) => nllPass(sl, Math.exp(-logT), false).nll, Math.log(minTemperature), Math.log(maxTemperature), {
        xatol: tolerance,
      });
      this.fittedTemperature = Math.exp(r.x);
    } else {
      // Warm start on an evenly spaced subsample of ~20 000 rows (for large N): the full-data Newton steps
      // then start close to the answer and need 2–3 passes. The subsample only moves the starting point,
      // never the answer (the full-data optimum of a convex function).
      let start = 1;
      const sampleRows = 20000;
      if (rows > 2 * sampleRows) {
        const stride = rows / sampleRows;
        const idx = Int32Array.from({ length: sampleRows }, (_, r) => Math.floor(r * stride));
        start = newtonOnBeta(shiftLogits(scores.data, rows, cols, y, idx), lo, hi, 1e-6, 1);
      }
      this.fittedTemperature = 1 / newtonOnBeta(shiftLogits(scores.data, rows, cols, y), lo, hi, tolerance, start);
    }
    this.fittedClasses = cols;
    return this;
  }

  /** softmax(z / T) for N×K logits. @throws InputError on bad scores or a different K */
  predictProba(scores: Matrix): Matrix {
    const t = this.temperature;
    checkScores(scores, 'logits', this.fittedClasses);
    const { rows, cols, data } = scores;
    const out = new Float64Array(rows * cols);
    const inv = 1 / t;
    for (let i = 0; i < rows; i++) {
      const off = i * cols;
      let m = data[off];
      for (let k = 1; k < cols; k++) if (data[off + k] > m) m = data[off + k];
      let s = 0;
      for (let k = 0; k < cols; k++) {
        const e = Math.exp((data[off + k] - m) * inv);
        out[off + k] = e;
        s += e;
      }
      for (let k = 0; k < cols; k++) out[off + k] /= s;
    }
    return { data: out, rows, cols };
  }

  /** `{kind: 'temperature', version, classes, temperature, options}` */
  toJSON(): CalibratorState {
    return { kind: this.kind, version: CALIBRATOR_STATE_VERSION, classes: requireFitted(this.fittedClasses, 'TemperatureScaling'), temperature: this.temperature, options: { ...this.options } };
  }

  /** Restore from `toJSON()` output. @throws StateError on a wrong kind/version or corrupt fields */
  static fromJSON(state: unknown): TemperatureScaling {
    const s = stateFields.header(state, 'temperature');
    const options = (typeof s.options === 'object' && s.options !== null ? s.options : {}) as TemperatureOptions;
    let t: TemperatureScaling;
    try {
      t = new TemperatureScaling(options);
    } catch (e) {
      throw new StateError('state', `field 'options' is invalid: ${(e as Error).message}`);
    }
    t.fittedTemperature = stateFields.number(s, 'temperature', (v) => v > 0);
    t.fittedClasses = stateFields.integer(s, 'classes', 2);
    return t;
  }
}

/**
 * Minimise the convex mean NLL over β ∈ [lo, hi]: Newton steps on d1(β) = 0 kept inside a bracket that
 * shrinks with the sign of d1 (d1 is increasing), bisection when Newton would leave it. Stops when a step
 * is below tolerance·β, or when quadratic convergence predicts the next iterate's error (≈ c·step², with
 * c = |step| / previous step²) is below it: this saves the final pass that would only confirm the answer.
 */
function newtonOnBeta(sl: ShiftedLogits, lo: number, hi: number, tolerance: number, start: number): number {
  let beta = Math.min(Math.max(start, lo), hi);
  let a = lo;
  let b = hi;
  let previousStep = NaN;
  for (let iter = 0; iter < 100; iter++) {
    const { d1, d2 } = nllPass(sl, beta, true);
    if (d1 > 0) b = beta;
    else if (d1 < 0) a = beta;
    else return beta;
    // The optimum is at a bound when the derivative there still points outwards.
    if (beta === lo && d1 > 0) return lo;
    if (beta === hi && d1 < 0) return hi;
    let next = d2 > 0 ? beta - d1 / d2 : NaN;
    let newtonStep = true;
    if (!(next > a && next < b)) {
      newtonStep = false;
      // Newton left the bracket: go to the bound when the bracket still touches it (the optimum may be
      // that bound), otherwise bisect.
      if (d1 < 0 && b === hi && !(next <= hi)) next = hi;
      else if (d1 > 0 && a === lo && !(next >= lo)) next = lo;
      else next = 0.5 * (a + b);
    }
    const step = Math.abs(next - beta);
    if (step <= tolerance * beta || b - a <= tolerance * beta) return next;
    if (newtonStep && previousStep > 0 && step < previousStep) {
      const predictedError = (step / (previousStep * previousStep)) * step * step;
      if (predictedError <= tolerance * beta) return next;
    }
    previousStep = newtonStep ? step : NaN;
    beta = next;
  }
  return beta;
}
