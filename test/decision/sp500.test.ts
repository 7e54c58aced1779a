import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError, StateError } from '../../src/core/errors';
import { directionFeatures, FEATURE_WARMUP_DAYS, loadSp500, parseSp500Csv, SP500_SHA256, sp500CsvPath } from '../../src/data/sp500';

const series = loadSp500();

test('S&P 500: embedded file loads, validated and fingerprinted', () => {
  assert.equal(series.sha256, SP500_SHA256);
  assert.equal(series.close.length, 5105);
  assert.equal(series.dates[0], '2000-01-03');
  assert.equal(series.dates[series.dates.length - 1], '2020-04-17');
  assert.equal(series.close[0], 1455.219971);
  assert.equal(series.source, 'vega-datasets/data/sp500-2000.csv');
});

test('S&P 500: a different fingerprint is refused', () => {
  assert.throws(() => loadSp500({ path: sp500CsvPath(), expectedSha256: '0'.repeat(64) }), StateError);
  assert.equal(loadSp500({ path: sp500CsvPath(), expectedSha256: null }).close.length, 5105);
});

test('S&P 500 CSV: malformed rows give typed errors with the row', () => {
  const h = 'date,open,high,low,close,adjclose,volume\n';
  const ok = '2000-01-03,1,2,0.5,1.5,1.5,10\n';
  assert.throws(() => parseSp500Csv('a,b\n' + ok), (e: unknown) => e instanceof InputError && e.argument === 'csv');
  assert.throws(() => parseSp500Csv(h + ok + '2000-01-03,1,2,0.5,1.5,1.5,10\n'), (e: unknown) => e instanceof InputError && e.row === 1);
  assert.throws(() => parseSp500Csv(h + ok + '2000-01-04,1,2,0.5,abc,1.5,10\n'), (e: unknown) => e instanceof InputError && e.row === 1);
  assert.throws(() => parseSp500Csv(h + '2000-01-03,1,2,0.5,-1,1.5,10\n'), (e: unknown) => e instanceof InputError && e.row === 0);
  assert.throws(() => parseSp500Csv(h + '2000-01-03,1,0.9,0.5,1,1,10\n'), /inconsistent OHLC/);
  assert.throws(() => parseSp500Csv(h), /no data rows/);
});

test('features: shapes, targets and a hand-checked row', () => {
  const d = directionFeatures(series.close, series.dates);
  assert.equal(d.x.rows, series.close.length - 1 - FEATURE_WARMUP_DAYS);
  assert.equal(d.x.cols, d.featureNames.length);
  const i = 100;
  const day = d.dayIndex[i];
  assert.equal(d.dates[i], series.dates[day]);
  assert.equal(d.x.data[i * d.x.cols], Math.log(series.close[day] / series.close[day - 1]));
  assert.equal(d.nextReturn[i], series.close[day + 1] / series.close[day] - 1);
  assert.equal(d.y[i], series.close[day + 1] > series.close[day] ? 1 : 0);
  for (const v of d.x.data) assert.ok(Number.isFinite(v));
});

// No look-ahead: a row describing day d may depend only on closes 0..d. Perturbing any later close must leave
// every earlier row's features unchanged (its target and next return may change only for day d = k − 1).
test('property: no look-ahead — perturbing future prices never changes past features', () => {
  const close = Float64Array.from(series.close.subarray(0, 400));
  const base = directionFeatures(close);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: close.length - 1 }), fc.double({ min: 0.5, max: 2, noNaN: true }), (k, factor) => {
      const changed = Float64Array.from(close);
      for (let j = k; j < changed.length; j++) changed[j] *= factor; // a different future from day k on
      const after = directionFeatures(changed);
      const F = base.x.cols;
      for (let i = 0; i < base.x.rows; i++) {
        const d = base.dayIndex[i];
        if (d >= k) break;
        for (let c = 0; c < F; c++) if (after.x.data[i * F + c] !== base.x.data[i * F + c]) return false;
        if (d < k - 1 && (after.y[i] !== base.y[i] || after.nextReturn[i] !== base.nextReturn[i])) return false;
      }
      return true;
    }),
    { numRuns: 60 },
  );
});

test('features: bad closes are typed errors', () => {
  assert.throws(() => directionFeatures([1, 2, 3]), (e: unknown) => e instanceof InputError && e.argument === 'close');
  const c = Array.from(series.close.subarray(0, 100));
  c[50] = 0;
  assert.throws(() => directionFeatures(c), (e: unknown) => e instanceof InputError && e.row === 50);
});
