/**
 * Trading performance of a position series: returns net of transaction costs, annualised Sharpe, maximum
 * drawdown, turnover, win rate; and the moving-block bootstrap used for their intervals.
 *
 * Convention: `positions[t]` is held from the close of day t to the close of day t + 1 and earns
 * `positions[t] · nextReturn[t]`; changing the position from positions[t−1] to positions[t] costs
 * costBps/10⁴ · |positions[t] − positions[t−1]| (the position before the first day is 0).
 */
import { InputError } from '../core/errors';
import { toFiniteVector } from '../core/matrix';
import { Rng } from '../core/rng';

/** Trading days per year used to annualise. */
export const TRADING_DAYS_PER_YEAR = 252;

/** Summary of one strategy's daily returns. */
export interface StrategyPerformance {
  /** Annualised Sharpe ratio √252 · mean / std of daily net returns (risk-free rate 0); 0 when std = 0. */
  sharpe: number;
  /** 252 · mean daily net return (arithmetic). */
  annualReturn: number;
  /** √252 · std of daily net returns (sample std, n − 1). */
  annualVolatility: number;
  /** Largest peak-to-trough fall of the compounded equity curve, as a positive fraction. */
  maxDrawdown: number;
  /** Mean |Δposition| per day. */
  turnover: number;
  /** Days with a non-zero position. */
  trades: number;
  /** Among days with a long (short) position, the share whose return had the position's sign; 0 if no trades. */
  winRate: number;
  /** Fraction of days with a non-zero position. */
  exposure: number;
  /** Final equity (compounded, starting at 1). */
  finalEquity: number;
}

/**
 * Daily net returns of a position series.
 *
 * @param positions length N (units of capital; 0 = flat)
 * @param nextReturn length N simple returns
 * @param costBps cost per unit of position traded, in basis points (≥ 0)
 * @throws InputError for mismatched lengths, NaN, negative cost
 * @example
 * netReturns([1, 1, 0], [0.01, -0.02, 0.03], 10) // Float64Array [0.009, -0.02, -0.001]
 */
export function netReturns(positions: ArrayLike<number>, nextReturn: ArrayLike<number>, costBps = 0): Float64Array {
  const pos = toFiniteVector(positions, 'positions');
  const ret = toFiniteVector(nextReturn, 'nextReturn', pos.length);
  if (!(costBps >= 0) || !Number.isFinite(costBps)) throw new InputError('costBps', `must be a finite number ≥ 0, got ${costBps}`);
  const cost = costBps / 10000;
  const out = new Float64Array(pos.length);
  let prev = 0;
  for (let t = 0; t < pos.length; t++) {
    out[t] = pos[t] * ret[t] - cost * Math.abs(pos[t] - prev);
    prev = pos[t];
  }
  return out;
}

/**
 * Annualised Sharpe ratio of daily returns: √252 · mean / sample std (0 when the std is 0 or N < 2).
 *
 * @example
 * annualisedSharpe([0.01, -0.01, 0.02]) // √252 · 0.00667 / 0.01528 ≈ 6.93
 */
export function annualisedSharpe(daily: ArrayLike<number>): number {
  const n = daily.length;
  if (n < 2) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += daily[i];
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (daily[i] - mean) ** 2;
  const std = Math.sqrt(v / (n - 1));
  return std > 0 ? (Math.sqrt(TRADING_DAYS_PER_YEAR) * mean) / std : 0;
}

/**
 * Maximum drawdown of the compounded equity Π(1 + r), as a positive fraction of the running peak.
 *
 * @example
 * maxDrawdown([0.1, -0.5, 0.2]) // equity 1.1 → 0.55 → 0.66: drawdown 0.5
 */
export function maxDrawdown(daily: ArrayLike<number>): number {
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < daily.length; i++) {
    equity *= 1 + daily[i];
    if (equity > peak) peak = equity;
    worst = Math.max(worst, 1 - equity / peak);
  }
  return worst;
}

/**
 * Compounded equity curve Π(1 + r) after each day.
 *
 * @example
 * equityCurve([0.1, -0.5]) // Float64Array [1.1, 0.55]
 */
export function equityCurve(daily: ArrayLike<number>): Float64Array {
  const out = new Float64Array(daily.length);
  let e = 1;
  for (let i = 0; i < daily.length; i++) out[i] = e *= 1 + daily[i];
  return out;
}

/**
 * All performance figures of a position series.
 *
 * @param positions length N
 * @param nextReturn length N
 * @param costBps cost in basis points per unit traded
 * @example
 * strategyPerformance([1, 0, 1], [0.01, 0.02, -0.01]).winRate // 0.5 (one of two trades won)
 */
export function strategyPerformance(positions: ArrayLike<number>, nextReturn: ArrayLike<number>, costBps = 0): StrategyPerformance {
  const daily = netReturns(positions, nextReturn, costBps);
  const n = daily.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += daily[i];
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (daily[i] - mean) ** 2;
  let turnover = 0;
  let trades = 0;
  let wins = 0;
  let prev = 0;
  for (let t = 0; t < n; t++) {
    turnover += Math.abs(positions[t] - prev);
    prev = positions[t];
    if (positions[t] !== 0) {
      trades++;
      if (Math.sign(positions[t]) * nextReturn[t] > 0) wins++;
    }
  }
  const equity = equityCurve(daily);
  return {
    sharpe: annualisedSharpe(daily),
    annualReturn: TRADING_DAYS_PER_YEAR * mean,
    annualVolatility: n > 1 ? Math.sqrt((TRADING_DAYS_PER_YEAR * v) / (n - 1)) : 0,
    maxDrawdown: maxDrawdown(daily),
    turnover: turnover / n,
    trades,
    winRate: trades === 0 ? 0 : wins / trades,
    exposure: trades / n,
    finalEquity: n ? equity[n - 1] : 1,
  };
}

/**
 * Moving-block bootstrap indices (Künsch 1989): concatenate blocks of `blockLength` consecutive days starting
 * at uniform random positions (circular), truncated to N. Keeps the short-range dependence of daily returns
 * that an i.i.d. bootstrap would destroy.
 *
 * @param n series length ≥ 1
 * @param blockLength ≥ 1 (1 = ordinary bootstrap)
 * @param rng seeded generator
 * @example
 * blockBootstrapIndices(5, 2, new Rng(1)).length // 5
 */
export function blockBootstrapIndices(n: number, blockLength: number, rng: Rng): Int32Array {
  if (!Number.isInteger(n) || n < 1) throw new InputError('n', `must be a positive integer, got ${n}`);
  if (!Number.isInteger(blockLength) || blockLength < 1) throw new InputError('blockLength', `must be a positive integer, got ${blockLength}`);
  const out = new Int32Array(n);
  let k = 0;
  while (k < n) {
    const start = rng.int(n);
    for (let j = 0; j < blockLength && k < n; j++) out[k++] = (start + j) % n;
  }
  return out;
}

/** A point estimate with a percentile bootstrap interval. */
export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
  /** Confidence level of [lo, hi]. */
  level: number;
  /** Number of bootstrap resamples that gave a finite value. */
  resamples: number;
}

/**
 * Percentile interval of a statistic of the days under the moving-block bootstrap.
 *
 * @param n number of days
 * @param statistic function of the resampled day indices; NaN results (e.g. no trades in a resample) are skipped
 * @param options resamples B, block length, level, seeded rng
 * @example
 * blockBootstrapInterval(100, (idx) => idx.length, { resamples: 10, blockLength: 5, rng: new Rng(1) }).estimate // 100
 */
export function blockBootstrapInterval(
  n: number,
  statistic: (indices: Int32Array) => number,
  options: { resamples: number; blockLength: number; rng: Rng; level?: number },
): Interval {
  const level = options.level ?? 0.95;
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const estimate = statistic(identity);
  const values: number[] = [];
  for (let b = 0; b < options.resamples; b++) {
    const v = statistic(blockBootstrapIndices(n, options.blockLength, options.rng));
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  const q = (p: number) => {
    if (values.length === 0) return NaN;
    const h = (values.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, values.length - 1);
    return values[lo] + (h - lo) * (values[hi] - values[lo]);
  };
  return { estimate, lo: q((1 - level) / 2), hi: q(1 - (1 - level) / 2), level, resamples: values.length };
}
