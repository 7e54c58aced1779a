/**
 * Plain-JSON and Markdown reports of a backtest run (what `certitude backtest` writes to
 * results/sp500-backtest/<profile>.json and .md).
 */
import { BacktestResult, RegimeMarketCheck, STRATEGY_DESCRIPTIONS } from './backtest';

/** Every k-th point of a series (and always the last), to keep result files small. */
function thin<T>(values: ArrayLike<T>, every: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += every) out.push(values[i]);
  if (values.length && (values.length - 1) % every !== 0) out.push(values[values.length - 1]);
  return out;
}

const round = (v: number, digits = 6) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

/** Provenance recorded with the results. */
export interface BacktestProvenance {
  /** Data source and its fingerprint. */
  data: { source: string; sha256: string; rows: number };
  /** Model implementation used, in words. */
  models: string;
  /** Seconds the run took. */
  seconds: number;
  /** Command that produced the file. */
  command: string;
}

/**
 * The JSON document of a run: settings, provenance, strategy table, gate quality, success criteria with
 * intervals, the simulated-market check, and weekly-thinned equity curves of the headline strategies.
 *
 * @example
 * backtestJson(result, provenance, check).criteria[0].name // 'ECE < 0.05'
 */
export function backtestJson(result: BacktestResult, provenance: BacktestProvenance, regime?: RegimeMarketCheck) {
  const every = 5;
  const keys = ['buy-and-hold', 'single/gate', 'ensemble/gate', 'ensemble/filter', 'ensemble/kelly', 'mc-dropout/gate'];
  return {
    kind: 'certitude/sp500-backtest',
    version: 1,
    profile: result.profile,
    provenance,
    test_period: { first: result.firstTestDate ?? null, last: result.lastTestDate ?? null, days: result.testDays, up_rate: round(result.upRate) },
    strategy_rules: STRATEGY_DESCRIPTIONS,
    strategies: result.strategies.map((s) => ({
      predictor: s.predictor,
      rule: s.rule,
      sharpe: round(s.sharpe, 4),
      sharpe_gross: round(s.sharpeGross, 4),
      annual_return: round(s.annualReturn, 5),
      annual_volatility: round(s.annualVolatility, 5),
      max_drawdown: round(s.maxDrawdown, 4),
      turnover: round(s.turnover, 4),
      trades: s.trades,
      win_rate: round(s.winRate, 4),
      exposure: round(s.exposure, 4),
      final_equity: round(s.finalEquity, 4),
    })),
    gate_quality: result.gateQuality.map((g) => ({
      predictor: g.kind,
      ece: round(g.ece),
      ece_positive_class: round(g.ecePositive),
      auroc: round(g.auroc),
      precision_at_10: round(g.precisionAt10),
      precision_at_10_filtered: round(g.precisionAt10Filtered),
      filtered_days: g.filteredDays,
      mean_temperature: round(g.meanTemperature, 4),
    })),
    criteria: result.criteria.map((c) => ({
      name: c.name,
      definition: c.definition,
      target: c.target,
      value: round(c.value),
      ci95: [round(c.interval.lo), round(c.interval.hi)],
      bootstrap_resamples: c.interval.resamples,
      pass: c.pass,
      pass_with_confidence: c.passWithConfidence,
    })),
    temperatures: Object.fromEntries(Object.entries(result.series.gates).map(([k, g]) => [k, g.temperatures.map((t) => ({ period: t.period, temperature: round(t.temperature, 4) }))])),
    simulated_market: regime
      ? {
          description: 'three-regime Markov market with known P(up) and novel (unfamiliar, losing) days after 60% of the series',
          gate_mean_abs_error: round(regime.gateMeanAbsError),
          up_rate: round(regime.upRate),
          win_rate_gate: round(regime.winRateGate),
          win_rate_filter: round(regime.winRateFilter),
          win_rate_high_confidence: round(regime.winRateHighConfidence),
          novel_days: regime.novelDays,
          novel_traded_gate: round(regime.novelTradedGate),
          novel_traded_filter: round(regime.novelTradedFilter),
          kelly_size_edge_correlation: round(regime.kellySizeEdgeCorrelation),
          sharpe_gate: round(regime.sharpeGate, 4),
          sharpe_filter: round(regime.sharpeFilter, 4),
          sharpe_kelly: round(regime.sharpeKelly, 4),
          sharpe_oracle: round(regime.sharpeOracle, 4),
          criteria: regime.result.criteria.map((c) => ({ name: c.name, value: round(c.value), ci95: [round(c.interval.lo), round(c.interval.hi)], pass: c.pass })),
        }
      : null,
    equity_weekly: {
      every_n_days: every,
      dates: result.series.dates ? thin(result.series.dates, every) : null,
      curves: Object.fromEntries(keys.filter((k) => result.series.equity[k]).map((k) => [k, thin(result.series.equity[k], every).map((v) => round(v, 5))])),
    },
  };
}

/**
 * Markdown summary: the success-criteria table (measured value, 95% interval, pass/fail), the strategy table
 * and the simulated-market check.
 *
 * @example
 * backtestMarkdown(json).startsWith('# S&P 500 backtest') // true
 */
export function backtestMarkdown(doc: ReturnType<typeof backtestJson>): string {
  const f = (v: number | null, d = 3) => (v === null ? 'n/a' : v.toFixed(d));
  const lines = [
    `# S&P 500 backtest — profile \`${doc.profile.name}\``,
    '',
    `Test days ${doc.test_period.days} (${doc.test_period.first} … ${doc.test_period.last}), up-day rate ${f(doc.test_period.up_rate)}. ` +
      `Walk-forward, expanding window, re-fit every calendar year, temperature scaling on the last ${doc.profile.calibrationDays} training days; ` +
      `costs ${doc.profile.costBps} bp per unit traded. Models: ${doc.provenance.models}. Data: ${doc.provenance.data.source} (sha256 ${doc.provenance.data.sha256.slice(0, 12)}…).`,
    '',
    '## Success criteria (seed 000)',
    '',
    '| criterion | measured | 95% CI (block bootstrap) | pass |',
    '|---|---|---|---|',
    ...doc.criteria.map((c) => `| ${c.name} | ${f(c.value, 4)} | [${f(c.ci95[0], 4)}, ${f(c.ci95[1], 4)}] | ${c.pass ? (c.pass_with_confidence ? 'PASS' : 'PASS (CI crosses target)') : 'FAIL'} |`),
    '',
    ...doc.criteria.map((c) => `- *${c.name}*: ${c.definition}.`),
    '',
    '## Strategies',
    '',
    '| predictor | rule | Sharpe (net) | Sharpe (gross) | ann. return | max DD | turnover/day | trades | win rate |',
    '|---|---|---|---|---|---|---|---|---|',
    ...doc.strategies.map(
      (s) =>
        `| ${s.predictor} | ${s.rule} | ${f(s.sharpe, 2)} | ${f(s.sharpe_gross, 2)} | ${f(s.annual_return, 4)} | ${f(s.max_drawdown, 3)} | ${f(s.turnover, 3)} | ${s.trades} | ${f(s.win_rate, 3)} |`,
    ),
    '',
    ...Object.entries(doc.strategy_rules).map(([k, v]) => `- \`${k}\`: ${v}`),
    '',
    '## Gate quality',
    '',
    '| predictor | ECE | ECE (P(up)) | AUROC | precision@10% | after filter | mean T |',
    '|---|---|---|---|---|---|---|',
    ...doc.gate_quality.map((g) => `| ${g.predictor} | ${f(g.ece, 4)} | ${f(g.ece_positive_class, 4)} | ${f(g.auroc, 4)} | ${f(g.precision_at_10, 4)} | ${f(g.precision_at_10_filtered, 4)} | ${f(g.mean_temperature, 2)} |`),
  ];
  if (doc.simulated_market) {
    const s = doc.simulated_market;
    lines.push(
      '',
      '## Simulated regime market (known truth)',
      '',
      `Win rate: gate ${f(s.win_rate_gate)}, filter ${f(s.win_rate_filter)}, high-confidence ${f(s.win_rate_high_confidence)} (up-day rate ${f(s.up_rate)}). ` +
        `Novel days traded: gate ${f(s.novel_traded_gate, 2)}, filter ${f(s.novel_traded_filter, 2)} of ${s.novel_days}. ` +
        `Sharpe: gate ${f(s.sharpe_gate, 2)}, filter ${f(s.sharpe_filter, 2)}, Kelly ${f(s.sharpe_kelly, 2)}, oracle ${f(s.sharpe_oracle, 2)}. ` +
        `corr(Kelly size, true edge) ${f(s.kelly_size_edge_correlation)}.`,
    );
  }
  lines.push('', `Generated by \`${doc.provenance.command}\` in ${doc.provenance.seconds.toFixed(1)} s.`, '');
  return lines.join('\n');
}
