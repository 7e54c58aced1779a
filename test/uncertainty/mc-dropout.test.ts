import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/models/backend';
import { Mlp, dropoutLayers } from '../../src/models/mlp';
import { fillDropoutMask, keepProbability } from '../../src/models/dropout-masks';
import { mcDropoutPredict, mcDropoutRawOutputs, mcDropoutRegression, softmaxInPlace } from '../../src/uncertainty/mc-dropout';
import { summarizeClassificationSamples } from '../../src/uncertainty/measures';
import { InputError } from '../../src/core/errors';
import { Matrix } from '../../src/core/matrix';
import { maxAbsDiff, randomMatrix } from '../models/helpers';

before(async () => {
  await initBackend();
});

/** The straightforward reference: for each t, the whole network from the input with sample t's masks. */
function loopReference(model: Mlp, x: Matrix, samples: number, seed: number): Float64Array {
  const cfg = model.config;
  const widths = [cfg.inputDim, ...cfg.hiddenUnits];
  const drop = dropoutLayers(cfg);
  const parts: Float64Array[] = [];
  for (let t = 0; t < samples; t++) {
    const masks = drop.map((d, l) => {
      if (!d) return undefined;
      const m = new Float32Array(x.rows * widths[l]);
      fillDropoutMask(m, 0, x.rows, widths[l], 0, seed, t, l, cfg.dropoutRate);
      return m;
    });
    parts.push(model.forwardWithMasks(x, masks).data);
  }
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  parts.forEach((p, t) => out.set(p, t * p.length));
  return out;
}

for (const placement of ['hidden', 'input-and-hidden', 'last-hidden', 'input'] as const) {
  test(`batched MC sampling (prefix once, tiled, chunked) equals a plain T-loop with the same masks — ${placement}`, () => {
    const model = Mlp.create({ task: 'classification', inputDim: 5, outputDim: 3, hiddenUnits: [12, 9], dropoutRate: 0.3, dropoutPlacement: placement, seed: 2 });
    const x = randomMatrix(23, 5, 1);
    const reference = loopReference(model, x, 7, 42);
    const batched = mcDropoutRawOutputs(model, x, { samples: 7, seed: 42 });
    assert.equal(batched.data.length, 7 * 23 * 3);
    assert.ok(maxAbsDiff(batched.data, reference) < 1e-5, `max diff ${maxAbsDiff(batched.data, reference)}`);
    // tiny memory budget: row blocks of 1 and one sample per chunk — identical masks, same numbers
    const chunked = mcDropoutRawOutputs(model, x, { samples: 7, seed: 42, maxChunkElements: 12 });
    assert.ok(maxAbsDiff(chunked.data, reference) < 1e-5);
    model.dispose();
  });
}

test('dropout is active in MC mode, inactive in plain prediction; seeded', () => {
  const model = Mlp.create({ task: 'classification', inputDim: 4, outputDim: 3, hiddenUnits: [16], dropoutRate: 0.5, seed: 1 });
  const x = randomMatrix(10, 4, 3);
  const plain = model.predictLogits(x);
  assert.deepEqual(model.predictLogits(x).data, plain.data);
  const raw = mcDropoutRawOutputs(model, x, { samples: 4, seed: 1 });
  const nk = 10 * 3;
  assert.ok(maxAbsDiff(raw.data.subarray(0, nk), raw.data.subarray(nk, 2 * nk)) > 1e-3, 'samples 0 and 1 differ');
  assert.ok(maxAbsDiff(raw.data.subarray(0, nk), plain.data) > 1e-3, 'a sample differs from the plain prediction');
  assert.deepEqual(mcDropoutRawOutputs(model, x, { samples: 4, seed: 1 }).data, raw.data);
  assert.notDeepEqual(mcDropoutRawOutputs(model, x, { samples: 4, seed: 2 }).data, raw.data);
  model.dispose();
});

test('classification summary = measures on the returned per-sample probabilities; rows sum to 1', () => {
  const model = Mlp.create({ task: 'classification', inputDim: 3, outputDim: 4, hiddenUnits: [10], dropoutRate: 0.4, seed: 9 });
  const x = randomMatrix(6, 3, 2);
  const u = mcDropoutPredict(model, x, { samples: 20, seed: 3, returnSamples: true });
  assert.equal(u.t, 20);
  assert.equal(u.n, 6);
  assert.equal(u.k, 4);
  const samples = u.samples!;
  assert.equal(samples.length, 20 * 6 * 4);
  for (let r = 0; r < 20 * 6; r++) {
    const s = samples.subarray(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
  const direct = summarizeClassificationSamples(samples, 20, 6, 4);
  assert.deepEqual(u.mean.data, direct.mean.data);
  assert.deepEqual(u.mutualInformation, direct.mutualInformation);
  assert.deepEqual(u.variationRatio, direct.variationRatio);
  // mean probability by hand for row 0, class 0
  let m = 0;
  for (let t = 0; t < 20; t++) m += samples[(t * 6 + 0) * 4 + 0];
  assert.ok(Math.abs(u.mean.data[0] - m / 20) < 1e-15);
  // the probabilities are the softmax of the raw logits
  const raw = mcDropoutRawOutputs(model, x, { samples: 20, seed: 3 });
  assert.deepEqual(softmaxInPlace(raw.data, 4), samples);
  assert.equal(mcDropoutPredict(model, x, { samples: 2 }).samples, undefined);
  assert.equal(u.backend.backend, model.backend.backend);
  model.dispose();
});

test('regression: variance = E[σ²_t] + Var[μ_t]; noiseVariance replaces the head (Gal & Ghahramani τ⁻¹)', () => {
  const model = Mlp.create({ task: 'regression', inputDim: 2, outputDim: 1, hiddenUnits: [8], dropoutRate: 0.3, seed: 4 });
  const x = randomMatrix(5, 2, 6);
  const r = mcDropoutRegression(model, x, { samples: 25, seed: 1, returnSamples: true });
  const means = r.sampleMeans!;
  const vars = r.sampleVariances!;
  for (let i = 0; i < 5; i++) {
    let mu = 0;
    let al = 0;
    for (let t = 0; t < 25; t++) {
      mu += means[t * 5 + i] / 25;
      al += vars[t * 5 + i] / 25;
    }
    let ep = 0;
    for (let t = 0; t < 25; t++) ep += (means[t * 5 + i] - mu) ** 2 / 25;
    assert.ok(Math.abs(r.mean[i] - mu) < 1e-12);
    assert.ok(Math.abs(r.aleatoric[i] - al) < 1e-12);
    assert.ok(Math.abs(r.epistemic[i] - ep) < 1e-12);
    assert.ok(ep > 0);
    assert.ok(Math.abs(r.variance[i] - (al + ep)) < 1e-12);
  }
  const tau = mcDropoutRegression(model, x, { samples: 25, seed: 1, noiseVariance: 0.04 });
  assert.ok(tau.aleatoric.every((v) => v === 0.04));
  assert.deepEqual(tau.epistemic, r.epistemic);
  assert.throws(() => mcDropoutRegression(model, x, { noiseVariance: -1 }), (e: unknown) => e instanceof InputError && e.argument === 'options.noiseVariance');
  assert.throws(() => mcDropoutPredict(model, x), (e: unknown) => e instanceof InputError && e.argument === 'model');
  model.dispose();
});

test('masks: keep frequency ≈ q, kept value 1/q, E[mask] ≈ 1', () => {
  const m = new Float32Array(200_000);
  fillDropoutMask(m, 0, 1000, 200, 0, 7, 0, 1, 0.2);
  const q = keepProbability(0.2);
  let kept = 0;
  let sum = 0;
  for (const v of m) {
    if (v !== 0) {
      kept++;
      assert.equal(v, Math.fround(1 / q));
    }
    sum += v;
  }
  const sd = Math.sqrt(q * (1 - q) / m.length);
  assert.ok(Math.abs(kept / m.length - q) < 4 * sd, `keep rate ${kept / m.length}`);
  assert.ok(Math.abs(sum / m.length - 1) < 4 * sd / q);
  // rows are independent of the block they are generated in
  const one = new Float32Array(200);
  fillDropoutMask(one, 0, 1, 200, 37, 7, 0, 1, 0.2);
  assert.deepEqual(one, m.subarray(37 * 200, 38 * 200));
});

test('bad inputs → InputError; no leaked tensors across repeated MC predictions', () => {
  const model = Mlp.create({ task: 'classification', inputDim: 3, outputDim: 2, hiddenUnits: [6], dropoutRate: 0.2 });
  const x = randomMatrix(8, 3, 1);
  const start = tf.memory().numTensors;
  for (let i = 0; i < 4; i++) mcDropoutPredict(model, x, { samples: 5, seed: i, maxChunkElements: 20 });
  assert.equal(tf.memory().numTensors, start);
  assert.throws(() => mcDropoutPredict(model, x, { samples: 0 }), (e: unknown) => e instanceof InputError && e.argument === 'options.samples');
  assert.throws(() => mcDropoutPredict(model, randomMatrix(2, 4, 1)), (e: unknown) => e instanceof InputError && e.argument === 'x');
  assert.equal(tf.memory().numTensors, start);
  const noDropout = Mlp.create({ task: 'classification', inputDim: 3, outputDim: 2, hiddenUnits: [6], dropoutRate: 0 });
  assert.throws(() => mcDropoutPredict(noDropout, x), (e: unknown) => e instanceof InputError && e.argument === 'model');
  noDropout.dispose();
  model.dispose();
});
