import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { TINY_UCI, writeTree } from './data-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'certitude-datacli-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** Run the CLI in-process with stdout/stderr captured. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), out, err };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

test('certitude data fetch uci --mirror copies into $CERTITUDE_DATA/uci; status lists it; bad usage exits 2', async () => {
  const mirror = join(tmp, 'mirror');
  writeTree(join(mirror, 'uci', 'yacht'), TINY_UCI);
  const saved = process.env.CERTITUDE_DATA;
  process.env.CERTITUDE_DATA = join(tmp, 'data');
  try {
    const r = await run(['data', 'fetch', 'uci', '--datasets', 'yacht', '--mirror', mirror]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /yacht: 12 files from .*mirror/);
    assert.ok(existsSync(join(tmp, 'data', 'uci', 'yacht', 'index_test_1.txt')));
    const s = await run(['data', 'status']);
    assert.match(s.out, /uci: yacht/);
    const bad = await run(['data', 'fetch', 'cifar']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /certitude data: data: expected 'fetch uci'/);
    const unknown = await run(['data', 'fetch', 'uci', '--datasets', 'nope', '--mirror', mirror]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown UCI data set 'nope'/);
  } finally {
    if (saved === undefined) delete process.env.CERTITUDE_DATA;
    else process.env.CERTITUDE_DATA = saved;
  }
});
