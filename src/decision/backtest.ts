/**
 * Walk-forward backtest of uncertainty-aware trading (seed 000): an expanding training window re-fitted every
 * period (a calendar year for the S&P 500), the gate calibrated by temperature scaling on the most recent
 * slice of the training window, and the next period traded. Compares a single network, MC Dropout and a
 * Deep Ensemble, each with and without the uncertainty filter and sizing, plus buy-and-hold, and evaluates
 * seed 000's success criteria with moving-block bootstrap intervals.
 *
 * Nothing is tuned on test periods: network settings, thresholds and quantiles are fixed in the profile
 * before the run; every data-driven threshold (temperature, uncertainty threshold, high-confidence
 * threshold, feature standardisation) is computed from the training window only.
 */
import { InputError } from '../core/errors';
import { binaryToMatrix, Matrix } from '../core/matrix';
import { Rng } from '../core/rng';
import { expectedCalibrationError } from '../metrics/calibration-error';
import { auroc, precisionAtTopFraction } from '../metrics/ranking';
import { percentileLinear } from './cutoff';
import { DEFAULT_UNCERTAINTY_CONFIG, tradeMask } from './filter';
import { TemperatureScaling } from '../calibration/temperature';
import { fitGatePredictor, GateNetConfig, GatePredictor, GatePredictorKind, temperedGate } from './gate-models';
import { fitGatePredictorTfjs } from './gate-models-tfjs';
import {
  blockBootstrapInterval,
  equityCurve,
  Interval,
  netReturns,
  annualisedSharpe,
  strategyPerformance,
  StrategyPerformance,
} from './performance';
import { kellyPositionSizes, uncertaintyPositionSizes } from './sizing';
import { RegimeMarket, RegimeMarketOptions, simulateRegimeMarket } from './simulate';

/** Rows of a gate data set in time order: features known at decision time, the next-period outcome. */
export interface GateDataset {
  /** N×F features (raw; standardised inside the backtest with training-window statistics). */
  x: Matrix;
  /** 1 when the next return is positive. */
  y: Int32Array;
  /** Return earned by a long position decided on this row. */
  nextReturn: Float64Array;
  /** Re-fit period of each row (a calendar year for the S&P 500), non-decreasing. */
  period: Int32Array;
  /** Optional dates for reports. */
  dates?: string[];
}

/** Settings of one backtest run, fixed before it starts. */
export interface BacktestProfile {
  /** Profile name ('smoke', 'full', ...). */
  name: string;
  /** First period traded (earlier periods only train). */
  firstTestPeriod: number;
  /** Last period traded (inclusive). */
  lastTestPeriod: number;
  /** Most recent rows of the training window held out for calibration and threshold estimation. @default 252 */
  calibrationDays: number;
  /** Network settings. */
  net: Partial<GateNetConfig>;
  /** Ensemble members (seed 000: 5). */
  nModels: number;
  /** MC Dropout samples (seed 000: 30). */
  mcSamples: number;
  /** Fit a temperature on the calibration slice (seed 000: true). */
  temperatureScaling: boolean;
  /**
   * The adaptive filter keeps days whose gate std is below this quantile of the calibration slice's std.
   * 0.9 (skip the most uncertain tenth) was chosen on the simulated regime market, where the truth is known:
   * the median (0.5) discarded half of the familiar, profitable days along with the unfamiliar ones. The S&P
   * test years played no part in the choice. @default 0.9
   */
  uncertaintyQuantile: number;
  /** "High-confidence" days: gate above this quantile of the calibration slice's gate. @default 0.9 */
  highConfidenceQuantile: number;
  /** Fractional Kelly multiplier. @default 0.5 */
  kellyFraction: number;
  /** Transaction cost in basis points per unit of position traded. @default 1 */
  costBps: number;
  /** Bootstrap resamples for the criteria's intervals. */
  bootstrapResamples: number;
  /** Moving-block length in days. @default 20 */
  blockLength: number;
  /** Seed of everything random in the run. */
  seed: number;
  /**
   * Which implementation trains the networks: 'tfjs' = the project's TensorFlow.js MLP, MC Dropout and Deep
   * Ensemble (src/models, src/uncertainty); 'plain' = the plain-TypeScript networks of gate-models.ts (same
   * architecture, no tensors, faster; used by the unit tests). @default 'tfjs'
   */
  models: 'tfjs' | 'plain';
}

/** Profiles of the S&P 500 backtest (periods are calendar years). */
export const SP500_PROFILES: Readonly<Record<'smoke' | 'full', BacktestProfile>> = Object.freeze({
  smoke: {
    name: 'smoke',
    firstTestPeriod: 2016,
    lastTestPeriod: 2019,
    calibrationDays: 252,
    net: { hidden: 16, epochs: 8, dropout: 0.2 },
    nModels: 3,
    mcSamples: 10,
    temperatureScaling: true,
    uncertaintyQuantile: 0.9,
    highConfidenceQuantile: 0.9,
    kellyFraction: 0.5,
    costBps: 1,
    bootstrapResamples: 200,
    blockLength: 20,
    seed: 2026,
    models: 'tfjs',
  },
  full: {
    name: 'full',
    firstTestPeriod: 2005,
    lastTestPeriod: 2020,
    calibrationDays: 252,
    net: { hidden: 16, epochs: 15, dropout: 0.2 },
    nModels: 5,
    mcSamples: 30,
    temperatureScaling: true,
    uncertaintyQuantile: 0.9,
    highConfidenceQuantile: 0.9,
    kellyFraction: 0.5,
    costBps: 1,
    bootstrapResamples: 1000,
    blockLength: 20,
    seed: 2026,
    models: 'tfjs',
  },
});

/** The calibrated gate of one predictor over the test rows, with the thresholds estimated before each period. */
export interface GatePath {
  kind: GatePredictorKind;
  /** Calibrated mean gate P(up), one per test row. */
  p: Float64Array;
  /** Spread of the gate over members / MC samples (0 for the single network). */
  std: Float64Array;
  /** Uncertainty threshold in force on each test row (quantile of the calibration slice's std). */
  uncertaintyThreshold: Float64Array;
  /** High-confidence threshold in force on each test row (quantile of the calibration slice's gate). */
  highConfidenceThreshold: Float64Array;
  /** Fitted temperature per test period. */
  temperatures: { period: number; temperature: number }[];
}

/** Output of {@link walkForwardGates}. */
export interface GateWalk {
  /** Indices into the data set of the test rows, in time order. */
  testRows: Int32Array;
  gates: Record<GatePredictorKind, GatePath>;
}

export const PREDICTOR_KINDS: readonly GatePredictorKind[] = ['single', 'mc-dropout', 'ensemble'];

function standardiser(x: Matrix, rows: Int32Array) {
  const F = x.cols;
  const mean = new Float64Array(F);
  const sd = new Float64Array(F);
  for (const r of rows) for (let f = 0; f < F; f++) mean[f] += x.data[r * F + f];
  for (let f = 0; f < F; f++) mean[f] /= rows.length;
  for (const r of rows) for (let f = 0; f < F; f++) sd[f] += (x.data[r * F + f] - mean[f]) ** 2;
  // A constant feature in the window gets sd 1 so that it standardises to 0 instead of NaN.
  for (let f = 0; f < F; f++) sd[f] = Math.sqrt(sd[f] / rows.length) || 1;
  return (sel: Int32Array): Matrix => {
    const data = new Float64Array(sel.length * F);
    sel.forEach((r, i) => {
      for (let f = 0; f < F; f++) data[i * F + f] = (x.data[r * F + f] - mean[f]) / sd[f];
    });
    return { data, rows: sel.length, cols: F };
  };
}

function rowsWhere(period: Int32Array, test: (p: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < period.length; i++) if (test(period[i])) out.push(i);
  return Int32Array.from(out);
}

/**
 * Walk forward: for each test period P, train on all rows of periods < P except the last `calibrationDays`,
 * calibrate (temperature) and estimate thresholds on those last rows, then predict the rows of period P.
 *
 * @param data the data set (time order)
 * @param profile run settings
 * @param onPeriod optional progress callback (period just finished)
 * @throws InputError when a test period has no rows or the training window is smaller than the calibration slice + 100
 */
export async function walkForwardGates(data: GateDataset, profile: BacktestProfile, onPeriod?: (period: number) => void): Promise<GateWalk> {
  const rng = new Rng(profile.seed);
  const testAll: number[] = [];
  const parts: Record<GatePredictorKind, { p: number[]; std: number[]; ut: number[]; hc: number[]; temps: { period: number; temperature: number }[] }> = {
    single: { p: [], std: [], ut: [], hc: [], temps: [] },
    'mc-dropout': { p: [], std: [], ut: [], hc: [], temps: [] },
    ensemble: { p: [], std: [], ut: [], hc: [], temps: [] },
  };
  for (let P = profile.firstTestPeriod; P <= profile.lastTestPeriod; P++) {
    const test = rowsWhere(data.period, (p) => p === P);
    if (test.length === 0) throw new InputError('profile', `test period ${P} has no rows`);
    const train = rowsWhere(data.period, (p) => p < P);
    if (train.length < profile.calibrationDays + 100) {
      throw new InputError('profile', `training window before ${P} has ${train.length} rows; needs ≥ ${profile.calibrationDays + 100}`);
    }
    const fitRows = train.subarray(0, train.length - profile.calibrationDays);
    const calRows = train.subarray(train.length - profile.calibrationDays);
    const scale = standardiser(data.x, fitRows);
    const xFit = scale(fitRows);
    const xCal = scale(calRows);
    const xTest = scale(test);
    const yFit = Int32Array.from(fitRows, (r) => data.y[r]);
    const yCal = Int32Array.from(calRows, (r) => data.y[r]);
    for (const kind of PREDICTOR_KINDS) {
      const predictorOptions = { net: profile.net, nModels: profile.nModels, mcSamples: profile.mcSamples, bootstrap: true };
      const memberRng = rng.fork();
      let predictor: GatePredictor & { dispose?: () => void };
      if (profile.models === 'tfjs') predictor = await fitGatePredictorTfjs(kind, xFit, yFit, memberRng.nextUint32() % 1000000, predictorOptions);
      else predictor = fitGatePredictor(kind, xFit, yFit, memberRng, predictorOptions);
      let calLogits: Matrix;
      let testLogits: Matrix;
      try {
        calLogits = predictor.memberLogits(xCal);
        testLogits = predictor.memberLogits(xTest);
      } finally {
        predictor.dispose?.();
      }
      const T = profile.temperatureScaling ? gateTemperature(calLogits, yCal) : 1;
      const cal = temperedGate(calLogits, T);
      const gate = temperedGate(testLogits, T);
      const ut = percentileLinear(cal.std, 100 * profile.uncertaintyQuantile);
      const hc = percentileLinear(cal.mean, 100 * profile.highConfidenceQuantile);
      const part = parts[kind];
      part.temps.push({ period: P, temperature: T });
      for (let i = 0; i < test.length; i++) {
        part.p.push(gate.mean[i]);
        part.std.push(gate.std[i]);
        part.ut.push(ut);
        part.hc.push(hc);
      }
    }
    testAll.push(...test);
    onPeriod?.(P);
  }
  const gates = {} as Record<GatePredictorKind, GatePath>;
  for (const kind of PREDICTOR_KINDS) {
    const part = parts[kind];
    gates[kind] = {
      kind,
      p: Float64Array.from(part.p),
      std: Float64Array.from(part.std),
      uncertaintyThreshold: Float64Array.from(part.ut),
      highConfidenceThreshold: Float64Array.from(part.hc),
      temperatures: part.temps,
    };
  }
  return { testRows: Int32Array.from(testAll), gates };
}

/**
 * The adaptive uncertainty criterion: std below the threshold estimated on the calibration slice. A predictor
 * without an uncertainty estimate (the single network, std ≡ 0, threshold 0) always passes.
 */
function uncertaintyPasses(gate: GatePath, i: number): boolean {
  return gate.std[i] === 0 || gate.std[i] < gate.uncertaintyThreshold[i];
}

/**
 * Temperature of a (multi-member) binary gate: src/calibration's TemperatureScaling fitted on the member-mean
 * logit z̄ as the two-class logits [0, z̄] (for one member this is plain temperature scaling of its logit); the
 * same T then divides every member's logit.
 *
 * @param memberLogits M×N binary logits
 * @param labels N labels 0/1
 * @throws InputError / FitError from TemperatureScaling (e.g. a single-class calibration slice)
 * @example
 * gateTemperature({ data: Float64Array.of(2, -2, 2, 2), rows: 1, cols: 4 }, [1, 0, 0, 1]) // 2 / ln 3 ≈ 1.82 (σ(2/T) = 3/4)
 */
export function gateTemperature(memberLogits: Matrix, labels: ArrayLike<number>): number {
  const { rows: M, cols: N, data } = memberLogits;
  const twoClass = new Float64Array(2 * N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let m = 0; m < M; m++) s += data[m * N + i];
    twoClass[2 * i + 1] = s / M;
  }
  return new TemperatureScaling().fit({ data: twoClass, rows: N, cols: 2 }, labels).temperature;
}

/** The position rules compared for each predictor. */
export type StrategyRule = 'gate' | 'seed-filter' | 'filter' | 'kelly';

/** What each rule does, for reports. */
export const STRATEGY_DESCRIPTIONS: Readonly<Record<StrategyRule | 'buy-and-hold', string>> = Object.freeze({
  gate: 'long 1 when calibrated P(up) > 0.5, else flat (no filter, no sizing)',
  'seed-filter': "seed 000's filter (P > 0.5, std < 0.3, entropy < 1.0) and size clip(1/(1+std), 0.1, 2.0)",
  filter: 'P > 0.5 and std below the 90th percentile of the calibration slice\'s std; size clip(1/(1+std), 0.1, 2.0)',
  kelly: 'long fraction·(2P − 1) (half Kelly, even-money payoff assumed), flat when P ≤ 0.5',
  'buy-and-hold': 'long 1 every day',
});

/**
 * Daily positions of one rule from a gate path. For the single network (std = 0) the uncertainty criteria
 * pass trivially, so its 'filter' equals its 'gate' apart from sizing.
 *
 * @example
 * strategyPositions('gate', gatePath).length // number of test rows
 */
export function strategyPositions(rule: StrategyRule, gate: GatePath, kellyFraction = 0.5): Float64Array {
  const n = gate.p.length;
  const out = new Float64Array(n);
  if (rule === 'gate') {
    for (let i = 0; i < n; i++) out[i] = gate.p[i] > 0.5 ? 1 : 0;
    return out;
  }
  if (rule === 'kelly') return kellyPositionSizes(gate.p, { fraction: kellyFraction, maxPosition: DEFAULT_UNCERTAINTY_CONFIG.maxPosition });
  const sizes = uncertaintyPositionSizes(gate.std, {
    minPosition: DEFAULT_UNCERTAINTY_CONFIG.minPosition,
    maxPosition: DEFAULT_UNCERTAINTY_CONFIG.maxPosition,
  });
  let mask: Uint8Array;
  if (rule === 'seed-filter') {
    mask = tradeMask({ mean: gate.p, std: gate.std }).trade;
  } else {
    const pass = tradeMask({ mean: gate.p }, { maxUncertainty: null }).trade;
    mask = Uint8Array.from(pass, (v, i) => (v && uncertaintyPasses(gate, i) ? 1 : 0));
  }
  for (let i = 0; i < n; i++) out[i] = mask[i] ? sizes[i] : 0;
  return out;
}

/** Gate-quality metrics of one predictor on the test rows. */
export interface GateQuality {
  kind: GatePredictorKind;
  /** Top-label ECE, 15 equal-width bins, of [1 − p, p]. */
  ece: number;
  /** ECE of P(up) itself (positive-class reliability), 15 bins. */
  ecePositive: number;
  /** AUROC of p for the up days. */
  auroc: number;
  /** Precision (share of up days) among the top 10% of p, all test days. */
  precisionAt10: number;
  /** Same among the days passing the uncertainty criterion (std < threshold). */
  precisionAt10Filtered: number;
  /** Days passing the uncertainty criterion. */
  filteredDays: number;
  /** Mean of the fitted temperatures. */
  meanTemperature: number;
}


function gateQuality(gate: GatePath, y: Int32Array): GateQuality {
  const probs = binaryToMatrix(gate.p);
  const keep: number[] = [];
  for (let i = 0; i < gate.p.length; i++) if (uncertaintyPasses(gate, i)) keep.push(i);
  return {
    kind: gate.kind,
    ece: expectedCalibrationError(probs, y),
    ecePositive: expectedCalibrationError(probs, y, { mode: 'positive' }),
    auroc: auroc(gate.p, y),
    precisionAt10: precisionAtTopFraction(gate.p, y, 0.1),
    precisionAt10Filtered: keep.length ? precisionAtTopFraction(keep.map((i) => gate.p[i]), keep.map((i) => y[i]), 0.1) : 0,
    filteredDays: keep.length,
    meanTemperature: gate.temperatures.reduce((a, t) => a + t.temperature, 0) / gate.temperatures.length,
  };
}

/** One row of the strategy table. */
export interface StrategyRow extends StrategyPerformance {
  predictor: GatePredictorKind | 'none';
  rule: StrategyRule | 'buy-and-hold';
  /** Sharpe before transaction costs. */
  sharpeGross: number;
}

/** One success criterion of seed 000 with its measured value, interval and verdict. */
export interface SuccessCriterion {
  name: string;
  /** How it was measured, in words. */
  definition: string;
  /** The target, in words (e.g. '< 0.05'). */
  target: string;
  value: number;
  interval: Interval;
  /** The point estimate meets the target. */
  pass: boolean;
  /** The whole bootstrap interval meets the target (a stricter reading). */
  passWithConfidence: boolean;
}

/** Everything a backtest run reports. */
export interface BacktestResult {
  profile: BacktestProfile;
  testDays: number;
  firstTestDate?: string;
  lastTestDate?: string;
  upRate: number;
  strategies: StrategyRow[];
  gateQuality: GateQuality[];
  criteria: SuccessCriterion[];
  /** For figures: per test day. */
  series: {
    dates?: string[];
    nextReturn: Float64Array;
    y: Int32Array;
    gates: Record<GatePredictorKind, GatePath>;
    positions: Record<string, Float64Array>;
    equity: Record<string, Float64Array>;
  };
}

/**
 * Run the full comparison on a data set: walk-forward gates, all strategies, gate quality and the success
 * criteria with moving-block bootstrap intervals.
 *
 * @param data gate data set
 * @param profile settings fixed before the run
 * @param onPeriod optional progress callback
 * @example
 * (await runBacktest(sp500GateDataset(), SP500_PROFILES.smoke)).criteria.map((c) => c.pass) // [true, false, false, false] (smoke, TensorFlow.js models)
 */
export async function runBacktest(data: GateDataset, profile: BacktestProfile, onPeriod?: (period: number) => void): Promise<BacktestResult> {
  const walk = await walkForwardGates(data, profile, onPeriod);
  const rows = walk.testRows;
  const y = Int32Array.from(rows, (r) => data.y[r]);
  const ret = Float64Array.from(rows, (r) => data.nextReturn[r]);
  const n = rows.length;
  const strategies: StrategyRow[] = [];
  const positions: Record<string, Float64Array> = {};
  const equity: Record<string, Float64Array> = {};
  const add = (predictor: StrategyRow['predictor'], rule: StrategyRow['rule'], pos: Float64Array) => {
    const key = predictor === 'none' ? rule : `${predictor}/${rule}`;
    positions[key] = pos;
    equity[key] = equityCurve(netReturns(pos, ret, profile.costBps));
    strategies.push({
      predictor,
      rule,
      ...strategyPerformance(pos, ret, profile.costBps),
      sharpeGross: annualisedSharpe(netReturns(pos, ret, 0)),
    });
  };
  add('none', 'buy-and-hold', new Float64Array(n).fill(1));
  for (const kind of PREDICTOR_KINDS) {
    for (const rule of ['gate', 'seed-filter', 'filter', 'kelly'] as StrategyRule[]) {
      add(kind, rule, strategyPositions(rule, walk.gates[kind], profile.kellyFraction));
    }
  }
  const gateQualities = PREDICTOR_KINDS.map((k) => gateQuality(walk.gates[k], y));
  const criteria = successCriteria(walk.gates, y, ret, positions, profile);
  let up = 0;
  for (const v of y) up += v;
  return {
    profile,
    testDays: n,
    firstTestDate: data.dates?.[rows[0]],
    lastTestDate: data.dates?.[rows[n - 1]],
    upRate: up / n,
    strategies,
    gateQuality: gateQualities,
    criteria,
    series: {
      dates: data.dates ? Array.from(rows, (r) => data.dates![r]) : undefined,
      nextReturn: ret,
      y,
      gates: walk.gates,
      positions,
      equity,
    },
  };
}

function successCriteria(
  gates: Record<GatePredictorKind, GatePath>,
  y: Int32Array,
  ret: Float64Array,
  positions: Record<string, Float64Array>,
  profile: BacktestProfile,
): SuccessCriterion[] {
  const n = y.length;
  const rng = new Rng(profile.seed + 1);
  const boot = (stat: (idx: Int32Array) => number) =>
    blockBootstrapInterval(n, stat, { resamples: profile.bootstrapResamples, blockLength: profile.blockLength, rng: rng.fork() });
  const ens = gates.ensemble;
  const ece = (idx: Int32Array) =>
    expectedCalibrationError(binaryToMatrix(Float64Array.from(idx, (i) => ens.p[i])), Int32Array.from(idx, (i) => y[i]));
  const lift = (idx: Int32Array) => {
    const before = precisionAtTopFraction(Float64Array.from(idx, (i) => ens.p[i]), Int32Array.from(idx, (i) => y[i]), 0.1);
    const kept = Array.from(idx).filter((i) => uncertaintyPasses(ens, i));
    if (kept.length === 0 || before === 0) return NaN;
    const after = precisionAtTopFraction(kept.map((i) => ens.p[i]), kept.map((i) => y[i]), 0.1);
    return after / before - 1;
  };
  const highConfidence = (idx: Int32Array) => {
    let trades = 0;
    let wins = 0;
    for (const i of idx) {
      if (ens.p[i] > 0.5 && ens.p[i] > ens.highConfidenceThreshold[i] && uncertaintyPasses(ens, i)) {
        trades++;
        if (ret[i] > 0) wins++;
      }
    }
    return trades === 0 ? NaN : wins / trades;
  };
  const netEns = netReturns(positions['ensemble/gate'], ret, profile.costBps);
  const netSingle = netReturns(positions['single/gate'], ret, profile.costBps);
  const sharpeDiff = (idx: Int32Array) =>
    annualisedSharpe(Float64Array.from(idx, (i) => netEns[i])) - annualisedSharpe(Float64Array.from(idx, (i) => netSingle[i]));
  const make = (name: string, definition: string, target: string, meets: (v: number) => boolean, interval: Interval): SuccessCriterion => ({
    name,
    definition,
    target,
    value: interval.estimate,
    interval,
    pass: Number.isFinite(interval.estimate) && meets(interval.estimate),
    passWithConfidence: Number.isFinite(interval.lo) && meets(interval.lo) && meets(interval.hi),
  });
  return [
    make('ECE < 0.05', 'top-label ECE (15 equal-width bins) of the Deep Ensemble\'s temperature-scaled gate on all test days', '< 0.05', (v) => v < 0.05, boot(ece)),
    make(
      'Precision@10% +10% after uncertainty filtering',
      'relative change of the share of up days among the top 10% of ensemble P(up): days with std below the calibration slice\'s 90th percentile vs all days',
      '≥ +0.10 (relative)',
      (v) => v >= 0.1,
      boot(lift),
    ),
    make(
      'High-confidence win rate > 60%',
      'share of up days among ensemble trades with P(up) > 0.5, above the calibration slice\'s 90th percentile of P(up), and std below its 90th percentile of std',
      '> 0.60',
      (v) => v > 0.6,
      boot(highConfidence),
    ),
    make(
      'Ensemble Sharpe − single Sharpe ≥ +0.3',
      `annualised Sharpe (net of ${profile.costBps} bp costs) of the gate rule (long when P > 0.5): Deep Ensemble minus single network, paired resamples`,
      '≥ +0.3',
      (v) => v >= 0.3,
      boot(sharpeDiff),
    ),
  ];
}

/**
 * The S&P 500 gate data set: direction features of the embedded series, periods = calendar years.
 *
 * @example
 * sp500GateDataset().period[0] // 2000
 */
export function sp500GateDataset(): GateDataset {
  // Imported lazily so that modules using only the engine do not read the CSV.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { loadSp500, directionFeatures } = require('../data/sp500') as typeof import('../data/sp500');
  const series = loadSp500();
  const d = directionFeatures(series.close, series.dates);
  return {
    x: d.x,
    y: d.y,
    nextReturn: d.nextReturn,
    period: Int32Array.from(d.dates, (s) => Number(s.slice(0, 4))),
    dates: d.dates,
  };
}

/**
 * Profile of the simulated regime market (periods of 250 days; 3000 days → periods 0..11), with the plain
 * networks so that the claim test runs in seconds; `certitude backtest` reruns it with the profile's models.
 */
export const REGIME_MARKET_PROFILE: Readonly<BacktestProfile> = Object.freeze({
  ...SP500_PROFILES.smoke,
  name: 'regime-market',
  firstTestPeriod: 4,
  lastTestPeriod: 11,
  calibrationDays: 250,
  bootstrapResamples: 200,
  seed: 77,
  models: 'plain',
});

/** Gate data set of a simulated regime market, with its known up-probabilities. */
export function regimeMarketDataset(market: RegimeMarket, periodLength = 250): GateDataset & { trueUpProbability: Float64Array } {
  const n = market.returns.length;
  return {
    x: { data: market.features, rows: n, cols: market.featureCount },
    y: Int32Array.from(market.returns, (r) => (r > 0 ? 1 : 0)),
    nextReturn: market.returns,
    period: Int32Array.from({ length: n }, (_, i) => Math.floor(i / periodLength)),
    trueUpProbability: market.trueUpProbability,
  };
}

/** What the simulated market shows about the filter and the sizing, where the truth is known. */
export interface RegimeMarketCheck {
  result: BacktestResult;
  /** Mean |p − true P(up)| of the ensemble gate over the test days. */
  gateMeanAbsError: number;
  /** Share of up days among the ensemble gate rule's trades (P > 0.5). */
  winRateGate: number;
  /** Share of up days among the adaptive filter's trades. */
  winRateFilter: number;
  /** Share of up days among high-confidence trades (criterion 3's definition). */
  winRateHighConfidence: number;
  /** Unconditional share of up days. */
  upRate: number;
  /** Pearson correlation between the Kelly size and the true edge 2·P(up) − 1 over the test days. */
  kellySizeEdgeCorrelation: number;
  /** Share of the novel (unfamiliar, losing) test days on which the ensemble gate rule / the filter traded. */
  novelTradedGate: number;
  novelTradedFilter: number;
  /** Number of novel test days. */
  novelDays: number;
  /** Sharpe of the ensemble's gate, filter and Kelly rules. */
  sharpeGate: number;
  sharpeFilter: number;
  sharpeKelly: number;
  /** Sharpe of an oracle that knows P(up): long 1 when P(up) > 0.5. */
  sharpeOracle: number;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * Run the backtest on a simulated regime market with known up-probabilities and measure what the filter and
 * sizing claim to do when there is signal.
 *
 * @param options market options (default: 3000 days, seed 11)
 * @param profile backtest settings (default {@link REGIME_MARKET_PROFILE})
 * @example
 * const check = await checkOnRegimeMarket(); check.winRateFilter > check.upRate // true on the seeded market
 */
export async function checkOnRegimeMarket(options: RegimeMarketOptions = {}, profile: BacktestProfile = REGIME_MARKET_PROFILE): Promise<RegimeMarketCheck> {
  const market = simulateRegimeMarket(options);
  const data = regimeMarketDataset(market);
  const result = await runBacktest(data, profile);
  const rows: number[] = [];
  for (let i = 0; i < data.period.length; i++) if (data.period[i] >= profile.firstTestPeriod && data.period[i] <= profile.lastTestPeriod) rows.push(i);
  const truth = Float64Array.from(rows, (r) => data.trueUpProbability[r]);
  const ens = result.series.gates.ensemble;
  let mae = 0;
  for (let i = 0; i < truth.length; i++) mae += Math.abs(ens.p[i] - truth[i]);
  const winRate = (pos: Float64Array) => {
    let t = 0;
    let w = 0;
    pos.forEach((v, i) => {
      if (v > 0) {
        t++;
        if (result.series.nextReturn[i] > 0) w++;
      }
    });
    return t ? w / t : 0;
  };
  const find = (key: string) => result.strategies.find((s) => `${s.predictor}/${s.rule}` === key)!;
  const oracle = Float64Array.from(truth, (p) => (p > 0.5 ? 1 : 0));
  const novel = rows.map((r, i) => (market.regime[r] === 3 ? i : -1)).filter((i) => i >= 0);
  const tradedShare = (pos: Float64Array) => (novel.length ? novel.filter((i) => pos[i] > 0).length / novel.length : 0);
  return {
    result,
    gateMeanAbsError: mae / truth.length,
    winRateGate: winRate(result.series.positions['ensemble/gate']),
    winRateFilter: winRate(result.series.positions['ensemble/filter']),
    winRateHighConfidence: result.criteria[2].value,
    upRate: result.upRate,
    kellySizeEdgeCorrelation: pearson(result.series.positions['ensemble/kelly'], truth.map((p) => 2 * p - 1)),
    novelTradedGate: tradedShare(result.series.positions['ensemble/gate']),
    novelTradedFilter: tradedShare(result.series.positions['ensemble/filter']),
    novelDays: novel.length,
    sharpeGate: find('ensemble/gate').sharpe,
    sharpeFilter: find('ensemble/filter').sharpe,
    sharpeKelly: find('ensemble/kelly').sharpe,
    sharpeOracle: strategyPerformance(oracle, result.series.nextReturn, profile.costBps).sharpe,
  };
}
