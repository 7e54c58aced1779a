import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, fromRows, softmaxRows } from '../../src/core';
import { formatProbabilitiesCsv } from '../../src/data/predictions-csv';
import { calibrationSummary, expectedCalibrationError, negativeLogLikelihoodFromLogits } from '../../src/metrics';
import { command } from '../../src/cli/commands/metrics';
import { main } from '../../src/cli/main';

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'metrics.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'certitude-metrics-'));
const golden = fixture.multiclass[0];
const probsPath = join(dir, 'probs.csv');
writeFileSync(probsPath, formatProbabilitiesCsv(fromRows(golden.probs), golden.labels));
const logitsPath = join(dir, 'logits.csv');
{
  const k = golden.logits[0].length;
  const header = ['label', ...Array.from({ length: k }, (_, j) => `logit_${j}`)].join(',');
  const lines = golden.logits.map((row: number[], i: number) => [golden.labels[i], ...row].join(','));
  writeFileSync(logitsPath, [header, ...lines].join('\n') + '\n');
}

/** Run the command in-process and capture what it writes to stdout. */
async function runCaptured(argv: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  (process.stdout as { write: unknown }).write = (chunk: string | Uint8Array): boolean => {
    chunks.push(String(chunk));
    return true;
  };
  try {
    const code = await command.run(argv);
    return { code, out: chunks.join('') };
  } finally {
    (process.stdout as { write: unknown }).write = original;
  }
}

test('--json on a probability CSV prints the summary; values match the numpy golden reference', async () => {
  const { code, out } = await runCaptured(['--input', probsPath, '--json']);
  assert.equal(code, 0);
  const r = JSON.parse(out);
  for (const key of ['n', 'accuracy', 'ece', 'mce', 'nll', 'brier', 'classwise_ece', 'ece_mass', 'bins']) assert.ok(key in r, key);
  assert.equal(r.n, golden.labels.length);
  assert.equal(r.scores, 'prob');
  const tol = 1e-9;
  assert.ok(Math.abs(r.ece - golden.top_label.width_15.ece) < tol);
  assert.ok(Math.abs(r.mce - golden.top_label.width_15.mce) < tol);
  assert.ok(Math.abs(r.ece_mass - golden.top_label.mass_15.ece) < tol);
  assert.ok(Math.abs(r.classwise_ece - golden.classwise_ece.width_15) < tol);
  assert.ok(Math.abs(r.brier - golden.brier) < tol);
  assert.ok(Math.abs(r.nll - golden.log_loss) < tol);
  assert.equal(r.bins.length, 15);
  for (const b of r.bins) assert.deepEqual(Object.keys(b), ['lo', 'hi', 'count', 'confidence', 'accuracy']);
  // empty bins print null means
  assert.ok(r.bins.some((b: { count: number; confidence: number | null }) => b.count === 0 && b.confidence === null));
});

test('logit CSV: softmax for the bins, NLL from the logits; --bins and --binning mass are honoured', async () => {
  const { out } = await runCaptured(['--input', logitsPath, '--json', '--bins', '10', '--binning', 'mass']);
  const r = JSON.parse(out);
  const logits = fromRows(golden.logits);
  assert.equal(r.scores, 'logit');
  assert.ok(Math.abs(r.nll - golden.nll_from_logits) < 1e-9);
  assert.equal(r.nll, negativeLogLikelihoodFromLogits(logits, golden.labels));
  assert.equal(r.ece, expectedCalibrationError(softmaxRows(logits), golden.labels, { bins: 10, binning: 'mass' }));
  assert.ok(Math.abs(r.ece - golden.top_label.mass_10.ece) < 1e-6); // softmax of the CSV's printed logits vs numpy's
  assert.equal(r.binning, 'mass');
  assert.ok(r.bins.every((b: { count: number }) => b.count > 0));
});

test('the table is aligned and lists every metric and bin', async () => {
  const { out } = await runCaptured(['--input', probsPath, '--bins', '5']);
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0], /^certitude metrics: .*probs\.csv \(N = 400, K = 5, probabilities\)$/);
  const s = calibrationSummary(fromRows(golden.probs), golden.labels, { bins: 5 });
  const metricLines = lines.filter((l) => /^ {2}[a-z_]+ +\d/.test(l));
  assert.deepEqual(metricLines.map((l) => l.trim().split(/\s+/)[0]), ['accuracy', 'ece', 'mce', 'rms_ce', 'ece_mass', 'classwise_ece', 'debiased_ce', 'nll', 'brier']);
  assert.ok(lines.some((l) => l.includes(`ece`) && l.includes(s.ece.toFixed(4))));
  // values start in the same column
  const valueColumns = new Set(metricLines.map((l) => l.search(/\d/)));
  assert.equal(valueColumns.size, 1);
  const binHeader = lines.findIndex((l) => /^\s+bin\s+lo\s+hi\s+count\s+confidence\s+accuracy\s+gap$/.test(l));
  assert.ok(binHeader > 0);
  const binLines = lines.slice(binHeader + 1, binHeader + 6);
  assert.equal(binLines.length, 5);
  assert.equal(new Set([lines[binHeader], ...binLines].map((l) => l.length)).size, 1, 'bin rows have one width');
});

test('bad arguments and bad files are typed errors naming the flag (and row); main exits 2 with one line', async () => {
  const isInput = (argument: string, row?: number) => (e: unknown) =>
    e instanceof InputError && e.argument === argument && (row === undefined || e.row === row);
  await assert.rejects(command.run([]), isInput('--input'));
  await assert.rejects(command.run(['--input', probsPath, '--binning', 'log']), isInput('--binning'));
  await assert.rejects(command.run(['--input', probsPath, '--bins', '0']), isInput('--bins'));
  await assert.rejects(command.run(['--input', join(dir, 'missing.csv')]), isInput('--input'));
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'label,prob_0,prob_1\n0,0.5,0.5\n1,0.7,0.2\n');
  await assert.rejects(command.run(['--input', bad]), isInput('--input', 1));
  const noLabel = join(dir, 'nolabel.csv');
  writeFileSync(noLabel, 'prob_0,prob_1\n0.5,0.5\n');
  await assert.rejects(command.run(['--input', noLabel]), isInput('--input'));
  const errors: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  (process.stderr as { write: unknown }).write = (c: string): boolean => (errors.push(String(c)), true);
  try {
    assert.equal(await main(['metrics', '--input', bad]), 2);
  } finally {
    (process.stderr as { write: unknown }).write = original;
  }
  assert.equal(errors.join(''), 'certitude metrics: --input (row 1): row sums to 0.8999999999999999, not 1 (tolerance 0.000001)\n');
});

test('spawned as a process through the CLI entry point (tsx), --json parses', () => {
  const script = "require('./src/cli/main').main(process.argv.slice(1)).then((c) => { process.exitCode = c; })";
  const cwd = join(__dirname, '..', '..');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script, 'metrics', '--input', probsPath, '--json'], { cwd, encoding: 'utf8' });
  assert.ok(Math.abs(JSON.parse(out).ece - golden.top_label.width_15.ece) < 1e-9);
  const failed = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, 'metrics', '--input', probsPath, '--bins', 'x'], { cwd, encoding: 'utf8' });
  assert.equal(failed.status, 2);
  assert.match(failed.stderr, /^certitude metrics: --bins: must be a number, got 'x'\n$/);
});
