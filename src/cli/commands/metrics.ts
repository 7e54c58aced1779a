import { InputError } from '../../core/errors';
import { assertProbabilities, softmaxRows } from '../../core/matrix';
import { readPredictionsCsv } from '../../data/predictions-csv';
import { Binning, CalibrationSummary, calibrationSummary, negativeLogLikelihoodFromLogits } from '../../metrics';
import { flag, numberOption, parseArgs, requiredOption, stringOption } from '../args';
import type { Command } from '../main';

const usage = `usage: certitude metrics --input preds.csv [--bins 15] [--binning width|mass] [--json]

Calibration metrics of a model's predictions.
  --input FILE        CSV with a header, an integer 'label' column (0..K-1) and either logit_0..logit_{K-1}
                      or prob_0..prob_{K-1} (a binary file may give one 'logit' or 'prob' column for class 1).
                      Logits are turned into probabilities by a softmax; NLL is then computed from the
                      logits with a log-softmax (no clipping).
  --bins B            number of reliability bins (default 15)
  --binning KIND      'width' (equal-width, default) or 'mass' (equal-mass; tied scores can merge bins)
  --json              print the summary as JSON: n, classes, accuracy, ece, mce, rms_ce, nll, brier,
                      classwise_ece, ece_mass, debiased_ce, binning, bins_requested, bins_note,
                      bins [{lo, hi, count, confidence, accuracy}] (empty bins: confidence/accuracy null)
Bins are right-closed (a, b] with 0 in the first bin, as in scikit-learn's calibration_curve. ECE, MCE,
RMS and the bins are top-label (confidence = max_k p_k, correct = argmax == label).`;

/** The summary printed by `certitude metrics --json`, with where it came from. */
export interface MetricsReport extends CalibrationSummary {
  /** The `--input` path as given. */
  input: string;
  /** Whether the file held logits or probabilities. */
  scores: 'logit' | 'prob';
}

/**
 * Compute the metrics report of a predictions CSV (the work of `certitude metrics`, without printing).
 *
 * @param path predictions CSV (see usage)
 * @param options bins (default 15), binning (default 'width')
 * @throws InputError naming `--input` (with the 0-based data row), `--bins` or `--binning`.
 * @example
 * metricsReport('preds.csv', {bins: 10}).bins.length // 10 (equal-width bins are never merged)
 */
export function metricsReport(path: string, options: { bins?: number; binning?: Binning } = {}): MetricsReport {
  const table = readPredictionsCsv(path, '--input', true);
  const labels = table.labels as Int32Array;
  const probs = table.kind === 'logit' ? softmaxRows(table.scores) : table.scores;
  if (table.kind === 'prob') assertProbabilities(probs, '--input');
  const summary = calibrationSummary(probs, labels, options);
  // From logits the log-softmax is exact; the probability route would need the clip.
  if (table.kind === 'logit') summary.nll = negativeLogLikelihoodFromLogits(table.scores, labels);
  return { input: path, scores: table.kind, ...summary };
}

const fmt = (v: number, digits = 4): string => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/**
 * The aligned text table printed by `certitude metrics` (without `--json`).
 *
 * @example
 * formatMetricsTable(metricsReport('preds.csv')).split('\n')[0]
 * // 'certitude metrics: preds.csv (N = <rows>, K = <classes>, logits)' when the file has logit_k columns
 */
export function formatMetricsTable(r: MetricsReport): string {
  const binningName = r.binning === 'width' ? 'equal-width' : 'equal-mass';
  const rows: [string, string, string][] = [
    ['accuracy', fmt(r.accuracy), 'top-1'],
    ['ece', fmt(r.ece), `top-label, ${r.bins.length} ${binningName} bins, L1`],
    ['mce', fmt(r.mce), 'largest bin gap'],
    ['rms_ce', fmt(r.rms_ce), 'L2'],
    ['ece_mass', fmt(r.ece_mass), `top-label, ${r.bins_requested} equal-mass bins requested`],
    ['classwise_ece', fmt(r.classwise_ece), `mean over ${r.classes} classes, one-vs-rest`],
    ['debiased_ce', fmt(r.debiased_ce), 'debiased L2, Kumar et al. 2019'],
    ['nll', fmt(r.nll), r.scores === 'logit' ? 'nats, log-softmax of logits' : 'nats, p_y clipped at 1e-15'],
    ['brier', fmt(r.brier), 'sum over classes, mean over rows'],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = [`certitude metrics: ${r.input} (N = ${r.n}, K = ${r.classes}, ${r.scores === 'logit' ? 'logits' : 'probabilities'})`, ''];
  for (const [name, value, note] of rows) lines.push(`  ${name.padEnd(w0)}  ${value.padStart(w1)}  ${note}`);
  lines.push('', `reliability bins (top-label, ${binningName}; right-closed (lo, hi], the first bin also holds lo)`);
  const header = ['bin', 'lo', 'hi', 'count', 'confidence', 'accuracy', 'gap'];
  const body = r.bins.map((b, i) => [
    String(i),
    fmt(b.lo),
    fmt(b.hi),
    String(b.count),
    fmt(b.confidence),
    fmt(b.accuracy),
    b.count > 0 ? fmt(b.accuracy - b.confidence) : '—',
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((row) => row[j].length)));
  lines.push('  ' + header.map((h, j) => h.padStart(widths[j])).join('  '));
  for (const row of body) lines.push('  ' + row.map((c, j) => c.padStart(widths[j])).join('  '));
  if (r.bins_note) lines.push('', `note: ${r.bins_note}`);
  return lines.join('\n');
}

export const command: Command = {
  summary: 'calibration metrics (ECE, MCE, NLL, Brier, reliability bins) of a predictions CSV',
  usage,
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ['input', 'bins', 'binning'], ['json']);
    if (args.positionals.length > 0) throw new InputError('metrics', `unexpected argument '${args.positionals[0]}'`);
    const input = requiredOption(args, 'input');
    const bins = numberOption(args, 'bins', 15, { integer: true, min: 1, max: 10000 });
    const binning = stringOption(args, 'binning', 'width');
    if (binning !== 'width' && binning !== 'mass') throw new InputError('--binning', `must be 'width' or 'mass', got '${binning}'`);
    const report = metricsReport(input, { bins, binning });
    process.stdout.write((flag(args, 'json') ? JSON.stringify(report, null, 2) : formatMetricsTable(report)) + '\n');
    return 0;
  },
};
