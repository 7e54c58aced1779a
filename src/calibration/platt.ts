import { InputError, StateError } from '../core/errors';
import { OneVsRestCalibrator, constructFromState, stateObject } from './one-vs-rest';
import { stateFields } from './interface';

/** A fitted Platt map: P(y = 1 | f) = σ(a·f + b). (scikit-learn's `_sigmoid_calibration` returns A = −a, B = −b.) */
export interface PlattMap {
  readonly a: number;
  readonly b: number;
}

/** Options of `PlattScaling`. */
export interface PlattOptions {
  /** Newton stops when both gradient components (of the summed loss) are below tolerance·max(1, N). @default 1e-12 */
  readonly tolerance?: number;
  /** Newton iteration cap. @default 100 */
  readonly maxIterations?: number;
}

/** log(1 + exp(x)) without overflow. */
function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Fit Platt's sigmoid σ(a·f + b) to scores f and 0/1 targets by Newton's method with a backtracking line
 * search, as in Lin, Lin & Weng 2007 ("A note on Platt's probabilistic outputs for support vector
 * machines", Algorithm 1), on Platt's smoothed targets: t⁺ = (N₊ + 1)/(N₊ + 2) for positives,
 * t⁻ = 1/(N₋ + 2) for negatives (a Bayesian prior that keeps a, b finite even on separable data).
 * The loss Σ −t log σ − (1 − t) log(1 − σ) is convex; every log is taken through log1pExp, so no clip is needed.
 * Starts at a = 0, b = log((N₊ + 1)/(N₋ + 1)) like Platt and scikit-learn.
 *
 * @param f scores (N), e.g. logits
 * @param targets 0/1 (N)
 * @example
 * plattFit(Float64Array.of(-2, -1, 1, 2), Uint8Array.of(0, 0, 1, 1)) // {a: 0.6739963939839231, b: ≈0 (−2.2e-16)}
 */
export function plattFit(f: Float64Array, targets: Uint8Array, options: PlattOptions = {}): PlattMap {
  const n = f.length;
  const tolerance = (options.tolerance ?? 1e-12) * Math.max(1, n);
  const maxIterations = options.maxIterations ?? 100;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += targets[i];
  const nNeg = n - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  // Lin et al. write P = 1/(1 + exp(A f + B)); we keep their A, B inside and return a = −A, b = −B.
  let A = 0;
  let B = Math.log((nNeg + 1) / (nPos + 1));
  const loss = (A_: number, B_: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const t = targets[i] ? hi : lo;
      const u = f[i] * A_ + B_;
      // −t log P − (1−t) log(1−P) with P = 1/(1+e^u): = t·log(1+e^u) + (1−t)·log(1+e^{−u}) = log(1+e^u) − (1−t)·u
      s += log1pExp(u) - (1 - t) * u;
    }
    return s;
  };
  let fval = loss(A, B);
  for (let iter = 0; iter < maxIterations; iter++) {
    // Tiny ridge on the Hessian (Lin et al.'s σ = 1e-12) keeps it invertible when all f are equal.
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const t = targets[i] ? hi : lo;
      const u = f[i] * A + B;
      let p: number;
      let q: number;
      if (u >= 0) {
        const e = Math.exp(-u);
        p = e / (1 + e);
        q = 1 / (1 + e);
      } else {
        const e = Math.exp(u);
        p = 1 / (1 + e);
        q = e / (1 + e);
      }
      const d2 = p * q;
      h11 += f[i] * f[i] * d2;
      h22 += d2;
      h21 += f[i] * d2;
      const d1 = t - p;
      g1 += f[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < tolerance && Math.abs(g2) < tolerance) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    let accepted = false;
    while (step >= 1e-10) {
      const newA = A + step * dA;
      const newB = B + step * dB;
      const newF = loss(newA, newB);
      // Strict decrease, as in Lin et al. (a step that only rounds to the same loss is no progress).
      if (newF < fval + 1e-4 * step * gd) {
        A = newA;
        B = newB;
        fval = newF;
        accepted = true;
        break;
      }
      step /= 2;
    }
    // No decrease possible any more: we are at the optimum to rounding.
    if (!accepted) break;
  }
  return { a: -A + 0, b: -B + 0 };
}

/**
 * σ(a·f + b) for each score.
 *
 * @example
 * plattPredict({a: 2, b: 0}, Float64Array.of(0)) // Float64Array [0.5]
 */
export function plattPredict(map: PlattMap, f: Float64Array): Float64Array {
  const out = new Float64Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = 1 / (1 + Math.exp(-(map.a * f[i] + map.b)));
  return out;
}

/**
 * Platt scaling (Platt 1999) on logits: q = σ(a·f + b) where f is the binary logit z₁ − z₀, fitted on
 * the validation set with Platt's smoothed targets (see `plattFit`; matches scikit-learn's
 * `_sigmoid_calibration`, which returns −a, −b). Multi-class: one sigmoid per class on its one-vs-rest
 * logit log(p_k / (1 − p_k)), then renormalised (see `OneVsRestCalibrator`). A single-class validation
 * set is refused (FitError); a class absent from a multi-class set still gets a finite sigmoid thanks to
 * the smoothed targets.
 *
 * @example
 * const p = new PlattScaling().fit(fromRows([[0, -2], [0, -1], [0, 1], [0, 2]]), [0, 0, 1, 1]);
 * p.fittedMaps[0] // {a: 0.6739963939839231, b: ≈0 (−2.2e-16)}
 */
export class PlattScaling extends OneVsRestCalibrator<PlattMap> {
  readonly kind = 'platt';
  readonly input = 'logits' as const;
  readonly options: Required<PlattOptions>;

  constructor(options: PlattOptions = {}) {
    super();
    const tolerance = options.tolerance ?? 1e-12;
    const maxIterations = options.maxIterations ?? 100;
    if (!(tolerance > 0)) throw new InputError('options.tolerance', `must be > 0, got ${tolerance}`);
    if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InputError('options.maxIterations', `must be a positive integer, got ${maxIterations}`);
    this.options = { tolerance, maxIterations };
  }

  protected fitMap(scores: Float64Array, targets: Uint8Array): PlattMap {
    return plattFit(scores, targets, this.options);
  }
  protected applyMap(map: PlattMap, scores: Float64Array): Float64Array {
    return plattPredict(map, scores);
  }
  protected mapToJSON(map: PlattMap): unknown {
    return { a: map.a, b: map.b };
  }
  protected mapFromJSON(value: unknown, field: string): PlattMap {
    const o = stateObject(value, field);
    const a = o.a;
    const b = o.b;
    if (typeof a !== 'number' || !Number.isFinite(a) || typeof b !== 'number' || !Number.isFinite(b)) {
      throw new StateError('state', `field '${field}' needs finite numbers a and b`);
    }
    return { a, b };
  }
  protected optionsToJSON(): unknown {
    return { ...this.options };
  }

  /** @throws StateError on a wrong kind/version or corrupt fields */
  static fromJSON(state: unknown): PlattScaling {
    const s = stateFields.header(state, 'platt');
    return constructFromState(() => new PlattScaling((s.options ?? {}) as PlattOptions)).restore(s);
  }
}
