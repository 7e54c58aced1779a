import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { Fingerprint } from './fingerprint';
import { dataRoot } from './paths';

/** The four official Fashion-MNIST files (Xiao, Rasul & Vollgraf 2017), gzip-compressed IDX. */
export const FASHION_MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/** Class names of Fashion-MNIST, by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
] as const;

/** A parsed IDX array: its dimensions and its unsigned bytes in row-major order. */
export interface IdxArray {
  readonly dims: number[];
  readonly data: Uint8Array;
}

/**
 * Parse an (uncompressed) IDX file of unsigned bytes (LeCun's MNIST format): magic 0x0000 08 nd,
 * then nd big-endian uint32 dimensions, then the bytes.
 *
 * @param bytes the uncompressed file
 * @param argument file name for errors
 * @param expectedDims when given, the dimensions must match exactly
 * @throws InputError on a bad magic number, a non-ubyte type, a truncated or over-long body, or other dims
 * @example
 * parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), 'labels').data // Uint8Array [7, 9]
 */
export function parseIdx(bytes: Uint8Array, argument: string, expectedDims?: number[]): IdxArray {
  if (bytes.length < 4) throw new InputError(argument, `too short for an IDX header (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new InputError(argument, 'bad IDX magic number (first two bytes must be 0)');
  if (bytes[2] !== 0x08) throw new InputError(argument, `IDX element type 0x${bytes[2].toString(16)} is not unsigned byte (0x08)`);
  const nd = bytes[3];
  const header = 4 + 4 * nd;
  if (nd === 0 || bytes.length < header) throw new InputError(argument, `truncated IDX header (${nd} dimensions)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < nd; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    throw new InputError(argument, `body has ${bytes.length - header} bytes, dims ${dims.join('×')} need ${size}`);
  }
  if (expectedDims && (expectedDims.length !== dims.length || expectedDims.some((d, i) => d !== dims[i]))) {
    throw new InputError(argument, `dims ${dims.join('×')}, expected ${expectedDims.join('×')}`);
  }
  return { dims, data: bytes.subarray(header) };
}

/** Images as bytes (N × 784, row-major, 0..255) with their labels; kept compact (47 MB for 60,000). */
export interface ImageSet {
  readonly images: Uint8Array;
  readonly labels: Int32Array;
  readonly count: number;
  /** Pixels per image (28 × 28 = 784). */
  readonly pixels: number;
}

/** Fashion-MNIST's official 60,000 training and 10,000 test images. */
export interface FashionMnist {
  readonly train: ImageSet;
  readonly test: ImageSet;
  /** The folder read. */
  readonly dir: string;
  /** `sha256:…` over the four compressed files as read. */
  readonly fingerprint: string;
}

/**
 * Folder holding the four Fashion-MNIST files: `<dataRoot>/fashion-mnist` when complete, else the
 * folder where Debian's `dataset-fashion-mnist` package installed them (asked of `dpkg -L`), else undefined.
 *
 * @example
 * findFashionMnistDir() // '/usr/share/datasets/fashion-mnist' on a Debian machine with the package
 */
export function findFashionMnistDir(root: string = dataRoot()): string | undefined {
  const complete = (dir: string): boolean => Object.values(FASHION_MNIST_FILES).every((f) => existsSync(join(dir, f)));
  const local = join(root, 'fashion-mnist');
  if (complete(local)) return local;
  try {
    const listing = execFileSync('dpkg', ['-L', 'dataset-fashion-mnist'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const hit = listing.split('\n').find((l) => l.endsWith('/' + FASHION_MNIST_FILES.trainImages));
    if (hit && complete(dirname(hit))) return dirname(hit);
  } catch {
    // no dpkg (not Debian) or package not installed: fall through to "not found"
  }
  return undefined;
}

function readImageSet(dir: string, imagesFile: string, labelsFile: string, count: number, fp: Fingerprint): ImageSet {
  const imagesGz = readFileSync(join(dir, imagesFile));
  const labelsGz = readFileSync(join(dir, labelsFile));
  fp.add(imagesFile, imagesGz);
  fp.add(labelsFile, labelsGz);
  const images = parseIdx(gunzipSync(imagesGz), imagesFile, [count, 28, 28]);
  const labelBytes = parseIdx(gunzipSync(labelsGz), labelsFile, [count]);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = labelBytes.data[i];
    if (v > 9) throw new InputError(labelsFile, `label ${v} outside 0..9`, i);
    labels[i] = v;
  }
  return { images: images.data, labels, count, pixels: 784 };
}

/**
 * Load Fashion-MNIST (60,000 train + 10,000 test 28×28 grey images, 10 classes) and check the IDX
 * headers, sizes and labels.
 *
 * @param options.dir folder with the four .gz files (default: {@link findFashionMnistDir})
 * @throws InputError when the files are missing (with the fetch command) or malformed
 * @example
 * const f = loadFashionMnist();
 * f.train.count, f.test.count // 60000, 10000
 */
export function loadFashionMnist(options: { dir?: string } = {}): FashionMnist {
  const dir = options.dir ?? findFashionMnistDir();
  if (!dir || !existsSync(join(dir, FASHION_MNIST_FILES.trainImages))) {
    throw new InputError(
      'dataset',
      `Fashion-MNIST not found${dir ? ` in ${dir}` : ''}: run \`npx certitude data fetch fashion-mnist\` ` +
        "or install Debian's dataset-fashion-mnist package",
    );
  }
  const fp = new Fingerprint();
  const train = readImageSet(dir, FASHION_MNIST_FILES.trainImages, FASHION_MNIST_FILES.trainLabels, 60000, fp);
  const test = readImageSet(dir, FASHION_MNIST_FILES.testImages, FASHION_MNIST_FILES.testLabels, 10000, fp);
  return { train, test, dir, fingerprint: fp.hex() };
}

/**
 * Pixel features of selected images scaled to [0, 1] (byte / 255), one row per image.
 *
 * @param set images to read
 * @param indices which images (default all), in the order of the output rows
 * @throws InputError naming the position of an index out of range
 * @example
 * imageFeatures(fashion.test, [0, 1]).cols // 784
 */
export function imageFeatures(set: ImageSet, indices?: ArrayLike<number>): Matrix {
  const n = indices ? indices.length : set.count;
  const p = set.pixels;
  const data = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    const i = indices ? indices[r] : r;
    if (!Number.isInteger(i) || i < 0 || i >= set.count) throw new InputError('indices', `index ${i} outside 0..${set.count - 1}`, r);
    const base = i * p;
    for (let j = 0; j < p; j++) data[r * p + j] = set.images[base + j] / 255;
  }
  return { data, rows: n, cols: p };
}

/** Labels of selected images (default all). */
export function imageLabels(set: ImageSet, indices?: ArrayLike<number>): Int32Array {
  if (!indices) return Int32Array.from(set.labels);
  return Int32Array.from(indices, (i) => set.labels[i]);
}
