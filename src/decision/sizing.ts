/**
 * Position sizing from uncertainty (seed 000) and from the calibrated probability (fractional Kelly).
 * Sizes are in units of a base position (1 = one unit of capital long); 0 = no position.
 */
import { InputError } from '../core/errors';
import { toFiniteVector } from '../core/matrix';

/** Options of {@link uncertaintyPositionSizes}. */
export interface UncertaintySizingOptions {
  /** Position at zero uncertainty. @default 1 */
  baseSize?: number;
  /** Lower clip. @default 0.1 */
  minPosition?: number;
  /** Upper clip. @default 2.0 */
  maxPosition?: number;
}

function checkBounds(min: number, max: number): void {
  if (!Number.isFinite(min) || min < 0) throw new InputError('minPosition', `must be a finite number ≥ 0, got ${min}`);
  if (!Number.isFinite(max) || max < min) throw new InputError('maxPosition', `must be finite and ≥ minPosition (${min}), got ${max}`);
}

/**
 * Seed 000's sizing: size = clip(base · 1/(1 + u), min, max), larger when the uncertainty u is small.
 * Note: with base 1 and u ≥ 0 the size lies in (0, 1], so the seed's max 2.0 binds only for base > 2; and for
 * typical spreads u ∈ [0, 0.3] the size moves only between 1 and 0.77 — a mild effect, by design of the formula.
 *
 * @param uncertainty per-trade uncertainty u ≥ 0 (e.g. std of the gate probability), length N
 * @param options base size and clip bounds
 * @returns sizes, length N
 * @throws InputError for negative or non-finite u (naming the row) or inconsistent bounds
 * @example
 * uncertaintyPositionSizes([0, 1, 100]) // Float64Array [1, 0.5, 0.1]  (the last clipped at 0.1)
 */
export function uncertaintyPositionSizes(uncertainty: ArrayLike<number>, options: UncertaintySizingOptions = {}): Float64Array {
  const base = options.baseSize ?? 1;
  const min = options.minPosition ?? 0.1;
  const max = options.maxPosition ?? 2.0;
  if (!Number.isFinite(base) || base <= 0) throw new InputError('baseSize', `must be a positive finite number, got ${base}`);
  checkBounds(min, max);
  const u = toFiniteVector(uncertainty, 'uncertainty', undefined, true);
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) {
    if (u[i] < 0) throw new InputError('uncertainty', `${u[i]} is negative`, i);
    out[i] = Math.min(max, Math.max(min, base / (1 + u[i])));
  }
  return out;
}

/** Options of {@link kellyPositionSizes}. */
export interface KellySizingOptions {
  /** Fraction of the full Kelly stake (half Kelly is the common practical choice). @default 0.5 */
  fraction?: number;
  /** Net odds b: a win pays +b per unit staked, a loss costs −1. @default 1 (even money) */
  odds?: number;
  /** Upper clip on the size. @default 2.0 */
  maxPosition?: number;
}

/**
 * Fractional Kelly sizing from a calibrated win probability p (Kelly 1956; Thorp 2006).
 * Full Kelly for a bet paying +b on a win and −1 on a loss is f* = p − (1 − p)/b; for an even-money bet
 * (b = 1) this is f* = 2p − 1. The size is fraction · f*, clipped to [0, maxPosition] (long-only: f* ≤ 0 means
 * the bet has no edge and the position is 0).
 *
 * Payoff assumption: the daily return is treated as a binary bet of equal magnitude up or down. Real returns
 * are continuous and fat-tailed, so this is a heuristic there; it is only as good as p's calibration, which is
 * why it takes the calibrated probability.
 *
 * @param probability calibrated P(win) in [0, 1], length N
 * @param options fraction (0, 1], odds > 0, maxPosition ≥ 0
 * @returns sizes in [0, maxPosition], length N
 * @throws InputError for probabilities outside [0, 1] (naming the row) or bad options
 * @example
 * kellyPositionSizes([0.5, 0.6, 0.9], { fraction: 0.5 }) // Float64Array [0, 0.1, 0.4]  (≈, floating point)
 */
export function kellyPositionSizes(probability: ArrayLike<number>, options: KellySizingOptions = {}): Float64Array {
  const fraction = options.fraction ?? 0.5;
  const b = options.odds ?? 1;
  const max = options.maxPosition ?? 2.0;
  if (!(fraction > 0 && fraction <= 1)) throw new InputError('fraction', `must be in (0, 1], got ${fraction}`);
  if (!(b > 0) || !Number.isFinite(b)) throw new InputError('odds', `must be a positive finite number, got ${b}`);
  checkBounds(0, max);
  const p = toFiniteVector(probability, 'probability', undefined, true);
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    if (p[i] < 0 || p[i] > 1) throw new InputError('probability', `${p[i]} is not a probability`, i);
    const full = p[i] - (1 - p[i]) / b;
    out[i] = Math.min(max, Math.max(0, fraction * full));
  }
  return out;
}
