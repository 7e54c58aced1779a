import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fetchFashionMnist, fetchUci, FetchError } from '../../src/data/fetch';
import { loadUci } from '../../src/data/uci';
import { sha256Hex } from '../../src/data/fingerprint';
import { idx, TINY_UCI, writeTree } from './data-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'certitude-fetch-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/**
 * A loopback HTTP server serving `files` (path → bytes) and counting requests. It listens on
 * 127.0.0.1 only, and unref + a 20 s timer make sure it never outlives the test file.
 */
async function serve(files: Record<string, string | Uint8Array>, options: { lieLength?: boolean } = {}): Promise<{ base: string; server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    if (options.lieLength) res.writeHead(200); // chunked: no content-length
    else res.writeHead(200, { 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  setTimeout(() => server.close(), 20000).unref();
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, server, hits };
}

function uciTree(prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [f, c] of Object.entries(TINY_UCI)) out[`${prefix}/yacht/data/${f}`] = c;
  return out;
}

test('downloads a UCI data set over HTTP into <dataDir>/uci/<name>, verified and atomic', async () => {
  const { base, server, hits } = await serve(uciTree('/UCI'));
  try {
    const dataDir = join(tmp, 'http');
    const [report] = await fetchUci(['yacht'], { dataDir, url: `${base}/UCI`, mirror: join(tmp, 'no-mirror') });
    assert.equal(report.status, 'fetched');
    assert.equal(Object.keys(report.files).length, 12);
    assert.equal(report.files['data.txt'], sha256Hex(TINY_UCI['data.txt']));
    assert.ok(hits.includes('/UCI/yacht/data/index_test_1.txt'));
    const d = loadUci('yacht', { dir: join(dataDir, 'uci', 'yacht') });
    assert.equal(d.splits.length, 2);
    // Nothing but the final folder is left behind.
    assert.deepEqual(readdirSync(join(dataDir, 'uci')), ['yacht']);
    // A second fetch finds it present and makes no request.
    const before = hits.length;
    const [again] = await fetchUci(['yacht'], { dataDir, url: `${base}/UCI` });
    assert.equal(again.status, 'present');
    assert.equal(hits.length, before);
  } finally {
    server.close();
  }
});

test('a failed or invalid download leaves nothing behind', async () => {
  const files = uciTree('/UCI');
  delete files['/UCI/yacht/data/index_test_1.txt'];
  const bad = uciTree('/BAD');
  bad['/BAD/yacht/data/index_test_0.txt'] = '4\n99\n';
  const { base, server } = await serve({ ...files, ...bad });
  try {
    const dataDir = join(tmp, 'fail');
    await assert.rejects(fetchUci(['yacht'], { dataDir, url: `${base}/UCI` }), (e: unknown) => e instanceof FetchError && /HTTP 404/.test(e.message));
    await assert.rejects(fetchUci(['yacht'], { dataDir, url: `${base}/BAD` }), /do not verify: .*index 99 outside/);
    assert.deepEqual(readdirSync(join(dataDir, 'uci')), []);
    await assert.rejects(fetchUci(['nope'], { dataDir, url: base }), /unknown UCI data set 'nope'/);
  } finally {
    server.close();
  }
});

test('size limit holds even without a content-length', async () => {
  const { base, server } = await serve(uciTree('/UCI'), { lieLength: true });
  try {
    await assert.rejects(fetchUci(['yacht'], { dataDir: join(tmp, 'big'), url: `${base}/UCI`, maxBytes: 20 }), /exceeds the 20-byte limit/);
  } finally {
    server.close();
  }
});

test('mirror copies from <mirror>/uci/<name>; an explicit url wins over the mirror; --force replaces', async () => {
  const mirror = join(tmp, 'mirror');
  writeTree(join(mirror, 'uci', 'yacht'), TINY_UCI);
  const dataDir = join(tmp, 'from-mirror');
  const [r] = await fetchUci(['yacht'], { dataDir, mirror });
  assert.equal(r.status, 'fetched');
  assert.equal(r.source, join(mirror, 'uci'));
  assert.equal(readFileSync(join(dataDir, 'uci', 'yacht', 'data.txt'), 'utf8'), TINY_UCI['data.txt']);

  const changed = uciTree('/U');
  changed['/U/yacht/data/data.txt'] = TINY_UCI['data.txt'].replace('600', '700');
  const { base, server, hits } = await serve(changed);
  try {
    const [forced] = await fetchUci(['yacht'], { dataDir, mirror, url: `${base}/U`, force: true });
    assert.equal(forced.source, `${base}/U`);
    assert.ok(hits.length >= 12);
    assert.equal(loadUci('yacht', { dir: join(dataDir, 'uci', 'yacht') }).y[5], 700);
    assert.deepEqual(readdirSync(join(dataDir, 'uci')), ['yacht']);
  } finally {
    server.close();
  }
});

test('fashion-mnist: files are checked to be the official sizes before install', async () => {
  const mirror = join(tmp, 'fm-mirror');
  writeTree(join(mirror, 'fashion-mnist'), {
    'train-images-idx3-ubyte.gz': gzipSync(idx([2, 28, 28], new Uint8Array(2 * 784))),
    'train-labels-idx1-ubyte.gz': gzipSync(idx([2], new Uint8Array(2))),
    't10k-images-idx3-ubyte.gz': gzipSync(idx([1, 28, 28], new Uint8Array(784))),
    't10k-labels-idx1-ubyte.gz': gzipSync(idx([1], new Uint8Array(1))),
  });
  const dataDir = join(tmp, 'fm');
  await assert.rejects(fetchFashionMnist({ dataDir, mirror }), /train-images-idx3-ubyte\.gz does not verify: .*expected 60000×28×28/);
  assert.equal(existsSync(join(dataDir, 'fashion-mnist')), false);
});
