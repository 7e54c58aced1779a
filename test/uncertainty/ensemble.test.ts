import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../../src/models/backend';
import { trainMlp } from '../../src/models/train';
import { DeepEnsemble, fingerprintTrainingData, trainEnsemble } from '../../src/uncertainty/ensemble';
import { summarizeClassificationSamples } from '../../src/uncertainty/measures';
import { InputError, StateError } from '../../src/core/errors';
import { softmaxRows } from '../../src/core/matrix';
import { linearNoise, maxAbsDiff, twoBlobs } from '../models/helpers';

let tmp: string;
before(async () => {
  await initBackend();
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'certitude-ens-test-'));
});
after(async () => {
  await fsp.rm(tmp, { recursive: true, force: true });
});

const cfg = { task: 'classification' as const, inputDim: 2, outputDim: 2, hiddenUnits: [8, 8], dropoutRate: 0.1 };
const trainOpts = { epochs: 3, batchSize: 16, learningRate: 0.01 };

test('members use seeds SEED + i·1000 and equal single models trained with those seeds', async () => {
  const data = twoBlobs(64, 1);
  const ens = await trainEnsemble(cfg, data, { nModels: 3, seed: 7, train: trainOpts });
  assert.deepEqual(ens.metadata.seeds, [7, 1007, 2007]);
  assert.equal(ens.metadata.histories.length, 3);
  assert.equal(ens.metadata.dataFingerprint, fingerprintTrainingData(data));
  const single = await trainMlp({ ...cfg, seed: 1007 }, data, { ...trainOpts, seed: 1007 });
  assert.deepEqual(ens.members[1].getWeights(), single.model.getWeights());
  assert.notDeepEqual(ens.members[0].getWeights(), ens.members[1].getWeights());
  single.model.dispose();
  ens.dispose();
});

test('prediction: member probabilities = each member alone; summary = measures; batched = grouped; no leaks', async () => {
  const data = twoBlobs(64, 2);
  const ens = await trainEnsemble(cfg, data, { nModels: 4, seed: 1, train: trainOpts });
  const x = twoBlobs(30, 3).x;
  const start = tf.memory().numTensors;
  const u = ens.predict(x, { returnMembers: true });
  const members = u.memberProbabilities!;
  assert.equal(members.length, 4 * 30 * 2);
  for (let m = 0; m < 4; m++) {
    const own = softmaxRows(ens.members[m].predictLogits(x));
    assert.ok(maxAbsDiff(members.subarray(m * 60, (m + 1) * 60), own.data) < 1e-6);
  }
  const direct = summarizeClassificationSamples(members, 4, 30, 2);
  assert.deepEqual(u.mean.data, direct.mean.data);
  assert.deepEqual(u.std.data, direct.std.data);
  assert.deepEqual(u.disagreement, direct.disagreement);
  assert.deepEqual(u.mutualInformation, direct.mutualInformation);
  const batched = ens.predict(x, { strategy: 'batched', returnMembers: true, batchSize: 7 });
  assert.ok(maxAbsDiff(batched.memberProbabilities!, members) < 1e-5);
  const grouped = ens.predict(x, { strategy: 'grouped', batchSize: 11 });
  assert.ok(maxAbsDiff(grouped.mean.data, u.mean.data) < 1e-6);
  assert.equal(ens.predict(x).memberProbabilities, undefined);
  for (let i = 0; i < 3; i++) ens.predict(x, { strategy: 'batched' });
  const afterPredictions = tf.memory().numTensors; // the stacked weights are cached once
  for (let i = 0; i < 3; i++) ens.predict(x, { strategy: 'batched' });
  assert.equal(tf.memory().numTensors, afterPredictions);
  assert.ok(afterPredictions - start <= 2 * 3 + 2);
  assert.throws(() => ens.predict({ data: new Float64Array(3), rows: 1, cols: 3 }), (e: unknown) => e instanceof InputError && e.argument === 'x');
  assert.throws(() => ens.predict(x, { strategy: 'fast' as never }), (e: unknown) => e instanceof InputError && e.argument === 'options.strategy');
  assert.throws(() => ens.predictRegression(x), StateError);
  const before = tf.memory().numTensors;
  ens.dispose();
  assert.equal(tf.memory().numTensors, before - 4 * 6 - (afterPredictions - start));
  assert.throws(() => ens.predict(x), StateError);
});

test('save → load gives bit-identical predictions; ensemble_config.json records provenance; saving is atomic', async () => {
  const data = twoBlobs(48, 4);
  const ens = await trainEnsemble(cfg, data, { nModels: 2, seed: 3, train: trainOpts });
  const dir = path.join(tmp, 'saved');
  await ens.save(dir);
  const file = JSON.parse(await fsp.readFile(path.join(dir, 'ensemble_config.json'), 'utf8'));
  assert.equal(file.n_models, 2);
  assert.deepEqual(file.paths, ['member-0.bin', 'member-1.bin']);
  assert.deepEqual(file.seeds, [3, 1003]);
  assert.equal(file.data_fingerprint, fingerprintTrainingData(data));
  assert.equal(file.backend.backend, ens.backend.backend);
  assert.equal(file.versions['tfjs-core'], tf.version_core);
  assert.deepEqual(file.config.hiddenUnits, [8, 8]);
  const x = twoBlobs(20, 5).x;
  const loaded = await DeepEnsemble.load(dir);
  assert.deepEqual(loaded.predict(x, { returnMembers: true }).memberProbabilities, ens.predict(x, { returnMembers: true }).memberProbabilities);
  assert.deepEqual(loaded.metadata.seeds, [3, 1003]);
  // overwrite in place: the directory is swapped whole, no temporary directories are left behind
  const other = await trainEnsemble(cfg, data, { nModels: 3, seed: 9, train: trainOpts });
  await other.save(dir);
  assert.equal((await DeepEnsemble.load(dir).then((e) => (e.dispose(), e))).size, 3);
  assert.deepEqual((await fsp.readdir(tmp)).sort(), ['saved']);
  for (const e of [ens, loaded, other]) e.dispose();
});

test('a missing or corrupt member file, or a config that does not match the weights → StateError', async () => {
  const data = twoBlobs(32, 6);
  const ens = await trainEnsemble(cfg, data, { nModels: 2, seed: 1, train: { ...trainOpts, epochs: 1 } });
  const base = path.join(tmp, 'base');
  await ens.save(base);
  ens.dispose();
  const copy = async (name: string) => {
    const d = path.join(tmp, name);
    await fsp.cp(base, d, { recursive: true });
    return d;
  };
  const start = tf.memory().numTensors;
  const missing = await copy('missing');
  await fsp.rm(path.join(missing, 'member-1.bin'));
  await assert.rejects(DeepEnsemble.load(missing), (e: unknown) => e instanceof StateError && e.argument === 'member-1.bin' && /missing/.test(e.message));
  const corrupt = await copy('corrupt');
  const bytes = await fsp.readFile(path.join(corrupt, 'member-0.bin'));
  bytes[10] ^= 0xff;
  await fsp.writeFile(path.join(corrupt, 'member-0.bin'), bytes);
  await assert.rejects(DeepEnsemble.load(corrupt), (e: unknown) => e instanceof StateError && /corrupt/.test(e.message));
  const mismatch = await copy('mismatch');
  const conf = JSON.parse(await fsp.readFile(path.join(mismatch, 'ensemble_config.json'), 'utf8'));
  await fsp.writeFile(path.join(mismatch, 'ensemble_config.json'), JSON.stringify({ ...conf, config: { ...conf.config, hiddenUnits: [8, 9] } }));
  await assert.rejects(DeepEnsemble.load(mismatch), (e: unknown) => e instanceof StateError && /shapes/.test(e.message));
  // config and shapes both edited consistently, but the member bytes no longer fit them
  const resized = await copy('resized');
  await fsp.writeFile(path.join(resized, 'ensemble_config.json'), JSON.stringify({ ...conf, config: { ...conf.config, hiddenUnits: [8, 9] }, shapes: [[2, 8], [8], [8, 9], [9], [9, 2], [2]] }));
  await assert.rejects(DeepEnsemble.load(resized), (e: unknown) => e instanceof StateError && /bytes/.test(e.message));
  const badJson = await copy('badjson');
  await fsp.writeFile(path.join(badJson, 'ensemble_config.json'), '{"kind":');
  await assert.rejects(DeepEnsemble.load(badJson), StateError);
  const escape = await copy('escape');
  await fsp.writeFile(path.join(escape, 'ensemble_config.json'), JSON.stringify({ ...conf, paths: ['../base/member-0.bin', 'member-1.bin'] }));
  await assert.rejects(DeepEnsemble.load(escape), (e: unknown) => e instanceof StateError && /plain file name/.test(e.message));
  await assert.rejects(DeepEnsemble.load(path.join(tmp, 'nothing-here')), StateError);
  assert.equal(tf.memory().numTensors, start); // members loaded before a failure are freed
});

test('bootstrap resampling is seeded per member and changes the members', async () => {
  const data = twoBlobs(40, 7);
  const a = await trainEnsemble(cfg, data, { nModels: 2, seed: 5, bootstrap: true, train: trainOpts });
  const b = await trainEnsemble(cfg, data, { nModels: 2, seed: 5, bootstrap: true, train: trainOpts });
  const plain = await trainEnsemble(cfg, data, { nModels: 2, seed: 5, train: trainOpts });
  assert.deepEqual(a.members[1].getWeights(), b.members[1].getWeights());
  assert.notDeepEqual(a.members[1].getWeights(), plain.members[1].getWeights());
  assert.equal(a.metadata.bootstrap, true);
  for (const e of [a, b, plain]) e.dispose();
});

test('regression ensemble: mixture mean and variance = E[σ²_m] + Var[μ_m]', async () => {
  const data = linearNoise(60, 8);
  const ens = await trainEnsemble({ task: 'regression', inputDim: 1, outputDim: 1, hiddenUnits: [8], dropoutRate: 0 }, data, { nModels: 3, seed: 2, train: trainOpts });
  const x = { data: new Float64Array([-0.5, 0, 0.5]), rows: 3, cols: 1 };
  const r = ens.predictRegression(x, { returnMembers: true });
  for (let i = 0; i < 3; i++) {
    const mus = [0, 1, 2].map((m) => ens.members[m].predictRegression(x).mean[i]);
    const vars = [0, 1, 2].map((m) => ens.members[m].predictRegression(x).variance[i]);
    const mu = mus.reduce((a, b) => a + b) / 3;
    const ep = mus.reduce((a, b) => a + (b - mu) ** 2, 0) / 3;
    const al = vars.reduce((a, b) => a + b) / 3;
    assert.ok(Math.abs(r.mean[i] - mu) < 1e-6);
    assert.ok(Math.abs(r.epistemic[i] - ep) < 1e-6);
    assert.ok(Math.abs(r.aleatoric[i] - al) < 1e-5);
    assert.ok(Math.abs(r.variance[i] - (al + ep)) < 1e-5);
  }
  assert.equal(r.memberMeans!.length, 9);
  ens.dispose();
});

test('parallel training in 2 worker processes gives the same members as in-process', async () => {
  const data = twoBlobs(48, 9);
  const progress: number[] = [];
  const inProcess = await trainEnsemble(cfg, data, { nModels: 2, seed: 11, bootstrap: true, train: { ...trainOpts, validationFraction: 0.25 } });
  const parallel = await trainEnsemble(cfg, data, {
    nModels: 2,
    seed: 11,
    bootstrap: true,
    workers: 2,
    train: { ...trainOpts, validationFraction: 0.25 },
    onMemberProgress: (m) => void progress.push(m),
  });
  for (let m = 0; m < 2; m++) assert.deepEqual(parallel.members[m].getWeights(), inProcess.members[m].getWeights());
  assert.deepEqual(parallel.metadata.histories.map((h) => h.loss), inProcess.metadata.histories.map((h) => h.loss));
  assert.deepEqual(progress.sort(), [0, 0, 0, 1, 1, 1]);
  inProcess.dispose();
  parallel.dispose();
  // a member's bad input surfaces as the InputError it raised in the child
  const bad = { x: data.x, y: Int32Array.from(data.y, (v, i) => (i === 5 ? 7 : v)) };
  await assert.rejects(trainEnsemble(cfg, bad, { nModels: 2, workers: 2, train: trainOpts }), (e: unknown) => e instanceof InputError && e.argument === 'data.y');
});

test('bad options → InputError', async () => {
  const data = twoBlobs(16, 1);
  await assert.rejects(trainEnsemble(cfg, data, { nModels: 0 }), (e: unknown) => e instanceof InputError && e.argument === 'options.nModels');
  await assert.rejects(trainEnsemble(cfg, data, { workers: 1.5 }), (e: unknown) => e instanceof InputError && e.argument === 'options.workers');
  await assert.rejects(trainEnsemble(cfg, data, { train: { validationFraction: 1 } }), (e: unknown) => e instanceof InputError);
  assert.throws(() => new DeepEnsemble([]), (e: unknown) => e instanceof InputError && e.argument === 'members');
});
