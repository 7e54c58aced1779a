import { readFileSync } from 'node:fs';
import * as aq from 'arquero';
import { InputError } from '../../core/errors';
import { writeFileAtomic } from '../../core/io';
import { applyCutoff, DEFAULT_CUTOFF_OPTIONS, mixedCutoff, MixedCutoff, scoresAtCutoff } from '../../decision/cutoff';
import { flag, numberListOption, numberOption, parseArgs, requiredOption, stringOption } from '../args';
import type { Command } from '../main';

const usage = `usage: certitude cutoff --history prev.csv [--apply current.csv --out decisions.csv]
                       [--precision-floor 0.5] [--q 5,10,15,20,25] [--min-cutoff 0.5] [--json]

Mixed absolute/relative cut-off (seed 002), estimated on a labelled history period and applied to the next.
  --history FILE         CSV with columns prob (0..1) and label (0/1) of the previous period
  --apply FILE           CSV with column prob (label optional) of the period to decide; the relative
                         cut-off is its (100 − q) percentile. Without it, the history's probabilities are used.
  --out FILE             write the apply rows with columns prob[,label],decision,cutoff (needs --apply)
  --precision-floor P    minimum precision for the F1-optimal threshold (default 0.5)
  --q LIST               candidate top-q percentages (default 5,10,15,20,25)
  --min-cutoff C         the final cut-off is never below C (default 0.5)
  --json                 print the result as JSON: absolute_f1, absolute_youden, absolute, q, relative, final, ...
A row is positive when prob ≥ final.`;

/** Probabilities and (optional) labels read from a prob,label CSV. */
export interface ProbLabelTable {
  probs: Float64Array;
  labels: Int32Array | null;
}

/**
 * Parse a CSV with a `prob` column (values in [0, 1]) and an optional `label` column (0/1), with arquero.
 *
 * @param text CSV contents
 * @param argument the CLI flag named in errors
 * @param requireLabels throw when `label` is missing
 * @throws InputError naming the flag and the 0-based data row
 * @example
 * parseProbLabelCsv('prob,label\n0.8,1\n0.3,0\n', '--history', true).labels // Int32Array [1, 0]
 */
export function parseProbLabelCsv(text: string, argument: string, requireLabels: boolean): ProbLabelTable {
  if (text.trim() === '') throw new InputError(argument, 'is empty');
  const header = text.split(/\r?\n/, 1)[0].split(',').map((s) => s.trim());
  const parse: Record<string, (v: string) => string> = {};
  for (const h of header) parse[h] = (v: string) => v; // keep text: we report bad cells ourselves
  const table = aq.fromCSV(text, { parse });
  const names = table.columnNames();
  if (!names.includes('prob')) throw new InputError(argument, `needs a 'prob' column; columns are: ${names.join(', ')}`);
  const hasLabel = names.includes('label');
  if (requireLabels && !hasLabel) throw new InputError(argument, "needs a 'label' column (0/1)");
  const n = table.numRows();
  if (n === 0) throw new InputError(argument, 'has a header but no data rows');
  const probs = new Float64Array(n);
  const labels = hasLabel ? new Int32Array(n) : null;
  for (let i = 0; i < n; i++) {
    const raw = String(table.get('prob', i) ?? '').trim();
    const p = Number(raw);
    if (raw === '' || !Number.isFinite(p) || p < 0 || p > 1) throw new InputError(argument, `prob '${raw}' is not a probability in [0, 1]`, i);
    probs[i] = p;
    if (labels) {
      const rawLabel = String(table.get('label', i) ?? '').trim();
      if (rawLabel !== '0' && rawLabel !== '1') throw new InputError(argument, `label '${rawLabel}' is not 0 or 1`, i);
      labels[i] = Number(rawLabel);
    }
  }
  return { probs, labels };
}

/** The --json object: snake_case fields of {@link MixedCutoff} plus the settings used. */
export function cutoffJson(result: MixedCutoff, settings: { precisionFloor: number; qCandidates: number[]; minCutoff: number; relativeOn: 'apply' | 'history' }) {
  return {
    absolute_f1: result.f1Threshold,
    absolute_f1_score: result.f1,
    absolute_youden: result.youdenThreshold,
    absolute_youden_j: result.youdenJ,
    absolute: result.absolute,
    q: result.q,
    q_candidates: result.qCandidates.map((c) => ({ q: c.q, history_cutoff: c.cutoff, f1: c.f1, precision: c.precision, recall: c.recall })),
    relative: result.relative,
    relative_on: settings.relativeOn,
    final: result.final,
    precision_floor: settings.precisionFloor,
    min_cutoff: settings.minCutoff,
    notes: result.notes,
  };
}

/** `certitude cutoff`: the mixed cut-off from a history CSV, optionally applied to a second CSV. */
export const command: Command = {
  summary: 'dynamic classification cut-off from last period\'s labels (seed 002), applied to this period',
  usage,
  async run(argv: string[]): Promise<number> {
    if (argv.includes('--help')) {
      process.stdout.write(usage + '\n');
      return 0;
    }
    const args = parseArgs(argv, ['history', 'apply', 'out', 'precision-floor', 'q', 'min-cutoff'], ['json']);
    if (args.positionals.length) throw new InputError('cutoff', `unexpected argument '${args.positionals[0]}'\n${usage}`);
    const historyPath = requiredOption(args, 'history');
    const applyPath = stringOption(args, 'apply');
    const outPath = stringOption(args, 'out');
    if (outPath !== undefined && applyPath === undefined) throw new InputError('--out', 'needs --apply (the rows to decide)');
    const precisionFloor = numberOption(args, 'precision-floor', DEFAULT_CUTOFF_OPTIONS.precisionFloor, { min: 0, max: 1 });
    const qCandidates = numberListOption(args, 'q', [...DEFAULT_CUTOFF_OPTIONS.qCandidates]);
    qCandidates.forEach((q) => {
      if (!(q > 0 && q < 100)) throw new InputError('--q', `${q} is not a percentage in (0, 100)`);
    });
    const minCutoff = numberOption(args, 'min-cutoff', DEFAULT_CUTOFF_OPTIONS.minCutoff);
    const history = parseProbLabelCsv(readText(historyPath, '--history'), '--history', true);
    const apply = applyPath === undefined ? undefined : parseProbLabelCsv(readText(applyPath, '--apply'), '--apply', false);
    const result = mixedCutoff(history.probs, history.labels!, apply?.probs, { precisionFloor, qCandidates, minCutoff });
    const json = cutoffJson(result, { precisionFloor, qCandidates, minCutoff, relativeOn: apply ? 'apply' : 'history' });
    const decisions = apply ? applyCutoff(apply.probs, result.final) : undefined;
    const applyScores = apply?.labels ? scoresAtCutoff(apply.probs, apply.labels, result.final) : undefined;
    if (outPath !== undefined && apply && decisions) {
      const cols: Record<string, ArrayLike<number>> = { prob: apply.probs };
      if (apply.labels) cols.label = apply.labels;
      cols.decision = decisions;
      cols.cutoff = new Float64Array(apply.probs.length).fill(result.final);
      await writeFileAtomic(outPath, aq.table(cols).toCSV() + '\n');
    }
    if (flag(args, 'json')) {
      const extra: Record<string, unknown> = { history_n: history.probs.length };
      if (apply && decisions) {
        extra.apply_n = apply.probs.length;
        extra.apply_positives = decisions.reduce((a, b) => a + b, 0);
      }
      if (applyScores) extra.apply_scores = { precision: applyScores.precision, recall: applyScores.recall, f1: applyScores.f1 };
      process.stdout.write(JSON.stringify({ ...json, ...extra }, null, 2) + '\n');
    } else {
      const fmt = (v: number | null) => (v === null ? 'undefined' : v.toFixed(4));
      const lines = [
        `history: ${history.probs.length} rows`,
        `absolute (F1-optimal, precision ≥ ${precisionFloor}): ${fmt(result.f1Threshold)}`,
        `absolute (Youden's J):                  ${fmt(result.youdenThreshold)}`,
        `absolute = ${fmt(result.absolute)}`,
        `q = ${result.q}%  → relative (${100 - result.q}th percentile of ${apply ? 'apply' : 'history'}) = ${fmt(result.relative)}`,
        `final = max(absolute, relative, ${minCutoff}) = ${fmt(result.final)}`,
      ];
      for (const note of result.notes) lines.push(`note: ${note}`);
      if (decisions) lines.push(`apply: ${decisions.reduce((a, b) => a + b, 0)} of ${decisions.length} rows positive`);
      if (applyScores) lines.push(`apply precision ${applyScores.precision.toFixed(4)}, recall ${applyScores.recall.toFixed(4)}, F1 ${applyScores.f1.toFixed(4)}`);
      if (outPath) lines.push(`wrote ${outPath}`);
      process.stdout.write(lines.join('\n') + '\n');
    }
    return 0;
  },
};

function readText(path: string, argument: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(argument, `cannot read '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
