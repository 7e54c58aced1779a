import { InputError } from '../core/errors';
import { Matrix, toFiniteVector } from '../core/matrix';
import { checkBinCount, checkPredictions, checkScoresAndOutcomes } from './validate';

/**
 * Reliability diagrams: scores grouped into bins, each bin's mean score ("confidence") against the
 * frequency of the event it predicts ("accuracy").
 *
 * Conventions shared by every function in this folder:
 * - Bins are right-closed (a, b], except the first, which is closed [lo, b] so that a score of exactly
 *   0 (or the smallest score, for equal-mass bins) lands in it; a score of exactly 1 lands in the last bin.
 *   A score equal to an inner edge goes to the bin below it. This is `np.searchsorted(edges[1:-1], s)`,
 *   i.e. scikit-learn's `calibration_curve`.
 * - Equal-width edges are `np.linspace(0, 1, bins + 1)` bit for bit (i · (1/bins), last edge exactly 1).
 * - Equal-mass edges are `np.percentile(scores, linspace(0, 1, bins + 1) · 100)` (linear interpolation,
 *   numpy's arithmetic reproduced bit for bit); see `equalMassEdges` for what happens with tied scores.
 * - An empty bin has `count` 0 and `confidence` = `accuracy` = NaN (there is no mean of nothing;
 *   `JSON.stringify` writes them as null). Every sum over bins skips empty bins. Equal-width bins keep
 *   their empty bins (the grid is fixed); equal-mass bins never are empty (see `equalMassEdges`).
 */

/** How bin edges are placed: `width` = equal-width on [0, 1]; `mass` = equal-mass (quantiles of the scores). */
export type Binning = 'width' | 'mass';

/**
 * What is binned. `top-label`: the score is the confidence max_k p_k and the outcome is
 * "argmax_k p_k == label" (argmax ties go to the lowest class index, like numpy.argmax).
 * `positive`: binary only (2 columns); the score is P(y = 1) = p_1 and the outcome is "label == 1",
 * which is scikit-learn's `calibration_curve(y, p[:, 1])`.
 */
export type ReliabilityMode = 'top-label' | 'positive';

/** Options shared by the reliability and calibration-error functions. */
export interface ReliabilityOptions {
  /** Number of bins requested. @default 15 */
  bins?: number;
  /** Edge placement. @default 'width' */
  binning?: Binning;
  /** What is binned. @default 'top-label' */
  mode?: ReliabilityMode;
}

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  /** Lower edge (exclusive, except for the first bin). */
  lo: number;
  /** Upper edge (inclusive). */
  hi: number;
  /** Number of predictions in the bin. */
  count: number;
  /** Mean score of the bin's predictions; NaN when `count` is 0. */
  confidence: number;
  /** Fraction of the bin's predictions whose event happened; NaN when `count` is 0. */
  accuracy: number;
}

/** Bin edges and what became of the request. */
export interface BinEdges {
  /** Increasing (non-strictly for the first bin) edges; `edges.length − 1` bins. */
  edges: Float64Array;
  /** Bins asked for. */
  requestedBins: number;
  /** Why fewer bins than requested are returned, or null when none were merged. */
  note: string | null;
}

/** A reliability diagram: the bins plus how they were made. */
export interface ReliabilityDiagram {
  bins: ReliabilityBin[];
  /** `bins.length + 1` edges. */
  edges: Float64Array;
  binning: Binning;
  requestedBins: number;
  /** Set when equal-mass bins were merged because tied scores left them empty (see `equalMassEdges`). */
  note: string | null;
}

/** Scores in [0, 1] with their 0/1 outcomes: the 1-D form every binned metric works on. */
export interface BinaryScores {
  /** Confidence (top-label) or P(event), in [0, 1]. */
  scores: Float64Array;
  /** 1 when the event happened (prediction correct / label positive), else 0. */
  outcomes: Uint8Array;
}

/**
 * Equal-width edges on [0, 1], identical to `np.linspace(0, 1, bins + 1)`.
 *
 * @param bins number of bins (integer ≥ 1)
 * @throws InputError when `bins` is not an integer ≥ 1.
 * @example
 * equalWidthEdges(4) // Float64Array [0, 0.25, 0.5, 0.75, 1]
 */
export function equalWidthEdges(bins: number): Float64Array {
  checkBinCount(bins);
  const edges = new Float64Array(bins + 1);
  // numpy's linspace multiplies i by step = 1/bins (it does not divide i by bins) and then pins
  // the last edge to stop; doing the same keeps scores equal to an edge in the same bin as numpy.
  const step = 1 / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step;
  edges[bins] = 1;
  return edges;
}

/**
 * Equal-mass (quantile) edges: `np.percentile(values, np.linspace(0, 1, bins + 1) * 100)`, then the
 * inner edges of empty bins dropped.
 *
 * Rule for ties: when many scores are equal, several quantile edges coincide, or an interpolated edge
 * falls in a gap of the data, and the right-closed bin above such an edge holds nothing. The lower edge
 * of every empty bin is dropped (merging it into the bin below, whose contents do not change), so every
 * returned bin holds at least one score, every score stays in the bin it had with all edges (the bins
 * are exactly scikit-learn's non-empty `strategy='quantile'` bins), fewer bins than requested are
 * returned, and `note` says how many were merged. The first bin may be [m, m] when more than one bin's
 * worth of scores equal the minimum m.
 *
 * @param values scores (finite); not modified (selection runs on a copy: O(N log bins), no full sort)
 * @param bins requested number of bins (integer ≥ 1)
 * @throws InputError when `values` is empty or holds a NaN/±Infinity (naming the row), or `bins` is invalid.
 * @example
 * equalMassEdges([0.1, 0.2, 0.3, 0.4, 0.5], 2).edges // Float64Array [0.1, 0.3, 0.5]
 * equalMassEdges([0.9, 0.9, 0.9, 0.2], 2) // {edges: [0.2, 0.9], requestedBins: 2, note: 'requested 2 ...'}
 */
export function equalMassEdges(values: ArrayLike<number>, bins: number): BinEdges {
  checkBinCount(bins);
  const scores = toFiniteVector(values, 'values');
  const raw = rawEqualMassEdges(scores, bins);
  const merged = mergeEmptyBins(raw, accumulateBins(scores, new Uint8Array(scores.length), raw, false));
  return { edges: merged.edges, requestedBins: bins, note: mergeNote(bins, merged.edges.length - 1) };
}

function mergeNote(requested: number, got: number): string | null {
  return got < requested
    ? `requested ${requested} equal-mass bins; tied scores left ${requested - got} of them empty (coinciding quantile ` +
        `edges), so those were merged into their neighbours and ${got} bin(s) are reported`
    : null;
}

/**
 * `np.percentile(values, linspace(0, 1, bins + 1) * 100)` with numpy's arithmetic, before any merging.
 * Only the 2(bins + 1) order statistics the interpolation needs are found, by a multi-quickselect on a copy
 * (O(N log bins) instead of a full O(N log N) sort).
 */
export function rawEqualMassEdges(values: Float64Array, bins: number): Float64Array {
  const n = values.length;
  const step = 1 / bins;
  const h = new Float64Array(bins + 1);
  const needed = new Set<number>([0, n - 1]);
  for (let i = 0; i <= bins; i++) {
    // np.percentile(x, q * 100) divides by 100 again: reproduce both roundings, then numpy's
    // 'linear' virtual index (n − 1) q.
    const q = ((i === bins ? 1 : i * step) * 100) / 100;
    h[i] = (n - 1) * q;
    if (h[i] < n - 1) {
      needed.add(Math.floor(h[i]));
      needed.add(Math.floor(h[i]) + 1);
    }
  }
  const ranks = Int32Array.from(needed).sort();
  const work = Float64Array.from(values);
  multiSelect(work, ranks, 0, n - 1, 0, ranks.length - 1);
  const raw = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) {
    if (h[i] >= n - 1) {
      raw[i] = work[n - 1];
      continue;
    }
    // numpy's _lerp: a + (b − a) t for t < 0.5, b − (b − a)(1 − t) otherwise
    const prev = Math.floor(h[i]);
    const t = h[i] - prev;
    const a = work[prev];
    const b = work[prev + 1];
    const diff = b - a;
    raw[i] = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
  return raw;
}

/**
 * Drop the lower edge of every empty bin b ≥ 1 (bin 0 = [min, e_1] always holds the minimum), merging it
 * into the bin below; the sums of the merged bins do not change because the dropped bins hold nothing.
 */
function mergeEmptyBins(raw: Float64Array, sums: BinSums): { edges: Float64Array; sums: BinSums } {
  const nb = sums.count.length;
  let kept = 1;
  for (let b = 1; b < nb; b++) if (sums.count[b] > 0) kept++;
  if (kept === nb) return { edges: raw, sums };
  const edges = new Float64Array(kept + 1);
  const out: BinSums = { count: new Float64Array(kept), sumScore: new Float64Array(kept), sumOutcome: new Float64Array(kept) };
  edges[0] = raw[0];
  let k = 0;
  for (let b = 0; b < nb; b++) {
    if (b > 0 && sums.count[b] === 0) continue;
    if (b > 0) edges[k] = raw[b];
    out.count[k] = sums.count[b];
    out.sumScore[k] = sums.sumScore[b];
    out.sumOutcome[k] = sums.sumOutcome[b];
    k++;
  }
  edges[kept] = raw[nb];
  return { edges, sums: out };
}

/** Put the order statistics of rank ranks[kLo..kHi] (sorted) of a[lo..hi] in place, by divide and conquer. */
function multiSelect(a: Float64Array, ranks: Int32Array, lo: number, hi: number, kLo: number, kHi: number): void {
  if (kLo > kHi) return;
  const mid = (kLo + kHi) >>> 1;
  const k = ranks[mid];
  quickSelect(a, k, lo, hi);
  multiSelect(a, ranks, lo, k - 1, kLo, mid - 1);
  multiSelect(a, ranks, k + 1, hi, mid + 1, kHi);
}

/**
 * Floyd & Rivest (1975) selection: afterwards a[k] is the k-th smallest of a[left..right], smaller-or-equal
 * values lie left of it and greater-or-equal right. Scans stop on equal values, so heavy ties stay balanced.
 */
function quickSelect(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      quickSelect(a, k, Math.max(left, Math.floor(k - (m * s) / n + sd)), Math.min(right, Math.floor(k + ((n - m) * s) / n + sd)));
    }
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Per-bin sums: the single pass every binned metric is built on. */
export interface BinSums {
  count: Float64Array;
  sumScore: Float64Array;
  sumOutcome: Float64Array;
}

/**
 * Accumulate count, Σ score and Σ outcome per bin in one pass, with the right-closed rule.
 * `scores` must already lie in [edges[0], edges[last]] or [0, 1] (checked by the callers).
 *
 * @param uniform true when `edges` came from `equalWidthEdges` (index computed in O(1), then
 *        corrected against the exact edges); false for any increasing edges (binary search).
 */
export function accumulateBins(scores: Float64Array, outcomes: Uint8Array, edges: Float64Array, uniform: boolean): BinSums {
  const nb = edges.length - 1;
  const count = new Float64Array(nb);
  const sumScore = new Float64Array(nb);
  const sumOutcome = new Float64Array(nb);
  const n = scores.length;
  const last = nb - 1;
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    let b: number;
    if (uniform) {
      b = widthBinIndex(v, edges, last);
    } else {
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (v <= edges[mid + 1]) hi = mid;
        else lo = mid + 1;
      }
      b = lo;
    }
    count[b] += 1;
    sumScore[b] += v;
    sumOutcome[b] += outcomes[i];
  }
  return { count, sumScore, sumOutcome };
}

/**
 * Right-closed bin of v ∈ [0, 1] among equal-width edges (last = number of bins − 1): the O(1) guess
 * ⌈v·B⌉ − 1, corrected against the exact edges because v·B can round across an edge.
 */
function widthBinIndex(v: number, edges: Float64Array, last: number): number {
  let b = Math.ceil(v * (last + 1)) - 1;
  if (b < 0) b = 0;
  else if (b > last) b = last;
  while (b > 0 && v <= edges[b]) b--;
  while (b < last && v > edges[b + 1]) b++;
  return b;
}

/**
 * Top-label sums over equal-width bins in one pass over the matrix, without the intermediate confidence
 * and correctness arrays (the path ECE, MCE, RMS and reliability bins take by default). Unvalidated.
 */
function topLabelWidthSums(probs: Matrix, labels: Int32Array, edges: Float64Array): BinSums {
  const { rows, cols, data } = probs;
  const nb = edges.length - 1;
  const last = nb - 1;
  const count = new Float64Array(nb);
  const sumScore = new Float64Array(nb);
  const sumOutcome = new Float64Array(nb);
  for (let i = 0, off = 0; i < rows; i++, off += cols) {
    let best = 0;
    let v = data[off];
    for (let j = 1; j < cols; j++) {
      if (data[off + j] > v) {
        v = data[off + j];
        best = j;
      }
    }
    const b = widthBinIndex(v, edges, last);
    count[b] += 1;
    sumScore[b] += v;
    if (best === labels[i]) sumOutcome[b] += 1;
  }
  return { count, sumScore, sumOutcome };
}

/** Reliability diagram of validated predictions; top-label equal-width bins take the fused one-pass path. */
export function diagramOfPredictionsUnchecked(
  probs: Matrix,
  labels: Int32Array,
  bins: number,
  binning: Binning,
  mode: ReliabilityMode,
): ReliabilityDiagram {
  if (mode === 'top-label' && binning === 'width') {
    const edges = equalWidthEdges(bins);
    return { bins: binsFromSums(topLabelWidthSums(probs, labels, edges), edges), edges, binning, requestedBins: bins, note: null };
  }
  return diagramOfScores(modeScoresUnchecked(probs, labels, mode), bins, binning);
}

/** Turn per-bin sums into `ReliabilityBin`s (NaN means for empty bins). */
export function binsFromSums(sums: BinSums, edges: Float64Array): ReliabilityBin[] {
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < sums.count.length; b++) {
    const c = sums.count[b];
    out.push({
      lo: edges[b],
      hi: edges[b + 1],
      count: c,
      confidence: c > 0 ? sums.sumScore[b] / c : NaN,
      accuracy: c > 0 ? sums.sumOutcome[b] / c : NaN,
    });
  }
  return out;
}

/**
 * Top-label scores of a probability matrix: confidence max_k p_k and correctness argmax_k p_k == label
 * (argmax ties to the lowest index). Inputs are not validated here (see `topLabelScores`).
 */
export function topLabelScoresUnchecked(probs: Matrix, labels: Int32Array): BinaryScores {
  const { rows, cols, data } = probs;
  const scores = new Float64Array(rows);
  const outcomes = new Uint8Array(rows);
  for (let i = 0, off = 0; i < rows; i++, off += cols) {
    let best = 0;
    let bestV = data[off];
    for (let j = 1; j < cols; j++) {
      const v = data[off + j];
      if (v > bestV) {
        bestV = v;
        best = j;
      }
    }
    scores[i] = bestV;
    outcomes[i] = best === labels[i] ? 1 : 0;
  }
  return { scores, outcomes };
}

/**
 * Top-label confidences and correctness of N predictions.
 *
 * @param probs N×K probabilities (rows sum to 1)
 * @param labels N integer labels in 0..K−1
 * @throws InputError naming `probs`/`labels` and the row.
 * @example
 * topLabelScores(fromRows([[0.3, 0.7], [0.6, 0.4]]), [1, 1])
 * // {scores: Float64Array [0.7, 0.6], outcomes: Uint8Array [1, 0]}
 */
export function topLabelScores(probs: Matrix, labels: ArrayLike<number>): BinaryScores {
  return topLabelScoresUnchecked(probs, checkPredictions(probs, labels));
}

/** One-vs-rest scores of class k: p_k and 1[label == k]. Unvalidated. */
export function classScoresUnchecked(probs: Matrix, labels: Int32Array, k: number): BinaryScores {
  const { rows, cols, data } = probs;
  const scores = new Float64Array(rows);
  const outcomes = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    scores[i] = data[i * cols + k];
    outcomes[i] = labels[i] === k ? 1 : 0;
  }
  return { scores, outcomes };
}

/** The 1-D scores a mode bins (inputs already validated). */
export function modeScoresUnchecked(probs: Matrix, labels: Int32Array, mode: ReliabilityMode): BinaryScores {
  if (mode === 'top-label') return topLabelScoresUnchecked(probs, labels);
  if (mode === 'positive') {
    if (probs.cols !== 2) throw new InputError('probs', `mode 'positive' needs exactly 2 columns (binary), got ${probs.cols}`);
    return classScoresUnchecked(probs, labels, 1);
  }
  throw new InputError('mode', `must be 'top-label' or 'positive', got '${String(mode)}'`);
}

/** Edges for a binning of `scores` (scores validated). */
export function edgesFor(scores: Float64Array, bins: number, binning: Binning): BinEdges {
  if (binning === 'width') return { edges: equalWidthEdges(bins), requestedBins: bins, note: null };
  if (binning === 'mass') return equalMassEdges(scores, bins);
  throw new InputError('binning', `must be 'width' or 'mass', got '${String(binning)}'`);
}

/** Reliability diagram of already-validated 1-D scores. */
export function diagramOfScores(s: BinaryScores, bins: number, binning: Binning): ReliabilityDiagram {
  if (binning === 'mass') {
    // One pass with all quantile edges (ties included: right-closed bins between equal edges stay empty),
    // then the empty bins merged away.
    const raw = rawEqualMassEdges(s.scores, bins);
    const merged = mergeEmptyBins(raw, accumulateBins(s.scores, s.outcomes, raw, false));
    const got = merged.edges.length - 1;
    return { bins: binsFromSums(merged.sums, merged.edges), edges: merged.edges, binning, requestedBins: bins, note: mergeNote(bins, got) };
  }
  const e = edgesFor(s.scores, bins, binning);
  const sums = accumulateBins(s.scores, s.outcomes, e.edges, true);
  return { bins: binsFromSums(sums, e.edges), edges: e.edges, binning, requestedBins: bins, note: e.note };
}

function resolveOptions(options: ReliabilityOptions): Required<ReliabilityOptions> {
  const bins = checkBinCount(options.bins ?? 15);
  const binning = options.binning ?? 'width';
  if (binning !== 'width' && binning !== 'mass') throw new InputError('binning', `must be 'width' or 'mass', got '${String(binning)}'`);
  const mode = options.mode ?? 'top-label';
  if (mode !== 'top-label' && mode !== 'positive') throw new InputError('mode', `must be 'top-label' or 'positive', got '${String(mode)}'`);
  return { bins, binning, mode };
}

/**
 * Reliability diagram of N predictions: bins plus their edges and a note when equal-mass bins were merged.
 *
 * @param probs N×K probabilities (rows sum to 1, K ≥ 2)
 * @param labels N integer labels in 0..K−1
 * @param options bins (default 15), binning ('width' | 'mass', default 'width'), mode ('top-label' | 'positive')
 * @throws InputError naming `probs`, `labels`, `bins`, `binning` or `mode` (and the row).
 * @example
 * reliabilityDiagram(fromRows([[0.8, 0.2], [0.4, 0.6]]), [0, 0], {bins: 2}).bins
 * // [{lo: 0, hi: 0.5, count: 0, confidence: NaN, accuracy: NaN},
 * //  {lo: 0.5, hi: 1, count: 2, confidence: 0.7, accuracy: 0.5}]
 */
export function reliabilityDiagram(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions = {}): ReliabilityDiagram {
  const o = resolveOptions(options);
  const y = checkPredictions(probs, labels);
  return diagramOfPredictionsUnchecked(probs, y, o.bins, o.binning, o.mode);
}

/**
 * Reliability bins of N predictions (see `reliabilityDiagram` for edges and the merge note).
 * Right-closed (a, b], 0 in the first bin; empty bins have count 0 and NaN means.
 *
 * @param probs N×K probabilities
 * @param labels N integer labels in 0..K−1
 * @param options bins (default 15), binning (default 'width'), mode (default 'top-label')
 * @throws InputError naming the bad argument and row.
 * @example
 * reliabilityBins(fromRows([[0.8, 0.2], [0.4, 0.6]]), [0, 0], {bins: 2})[1]
 * // {lo: 0.5, hi: 1, count: 2, confidence: 0.7, accuracy: 0.5}
 */
export function reliabilityBins(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions = {}): ReliabilityBin[] {
  return reliabilityDiagram(probs, labels, options).bins;
}

/**
 * Classwise (one-vs-rest) reliability diagrams: for each class k, scores p_k against outcomes 1[y = k]
 * (Kull et al. 2019, "Beyond temperature scaling", classwise calibration). `mode` is ignored.
 *
 * @param probs N×K probabilities
 * @param labels N integer labels in 0..K−1
 * @returns K diagrams (equal-mass edges are computed per class)
 * @throws InputError naming the bad argument and row.
 * @example
 * classwiseReliabilityDiagrams(fromRows([[0.8, 0.2], [0.4, 0.6]]), [0, 1], {bins: 2})[1].bins[1]
 * // {lo: 0.5, hi: 1, count: 1, confidence: 0.6, accuracy: 1}
 */
export function classwiseReliabilityDiagrams(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions = {}): ReliabilityDiagram[] {
  const o = resolveOptions(options);
  const y = checkPredictions(probs, labels);
  const out: ReliabilityDiagram[] = [];
  for (let k = 0; k < probs.cols; k++) out.push(diagramOfScores(classScoresUnchecked(probs, y, k), o.bins, o.binning));
  return out;
}

/**
 * Classwise reliability bins: one `ReliabilityBin[]` per class (see `classwiseReliabilityDiagrams`).
 *
 * @example
 * classwiseReliabilityBins(fromRows([[0.8, 0.2], [0.4, 0.6]]), [0, 1], {bins: 2}).length // 2
 */
export function classwiseReliabilityBins(probs: Matrix, labels: ArrayLike<number>, options: ReliabilityOptions = {}): ReliabilityBin[][] {
  return classwiseReliabilityDiagrams(probs, labels, options).map((d) => d.bins);
}

/**
 * Reliability diagram of 1-D scores with 0/1 outcomes (e.g. binary P(y = 1) with labels, or
 * precomputed top-label confidences with correctness).
 *
 * @param scores N values in [0, 1]
 * @param outcomes N values 0/1 (or booleans)
 * @param options bins (default 15), binning (default 'width'); `mode` is ignored
 * @throws InputError naming `scores` or `outcomes` and the row.
 * @example
 * reliabilityDiagramOfScores([0, 0.5, 1], [0, 1, 1], {bins: 2}).bins.map((b) => b.count) // [2, 1]
 */
export function reliabilityDiagramOfScores(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number | boolean>,
  options: ReliabilityOptions = {},
): ReliabilityDiagram {
  const o = resolveOptions(options);
  const out = checkScoresAndOutcomes(scores, outcomes, 'scores', 'outcomes');
  return diagramOfScores({ scores: Float64Array.from(scores), outcomes: out }, o.bins, o.binning);
}

/** scikit-learn's `calibration_curve` result: means of the non-empty bins, in bin order. */
export interface CalibrationCurve {
  /** Fraction of positives per non-empty bin (sklearn's `prob_true`). */
  probTrue: Float64Array;
  /** Mean predicted probability per non-empty bin (sklearn's `prob_pred`). */
  probPred: Float64Array;
  /** Number of samples in each non-empty bin. */
  counts: Float64Array;
}

/**
 * The calibration curve in scikit-learn's form, `sklearn.calibration.calibration_curve(y_true, y_prob,
 * n_bins, strategy)`: right-closed bins, empty bins dropped. Matches scikit-learn 1.2 to the last bit
 * on the golden fixtures.
 *
 * @param yTrue N binary labels (0/1)
 * @param yProb N probabilities of the positive class, in [0, 1]
 * @param options bins (sklearn's n_bins, default 5), strategy 'uniform' (default) or 'quantile'
 * @throws InputError naming `yTrue` / `yProb` and the row, or `bins` / `strategy`.
 * @example
 * calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], {bins: 3})
 * // {probTrue: [0, 0.5, 1], probPred: [0.2, 0.525, 0.85], counts: [3, 2, 4]}
 */
export function calibrationCurve(
  yTrue: ArrayLike<number | boolean>,
  yProb: ArrayLike<number>,
  options: { bins?: number; strategy?: 'uniform' | 'quantile' } = {},
): CalibrationCurve {
  const bins = checkBinCount(options.bins ?? 5);
  const strategy = options.strategy ?? 'uniform';
  if (strategy !== 'uniform' && strategy !== 'quantile') throw new InputError('strategy', `must be 'uniform' or 'quantile', got '${String(strategy)}'`);
  const outcomes = checkScoresAndOutcomes(yProb, yTrue, 'yProb', 'yTrue');
  const d = diagramOfScores({ scores: Float64Array.from(yProb), outcomes }, bins, strategy === 'uniform' ? 'width' : 'mass');
  const nonEmpty = d.bins.filter((b) => b.count > 0);
  return {
    probTrue: Float64Array.from(nonEmpty, (b) => b.accuracy),
    probPred: Float64Array.from(nonEmpty, (b) => b.confidence),
    counts: Float64Array.from(nonEmpty, (b) => b.count),
  };
}
