/**
 * Small, dependency-free optimisers used by the fitted calibrators:
 * - `brentMinimize`: bounded 1-D minimisation (Brent 1973, the `fmin` of Forsythe, Malcolm & Moler 1977;
 *   the same algorithm as scipy's `minimize_scalar(method='bounded')`).
 * - `lbfgs`: limited-memory BFGS (Nocedal 1980; Nocedal & Wright 2006, Alg. 7.4/7.5) with a
 *   backtracking Armijo line search, for smooth unconstrained problems with an analytic gradient.
 */

/** Options of `brentMinimize`. */
export interface BrentOptions {
  /**
   * Absolute tolerance on x; the search stops when the bracket around the minimiser is about
   * `2 * (sqrt(eps) * |x| + xatol / 3)` wide (scipy's rule).
   * @default 1e-10
   */
  readonly xatol?: number;
  /** Maximum number of function evaluations. @default 500 */
  readonly maxEvaluations?: number;
}

/** Result of a 1-D minimisation. */
export interface ScalarMinimum {
  /** The minimiser found, inside [lo, hi]. */
  readonly x: number;
  /** f(x). */
  readonly fx: number;
  /** Number of calls to f. */
  readonly evaluations: number;
  /** False when `maxEvaluations` was reached before the tolerance. */
  readonly converged: boolean;
}

/**
 * Minimise f on [lo, hi] by Brent's method: golden-section steps, replaced by parabolic interpolation
 * steps whenever the parabola is trustworthy. Never evaluates f outside (lo, hi). For a unimodal f it
 * converges to the minimiser; otherwise to a local minimiser.
 *
 * @param f the function to minimise
 * @param lo lower bound (finite)
 * @param hi upper bound (finite, > lo)
 * @throws RangeError when the bounds are not finite or lo ≥ hi
 * @example
 * brentMinimize((x) => (x - 2) ** 2, 0, 5).x // 2 (to ~1e-10)
 */
export function brentMinimize(f: (x: number) => number, lo: number, hi: number, options: BrentOptions = {}): ScalarMinimum {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) throw new RangeError(`bounds must be finite with lo < hi, got [${lo}, ${hi}]`);
  const xatol = options.xatol ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 500;
  const sqrtEps = Math.sqrt(2.220446049250313e-16);
  const goldenMean = 0.5 * (3 - Math.sqrt(5));
  let a = lo;
  let b = hi;
  let fulc = a + goldenMean * (b - a);
  let nfc = fulc;
  let xf = fulc;
  let rat = 0;
  let e = 0;
  let fx = f(xf);
  let evaluations = 1;
  let ffulc = fx;
  let fnfc = fx;
  let xm = 0.5 * (a + b);
  let tol1 = sqrtEps * Math.abs(xf) + xatol / 3;
  let tol2 = 2 * tol1;
  let converged = true;
  while (Math.abs(xf - xm) > tol2 - 0.5 * (b - a)) {
    let golden = true;
    if (Math.abs(e) > tol1) {
      golden = false;
      let r = (xf - nfc) * (fx - ffulc);
      let q = (xf - fulc) * (fx - fnfc);
      let p = (xf - fulc) * q - (xf - nfc) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      r = e;
      e = rat;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
        rat = p / q;
        const x = xf + rat;
        if (x - a < tol2 || b - x < tol2) rat = tol1 * (xm - xf >= 0 ? 1 : -1);
      } else {
        golden = true;
      }
    }
    if (golden) {
      e = xf >= xm ? a - xf : b - xf;
      rat = goldenMean * e;
    }
    const si = rat >= 0 ? 1 : -1;
    const x = xf + si * Math.max(Math.abs(rat), tol1);
    const fu = f(x);
    evaluations += 1;
    if (fu <= fx) {
      if (x >= xf) a = xf;
      else b = xf;
      fulc = nfc;
      ffulc = fnfc;
      nfc = xf;
      fnfc = fx;
      xf = x;
      fx = fu;
    } else {
      if (x < xf) a = x;
      else b = x;
      if (fu <= fnfc || nfc === xf) {
        fulc = nfc;
        ffulc = fnfc;
        nfc = x;
        fnfc = fu;
      } else if (fu <= ffulc || fulc === xf || fulc === nfc) {
        fulc = x;
        ffulc = fu;
      }
    }
    xm = 0.5 * (a + b);
    tol1 = sqrtEps * Math.abs(xf) + xatol / 3;
    tol2 = 2 * tol1;
    if (evaluations >= maxEvaluations) {
      converged = false;
      break;
    }
  }
  return { x: xf, fx, evaluations, converged };
}

/**
 * A smooth objective with its gradient: writes ∇f(x) into `grad` (same length as x) and returns f(x).
 * Computing both in one call lets an objective share one pass over the data.
 */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of `lbfgs`. */
export interface LbfgsOptions {
  /** Number of (s, y) correction pairs kept. @default 10 */
  readonly memory?: number;
  /** Maximum number of iterations (line searches). @default 1000 */
  readonly maxIterations?: number;
  /** Stop when max_i |∇f_i| ≤ gtol. @default 1e-9 */
  readonly gtol?: number;
  /**
   * Stop when the relative decrease (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol.
   * The default is near machine precision so that `gtol` normally decides.
   * @default 1e-15
   */
  readonly ftol?: number;
}

/** Result of `lbfgs`. */
export interface LbfgsResult {
  /** The minimiser found (a new array; x0 is not modified). */
  readonly x: Float64Array;
  /** f(x). */
  readonly fx: number;
  /** max_i |∇f_i(x)|. */
  readonly gradientMaxAbs: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** True when the gtol or ftol test stopped the run (not maxIterations or a failed line search). */
  readonly converged: boolean;
  /** Why the run stopped. */
  readonly reason: 'gtol' | 'ftol' | 'maxIterations' | 'lineSearch';
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * Minimise a smooth function by L-BFGS. The search direction comes from the two-loop recursion over the
 * last `memory` pairs s = x_{k+1} − x_k, y = ∇f_{k+1} − ∇f_k, scaled by γ = sᵀy / yᵀy (Nocedal & Wright
 * eq. 7.20). The step length comes from backtracking on the Armijo condition f(x + αd) ≤ f(x) + 1e-4·α·∇fᵀd,
 * starting from α = 1 (from α = 1/‖∇f‖ on the first iteration, where d = −∇f has no useful scale).
 * A pair is stored only when sᵀy > 1e-10·‖s‖‖y‖, which keeps the implicit Hessian positive definite
 * without a Wolfe line search. When the L-BFGS direction is not a descent direction the memory is
 * cleared and steepest descent is used.
 *
 * @param fg objective and gradient (see `ObjectiveWithGradient`)
 * @param x0 starting point (not modified)
 * @example
 * // f(x) = (x0 − 1)² + 10 (x1 + 2)²
 * lbfgs((x, g) => { g[0] = 2 * (x[0] - 1); g[1] = 20 * (x[1] + 2); return (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2; },
 *   new Float64Array([0, 0])).x // Float64Array [1, -2] (to ~1e-9)
 */
export function lbfgs(fg: ObjectiveWithGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 1000;
  const gtol = options.gtol ?? 1e-9;
  const ftol = options.ftol ?? 1e-15;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = fg(x, g);
  let evaluations = 1;
  if (!Number.isFinite(fx)) throw new RangeError(`objective is ${fx} at the starting point`);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const alpha = new Float64Array(m);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let iterations = 0;
  let reason: LbfgsResult['reason'] = 'maxIterations';
  if (maxAbs(g) <= gtol) reason = 'gtol';
  else {
    for (; iterations < maxIterations; iterations++) {
      // Two-loop recursion: d = −H_k ∇f.
      for (let i = 0; i < n; i++) d[i] = -g[i];
      for (let j = S.length - 1; j >= 0; j--) {
        alpha[j] = rho[j] * dot(S[j], d);
        const yj = Y[j];
        for (let i = 0; i < n; i++) d[i] -= alpha[j] * yj[i];
      }
      if (S.length > 0) {
        const last = S.length - 1;
        const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
        for (let i = 0; i < n; i++) d[i] *= gamma;
      }
      for (let j = 0; j < S.length; j++) {
        const beta = rho[j] * dot(Y[j], d);
        const sj = S[j];
        for (let i = 0; i < n; i++) d[i] += (alpha[j] - beta) * sj[i];
      }
      let slope = dot(g, d);
      if (!(slope < 0)) {
        S.length = 0;
        Y.length = 0;
        rho.length = 0;
        for (let i = 0; i < n; i++) d[i] = -g[i];
        slope = dot(g, d);
      }
      let step = S.length === 0 ? 1 / Math.max(Math.sqrt(-slope), 1e-300) : 1;
      let fNew = Infinity;
      let accepted = false;
      for (let tries = 0; tries < 60; tries++) {
        for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
        fNew = fg(xNew, gNew);
        evaluations += 1;
        if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) {
        reason = 'lineSearch';
        break;
      }
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = xNew[i] - x[i];
        y[i] = gNew[i] - g[i];
      }
      const sy = dot(s, y);
      if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
        if (S.length === m) {
          S.shift();
          Y.shift();
          rho.shift();
        }
        S.push(s);
        Y.push(y);
        rho.push(1 / sy);
      }
      const fOld = fx;
      [x, xNew] = [xNew, x];
      [g, gNew] = [gNew, g];
      fx = fNew;
      if (maxAbs(g) <= gtol) {
        reason = 'gtol';
        iterations += 1;
        break;
      }
      if ((fOld - fx) / Math.max(Math.abs(fOld), Math.abs(fx), 1) <= ftol) {
        reason = 'ftol';
        iterations += 1;
        break;
      }
    }
  }
  return { x, fx, gradientMaxAbs: maxAbs(g), iterations, evaluations, converged: reason === 'gtol' || reason === 'ftol', reason };
}
