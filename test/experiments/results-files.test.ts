import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibrationMetricTable, latestUciResults, loadResults, oodHistograms, reliabilityBinsOf, uciPanels } from '../../src/experiments/results-files';
import { RESULT_SCHEMA } from '../../src/experiments/runner';

const tmp = mkdtempSync(join(tmpdir(), 'certitude-resfiles-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const base = { schema: RESULT_SCHEMA, configHash: 'abc', config: {}, seed: 1, dataFingerprints: {}, environment: {}, wallTimeSeconds: 1, targets: [], markdown: '' };
const ms = (mean: number, se: number) => ({ mean, se, n: 20 });
const uci = (startedAt: string, name: string, rmse: number) => ({
  ...base, experiment: 'uci-regression', profile: 'full', startedAt,
  results: { datasets: { [name]: { splitsRun: 20, mcDropout: { rmse: ms(rmse, 0.1), ll: ms(-1.5, 0.02) }, deepEnsemble: { rmse: ms(1, 0.2), ll: ms(-1.2, 0.1) } } } },
});
const sv = (value: number) => ({ value, lower: value - 0.01, upper: value + 0.01 });
const bins = [{ lo: 0, hi: 0.5, count: 0, confidence: null, accuracy: null }, { lo: 0.5, hi: 1, count: 4, confidence: 0.8, accuracy: 0.75 }];
const fashion = {
  ...base, experiment: 'fashion-mnist-calibration', profile: 'smoke', startedAt: '2026-01-01T00:00:00Z',
  results: {
    calibration: ['single', 'Deep Ensemble (5)'].map((model, i) => ({
      model,
      methods: ['uncalibrated', 'temperature'].map((method, j) => ({ method, scores: { accuracy: sv(0.9), ece: sv(0.04 - 0.01 * i - 0.02 * j), mce: sv(0.2), nll: sv(0.3), brier: sv(0.15), bins } })),
    })),
    scoreHistograms: [{ model: 'single', maxProbability: { lo: 0, hi: 1, inDistribution: [1, 9], ood: [6, 4] }, entropy: { lo: 0, hi: 2.3, inDistribution: [9, 1], ood: [3, 7] } }],
  },
};

test('loads records of one experiment by profile, oldest first; the latest run of a data set wins', () => {
  const dir = join(tmp, 'uci-regression');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'full-b.json'), JSON.stringify(uci('2026-01-02T00:00:00Z', 'yacht', 0.8)));
  writeFileSync(join(dir, 'full-a.json'), JSON.stringify(uci('2026-01-01T00:00:00Z', 'yacht', 0.9)));
  writeFileSync(join(dir, 'full-c.json'), JSON.stringify(uci('2026-01-03T00:00:00Z', 'concrete', 5.1)));
  writeFileSync(join(dir, 'smoke-d.json'), JSON.stringify({ ...uci('2026-01-04T00:00:00Z', 'yacht', 9), profile: 'smoke' }));
  const records = loadResults('uci-regression', { profile: 'full', resultsDir: tmp });
  assert.equal(records.length, 3);
  const latest = latestUciResults(records);
  assert.equal(latest.get('yacht')!.mcDropout.rmse.mean, 0.8);
  const panels = uciPanels(records, 'll');
  assert.deepEqual(panels.map((p) => p.dataset), ['yacht', 'concrete']);
  const yacht = panels[0].entries;
  assert.deepEqual(yacht.map((e) => e.label), ['MC Dropout (ours)', 'Gal & Ghahramani 2016', 'Gal 2018 grid search (10x epochs)', 'Deep Ensemble (ours)', 'Lakshminarayanan et al. 2017']);
  // Lakshminarayanan et al. report NLL 1.18 ± 0.21 for yacht: drawn as LL −1.18.
  assert.deepEqual(yacht[4].value, { mean: -1.18, se: 0.21 });
  assert.deepEqual(loadResults('nothing', { resultsDir: tmp }), []);
  writeFileSync(join(dir, 'full-z.json'), '{"schema": "other"}');
  assert.throws(() => loadResults('uci-regression', { resultsDir: tmp }), /schema/);
});

test('calibration tables, reliability bins and OOD histograms from a fashion record', () => {
  const record = fashion as never;
  const t = calibrationMetricTable(record, 'ece');
  assert.deepEqual(t.rows, ['single', 'Deep Ensemble (5)']);
  assert.deepEqual(t.columns, ['uncalibrated', 'temperature']);
  assert.ok(Math.abs((t.values[1][1] as number) - 1) < 1e-12); // (0.04 − 0.01 − 0.02) in %
  const r = reliabilityBinsOf(record, 'single', 'temperature');
  assert.ok(Number.isNaN(r.bins[0].confidence));
  assert.equal(r.bins[1].accuracy, 0.75);
  assert.throws(() => reliabilityBinsOf(record, 'single', 'isotonic'), /no single \/ isotonic/);
  assert.deepEqual(oodHistograms(record, 'entropy')[0], { label: 'single', lo: 0, hi: 2.3, inDistribution: [9, 1], ood: [3, 7] });
});
