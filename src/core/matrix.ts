import { InputError } from './errors';

/**
 * A dense row-major matrix of doubles: the shape of every probability or logit
 * table that crosses a module boundary in certitude (N rows = samples, K cols = classes).
 * Element (i, j) is `data[i * cols + j]`.
 */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Default tolerance for "a probability row sums to 1": |Σ_k p_k − 1| ≤ 1e-6. */
export const ROW_SUM_TOLERANCE = 1e-6;

/**
 * Make a matrix; `data` defaults to zeros and is used as is (not copied).
 *
 * @throws InputError when `data.length !== rows * cols`.
 * @example
 * matrix(2, 2, new Float64Array([0.9, 0.1, 0.2, 0.8])).rows // 2
 */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (!Number.isInteger(rows) || rows < 0) throw new InputError('rows', `must be a non-negative integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 0) throw new InputError('cols', `must be a non-negative integer, got ${cols}`);
  const d = data ?? new Float64Array(rows * cols);
  if (d.length !== rows * cols) {
    throw new InputError('data', `length ${d.length} does not match ${rows}×${cols} = ${rows * cols}`);
  }
  return { data: d, rows, cols };
}

/**
 * Build a matrix from nested arrays (one inner array per row).
 *
 * @throws InputError when rows have different lengths.
 * @example
 * fromRows([[0.9, 0.1], [0.2, 0.8]]) // {rows: 2, cols: 2, data: Float64Array [0.9, 0.1, 0.2, 0.8]}
 */
export function fromRows(rowsIn: ArrayLike<ArrayLike<number>>, argument = 'rows'): Matrix {
  const n = rowsIn.length;
  const k = n > 0 ? rowsIn[0].length : 0;
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const r = rowsIn[i];
    if (r.length !== k) throw new InputError(argument, `has ${r.length} columns, expected ${k}`, i);
    for (let j = 0; j < k; j++) data[i * k + j] = r[j];
  }
  return { data, rows: n, cols: k };
}

/**
 * A binary problem given as one column of P(y = 1) becomes the two-column matrix [1 − p, p].
 *
 * @example
 * binaryToMatrix([0.2, 0.7]).data // Float64Array [0.8, 0.2, 0.3, 0.7]
 */
export function binaryToMatrix(p: ArrayLike<number>): Matrix {
  const n = p.length;
  const data = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    data[2 * i] = 1 - p[i];
    data[2 * i + 1] = p[i];
  }
  return { data, rows: n, cols: 2 };
}

/** Nested arrays, one per row (for JSON output and plotting). */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** A view of row i (no copy). */
export function rowView(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Column j as a new Float64Array. */
export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}

/** The rows listed in `indices`, in that order (a copy). */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * m.cols);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols);
  }
  return { data: out, rows: indices.length, cols: m.cols };
}

/** Argmax of row i; ties go to the lowest index (like numpy.argmax). */
export function argmaxRow(m: Matrix, i: number): number {
  const off = i * m.cols;
  let best = 0;
  let bestV = m.data[off];
  for (let j = 1; j < m.cols; j++) {
    const v = m.data[off + j];
    if (v > bestV) {
      bestV = v;
      best = j;
    }
  }
  return best;
}

/** Argmax of every row (ties to the lowest index). */
export function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = argmaxRow(m, i);
  return out;
}

/**
 * Row-wise softmax, computed stably: softmax(z)_k = exp(z_k − max z) / Σ_j exp(z_j − max z).
 * Subtracting the row maximum keeps every exponent ≤ 0, so nothing overflows.
 *
 * @example
 * softmaxRows(fromRows([[0, 0]])).data // Float64Array [0.5, 0.5]
 */
export function softmaxRows(logits: Matrix, temperature = 1): Matrix {
  const { rows, cols } = logits;
  const out = new Float64Array(rows * cols);
  const inv = 1 / temperature;
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) mx = Math.max(mx, logits.data[off + j] * inv);
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(logits.data[off + j] * inv - mx);
      out[off + j] = e;
      s += e;
    }
    for (let j = 0; j < cols; j++) out[off + j] /= s;
  }
  return { data: out, rows, cols };
}

/**
 * Row-wise log-softmax: log p_k = (z_k − m) − log Σ_j exp(z_j − m), m = max_j z_j (log-sum-exp trick;
 * exact even when softmax underflows to 0).
 */
export function logSoftmaxRows(logits: Matrix, temperature = 1): Matrix {
  const { rows, cols } = logits;
  const out = new Float64Array(rows * cols);
  const inv = 1 / temperature;
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) mx = Math.max(mx, logits.data[off + j] * inv);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(logits.data[off + j] * inv - mx);
    const lse = mx + Math.log(s);
    for (let j = 0; j < cols; j++) out[off + j] = logits.data[off + j] * inv - lse;
  }
  return { data: out, rows, cols };
}

/**
 * Check a matrix is non-empty and every value finite.
 *
 * @throws InputError naming `argument` and the row of the first NaN/±Infinity.
 */
export function assertFiniteMatrix(m: Matrix, argument: string, options: { allowEmpty?: boolean } = {}): void {
  if (!m || !(m.data instanceof Float64Array) || !Number.isInteger(m.rows) || !Number.isInteger(m.cols)) {
    throw new InputError(argument, 'must be a Matrix {data: Float64Array, rows, cols}');
  }
  if (m.data.length !== m.rows * m.cols) {
    throw new InputError(argument, `data length ${m.data.length} does not match ${m.rows}×${m.cols}`);
  }
  if (!options.allowEmpty && (m.rows === 0 || m.cols === 0)) throw new InputError(argument, 'is empty');
  for (let k = 0; k < m.data.length; k++) {
    const v = m.data[k];
    if (!Number.isFinite(v)) throw new InputError(argument, `contains ${v} at column ${k % m.cols}`, Math.floor(k / m.cols));
  }
}

/**
 * Check a matrix holds probabilities: finite, in [0, 1], rows summing to 1 within `tolerance`.
 * A one-column matrix is not accepted: give binary problems as two columns (see `binaryToMatrix`).
 *
 * @throws InputError naming `argument` and the first bad row.
 */
export function assertProbabilities(m: Matrix, argument: string, tolerance = ROW_SUM_TOLERANCE): void {
  assertFiniteMatrix(m, argument);
  if (m.cols < 2) throw new InputError(argument, `needs at least 2 columns (classes), got ${m.cols}`);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j];
      if (v < 0 || v > 1) throw new InputError(argument, `probability ${v} outside [0, 1] at column ${j}`, i);
      s += v;
    }
    if (Math.abs(s - 1) > tolerance) {
      throw new InputError(argument, `row sums to ${s}, not 1 (tolerance ${tolerance})`, i);
    }
  }
}

/**
 * Coerce labels to an Int32Array and check each is an integer in 0..classes−1.
 *
 * @param labels integer class labels, one per row
 * @param classes number of classes K (labels must lie in 0..K−1); omit to only check integrality
 * @param expectedLength when given, the required length (rows of the score matrix)
 * @throws InputError naming `argument` and the first bad row.
 * @example
 * toLabels([0, 2, 1], 'labels', 3) // Int32Array [0, 2, 1]
 */
export function toLabels(labels: ArrayLike<number>, argument = 'labels', classes?: number, expectedLength?: number): Int32Array {
  if (!labels || typeof labels.length !== 'number') throw new InputError(argument, 'must be an array of integers');
  if (expectedLength !== undefined && labels.length !== expectedLength) {
    throw new InputError(argument, `has length ${labels.length}, expected ${expectedLength} (one label per row)`);
  }
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!Number.isInteger(v)) throw new InputError(argument, `label ${v} is not an integer`, i);
    if (v < 0 || (classes !== undefined && v >= classes)) {
      throw new InputError(argument, `label ${v} outside 0..${classes === undefined ? '' : classes - 1}`, i);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Coerce a vector of numbers to a Float64Array, checking it is finite (and optionally non-empty / of a length).
 *
 * @throws InputError naming `argument` and the row of the first non-finite value.
 */
export function toFiniteVector(values: ArrayLike<number>, argument: string, expectedLength?: number, allowEmpty = false): Float64Array {
  if (!values || typeof values.length !== 'number') throw new InputError(argument, 'must be an array of numbers');
  if (!allowEmpty && values.length === 0) throw new InputError(argument, 'is empty');
  if (expectedLength !== undefined && values.length !== expectedLength) {
    throw new InputError(argument, `has length ${values.length}, expected ${expectedLength}`);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(argument, `value ${v} is not a finite number`, i);
    out[i] = v;
  }
  return out;
}
