/**
 * The same library on the plain JavaScript `cpu` backend, which (unlike wasm) keeps references to the arrays
 * tensors are made from: catches any mask buffer shared between layers or reused too early.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/models/backend';
import { trainMlp } from '../../src/models/train';
import { dropoutLayers } from '../../src/models/mlp';
import { fillDropoutMask } from '../../src/models/dropout-masks';
import { mcDropoutRawOutputs } from '../../src/uncertainty/mc-dropout';
import { maxAbsDiff, randomMatrix, twoBlobs } from './helpers';

before(async () => {
  const info = await initBackend({ backend: 'cpu' });
  assert.equal(info.backend, 'cpu');
});

test('cpu backend: training reproducible, distinct masks per layer, MC batched = loop', async () => {
  const data = twoBlobs(48, 1);
  const cfg = { task: 'classification' as const, inputDim: 2, outputDim: 2, hiddenUnits: [6, 6], dropoutRate: 0.3, dropoutPlacement: 'input-and-hidden' as const, seed: 3 };
  const a = await trainMlp(cfg, data, { epochs: 2, batchSize: 16 });
  const b = await trainMlp(cfg, data, { epochs: 2, batchSize: 16 });
  assert.deepEqual(a.model.getWeights(), b.model.getWeights());
  assert.equal(a.model.backend.backend, 'cpu');
  const x = randomMatrix(9, 2, 4);
  const widths = [2, 6, 6];
  const drop = dropoutLayers(a.model.config);
  const reference: number[] = [];
  for (let t = 0; t < 5; t++) {
    const masks = drop.map((d, l) => {
      const m = new Float32Array(9 * widths[l]);
      fillDropoutMask(m, 0, 9, widths[l], 0, 8, t, l, cfg.dropoutRate);
      return m;
    });
    // layers 1 and 2 have the same width but must get different masks
    assert.notDeepEqual(masks[1], masks[2]);
    reference.push(...a.model.forwardWithMasks(x, masks).data);
  }
  const start = tf.memory().numTensors;
  const batched = mcDropoutRawOutputs(a.model, x, { samples: 5, seed: 8 });
  assert.ok(maxAbsDiff(batched.data, reference) < 1e-5);
  assert.equal(tf.memory().numTensors, start);
  a.model.dispose();
  b.model.dispose();
});
