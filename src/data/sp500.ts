/**
 * S&P 500 daily prices 2000-01-03 … 2020-04-17 from the `vega-datasets` npm package (embedded, no network),
 * validated and fingerprinted, and leak-free features for a next-day direction gate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, StateError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { sha256Hex } from './fingerprint';
import { repoRoot } from './paths';

/**
 * SHA-256 of `vega-datasets@3.2.1/data/sp500-2000.csv`, the file every reported number was computed on.
 * A different file (another package version) is refused unless `expectedSha256: null` is passed.
 */
export const SP500_SHA256 = '9409e9342d0657c747324e4cfabce8a8c7f663bc485b95a3378f36b0a160f8c8';

/** Daily OHLCV prices, one entry per trading day, dates strictly increasing. */
export interface PriceSeries {
  /** ISO dates 'YYYY-MM-DD'. */
  dates: string[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Close adjusted for dividends/splits (equal to close for this index series). */
  adjclose: Float64Array;
  volume: Float64Array;
  /** Hex SHA-256 of the bytes read. */
  sha256: string;
  /** Where the file was read from (a package-relative description, never an absolute path in reports). */
  source: string;
}

/**
 * Path of the embedded CSV: `node_modules/vega-datasets/data/sp500-2000.csv` under the repository root
 * (the package's `exports` map hides its data files from `require.resolve`).
 */
export function sp500CsvPath(): string {
  return join(repoRoot(), 'node_modules', 'vega-datasets', 'data', 'sp500-2000.csv');
}

const HEADER = 'date,open,high,low,close,adjclose,volume';

/**
 * Parse and validate the S&P 500 CSV text: exact header, 7 columns per row, ISO dates strictly increasing,
 * finite positive prices with low ≤ open, close ≤ high, non-negative volume.
 *
 * @param text CSV contents
 * @param source name used in reports
 * @throws InputError naming `csv` and the 0-based data row of the first violation
 * @example
 * parseSp500Csv('date,open,high,low,close,adjclose,volume\n2000-01-03,1,2,0.5,1.5,1.5,10\n').close // Float64Array [1.5]
 */
export function parseSp500Csv(text: string, source = 'csv'): PriceSeries {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new InputError('csv', 'has no data rows');
  if (lines[0].trim() !== HEADER) throw new InputError('csv', `header is '${lines[0]}', expected '${HEADER}'`);
  const n = lines.length - 1;
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const dates: string[] = [];
  for (let i = 0; i < n; i++) {
    const parts = lines[i + 1].split(',');
    if (parts.length !== 7) throw new InputError('csv', `has ${parts.length} fields, expected 7`, i);
    const date = parts[0];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new InputError('csv', `bad date '${date}'`, i);
    if (i > 0 && date <= dates[i - 1]) throw new InputError('csv', `date ${date} is not after ${dates[i - 1]}`, i);
    dates.push(date);
    for (let j = 0; j < 6; j++) {
      const v = Number(parts[j + 1]);
      if (parts[j + 1].trim() === '' || !Number.isFinite(v)) throw new InputError('csv', `field ${j + 1} '${parts[j + 1]}' is not a number`, i);
      cols[j][i] = v;
    }
    const [open, high, low, close, , volume] = cols.map((c) => c[i]);
    if (!(low > 0) || !(open > 0) || !(close > 0)) throw new InputError('csv', 'prices must be positive', i);
    // Vendor rounding makes open/close a hair outside [low, high] on a few days; allow 1e-6 relative.
    const tol = 1e-6 * high;
    if (low > high || open > high + tol || close > high + tol || open < low - tol || close < low - tol) {
      throw new InputError('csv', `inconsistent OHLC (o ${open}, h ${high}, l ${low}, c ${close})`, i);
    }
    if (volume < 0) throw new InputError('csv', 'volume is negative', i);
  }
  return {
    dates,
    open: cols[0],
    high: cols[1],
    low: cols[2],
    close: cols[3],
    adjclose: cols[4],
    volume: cols[5],
    sha256: sha256Hex(text),
    source,
  };
}

/** Options of {@link loadSp500}. */
export interface LoadSp500Options {
  /** Read this file instead of the embedded one. @default the vega-datasets file */
  path?: string;
  /** Required SHA-256 (hex); `null` skips the check. @default {@link SP500_SHA256} */
  expectedSha256?: string | null;
}

/**
 * Load the embedded S&P 500 series (5105 trading days, 2000-01-03 … 2020-04-17), validated and fingerprinted.
 *
 * @throws StateError (`sp500`) when the file's SHA-256 differs from the expected one; InputError for malformed rows
 * @example
 * const s = loadSp500(); s.dates[0] // '2000-01-03'; s.close.length // 5105
 */
export function loadSp500(options: LoadSp500Options = {}): PriceSeries {
  const path = options.path ?? sp500CsvPath();
  const bytes = readFileSync(path);
  const expected = options.expectedSha256 === undefined ? SP500_SHA256 : options.expectedSha256;
  const actual = sha256Hex(bytes);
  if (expected !== null && actual !== expected) {
    throw new StateError('sp500', `file fingerprint sha256 ${actual} differs from the expected ${expected} (another vega-datasets version?)`);
  }
  return parseSp500Csv(bytes.toString('utf8'), options.path === undefined ? 'vega-datasets/data/sp500-2000.csv' : 'custom');
}

/** Names of the columns of {@link directionFeatures}' matrix, in order. */
export const DIRECTION_FEATURE_NAMES = [
  'ret_lag1',
  'ret_lag2',
  'ret_lag3',
  'ret_lag4',
  'ret_lag5',
  'mean_ret_5',
  'mean_ret_20',
  'vol_5',
  'vol_20',
  'vol_60',
  'vol_ratio_5_20',
  'dist_ma_20',
  'dist_ma_50',
] as const;

/** Features and target for the direction gate. */
export interface DirectionDataset {
  /** N×F features; row i describes the close of day `dayIndex[i]`. */
  x: Matrix;
  /** 1 when the next day's close is above this day's close, else 0. */
  y: Int32Array;
  /** Next-day simple return close[d+1]/close[d] − 1 (what a long position from close d to close d+1 earns). */
  nextReturn: Float64Array;
  /** Index into the price series of the day each row describes. */
  dayIndex: Int32Array;
  /** Dates of the rows (the decision day). */
  dates: string[];
  /** Column names. */
  featureNames: string[];
}

/** Minimum history a row needs: 60-day volatility of daily log returns needs 61 closes. */
export const FEATURE_WARMUP_DAYS = 60;

/**
 * Features for predicting the next day's direction from lagged log returns and realised volatility only.
 * Row d (decision at the close of day d) uses closes 0..d and nothing later; its target is
 * 1[close[d+1] > close[d]]. Days d < 60 (warm-up) and the last day (no next close) are dropped.
 * Features are raw (unstandardised): standardise with statistics of the training window only.
 *
 * r_k = ln(close_k / close_{k−1}); lags r_d … r_{d−4}; mean of r over 5 and 20 days; population std of r over
 * 5, 20 and 60 days; vol_5/vol_20; close_d / mean(close_{d−19..d}) − 1 and the same over 50 days.
 *
 * @param close closes, length ≥ 62, positive
 * @param dates optional dates (same length) to carry into the result
 * @throws InputError for too few or non-positive closes
 * @example
 * directionFeatures(loadSp500().close).x.cols // 13
 */
export function directionFeatures(close: ArrayLike<number>, dates?: string[]): DirectionDataset {
  const n = close.length;
  if (n < FEATURE_WARMUP_DAYS + 2) throw new InputError('close', `needs at least ${FEATURE_WARMUP_DAYS + 2} closes, got ${n}`);
  for (let i = 0; i < n; i++) if (!(close[i] > 0) || !Number.isFinite(close[i])) throw new InputError('close', `${close[i]} is not a positive price`, i);
  if (dates !== undefined && dates.length !== n) throw new InputError('dates', `has length ${dates.length}, expected ${n}`);
  const logRet = new Float64Array(n);
  for (let k = 1; k < n; k++) logRet[k] = Math.log(close[k] / close[k - 1]);
  const F = DIRECTION_FEATURE_NAMES.length;
  const rows = n - 1 - FEATURE_WARMUP_DAYS;
  const data = new Float64Array(rows * F);
  const y = new Int32Array(rows);
  const nextReturn = new Float64Array(rows);
  const dayIndex = new Int32Array(rows);
  const rowDates: string[] = [];
  const meanOf = (from: number, to: number, v: ArrayLike<number>) => {
    let s = 0;
    for (let k = from; k <= to; k++) s += v[k];
    return s / (to - from + 1);
  };
  const stdOf = (from: number, to: number) => {
    const m = meanOf(from, to, logRet);
    let s = 0;
    for (let k = from; k <= to; k++) s += (logRet[k] - m) ** 2;
    return Math.sqrt(s / (to - from + 1));
  };
  for (let i = 0; i < rows; i++) {
    const d = i + FEATURE_WARMUP_DAYS;
    const o = i * F;
    for (let lag = 0; lag < 5; lag++) data[o + lag] = logRet[d - lag];
    data[o + 5] = meanOf(d - 4, d, logRet);
    data[o + 6] = meanOf(d - 19, d, logRet);
    const v5 = stdOf(d - 4, d);
    const v20 = stdOf(d - 19, d);
    data[o + 7] = v5;
    data[o + 8] = v20;
    data[o + 9] = stdOf(d - 59, d);
    data[o + 10] = v20 > 0 ? v5 / v20 : 1;
    data[o + 11] = close[d] / meanOf(d - 19, d, close) - 1;
    data[o + 12] = close[d] / meanOf(d - 49, d, close) - 1;
    nextReturn[i] = close[d + 1] / close[d] - 1;
    y[i] = close[d + 1] > close[d] ? 1 : 0;
    dayIndex[i] = d;
    if (dates) rowDates.push(dates[d]);
  }
  return { x: { data, rows, cols: F }, y, nextReturn, dayIndex, dates: rowDates, featureNames: [...DIRECTION_FEATURE_NAMES] };
}
