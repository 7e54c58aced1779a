import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, parseProbLabelCsv } from '../../src/cli/commands/cutoff';
import { spawnSync } from 'node:child_process';
import { InputError } from '../../src/core/errors';
import { mixedCutoff } from '../../src/decision/cutoff';
import { simulateDriftingStream } from '../../src/decision/simulate';

// The command runs in a child process: replacing process.stdout.write here would also swallow the test
// runner's own TAP output.
const ROOT = join(__dirname, '..', '..');
function cli(argv: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "require('./src/cli/main').main(process.argv.slice(1)).then((c) => { process.exitCode = c; })", '--', 'cutoff', ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  const r = cli(argv);
  assert.equal(r.err, '', r.err);
  return r;
}

const dir = mkdtempSync(join(tmpdir(), 'certitude-cutoff-'));
const [week1, week2] = simulateDriftingStream({ weeks: 2, itemsPerWeek: 300, seed: 9 });
// Full double precision in the CSV so that the CLI sees exactly the library's inputs.
const csv = (p: Float64Array, y?: Int32Array) =>
  (y ? 'prob,label\n' : 'prob\n') + Array.from(p, (v, i) => (y ? `${v},${y[i]}` : `${v}`)).join('\n') + '\n';
const historyPath = join(dir, 'prev.csv');
const applyPath = join(dir, 'current.csv');
writeFileSync(historyPath, csv(week1.probs, week1.labels));
writeFileSync(applyPath, csv(week2.probs));

test('CLI and library agree on the same inputs (--json), including non-default options', async () => {
  for (const opts of [[], ['--precision-floor', '0.6', '--q', '10,20', '--min-cutoff', '0.4']]) {
    const { code, out } = await capture(['--history', historyPath, '--apply', applyPath, '--json', ...opts]);
    assert.equal(code, 0);
    const j = JSON.parse(out);
    const lib = mixedCutoff(week1.probs, week1.labels, week2.probs, opts.length ? { precisionFloor: 0.6, qCandidates: [10, 20], minCutoff: 0.4 } : {});
    assert.equal(j.absolute_f1, lib.f1Threshold);
    assert.equal(j.absolute_youden, lib.youdenThreshold);
    assert.equal(j.absolute, lib.absolute);
    assert.equal(j.q, lib.q);
    assert.equal(j.relative, lib.relative);
    assert.equal(j.final, lib.final);
    assert.equal(j.relative_on, 'apply');
  }
});

test('CLI --out writes decisions (prob ≥ final) atomically; without --apply the relative part uses the history', async () => {
  const out = join(dir, 'decisions.csv');
  const { code } = await capture(['--history', historyPath, '--apply', applyPath, '--out', out, '--json']);
  assert.equal(code, 0);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'prob,decision,cutoff');
  assert.equal(lines.length, week2.probs.length + 1);
  const final = mixedCutoff(week1.probs, week1.labels, week2.probs).final;
  lines.slice(1).forEach((l, i) => {
    const [p, d, c] = l.split(',').map(Number);
    assert.equal(p, week2.probs[i]);
    assert.equal(d, p >= final ? 1 : 0);
    assert.equal(c, final);
  });
  const hist = JSON.parse((await capture(['--history', historyPath, '--json'])).out);
  assert.equal(hist.relative, mixedCutoff(week1.probs, week1.labels).relative);
  assert.equal(hist.relative_on, 'history');
  const text = (await capture(['--history', historyPath])).out;
  assert.match(text, /final = max\(absolute, relative, 0.5\)/);
});

test('CLI edge case: history without positives still gives a finite cut-off', async () => {
  const p = join(dir, 'noneg.csv');
  writeFileSync(p, 'prob,label\n0.2,0\n0.9,0\n0.4,0\n');
  const j = JSON.parse((await capture(['--history', p, '--json'])).out);
  assert.equal(j.absolute_f1, null);
  assert.equal(j.absolute_youden, null);
  assert.equal(j.final, Math.max(0.5, j.relative));
});

test('CLI bad input: typed errors naming the flag and row; exit code 2 through main', async () => {
  assert.throws(() => parseProbLabelCsv('prob,label\n0.5,1\n1.5,0\n', '--history', true), (e: unknown) => e instanceof InputError && e.argument === '--history' && e.row === 1);
  assert.throws(() => parseProbLabelCsv('prob\n0.5\n', '--history', true), /label/);
  assert.throws(() => parseProbLabelCsv('p,label\n0.5,1\n', '--apply', false), /'prob' column/);
  assert.throws(() => parseProbLabelCsv('prob,label\n0.5,2\n', '--history', true), (e: unknown) => e instanceof InputError && e.row === 0);
  await assert.rejects(command.run([]), (e: unknown) => e instanceof InputError && e.argument === '--history');
  await assert.rejects(command.run(['--history', historyPath, '--out', 'x.csv']), (e: unknown) => e instanceof InputError && e.argument === '--out');
  await assert.rejects(command.run(['--history', historyPath, '--q', '0,5']), (e: unknown) => e instanceof InputError && e.argument === '--q');
  const r = cli(['--history', join(dir, 'missing.csv')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--history/);
});
