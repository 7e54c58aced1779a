import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { findFashionMnistDir, imageFeatures, imageLabels, loadFashionMnist, parseIdx } from '../../src/data/fashion-mnist';
import { loadMnistDigits } from '../../src/data/mnist-ood';
import { InputError } from '../../src/core/errors';
import { idx } from './data-helpers';

test('parseIdx reads dims and bytes, big-endian', () => {
  const a = parseIdx(idx([2, 2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])), 'x');
  assert.deepEqual(a.dims, [2, 2, 3]);
  assert.equal(a.data[11], 12);
  assert.deepEqual(parseIdx(idx([300], new Uint8Array(300)), 'x').dims, [300]);
});

test('parseIdx rejects bad magic, types, sizes and unexpected dims', () => {
  const good = idx([2], Uint8Array.from([1, 2]));
  const bad = (bytes: Uint8Array, re: RegExp, dims?: number[]) =>
    assert.throws(() => parseIdx(bytes, 'f.gz', dims), (e: unknown) => e instanceof InputError && e.argument === 'f.gz' && re.test(e.message));
  bad(Uint8Array.from([1, 0, 8, 1]), /magic/);
  bad(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), /not unsigned byte/);
  bad(good.subarray(0, 7), /truncated IDX header/);
  bad(good.subarray(0, 9), /body has 1 bytes/);
  bad(Buffer.concat([good, Buffer.from([0])]), /body has 3 bytes/);
  bad(good, /expected 3/, [3]);
});

test('loadFashionMnist checks the four files (tiny fake folder with the wrong counts is refused)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certitude-fm-'));
  try {
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx([2, 28, 28], new Uint8Array(2 * 784))));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([2], Uint8Array.from([1, 2]))));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idx([1, 28, 28], new Uint8Array(784))));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx([1], Uint8Array.from([3]))));
    assert.throws(() => loadFashionMnist({ dir }), /dims 2×28×28, expected 60000×28×28/);
    assert.throws(() => loadFashionMnist({ dir: join(dir, 'nope') }), /certitude data fetch fashion-mnist/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('imageFeatures scales bytes to [0, 1] and checks indices', () => {
  const set = { images: Uint8Array.from([0, 255, 51, 102]), labels: Int32Array.from([4, 7]), count: 2, pixels: 2 };
  assert.deepEqual(Array.from(imageFeatures(set, [1, 0]).data), [0.2, 0.4, 0, 1]);
  assert.deepEqual(Array.from(imageLabels(set, [1])), [7]);
  assert.throws(() => imageFeatures(set, [0, 2]), (e: unknown) => e instanceof InputError && e.row === 1);
});

const debianDir = findFashionMnistDir();
test("real Fashion-MNIST (Debian's package or $CERTITUDE_DATA)", { skip: debianDir === undefined }, () => {
  const f = loadFashionMnist();
  assert.equal(f.train.count, 60000);
  assert.equal(f.test.count, 10000);
  // The test split is balanced: 1,000 images per class.
  const counts = new Array(10).fill(0);
  f.test.labels.forEach((l) => counts[l]++);
  assert.deepEqual(counts, new Array(10).fill(1000));
  assert.match(f.fingerprint, /^sha256:/);
});

test('mnist package digits: 10,000 in [0, 1], about 1,000 per class, deterministic fingerprint', () => {
  const d = loadMnistDigits();
  assert.equal(d.x.rows, 10000);
  assert.equal(d.x.cols, 784);
  const counts = new Array(10).fill(0);
  d.labels.forEach((l) => counts[l]++);
  assert.equal(counts.reduce((a, b) => a + b), 10000);
  assert.ok(counts.every((c) => c > 800 && c < 1200), counts.join(','));
  let min = Infinity, max = -Infinity;
  for (const v of d.x.data) { if (v < min) min = v; if (v > max) max = v; }
  assert.equal(min, 0);
  assert.equal(max, 1);
  const small = loadMnistDigits({ limitPerClass: 3 });
  assert.equal(small.x.rows, 30);
  assert.deepEqual(Array.from(small.labels.slice(0, 4)), [0, 0, 0, 1]);
  assert.deepEqual(Array.from(small.x.data.slice(3 * 784, 4 * 784)), Array.from(d.x.data.slice(counts[0] * 784, (counts[0] + 1) * 784)));
  assert.equal(small.fingerprint, d.fingerprint);
});
