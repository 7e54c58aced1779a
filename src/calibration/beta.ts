import { StateError } from '../core/errors';
import { OneVsRestCalibrator, singleClassSubproblem, stateObject } from './one-vs-rest';
import { stateFields } from './interface';

/**
 * A fitted beta map (Kull, Silva Filho & Flach 2017, "Beta calibration", the 3-parameter "abm" family):
 * q = σ(a·ln p − b·ln(1 − p) + c), with a, b ≥ 0.
 */
export interface BetaMap {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/**
 * p is clipped to [ε, 1 − ε] with ε = 2⁻⁵² (float64 machine epsilon, as in the paper's reference
 * implementation `betacal`) so that ln p and ln(1 − p) stay finite at p = 0 or 1.
 */
const BETA_CLIP = 2.220446049250313e-16;

/**
 * The reference implementation fits scikit-learn's `LogisticRegression(C=99999999999)`, whose objective
 * is Σ log-loss + ‖w‖² / (2C); we use the same tiny ridge so the answers agree (and stay finite on
 * separable data).
 */
const RIDGE = 1 / (2 * 99999999999);

/** Solve the small symmetric positive-definite system H x = g (Gaussian elimination with pivoting). */
function solveSmall(H: number[][], g: number[]): number[] {
  const n = g.length;
  const A = H.map((r, i) => [...r, g[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    for (let r = c + 1; r < n; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k <= n; k++) A[r][k] -= f * A[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = A[r][n];
    for (let k = r + 1; k < n; k++) s -= A[r][k] * x[k];
    x[r] = s / A[r][r];
  }
  return x;
}

/** softplus(x) = log(1 + e^x), without overflow or cancellation. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Logistic loss of one row with a 0/1 target: −log σ(u) = softplus(−u) when t = 1, −log(1 − σ(u)) =
 * softplus(u) when t = 0. Written this way (not softplus(u) − t·u) so that confidently right rows cost
 * ~e^−|u| exactly instead of the rounding error of a difference of two large numbers: on 10⁵ rows that
 * rounding is larger than the last Newton decreases and stalls the line search.
 */
function logisticLoss(u: number, t: number): number {
  return t ? softplus(-u) : softplus(u);
}

/**
 * Logistic regression with an intercept on one or two features by Newton's method with backtracking
 * (the loss is convex): minimises Σ_i [log(1 + e^{u_i}) − t_i u_i] + RIDGE·‖w‖², u_i = w·x_i + c.
 * The per-row loops are written out for at most two features (all beta calibration needs), keeping them
 * on scalars so one Newton step over 10⁵ rows costs a few milliseconds. Returns [w..., c].
 */
function logisticNewton(features: Float64Array[], t: Uint8Array): number[] {
  const d = features.length;
  if (d < 1 || d > 2) throw new RangeError(`logisticNewton takes 1 or 2 features, got ${d}`);
  const n = t.length;
  const x1 = features[0];
  const x2 = d === 2 ? features[1] : new Float64Array(n);
  const lossAt = (w1: number, w2: number, c: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += logisticLoss(w1 * x1[i] + w2 * x2[i] + c, t[i]);
    return s + RIDGE * (w1 * w1 + w2 * w2);
  };
  let w1 = 0;
  let w2 = 0;
  let c = 0;
  let f = lossAt(w1, w2, c);
  for (let iter = 0; iter < 200; iter++) {
    let g1 = 0, g2 = 0, gc = 0;
    let h11 = 0, h12 = 0, h1c = 0, h22 = 0, h2c = 0, hcc = 0;
    for (let i = 0; i < n; i++) {
      const a = x1[i];
      const b = x2[i];
      const u = w1 * a + w2 * b + c;
      // σ(u) and σ(u)(1 − σ(u)) = e/(1 + e)² with e = exp(−|u|): exact in the tails, where 1 − σ(u) would round to 0.
      const e = Math.exp(-Math.abs(u));
      const p = u >= 0 ? 1 / (1 + e) : e / (1 + e);
      const r = p - t[i];
      const v = e / ((1 + e) * (1 + e));
      g1 += r * a;
      g2 += r * b;
      gc += r;
      h11 += v * a * a;
      h12 += v * a * b;
      h1c += v * a;
      h22 += v * b * b;
      h2c += v * b;
      hcc += v;
    }
    g1 += 2 * RIDGE * w1;
    g2 += 2 * RIDGE * w2;
    h11 += 2 * RIDGE;
    h22 += 2 * RIDGE;
    if (Math.max(Math.abs(g1), Math.abs(g2), Math.abs(gc)) <= 1e-11 * Math.max(1, n)) break;
    const step =
      d === 2
        ? solveSmall([[h11, h12, h1c], [h12, h22, h2c], [h1c, h2c, hcc]], [g1, g2, gc])
        : (() => {
            const [s1, sc] = solveSmall([[h11, h1c], [h1c, hcc]], [g1, gc]);
            return [s1, 0, sc];
          })();
    const slope = -(step[0] * g1 + step[1] * g2 + step[2] * gc);
    let alpha = 1;
    let accepted = false;
    while (alpha >= 1e-12) {
      const n1 = w1 - alpha * step[0];
      const n2 = w2 - alpha * step[1];
      const nc = c - alpha * step[2];
      const fc = lossAt(n1, n2, nc);
      if (fc <= f + 1e-4 * alpha * slope && fc < f) {
        w1 = n1;
        w2 = n2;
        c = nc;
        f = fc;
        accepted = true;
        break;
      }
      alpha /= 2;
    }
    // No decrease possible any more: we are at the optimum to rounding.
    if (!accepted) break;
  }
  return d === 2 ? [w1, w2, c] : [w1, c];
}

/**
 * Fit beta calibration by logistic regression of the targets on the features [ln p, −ln(1 − p)]
 * (p clipped to [2⁻⁵², 1 − 2⁻⁵²]), giving a, b and the intercept c. The family assumes a, b ≥ 0
 * (a monotone map); following the paper's reference implementation, when the fit gives a < 0 the model is
 * refitted on −ln(1 − p) alone with a = 0, else when b < 0 it is refitted on ln p alone with b = 0.
 *
 * @param p probabilities of the positive class (N)
 * @param targets 0/1 (N)
 * @throws FitError naming `labels` when the targets are all 0 or all 1 (no finite fit)
 * @example
 * betaFit(Float64Array.of(0.1, 0.3, 0.6, 0.9, 0.4, 0.7), Uint8Array.of(0, 0, 1, 1, 1, 0)) // {a, b, c}
 */
export function betaFit(p: Float64Array, targets: Uint8Array, k = 1): BetaMap {
  const n = p.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += targets[i];
  if (positives === 0 || positives === n) throw singleClassSubproblem(k, positives, 'beta');
  const lnP = new Float64Array(n);
  const negLn1mP = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = Math.min(Math.max(p[i], BETA_CLIP), 1 - BETA_CLIP);
    lnP[i] = Math.log(q);
    negLn1mP[i] = -Math.log(1 - q);
  }
  const full = logisticNewton([lnP, negLn1mP], targets);
  if (full[0] < 0) {
    const r = logisticNewton([negLn1mP], targets);
    return { a: 0, b: r[0], c: r[1] };
  }
  if (full[1] < 0) {
    const r = logisticNewton([lnP], targets);
    return { a: r[0], b: 0, c: r[1] };
  }
  return { a: full[0], b: full[1], c: full[2] };
}

/**
 * σ(a ln p − b ln(1 − p) + c) with the same clip.
 *
 * @example
 * betaPredict({a: 1, b: 1, c: 0}, Float64Array.of(0.3)) // Float64Array [0.3] (the identity map, to rounding)
 */
export function betaPredict(map: BetaMap, p: Float64Array): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i], BETA_CLIP), 1 - BETA_CLIP);
    const u = map.a * Math.log(q) - map.b * Math.log(1 - q) + map.c;
    out[i] = 1 / (1 + Math.exp(-u));
  }
  return out;
}

/**
 * Beta calibration (Kull et al. 2017) on probabilities, a binary method (see `betaFit`): more flexible
 * than Platt's sigmoid (it contains the identity map, a = b = 1, c = 0) and monotone. Multi-class: one map
 * per class on p_k against 1[y = k], renormalised (see `OneVsRestCalibrator`); a class absent from the
 * validation labels makes its sub-problem single-class, which throws FitError naming `labels`.
 *
 * @example
 * const b = new BetaCalibration().fit(fromRows([[0.9, 0.1], [0.7, 0.3], [0.4, 0.6], [0.1, 0.9], [0.6, 0.4], [0.3, 0.7]]), [0, 0, 1, 1, 1, 0]);
 * b.predictProba(fromRows([[0.5, 0.5]])).cols // 2
 */
export class BetaCalibration extends OneVsRestCalibrator<BetaMap> {
  readonly kind = 'beta';
  readonly input = 'probabilities' as const;

  protected fitMap(scores: Float64Array, targets: Uint8Array, k: number): BetaMap {
    return betaFit(scores, targets, k);
  }
  protected applyMap(map: BetaMap, scores: Float64Array): Float64Array {
    return betaPredict(map, scores);
  }
  protected mapToJSON(map: BetaMap): unknown {
    return { a: map.a, b: map.b, c: map.c };
  }
  protected mapFromJSON(value: unknown, field: string): BetaMap {
    const o = stateObject(value, field);
    for (const key of ['a', 'b', 'c']) {
      const v = o[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new StateError('state', `field '${field}.${key}' is ${JSON.stringify(v)}, not a finite number`);
    }
    return { a: o.a as number, b: o.b as number, c: o.c as number };
  }
  protected optionsToJSON(): unknown {
    return {};
  }

  /** @throws StateError on a wrong kind/version or corrupt fields */
  static fromJSON(state: unknown): BetaCalibration {
    const s = stateFields.header(state, 'beta');
    return new BetaCalibration().restore(s);
  }
}
