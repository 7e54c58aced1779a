/**
 * The native-backend code path, exercised with a stand-in `@tensorflow/tfjs-node` package (libtensorflow cannot be
 * installed here): when the package is present, `initBackend()` requires it, activates the 'tensorflow' backend it
 * registers and records its version; an installed-but-broken package is an error when forced and is recorded in
 * `skipped` when `auto` falls back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Module from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/models/backend';

function withFakePackage(name: string, body: string, run: () => Promise<void>): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'certitude-fake-tfjs-node-'));
  const dir = path.join(root, 'node_modules', '@tensorflow', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `@tensorflow/${name}`, version: '9.9.9', main: 'index.js' }));
  writeFileSync(path.join(dir, 'index.js'), body);
  const previous = process.env.NODE_PATH;
  process.env.NODE_PATH = path.join(root, 'node_modules');
  (Module as unknown as { _initPaths(): void })._initPaths();
  return run().finally(() => {
    process.env.NODE_PATH = previous ?? '';
    (Module as unknown as { _initPaths(): void })._initPaths();
    rmSync(root, { recursive: true, force: true });
  });
}

test('an installed but broken native package is reported, not skipped', async () => {
  await withFakePackage('tfjs-node-gpu', `throw new Error('libtensorflow.so: cannot open shared object file');`, async () => {
    await assert.rejects(initBackend({ backend: 'tfjs-node-gpu' }), /libtensorflow\.so/);
    // auto (first call in this process) falls back to the next backend but records why the faster one was skipped
    const info = await initBackend({ backend: 'auto' });
    assert.equal(info.backend, 'wasm');
    assert.equal(info.skipped?.length, 1);
    assert.match(info.skipped![0], /^tfjs-node-gpu: .*libtensorflow\.so/);
  });
});

test('a present tfjs-node package is loaded when chosen', async () => {
  const tfjsPath = require.resolve('@tensorflow/tfjs');
  const cpuPath = require.resolve('@tensorflow/tfjs-backend-cpu');
  // Stand-in: registers a backend under the name libtensorflow's binding uses ('tensorflow').
  const body = `const tf = require(${JSON.stringify(tfjsPath)});
const { MathBackendCPU } = require(${JSON.stringify(cpuPath)});
tf.registerBackend('tensorflow', () => new MathBackendCPU(), 3);
module.exports = { version: { 'tfjs-node': '9.9.9', tensorflow: '2.9.1' } };`;
  await withFakePackage('tfjs-node', body, async () => {
    const info = await initBackend({ backend: 'tfjs-node' });
    assert.equal(info.backend, 'tfjs-node');
    assert.equal(info.tfBackend, 'tensorflow');
    assert.equal(tf.getBackend(), 'tensorflow');
    assert.equal(info.versions['tfjs-node'], '9.9.9');
    assert.equal(info.versions.tensorflow, '2.9.1');
  });
});
