import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_PREFERENCE, initBackend, requireBackend } from '../../src/models/backend';
import { InputError } from '../../src/core/errors';

function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

test('auto picks the fastest installed backend and records versions', async () => {
  const info = await initBackend({ backend: 'auto' });
  const expected = installed('@tensorflow/tfjs-node-gpu') ? 'tfjs-node-gpu' : installed('@tensorflow/tfjs-node') ? 'tfjs-node' : 'wasm';
  assert.equal(info.backend, expected);
  assert.equal(tf.getBackend(), info.tfBackend);
  assert.equal(info.versions['tfjs-core'], tf.version_core);
  assert.equal(info.versions.node, process.versions.node);
  if (info.backend === 'wasm') {
    assert.equal(typeof info.simd, 'boolean');
    assert.equal(info.threads, 1); // tfjs disables wasm threads under Node
    assert.equal(info.versions['tfjs-backend-wasm'], tf.version_core);
  }
  assert.deepEqual(requireBackend(), info);
  // idempotent
  assert.equal(await initBackend(), info);
});

test('forcing: option, env var, unknown names and absent native packages', async () => {
  const cpu = await initBackend({ backend: 'cpu' });
  assert.equal(cpu.backend, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  process.env.CERTITUDE_BACKEND = 'wasm';
  try {
    const viaEnv = await initBackend();
    assert.equal(viaEnv.backend, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    process.env.CERTITUDE_BACKEND = 'tpu';
    await assert.rejects(initBackend(), (e: unknown) => e instanceof InputError && e.argument === 'CERTITUDE_BACKEND');
  } finally {
    delete process.env.CERTITUDE_BACKEND;
  }
  await assert.rejects(initBackend({ backend: 'gpu' as never }), (e: unknown) => e instanceof InputError && e.argument === 'backend');
  if (!installed('@tensorflow/tfjs-node')) {
    await assert.rejects(initBackend({ backend: 'tfjs-node' }), /tfjs-node: not available/);
  }
  assert.deepEqual([...BACKEND_PREFERENCE], ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
});
