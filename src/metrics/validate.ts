import { InputError } from '../core/errors';
import { Matrix, assertProbabilities, toLabels } from '../core/matrix';

/**
 * Check a probability matrix and its labels the way every metric in this folder needs them:
 * `probs` is a non-empty N×K (K ≥ 2) matrix of finite values in [0, 1] whose rows sum to 1
 * (within `ROW_SUM_TOLERANCE`), `labels` has N integers in 0..K−1.
 *
 * @param probs N×K probabilities
 * @param labels N integer labels
 * @returns the labels as an Int32Array (a copy; the caller's array is never touched)
 * @throws InputError naming `probs` or `labels` and the first bad row.
 * @example
 * checkPredictions({data: new Float64Array([0.9, 0.1]), rows: 1, cols: 2}, [0]) // Int32Array [0]
 */
export function checkPredictions(probs: Matrix, labels: ArrayLike<number>): Int32Array {
  assertProbabilities(probs, 'probs');
  return toLabels(labels, 'labels', probs.cols, probs.rows);
}

/**
 * Check a vector of scores in [0, 1] (confidences or P(y = 1)) and a same-length vector of 0/1 outcomes.
 *
 * @returns the outcomes as a Uint8Array copy
 * @throws InputError naming `scoresName` / `outcomesName` and the first bad row; also on empty input.
 */
export function checkScoresAndOutcomes(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number | boolean>,
  scoresName: string,
  outcomesName: string,
): Uint8Array {
  if (!scores || typeof scores.length !== 'number') throw new InputError(scoresName, 'must be an array of numbers');
  if (!outcomes || typeof outcomes.length !== 'number') throw new InputError(outcomesName, 'must be an array of 0/1 values');
  if (scores.length === 0) throw new InputError(scoresName, 'is empty');
  if (outcomes.length !== scores.length) {
    throw new InputError(outcomesName, `has length ${outcomes.length}, expected ${scores.length} (one per score)`);
  }
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(scoresName, `value ${v} is not a finite number`, i);
    if (v < 0 || v > 1) throw new InputError(scoresName, `value ${v} outside [0, 1]`, i);
    const o = outcomes[i];
    if (o === true || o === 1) out[i] = 1;
    else if (o === false || o === 0) out[i] = 0;
    else throw new InputError(outcomesName, `value ${o} is not 0 or 1`, i);
  }
  return out;
}

/** @throws InputError unless `bins` is an integer ≥ 1. */
export function checkBinCount(bins: number, argument = 'bins'): number {
  if (!Number.isInteger(bins) || bins < 1) throw new InputError(argument, `must be an integer ≥ 1, got ${bins}`);
  return bins;
}
