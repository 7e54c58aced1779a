import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../src/cli/commands/backtest';
import { InputError } from '../../src/core/errors';
import { REGIME_MARKET_PROFILE, regimeMarketDataset, runBacktest } from '../../src/decision/backtest';
import { backtestJson, backtestMarkdown } from '../../src/decision/backtest-report';
import { simulateRegimeMarket } from '../../src/decision/simulate';

const tiny = { ...REGIME_MARKET_PROFILE, name: 'tiny', models: 'plain' as const, firstTestPeriod: 3, lastTestPeriod: 4, net: { hidden: 8, epochs: 2 }, nModels: 2, mcSamples: 3, bootstrapResamples: 10 };

test('report: JSON carries every criterion with value, interval and verdict; Markdown shows the table', async () => {
  const r = await runBacktest(regimeMarketDataset(simulateRegimeMarket({ days: 1250, seed: 4 })), tiny);
  const doc = backtestJson(r, { data: { source: 'sim', sha256: 'x'.repeat(64), rows: 1250 }, models: 'test', seconds: 1, command: 'test' });
  const parsed = JSON.parse(JSON.stringify(doc));
  assert.equal(parsed.criteria.length, 4);
  parsed.criteria.forEach((c: { value: number; pass: boolean; ci95: number[] }, i: number) => {
    assert.equal(c.value, Number(r.criteria[i].value.toFixed(6)));
    assert.equal(c.pass, r.criteria[i].pass);
    assert.equal(c.ci95.length, 2);
  });
  assert.equal(parsed.strategies.length, 13);
  // days 0, 5, …, 495 and the last day 499
  assert.equal(parsed.equity_weekly.curves['ensemble/gate'].length, 101);
  const md = backtestMarkdown(doc);
  assert.match(md, /\| ECE < 0\.05 \| /);
  assert.match(md, /\| ensemble \| filter \|/);
});

test('CLI backtest: bad options are typed errors', async () => {
  await assert.rejects(command.run(['--profile', 'huge']), (e: unknown) => e instanceof InputError && e.argument === '--profile');
  await assert.rejects(command.run(['--cost-bps', '-1']), (e: unknown) => e instanceof InputError && e.argument === '--cost-bps');
  await assert.rejects(command.run(['extra']), InputError);
  await assert.rejects(command.run(['--models', 'torch']), (e: unknown) => e instanceof InputError && e.argument === '--models');
});

test('CLI backtest --profile smoke --models plain writes JSON and Markdown atomically with the pass/fail table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certitude-bt-'));
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', "require('./src/cli/main').main(process.argv.slice(1)).then((c) => { process.exitCode = c; })", '--', 'backtest', '--profile', 'smoke', '--models', 'plain', '--out-dir', dir],
    { cwd: join(__dirname, '..', '..'), encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(readFileSync(join(dir, 'smoke.json'), 'utf8'));
  assert.equal(doc.kind, 'certitude/sp500-backtest');
  assert.equal(doc.test_period.first, '2016-01-04');
  assert.equal(doc.provenance.data.sha256.length, 64);
  assert.deepEqual(doc.criteria.map((c: { name: string }) => c.name), ['ECE < 0.05', 'Precision@10% +10% after uncertainty filtering', 'High-confidence win rate > 60%', 'Ensemble Sharpe − single Sharpe ≥ +0.3']);
  for (const c of doc.criteria) assert.equal(typeof c.pass, 'boolean');
  assert.ok(doc.simulated_market.novel_days > 0);
  assert.match(readFileSync(join(dir, 'smoke.md'), 'utf8'), /## Success criteria/);
});
