import { readFileSync } from 'node:fs';
import * as aq from 'arquero';
import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { writeFileAtomic } from '../core/io';

/** What a predictions CSV holds. */
export interface PredictionsTable {
  /** N×K scores: logits when `kind === 'logit'`, probabilities when `kind === 'prob'`. */
  readonly scores: Matrix;
  readonly kind: 'logit' | 'prob';
  /** Integer labels 0..K−1, when the file has a `label` column. */
  readonly labels?: Int32Array;
  /** True when the file gave one `logit`/`prob` column for class 1 (expanded here to two columns). */
  readonly binaryColumn: boolean;
}

/**
 * Parse a predictions CSV: a header row; an optional integer `label` column (0..K−1); and either
 * `logit_0..logit_{K−1}` or `prob_0..prob_{K−1}`, or for a binary problem one `logit` or `prob`
 * column meaning class 1. A single binary logit z becomes the two logits [0, z] (same softmax as
 * σ(z)); a single probability p becomes [1 − p, p]. Reading uses arquero.
 *
 * @param text the CSV text
 * @param argument name used in errors (usually the CLI flag, e.g. `--fit`)
 * @param requireLabels throw when there is no `label` column
 * @throws InputError naming `argument`, the column and the row (1-based data row is given as 0-based `row`)
 * @example
 * parsePredictionsCsv('label,prob\n1,0.8\n0,0.3\n', '--input').scores.data // Float64Array [0.2, 0.8, 0.7, 0.3]
 */
export function parsePredictionsCsv(text: string, argument: string, requireLabels = false): PredictionsTable {
  if (text.trim() === '') throw new InputError(argument, 'is empty');
  // Parse every column as text and convert ourselves: arquero's autotype would turn 'NaN' or '' into
  // values we could not tell apart from real numbers in error messages.
  const header = text.split(/\r?\n/, 1)[0].split(',').map((s) => s.trim());
  const parse: Record<string, (v: string) => string> = {};
  for (const h of header) parse[h] = (v: string) => v;
  const table = aq.fromCSV(text, { parse });
  const names = table.columnNames();
  const n = table.numRows();
  if (n === 0) throw new InputError(argument, 'has a header but no data rows');

  const indexed = (prefix: string): string[] => {
    const cols = names.filter((c) => new RegExp(`^${prefix}_\\d+$`).test(c));
    cols.sort((a, b) => Number(a.slice(prefix.length + 1)) - Number(b.slice(prefix.length + 1)));
    cols.forEach((c, k) => {
      if (c !== `${prefix}_${k}`) throw new InputError(argument, `columns ${prefix}_0..${prefix}_${cols.length - 1} must be consecutive; found ${c}`);
    });
    return cols;
  };
  const logitCols = indexed('logit');
  const probCols = indexed('prob');
  const hasLogit = names.includes('logit');
  const hasProb = names.includes('prob');
  const forms = [logitCols.length > 0, probCols.length > 0, hasLogit, hasProb].filter(Boolean).length;
  if (forms === 0) throw new InputError(argument, `needs logit_0..logit_{K-1}, prob_0..prob_{K-1}, or one 'logit'/'prob' column; columns are: ${names.join(', ')}`);
  if (forms > 1) throw new InputError(argument, 'give scores in exactly one form (logit_k, prob_k, logit or prob), not several');

  const num = (col: string, i: number): number => {
    const raw = String(table.get(col, i) ?? '').trim();
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v)) throw new InputError(argument, `column ${col}: '${raw}' is not a finite number`, i);
    return v;
  };

  let scores: Matrix;
  let kind: 'logit' | 'prob';
  let binaryColumn = false;
  if (hasLogit || hasProb) {
    binaryColumn = true;
    kind = hasLogit ? 'logit' : 'prob';
    const col = hasLogit ? 'logit' : 'prob';
    const data = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const v = num(col, i);
      if (kind === 'prob' && (v < 0 || v > 1)) throw new InputError(argument, `column prob: ${v} outside [0, 1]`, i);
      data[2 * i] = kind === 'logit' ? 0 : 1 - v;
      data[2 * i + 1] = v;
    }
    scores = { data, rows: n, cols: 2 };
  } else {
    const cols = logitCols.length > 0 ? logitCols : probCols;
    kind = logitCols.length > 0 ? 'logit' : 'prob';
    if (cols.length < 2) throw new InputError(argument, `needs at least 2 ${kind}_k columns, found ${cols.length}`);
    const k = cols.length;
    const data = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) data[i * k + j] = num(cols[j], i);
    scores = { data, rows: n, cols: k };
  }

  let labels: Int32Array | undefined;
  if (names.includes('label')) {
    labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const raw = String(table.get('label', i) ?? '').trim();
      const v = Number(raw);
      if (raw === '' || !Number.isInteger(v)) throw new InputError(argument, `column label: '${raw}' is not an integer`, i);
      if (v < 0 || v >= scores.cols) throw new InputError(argument, `column label: ${v} outside 0..${scores.cols - 1}`, i);
      labels[i] = v;
    }
  } else if (requireLabels) {
    throw new InputError(argument, "needs a 'label' column");
  }
  return { scores, kind, labels, binaryColumn };
}

/** Read and parse a predictions CSV file (see `parsePredictionsCsv`). */
export function readPredictionsCsv(path: string, argument: string, requireLabels = false): PredictionsTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(argument, `cannot read '${path}': ${(e as Error).message}`);
  }
  return parsePredictionsCsv(text, argument, requireLabels);
}

/**
 * CSV text with `prob_0..prob_{K−1}` (full double precision) and, when given, `label` first.
 *
 * @example
 * formatProbabilitiesCsv({data: new Float64Array([0.2, 0.8]), rows: 1, cols: 2}, Int32Array.from([1]))
 * // 'label,prob_0,prob_1\n1,0.2,0.8\n'
 */
export function formatProbabilitiesCsv(probs: Matrix, labels?: ArrayLike<number>): string {
  const cols: Record<string, ArrayLike<number>> = {};
  if (labels) cols.label = Array.from(labels);
  for (let j = 0; j < probs.cols; j++) {
    const c = new Float64Array(probs.rows);
    for (let i = 0; i < probs.rows; i++) c[i] = probs.data[i * probs.cols + j];
    cols[`prob_${j}`] = Array.from(c);
  }
  const csv = aq.table(cols).toCSV();
  return csv.endsWith('\n') ? csv : csv + '\n';
}

/** Write calibrated probabilities atomically (see `formatProbabilitiesCsv`). */
export async function writeProbabilitiesCsv(path: string, probs: Matrix, labels?: ArrayLike<number>): Promise<void> {
  await writeFileAtomic(path, formatProbabilitiesCsv(probs, labels));
}
