import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../src/cli/commands/calibrate';
import { main } from '../../src/cli/main';
import { createCalibrator, convertScores, CALIBRATOR_KINDS } from '../../src/calibration';
import { parsePredictionsCsv } from '../../src/data/predictions-csv';
import { InputError, StateError, FitError } from '../../src/core/errors';
import { Rng } from '../../src/core/rng';

const dir = mkdtempSync(join(tmpdir(), 'certitude-calibrate-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** A 4-class predictions CSV with logits (or probabilities) and labels. */
function writeCsv(name: string, seed: number, n: number, form: 'logit' | 'prob', withLabels = true): string {
  const rng = new Rng(seed);
  const K = 4;
  const lines = [[...(withLabels ? ['label'] : []), ...Array.from({ length: K }, (_, k) => `${form}_${k}`)].join(',')];
  for (let i = 0; i < n; i++) {
    const y = i < K ? i : rng.int(K);
    const z = Array.from({ length: K }, (_, k) => 2.5 * (rng.normal() + (k === y ? 1.2 : 0)));
    let row = z;
    if (form === 'prob') {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      row = e.map((v) => v / s);
    }
    lines.push([...(withLabels ? [y] : []), ...row].join(','));
  }
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

// The command prints one summary line to stdout; it is left there (stubbing process.stdout would also
// swallow the test runner's own report, which travels on stdout).
const quiet = (argv: string[]): Promise<number> => command.run(argv);

for (const method of CALIBRATOR_KINDS) {
  test(`calibrate --method ${method}: fit+save+apply, then load+apply, give identical CSVs (4 classes)`, async () => {
    const form = method === 'histogram' || method === 'isotonic' || method === 'beta' ? 'prob' : 'logit';
    const val = writeCsv(`val-${method}.csv`, 1, 300, form);
    const tst = writeCsv(`test-${method}.csv`, 2, 50, form);
    const out1 = join(dir, `out1-${method}.csv`);
    const out2 = join(dir, `out2-${method}.csv`);
    const state = join(dir, `state-${method}.json`);
    assert.equal(await quiet(['--method', method, '--fit', val, '--apply', tst, '--out', out1, '--save', state]), 0);
    assert.equal(await quiet(['--load', state, '--apply', tst, '--out', out2]), 0);
    const text1 = readFileSync(out1, 'utf8');
    assert.equal(readFileSync(out2, 'utf8'), text1);
    // Same numbers as the library; labels passed through; rows sum to 1.
    const fit = parsePredictionsCsv(readFileSync(val, 'utf8'), 'val', true);
    const app = parsePredictionsCsv(readFileSync(tst, 'utf8'), 'test', true);
    const cal = createCalibrator(method);
    const from = fit.kind === 'logit' ? 'logits' : 'probabilities';
    cal.fit(convertScores(fit.scores, from, cal.input), fit.labels!);
    const expected = cal.predictProba(convertScores(app.scores, from, cal.input));
    const got = parsePredictionsCsv(text1, 'out', true);
    assert.equal(got.kind, 'prob');
    assert.deepEqual(got.labels, app.labels);
    assert.deepEqual(got.scores.data, expected.data);
    assert.equal(JSON.parse(readFileSync(state, 'utf8')).kind, method);
  });
}

test('calibrate works from the other CSV form (temperature on probabilities, isotonic on logits) and without labels', async () => {
  const valP = writeCsv('val-p.csv', 3, 200, 'prob');
  const tstL = writeCsv('test-l.csv', 4, 30, 'logit', false);
  const out = join(dir, 'out-mixed.csv');
  assert.equal(await quiet(['--method', 'temperature', '--fit', valP, '--apply', tstL, '--out', out]), 0);
  const t = parsePredictionsCsv(readFileSync(out, 'utf8'), 'out');
  assert.equal(t.labels, undefined);
  assert.equal(t.scores.rows, 30);
  const valL = writeCsv('val-l.csv', 3, 200, 'logit');
  assert.equal(await quiet(['--method', 'isotonic', '--fit', valL, '--apply', tstL, '--out', out]), 0);
});

test('calibrate: bad arguments and files give typed errors naming the flag', async () => {
  const val = writeCsv('val-e.csv', 5, 100, 'logit');
  const tst = writeCsv('test-e.csv', 6, 10, 'logit');
  const out = join(dir, 'out-e.csv');
  const flagIs = (flag: string, type: Function = InputError) => (e: unknown) => e instanceof type && (e as InputError).argument === flag;
  await assert.rejects(quiet(['--method', 'softmax', '--fit', val, '--apply', tst, '--out', out]), flagIs('--method'));
  await assert.rejects(quiet(['--fit', val, '--apply', tst, '--out', out]), flagIs('--method'));
  await assert.rejects(quiet(['--method', 'platt', '--apply', tst, '--out', out]), flagIs('--fit'));
  await assert.rejects(quiet(['--method', 'platt', '--fit', val, '--apply', tst]), flagIs('--out'));
  await assert.rejects(quiet(['--method', 'platt', '--fit', val]), flagIs('--apply'));
  await assert.rejects(quiet(['--method', 'platt', '--fit', join(dir, 'missing.csv'), '--save', join(dir, 's.json')]), flagIs('--fit'));
  await assert.rejects(quiet(['--method', 'platt', '--fit', val, '--bins', '3', '--save', join(dir, 's.json')]), flagIs('--bins'));
  await assert.rejects(quiet(['--method', 'histogram', '--fit', val, '--bins', '0', '--save', join(dir, 's.json')]), flagIs('--bins'));
  const noLabels = writeCsv('nolabels.csv', 7, 20, 'logit', false);
  await assert.rejects(quiet(['--method', 'platt', '--fit', noLabels, '--save', join(dir, 's.json')]), flagIs('--fit'));
  const oneClass = join(dir, 'oneclass.csv');
  writeFileSync(oneClass, 'label,logit_0,logit_1\n1,0.2,1\n1,0.5,0.1\n');
  await assert.rejects(quiet(['--method', 'temperature', '--fit', oneClass, '--save', join(dir, 's.json')]), flagIs('labels', FitError));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"kind":"temperature","version":99,"temperature":1,"classes":4}');
  await assert.rejects(quiet(['--load', bad, '--apply', tst, '--out', out]), flagIs('--load', StateError));
  writeFileSync(bad, '{not json');
  await assert.rejects(quiet(['--load', bad, '--apply', tst, '--out', out]), flagIs('--load', StateError));
  await assert.rejects(quiet(['--load', bad, '--fit', val, '--apply', tst, '--out', out]), flagIs('--fit'));
  // A state fitted on 2 classes applied to a 4-class file.
  const binVal = join(dir, 'bin.csv');
  writeFileSync(binVal, 'label,logit\n1,2\n0,-1\n1,0.5\n0,0.3\n');
  const binState = join(dir, 'bin.json');
  assert.equal(await quiet(['--method', 'temperature', '--fit', binVal, '--save', binState]), 0);
  await assert.rejects(quiet(['--load', binState, '--apply', tst, '--out', out]), flagIs('--apply'));
  assert.equal(existsSync(out), false, 'no output written after an error');
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
});

test('main() prints a typed error as one line and exits 2', async () => {
  const write = process.stderr.write;
  let err = '';
  process.stderr.write = ((s: string) => {
    err += s;
    return true;
  }) as typeof process.stderr.write;
  try {
    assert.equal(await main(['calibrate', '--method', 'nope', '--fit', 'x.csv', '--save', 'y.json']), 2);
  } finally {
    process.stderr.write = write;
  }
  assert.match(err, /^certitude calibrate: --method: unknown method 'nope'/);
});
