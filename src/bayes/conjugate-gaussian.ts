/**
 * Conjugate Gaussian model for a scalar output per binary input (PML §4.6.7.2, seed 003 §1.2: delivery time by
 * company): y | x, θ ~ N(μ_x, σ_x²), x ∈ {0, 1}, each group fitted on its own observations.
 *
 * Plug-in: the MLE (ȳ, σ̂² = (1/n) Σ(y − ȳ)²) gives the predictive N(ȳ, σ̂²).
 * Bayes: the Normal-Inverse-Gamma prior μ | σ² ~ N(m₀, σ²/κ₀), σ² ~ IG(a₀, b₀) is conjugate; the posterior is
 * NIG(m_n, κ_n, a_n, b_n) with (Murphy 2007, "Conjugate Bayesian analysis of the Gaussian distribution", §5)
 *   κ_n = κ₀ + n,  m_n = (κ₀m₀ + nȳ)/κ_n,  a_n = a₀ + n/2,
 *   b_n = b₀ + ½ Σ(y_i − ȳ)² + κ₀ n (ȳ − m₀)² / (2κ_n),
 * and the posterior predictive is a Student-t with ν = 2a_n, location m_n and scale² = b_n(κ_n + 1)/(a_n κ_n).
 *
 * One observation per group (the seed's extreme D = {(0, 15), (1, 20)}): σ̂² = 0, so the plug-in predictive is a
 * point mass at ȳ. Rule: its CDF is the step P(Y ≤ d) = 1 if ȳ ≤ d else 0 and it has no density (`plugInDensity`
 * returns null); the posterior predictive stays a proper Student-t.
 */
import { InputError } from '../core/errors';
import { toFiniteVector } from '../core/matrix';
import { normalCdf, normalPdf, studentTCdf, studentTPdf } from './special';

/**
 * Normal-Inverse-Gamma prior NIG(m₀, κ₀, a₀, b₀) on (μ, σ²).
 * The defaults are vague but proper, and are in the units of the data: set them for yours (the notebook does).
 */
export interface NormalInverseGammaPrior {
  /** Prior mean m₀ of μ (units of y). @default 0 */
  mean?: number;
  /** κ₀ > 0: the prior on μ is worth κ₀ pseudo-observations (μ | σ² ~ N(m₀, σ²/κ₀)). @default 0.01 */
  kappa?: number;
  /** a₀ > 0: shape of the inverse-gamma prior on σ² (worth 2a₀ pseudo-observations). @default 1 */
  shape?: number;
  /** b₀ > 0: scale of the inverse-gamma prior on σ² (units of y²; prior mode of σ² is b₀/(a₀ + 1)). @default 1 */
  rate?: number;
}

/** Plug-in (maximum-likelihood) Gaussian fit of one group. */
export interface PlugInGaussian {
  /** ȳ (units of y). */
  mean: number;
  /** σ̂² = (1/n) Σ(y − ȳ)², the MLE (0 for n = 1: the degenerate case). */
  variance: number;
  /** Number of observations. */
  n: number;
}

/** NIG posterior parameters of one group. */
export interface NormalInverseGammaPosterior {
  mean: number;
  kappa: number;
  shape: number;
  rate: number;
  n: number;
}

/** Student-t predictive (ν, location, scale): y = loc + scale · T_ν. */
export interface StudentT {
  df: number;
  loc: number;
  scale: number;
}

/** Both fits of one group. */
export interface GaussianGroupFit {
  plugIn: PlugInGaussian;
  posterior: NormalInverseGammaPosterior;
  predictive: StudentT;
}

/** Probability of meeting a deadline (P(Y ≤ deadline)) under each predictive, and the choice each makes. */
export interface DeadlineDecision {
  deadline: number;
  /** P(Y ≤ d) per group (index = input value x) under the plug-in predictive. */
  plugIn: [number, number];
  /** P(Y ≤ d) per group under the posterior predictive. */
  posterior: [number, number];
  /** Group with the larger plug-in probability (ties → 0). */
  plugInChoice: 0 | 1;
  /** Group with the larger posterior probability (ties → 0). */
  posteriorChoice: 0 | 1;
}

function resolvePrior(prior: NormalInverseGammaPrior): Required<NormalInverseGammaPrior> {
  const out = { mean: prior.mean ?? 0, kappa: prior.kappa ?? 0.01, shape: prior.shape ?? 1, rate: prior.rate ?? 1 };
  if (!Number.isFinite(out.mean)) throw new InputError('prior.mean', `must be finite, got ${out.mean}`);
  for (const key of ['kappa', 'shape', 'rate'] as const) {
    if (!(out[key] > 0) || !Number.isFinite(out[key])) throw new InputError(`prior.${key}`, `must be a finite number > 0, got ${out[key]}`);
  }
  return out;
}

function toObservations(y: ArrayLike<number>, argument: string): Float64Array {
  if (y && typeof y.length === 'number' && y.length === 0) throw new InputError(argument, 'has zero observations');
  return toFiniteVector(y, argument);
}

function meanAndSumOfSquares(y: Float64Array): { mean: number; sumOfSquares: number } {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i];
  const mean = s / y.length;
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += (y[i] - mean) ** 2;
  return { mean, sumOfSquares: ss };
}

/**
 * Plug-in MLE of a Gaussian: ȳ and σ̂² = (1/n) Σ(y − ȳ)² (divisor n, as the MLE; σ̂² = 0 for n = 1).
 *
 * @param y observations (units of y), n ≥ 1
 * @throws InputError zero observations or a non-finite value (row given)
 * @example
 * plugInGaussian([15]) // { mean: 15, variance: 0, n: 1 }
 */
export function plugInGaussian(y: ArrayLike<number>): PlugInGaussian {
  const obs = toObservations(y, 'y');
  const { mean, sumOfSquares } = meanAndSumOfSquares(obs);
  return { mean, variance: sumOfSquares / obs.length, n: obs.length };
}

/**
 * NIG posterior of (μ, σ²) (closed form in the module comment).
 *
 * @param y observations, n ≥ 1
 * @param prior NIG prior (defaults: m₀ = 0, κ₀ = 0.01, a₀ = 1, b₀ = 1)
 * @throws InputError zero observations, a non-finite value, a prior parameter out of range
 * @example
 * normalInverseGammaPosterior([15], { mean: 20, kappa: 1, shape: 2, rate: 8 })
 * // { mean: 17.5, kappa: 2, shape: 2.5, rate: 14.25, n: 1 }
 */
export function normalInverseGammaPosterior(y: ArrayLike<number>, prior: NormalInverseGammaPrior = {}): NormalInverseGammaPosterior {
  const obs = toObservations(y, 'y');
  const p0 = resolvePrior(prior);
  const n = obs.length;
  const { mean: yBar, sumOfSquares } = meanAndSumOfSquares(obs);
  const kappa = p0.kappa + n;
  return {
    mean: (p0.kappa * p0.mean + n * yBar) / kappa,
    kappa,
    shape: p0.shape + n / 2,
    rate: p0.rate + 0.5 * sumOfSquares + (p0.kappa * n * (yBar - p0.mean) ** 2) / (2 * kappa),
    n,
  };
}

/**
 * Posterior predictive of a NIG posterior: Student-t with ν = 2a_n, loc = m_n, scale = √(b_n(κ_n + 1)/(a_n κ_n)).
 *
 * @param posterior NIG posterior parameters
 * @throws InputError when a parameter is not positive and finite
 * @example
 * studentTPredictive({ mean: 17.5, kappa: 2, shape: 2.5, rate: 14.25, n: 1 })
 * // { df: 5, loc: 17.5, scale: 2.924038303442689 } (= √(14.25·3/5))
 */
export function studentTPredictive(posterior: NormalInverseGammaPosterior): StudentT {
  if (!posterior || !Number.isFinite(posterior.mean)) throw new InputError('posterior', 'must be a NormalInverseGammaPosterior with a finite mean');
  for (const key of ['kappa', 'shape', 'rate'] as const) {
    if (!(posterior[key] > 0) || !Number.isFinite(posterior[key])) throw new InputError(`posterior.${key}`, `must be a finite number > 0, got ${posterior[key]}`);
  }
  return {
    df: 2 * posterior.shape,
    loc: posterior.mean,
    scale: Math.sqrt((posterior.rate * (posterior.kappa + 1)) / (posterior.shape * posterior.kappa)),
  };
}

/**
 * Fit both groups of a binary-input, scalar-output data set (plug-in and NIG posterior with its Student-t predictive).
 *
 * @param inputs N values in {0, 1} (the group, e.g. company A = 0, B = 1)
 * @param outputs N finite outputs (e.g. delivery time in minutes)
 * @param prior NIG prior shared by both groups
 * @returns fits indexed by group: [group 0, group 1]
 * @throws InputError length mismatch, an input not in {0, 1} (row given), a non-finite output, a group with zero
 *   observations (no plug-in exists; use the prior predictive directly if that is what you mean)
 * @example
 * const [a, b] = fitGaussianGroups([0, 1], [15, 20]);
 * a.plugIn // { mean: 15, variance: 0, n: 1 }
 */
export function fitGaussianGroups(inputs: ArrayLike<number>, outputs: ArrayLike<number>, prior: NormalInverseGammaPrior = {}): [GaussianGroupFit, GaussianGroupFit] {
  if (!inputs || typeof inputs.length !== 'number') throw new InputError('inputs', 'must be an array of 0/1 values');
  const y = toObservations(outputs, 'outputs');
  if (inputs.length !== y.length) throw new InputError('inputs', `has length ${inputs.length}, expected ${y.length} (one per output)`);
  const groups: number[][] = [[], []];
  for (let i = 0; i < y.length; i++) {
    const x = inputs[i];
    if (x !== 0 && x !== 1) throw new InputError('inputs', `value ${x} is not binary (0 or 1)`, i);
    groups[x].push(y[i]);
  }
  const fit = (g: 0 | 1): GaussianGroupFit => {
    if (groups[g].length === 0) throw new InputError('inputs', `group x=${g} has zero observations`);
    const posterior = normalInverseGammaPosterior(groups[g], prior);
    return { plugIn: plugInGaussian(groups[g]), posterior, predictive: studentTPredictive(posterior) };
  };
  return [fit(0), fit(1)];
}

/**
 * P(Y ≤ deadline) under the plug-in predictive N(ȳ, σ̂²). Degenerate rule: when σ̂² = 0 the predictive is a point
 * mass at ȳ and the probability is 1 if ȳ ≤ deadline else 0 (the right-continuous step CDF).
 *
 * @param fit plug-in fit
 * @param deadline threshold (units of y)
 * @throws InputError non-finite deadline
 * @example
 * plugInDeadlineProbability({ mean: 15, variance: 0, n: 1 }, 18) // 1
 */
export function plugInDeadlineProbability(fit: PlugInGaussian, deadline: number): number {
  if (!Number.isFinite(deadline)) throw new InputError('deadline', `must be finite, got ${deadline}`);
  if (fit.variance === 0) return fit.mean <= deadline ? 1 : 0;
  return normalCdf((deadline - fit.mean) / Math.sqrt(fit.variance));
}

/**
 * P(Y ≤ deadline) under the Student-t posterior predictive (CDF via the regularised incomplete beta).
 *
 * @param predictive Student-t (ν, loc, scale)
 * @param deadline threshold (units of y)
 * @throws InputError non-finite deadline or bad Student-t parameters
 * @example
 * posteriorDeadlineProbability({ df: 5, loc: 17.5, scale: 2.924 }, 17.5) // 0.5
 */
export function posteriorDeadlineProbability(predictive: StudentT, deadline: number): number {
  if (!Number.isFinite(deadline)) throw new InputError('deadline', `must be finite, got ${deadline}`);
  return studentTCdf(deadline, predictive.df, predictive.loc, predictive.scale);
}

/**
 * Plug-in predictive density N(y | ȳ, σ̂²); null when σ̂² = 0 (a point mass has no density — draw it as a spike).
 *
 * @example
 * plugInDensity({ mean: 0, variance: 1, n: 5 }, 0) // 0.3989422804014327
 * plugInDensity({ mean: 15, variance: 0, n: 1 }, 15) // null
 */
export function plugInDensity(fit: PlugInGaussian, y: number): number | null {
  if (fit.variance === 0) return null;
  return normalPdf(y, fit.mean, Math.sqrt(fit.variance));
}

/**
 * Posterior predictive density (Student-t).
 *
 * @example
 * posteriorDensity({ df: 1, loc: 0, scale: 1 }, 0) // 0.3183098861837907
 */
export function posteriorDensity(predictive: StudentT, y: number): number {
  return studentTPdf(y, predictive.df, predictive.loc, predictive.scale);
}

/**
 * The deadline decision of seed 003 §1.2: the probability that each group's next output is ≤ `deadline`, under the
 * plug-in and under the posterior predictive, and which group each would pick (the larger probability).
 *
 * @param groups the two group fits from {@link fitGaussianGroups}
 * @param deadline threshold (units of y)
 * @throws InputError non-finite deadline
 * @example
 * deadlineDecision(fitGaussianGroups([0, 1], [15, 20]), 21).plugIn // [1, 1] (degenerate: both certain)
 */
export function deadlineDecision(groups: [GaussianGroupFit, GaussianGroupFit], deadline: number): DeadlineDecision {
  const plugIn: [number, number] = [plugInDeadlineProbability(groups[0].plugIn, deadline), plugInDeadlineProbability(groups[1].plugIn, deadline)];
  const posterior: [number, number] = [posteriorDeadlineProbability(groups[0].predictive, deadline), posteriorDeadlineProbability(groups[1].predictive, deadline)];
  return {
    deadline,
    plugIn,
    posterior,
    plugInChoice: plugIn[1] > plugIn[0] ? 1 : 0,
    posteriorChoice: posterior[1] > posterior[0] ? 1 : 0,
  };
}
