import { InputError, StateError } from '../core/errors';
import { toFiniteVector } from '../core/matrix';
import { OneVsRestCalibrator, stateObject } from './one-vs-rest';
import { stateFields, stateVector, requireFitted } from './interface';

/** Result of `radixSortByFloat64`: the permutation and the keys in sorted order. */
interface SortedByKey {
  readonly index: Uint32Array;
  readonly sortedKeys: Float64Array;
}

/**
 * Stable sort of `index` by `keys[index[i]]` ascending: LSD radix sort on the IEEE-754 bits (mapped so
 * that unsigned order is numeric order), 16 bits per pass, keys carried along with the indices so every
 * pass reads sequentially, passes whose digit is constant skipped. O(n) per pass and no comparator calls;
 * faster here than V8's native `Float64Array.prototype.sort` on 10⁶ doubles. Also returns the sorted keys
 * (so callers never gather `keys[index[i]]` at random). −0 sorts as +0; keys must not be NaN.
 */
function radixSortByFloat64(keys: Float64Array, index: Uint32Array): SortedByKey {
  const n = index.length;
  const f = new Float64Array(1);
  const w = new Uint32Array(f.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const H = little ? 1 : 0;
  const L = 1 - H;
  let hiWord = new Uint32Array(n);
  let loWord = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    f[0] = keys[index[i]] + 0; // −0 + 0 = +0
    let hi = w[H];
    let lo = w[L];
    // Negative doubles: flip every bit (larger magnitude sorts first); others: set the sign bit.
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    hiWord[i] = hi;
    loWord[i] = lo;
  }
  let idx = Uint32Array.from(index);
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? loWord : hiWord;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(word[i] >>> shift) & 0xffff]++;
    if (n === 0 || counts[(word[0] >>> shift) & 0xffff] === n) continue;
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const h = hiWord[i];
      const l = loWord[i];
      const p = counts[((pass < 2 ? l : h) >>> shift) & 0xffff]++;
      hi2[p] = h;
      lo2[p] = l;
      idx2[p] = idx[i];
    }
    [hiWord, hi2] = [hi2, hiWord];
    [loWord, lo2] = [lo2, loWord];
    [idx, idx2] = [idx2, idx];
  }
  const sortedKeys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let hi = hiWord[i];
    let lo = loWord[i];
    if (hi & 0x80000000) hi = (hi & 0x7fffffff) >>> 0;
    else {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    }
    w[H] = hi;
    w[L] = lo;
    sortedKeys[i] = f[0];
  }
  return { index: idx, sortedKeys };
}

/**
 * Isotonic regression by pool-adjacent-violators, in place on `y` with weights `w` (both modified):
 * a port of scikit-learn's `_inplace_contiguous_isotonic_regression` (Best & Chakravarti 1990, section 3),
 * O(n): blocks are merged while their means decrease, and the scan steps back one block after each merge.
 */
function pavInPlace(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  // target[i] = last index of the block starting at i, and target[last] = i.
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (y[i] < y[k]) {
      i = k;
      continue;
    }
    let sumWy = w[i] * y[i];
    let sumW = w[i];
    for (;;) {
      const prevY = y[k];
      sumWy += w[k] * y[k];
      sumW += w[k];
      k = target[k] + 1;
      if (k === n || prevY < y[k]) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1];
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i] + 1;
    y.fill(y[i], i + 1, k);
    i = k;
  }
}

/** A finite Float64Array view of `v` (no copy when it already is one). @throws InputError naming `argument` */
function finiteFloat64(v: ArrayLike<number>, argument: string, expectedLength?: number): Float64Array {
  if (!(v instanceof Float64Array)) return toFiniteVector(v, argument, expectedLength);
  if (v.length === 0) throw new InputError(argument, 'is empty');
  if (expectedLength !== undefined && v.length !== expectedLength) throw new InputError(argument, `has length ${v.length}, expected ${expectedLength}`);
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw new InputError(argument, `value ${v[i]} is not a finite number`, i);
  return v;
}

/** Fitted isotonic step points: x strictly increasing, y non-decreasing, with linear interpolation between. */
export interface IsotonicMap {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * Fit an increasing isotonic regression of y on x, reproducing scikit-learn 1.2's
 * `IsotonicRegression(out_of_bounds='clip').fit(x, y, sample_weight)`:
 * 1. drop zero-weight points; sort by x, then y (like `np.lexsort((y, x))`);
 * 2. pool ties: x values closer than 1e-15 (numpy's float64 `resolution`, sklearn's `_make_unique`) to the
 *    first x of their group become one point whose y is the weighted mean and weight the sum;
 * 3. pool-adjacent-violators on those points;
 * 4. keep the first and last point and every point whose y differs from a neighbour's (sklearn's trim).
 *
 * @param x inputs (N), finite
 * @param y targets (N), finite
 * @param weights optional positive weights (N); zero-weight points are ignored
 * @throws InputError naming x, y or sampleWeight (and the row) on non-finite or negative values, mismatched
 *   lengths, or no point with positive weight
 * @example
 * isotonicFit([1, 2, 2, 3], [1, 0, 1, 0.5]) // {x: Float64Array [1, 3], y: Float64Array [0.625, 0.625]}
 */
export function isotonicFit(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): IsotonicMap {
  const xs = finiteFloat64(x, 'x');
  const ys = finiteFloat64(y, 'y', xs.length);
  let ws: Float64Array | undefined;
  let kept: Uint32Array;
  if (weights !== undefined) {
    ws = toFiniteVector(weights, 'sampleWeight', xs.length);
    let m = 0;
    for (let i = 0; i < ws.length; i++) {
      if (ws[i] < 0) throw new InputError('sampleWeight', `weight ${ws[i]} is negative`, i);
      if (ws[i] > 0) m++;
    }
    if (m === 0) throw new InputError('sampleWeight', 'every weight is 0: nothing to fit');
    kept = new Uint32Array(m);
    for (let i = 0, j = 0; i < ws.length; i++) if (ws[i] > 0) kept[j++] = i;
  } else {
    kept = new Uint32Array(xs.length);
    for (let i = 0; i < kept.length; i++) kept[i] = i;
  }
  // Lexicographic (x, y) order like np.lexsort((y, x)): sort by x, then sort each run of equal x by y
  // (runs are short or rare in practice; the order only matters for the rounding of the tie means).
  const { index: order, sortedKeys: sx } = radixSortByFloat64(xs, kept);
  const n = order.length;
  for (let r = 0; r < n; ) {
    let e = r + 1;
    while (e < n && sx[e] === sx[r]) e++;
    if (e - r > 64) {
      const run = order.subarray(r, e);
      run.set(radixSortByFloat64(ys, run).index);
    } else if (e - r > 1) {
      // Stable insertion sort by y for short runs (the radix sort's 65 536 counters would dominate).
      for (let a = r + 1; a < e; a++) {
        const id = order[a];
        const v = ys[id];
        let b = a - 1;
        while (b >= r && ys[order[b]] > v) {
          order[b + 1] = order[b];
          b--;
        }
        order[b + 1] = id;
      }
    }
    r = e;
  }
  const ux = new Float64Array(n);
  const uy = new Float64Array(n);
  const uw = new Float64Array(n);
  const resolution = 1e-15;
  let groups = 0;
  let currentX = sx[0];
  let currentY = 0;
  let currentW = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    const xi = sx[r];
    const wi = ws ? ws[i] : 1;
    if (xi - currentX >= resolution) {
      ux[groups] = currentX;
      uw[groups] = currentW;
      uy[groups] = currentY / currentW;
      groups++;
      currentX = xi;
      currentW = wi;
      currentY = ys[i] * wi;
    } else {
      currentW += wi;
      currentY += ys[i] * wi;
    }
  }
  ux[groups] = currentX;
  uw[groups] = currentW;
  uy[groups] = currentY / currentW;
  groups++;
  const gx = ux.subarray(0, groups);
  const gy = uy.subarray(0, groups);
  pavInPlace(gy, uw.subarray(0, groups));
  const keep: number[] = [];
  for (let g = 0; g < groups; g++) {
    if (g === 0 || g === groups - 1 || gy[g] !== gy[g - 1] || gy[g] !== gy[g + 1]) keep.push(g);
  }
  return { x: Float64Array.from(keep, (g) => gx[g]), y: Float64Array.from(keep, (g) => gy[g]) };
}

/**
 * Evaluate a fitted isotonic map like scikit-learn's `predict` with `out_of_bounds='clip'`: inputs are
 * clipped to [x_0, x_last]; between fitted points the value is interpolated linearly with scipy
 * `interp1d`'s formula (left-sided search, slope·(t − x_lo) + y_lo); a map with one point is constant.
 *
 * @example
 * isotonicPredict({x: Float64Array.of(0, 1), y: Float64Array.of(0, 1)}, Float64Array.of(-1, 0.25, 2)) // [0, 0.25, 1]
 */
export function isotonicPredict(map: IsotonicMap, t: Float64Array): Float64Array {
  const { x, y } = map;
  const m = x.length;
  const out = new Float64Array(t.length);
  if (m === 1) {
    out.fill(y[0]);
    return out;
  }
  const xMin = x[0];
  const xMax = x[m - 1];
  // Lookup grid: cell c of G equal cells over [xMin, xMax] stores the first threshold index ≥ the cell's
  // lower edge, so a search starts next to its answer. The walk below corrects any rounding of the
  // cell computation, so the result is exactly the left-sided search scipy's interp1d does.
  const G = Math.min(1 << 16, 4 * m);
  const cellScale = G / (xMax - xMin);
  const start = new Int32Array(G + 1);
  for (let c = 0, j = 0; c <= G; c++) {
    const edge = xMin + c / cellScale;
    while (j < m && x[j] < edge) j++;
    start[c] = j;
  }
  for (let i = 0; i < t.length; i++) {
    let v = t[i];
    if (v < xMin) v = xMin;
    else if (v > xMax) v = xMax;
    let c = Math.floor((v - xMin) * cellScale);
    if (c > G) c = G;
    else if (c < 0) c = 0;
    // First index with x[idx] ≥ v, clipped to 1..m−1.
    let idx = start[c];
    while (idx > 0 && x[idx - 1] >= v) idx--;
    while (idx < m && x[idx] < v) idx++;
    if (idx < 1) idx = 1;
    else if (idx > m - 1) idx = m - 1;
    const xLo = x[idx - 1];
    const yLo = y[idx - 1];
    const slope = (y[idx] - yLo) / (x[idx] - xLo);
    out[i] = slope * (v - xLo) + yLo;
  }
  return out;
}

/**
 * A one-dimensional isotonic regression with scikit-learn's interface shape (`fit(x, y, w)`,
 * `predict(t)`), increasing, `out_of_bounds='clip'`. See `isotonicFit` and `isotonicPredict`.
 *
 * @example
 * new IsotonicRegression().fit([1, 2, 3, 4], [1, 3, 2, 4]).predict([2.5]) // Float64Array [2.5]
 */
export class IsotonicRegression {
  private map?: IsotonicMap;

  /** @throws InputError (see `isotonicFit`) */
  fit(x: ArrayLike<number>, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    this.map = isotonicFit(x, y, sampleWeight);
    return this;
  }

  /** Fitted thresholds (sklearn's `X_thresholds_`). */
  get thresholdsX(): Float64Array {
    return requireFitted(this.map, 'IsotonicRegression').x;
  }

  /** Fitted values at the thresholds (sklearn's `y_thresholds_`). */
  get thresholdsY(): Float64Array {
    return requireFitted(this.map, 'IsotonicRegression').y;
  }

  /** @throws InputError naming `t` on non-finite input */
  predict(t: ArrayLike<number>): Float64Array {
    const map = requireFitted(this.map, 'IsotonicRegression');
    return isotonicPredict(map, toFiniteVector(t, 't', undefined, true));
  }
}

/** Validate an isotonic map from JSON. @throws StateError @example isotonicMapFromJSON({x: [0, 1], y: [0.2, 0.9]}, 'maps[0]').y // Float64Array [0.2, 0.9] */
export function isotonicMapFromJSON(value: unknown, field: string): IsotonicMap {
  const o = stateObject(value, field);
  const x = stateVector(o.x, `${field}.x`);
  const y = stateVector(o.y, `${field}.y`, x.length);
  if (x.length === 0) throw new StateError('state', `field '${field}.x' is empty`);
  for (let i = 1; i < x.length; i++) {
    if (!(x[i] > x[i - 1]) || y[i] < y[i - 1]) throw new StateError('state', `field '${field}' is not increasing at index ${i}`);
  }
  return { x, y };
}

/**
 * Isotonic calibration (Zadrozny & Elkan 2002) on probabilities: a non-decreasing, piecewise-linear map of
 * each class's probability fitted by `isotonicFit` against 1[y = k], exactly as scikit-learn's
 * `CalibratedClassifierCV(method='isotonic')` does with `IsotonicRegression(out_of_bounds='clip')`.
 * Binary: one map on p₁, output [1 − q, q]. Multi-class: one map per class, renormalised (rows whose
 * maps all give 0 become uniform; see `renormalizeOneVsRest`). A class absent from a multi-class
 * validation set gets the constant map 0 (as in scikit-learn).
 *
 * @example
 * new IsotonicCalibration().fit(fromRows([[0.8, 0.2], [0.4, 0.6], [0.3, 0.7]]), [0, 1, 1])
 *   .predictProba(fromRows([[0.5, 0.5]])).data // Float64Array [0.25, 0.75]
 */
export class IsotonicCalibration extends OneVsRestCalibrator<IsotonicMap> {
  readonly kind = 'isotonic';
  readonly input = 'probabilities' as const;

  protected fitMap(scores: Float64Array, targets: Uint8Array): IsotonicMap {
    return isotonicFit(scores, targets);
  }
  protected applyMap(map: IsotonicMap, scores: Float64Array): Float64Array {
    return isotonicPredict(map, scores);
  }
  protected mapToJSON(map: IsotonicMap): unknown {
    return { x: Array.from(map.x), y: Array.from(map.y) };
  }
  protected mapFromJSON(value: unknown, field: string): IsotonicMap {
    return isotonicMapFromJSON(value, field);
  }
  protected optionsToJSON(): unknown {
    return {};
  }

  /** @throws StateError on a wrong kind/version or corrupt fields */
  static fromJSON(state: unknown): IsotonicCalibration {
    const s = stateFields.header(state, 'isotonic');
    return new IsotonicCalibration().restore(s);
  }
}
