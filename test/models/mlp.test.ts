import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/models/backend';
import { Mlp, dropoutLayers, glorotWeights, resolveMlpConfig, trainableDense, weightShapes } from '../../src/models/mlp';
import { InputError, StateError } from '../../src/core/errors';
import { fromRows } from '../../src/core/matrix';
import { maxAbsDiff, randomMatrix } from './helpers';

before(async () => {
  await initBackend();
});

test('config: defaults, shapes, dropout placement, validation errors name the field', () => {
  const cfg = resolveMlpConfig({ task: 'classification', inputDim: 3, outputDim: 4 });
  assert.deepEqual(cfg.hiddenUnits, [64, 64]);
  assert.equal(cfg.activation, 'relu');
  assert.equal(cfg.dropoutRate, 0.1);
  assert.deepEqual(weightShapes({ ...cfg, hiddenUnits: [5] }), [[3, 5], [5], [5, 4], [4]]);
  assert.deepEqual(weightShapes(resolveMlpConfig({ task: 'regression', inputDim: 2, outputDim: 1, hiddenUnits: [], dropoutRate: 0 })), [[2, 2], [2]]);
  const place = (p: 'hidden' | 'input' | 'input-and-hidden' | 'last-hidden') => dropoutLayers({ ...cfg, hiddenUnits: [8, 8], dropoutPlacement: p });
  assert.deepEqual(place('hidden'), [false, true, true]);
  assert.deepEqual(place('input'), [true, false, false]);
  assert.deepEqual(place('input-and-hidden'), [true, true, true]);
  assert.deepEqual(place('last-hidden'), [false, false, true]);
  assert.deepEqual(dropoutLayers({ ...cfg, dropoutRate: 0 }), [false, false, false]);
  const bad: [object, string][] = [
    [{ task: 'clustering', inputDim: 2, outputDim: 2 }, 'config.task'],
    [{ task: 'classification', inputDim: 0, outputDim: 2 }, 'config.inputDim'],
    [{ task: 'classification', inputDim: 2, outputDim: 1 }, 'config.outputDim'],
    [{ task: 'regression', inputDim: 2, outputDim: 2 }, 'config.outputDim'],
    [{ task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [4, 2.5] }, 'config.hiddenUnits[1]'],
    [{ task: 'classification', inputDim: 2, outputDim: 2, dropoutRate: 1 }, 'config.dropoutRate'],
    [{ task: 'classification', inputDim: 2, outputDim: 2, activation: 'swish' }, 'config.activation'],
    [{ task: 'classification', inputDim: 2, outputDim: 2, weightDecay: -1 }, 'config.weightDecay'],
    [{ task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [], dropoutPlacement: 'hidden' }, 'config.dropoutPlacement'],
  ];
  for (const [c, arg] of bad) {
    assert.throws(() => resolveMlpConfig(c as never), (e: unknown) => e instanceof InputError && e.argument === arg, arg);
  }
});

test('Glorot-uniform init: within ±√(6/(fan_in+fan_out)), zero biases, seeded', () => {
  const cfg = resolveMlpConfig({ task: 'classification', inputDim: 30, outputDim: 10, hiddenUnits: [50], seed: 7 });
  const w = glorotWeights(cfg);
  const limit0 = Math.sqrt(6 / 80);
  assert.ok(w[0].every((v) => Math.abs(v) <= limit0));
  // U(−a, a) has variance a²/3: check the sample variance of 1500 draws within 15%
  const variance = w[0].reduce((a, v) => a + v * v, 0) / w[0].length;
  assert.ok(Math.abs(variance / (limit0 ** 2 / 3) - 1) < 0.15, `variance ${variance}`);
  assert.ok(w[1].every((v) => v === 0));
  assert.deepEqual(glorotWeights(cfg), w);
  assert.notDeepEqual(glorotWeights({ ...cfg, seed: 8 })[0], w[0]);
});

test('forward pass matches a hand computation (relu hidden layer, logits out) and the Gaussian head', () => {
  // x·W0 + b0 → relu → ·W1 + b1, with W0 = [[1, −1], [2, 0.5]], b0 = [0, 0.25], W1 = [[1, 0], [0, −2]], b1 = [0.5, 0]
  const weights = [new Float32Array([1, -1, 2, 0.5]), new Float32Array([0, 0.25]), new Float32Array([1, 0, 0, -2]), new Float32Array([0.5, 0])];
  const model = Mlp.fromWeights({ task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [2], dropoutRate: 0.5 }, weights);
  // row (1, 1): z = (3, −0.25) → relu (3, 0) → logits (3.5, 0); row (−1, 0.5): z = (0, 1.5) → (0, 1.5) → (0.5, −3)
  const logits = model.predictLogits(fromRows([[1, 1], [-1, 0.5]]));
  assert.deepEqual(Array.from(logits.data), [3.5, 0, 0.5, -3]);
  // plain prediction never drops: equal to the unmasked reference pass, twice
  assert.deepEqual(model.forwardWithMasks(fromRows([[1, 1], [-1, 0.5]]), []).data, logits.data);
  assert.deepEqual(model.predictLogits(fromRows([[1, 1], [-1, 0.5]])).data, logits.data);
  // a mask zeroing hidden unit 0 and doubling unit 1 for row 0: hidden (3, 0) → (0, 0) → logits (0.5, 0)
  const masked = model.forwardWithMasks(fromRows([[1, 1]]), [undefined, new Float32Array([0, 2])]);
  assert.deepEqual(Array.from(masked.data), [0.5, 0]);
  model.dispose();

  const reg = Mlp.fromWeights({ task: 'regression', inputDim: 1, outputDim: 1, hiddenUnits: [], dropoutRate: 0, minVariance: 0.01 }, [
    new Float32Array([2, -1]),
    new Float32Array([0.5, 0]),
  ]);
  const { mean, variance } = reg.predictRegression(fromRows([[1], [0]]));
  assert.deepEqual(Array.from(mean), [2.5, 0.5]);
  // σ² = softplus(s) + 0.01 with s = −1 and 0
  const expected = [Math.log(1 + Math.exp(-1)) + 0.01, Math.log(2) + 0.01];
  assert.ok(maxAbsDiff(variance, expected) < 1e-6, `${variance} vs ${expected}`);
  assert.throws(() => reg.predictLogits(fromRows([[1]])), StateError);
  reg.dispose();
});

test('bad inputs → InputError naming x and the row; disposed model → StateError', () => {
  const model = Mlp.create({ task: 'classification', inputDim: 3, outputDim: 2, hiddenUnits: [4] });
  assert.throws(() => model.predictLogits(randomMatrix(2, 4, 1)), (e: unknown) => e instanceof InputError && e.argument === 'x');
  const x = randomMatrix(3, 3, 1);
  x.data[7] = NaN;
  assert.throws(() => model.predictLogits(x), (e: unknown) => e instanceof InputError && e.argument === 'x' && e.row === 2);
  assert.throws(() => model.predictLogits({ data: new Float64Array(0), rows: 0, cols: 3 }), InputError);
  assert.throws(() => model.predictLogits(randomMatrix(2, 3, 1), { batchSize: 0 }), InputError);
  model.dispose();
  assert.throws(() => model.predictLogits(randomMatrix(2, 3, 1)), StateError);
  model.dispose(); // twice is fine
});

test('no leaked tensors across repeated predictions; chunked prediction equals one pass', () => {
  const model = Mlp.create({ task: 'classification', inputDim: 4, outputDim: 3, hiddenUnits: [16, 16], seed: 3 });
  const x = randomMatrix(50, 4, 2);
  const reference = model.predictLogits(x);
  const start = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) {
    const chunked = model.predictLogits(x, { batchSize: 7 });
    assert.ok(maxAbsDiff(chunked.data, reference.data) < 1e-6);
    model.getWeights();
  }
  assert.equal(tf.memory().numTensors, start);
  model.dispose();
  assert.equal(tf.memory().numTensors, start - 6);
});

test('JSON and binary round trips give bit-identical predictions; corrupt states → StateError', () => {
  const model = Mlp.create({ task: 'classification', inputDim: 3, outputDim: 2, hiddenUnits: [5], activation: 'tanh', seed: 11 });
  const x = randomMatrix(20, 3, 5);
  const before = model.predictLogits(x);
  const state = JSON.parse(JSON.stringify(model.toJSON()));
  assert.equal(state.backend.backend, model.backend.backend);
  const loaded = Mlp.fromJSON(state);
  assert.deepEqual(loaded.predictLogits(x).data, before.data);
  const fromBytes = Mlp.fromBytes(model.config, model.weightsToBytes());
  assert.deepEqual(fromBytes.predictLogits(x).data, before.data);
  assert.throws(() => Mlp.fromJSON({ ...state, kind: 'other' }), StateError);
  assert.throws(() => Mlp.fromJSON({ ...state, version: 2 }), StateError);
  assert.throws(() => Mlp.fromJSON({ ...state, config: { ...state.config, hiddenUnits: [6] } }), (e: unknown) => e instanceof StateError && e.argument === 'state.shapes');
  const truncated = Buffer.from(state.weightsFloat32Base64, 'base64').subarray(4).toString('base64');
  assert.throws(() => Mlp.fromJSON({ ...state, weightsFloat32Base64: truncated }), (e: unknown) => e instanceof StateError && /bytes/.test(e.message));
  assert.throws(() => model.setWeights([new Float32Array(3)]), StateError);
  for (const m of [model, loaded, fromBytes]) m.dispose();
});

test('hand-written dense gradients equal tfjs autodiff of the same layer, for every activation', () => {
  const start = tf.memory().numTensors;
  for (const activation of ['relu', 'tanh', 'elu', 'sigmoid', undefined] as const) {
    tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(randomMatrix(6, 4, 1).data, (v) => v * 1.5), [6, 4]);
      const w = tf.tensor2d(Float32Array.from(randomMatrix(4, 3, 2).data), [4, 3]);
      const b = tf.tensor1d([0.1, -0.2, 0.3]);
      const upstream = tf.tensor2d(Float32Array.from(randomMatrix(6, 3, 3).data), [6, 3]);
      const plain = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
        const z = tf.add(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D), bb);
        const y = activation === 'relu' ? tf.relu(z) : activation === 'tanh' ? tf.tanh(z) : activation === 'elu' ? tf.elu(z) : activation === 'sigmoid' ? tf.sigmoid(z) : z;
        return tf.sum(tf.mul(y, upstream));
      };
      const custom = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(trainableDense(activation, true)(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D), upstream));
      const expected = tf.grads(plain)([x, w, b]);
      const actual = tf.grads(custom)([x, w, b]);
      expected.forEach((g, i) => {
        const diff = maxAbsDiff(actual[i].dataSync(), g.dataSync());
        assert.ok(diff < 1e-5, `${activation ?? 'linear'} gradient ${i}: ${diff}`);
      });
      // needDx = false: the weight gradients are unchanged and dx is zero
      const noDx = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(trainableDense(activation, false)(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D), upstream)),
      )([x, w, b]);
      assert.ok(noDx[0].dataSync().every((v) => v === 0));
      assert.ok(maxAbsDiff(noDx[1].dataSync(), expected[1].dataSync()) < 1e-5);
    });
  }
  assert.equal(tf.memory().numTensors, start);
});

test('predictProba = softmax(logits); predictFeatures = last hidden activations (hand-computed)', () => {
  const weights = [new Float32Array([1, -1, 2, 0.5]), new Float32Array([0, 0.25]), new Float32Array([1, 0, 0, -2]), new Float32Array([0.5, 0])];
  const model = Mlp.fromWeights({ task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [2] }, weights);
  const x = fromRows([[1, 1], [-1, 0.5]]);
  const p = model.predictProba(x);
  assert.ok(Math.abs(p.data[0] - 1 / (1 + Math.exp(-3.5))) < 1e-12);
  assert.ok(Math.abs(p.data[2] + p.data[3] - 1) < 1e-15);
  const z = model.predictFeatures(x);
  assert.deepEqual(Array.from(z.data), [3, 0, 0, 1.5]);
  assert.equal(z.cols, 2);
  model.dispose();
  const linear = Mlp.fromWeights({ task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [], dropoutRate: 0 }, [new Float32Array(4), new Float32Array(2)]);
  const start = tf.memory().numTensors;
  assert.deepEqual(Array.from(linear.predictFeatures(x).data), [1, 1, -1, 0.5]);
  assert.equal(tf.memory().numTensors, start);
  linear.dispose();
});
