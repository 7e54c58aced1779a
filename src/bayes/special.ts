/**
 * Special functions the Bayesian models need: log-gamma, the regularised incomplete beta function, the
 * Student-t density/CDF, the standard normal CDF, the logistic sigmoid and sample quantiles.
 * Pure functions on numbers; tested against scipy golden values (test/fixtures/bayes.json).
 */
import { InputError } from '../core/errors';

const LANCZOS_G = 7;
// Lanczos (g = 7, n = 9) coefficients, as in Numerical Recipes 3rd ed. / Boost; relative error < 1e-15.
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * Natural log of the gamma function, ln Γ(x), for x > 0 (Lanczos approximation, g = 7;
 * reflection Γ(x)Γ(1−x) = π / sin(πx) for x < 0.5).
 *
 * @param x argument, x > 0
 * @throws InputError when x is not a finite positive number
 * @example
 * logGamma(5) // 3.1780538303479458 (= ln 24)
 */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new InputError('x', `logGamma needs a finite x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += LANCZOS_COEFFICIENTS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * Continued fraction of the incomplete beta (Numerical Recipes §6.4, evaluated with the modified Lentz method).
 * Converges fast for x < (a + 1) / (a + b + 2); the caller uses the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) otherwise.
 */
function incompleteBetaContinuedFraction(x: number, a: number, b: number): number {
  // TINY stands in for an exact zero denominator so Lentz's recursion never divides by 0.
  const TINY = 1e-300;
  const EPS = 1e-16;
  const MAX_ITERATIONS = 100000;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return h;
  }
  // Not reached for the (a, b) range the tests cover (up to 1e5); fail loudly rather than return a wrong number.
  throw new InputError('a', `incomplete beta continued fraction did not converge for a=${a}, b=${b}, x=${x}`);
}

/**
 * Regularised incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b) = (1/B(a,b)) ∫₀ˣ t^{a−1}(1−t)^{b−1} dt
 * (same as `scipy.special.betainc(a, b, x)`). Continued fraction (Numerical Recipes §6.4) with the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) when x ≥ (a + 1)/(a + b + 2), where the fraction converges slowly.
 *
 * @param x in [0, 1]
 * @param a shape, a > 0
 * @param b shape, b > 0
 * @returns I_x(a, b) in [0, 1]; exactly 0 at x = 0 and 1 at x = 1
 * @throws InputError when x ∉ [0, 1] or a, b are not finite and positive
 * @example
 * regularizedIncompleteBeta(0.5, 2, 3) // 0.6875
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !Number.isFinite(a)) throw new InputError('a', `must be a finite number > 0, got ${a}`);
  if (!(b > 0) || !Number.isFinite(b)) throw new InputError('b', `must be a finite number > 0, got ${b}`);
  if (!(x >= 0 && x <= 1)) throw new InputError('x', `must lie in [0, 1], got ${x}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  // Prefactor x^a (1−x)^b / B(a, b), in logs so that large a, b do not overflow.
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return Math.exp(logFront) * incompleteBetaContinuedFraction(x, a, b) / a;
  }
  return 1 - (Math.exp(logFront) * incompleteBetaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * CDF of the Student-t distribution with ν degrees of freedom, location `loc` and scale `scale`:
 * with t = (y − loc)/scale, F(t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 and F(t) = ½ I_{ν/(ν+t²)}(ν/2, ½) for t < 0
 * (same as `scipy.stats.t.cdf(y, df, loc, scale)`).
 *
 * @param y value (units of the data)
 * @param df degrees of freedom ν > 0
 * @param loc location (units of the data), default 0
 * @param scale scale > 0 (units of the data), default 1
 * @throws InputError when df or scale is not positive and finite, or y/loc are not finite
 * @example
 * studentTCdf(0, 3) // 0.5
 * studentTCdf(2, 1) // 0.8524163823495667 (Cauchy: ½ + atan(2)/π)
 */
export function studentTCdf(y: number, df: number, loc = 0, scale = 1): number {
  checkStudentT(y, df, loc, scale);
  const t = (y - loc) / scale;
  // For |t| small, ν/(ν+t²) is close to 1 and I_x loses digits through the symmetry; use I_{t²/(ν+t²)}(½, ν/2) instead.
  const t2 = t * t;
  let tail: number; // P(T > |t|)
  if (t2 < df) {
    tail = 0.5 * (1 - regularizedIncompleteBeta(t2 / (df + t2), 0.5, df / 2));
  } else {
    tail = 0.5 * regularizedIncompleteBeta(df / (df + t2), df / 2, 0.5);
  }
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Density of the Student-t distribution (ν, loc, scale):
 * p(y) = Γ((ν+1)/2) / (Γ(ν/2) √(νπ) scale) · (1 + t²/ν)^{−(ν+1)/2}, t = (y − loc)/scale.
 *
 * @param y value (units of the data)
 * @param df degrees of freedom ν > 0
 * @param loc location, default 0
 * @param scale scale > 0, default 1
 * @returns density in 1/(units of the data)
 * @throws InputError as {@link studentTCdf}
 * @example
 * studentTPdf(0, 1) // 0.3183098861837907 (= 1/π)
 */
export function studentTPdf(y: number, df: number, loc = 0, scale = 1): number {
  checkStudentT(y, df, loc, scale);
  const t = (y - loc) / scale;
  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - Math.log(scale);
  return Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

function checkStudentT(y: number, df: number, loc: number, scale: number): void {
  if (!Number.isFinite(y)) throw new InputError('y', `must be finite, got ${y}`);
  if (!(df > 0) || !Number.isFinite(df)) throw new InputError('df', `must be a finite number > 0, got ${df}`);
  if (!Number.isFinite(loc)) throw new InputError('loc', `must be finite, got ${loc}`);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new InputError('scale', `must be a finite number > 0, got ${scale}`);
}

/**
 * Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a) (same as `scipy.special.gammainc(a, x)`):
 * the series Σ xⁿ/(a(a+1)…(a+n)) for x < a + 1, the Legendre continued fraction for Q = 1 − P otherwise
 * (Numerical Recipes §6.2, Lentz's method).
 *
 * @param a shape, a > 0
 * @param x ≥ 0
 * @throws InputError when a ≤ 0 or x < 0 (or either is not finite)
 * @example
 * regularizedLowerGamma(1, 1) // 0.6321205588285577 (= 1 − e⁻¹)
 */
export function regularizedLowerGamma(a: number, x: number): number {
  if (!(a > 0) || !Number.isFinite(a)) throw new InputError('a', `must be a finite number > 0, got ${a}`);
  if (!(x >= 0) || !Number.isFinite(x)) throw new InputError('x', `must be a finite number ≥ 0, got ${x}`);
  if (x === 0) return 0;
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    return Math.min(1, sum * Math.exp(logFront));
  }
  return 1 - upperGammaContinuedFraction(a, x) * Math.exp(logFront);
}

/** Continued fraction for Q(a, x) / (x^a e^{−x} / Γ(a)), Q = 1 − P (Numerical Recipes §6.2 `gcf`). */
function upperGammaContinuedFraction(a: number, x: number): number {
  // TINY stands in for an exact zero denominator so Lentz's recursion never divides by 0.
  const TINY = 1e-300;
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * Standard normal CDF Φ(z) through the incomplete gamma: Φ(z) = ½(1 + sign(z)·P(½, z²/2)), computed on the
 * side that avoids cancellation (for z < 0, Φ(z) = ½ Q(½, z²/2) keeps relative accuracy in the far tail).
 *
 * @param z standard score
 * @throws InputError when z is NaN
 * @example
 * normalCdf(0) // 0.5
 * normalCdf(1.959963984540054) // 0.975 (to ~1e-15)
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new InputError('z', 'is NaN');
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const half = z * z / 2;
  if (half === 0) return 0.5;
  // Q(½, x) = 1 − P(½, x); for large x use the continued fraction directly to keep the tail's digits.
  const upper = half < 1.5
    ? 1 - regularizedLowerGamma(0.5, half)
    : upperGammaContinuedFraction(0.5, half) * Math.exp(0.5 * Math.log(half) - half - logGamma(0.5));
  return z < 0 ? 0.5 * upper : 1 - 0.5 * upper;
}

/**
 * Normal density N(y | μ, σ²) = exp(−(y − μ)²/(2σ²)) / √(2πσ²).
 *
 * @param y value; @param mean μ; @param sd σ > 0 (units of y)
 * @throws InputError when sd is not finite and positive
 * @example
 * normalPdf(0, 0, 1) // 0.3989422804014327
 */
export function normalPdf(y: number, mean: number, sd: number): number {
  if (!(sd > 0) || !Number.isFinite(sd)) throw new InputError('sd', `must be a finite number > 0, got ${sd}`);
  const t = (y - mean) / sd;
  return Math.exp(-0.5 * t * t) / (sd * Math.sqrt(2 * Math.PI));
}

/**
 * Logistic sigmoid σ(a) = 1 / (1 + e^{−a}), computed without overflow for large |a|
 * (for a < 0 it uses e^{a} / (1 + e^{a})).
 *
 * @example
 * sigmoid(0) // 0.5
 * sigmoid(-800) // 0 (no overflow warning, no NaN)
 */
export function sigmoid(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}

/**
 * log σ(a) = −log(1 + e^{−a}) = −softplus(−a), stable for large |a| (log1p for the small term).
 *
 * @example
 * logSigmoid(0) // -0.6931471805599453
 */
export function logSigmoid(a: number): number {
  return a >= 0 ? -Math.log1p(Math.exp(-a)) : a - Math.log1p(Math.exp(a));
}

/**
 * Quantile of an ascending-sorted sample with linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's default `np.quantile(..., method='linear')`): h = (n − 1)q,
 * Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * @param sorted sample sorted ascending (not checked: the name states the precondition)
 * @param q probability in [0, 1]
 * @throws InputError when the sample is empty or q ∉ [0, 1]
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new InputError('sorted', 'is empty');
  if (!(q >= 0 && q <= 1)) throw new InputError('q', `must lie in [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
