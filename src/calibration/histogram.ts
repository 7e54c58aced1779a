import { InputError, StateError } from '../core/errors';
import { OneVsRestCalibrator, constructFromState, stateObject } from './one-vs-rest';
import { stateFields, stateVector } from './interface';

/** Options of `HistogramBinning`. */
export interface HistogramOptions {
  /** Number of bins M (before merging duplicate equal-mass edges). @default 15 */
  readonly bins?: number;
  /**
   * `'width'`: edges i/M, i = 0..M. `'mass'`: edges at the i/M quantiles of the fit scores (numpy's
   * default linear-interpolation percentile, like scikit-learn's `calibration_curve(strategy='quantile')`),
   * with the outer edges set to 0 and 1 and repeated edges (tied scores) merged, so bins never collapse
   * to zero width silently: the fitted map reports how many bins remain.
   * @default 'width'
   */
  readonly binning?: 'width' | 'mass';
}

/** A fitted histogram map: bin m is (edges[m], edges[m+1]] (the first bin also holds edges[0]); value θ_m. */
export interface HistogramMap {
  /** M + 1 increasing edges, edges[0] = 0 and edges[M] = 1. */
  readonly edges: Float64Array;
  /** M calibrated values θ_m. */
  readonly values: Float64Array;
  /** Number of fit points that fell in each bin. */
  readonly counts: Float64Array;
}

/** numpy.percentile(sorted, q·100) with the default 'linear' method, on an ascending array. */
function percentileSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const frac = pos - lo;
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

/**
 * Bin index of p among `edges` (right-closed bins, 0 in the first bin, values beyond the outer edges in
 * the end bins): the number of interior edges strictly below p, as numpy `searchsorted(edges[1:-1], p)`
 * with side='left' (what scikit-learn's `calibration_curve` does).
 *
 * @example
 * histogramBinIndex(Float64Array.of(0, 0.5, 1), 0.5) // 0 (0.5 closes the first bin)
 */
export function histogramBinIndex(edges: Float64Array, p: number): number {
  let lo = 1;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < p) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Fit histogram binning (Zadrozny & Elkan 2001): θ_m = mean target of the fit scores in bin m, the
 * minimiser of the bin-wise squared error in seed 001's objective. The seed also asks θ to be
 * non-decreasing; plain binning does not enforce it (use isotonic calibration for a monotone map).
 * Empty-bin rule: an empty bin gets the midpoint of its edges, (a + b)/2, i.e. it leaves scores in that
 * bin roughly where they were, since the fit set says nothing about them.
 *
 * @param p scores in [0, 1] (N)
 * @param targets 0/1 (N)
 * @example
 * histogramFit(Float64Array.of(0.1, 0.2, 0.9), Uint8Array.of(0, 1, 1), {bins: 2}).values // Float64Array [0.5, 1]
 */
export function histogramFit(p: Float64Array, targets: Uint8Array, options: HistogramOptions = {}): HistogramMap {
  const { bins, binning } = resolveHistogramOptions(options);
  let edges: Float64Array;
  if (binning === 'width') {
    // numpy.linspace(0, 1, M + 1): i·(1/M), last edge exactly 1 (so bins match calibration_curve's).
    edges = new Float64Array(bins + 1);
    const step = 1 / bins;
    for (let i = 0; i < bins; i++) edges[i] = i * step;
    edges[bins] = 1;
  } else {
    const sorted = Float64Array.from(p).sort();
    const raw: number[] = [0];
    for (let i = 1; i < bins; i++) {
      const e = percentileSorted(sorted, i / bins);
      if (e > raw[raw.length - 1] && e < 1) raw.push(e);
    }
    raw.push(1);
    edges = Float64Array.from(raw);
  }
  const M = edges.length - 1;
  const sums = new Float64Array(M);
  const counts = new Float64Array(M);
  for (let i = 0; i < p.length; i++) {
    const m = histogramBinIndex(edges, p[i]);
    sums[m] += targets[i];
    counts[m] += 1;
  }
  const values = new Float64Array(M);
  for (let m = 0; m < M; m++) values[m] = counts[m] > 0 ? sums[m] / counts[m] : 0.5 * (edges[m] + edges[m + 1]);
  return { edges, values, counts };
}

/**
 * θ of the bin holding each score.
 *
 * @example
 * histogramPredict({edges: Float64Array.of(0, 0.5, 1), values: Float64Array.of(0.1, 0.8), counts: Float64Array.of(5, 5)}, Float64Array.of(0.7)) // Float64Array [0.8]
 */
export function histogramPredict(map: HistogramMap, p: Float64Array): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = map.values[histogramBinIndex(map.edges, p[i])];
  return out;
}

function resolveHistogramOptions(options: HistogramOptions): Required<HistogramOptions> {
  const bins = options.bins ?? 15;
  const binning = options.binning ?? 'width';
  if (!Number.isInteger(bins) || bins < 1) throw new InputError('options.bins', `must be a positive integer, got ${bins}`);
  if (binning !== 'width' && binning !== 'mass') throw new InputError('options.binning', `must be 'width' or 'mass', got ${String(binning)}`);
  return { bins, binning };
}

/**
 * Histogram binning calibration on probabilities (see `histogramFit`): binary on p₁, multi-class one map
 * per class on p_k against 1[y = k] and renormalised (see `OneVsRestCalibrator`).
 *
 * @example
 * new HistogramBinning({bins: 2}).fit(fromRows([[0.9, 0.1], [0.8, 0.2], [0.1, 0.9]]), [0, 1, 1])
 *   .predictProba(fromRows([[0.7, 0.3]])).data // Float64Array [0.5, 0.5]
 */
export class HistogramBinning extends OneVsRestCalibrator<HistogramMap> {
  readonly kind = 'histogram';
  readonly input = 'probabilities' as const;
  readonly options: Required<HistogramOptions>;

  constructor(options: HistogramOptions = {}) {
    super();
    this.options = resolveHistogramOptions(options);
  }

  protected fitMap(scores: Float64Array, targets: Uint8Array): HistogramMap {
    return histogramFit(scores, targets, this.options);
  }
  protected applyMap(map: HistogramMap, scores: Float64Array): Float64Array {
    return histogramPredict(map, scores);
  }
  protected mapToJSON(map: HistogramMap): unknown {
    return { edges: Array.from(map.edges), values: Array.from(map.values), counts: Array.from(map.counts) };
  }
  protected mapFromJSON(value: unknown, field: string): HistogramMap {
    const o = stateObject(value, field);
    const edges = stateVector(o.edges, `${field}.edges`);
    if (edges.length < 2) throw new StateError('state', `field '${field}.edges' needs at least 2 edges`);
    for (let i = 1; i < edges.length; i++) if (!(edges[i] > edges[i - 1])) throw new StateError('state', `field '${field}.edges' is not increasing at index ${i}`);
    const values = stateVector(o.values, `${field}.values`, edges.length - 1);
    for (let i = 0; i < values.length; i++) if (values[i] < 0 || values[i] > 1) throw new StateError('state', `field '${field}.values'[${i}] is outside [0, 1]`);
    const counts = stateVector(o.counts, `${field}.counts`, edges.length - 1);
    return { edges, values, counts };
  }
  protected optionsToJSON(): unknown {
    return { ...this.options };
  }

  /** @throws StateError on a wrong kind/version or corrupt fields */
  static fromJSON(state: unknown): HistogramBinning {
    const s = stateFields.header(state, 'histogram');
    return constructFromState(() => new HistogramBinning((s.options ?? {}) as HistogramOptions)).restore(s);
  }
}
