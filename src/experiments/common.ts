import { Matrix, selectRows, softmaxRows } from '../core/matrix';
import { Rng } from '../core/rng';
import { createCalibrator } from '../calibration';
import { convertScores } from '../calibration/interface';
import type { Json } from './config';
import { formatScore, SCORE_HEADERS, SCORE_METRICS, scorePredictions, ScoredPredictions } from './evaluate';
import { markdownTable } from './markdown';

/**
 * Split 0..n−1 into consecutive parts of the given sizes after one seeded shuffle.
 *
 * @throws RangeError when the sizes add up to more than n
 * @example
 * shuffledSplits(10, [6, 2, 2], new Rng(1)) // three disjoint Int32Arrays of 6, 2 and 2 indices
 */
export function shuffledSplits(n: number, sizes: number[], rng: Rng): Int32Array[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > n) throw new RangeError(`split sizes ${sizes.join('+')} = ${total} exceed ${n} rows`);
  const perm = rng.permutation(n);
  const out: Int32Array[] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(Int32Array.from(perm.subarray(at, at + s)));
    at += s;
  }
  return out;
}

/** Labels at the given indices. */
export function takeLabels(labels: Int32Array, indices: ArrayLike<number>): Int32Array {
  return Int32Array.from(indices as ArrayLike<number>, (i) => labels[i]);
}

/** Rows at the given indices. */
export function takeRows(x: Matrix, indices: ArrayLike<number>): Matrix {
  return selectRows(x, indices);
}

/** One calibrated method's test scores. */
export interface CalibratedScores {
  readonly method: string;
  readonly scores: ScoredPredictions;
  /** Seconds to fit the calibrator (0 for the uncalibrated row). */
  readonly fitSeconds: number;
  /** The fitted calibrator's JSON state (null for the uncalibrated row). */
  readonly state: Json;
}

/**
 * Fit each calibrator on validation logits and score it on test logits, plus the uncalibrated softmax.
 * Calibrators that take probabilities get softmax(logits); those that take logits get them as is.
 *
 * @param kinds calibrator names of the `createCalibrator` registry (e.g. 'temperature', 'isotonic')
 * @param valLogits validation logits (N_val × K), valLabels
 * @param testLogits test logits (N_test × K), testLabels
 * @param options bins, bootstrap resamples, rng
 * @example
 * calibrateAndScore(['temperature'], vz, vy, tz, ty, { rng, resamples: 200 })[1].method // 'temperature'
 */
export function calibrateAndScore(
  kinds: string[],
  valLogits: Matrix,
  valLabels: Int32Array,
  testLogits: Matrix,
  testLabels: Int32Array,
  options: { bins: number; resamples: number; rng: Rng; log?: (line: string) => void },
): CalibratedScores[] {
  const out: CalibratedScores[] = [];
  // One resampling seed for every method: the bootstrap intervals of all rows use the same resamples.
  const seed = options.rng.int(2 ** 31);
  const score = (p: Matrix): ScoredPredictions => scorePredictions(p, testLabels, { bins: options.bins, resamples: options.resamples, seed });
  out.push({ method: 'uncalibrated', scores: score(softmaxRows(testLogits)), fitSeconds: 0, state: null });
  for (const kind of kinds) {
    const calibrator = createCalibrator(kind);
    const t0 = process.hrtime.bigint();
    calibrator.fit(convertScores(valLogits, 'logits', calibrator.input), valLabels);
    const fitSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const probs = calibrator.predictProba(convertScores(testLogits, 'logits', calibrator.input));
    out.push({ method: kind, scores: score(probs), fitSeconds, state: calibrator.toJSON() as unknown as Json });
    options.log?.(`calibrated with ${kind} in ${fitSeconds.toFixed(2)} s`);
  }
  return out;
}

/** Markdown table of calibrated scores: one row per method, the five metrics with intervals. */
export function calibrationTable(rows: { label: string; scores: ScoredPredictions }[]): string {
  return markdownTable(
    ['method', ...SCORE_METRICS.map((m) => SCORE_HEADERS[m])],
    rows.map((r) => [r.label, ...SCORE_METRICS.map((m) => formatScore(m, r.scores[m]))]),
  );
}
