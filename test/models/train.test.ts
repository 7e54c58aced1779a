import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/models/backend';
import { Mlp } from '../../src/models/mlp';
import { TrainProgress, evaluateLoss, trainMlp } from '../../src/models/train';
import { InputError } from '../../src/core/errors';
import { argmaxRows } from '../../src/core/matrix';
import { linearNoise, twoBlobs } from './helpers';

before(async () => {
  await initBackend();
});

const small = { task: 'classification' as const, inputDim: 2, outputDim: 2, hiddenUnits: [16], dropoutRate: 0.1 };

test('learns two blobs; progress reported every epoch; no tensors leaked', async () => {
  const train = twoBlobs(200, 1);
  const test_ = twoBlobs(200, 2);
  const start = tf.memory().numTensors;
  const seen: TrainProgress[] = [];
  const { model, history } = await trainMlp({ ...small, seed: 1 }, train, { epochs: 15, batchSize: 32, learningRate: 0.01, onProgress: (p) => void seen.push(p) });
  const pred = argmaxRows(model.predictLogits(test_.x));
  const accuracy = pred.reduce((a, p, i) => a + (p === test_.y[i] ? 1 : 0), 0) / pred.length;
  assert.ok(accuracy > 0.95, `accuracy ${accuracy}`); // Bayes accuracy here is Φ(1.5/0.6) ≈ 0.994
  assert.equal(seen.length, 15);
  assert.deepEqual(seen.map((p) => p.epoch), Array.from({ length: 15 }, (_, i) => i + 1));
  assert.ok(seen.every((p) => p.epochs === 15 && p.valLoss === undefined && Number.isFinite(p.loss)));
  assert.ok(history.loss[14] < history.loss[0] / 2, `loss ${history.loss[0]} → ${history.loss[14]}`);
  assert.equal(history.bestEpoch, 15);
  assert.equal(history.epochsRun, 15);
  model.dispose();
  assert.equal(tf.memory().numTensors, start);
});

test('seeded training is reproducible bit for bit; another seed differs', async () => {
  const data = twoBlobs(96, 3);
  const opts = { epochs: 3, batchSize: 16 };
  const a = await trainMlp({ ...small, seed: 5 }, data, opts);
  const b = await trainMlp({ ...small, seed: 5 }, data, opts);
  const c = await trainMlp({ ...small, seed: 6 }, data, opts);
  assert.deepEqual(a.model.getWeights(), b.model.getWeights());
  assert.deepEqual(a.history.loss, b.history.loss);
  assert.notDeepEqual(a.model.getWeights(), c.model.getWeights());
  // the batch-order/mask seed alone also changes the result
  const d = await trainMlp({ ...small, seed: 5 }, data, { ...opts, seed: 99 });
  assert.notDeepEqual(a.model.getWeights(), d.model.getWeights());
  for (const r of [a, b, c, d]) r.model.dispose();
});

test('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
  // A large step size on few rows makes the validation loss noisy, so the best epoch is not the last.
  const data = twoBlobs(60, 4);
  const validation = twoBlobs(60, 5);
  const { model, history } = await trainMlp({ ...small, hiddenUnits: [32], seed: 2 }, data, {
    epochs: 60,
    batchSize: 8,
    learningRate: 0.05,
    validation,
    patience: 3,
  });
  const best = history.valLoss.indexOf(Math.min(...history.valLoss)) + 1;
  assert.equal(history.bestEpoch, best);
  assert.ok(history.stoppedEarly, `ran ${history.epochsRun} epochs`);
  assert.equal(history.epochsRun, best + 3);
  // the returned model holds the best epoch's weights: its validation loss is the recorded minimum
  const v = evaluateLoss(model, validation.x, validation.y);
  assert.ok(Math.abs(v - history.valLoss[best - 1]) < 1e-6, `${v} vs ${history.valLoss[best - 1]}`);
  assert.ok(Math.abs(v - history.valLoss[history.epochsRun - 1]) > 1e-9);
  model.dispose();

  const noRestore = await trainMlp({ ...small, hiddenUnits: [32], seed: 2 }, data, { epochs: 60, batchSize: 8, learningRate: 0.05, validation, patience: 3, restoreBestWeights: false });
  assert.equal(noRestore.history.epochsRun, history.epochsRun);
  const last = evaluateLoss(noRestore.model, validation.x, validation.y);
  assert.ok(Math.abs(last - history.valLoss[history.epochsRun - 1]) < 1e-6);
  noRestore.model.dispose();
});

test('validationFraction holds out a seeded split', async () => {
  const data = twoBlobs(100, 6);
  const r = await trainMlp({ ...small, seed: 1 }, data, { epochs: 2, validationFraction: 0.2, batchSize: 20 });
  assert.equal(r.history.valLoss.length, 2);
  r.model.dispose();
  await assert.rejects(trainMlp(small, data, { validationFraction: 1.5 }), (e: unknown) => e instanceof InputError && e.argument === 'options.validationFraction');
});

test('Gaussian NLL: the validation loss equals ½log(2πσ²) + (y−μ)²/(2σ²) computed from predictRegression', async () => {
  const data = linearNoise(200, 7);
  const { model, history } = await trainMlp({ task: 'regression', inputDim: 1, outputDim: 1, hiddenUnits: [16], dropoutRate: 0, seed: 3 }, data, {
    epochs: 40,
    batchSize: 20,
    learningRate: 0.01,
    validation: data,
  });
  const { mean, variance } = model.predictRegression(data.x);
  let nll = 0;
  for (let i = 0; i < data.x.rows; i++) nll += 0.5 * Math.log(2 * Math.PI * variance[i]) + (data.y[i] - mean[i]) ** 2 / (2 * variance[i]);
  nll /= data.x.rows;
  assert.ok(Math.abs(nll - evaluateLoss(model, data.x, data.y)) < 1e-4);
  // it learned something: the NLL of the truth N(2x, 0.25) is ½log(2π·0.25) + ½ ≈ 0.73; a constant predictor ≈ 1.5
  assert.ok(history.valLoss[history.bestEpoch - 1] < 1.0, `NLL ${history.valLoss[history.bestEpoch - 1]}`);
  model.dispose();
});

test('weight decay shrinks the weights', async () => {
  const data = twoBlobs(80, 8);
  const norm = (m: Mlp) => m.getWeights().filter((_, i) => i % 2 === 0).reduce((a, w) => a + w.reduce((s, v) => s + v * v, 0), 0);
  const plain = await trainMlp({ ...small, seed: 4 }, data, { epochs: 10, batchSize: 16, learningRate: 0.01 });
  const decayed = await trainMlp({ ...small, seed: 4, weightDecay: 0.05 }, data, { epochs: 10, batchSize: 16, learningRate: 0.01 });
  assert.ok(norm(decayed.model) < 0.8 * norm(plain.model), `${norm(decayed.model)} vs ${norm(plain.model)}`);
  plain.model.dispose();
  decayed.model.dispose();
});

test('bad inputs → InputError naming the argument and row; nothing leaks', async () => {
  const data = twoBlobs(20, 9);
  const start = tf.memory().numTensors;
  const badLabels = Int32Array.from(data.y);
  badLabels[3] = 2;
  await assert.rejects(trainMlp(small, { x: data.x, y: badLabels }), (e: unknown) => e instanceof InputError && e.argument === 'data.y' && e.row === 3);
  await assert.rejects(trainMlp(small, { x: data.x, y: data.y.subarray(1) }), (e: unknown) => e instanceof InputError && e.argument === 'data.y');
  await assert.rejects(trainMlp({ ...small, inputDim: 3 }, data), (e: unknown) => e instanceof InputError && e.argument === 'data.x');
  await assert.rejects(trainMlp(small, data, { epochs: 0 }), (e: unknown) => e instanceof InputError && e.argument === 'options.epochs');
  await assert.rejects(trainMlp(small, data, { learningRate: -1 }), (e: unknown) => e instanceof InputError && e.argument === 'options.learningRate');
  const reg = linearNoise(10, 1);
  const y = Float64Array.from(reg.y);
  y[4] = Infinity;
  await assert.rejects(trainMlp({ task: 'regression', inputDim: 1, outputDim: 1, hiddenUnits: [4] }, { x: reg.x, y }), (e: unknown) => e instanceof InputError && e.row === 4);
  assert.equal(tf.memory().numTensors, start);
});
