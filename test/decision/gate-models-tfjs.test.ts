import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/models/backend';
import { REGIME_MARKET_PROFILE, regimeMarketDataset, walkForwardGates } from '../../src/decision/backtest';
import { fitGatePredictorTfjs } from '../../src/decision/gate-models-tfjs';
import { simulateRegimeMarket } from '../../src/decision/simulate';

const market = simulateRegimeMarket({ days: 600, seed: 2 });
const x = { data: market.features, rows: 600, cols: 2 };
const y = Int32Array.from(market.returns, (r) => (r > 0 ? 1 : 0));
const opts = { nModels: 2, mcSamples: 4, net: { hidden: 4, epochs: 2 } };

test('TensorFlow.js predictors: member counts, binary logits z1 − z0, determinism, no leaked tensors', async () => {
  await initBackend();
  const before = tf.memory().numTensors;
  const single = await fitGatePredictorTfjs('single', x, y, 3, opts);
  const mc = await fitGatePredictorTfjs('mc-dropout', x, y, 3, opts);
  const ens = await fitGatePredictorTfjs('ensemble', x, y, 3, opts);
  const s = single.memberLogits(x);
  assert.equal(s.rows, 1);
  assert.equal(s.cols, 600);
  const m = mc.memberLogits(x);
  assert.equal(m.rows, 4);
  // MC samples differ from each other (dropout is on) but are reproducible (seeded masks)
  assert.notDeepEqual(m.data.subarray(0, 600), m.data.subarray(600, 1200));
  assert.deepEqual(mc.memberLogits(x).data, m.data);
  assert.equal(ens.memberLogits(x).rows, 2);
  const again = await fitGatePredictorTfjs('single', x, y, 3, opts);
  assert.deepEqual(again.memberLogits(x).data, s.data);
  for (const p of [single, mc, ens, again]) p.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('walk-forward with the TensorFlow.js models runs end to end and frees its tensors', async () => {
  await initBackend();
  const before = tf.memory().numTensors;
  const data = regimeMarketDataset(simulateRegimeMarket({ days: 800, seed: 3 }), 250);
  const walk = await walkForwardGates(data, { ...REGIME_MARKET_PROFILE, models: 'tfjs', firstTestPeriod: 2, lastTestPeriod: 2, calibrationDays: 150, ...opts });
  assert.equal(walk.testRows.length, 250);
  for (const g of Object.values(walk.gates)) for (const p of g.p) assert.ok(p > 0 && p < 1);
  assert.equal(tf.memory().numTensors, before);
});
