import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, configHash, resolveConfig } from '../../src/experiments/config';
import { experimentNames, getExperiment, registerExperiment } from '../../src/experiments/registry';
import { runExperiment, RESULT_SCHEMA } from '../../src/experiments/runner';
import { markdownTable, formatMeanSe, formatInterval } from '../../src/experiments/markdown';
import { meetsTarget } from '../../src/experiments/published';
import { InputError } from '../../src/core/errors';
import type { Experiment } from '../../src/experiments/types';

const tmp = mkdtempSync(join(tmpdir(), 'certitude-exp-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** A tiny experiment: the mean of `n` seeded uniforms; its data is "present" unless params.missing. */
const toy: Experiment = {
  name: 'toy-mean',
  summary: 'mean of seeded uniforms',
  checkData: (config) => (config.params.missing ? { ok: false, reason: 'toy data missing', fix: 'npx certitude data fetch toy' } : { ok: true }),
  async run({ config, rng, log }) {
    const n = config.params.n as number;
    let s = 0;
    for (let i = 0; i < n; i++) s += rng.uniform();
    log(`drew ${n}`);
    return {
      results: { mean: s / n, n },
      markdown: markdownTable(['n', 'mean'], [[n, (s / n).toFixed(4)]]),
      dataFingerprints: { toy: 'sha256:' + '0'.repeat(64) },
      targets: [{ target: 'mean near 1/2', met: Math.abs(s / n - 0.5) < 0.1, detail: `mean ${(s / n).toFixed(3)}` }],
      backend: null,
    };
  },
};
registerExperiment(toy);
const configPath = join(tmp, 'toy-mean.json');
writeFileSync(configPath, JSON.stringify({ experiment: 'toy-mean', description: 'toy', seed: 7, profiles: { smoke: { n: 100 }, full: { n: 1000 } } }));

test('canonical JSON sorts keys at every level; the hash ignores key order only', () => {
  assert.equal(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }), '{"a":[2,{"c":4,"d":3}],"b":1}');
  const a = configHash({ experiment: 'x', profile: 'smoke', seed: 1, params: { p: 1, q: [1, 2] } });
  const b = configHash({ params: { q: [1, 2], p: 1 }, seed: 1, profile: 'smoke', experiment: 'x' } as never);
  assert.equal(a, b);
  assert.match(a, /^[0-9a-f]{12}$/);
  assert.notEqual(a, configHash({ experiment: 'x', profile: 'smoke', seed: 2, params: { p: 1, q: [1, 2] } }));
  assert.notEqual(a, configHash({ experiment: 'x', profile: 'smoke', seed: 1, params: { p: 1, q: [2, 1] } }));
});

test('resolveConfig picks the profile, applies overrides and names bad fields', () => {
  const c = resolveConfig('toy-mean', 'full', { path: configPath });
  assert.deepEqual(c, { experiment: 'toy-mean', profile: 'full', seed: 7, params: { n: 1000 } });
  assert.equal(resolveConfig('toy-mean', 'smoke', { path: configPath, seed: 3, params: { n: 5 } }).params.n, 5);
  assert.throws(() => resolveConfig('toy-mean', 'huge' as never, { path: configPath }), /--profile: must be one of smoke, full/);
  assert.throws(() => resolveConfig('other', 'smoke', { path: configPath }), /field 'experiment'/);
  assert.throws(() => resolveConfig('toy-mean', 'smoke', { path: join(tmp, 'none.json') }), /no config file/);
});

test('every registered experiment has a config with both profiles', () => {
  for (const name of experimentNames().filter((n) => n !== 'toy-mean')) {
    for (const profile of ['smoke', 'full'] as const) {
      const c = resolveConfig(name, profile);
      assert.equal(c.experiment, name);
      assert.ok(Number.isInteger(c.seed));
    }
  }
  assert.throws(() => getExperiment('nope'), (e: unknown) => e instanceof InputError && /known: calibration-demo/.test(e.message));
});

test('a run writes <profile>-<hash>.json and .md atomically, with config, seed, fingerprints and environment', async () => {
  const resultsDir = join(tmp, 'results');
  const lines: string[] = [];
  const { record, jsonPath, markdownPath } = await runExperiment('toy-mean', { profile: 'smoke', configPath, resultsDir, log: (l) => lines.push(l) });
  const hash = configHash(resolveConfig('toy-mean', 'smoke', { path: configPath }));
  assert.equal(jsonPath, join(resultsDir, 'toy-mean', `smoke-${hash}.json`));
  assert.deepEqual(readdirSync(join(resultsDir, 'toy-mean')).sort(), [`smoke-${hash}.json`, `smoke-${hash}.md`]);
  const saved = JSON.parse(readFileSync(jsonPath!, 'utf8'));
  assert.equal(saved.schema, RESULT_SCHEMA);
  assert.equal(saved.seed, 7);
  assert.equal(saved.configHash, hash);
  assert.deepEqual(saved.config.params, { n: 100 });
  assert.equal(saved.results.mean, record.results.mean);
  assert.equal(saved.dataFingerprints.toy, 'sha256:' + '0'.repeat(64));
  assert.equal(saved.environment.node, process.version);
  assert.ok(saved.wallTimeSeconds >= 0);
  assert.deepEqual(lines, ['drew 100']);
  const md = readFileSync(markdownPath!, 'utf8');
  assert.match(md, /# toy-mean \(smoke profile\)/);
  assert.match(md, /\*\*(MET|MISSED)\*\* — mean near 1\/2/);
});

test('same config and seed give the same numbers; another seed gives others', async () => {
  const a = await runExperiment('toy-mean', { configPath, dryRun: true });
  const b = await runExperiment('toy-mean', { configPath, dryRun: true });
  const c = await runExperiment('toy-mean', { configPath, dryRun: true, seed: 8 });
  assert.deepEqual(a.record.results, b.record.results);
  assert.notEqual(a.record.results.mean, c.record.results.mean);
  assert.notEqual(a.record.configHash, c.record.configHash);
});

test('missing data is a typed error with the fetch command', async () => {
  await assert.rejects(runExperiment('toy-mean', { configPath, params: { missing: true }, dryRun: true }), /toy data missing; run `npx certitude data fetch toy`/);
});

test('markdown helpers and the published-target rule', () => {
  assert.equal(markdownTable(['method', 'ECE'], [['a|b', '0.051']]), '| method | ECE |\n|:--|--:|\n| a\\|b | 0.051 |');
  assert.equal(formatMeanSe(2.9012, 0.1834, 2), '2.90 ± 0.18');
  assert.equal(formatInterval(0.0512, 0.041, 0.062, 3), '0.051 [0.041, 0.062]');
  // RMSE: lower is better; LL: higher is better; both allow two published standard errors.
  assert.equal(meetsTarget('rmse', 3.34, { mean: 2.97, se: 0.19 }), true);
  assert.equal(meetsTarget('rmse', 3.37, { mean: 2.97, se: 0.19 }), false);
  assert.equal(meetsTarget('ll', -2.57, { mean: -2.46, se: 0.06 }), true);
  assert.equal(meetsTarget('ll', -2.6, { mean: -2.46, se: 0.06 }), false);
});
