/**
 * Walk-forward evaluation of the mixed cut-off (seed 002): for each period t ≥ 1, estimate the cut-off on
 * period t − 1 (its probabilities and labels) and apply it to period t; compare against a fixed cut-off on the
 * same stream.
 */
import { InputError } from '../core/errors';
import { toFiniteVector, toLabels } from '../core/matrix';
import { CutoffOptions, MixedCutoff, mixedCutoff, scoresAtCutoff } from './cutoff';

/** One labelled period (a week in seed 002): model probabilities and the realised labels. */
export interface LabelledPeriod {
  /** Period name for reports (e.g. '2025-W31'). */
  id: string;
  /** Predicted probabilities, length N_t. */
  probs: Float64Array;
  /** Realised 0/1 labels, length N_t. */
  labels: Int32Array;
}

/** Scores of one cut-off rule in one period. */
export interface PeriodScores {
  cutoff: number;
  precision: number;
  recall: number;
  f1: number;
  /** Number predicted positive. */
  positives: number;
  /** positives_t / positives_{t−1} − 1; `null` in the first evaluated period or when positives_{t−1} = 0. */
  positivesChange: number | null;
}

/** One evaluated period. */
export interface WalkForwardRow {
  id: string;
  /** Index of the period in the input stream (≥ 1). */
  index: number;
  /** Details of the mixed cut-off estimated on the previous period. */
  estimate: MixedCutoff;
  mixed: PeriodScores;
  fixed: PeriodScores;
  /** Actual positives in the period. */
  actualPositives: number;
}

/** Mean and spread of one rule over the evaluated periods. */
export interface RuleSummary {
  precisionMean: number;
  /** Sample standard deviation (n − 1) of per-period precision; 0 with one period. */
  precisionStd: number;
  recallMean: number;
  f1Mean: number;
  f1Std: number;
  positivesMean: number;
  positivesStd: number;
  positivesMin: number;
  positivesMax: number;
  /** Largest |positivesChange| over the periods where it is defined (0 if none). */
  maxAbsPositivesChange: number;
}

/** The walk-forward report. */
export interface WalkForwardResult {
  rows: WalkForwardRow[];
  mixed: RuleSummary;
  fixed: RuleSummary;
  fixedCutoff: number;
}

/** Options of {@link walkForwardCutoffs}. */
export interface WalkForwardOptions extends CutoffOptions {
  /** The fixed cut-off compared against (seed 002 used 0.7). @default 0.7 */
  fixedCutoff?: number;
}

function mean(v: number[]): number {
  return v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length;
}
function sampleStd(v: number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / (v.length - 1));
}

/**
 * Summary statistics of per-period scores.
 *
 * @example
 * summarizeRule([{cutoff: 0.7, precision: 0.5, recall: 0.5, f1: 0.5, positives: 10, positivesChange: null}]).precisionMean // 0.5
 */
export function summarizeRule(scores: PeriodScores[]): RuleSummary {
  const changes = scores.map((s) => s.positivesChange).filter((c): c is number => c !== null);
  const positives = scores.map((s) => s.positives);
  return {
    precisionMean: mean(scores.map((s) => s.precision)),
    precisionStd: sampleStd(scores.map((s) => s.precision)),
    recallMean: mean(scores.map((s) => s.recall)),
    f1Mean: mean(scores.map((s) => s.f1)),
    f1Std: sampleStd(scores.map((s) => s.f1)),
    positivesMean: mean(positives),
    positivesStd: sampleStd(positives),
    positivesMin: positives.length ? Math.min(...positives) : 0,
    positivesMax: positives.length ? Math.max(...positives) : 0,
    maxAbsPositivesChange: changes.length ? Math.max(...changes.map(Math.abs)) : 0,
  };
}

function scorePeriod(period: LabelledPeriod, cutoff: number, previousPositives: number | null): PeriodScores {
  const s = scoresAtCutoff(period.probs, period.labels, cutoff);
  return {
    cutoff,
    precision: s.precision,
    recall: s.recall,
    f1: s.f1,
    positives: s.predictedPositives,
    positivesChange: previousPositives === null || previousPositives === 0 ? null : s.predictedPositives / previousPositives - 1,
  };
}

/**
 * Walk forward over labelled periods: for t = 1..T−1 the mixed cut-off is estimated on period t − 1 and applied
 * to period t (its relative part uses period t's probabilities, which are known at decision time; its labels are
 * used only for scoring). The fixed cut-off is scored on the same periods.
 *
 * @param periods at least 2 periods, in time order, each non-empty
 * @param options cut-off options and the fixed cut-off
 * @throws InputError naming `periods` (and the period index as row) for fewer than 2 periods or bad data
 * @example
 * walkForwardCutoffs(simulateDriftingStream({ weeks: 20, seed: 1 })).mixed.precisionStd // a number ≥ 0
 */
export function walkForwardCutoffs(periods: LabelledPeriod[], options: WalkForwardOptions = {}): WalkForwardResult {
  if (!Array.isArray(periods) || periods.length < 2) throw new InputError('periods', 'needs at least 2 periods (estimate on t−1, apply to t)');
  const fixedCutoff = options.fixedCutoff ?? 0.7;
  if (!Number.isFinite(fixedCutoff)) throw new InputError('fixedCutoff', `must be finite, got ${fixedCutoff}`);
  periods.forEach((p, i) => {
    try {
      const probs = toFiniteVector(p.probs, 'probs');
      toLabels(p.labels, 'labels', 2, probs.length);
    } catch (e) {
      throw new InputError('periods', `period ${i} (${p.id}): ${(e as Error).message}`, i);
    }
  });
  const rows: WalkForwardRow[] = [];
  let prevMixed: number | null = null;
  let prevFixed: number | null = null;
  for (let t = 1; t < periods.length; t++) {
    const history = periods[t - 1];
    const current = periods[t];
    const estimate = mixedCutoff(history.probs, history.labels, current.probs, options);
    const mixed = scorePeriod(current, estimate.final, prevMixed);
    const fixed = scorePeriod(current, fixedCutoff, prevFixed);
    prevMixed = mixed.positives;
    prevFixed = fixed.positives;
    let actual = 0;
    for (let i = 0; i < current.labels.length; i++) actual += current.labels[i];
    rows.push({ id: current.id, index: t, estimate, mixed, fixed, actualPositives: actual });
  }
  return { rows, mixed: summarizeRule(rows.map((r) => r.mixed)), fixed: summarizeRule(rows.map((r) => r.fixed)), fixedCutoff };
}
