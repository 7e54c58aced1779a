import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors';
import { repoRoot } from '../data/paths';
import type { ReliabilityBin } from '../metrics/reliability';
import type { MetricTable, ScoreHistogram, UciPanel } from '../plots/benchmarks';
import type { Profile } from './config';
import { GAL_2016, GAL_2018, LAKSHMINARAYANAN_2017 } from './published';
import { RESULT_SCHEMA } from './runner';
import type { ExperimentRecord } from './runner';

/**
 * Every results file of one experiment (`results/<experiment>/<profile>-<hash>.json`), oldest first.
 *
 * @param options.profile keep only this profile; options.resultsDir the results folder (default results/)
 * @throws InputError naming the file when one is not a certitude results file
 * @example
 * loadResults('uci-regression', { profile: 'full' }).length // one per run (e.g. one per data set)
 */
export function loadResults(experiment: string, options: { profile?: Profile; resultsDir?: string } = {}): ExperimentRecord[] {
  const dir = join(options.resultsDir ?? join(repoRoot(), 'results'), experiment);
  if (!existsSync(dir)) return [];
  const records: ExperimentRecord[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort()) {
    let record: ExperimentRecord;
    try {
      record = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (e) {
      throw new InputError(join(dir, file), `is not JSON: ${(e as Error).message}`);
    }
    if (record.schema !== RESULT_SCHEMA) throw new InputError(join(dir, file), `schema is ${JSON.stringify(record.schema)}, expected ${RESULT_SCHEMA}`);
    if (options.profile && record.profile !== options.profile) continue;
    records.push(record);
  }
  return records.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

interface UciDatasetResult {
  mcDropout: { rmse: { mean: number; se: number }; ll: { mean: number; se: number } };
  deepEnsemble: { rmse: { mean: number; se: number }; ll: { mean: number; se: number } };
  splitsRun: number;
}

/**
 * The latest result per UCI data set across `uci-regression` records (runs may cover one data set each).
 *
 * @example
 * latestUciResults(loadResults('uci-regression', { profile: 'full' })).get('yacht')?.mcDropout.rmse.mean
 */
export function latestUciResults(records: readonly ExperimentRecord[]): Map<string, UciDatasetResult & { configHash: string }> {
  const out = new Map<string, UciDatasetResult & { configHash: string }>();
  for (const r of records) {
    const datasets = (r.results.datasets ?? {}) as unknown as Record<string, UciDatasetResult>;
    for (const [name, d] of Object.entries(datasets)) out.set(name, { ...d, configHash: r.configHash });
  }
  return out;
}

/**
 * Panels for `uciComparisonFigure`: per data set, ours (MC Dropout, Deep Ensemble) beside Gal 2016, the 2018
 * grid search and Lakshminarayanan et al. 2017 (NLL negated to LL in src/experiments/published.ts).
 */
export function uciPanels(records: readonly ExperimentRecord[], metric: 'rmse' | 'll'): UciPanel[] {
  const panels: UciPanel[] = [];
  for (const [name, d] of latestUciResults(records)) {
    const entries: UciPanel['entries'][number][] = [{ label: 'MC Dropout (ours)', value: d.mcDropout[metric], ours: true }];
    for (const src of [GAL_2016, GAL_2018]) if (src.rows[name]) entries.push({ label: src.label, value: src.rows[name][metric], ours: false });
    entries.push({ label: 'Deep Ensemble (ours)', value: d.deepEnsemble[metric], ours: true });
    if (LAKSHMINARAYANAN_2017.rows[name]) entries.push({ label: LAKSHMINARAYANAN_2017.label, value: LAKSHMINARAYANAN_2017.rows[name][metric], ours: false });
    panels.push({ dataset: name, entries });
  }
  return panels;
}

interface CalibrationEntry {
  model: string;
  methods: { method: string; scores: Record<string, { value: number; lower: number; upper: number } | unknown> & { bins: { lo: number; hi: number; count: number; confidence: number | null; accuracy: number | null }[] } }[];
}

function calibrationOf(record: ExperimentRecord): CalibrationEntry[] {
  const c = record.results.calibration as unknown as CalibrationEntry[] | undefined;
  if (!Array.isArray(c)) throw new InputError('record', `${record.experiment} results have no 'calibration' table`);
  return c;
}

/**
 * One metric of a fashion-mnist-calibration record as a models × methods table (accuracy, ECE, MCE in %).
 *
 * @param metric 'accuracy' | 'ece' | 'mce' | 'nll' | 'brier'
 */
export function calibrationMetricTable(record: ExperimentRecord, metric: 'accuracy' | 'ece' | 'mce' | 'nll' | 'brier'): MetricTable {
  const c = calibrationOf(record);
  const columns = c[0].methods.map((m) => m.method);
  const percent = metric === 'accuracy' || metric === 'ece' || metric === 'mce';
  return {
    metric: { accuracy: 'accuracy %', ece: 'ECE %', mce: 'MCE %', nll: 'NLL', brier: 'Brier' }[metric],
    rows: c.map((e) => e.model),
    columns,
    values: c.map((e) => columns.map((col) => {
      const cell = e.methods.find((m) => m.method === col)?.scores[metric] as { value: number } | undefined;
      return cell ? (percent ? 100 * cell.value : cell.value) : null;
    })),
    decimals: percent ? 2 : 3,
    lowerIsBetter: metric !== 'accuracy',
  };
}

/**
 * Reliability bins of one model and calibration method from a results record (null → NaN for empty bins, the
 * convention of `reliabilityBins`), ready for `reliabilityOverlayFigure`.
 *
 * @throws InputError when the model or method is not in the record
 */
export function reliabilityBinsOf(record: ExperimentRecord, model: string, method: string): { bins: ReliabilityBin[]; ece: number } {
  const entry = calibrationOf(record).find((e) => e.model === model);
  const m = entry?.methods.find((x) => x.method === method);
  if (!m) throw new InputError('model', `no ${model} / ${method} in ${record.experiment} results`);
  return {
    bins: m.scores.bins.map((b) => ({ lo: b.lo, hi: b.hi, count: b.count, confidence: b.confidence ?? NaN, accuracy: b.accuracy ?? NaN })),
    ece: (m.scores.ece as { value: number }).value,
  };
}

/** Histograms of one OOD score per model from a fashion-mnist-calibration record. */
export function oodHistograms(record: ExperimentRecord, score: 'maxProbability' | 'entropy'): ScoreHistogram[] {
  const h = record.results.scoreHistograms as unknown as { model: string; maxProbability: Omit<ScoreHistogram, 'label'>; entropy: Omit<ScoreHistogram, 'label'> }[] | undefined;
  if (!Array.isArray(h)) throw new InputError('record', `${record.experiment} results have no 'scoreHistograms'`);
  return h.map((m) => ({ label: m.model, ...m[score] }));
}
