import { FitError, StateError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { Calibrator, CalibratorInput, CalibratorState, CALIBRATOR_STATE_VERSION, checkFitInput, checkScores, requireFitted, stateFields } from './interface';

/**
 * One-vs-rest score of class k from logits: the logit of softmax(z)_k,
 * log(p_k / (1 − p_k)) = z_k − log Σ_{j≠k} exp(z_j), computed with the log-sum-exp trick. It is unchanged by
 * adding a constant to the row (so clipped log-probabilities give the same value as the true logits), and
 * for K = 2 it is z_1 − z_0, the usual binary logit.
 *
 * @example
 * oneVsRestLogit(fromRows([[0, 2]]), 1)[0] // 2
 */
export function oneVsRestLogit(logits: Matrix, k: number): Float64Array {
  const { rows, cols, data } = logits;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (j !== k && data[off + j] > m) m = data[off + j];
    let s = 0;
    for (let j = 0; j < cols; j++) if (j !== k) s += Math.exp(data[off + j] - m);
    out[i] = data[off + k] - (m + Math.log(s));
  }
  return out;
}

/** Column k of a matrix (the one-vs-rest score of class k for probability inputs). */
function columnOf(m: Matrix, k: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + k];
  return out;
}

/**
 * Combine per-class one-vs-rest calibrated probabilities q_k (K columns, each length N) into rows that sum
 * to 1: q_k / Σ_j q_j (seed 001; the new confidence is max_k q_k / Σ_j q_j and the new class
 * argmax_k q_k). Rule for a row where every q_k is 0: the uniform distribution 1/K (as scikit-learn's
 * `CalibratedClassifierCV`), since the calibrators then carry no information about that row.
 *
 * @example
 * renormalizeOneVsRest([Float64Array.of(0.2, 0), Float64Array.of(0.6, 0)]).data // Float64Array [0.25, 0.75, 0.5, 0.5]
 */
export function renormalizeOneVsRest(q: Float64Array[]): Matrix {
  const K = q.length;
  const N = K > 0 ? q[0].length : 0;
  const out = new Float64Array(N * K);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += q[k][i];
    const off = i * K;
    if (s > 0) for (let k = 0; k < K; k++) out[off + k] = q[k][i] / s;
    else out.fill(1 / K, off, off + K);
  }
  return { data: out, rows: N, cols: K };
}

/**
 * Base of the binary calibrators (Platt, histogram, isotonic, beta), which are fitted per class on a
 * one-vs-rest problem. Binary (K = 2): one map fitted on class 1's score against 1[y = 1]; prediction
 * is [1 − q, q]. Multi-class (K ≥ 3): one map per class k on class k's score against 1[y = k], then
 * `renormalizeOneVsRest`. Class k's score is p_k for probability methods and the one-vs-rest logit
 * (`oneVsRestLogit`) for logit methods.
 *
 * @example
 * // A subclass supplies fitMap/applyMap/mapToJSON/mapFromJSON/optionsToJSON; see PlattScaling.
 * new PlattScaling().fit(logits3, labels).fittedMaps.length // 3 (one sigmoid per class)
 */
export abstract class OneVsRestCalibrator<MapState> implements Calibrator {
  abstract readonly kind: string;
  abstract readonly input: CalibratorInput;
  protected maps?: MapState[];
  protected classes?: number;

  /** Fit one binary map: `scores` one value per row, `targets` 0/1. */
  protected abstract fitMap(scores: Float64Array, targets: Uint8Array, k: number): MapState;
  /** Calibrated P(target = 1) for each score. */
  protected abstract applyMap(map: MapState, scores: Float64Array): Float64Array;
  /** Validate one map read from JSON; throws StateError. */
  protected abstract mapFromJSON(value: unknown, field: string): MapState;
  /** Plain data for one map. */
  protected abstract mapToJSON(map: MapState): unknown;
  /** Options stored in the state. */
  protected abstract optionsToJSON(): unknown;

  /** The fitted per-class maps (one for binary problems, K otherwise). */
  get fittedMaps(): readonly MapState[] {
    return requireFitted(this.maps, this.constructor.name);
  }

  private classScore(scores: Matrix, k: number): Float64Array {
    return this.input === 'logits' ? oneVsRestLogit(scores, k) : columnOf(scores, k);
  }

  /**
   * @param scores N×K (logits or probabilities, per `input`)
   * @param labels N labels in 0..K−1
   * @throws InputError on bad input; FitError when only one class is present
   */
  fit(scores: Matrix, labels: ArrayLike<number>): this {
    const y = checkFitInput(scores, labels, this.input, this.kind);
    const K = scores.cols;
    const classesToFit = K === 2 ? [1] : Array.from({ length: K }, (_, k) => k);
    this.maps = classesToFit.map((k) => {
      const t = new Uint8Array(y.length);
      for (let i = 0; i < y.length; i++) t[i] = y[i] === k ? 1 : 0;
      return this.fitMap(this.classScore(scores, k), t, k);
    });
    this.classes = K;
    return this;
  }

  /** Calibrated N×K probabilities (rows sum to 1). @throws InputError on bad scores or a different K */
  predictProba(scores: Matrix): Matrix {
    const maps = this.fittedMaps;
    const K = requireFitted(this.classes, this.constructor.name);
    checkScores(scores, this.input, K);
    if (K === 2) {
      const q = this.applyMap(maps[0], this.classScore(scores, 1));
      const out = new Float64Array(2 * q.length);
      for (let i = 0; i < q.length; i++) {
        out[2 * i] = 1 - q[i];
        out[2 * i + 1] = q[i];
      }
      return { data: out, rows: q.length, cols: 2 };
    }
    return renormalizeOneVsRest(maps.map((m, k) => this.applyMap(m, this.classScore(scores, k))));
  }

  /** `{kind, version, classes, maps: [per-class map], options}` */
  toJSON(): CalibratorState {
    return {
      kind: this.kind,
      version: CALIBRATOR_STATE_VERSION,
      classes: requireFitted(this.classes, this.constructor.name),
      maps: this.fittedMaps.map((m) => this.mapToJSON(m)),
      options: this.optionsToJSON(),
    };
  }

  /** Restore maps and classes from a state whose header was checked by the subclass. */
  protected restore(s: Record<string, unknown>): this {
    const K = stateFields.integer(s, 'classes', 2);
    const maps = stateFields.array(s, 'maps', K === 2 ? 1 : K);
    this.maps = maps.map((m, i) => this.mapFromJSON(m, `maps[${i}]`));
    this.classes = K;
    return this;
  }
}

/** A state sub-object as a record (internal helper of `fromJSON`). @throws StateError @example stateObject({a: 1}, 'maps[0]').a // 1 */
export function stateObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new StateError('state', `field '${field}' must be an object`);
  return value as Record<string, unknown>;
}

/** Run a constructor on options from a state, turning its InputError into StateError. @example constructFromState(() => new HistogramBinning({bins: 0})) // throws StateError */
export function constructFromState<T>(make: () => T): T {
  try {
    return make();
  } catch (e) {
    throw new StateError('state', `field 'options' is invalid: ${(e as Error).message}`);
  }
}

/** FitError for a one-vs-rest sub-problem that has a single class. @example throw singleClassSubproblem(2, 0, 'beta') // FitError 'labels: class 2 never occurs …' */
export function singleClassSubproblem(k: number, positives: number, method: string): FitError {
  return new FitError('labels', `class ${k} ${positives === 0 ? 'never occurs' : 'is every label'} in the validation labels: the one-vs-rest ${method} fit for class ${k} has a single class and no finite solution`);
}
