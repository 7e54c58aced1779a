/**
 * Synthetic data with known ground truth for the decision layer:
 * - a weekly stream of classifier probabilities whose distribution drifts right over time (seed 002's
 *   observation: after model updates and events the predicted probabilities rose while the true positive rate
 *   did not), for the dynamic cut-off;
 * - a two-regime market whose true up-probability is known each day, for the uncertainty filter and sizing.
 */
import { InputError } from '../core/errors';
import { Rng } from '../core/rng';
import { LabelledPeriod } from './walk-forward';

/** Options of {@link simulateDriftingStream}. */
export interface DriftingStreamOptions {
  /** Number of weeks. @default 26 */
  weeks?: number;
  /** Items scored per week (each week draws N ± 20%). @default 1500 */
  itemsPerWeek?: number;
  /** Mean true positive rate. @default 0.12 */
  baseRate?: number;
  /** Week-to-week relative jitter of the positive rate (events). @default 0.25 */
  baseRateJitter?: number;
  /** Separation of positives from negatives in the latent score (in noise standard deviations). @default 1.5 */
  separation?: number;
  /** Total rightward shift of the logit over the whole stream (linear in time, plus noise). @default 2.0 */
  drift?: number;
  /** Seed of the generator. @default 7 */
  seed?: number;
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * A weekly stream with known labels whose probabilities drift right: for item i in week t,
 * y ~ Bernoulli(π_t), z = separation·y + ε (ε ~ N(0, 1)), prob = σ(−2.2 + 1.2 z + δ_t), with
 * δ_t = drift · t/(T − 1) + N(0, 0.15²). The ranking quality (AUROC) is the same every week; only the
 * probability scale moves, which is exactly the failure mode of a fixed cut-off.
 *
 * @param options see {@link DriftingStreamOptions}
 * @returns T labelled periods with ids 'W01', 'W02', ...
 * @throws InputError for weeks < 2, itemsPerWeek < 10, or a base rate outside (0, 1)
 * @example
 * simulateDriftingStream({ weeks: 3, seed: 1 }).length // 3
 */
export function simulateDriftingStream(options: DriftingStreamOptions = {}): LabelledPeriod[] {
  const weeks = options.weeks ?? 26;
  const itemsPerWeek = options.itemsPerWeek ?? 1500;
  const baseRate = options.baseRate ?? 0.12;
  const jitter = options.baseRateJitter ?? 0.25;
  const separation = options.separation ?? 1.5;
  const drift = options.drift ?? 2.0;
  if (!Number.isInteger(weeks) || weeks < 2) throw new InputError('weeks', `must be an integer ≥ 2, got ${weeks}`);
  if (!Number.isInteger(itemsPerWeek) || itemsPerWeek < 10) throw new InputError('itemsPerWeek', `must be an integer ≥ 10, got ${itemsPerWeek}`);
  if (!(baseRate > 0 && baseRate < 1)) throw new InputError('baseRate', `must be in (0, 1), got ${baseRate}`);
  const rng = new Rng(options.seed ?? 7);
  const periods: LabelledPeriod[] = [];
  for (let t = 0; t < weeks; t++) {
    const n = Math.round(itemsPerWeek * (0.8 + 0.4 * rng.uniform()));
    const rate = Math.min(0.95, Math.max(0.01, baseRate * (1 + jitter * (2 * rng.uniform() - 1))));
    const shift = (drift * t) / (weeks - 1) + 0.15 * rng.normal();
    const probs = new Float64Array(n);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = rng.uniform() < rate ? 1 : 0;
      const z = separation * labels[i] + rng.normal();
      probs[i] = sigmoid(-2.2 + 1.2 * z + shift);
    }
    periods.push({ id: `W${String(t + 1).padStart(2, '0')}`, probs, labels });
  }
  return periods;
}

/** A simulated daily market with a known probability of an up day. */
export interface RegimeMarket {
  /** Features available before day t's return (row-major N×F): noisy readings of the regime. */
  features: Float64Array;
  /** Number of features F. */
  featureCount: number;
  /** Daily simple returns, length N. */
  returns: Float64Array;
  /** True P(return_t > 0) given the regime, length N. */
  trueUpProbability: Float64Array;
  /** Regime index per day (0 = bear, 1 = neutral, 2 = bull, 3 = novel). */
  regime: Int32Array;
}

/** Options of {@link simulateRegimeMarket}. */
export interface RegimeMarketOptions {
  /** Number of days. @default 3000 */
  days?: number;
  /** P(up) in each regime (bear, neutral, bull). @default [0.35, 0.5, 0.68] */
  upProbabilities?: [number, number, number];
  /** Probability of staying in the same regime from one day to the next. @default 0.97 */
  persistence?: number;
  /** Size of a daily move (|return|), as a fraction. @default 0.01 */
  moveSize?: number;
  /** Noise of the regime readings (std of the feature noise). @default 1.0 */
  featureNoise?: number;
  /**
   * Share of "novel" days after `novelStart`: their features lie outside anything seen before (a reading
   * that extrapolates to very bullish) while their true P(up) is `novelUpProbability` — the situation an
   * epistemic-uncertainty filter exists for. 0 disables them. @default 0.05
   */
  novelRate?: number;
  /** Fraction of the series after which novel days can occur. @default 0.6 */
  novelStart?: number;
  /** True P(up) on novel days. @default 0.4 */
  novelUpProbability?: number;
  /** Seed. @default 11 */
  seed?: number;
}

/**
 * A three-regime Markov market whose up-probability is known: regime r_t follows a persistent Markov chain,
 * the day's return is ±moveSize with P(up) = upProbabilities[r_t] (an even-money bet, so Kelly's assumption
 * holds exactly here), and the features are two noisy readings of the regime (its bullishness and whether it
 * is neutral) known before the day. After `novelStart`, a few "novel" days have features outside the training
 * support and a losing true P(up): an uncertainty filter should skip them. A good model's gate should
 * approach trueUpProbability on familiar days, and filtering on confidence should raise the win rate.
 *
 * @param options see {@link RegimeMarketOptions}
 * @throws InputError for days < 10, probabilities outside (0, 1), persistence outside [0, 1)
 * @example
 * simulateRegimeMarket({ days: 100, seed: 3 }).returns.length // 100
 */
export function simulateRegimeMarket(options: RegimeMarketOptions = {}): RegimeMarket {
  const days = options.days ?? 3000;
  const up = options.upProbabilities ?? [0.35, 0.5, 0.68];
  const persistence = options.persistence ?? 0.97;
  const move = options.moveSize ?? 0.01;
  const noise = options.featureNoise ?? 1.0;
  if (!Number.isInteger(days) || days < 10) throw new InputError('days', `must be an integer ≥ 10, got ${days}`);
  up.forEach((p, i) => {
    if (!(p > 0 && p < 1)) throw new InputError('upProbabilities', `${p} is not in (0, 1)`, i);
  });
  if (!(persistence >= 0 && persistence < 1)) throw new InputError('persistence', `must be in [0, 1), got ${persistence}`);
  const novelRate = options.novelRate ?? 0.05;
  const novelStart = Math.floor(days * (options.novelStart ?? 0.6));
  const novelUp = options.novelUpProbability ?? 0.4;
  if (!(novelRate >= 0 && novelRate < 1)) throw new InputError('novelRate', `must be in [0, 1), got ${novelRate}`);
  const rng = new Rng(options.seed ?? 11);
  const F = 2;
  const features = new Float64Array(days * F);
  const returns = new Float64Array(days);
  const trueUp = new Float64Array(days);
  const regime = new Int32Array(days);
  let r = 1;
  for (let t = 0; t < days; t++) {
    if (t > 0 && rng.uniform() > persistence) r = (r + 1 + rng.int(2)) % 3;
    const novel = t >= novelStart && rng.uniform() < novelRate;
    regime[t] = novel ? 3 : r;
    trueUp[t] = novel ? novelUp : up[r];
    returns[t] = rng.uniform() < trueUp[t] ? move : -move;
    if (novel) {
      // Far beyond the bull readings on the first feature and unusual on the second: a model extrapolates
      // "very bullish" here, although nothing like it was in its training data.
      features[t * F] = 6 + 0.5 * noise * rng.normal();
      features[t * F + 1] = -3 + 0.5 * noise * rng.normal();
    } else {
      features[t * F] = (r - 1) * 1.5 + noise * rng.normal();
      features[t * F + 1] = (r === 1 ? 1 : 0) + noise * rng.normal();
    }
  }
  return { features, featureCount: F, returns, trueUpProbability: trueUp, regime };
}
