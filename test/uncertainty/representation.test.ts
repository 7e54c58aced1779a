import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromRows, softmaxRows, InputError } from '../../src/core';
import { uMax, uEntropy, activationNorm, activationFamiliarity, uMaxMental, validOodRegion, finalLayerActivations, outputWeightVectors } from '../../src/uncertainty/representation';

const close = (a: number, b: number, tol = 1e-12, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} ≠ ${b}`);
const isInput = (argument: string, row?: number) => (e: unknown) => e instanceof InputError && e.argument === argument && e.row === row;

test('uMax and uEntropy: hand values', () => {
  const p = fromRows([[0.9, 0.1], [0.5, 0.5], [1, 0]]);
  assert.deepEqual(Array.from(uMax(p)), [-0.9, -0.5, -1]);
  const h = uEntropy(p);
  close(h[0], -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)));
  close(h[1], Math.LN2);
  close(h[2], 0);
  assert.throws(() => uMax(fromRows([[0.9, 0.2]])), isInput('probs', 0));
});

test('activationNorm: hand values, no overflow for huge activations', () => {
  assert.deepEqual(Array.from(activationNorm(fromRows([[3, 4], [0, 0], [-1, 0]]))), [5, 0, 1]);
  // naive Σ z² would overflow to Infinity at 1e200
  close(activationNorm(fromRows([[3e200, 4e200]]))[0] / 5e200, 1, 1e-15);
  assert.throws(() => activationNorm(fromRows([[1, NaN]])), isInput('activations', 0));
});

test('activationFamiliarity: hand values, zero rows, scale invariance', () => {
  // z = (1,1): cos with (1,0) is 1/√2, with (2,2) is 1 → 1.  z = (0,2): cos with (1,0) = 0, with (2,2) = 1/√2.
  const f = activationFamiliarity(fromRows([[1, 1], [0, 2], [0, 0], [-1, -1]]), fromRows([[1, 0], [2, 2], [0, 0]]));
  close(f[0], 1);
  close(f[1], Math.SQRT1_2);
  assert.equal(f[2], 0); // zero activation: defined as 0
  close(f[3], -Math.SQRT1_2); // best of cos = −1/√2 (with (1,0)) and −1 (with (2,2))
  // scaling z up (Pearce's input-scaling thought experiment in final-layer space) leaves familiarity unchanged
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
      fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      (z, scale) => {
        if (z.every((v) => Math.abs(v) < 1e-9)) return;
        const ref = fromRows([[1, 0, 0], [0.3, -2, 1], [1, 1, 1]]);
        const a = activationFamiliarity(fromRows([z]), ref)[0];
        const b = activationFamiliarity(fromRows([z.map((v) => v * scale)]), ref)[0];
        close(a, b, 1e-12);
        assert.ok(a >= -1 && a <= 1);
      },
    ),
    { numRuns: 100 },
  );
  assert.throws(() => activationFamiliarity(fromRows([[1, 1]]), fromRows([[1, 1, 1]])), isInput('reference'));
  assert.throws(() => activationFamiliarity(fromRows([[1, 1]]), fromRows([[0, 0]])), isInput('reference'));
});

test('uMaxMental: equals the true U_max of a simplex-arranged unit-weight softmax layer', () => {
  // K = 3 unit weight vectors at 120° in the plane: pairwise cos = −1/2 = −1/(K−1).
  const w = [[1, 0], [-0.5, Math.sqrt(3) / 2], [-0.5, -Math.sqrt(3) / 2]];
  for (const r of [0, 0.5, 2, 7]) {
    // z aligned with w_0 (familiarity 1): the other two classes sit at exactly cos = −1/2, the model's assumption
    const z = [r, 0];
    const logits = fromRows([w.map((wi) => wi[0] * z[0] + wi[1] * z[1])]);
    const trueUMax = uMax(softmaxRows(logits))[0];
    close(uMaxMental([r], [1], 3)[0], trueUMax, 1e-12, `r=${r}`);
  }
  // ‖z‖ = 0 → −1/K whatever the familiarity; larger norm or familiarity → more confident (more negative)
  close(uMaxMental([0], [0.3], 4)[0], -0.25);
  const grid = uMaxMental([1, 2, 2], [0.5, 0.5, 0.9], 3);
  assert.ok(grid[1] < grid[0] && grid[2] < grid[1]);
  // docstring example: −1/(1 + e^{−10·2}) for K = 2, c = 1
  close(uMaxMental([10], [1], 2)[0], -1 / (1 + Math.exp(-20)), 1e-15);
  assert.throws(() => uMaxMental([1], [1.5], 2), isInput('familiarity', 0));
  assert.throws(() => uMaxMental([-1], [0.5], 2), isInput('norms', 0));
  assert.throws(() => uMaxMental([1], [0.5], 1), isInput('classes'));
  assert.throws(() => uMaxMental([1, 2], [0.5], 2), isInput('familiarity'));
});

test('validOodRegion: strict inequalities, hand case, ties', () => {
  const r = validOodRegion([0.1, 0.9, 0.6, -1], [0, 0.2, 0.4, 0.6], 0.3);
  // 0.1 beats {0} → 1/4; 0.9 beats all → 1; 0.6 beats {0, .2, .4} (tie with .6 does not count) → 3/4; −1 → 0
  assert.deepEqual(Array.from(r.fractionLessUncertain), [0.25, 1, 0.75, 0]);
  // 1 − ε = 0.7: 0.75 > 0.7 → in region
  assert.deepEqual(Array.from(r.inRegion), [0, 1, 1, 0]);
  // with 20 training points and ε = 0.05, a point must beat strictly more than 19 of them, i.e. all 20
  const train = Array.from({ length: 20 }, (_, i) => i);
  assert.deepEqual(Array.from(validOodRegion([18.5, 19, 19.5], train, 0.05).inRegion), [0, 0, 1]);
  assert.throws(() => validOodRegion([1], [], 0.05), isInput('trainingUncertainty'));
  assert.throws(() => validOodRegion([1], [1], 1), isInput('epsilon'));
  assert.throws(() => validOodRegion([NaN], [1], 0.1), isInput('uncertainty', 0));
});

test('validOodRegion: matches the definition computed by brute force; inputs not mutated', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 }),
      fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 10 }),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      (train, query, eps) => {
        const trainCopy = train.slice();
        const r = validOodRegion(query, train, eps);
        assert.deepEqual(train, trainCopy);
        query.forEach((u, i) => {
          const frac = train.filter((v) => u > v).length / train.length;
          assert.equal(r.fractionLessUncertain[i], frac);
          assert.equal(r.inRegion[i], frac > 1 - eps ? 1 : 0);
        });
      },
    ),
    { numRuns: 200 },
  );
});

test('finalLayerActivations and outputWeightVectors: hand-computed 2-2-2 ReLU and tanh networks', () => {
  // W0 = [[1, 2], [-1, 0.5]] (in×out), b0 = [0, -1]; W1 = [[1, -1], [0.5, 2]], b1 = [0.1, 0]
  const net = {
    inputDim: 2, hiddenUnits: [2], outputDim: 2, activation: 'relu' as const,
    weights: [[1, 2, -1, 0.5], [0, -1], [1, -1, 0.5, 2], [0.1, 0]],
  };
  // x = (1, 2): pre = (1·1 + 2·(−1) + 0, 1·2 + 2·0.5 − 1) = (−1, 2) → relu (0, 2)
  // x = (3, 0): pre = (3, 6 − 1) = (3, 5)
  const x = fromRows([[1, 2], [3, 0]]);
  const z = finalLayerActivations(net, x);
  assert.deepEqual([z.rows, z.cols], [2, 2]);
  assert.deepEqual(Array.from(z.data), [0, 2, 3, 5]);
  assert.deepEqual(Array.from(finalLayerActivations({ ...net, activation: 'tanh' }, x).data), [Math.tanh(-1), Math.tanh(2), Math.tanh(3), Math.tanh(5)]);
  const { weights, bias } = outputWeightVectors(net);
  // w_0 = column 0 of W1 = (1, 0.5); w_1 = (−1, 2)
  assert.deepEqual(Array.from(weights.data), [1, 0.5, -1, 2]);
  assert.deepEqual(Array.from(bias), [0.1, 0]);
  // logits = z·W1 + b1 = (w_i · z + b_i): row 0 → (0.1 + 1, 0 + 4); familiarity vs the weights of z = (0, 2): max(cos) = 2·2/(2·√5)
  close(activationFamiliarity({ data: z.data.subarray(0, 2), rows: 1, cols: 2 }, weights)[0], 2 / Math.sqrt(5));
  assert.throws(() => finalLayerActivations({ ...net, weights: net.weights.slice(0, 3) }, x), isInput('net.weights'));
  assert.throws(() => finalLayerActivations({ ...net, hiddenUnits: [] }, x), isInput('net.hiddenUnits'));
  assert.throws(() => finalLayerActivations(net, fromRows([[1, 2, 3]])), isInput('x'));
});
