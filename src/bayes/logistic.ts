/**
 * Bayesian logistic regression: plug-in (MLE) against posterior predictive (PML §4.6.7, seed 003 §1.1).
 *
 * Model: p(y = 1 | x, θ) = σ(b + wᵀx), θ = (b, w₁, …, w_D). Every parameter vector in this module is laid out
 * **intercept first**: `theta[0] = b`, `theta[1 + j] = w_j`. Prior (for the MAP, Laplace and sampler):
 * independent Gaussians b ~ N(0, interceptPriorStd²), w_j ~ N(0, weightPriorStd²).
 *
 * What is here, in the order a user needs it:
 * - {@link fitLogisticMle}: the plug-in θ̂ by Newton–Raphson (IRLS) with a backtracking line search; throws a
 *   FitError on (quasi-)separable data, where the MLE does not exist.
 * - {@link fitLogisticMap} and {@link laplaceApproximation}: the MAP and the Gaussian N(θ_MAP, H⁻¹) with H the
 *   Hessian of the negative log posterior at the MAP.
 * - {@link sampleLogisticPosterior}: Hamiltonian Monte Carlo, preconditioned by the Laplace covariance, with
 *   dual-averaging step-size adaptation in warm-up (Hoffman & Gelman 2014, Alg. 5); reports acceptance and ESS.
 * - {@link posteriorPredictive}: (1/S) Σ_s σ(b_s + w_sᵀx) with a pointwise credible band; {@link plugInPredictive};
 *   {@link probitPredictive} (MacKay 1992) for the Laplace posterior; {@link decisionBoundaryPosterior} x* = −b/w.
 */
import { FitError, InputError } from '../core/errors';
import { Matrix, matrix } from '../core/matrix';
import { Rng } from '../core/rng';
import { choleskyInverse, choleskyLower, choleskySolve } from './linalg';
import { logSigmoid, quantileSorted, sigmoid } from './special';

/** Features as an N×D {@link Matrix}, or a plain vector of N values for a single feature (D = 1). */
export type Features = Matrix | ArrayLike<number>;

/** Gaussian prior on the coefficients (standard deviations, in units of logit per unit of feature). */
export interface GaussianPrior {
  /**
   * Prior standard deviation of every weight w_j.
   * @default 10
   */
  weightPriorStd?: number;
  /**
   * Prior standard deviation of the intercept b. Wider than the weights because the intercept absorbs the
   * location of uncentred inputs (iris sepal length in cm gives b̂ ≈ −27).
   * @default 100
   */
  interceptPriorStd?: number;
}

/** Options of the Newton–Raphson solver. */
export interface NewtonOptions {
  /**
   * Maximum Newton iterations; the MLE on non-separable data converges in < 30.
   * @default 100
   */
  maxIterations?: number;
  /**
   * Stop when the Newton decrement gᵀH⁻¹g/2 (the predicted decrease of the objective, in nats) falls below this.
   * @default 1e-20
   */
  tolerance?: number;
}

/** A fitted point estimate (MLE or MAP). */
export interface LogisticFit {
  /** θ = (b, w₁…w_D), intercept first, length D + 1. */
  coefficients: Float64Array;
  /** b = coefficients[0]. */
  intercept: number;
  /** w = coefficients[1…D], length D. */
  weights: Float64Array;
  /** Log-likelihood Σ_i log p(y_i | x_i, θ) at the estimate (nats). */
  logLikelihood: number;
  /** Negative log posterior at the estimate (equals −logLikelihood for the MLE, which has no prior); nats, up to a constant. */
  objective: number;
  /** Inverse Hessian of the objective at the estimate, (D+1)×(D+1): the asymptotic covariance (MLE) or the Laplace covariance (MAP). */
  covariance: Matrix;
  /** Newton iterations taken. */
  iterations: number;
  /** Decision boundary x* = −b/w for D = 1 (NaN when D > 1 or w = 0). */
  decisionBoundary: number;
}

/** The Laplace approximation N(mean, covariance) of the posterior. */
export interface LaplaceApproximation {
  /** Posterior mode θ_MAP, intercept first. */
  mean: Float64Array;
  /** H⁻¹, H = ∇² (−log p(θ | D)) at the MAP, (D+1)×(D+1). */
  covariance: Matrix;
  /** √diag(covariance). */
  standardDeviations: Float64Array;
}

/** Options of the HMC sampler. */
export interface SamplerOptions extends GaussianPrior {
  /** Seeded generator (required: sampling is reproducible for a seed). */
  rng: Rng;
  /**
   * Draws kept after warm-up.
   * @default 2000
   */
  samples?: number;
  /**
   * Warm-up iterations (step size adapted, draws discarded).
   * @default 1000
   */
  warmup?: number;
  /**
   * Target mean Metropolis acceptance probability δ for dual averaging.
   * @default 0.8
   */
  targetAcceptance?: number;
  /**
   * Integration time λ = ε·L in the whitened coordinates (where the Laplace posterior is N(0, I)). A quarter
   * period of a unit Gaussian oscillator is π/2 ≈ 1.57; 1.5 leaves draws nearly independent for a near-Gaussian
   * posterior, and the ±10% step-size jitter after warm-up avoids exact periodicity.
   * @default 1.5
   */
  trajectoryLength?: number;
  /**
   * Cap on leapfrog steps per iteration (guards against a collapsing step size).
   * @default 256
   */
  maxLeapfrogSteps?: number;
}

/** Posterior draws and sampler diagnostics. */
export interface PosteriorSamples {
  /** S×(D+1) draws of θ, intercept first. */
  samples: Matrix;
  /** Fraction of post-warm-up proposals accepted. */
  acceptanceRate: number;
  /** Mean Metropolis acceptance probability min(1, e^{−ΔH}) after warm-up (what dual averaging targets). */
  meanAcceptanceProbability: number;
  /** Step size ε used after warm-up (whitened units; jittered ±10% per iteration). */
  stepSize: number;
  /** Leapfrog steps per iteration after warm-up, L = max(1, ⌈λ/ε⌉). */
  leapfrogSteps: number;
  /** Post-warm-up iterations whose energy error exceeded 1000 nats (rejected); should be 0. */
  divergences: number;
  /** Effective sample size of each parameter (Geyer's initial monotone sequence), length D + 1. */
  effectiveSampleSize: Float64Array;
  /** Posterior mean of each parameter, length D + 1. */
  mean: Float64Array;
  /** Posterior standard deviation of each parameter. */
  standardDeviation: Float64Array;
  /** Monte Carlo standard error of each mean, sd / √ESS. */
  monteCarloStandardError: Float64Array;
  /** The Laplace approximation used to precondition the sampler. */
  laplace: LaplaceApproximation;
}

/** Pointwise posterior predictive summary at M query points. */
export interface PredictiveBand {
  /** (1/S) Σ_s σ(b_s + w_sᵀx), length M. */
  mean: Float64Array;
  /** Lower pointwise quantile ((1 − level)/2) of σ(b_s + w_sᵀx), length M. */
  lower: Float64Array;
  /** Upper pointwise quantile ((1 + level)/2), length M. */
  upper: Float64Array;
  /** Credible level of the band. */
  level: number;
}

/** Posterior of the decision boundary x* = −b/w (D = 1). */
export interface DecisionBoundaryPosterior {
  /** x*_s = −b_s / w_s for every draw, length S (units of the feature). */
  samples: Float64Array;
  /** Sample mean (heavy-tailed when some w_s are near 0: prefer the median and the interval). */
  mean: number;
  median: number;
  standardDeviation: number;
  /** Equal-tailed credible interval at `level`. */
  lower: number;
  upper: number;
  level: number;
  /** Fraction of draws with w_s > 0 (1 means the slope's sign is certain). */
  positiveSlopeFraction: number;
}

interface Problem {
  x: Matrix; // N×D
  y: Int32Array; // N labels in {0, 1}
  n: number;
  p: number; // D + 1 parameters
}

/** Validate and normalise features and labels (copies; inputs are never mutated). */
function toProblem(features: Features, labels: ArrayLike<number>): Problem {
  let x: Matrix;
  if (features && (features as Matrix).data instanceof Float64Array && typeof (features as Matrix).rows === 'number') {
    const m = features as Matrix;
    if (m.data.length !== m.rows * m.cols) throw new InputError('features', `data length ${m.data.length} does not match ${m.rows}×${m.cols}`);
    x = matrix(m.rows, m.cols, Float64Array.from(m.data));
  } else if (features && typeof (features as ArrayLike<number>).length === 'number') {
    const v = features as ArrayLike<number>;
    x = matrix(v.length, 1, Float64Array.from(v));
  } else {
    throw new InputError('features', 'must be a Matrix (N×D) or an array of N numbers');
  }
  if (x.rows === 0) throw new InputError('features', 'has zero observations');
  if (x.cols === 0) throw new InputError('features', 'has zero columns');
  for (let k = 0; k < x.data.length; k++) {
    const v = x.data[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError('features', `value ${v} at column ${k % x.cols} is not finite`, Math.floor(k / x.cols));
  }
  if (!labels || typeof labels.length !== 'number') throw new InputError('labels', 'must be an array of 0/1 labels');
  if (labels.length !== x.rows) throw new InputError('labels', `has length ${labels.length}, expected ${x.rows} (one per row of features)`);
  const y = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) throw new InputError('labels', `label ${v} is not binary (0 or 1)`, i);
    y[i] = v;
  }
  return { x, y, n: x.rows, p: x.cols + 1 };
}

/** Prior precisions (1/std²) per parameter, intercept first; zeros for the MLE. */
function priorPrecisions(p: number, prior: GaussianPrior | null): Float64Array {
  const out = new Float64Array(p);
  if (prior === null) return out;
  const ws = prior.weightPriorStd ?? 10;
  const bs = prior.interceptPriorStd ?? 100;
  if (!(ws > 0) || !Number.isFinite(ws)) throw new InputError('weightPriorStd', `must be a finite number > 0, got ${ws}`);
  if (!(bs > 0) || !Number.isFinite(bs)) throw new InputError('interceptPriorStd', `must be a finite number > 0, got ${bs}`);
  out[0] = 1 / (bs * bs);
  for (let j = 1; j < p; j++) out[j] = 1 / (ws * ws);
  return out;
}

function linearPredictor(problem: Problem, theta: ArrayLike<number>, i: number): number {
  const d = problem.x.cols;
  let eta = theta[0];
  const off = i * d;
  for (let j = 0; j < d; j++) eta += theta[1 + j] * problem.x.data[off + j];
  return eta;
}

/**
 * Negative log posterior (up to its normalising constant) and its gradient:
 * U(θ) = Σ_i [softplus(η_i) − y_i η_i] + ½ Σ_j λ_j θ_j², η_i = b + wᵀx_i,
 * ∇U = Σ_i (σ(η_i) − y_i) x̃_i + λ ⊙ θ, with x̃_i = (1, x_i). softplus(η) = −log σ(−η), computed stably.
 */
function objectiveAndGradient(problem: Problem, lambda: Float64Array, theta: ArrayLike<number>, gradient: Float64Array | null): number {
  const { n, p, x, y } = problem;
  const d = p - 1;
  let value = 0;
  if (gradient) for (let j = 0; j < p; j++) gradient[j] = lambda[j] * theta[j];
  for (let j = 0; j < p; j++) value += 0.5 * lambda[j] * theta[j] * theta[j];
  for (let i = 0; i < n; i++) {
    const eta = linearPredictor(problem, theta, i);
    // −log p(y_i | η_i) = −log σ(η) for y = 1 and −log σ(−η) for y = 0.
    value -= y[i] === 1 ? logSigmoid(eta) : logSigmoid(-eta);
    if (gradient) {
      const r = sigmoid(eta) - y[i];
      gradient[0] += r;
      const off = i * d;
      for (let j = 0; j < d; j++) gradient[1 + j] += r * x.data[off + j];
    }
  }
  return value;
}

/** Hessian ∇²U = Σ_i σ(η_i)(1 − σ(η_i)) x̃_i x̃_iᵀ + diag(λ), (D+1)×(D+1) row-major. */
function hessian(problem: Problem, lambda: Float64Array, theta: ArrayLike<number>): Float64Array {
  const { n, p, x } = problem;
  const d = p - 1;
  const h = new Float64Array(p * p);
  const xt = new Float64Array(p);
  xt[0] = 1;
  for (let i = 0; i < n; i++) {
    const s = sigmoid(linearPredictor(problem, theta, i));
    const weight = s * (1 - s);
    for (let j = 0; j < d; j++) xt[1 + j] = x.data[i * d + j];
    for (let a = 0; a < p; a++) {
      const wa = weight * xt[a];
      for (let c = a; c < p; c++) h[a * p + c] += wa * xt[c];
    }
  }
  for (let a = 0; a < p; a++) {
    h[a * p + a] += lambda[a];
    for (let c = 0; c < a; c++) h[a * p + c] = h[c * p + a];
  }
  return h;
}

/**
 * True when θ classifies every observation strictly correctly (y = 1 ⇒ η > 0, y = 0 ⇒ η < 0): a certificate
 * that the data are completely separable, in which case the likelihood increases without bound along θ.
 */
function separatesData(problem: Problem, theta: ArrayLike<number>): boolean {
  for (let i = 0; i < problem.n; i++) {
    const eta = linearPredictor(problem, theta, i);
    if (problem.y[i] === 1 ? !(eta > 0) : !(eta < 0)) return false;
  }
  return true;
}

/**
 * Exact (quasi-)separation test for one feature: the MLE does not exist when the two classes' ranges do not
 * overlap, touching allowed (max of one class ≤ min of the other), or when one class is empty.
 */
function oneFeatureSeparation(problem: Problem): string | null {
  let min0 = Infinity, max0 = -Infinity, min1 = Infinity, max1 = -Infinity;
  for (let i = 0; i < problem.n; i++) {
    const v = problem.x.data[i];
    if (problem.y[i] === 1) { min1 = Math.min(min1, v); max1 = Math.max(max1, v); }
    else { min0 = Math.min(min0, v); max0 = Math.max(max0, v); }
  }
  if (max0 <= min1) return `every y=0 value (max ${max0}) is ≤ every y=1 value (min ${min1})`;
  if (max1 <= min0) return `every y=1 value (max ${max1}) is ≤ every y=0 value (min ${min0})`;
  return null;
}

function countClasses(y: Int32Array): number {
  let ones = 0;
  for (let i = 0; i < y.length; i++) ones += y[i];
  return ones;
}

const SEPARATION_ADVICE = 'the likelihood has no maximum (coefficients diverge); fit the MAP with a Gaussian prior (fitLogisticMap) instead';

/**
 * Damped Newton–Raphson on U(θ): step Δ = −H⁻¹∇U, halve until U decreases (Armijo with c = 1e-4), stop when the
 * Newton decrement ∇UᵀH⁻¹∇U/2 < tolerance, or, in the quadratic region, when a full step changes no coefficient by
 * more than 1e-13 relative or stops shrinking (the rounding floor). With λ = 0 this is IRLS for the MLE.
 */
function newton(problem: Problem, lambda: Float64Array, options: NewtonOptions, isMle: boolean): { theta: Float64Array; objective: number; iterations: number; h: Float64Array } {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-20;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InputError('maxIterations', `must be a positive integer, got ${maxIterations}`);
  if (!(tolerance > 0)) throw new InputError('tolerance', `must be > 0, got ${tolerance}`);
  const p = problem.p;
  const theta = new Float64Array(p);
  const gradient = new Float64Array(p);
  let objective = objectiveAndGradient(problem, lambda, theta, gradient);
  let previousNearStep = Infinity;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const h = hessian(problem, lambda, theta);
    const l = choleskyLower(h, p);
    if (l === null) {
      throw new FitError('features', isMle
        ? 'the Hessian of the log-likelihood is singular: a feature is constant or collinear with others, or the data are (quasi-)separable — ' + SEPARATION_ADVICE
        : 'the Hessian of the log posterior is singular (features too large for double precision?)');
    }
    const direction = choleskySolve(l, p, gradient);
    let decrement = 0;
    for (let j = 0; j < p; j++) decrement += gradient[j] * direction[j];
    decrement *= 0.5;
    if (decrement < tolerance) return { theta, objective, iterations: iteration - 1, h };
    const candidate = new Float64Array(p);
    // Near the optimum (predicted decrease ≤ 1e-6 relative) Newton is in its quadratic region: take full steps
    // without a line search, because differences in U there sink below U's own rounding (~1e-14 relative) while
    // the gradient still points the right way. Stop when a step no longer shrinks (rounding floor) or is < 1e-13.
    const nearOptimum = decrement <= 1e-6 * (1 + Math.abs(objective));
    let stepLength = 1;
    if (!nearOptimum) {
      let candidateObjective = Infinity;
      for (let halving = 0; halving < 60; halving++) {
        for (let j = 0; j < p; j++) candidate[j] = theta[j] - stepLength * direction[j];
        candidateObjective = objectiveAndGradient(problem, lambda, candidate, null);
        if (candidateObjective <= objective - 1e-4 * stepLength * 2 * decrement) break;
        stepLength *= 0.5;
      }
      if (!(candidateObjective < objective)) {
        throw new FitError('features', `line search failed with Newton decrement ${decrement} (features too large or badly scaled?)`);
      }
    } else {
      for (let j = 0; j < p; j++) candidate[j] = theta[j] - direction[j];
    }
    let relativeStep = 0;
    for (let j = 0; j < p; j++) relativeStep = Math.max(relativeStep, Math.abs(candidate[j] - theta[j]) / (1 + Math.abs(theta[j])));
    theta.set(candidate);
    objective = objectiveAndGradient(problem, lambda, theta, gradient);
    if (isMle && separatesData(problem, theta)) {
      throw new FitError('labels', `the data are completely separable (θ = [${Array.from(theta, (v) => v.toPrecision(4)).join(', ')}] classifies every row correctly): ${SEPARATION_ADVICE}`);
    }
    if (nearOptimum && (relativeStep < 1e-13 || relativeStep >= previousNearStep)) return { theta, objective, iterations: iteration, h };
    previousNearStep = nearOptimum ? relativeStep : Infinity;
  }
  throw new FitError('features', isMle
    ? `Newton–Raphson did not converge in ${maxIterations} iterations; on real data this means quasi-separation: ${SEPARATION_ADVICE}`
    : `Newton–Raphson did not converge in ${maxIterations} iterations`);
}

function toFit(problem: Problem, lambda: Float64Array, result: { theta: Float64Array; objective: number; iterations: number }): LogisticFit {
  const p = problem.p;
  const h = hessian(problem, lambda, result.theta);
  const l = choleskyLower(h, p);
  if (l === null) throw new FitError('features', 'the Hessian at the estimate is singular: no covariance');
  let penalty = 0;
  for (let j = 0; j < p; j++) penalty += 0.5 * lambda[j] * result.theta[j] * result.theta[j];
  return {
    coefficients: result.theta,
    intercept: result.theta[0],
    weights: result.theta.slice(1),
    logLikelihood: -(result.objective - penalty),
    objective: result.objective,
    covariance: matrix(p, p, choleskyInverse(l, p)),
    iterations: result.iterations,
    decisionBoundary: p === 2 && result.theta[1] !== 0 ? -result.theta[0] / result.theta[1] : NaN,
  };
}

/**
 * Maximum-likelihood logistic regression θ̂ = argmax Σ_i log Ber(y_i | σ(b + wᵀx_i)) — the plug-in estimate,
 * the same problem as scikit-learn's `LogisticRegression(penalty=None)` — by Newton–Raphson (IRLS) from θ = 0.
 *
 * Separable data: when the classes can be split by a hyperplane (touching allowed) the likelihood approaches 1
 * as ‖θ‖ → ∞ and no MLE exists. This is detected (a) exactly for one feature (class ranges do not overlap),
 * (b) for any D when a Newton iterate classifies every row correctly (a certificate of complete separation),
 * (c) for any D when the Hessian turns singular, Newton does not converge, or a fitted probability is numerically
 * 0 or 1 (|logit| > 36, R glm's warning, here an error) — the signs of quasi-separation: each gives a
 * FitError that points to {@link fitLogisticMap}, whose Gaussian prior always gives a finite answer.
 *
 * @param features N×D matrix, or N values for one feature (units of the feature)
 * @param labels N labels in {0, 1}
 * @param options Newton options
 * @returns the fit, coefficients intercept first; `covariance` is the inverse observed Fisher information
 * @throws InputError zero observations, non-finite features, labels not in {0, 1}, length mismatch
 * @throws FitError one class only, separable data, a singular Hessian (constant/collinear feature)
 * @example
 * const fit = fitLogisticMle([0, 0, 0, 1, 1, 1], [0, 0, 1, 0, 1, 1]);
 * fit.coefficients // Float64Array [-0.6931471805599453, 1.3862943611198906]  (b = −ln 2, w = 2 ln 2)
 * fit.decisionBoundary // 0.5
 */
export function fitLogisticMle(features: Features, labels: ArrayLike<number>, options: NewtonOptions = {}): LogisticFit {
  const problem = toProblem(features, labels);
  const ones = countClasses(problem.y);
  if (ones === 0 || ones === problem.n) {
    throw new FitError('labels', `all ${problem.n} labels are ${ones === 0 ? 0 : 1}: ${SEPARATION_ADVICE}`);
  }
  if (problem.p === 2) {
    const reason = oneFeatureSeparation(problem);
    if (reason !== null) throw new FitError('labels', `the data are separable: ${reason}; ${SEPARATION_ADVICE}`);
  }
  const lambda = priorPrecisions(problem.p, null);
  const result = newton(problem, lambda, options, true);
  // Like R's glm warning "fitted probabilities numerically 0 or 1": |η| > 36 means σ(η) rounds to 0 or 1 in double
  // precision. With an existing MLE on real data this essentially only happens under quasi-separation (Newton then
  // stalls at huge coefficients), so it is refused rather than returned.
  for (let i = 0; i < problem.n; i++) {
    const eta = linearPredictor(problem, result.theta, i);
    if (Math.abs(eta) > 36) {
      throw new FitError('labels', `fitted probability of row ${i} is numerically ${eta > 0 ? 1 : 0} (logit ${eta.toPrecision(3)}): the data look quasi-separable; ${SEPARATION_ADVICE}`);
    }
  }
  return toFit(problem, lambda, result);
}

/**
 * Maximum a posteriori logistic regression under the Gaussian prior: θ_MAP = argmin U(θ),
 * U(θ) = −Σ_i log Ber(y_i | σ(b + wᵀx_i)) + ½ b²/σ_b² + ½ Σ_j w_j²/σ_w². Always exists (U is strictly convex),
 * including on separable data — the documented regularised answer there.
 *
 * @param features N×D matrix or N values (one feature)
 * @param labels N labels in {0, 1}
 * @param options prior standard deviations and Newton options
 * @returns the fit; `covariance` is the Laplace covariance H⁻¹
 * @throws InputError as {@link fitLogisticMle}, or a prior std that is not finite and positive
 * @example
 * fitLogisticMap([0, 1], [0, 1], { weightPriorStd: 1, interceptPriorStd: 1 }).weights[0] // 0.4143815272074359 (finite although separable)
 */
export function fitLogisticMap(features: Features, labels: ArrayLike<number>, options: GaussianPrior & NewtonOptions = {}): LogisticFit {
  const problem = toProblem(features, labels);
  const lambda = priorPrecisions(problem.p, options);
  return toFit(problem, lambda, newton(problem, lambda, options, false));
}

/**
 * Laplace approximation of the posterior: p(θ | D) ≈ N(θ_MAP, H⁻¹), H = ∇²U(θ_MAP) (PML §4.6.8.2; Bishop §4.4).
 *
 * @param features N×D matrix or N values (one feature)
 * @param labels N labels in {0, 1}
 * @param options prior standard deviations and Newton options
 * @throws InputError / FitError as {@link fitLogisticMap}
 * @example
 * const lap = laplaceApproximation([0, 1, 2, 3], [0, 0, 1, 1]);
 * lap.mean.length // 2 (intercept, weight)
 */
export function laplaceApproximation(features: Features, labels: ArrayLike<number>, options: GaussianPrior & NewtonOptions = {}): LaplaceApproximation {
  const fit = fitLogisticMap(features, labels, options);
  const p = fit.coefficients.length;
  const sd = new Float64Array(p);
  for (let j = 0; j < p; j++) sd[j] = Math.sqrt(fit.covariance.data[j * p + j]);
  return { mean: fit.coefficients, covariance: fit.covariance, standardDeviations: sd };
}

/**
 * Effective sample size of one chain by Geyer's (1992) initial monotone sequence estimator, as in Stan for a
 * single chain: autocorrelations ρ_t (autocovariance with divisor N), pair sums Γ_k = ρ_{2k} + ρ_{2k+1} kept
 * while positive and forced non-increasing, τ = −1 + 2 Σ_k Γ_k, ESS = N / τ. An anti-correlated chain
 * can have ESS > N (HMC often does); as in Stan, ESS is capped at N·log10(N).
 *
 * @param chain draws in order, length N ≥ 4
 * @returns the ESS; NaN for a constant chain (no variance to estimate)
 * @throws InputError when the chain has fewer than 4 draws or a non-finite value
 * @example
 * effectiveSampleSize([1, -1, 1, -1, 1, -1, 1, -1]) // 7.224719895935548 = 8·log10(8), the cap (anti-correlated)
 */
export function effectiveSampleSize(chain: ArrayLike<number>): number {
  const n = chain.length;
  if (n < 4) throw new InputError('chain', `needs at least 4 draws, got ${n}`);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(chain[i])) throw new InputError('chain', `value ${chain[i]} is not finite`, i);
    mean += chain[i];
  }
  mean /= n;
  const centred = new Float64Array(n);
  for (let i = 0; i < n; i++) centred[i] = chain[i] - mean;
  const autocovariance = (lag: number): number => {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += centred[i] * centred[i + lag];
    return s / n;
  };
  const c0 = autocovariance(0);
  if (!(c0 > 0)) return NaN;
  let sum = 0;
  let previous = Infinity;
  for (let k = 0; 2 * k + 1 < n; k++) {
    let pair = (autocovariance(2 * k) + autocovariance(2 * k + 1)) / c0;
    if (!(pair > 0)) break;
    pair = Math.min(pair, previous);
    previous = pair;
    sum += pair;
  }
  // Stan's cap: an antithetic chain can make τ ≤ 0; ESS is limited to N·log10(N).
  const tau = Math.max(-1 + 2 * sum, 1 / Math.log10(n));
  return n / tau;
}

/**
 * Posterior samples of θ by Hamiltonian Monte Carlo (Neal 2011) in whitened coordinates z, θ = θ_MAP + C z with
 * C Cᵀ the Laplace covariance — equivalently HMC with the dense mass matrix H (the Laplace precision), so the
 * sampler sees a near-isotropic target. Warm-up adapts the step size ε by dual averaging toward the target mean
 * acceptance δ (Hoffman & Gelman 2014, Algorithm 5: γ = 0.05, t₀ = 10, κ = 0.75, μ = log 10ε₀, ε₀ = 1); the
 * number of leapfrog steps is L = max(1, ⌈λ/ε⌉). After warm-up ε = ε̄ (the averaged iterate), jittered
 * uniformly by ±10% per iteration. The chain starts at a draw from the Laplace approximation.
 *
 * Diagnostics: acceptance rate, mean acceptance probability, divergences, and per-parameter ESS
 * ({@link effectiveSampleSize}); the Monte Carlo standard error of a posterior mean is sd/√ESS.
 *
 * @param features N×D matrix or N values (one feature)
 * @param labels N labels in {0, 1}
 * @param options rng (required), prior, draws and tuning
 * @returns S×(D+1) draws (intercept first) and diagnostics
 * @throws InputError bad data or options (missing rng, non-positive counts, δ ∉ (0, 1))
 * @example
 * const post = sampleLogisticPosterior(x, y, { rng: new Rng(1), samples: 1000 });
 * post.samples.rows // 1000
 * post.acceptanceRate // ≈ 0.8–0.95
 */
export function sampleLogisticPosterior(features: Features, labels: ArrayLike<number>, options: SamplerOptions): PosteriorSamples {
  if (!options || !(options.rng instanceof Rng)) throw new InputError('rng', 'a seeded Rng is required (sampling must be reproducible)');
  const rng = options.rng;
  const nSamples = options.samples ?? 2000;
  const nWarmup = options.warmup ?? 1000;
  const delta = options.targetAcceptance ?? 0.8;
  const lambdaTime = options.trajectoryLength ?? 1.5;
  const maxSteps = options.maxLeapfrogSteps ?? 256;
  if (!Number.isInteger(nSamples) || nSamples < 4) throw new InputError('samples', `must be an integer ≥ 4, got ${nSamples}`);
  if (!Number.isInteger(nWarmup) || nWarmup < 0) throw new InputError('warmup', `must be a non-negative integer, got ${nWarmup}`);
  if (!(delta > 0 && delta < 1)) throw new InputError('targetAcceptance', `must lie in (0, 1), got ${delta}`);
  if (!(lambdaTime > 0) || !Number.isFinite(lambdaTime)) throw new InputError('trajectoryLength', `must be a finite number > 0, got ${lambdaTime}`);
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new InputError('maxLeapfrogSteps', `must be a positive integer, got ${maxSteps}`);

  const problem = toProblem(features, labels);
  const p = problem.p;
  const lambda = priorPrecisions(p, options);
  const mapResult = newton(problem, lambda, options as NewtonOptions, false);
  const mapFit = toFit(problem, lambda, mapResult);
  const sd = new Float64Array(p);
  for (let j = 0; j < p; j++) sd[j] = Math.sqrt(mapFit.covariance.data[j * p + j]);
  const laplace: LaplaceApproximation = { mean: mapFit.coefficients, covariance: mapFit.covariance, standardDeviations: sd };
  const c = choleskyLower(mapFit.covariance.data, p);
  if (c === null) throw new FitError('features', 'the Laplace covariance is not positive definite');

  const theta = new Float64Array(p);
  const gradTheta = new Float64Array(p);
  const toTheta = (z: Float64Array): Float64Array => {
    for (let a = 0; a < p; a++) {
      let s = laplace.mean[a];
      for (let k = 0; k <= a; k++) s += c[a * p + k] * z[k];
      theta[a] = s;
    }
    return theta;
  };
  // U(z) and ∇_z U = Cᵀ ∇_θ U.
  const potential = (z: Float64Array, gradZ: Float64Array): number => {
    const u = objectiveAndGradient(problem, lambda, toTheta(z), gradTheta);
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let a = k; a < p; a++) s += c[a * p + k] * gradTheta[a];
      gradZ[k] = s;
    }
    return u;
  };

  const z = new Float64Array(p);
  for (let k = 0; k < p; k++) z[k] = rng.normal();
  const gradZ = new Float64Array(p);
  let u = potential(z, gradZ);

  const zNew = new Float64Array(p);
  const gradNew = new Float64Array(p);
  const momentum = new Float64Array(p);
  // One HMC transition; returns the Metropolis acceptance probability and whether it diverged.
  const transition = (epsilon: number, steps: number): { alpha: number; accepted: boolean; divergent: boolean } => {
    let kinetic0 = 0;
    for (let k = 0; k < p; k++) {
      momentum[k] = rng.normal();
      kinetic0 += 0.5 * momentum[k] * momentum[k];
    }
    zNew.set(z);
    gradNew.set(gradZ);
    let uNew = u;
    for (let step = 0; step < steps; step++) {
      for (let k = 0; k < p; k++) momentum[k] -= 0.5 * epsilon * gradNew[k];
      for (let k = 0; k < p; k++) zNew[k] += epsilon * momentum[k];
      uNew = potential(zNew, gradNew);
      for (let k = 0; k < p; k++) momentum[k] -= 0.5 * epsilon * gradNew[k];
      if (!Number.isFinite(uNew)) break;
    }
    let kinetic1 = 0;
    for (let k = 0; k < p; k++) kinetic1 += 0.5 * momentum[k] * momentum[k];
    const energyError = uNew + kinetic1 - (u + kinetic0);
    const divergent = !Number.isFinite(energyError) || energyError > 1000;
    const alpha = divergent ? 0 : Math.min(1, Math.exp(-energyError));
    const accepted = !divergent && rng.uniform() < alpha;
    if (accepted) {
      z.set(zNew);
      gradZ.set(gradNew);
      u = uNew;
    }
    return { alpha, accepted, divergent };
  };

  // Dual averaging (Hoffman & Gelman 2014, Alg. 5).
  const epsilon0 = 1; // whitened coordinates: the Laplace posterior is N(0, I), so ε ≈ 1 is the right scale
  const mu = Math.log(10 * epsilon0);
  const gamma = 0.05, t0 = 10, kappa = 0.75;
  let logEpsilon = Math.log(epsilon0);
  let logEpsilonBar = 0;
  let hBar = 0;
  // ceil rather than H&G's round: in whitened coordinates ε is near 1, and round(1.5/1.04) = 1 step would turn
  // HMC into a random-walk-like Langevin sampler.
  const stepsFor = (epsilon: number): number => Math.min(maxSteps, Math.max(1, Math.ceil(lambdaTime / epsilon)));
  for (let m = 1; m <= nWarmup; m++) {
    const epsilon = Math.exp(logEpsilon);
    const { alpha } = transition(epsilon, stepsFor(epsilon));
    hBar = (1 - 1 / (m + t0)) * hBar + (delta - alpha) / (m + t0);
    logEpsilon = mu - (Math.sqrt(m) / gamma) * hBar;
    const weight = Math.pow(m, -kappa);
    logEpsilonBar = weight * logEpsilon + (1 - weight) * logEpsilonBar;
  }
  const epsilon = nWarmup > 0 ? Math.exp(logEpsilonBar) : epsilon0;
  const leapfrogSteps = stepsFor(epsilon);

  const draws = new Float64Array(nSamples * p);
  let accepted = 0, alphaSum = 0, divergences = 0;
  for (let s = 0; s < nSamples; s++) {
    const jittered = epsilon * (0.9 + 0.2 * rng.uniform());
    const result = transition(jittered, leapfrogSteps);
    if (result.accepted) accepted++;
    if (result.divergent) divergences++;
    alphaSum += result.alpha;
    draws.set(toTheta(z), s * p);
  }

  const mean = new Float64Array(p);
  const sdev = new Float64Array(p);
  const ess = new Float64Array(p);
  const mcse = new Float64Array(p);
  const chain = new Float64Array(nSamples);
  for (let j = 0; j < p; j++) {
    let s1 = 0;
    for (let s = 0; s < nSamples; s++) { chain[s] = draws[s * p + j]; s1 += chain[s]; }
    const m = s1 / nSamples;
    let s2 = 0;
    for (let s = 0; s < nSamples; s++) s2 += (chain[s] - m) ** 2;
    mean[j] = m;
    sdev[j] = Math.sqrt(s2 / (nSamples - 1));
    ess[j] = effectiveSampleSize(chain);
    mcse[j] = sdev[j] / Math.sqrt(ess[j]);
  }
  return {
    samples: matrix(nSamples, p, draws),
    acceptanceRate: accepted / nSamples,
    meanAcceptanceProbability: alphaSum / nSamples,
    stepSize: epsilon,
    leapfrogSteps,
    divergences,
    effectiveSampleSize: ess,
    mean,
    standardDeviation: sdev,
    monteCarloStandardError: mcse,
    laplace,
  };
}

function checkCoefficients(coefficients: ArrayLike<number>, argument: string): void {
  if (!coefficients || typeof coefficients.length !== 'number' || coefficients.length < 2) {
    throw new InputError(argument, 'must hold the intercept then at least one weight');
  }
  for (let j = 0; j < coefficients.length; j++) {
    if (!Number.isFinite(coefficients[j])) throw new InputError(argument, `coefficient ${j} is ${coefficients[j]}`);
  }
}

function queryMatrix(features: Features, d: number): Matrix {
  let x: Matrix;
  if (features && (features as Matrix).data instanceof Float64Array && typeof (features as Matrix).rows === 'number') {
    x = features as Matrix;
  } else if (features && typeof (features as ArrayLike<number>).length === 'number') {
    const v = features as ArrayLike<number>;
    x = { data: Float64Array.from(v), rows: v.length, cols: 1 };
  } else {
    throw new InputError('features', 'must be a Matrix (M×D) or an array of M numbers');
  }
  if (x.cols !== d) throw new InputError('features', `has ${x.cols} columns, expected ${d} (one per weight)`);
  if (x.data.length !== x.rows * x.cols) throw new InputError('features', 'data length does not match its shape');
  for (let k = 0; k < x.data.length; k++) {
    if (!Number.isFinite(x.data[k])) throw new InputError('features', `value ${x.data[k]} is not finite`, Math.floor(k / x.cols));
  }
  return x;
}

/**
 * Plug-in predictive p(y = 1 | x, θ̂) = σ(b̂ + ŵᵀx) at M query points.
 *
 * @param coefficients θ̂ = (b, w₁…w_D), intercept first
 * @param features M×D matrix or M values (D = 1)
 * @returns M probabilities
 * @throws InputError bad coefficients, or features whose width ≠ D
 * @example
 * plugInPredictive([0, 1], [0, 2]) // Float64Array [0.5, 0.8807970779778823]
 */
export function plugInPredictive(coefficients: ArrayLike<number>, features: Features): Float64Array {
  checkCoefficients(coefficients, 'coefficients');
  const d = coefficients.length - 1;
  const x = queryMatrix(features, d);
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let eta = coefficients[0];
    for (let j = 0; j < d; j++) eta += coefficients[1 + j] * x.data[i * d + j];
    out[i] = sigmoid(eta);
  }
  return out;
}

/**
 * Monte Carlo posterior predictive p(y = 1 | x, D) ≈ (1/S) Σ_s σ(b_s + w_sᵀx) with a pointwise equal-tailed
 * credible band: the (1 − level)/2 and (1 + level)/2 quantiles (numpy 'linear' rule) of σ(b_s + w_sᵀx) over s.
 * The band describes uncertainty about the probability itself; the mean is the predictive probability.
 *
 * @param samples S×(D+1) posterior draws, intercept first (e.g. {@link sampleLogisticPosterior}'s `samples`)
 * @param features M×D matrix or M values (D = 1)
 * @param level credible level in (0, 1), default 0.95
 * @returns mean, lower, upper (length M each)
 * @throws InputError empty or non-finite samples, width mismatch, level ∉ (0, 1)
 * @example
 * posteriorPredictive(fromRows([[0, 1], [0, 3]]), [1]).mean // Float64Array [0.8418163527262191] = (σ(1) + σ(3)) / 2
 */
export function posteriorPredictive(samples: Matrix, features: Features, level = 0.95): PredictiveBand {
  if (!samples || !(samples.data instanceof Float64Array) || samples.rows < 1 || samples.cols < 2) {
    throw new InputError('samples', 'must be an S×(D+1) Matrix with S ≥ 1 draws');
  }
  for (let k = 0; k < samples.data.length; k++) {
    if (!Number.isFinite(samples.data[k])) throw new InputError('samples', `value ${samples.data[k]} is not finite`, Math.floor(k / samples.cols));
  }
  if (!(level > 0 && level < 1)) throw new InputError('level', `must lie in (0, 1), got ${level}`);
  const p = samples.cols;
  const d = p - 1;
  const x = queryMatrix(features, d);
  const s = samples.rows;
  const mean = new Float64Array(x.rows);
  const lower = new Float64Array(x.rows);
  const upper = new Float64Array(x.rows);
  const probs = new Float64Array(s);
  for (let i = 0; i < x.rows; i++) {
    let sum = 0;
    for (let t = 0; t < s; t++) {
      let eta = samples.data[t * p];
      for (let j = 0; j < d; j++) eta += samples.data[t * p + 1 + j] * x.data[i * d + j];
      probs[t] = sigmoid(eta);
      sum += probs[t];
    }
    mean[i] = sum / s;
    probs.sort();
    lower[i] = quantileSorted(probs, (1 - level) / 2);
    upper[i] = quantileSorted(probs, (1 + level) / 2);
  }
  return { mean, lower, upper, level };
}

/**
 * Probit (MacKay 1992) approximation of the predictive under a Gaussian posterior N(m, Σ) — the cheap,
 * sampling-free alternative for the Laplace posterior: with a = b + wᵀx ~ N(μ_a, σ_a²), μ_a = x̃ᵀm,
 * σ_a² = x̃ᵀΣx̃, x̃ = (1, x), p(y = 1 | x, D) ≈ σ(μ_a / √(1 + πσ_a²/8)) (Bishop 2006, eq. 4.153).
 *
 * @param laplace the Laplace approximation (mean, covariance)
 * @param features M×D matrix or M values (D = 1)
 * @returns M probabilities, pulled toward 0.5 relative to the plug-in where σ_a² is large
 * @throws InputError width mismatch or a bad approximation object
 * @example
 * probitPredictive({ mean: new Float64Array([0, 1]), covariance: fromRows([[0, 0], [0, 0]]), standardDeviations: new Float64Array(2) }, [2])
 * // Float64Array [0.8807970779778823] (Σ = 0: the plug-in)
 */
export function probitPredictive(laplace: LaplaceApproximation, features: Features): Float64Array {
  if (!laplace || !laplace.mean || !laplace.covariance) throw new InputError('laplace', 'must be a LaplaceApproximation {mean, covariance}');
  checkCoefficients(laplace.mean, 'laplace.mean');
  const p = laplace.mean.length;
  if (laplace.covariance.rows !== p || laplace.covariance.cols !== p) throw new InputError('laplace.covariance', `must be ${p}×${p}`);
  const d = p - 1;
  const x = queryMatrix(features, d);
  const out = new Float64Array(x.rows);
  const xt = new Float64Array(p);
  const cov = laplace.covariance.data;
  for (let i = 0; i < x.rows; i++) {
    xt[0] = 1;
    for (let j = 0; j < d; j++) xt[1 + j] = x.data[i * d + j];
    let mu = 0, variance = 0;
    for (let a = 0; a < p; a++) {
      mu += xt[a] * laplace.mean[a];
      for (let c = 0; c < p; c++) variance += xt[a] * cov[a * p + c] * xt[c];
    }
    out[i] = sigmoid(mu / Math.sqrt(1 + (Math.PI * Math.max(variance, 0)) / 8));
  }
  return out;
}

/**
 * Posterior of the decision boundary x* = −b/w for one feature (where p(y = 1 | x*, θ) = ½), from draws:
 * p(x* | D) ≈ (1/S) Σ_s δ(x* + b_s/w_s). When some w_s are near 0 the ratio is heavy-tailed and the mean is
 * unstable: the median and the equal-tailed interval are the robust summary, `positiveSlopeFraction` says whether
 * the slope's sign is settled.
 *
 * @param samples S×2 draws (b, w)
 * @param level credible level in (0, 1), default 0.95
 * @returns the S boundary draws and their summary (units of the feature)
 * @throws InputError when samples are not S×2 with S ≥ 2, a draw has w = 0, or level ∉ (0, 1)
 * @example
 * decisionBoundaryPosterior(fromRows([[-10, 2], [-12, 2]])).median // 5.5
 */
export function decisionBoundaryPosterior(samples: Matrix, level = 0.95): DecisionBoundaryPosterior {
  if (!samples || !(samples.data instanceof Float64Array) || samples.cols !== 2 || samples.rows < 2) {
    throw new InputError('samples', 'must be an S×2 Matrix of (intercept, weight) draws with S ≥ 2 (one feature)');
  }
  if (!(level > 0 && level < 1)) throw new InputError('level', `must lie in (0, 1), got ${level}`);
  const s = samples.rows;
  const out = new Float64Array(s);
  let positive = 0, sum = 0;
  for (let t = 0; t < s; t++) {
    const b = samples.data[2 * t], w = samples.data[2 * t + 1];
    if (!Number.isFinite(b) || !Number.isFinite(w)) throw new InputError('samples', 'draw is not finite', t);
    if (w === 0) throw new InputError('samples', 'weight is exactly 0: the boundary is undefined', t);
    if (w > 0) positive++;
    out[t] = -b / w;
    sum += out[t];
  }
  const mean = sum / s;
  let ss = 0;
  for (let t = 0; t < s; t++) ss += (out[t] - mean) ** 2;
  const sorted = Float64Array.from(out).sort();
  return {
    samples: out,
    mean,
    median: quantileSorted(sorted, 0.5),
    standardDeviation: Math.sqrt(ss / (s - 1)),
    lower: quantileSorted(sorted, (1 - level) / 2),
    upper: quantileSorted(sorted, (1 + level) / 2),
    level,
    positiveSlopeFraction: positive / s,
  };
}
