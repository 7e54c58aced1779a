/** Cross-check: the float64 final-layer activations of representation.ts reproduce src/models' tfjs logits. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng';
import { initBackend } from '../../src/models/backend';
import { Mlp } from '../../src/models/mlp';
import { finalLayerActivations, outputWeightVectors } from '../../src/uncertainty/representation';

before(async () => {
  await initBackend();
});

for (const activation of ['relu', 'tanh', 'elu', 'sigmoid'] as const) {
  test(`finalLayerActivations · W_out + b_out equals Mlp.predictLogits (${activation}, dropout off)`, () => {
    const start = tf.memory().numTensors;
    const model = Mlp.create({ task: 'classification', inputDim: 3, outputDim: 4, hiddenUnits: [8, 5], activation, dropoutRate: 0.3, seed: 11 });
    const rng = new Rng(3);
    const x = { data: Float64Array.from({ length: 50 * 3 }, () => 2 * rng.normal()), rows: 50, cols: 3 };
    const net = { ...model.config, weights: model.getWeights() };
    const z = finalLayerActivations(net, x);
    assert.deepEqual([z.rows, z.cols], [50, 5]);
    const { weights: w, bias } = outputWeightVectors(net);
    const logits = model.predictLogits(x);
    let maxDiff = 0;
    for (let r = 0; r < 50; r++) {
      for (let k = 0; k < 4; k++) {
        let v = bias[k];
        for (let h = 0; h < 5; h++) v += z.data[r * 5 + h] * w.data[k * 5 + h];
        maxDiff = Math.max(maxDiff, Math.abs(v - logits.data[r * 4 + k]));
      }
    }
    // tfjs computes in float32; our float64 pass differs only by float32 rounding of the activations.
    assert.ok(maxDiff < 1e-4, `max |logit difference| ${maxDiff}`);
    // and the activations themselves agree with the model's own tfjs feature extractor
    const features = model.predictFeatures(x);
    assert.deepEqual([features.rows, features.cols], [z.rows, z.cols]);
    let maxFeatureDiff = 0;
    for (let q = 0; q < z.data.length; q++) maxFeatureDiff = Math.max(maxFeatureDiff, Math.abs(z.data[q] - features.data[q]));
    assert.ok(maxFeatureDiff < 1e-4, `max |feature difference| ${maxFeatureDiff}`);
    model.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
}
