import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadUci, parseNumberList, parseNumberTable, presentUciDatasets } from '../../src/data/uci';
import { InputError } from '../../src/core/errors';
import { dataMirror } from '../../src/data/paths';
import { TINY_UCI, writeTree } from './data-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'certitude-uci-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('loads features, target, splits and grids from the original layout', () => {
  const dir = join(tmp, 'tiny');
  writeTree(dir, TINY_UCI);
  const d = loadUci('tiny', { dir });
  assert.equal(d.x.rows, 6);
  assert.equal(d.x.cols, 2);
  assert.deepEqual(Array.from(d.x.data.slice(0, 4)), [1, 10, 2, 20]);
  assert.deepEqual(Array.from(d.y), [100, 200, 300, 400, 500, 600]);
  assert.equal(d.splits.length, 2);
  assert.deepEqual(Array.from(d.splits[1].test), [0, 1]);
  assert.deepEqual(d.dropoutRates, [0.005, 0.01]);
  assert.deepEqual(d.tauValues, [0.25, 0.5]);
  assert.equal(d.nHidden, 50);
  assert.match(d.fingerprint, /^sha256:[0-9a-f]{64}$/);
  // Same bytes in another folder: same fingerprint (the path is not hashed); one changed byte: a new one.
  const dir2 = join(tmp, 'tiny2');
  writeTree(dir2, TINY_UCI);
  assert.equal(loadUci('tiny', { dir: dir2 }).fingerprint, d.fingerprint);
  writeTree(dir2, { 'data.txt': TINY_UCI['data.txt'].replace('600', '601') });
  assert.notEqual(loadUci('tiny', { dir: dir2 }).fingerprint, d.fingerprint);
});

test('bad files give InputErrors naming the file and row', () => {
  const cases: [Record<string, string>, RegExp, number | undefined][] = [
    [{ 'data.txt': '1 10 100\n2 NaN 200\n3 30 300\n4 40 400\n5 50 500\n6 60 600\n' }, /data\.txt.*column 1/, 1],
    [{ 'data.txt': '1 10 100\n2 20\n' }, /has 2 columns, expected 3/, 1],
    [{ 'index_test_0.txt': '4\n9\n' }, /index 9 outside 0\.\.5/, 1],
    [{ 'index_test_0.txt': '3\n5\n' }, /row 3 is also in index_train_0/, 0],
    [{ 'index_train_1.txt': '2\n2\n4\n5\n' }, /listed twice/, 1],
    [{ 'index_features.txt': '0\n2\n' }, /contains the target column 2/, undefined],
    [{ 'dropout_rates.txt': '0.5\n1.2\n' }, /outside \[0, 1\)/, 1],
    [{ 'index_train_0.txt': '0\n1.5\n' }, /not an integer/, 1],
  ];
  cases.forEach(([patch, re, row], i) => {
    const dir = join(tmp, `bad${i}`);
    writeTree(dir, { ...TINY_UCI, ...patch });
    assert.throws(() => loadUci('bad', { dir }), (e: unknown) => e instanceof InputError && re.test(e.message) && e.row === row, `case ${i}`);
  });
  const missing = join(tmp, 'missing-split');
  writeTree(missing, { ...TINY_UCI, 'n_splits.txt': '3\n' });
  assert.throws(() => loadUci('m', { dir: missing }), /missing index_train_2\.txt/);
  assert.throws(() => loadUci('nothing', { dir: join(tmp, 'none') }), /certitude data fetch uci/);
});

test('parsers: empty input and integral floats', () => {
  assert.throws(() => parseNumberTable('\n\n', 'x'), /is empty/);
  assert.throws(() => parseNumberList('  ', 'x'), /is empty/);
  assert.deepEqual(parseNumberList('3.0 4', 'x', { integer: true }), [3, 4]);
});

test('presentUciDatasets lists only folders with data.txt', () => {
  const root = join(tmp, 'root');
  writeTree(join(root, 'uci', 'yacht'), TINY_UCI);
  writeTree(join(root, 'uci', 'concrete'), { 'n_splits.txt': '1\n' });
  assert.deepEqual(presentUciDatasets(root), ['yacht']);
});

// The real benchmark files, when a mirror is configured (CI sets CERTITUDE_DATA_MIRROR).
const mirror = dataMirror();
test('real Boston housing from the mirror: 506 × 13, 20 splits of 455/51', { skip: !(mirror && existsSync(join(mirror, 'uci', 'bostonHousing'))) }, () => {
  const d = loadUci('bostonHousing', { dir: join(mirror!, 'uci', 'bostonHousing') });
  assert.equal(d.x.rows, 506);
  assert.equal(d.x.cols, 13);
  assert.equal(d.splits.length, 20);
  assert.equal(d.splits[0].train.length + d.splits[0].test.length, 506);
  assert.equal(d.splits[0].test.length, 51);
  assert.deepEqual(d.dropoutRates, [0.005, 0.01, 0.05, 0.1]);
  assert.deepEqual(d.tauValues, [0.1, 0.15, 0.2]);
});
