/**
 * Seeded two-dimensional toy data for uncertainty maps: two moons (as scikit-learn's `make_moons`), interleaved
 * spirals, an out-of-distribution ring far from the data, and a regular grid over the input plane.
 *
 * Points are N×2 matrices (column 0 = x₁, column 1 = x₂); labels are Int32Array. All randomness comes from an
 * `Rng` (or a seed that makes one), so a seed fixes every point.
 */
import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { Rng } from '../core/rng';

/** Labelled 2-D points. */
export interface LabelledPoints2d {
  /** N×2 inputs (x₁, x₂). */
  readonly x: Matrix;
  /** N class labels in 0..K−1. */
  readonly labels: Int32Array;
}

/** Options of {@link makeMoons}. */
export interface MoonsOptions {
  /** Number of points N ≥ 2 (⌊N/2⌋ on the upper moon, labelled 0; the rest on the lower moon, labelled 1). */
  n: number;
  /** Standard deviation of the Gaussian noise added to both coordinates. @default 0.1 */
  noise?: number;
  /** Shuffle the rows (labels follow their points). @default true */
  shuffle?: boolean;
  /** Seed or generator for the shuffle and the noise. @default 0 */
  rng?: Rng | number;
}

function toRng(rng: Rng | number | undefined): Rng {
  if (rng instanceof Rng) return rng;
  const seed = rng ?? 0;
  if (!Number.isInteger(seed)) throw new InputError('rng', `must be an Rng or an integer seed, got ${seed}`);
  return new Rng(seed);
}

function assertCount(value: number, argument: string, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new InputError(argument, `must be an integer ≥ ${min}, got ${value}`);
}

function assertNonNegative(value: number, argument: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InputError(argument, `must be a finite number ≥ 0, got ${value}`);
  }
}

/** numpy.linspace(start, stop, num): start + i·step, with the last point set to stop exactly (as numpy does). */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  if (num === 1) {
    out[0] = start;
    return out;
  }
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  out[num - 1] = stop;
  return out;
}

/** Shuffle rows of an N×2 buffer and their labels together with one permutation. */
function shuffleRows(data: Float64Array, labels: Int32Array, rng: Rng): void {
  const perm = rng.permutation(labels.length);
  const d = Float64Array.from(data);
  const l = Int32Array.from(labels);
  for (let r = 0; r < perm.length; r++) {
    data[2 * r] = d[2 * perm[r]];
    data[2 * r + 1] = d[2 * perm[r] + 1];
    labels[r] = l[perm[r]];
  }
}

/**
 * Two interleaving half circles, constructed like scikit-learn's `make_moons` (same points before shuffling
 * and noise): the upper moon (cos s, sin s) and the lower moon (1 − cos s, 0.5 − sin s), s evenly spaced on
 * [0, π]. Then, in this order, an optional shuffle and N(0, noise²) noise on both coordinates. The random
 * streams differ from numpy's, so only the noise-free, unshuffled points equal scikit-learn's exactly.
 *
 * @param options see {@link MoonsOptions}
 * @returns N×2 points and labels (0 upper moon, 1 lower moon)
 * @throws InputError naming `n`, `noise` or `rng`.
 * @example
 * makeMoons({ n: 4, noise: 0, shuffle: false }).x.data
 * // Float64Array [1, 0, -1, 1.22e-16, 0, 0.5, 2, 0.4999999999999999]  (upper moon at s = 0, π; lower at s = 0, π;
 *  the rounding of sin π is kept, as in scikit-learn)
 */
export function makeMoons(options: MoonsOptions): LabelledPoints2d {
  const { n, noise = 0.1, shuffle = true } = options;
  assertCount(n, 'n', 2);
  assertNonNegative(noise, 'noise');
  const rng = toRng(options.rng);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const data = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  const sOut = linspace(0, Math.PI, nOut);
  const sIn = linspace(0, Math.PI, nIn);
  for (let i = 0; i < nOut; i++) {
    data[2 * i] = Math.cos(sOut[i]);
    data[2 * i + 1] = Math.sin(sOut[i]);
  }
  for (let i = 0; i < nIn; i++) {
    const r = nOut + i;
    data[2 * r] = 1 - Math.cos(sIn[i]);
    data[2 * r + 1] = 1 - Math.sin(sIn[i]) - 0.5;
    labels[r] = 1;
  }
  if (shuffle) shuffleRows(data, labels, rng);
  if (noise > 0) for (let q = 0; q < data.length; q++) data[q] += noise * rng.normal();
  return { x: { data, rows: n, cols: 2 }, labels };
}

/** Options of {@link makeSpirals}. */
export interface SpiralsOptions {
  /** Number of points N ≥ classes, split as evenly as possible between the arms (the first arms get the extra). */
  n: number;
  /** Number of arms (classes) K ≥ 2. @default 2 */
  classes?: number;
  /** Turns each arm makes from its start to its end. @default 1.5 */
  turns?: number;
  /** Standard deviation of the Gaussian noise added to both coordinates. @default 0.05 */
  noise?: number;
  /** Shuffle the rows. @default true */
  shuffle?: boolean;
  /** Seed or generator. @default 0 */
  rng?: Rng | number;
}

/**
 * Interleaved spirals: arm c has points r(cos φ, sin φ) with radius r = t and angle φ = 2π·turns·t + 2πc/K,
 * t evenly spaced on [0.1, 1] (starting at 0.1 keeps the arms from meeting at the origin, where their labels
 * would be indistinguishable), then an optional shuffle and N(0, noise²) noise. Every point lies within radius
 * 1 of the origin before noise.
 *
 * @param options see {@link SpiralsOptions}
 * @returns N×2 points and labels 0..K−1 (the arm)
 * @throws InputError naming `n`, `classes`, `turns`, `noise` or `rng`.
 * @example
 * makeSpirals({ n: 4, noise: 0, shuffle: false }).labels // Int32Array [0, 0, 1, 1]
 */
export function makeSpirals(options: SpiralsOptions): LabelledPoints2d {
  const { n, classes = 2, turns = 1.5, noise = 0.05, shuffle = true } = options;
  assertCount(classes, 'classes', 2);
  assertCount(n, 'n', classes);
  assertNonNegative(turns, 'turns');
  assertNonNegative(noise, 'noise');
  const rng = toRng(options.rng);
  const data = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < classes; c++) {
    const count = Math.floor(n / classes) + (c < n % classes ? 1 : 0);
    const ts = linspace(0.1, 1, count);
    for (let j = 0; j < count; j++) {
      const phi = 2 * Math.PI * turns * ts[j] + (2 * Math.PI * c) / classes;
      data[2 * row] = ts[j] * Math.cos(phi);
      data[2 * row + 1] = ts[j] * Math.sin(phi);
      labels[row] = c;
      row++;
    }
  }
  if (shuffle) shuffleRows(data, labels, rng);
  if (noise > 0) for (let q = 0; q < data.length; q++) data[q] += noise * rng.normal();
  return { x: { data, rows: n, cols: 2 }, labels };
}

/** Options of {@link makeOodRing}. */
export interface OodRingOptions {
  /** Number of points N ≥ 1. */
  n: number;
  /** Ring radius around `center`. @default 3.5 (≈ 2× the farthest noiseless moon point from the moons' centre) */
  radius?: number;
  /** Standard deviation of the radial Gaussian jitter. @default 0.1 */
  width?: number;
  /** Centre (x₁, x₂). @default [0.5, 0.25], the centre of the two moons' bounding box */
  center?: readonly [number, number];
  /** Seed or generator. @default 0 */
  rng?: Rng | number;
}

/**
 * Out-of-distribution points on a ring far from the training data: angle uniform on [0, 2π), radius
 * `radius` + N(0, width²). With the defaults the ring surrounds the two moons (whose noiseless points lie within
 * 1.68 of (0.5, 0.25)) at about twice that distance, so no ring point is near a training point.
 *
 * @param options see {@link OodRingOptions}
 * @returns N×2 points
 * @throws InputError naming `n`, `radius`, `width`, `center` or `rng`.
 * @example
 * makeOodRing({ n: 100, width: 0, center: [0, 0] }) // 100 points at distance exactly 3.5 from the origin
 */
export function makeOodRing(options: OodRingOptions): Matrix {
  const { n, radius = 3.5, width = 0.1, center = [0.5, 0.25] } = options;
  assertCount(n, 'n', 1);
  assertNonNegative(radius, 'radius');
  assertNonNegative(width, 'width');
  if (!Array.isArray(center) || center.length !== 2 || !center.every((v) => Number.isFinite(v))) {
    throw new InputError('center', 'must be two finite numbers [x1, x2]');
  }
  const rng = toRng(options.rng);
  const data = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const angle = 2 * Math.PI * rng.uniform();
    const r = radius + width * rng.normal();
    data[2 * i] = center[0] + r * Math.cos(angle);
    data[2 * i + 1] = center[1] + r * Math.sin(angle);
  }
  return { data, rows: n, cols: 2 };
}

/** A regular grid over a rectangle of the input plane. */
export interface InputGrid {
  /** nx evenly spaced x₁ values, from xMin to xMax. */
  readonly xs: Float64Array;
  /** ny evenly spaced x₂ values, from yMin to yMax. */
  readonly ys: Float64Array;
  /**
   * (nx·ny)×2 grid points, x₁ varying fastest: row j·nx + i is (xs[i], ys[j]). A per-point value vector v
   * therefore reads as a Plotly heatmap `z` with z[j][i] = v[j·nx + i] (ny rows of nx values).
   */
  readonly points: Matrix;
}

/** Options of {@link inputGrid}: the rectangle and the resolution. */
export interface InputGridOptions {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Grid points along x₁ (≥ 2). @default 100 */
  nx?: number;
  /** Grid points along x₂ (≥ 2). @default 100 */
  ny?: number;
}

/**
 * A regular nx × ny grid over [xMin, xMax] × [yMin, yMax] (both ends included), for uncertainty maps.
 *
 * @param options see {@link InputGridOptions}
 * @returns {xs, ys, points}; see {@link InputGrid} for the point order
 * @throws InputError naming the bound or resolution that is not finite, not increasing, or too small.
 * @example
 * inputGrid({ xMin: 0, xMax: 1, yMin: 0, yMax: 2, nx: 2, ny: 3 }).points.data
 * // Float64Array [0, 0, 1, 0, 0, 1, 1, 1, 0, 2, 1, 2]
 */
export function inputGrid(options: InputGridOptions): InputGrid {
  const { xMin, xMax, yMin, yMax, nx = 100, ny = 100 } = options;
  for (const [name, v] of [['xMin', xMin], ['xMax', xMax], ['yMin', yMin], ['yMax', yMax]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(name, `must be a finite number, got ${v}`);
  }
  if (!(xMax > xMin)) throw new InputError('xMax', `must exceed xMin (${xMin}), got ${xMax}`);
  if (!(yMax > yMin)) throw new InputError('yMax', `must exceed yMin (${yMin}), got ${yMax}`);
  assertCount(nx, 'nx', 2);
  assertCount(ny, 'ny', 2);
  const xs = linspace(xMin, xMax, nx);
  const ys = linspace(yMin, yMax, ny);
  const data = new Float64Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const r = j * nx + i;
      data[2 * r] = xs[i];
      data[2 * r + 1] = ys[j];
    }
  }
  return { xs, ys, points: { data, rows: nx * ny, cols: 2 } };
}

/**
 * The bounding box of one or more N×2 point sets, widened by `padding` on every side: the usual rectangle for
 * an uncertainty map that shows the data and the OOD ring.
 *
 * @param pointSets N×2 matrices (at least one non-empty)
 * @param padding margin added on each side, in input units @default 0.5
 * @returns {xMin, xMax, yMin, yMax}
 * @throws InputError naming `pointSets` (no points, a matrix without 2 columns, a non-finite value) or `padding`.
 * @example
 * boundsOf([fromRows([[0, 0], [1, 2]])], 0.5) // { xMin: -0.5, xMax: 1.5, yMin: -0.5, yMax: 2.5 }
 */
export function boundsOf(pointSets: readonly Matrix[], padding = 0.5): { xMin: number; xMax: number; yMin: number; yMax: number } {
  assertNonNegative(padding, 'padding');
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (const m of pointSets) {
    if (!m || m.cols !== 2) throw new InputError('pointSets', 'every matrix must have 2 columns (x₁, x₂)');
    for (let r = 0; r < m.rows; r++) {
      const a = m.data[2 * r], b = m.data[2 * r + 1];
      if (!Number.isFinite(a) || !Number.isFinite(b)) throw new InputError('pointSets', `non-finite point (${a}, ${b})`, r);
      xMin = Math.min(xMin, a); xMax = Math.max(xMax, a);
      yMin = Math.min(yMin, b); yMax = Math.max(yMax, b);
    }
  }
  if (xMin === Infinity) throw new InputError('pointSets', 'contain no points');
  return { xMin: xMin - padding, xMax: xMax + padding, yMin: yMin - padding, yMax: yMax + padding };
}
