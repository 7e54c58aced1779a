/**
 * Seeded inverted-dropout masks, generated on the host (JavaScript) and uploaded as one float32 tensor per layer.
 *
 * Why not `tf.dropout` / `tf.randomUniform`: those draw in JavaScript as well (seedrandom's alea, one double per
 * element) and their stream depends on how the work is batched. Here every mask row is a pure function of
 * (seed, stream, layer, row): the T MC Dropout samples give the same masks whether they are drawn in one batched
 * pass, in chunks, or one at a time in a loop — which is what makes "batched == loop" testable exactly, and makes
 * results independent of the memory budget.
 *
 * Each 32-bit draw gives two 16-bit uniforms, so a unit is kept with probability q = round((1 − p)·2¹⁶)/2¹⁶
 * (p rounded to 1/65536, |q − (1 − p)| ≤ 7.7e-6) and kept units are scaled by 1/q (inverted dropout), which keeps
 * E[mask] = 1 exactly for the q actually used.
 */
import { InputError } from '../core/errors';

/** 2¹⁶: the resolution of the keep probability. */
const KEEP_RESOLUTION = 65536;

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The 32-bit seed of one mask row: a hash of (seed, stream, layer, row). `stream` is the MC sample index t at
 * prediction time and the global step at training time.
 *
 * @example
 * maskRowSeed(42, 0, 1, 7) === maskRowSeed(42, 0, 1, 7) // true: a pure function of its arguments
 */
export function maskRowSeed(seed: number, stream: number, layer: number, row: number): number {
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32((h + Math.imul(stream >>> 0, 0x9e3779b1)) >>> 0);
  h = fmix32((h + Math.imul(layer >>> 0, 0x85ebca77)) >>> 0);
  h = fmix32((h + Math.imul(row >>> 0, 0xc2b2ae3d)) >>> 0);
  return h;
}

/**
 * The keep probability q actually used for a dropout rate p (see the module comment).
 *
 * @example
 * keepProbability(0.2) // 0.8000030517578125 (= 52429 / 65536)
 */
export function keepProbability(rate: number): number {
  return Math.round((1 - rate) * KEEP_RESOLUTION) / KEEP_RESOLUTION;
}

/**
 * Fill `rows` mask rows of `width` units into `out` starting at `offset`: each value is 0 (dropped) or 1/q (kept).
 * Row r of the block uses `maskRowSeed(seed, stream, layer, firstRow + r)`.
 *
 * @param out destination, row-major
 * @param rate dropout probability p in [0, 1)
 * @example
 * const m = new Float32Array(4);
 * fillDropoutMask(m, 0, 1, 4, 0, 42, 0, 0, 0.5); // four values, each 0 or 2
 */
export function fillDropoutMask(
  out: Float32Array,
  offset: number,
  rows: number,
  width: number,
  firstRow: number,
  seed: number,
  stream: number,
  layer: number,
  rate: number,
): void {
  const threshold = Math.round((1 - rate) * KEEP_RESOLUTION);
  if (!(threshold >= 1 && threshold <= KEEP_RESOLUTION)) throw new InputError('rate', `dropout rate must be in [0, 1 − 2⁻¹⁶], got ${rate}`);
  const scale = KEEP_RESOLUTION / threshold;
  for (let r = 0; r < rows; r++) {
    // mulberry32 (Tommy Ettinger), seeded per row: fast, 2³² period, ample for Bernoulli masks.
    let state = maskRowSeed(seed, stream, layer, firstRow + r);
    let o = offset + r * width;
    const end = o + width;
    while (o < end) {
      state = (state + 0x6d2b79f5) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 15), z | 1);
      z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
      z = (z ^ (z >>> 14)) >>> 0;
      // Branch-free keep test: (u − threshold) is negative exactly when u < threshold, and >>> 31 turns its sign
      // bit into 1 (kept) or 0 (dropped). Random branches mispredict half the time; this runs ~3× faster.
      out[o++] = scale * (((z & 0xffff) - threshold) >>> 31);
      if (o < end) out[o++] = scale * (((z >>> 16) - threshold) >>> 31);
    }
  }
}
