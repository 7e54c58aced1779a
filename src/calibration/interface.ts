import { FitError, InputError, NotFittedError, StateError } from '../core/errors';
import { Matrix, assertFiniteMatrix, assertProbabilities, softmaxRows, toLabels, ROW_SUM_TOLERANCE } from '../core/matrix';

/** Version of every calibrator's JSON state written by this code. */
export const CALIBRATOR_STATE_VERSION = 1;

/** The input a calibrator works on. */
export type CalibratorInput = 'logits' | 'probabilities';

/** Plain-data state of a fitted calibrator: JSON-safe, no closures. */
export interface CalibratorState {
  readonly kind: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

/**
 * A post-hoc calibrator: fitted on held-out scores and labels, then maps scores to calibrated
 * class probabilities. Shapes: `scores` is N×K (logits or probabilities, see `input`), labels are
 * N integers in 0..K−1; `predictProba` returns N×K probabilities whose rows sum to 1.
 */
export interface Calibrator {
  /** Registry name, e.g. `'temperature'`. */
  readonly kind: string;
  /** Which scores `fit` and `predictProba` expect. */
  readonly input: CalibratorInput;
  /** Fit on validation scores and labels; returns `this`. */
  fit(scores: Matrix, labels: ArrayLike<number>): this;
  /** Calibrated probabilities (N×K, rows sum to 1). */
  predictProba(scores: Matrix): Matrix;
  /** Plain data with `kind` and `version`; `calibratorFromJSON(toJSON())` predicts identically. */
  toJSON(): CalibratorState;
}

/**
 * Smallest probability used when taking logs of probabilities: log p is computed as log(max(p, 1e-15)).
 * 1e-15 keeps logits finite (≥ −34.5) for p = 0 while leaving every probability a float64 softmax can
 * distinguish from 1 (1 − 1e-15 ≠ 1) unchanged in the other direction.
 */
export const PROBABILITY_LOG_CLIP = 1e-15;

/**
 * Probabilities to "logits" z_k = log(max(p_k, 1e-15)). Softmax-based calibrators (temperature, vector,
 * matrix, Platt on the one-vs-rest logit) are unchanged by adding a constant to a row of logits, and
 * softmax(log p) = p for rows summing to 1, so these are valid logits up to that per-row constant.
 * Only probabilities below the clip lose information.
 *
 * @param probs N×K probabilities
 * @returns N×K log-probabilities, clipped at log(1e-15)
 * @example
 * probabilitiesToLogits(fromRows([[0.5, 0.5]])).data // Float64Array [-0.693…, -0.693…]
 */
export function probabilitiesToLogits(probs: Matrix, clip = PROBABILITY_LOG_CLIP): Matrix {
  const out = new Float64Array(probs.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.log(Math.max(probs.data[i], clip));
  return { data: out, rows: probs.rows, cols: probs.cols };
}

/**
 * Logits to probabilities by a stable row softmax (same as `softmaxRows`).
 *
 * @example
 * logitsToProbabilities(fromRows([[0, 0]])).data // Float64Array [0.5, 0.5]
 */
export function logitsToProbabilities(logits: Matrix): Matrix {
  return softmaxRows(logits);
}

/**
 * Convert scores given as `from` into the form a calibrator takes (`to`), so every method works from
 * either CSV form: logits → probabilities by softmax, probabilities → logits by the clipped log.
 *
 * @example
 * convertScores(fromRows([[0, 0]]), 'logits', 'probabilities').data // Float64Array [0.5, 0.5]
 */
export function convertScores(scores: Matrix, from: CalibratorInput, to: CalibratorInput): Matrix {
  if (from === to) return scores;
  return to === 'probabilities' ? logitsToProbabilities(scores) : probabilitiesToLogits(scores);
}

/**
 * Check fit inputs: `scores` non-empty, finite, ≥ 2 columns (and valid probabilities when `input` says so);
 * labels integers in 0..K−1, one per row; and at least two distinct classes.
 *
 * @throws InputError naming `scores` or `labels` (and the row)
 * @throws FitError naming `labels` when only one class is present
 * @example
 * checkFitInput(fromRows([[0, 1], [1, 0]]), [1, 0], 'logits', 'temperature') // Int32Array [1, 0]
 */
export function checkFitInput(scores: Matrix, labels: ArrayLike<number>, input: CalibratorInput, method: string): Int32Array {
  checkScores(scores, input);
  const y = toLabels(labels, 'labels', scores.cols, scores.rows);
  const first = y[0];
  let distinct = false;
  for (let i = 1; i < y.length; i++) {
    if (y[i] !== first) {
      distinct = true;
      break;
    }
  }
  if (!distinct) {
    throw new FitError('labels', `every validation label is ${first}: ${method} calibration needs at least two classes present`);
  }
  return y;
}

/**
 * Check scores for `fit`/`predictProba` (see `checkFitInput`).
 * @throws InputError naming `scores`
 * @example
 * checkScores(fromRows([[0.2, 0.7]]), 'probabilities') // throws InputError 'scores (row 0): row sums to 0.9, not 1 …'
 */
export function checkScores(scores: Matrix, input: CalibratorInput, expectedCols?: number): void {
  assertFiniteMatrix(scores, 'scores');
  if (scores.cols < 2) throw new InputError('scores', `needs at least 2 columns (classes), got ${scores.cols}; give a binary problem as 2 columns`);
  if (expectedCols !== undefined && scores.cols !== expectedCols) {
    throw new InputError('scores', `has ${scores.cols} columns but the calibrator was fitted on ${expectedCols} classes`);
  }
  if (input === 'probabilities') assertProbabilities(scores, 'scores', ROW_SUM_TOLERANCE);
}

/** The fitted value. @throws NotFittedError when `value` is undefined @example requireFitted(undefined, 'TemperatureScaling') // throws NotFittedError */
export function requireFitted<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new NotFittedError(what);
  return value;
}

/** Helpers for `fromJSON`: each throws StateError naming `state` and the field. */
export const stateFields = {
  /** The state object itself, with the expected kind and version. */
  header(state: unknown, kind: string): Record<string, unknown> {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) throw new StateError('state', 'must be a JSON object');
    const s = state as Record<string, unknown>;
    if (s.kind !== kind) throw new StateError('state', `kind is ${JSON.stringify(s.kind)}, expected '${kind}'`);
    if (s.version !== CALIBRATOR_STATE_VERSION) {
      throw new StateError('state', `version ${JSON.stringify(s.version)} of '${kind}' is not supported (this code reads version ${CALIBRATOR_STATE_VERSION})`);
    }
    return s;
  },
  number(s: Record<string, unknown>, field: string, check?: (v: number) => boolean): number {
    const v = s[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || (check && !check(v))) {
      throw new StateError('state', `field '${field}' is ${JSON.stringify(v)}, not a valid number`);
    }
    return v;
  },
  integer(s: Record<string, unknown>, field: string, min: number): number {
    const v = s[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new StateError('state', `field '${field}' is ${JSON.stringify(v)}, not an integer ≥ ${min}`);
    return v;
  },
  vector(s: Record<string, unknown>, field: string, length?: number): Float64Array {
    return stateVector(s[field], field, length);
  },
  oneOf<T extends string>(s: Record<string, unknown>, field: string, values: readonly T[]): T {
    const v = s[field];
    if (typeof v !== 'string' || !values.includes(v as T)) throw new StateError('state', `field '${field}' is ${JSON.stringify(v)}, expected one of ${values.join(', ')}`);
    return v as T;
  },
  array(s: Record<string, unknown>, field: string, length?: number): unknown[] {
    const v = s[field];
    if (!Array.isArray(v) || (length !== undefined && v.length !== length)) {
      throw new StateError('state', `field '${field}' must be an array${length === undefined ? '' : ` of length ${length}`}`);
    }
    return v;
  },
};

/** A finite number array from JSON state. @throws StateError naming the field @example stateVector([1, 2], 'biases', 2) // Float64Array [1, 2] */
export function stateVector(v: unknown, field: string, length?: number): Float64Array {
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) {
    throw new StateError('state', `field '${field}' must be an array of numbers${length === undefined ? '' : ` of length ${length}`}`);
  }
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new StateError('state', `field '${field}'[${i}] is ${JSON.stringify(x)}, not a finite number`);
    out[i] = x;
  }
  return out;
}
