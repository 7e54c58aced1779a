import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors';
import { binaryEntropy, DEFAULT_UNCERTAINTY_CONFIG, tradeMask } from '../../src/decision/filter';
import { kellyPositionSizes, uncertaintyPositionSizes } from '../../src/decision/sizing';

test('defaults are the seed 000 configuration', () => {
  assert.deepEqual(
    { ...DEFAULT_UNCERTAINTY_CONFIG },
    {
      nModels: 5, mcSamples: 30, bootstrap: true, temperatureScaling: true, gateThreshold: 0.5,
      maxUncertainty: 0.3, maxEntropy: 1.0, uncertaintyScaling: true, minPosition: 0.1, maxPosition: 2.0,
    },
  );
  assert.ok(Object.isFrozen(DEFAULT_UNCERTAINTY_CONFIG));
});

test('binaryEntropy: ln 2 at 0.5, 0 at the ends, symmetric', () => {
  assert.equal(binaryEntropy(0.5), Math.LN2);
  assert.equal(binaryEntropy(0), 0);
  assert.equal(binaryEntropy(1), 0);
  assert.ok(Math.abs(binaryEntropy(0.2) - binaryEntropy(0.8)) < 1e-15);
});

test('tradeMask: each criterion, strict inequalities, criteria optional', () => {
  const m = tradeMask({ mean: [0.7, 0.7, 0.4, 0.5, 0.8], std: [0.1, 0.5, 0.1, 0.1, 0.3] });
  assert.deepEqual(Array.from(m.trade), [1, 0, 0, 0, 0]); // 0.5 is not > 0.5; 0.3 is not < 0.3
  assert.deepEqual(Array.from(m.gatePass), [1, 1, 0, 0, 1]);
  assert.deepEqual(Array.from(m.uncertaintyPass), [1, 0, 1, 1, 0]);
  // disabled criteria
  assert.deepEqual(Array.from(tradeMask({ mean: [0.7, 0.4] }, { maxUncertainty: null }).trade), [1, 0]);
  assert.deepEqual(Array.from(tradeMask({ mean: [0.7, 0.4] }, { maxUncertainty: null, gateThreshold: null }).trade), [1, 1]);
  // entropy criterion binds when given explicitly or a lower max is set
  const e = tradeMask({ mean: [0.9, 0.6] }, { maxUncertainty: null, maxEntropy: 0.5 });
  assert.deepEqual(Array.from(e.entropyPass), [1, 0]); // H(0.9)=0.325, H(0.6)=0.673
  const given = tradeMask({ mean: [0.9, 0.9], entropy: [0.2, 1.2] }, { maxUncertainty: null });
  assert.deepEqual(Array.from(given.trade), [1, 0]);
});

test('tradeMask: typed errors', () => {
  assert.throws(() => tradeMask({ mean: [0.7] }), (e: unknown) => e instanceof InputError && e.argument === 'std');
  assert.throws(() => tradeMask({ mean: [0.7, 1.2], std: [0, 0] }), (e: unknown) => e instanceof InputError && e.argument === 'mean' && e.row === 1);
  assert.throws(() => tradeMask({ mean: [0.7], std: [-1] }), (e: unknown) => e instanceof InputError && e.row === 0);
  assert.throws(() => tradeMask({ mean: [0.7], std: [0.1, 0.2] }), InputError);
});

test('property: tightening a threshold never adds trades', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 30 }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      (rows, u) => {
        const stats = { mean: rows.map((r) => r[0]), std: rows.map((r) => r[1]) };
        const loose = tradeMask(stats, { maxUncertainty: u + 0.2 }).trade;
        const tight = tradeMask(stats, { maxUncertainty: u }).trade;
        return tight.every((v, i) => v <= loose[i]);
      },
    ),
  );
});

test('uncertainty sizing: clip(base/(1+u), min, max), hand-computed', () => {
  assert.deepEqual(Array.from(uncertaintyPositionSizes([0, 1, 100])), [1, 0.5, 0.1]);
  assert.deepEqual(Array.from(uncertaintyPositionSizes([0, 1], { baseSize: 3 })), [2, 1.5]); // 3 clipped at max 2
  assert.throws(() => uncertaintyPositionSizes([-0.1]), (e: unknown) => e instanceof InputError && e.row === 0);
  assert.throws(() => uncertaintyPositionSizes([0], { minPosition: 3, maxPosition: 2 }), (e: unknown) => e instanceof InputError && e.argument === 'maxPosition');
});

test('Kelly sizing: fraction·(2p − 1) for even money, clipped at 0 and max; general odds', () => {
  const k = kellyPositionSizes([0.5, 0.6, 0.9, 0.3, 1], { fraction: 0.5 });
  const expected = [0, 0.1, 0.4, 0, 0.5];
  k.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `${i}: ${v}`));
  // b = 2: f* = p − (1−p)/2; p = 0.5 → 0.25
  assert.ok(Math.abs(kellyPositionSizes([0.5], { fraction: 1, odds: 2 })[0] - 0.25) < 1e-12);
  assert.equal(kellyPositionSizes([1], { fraction: 1, maxPosition: 0.3 })[0], 0.3);
  assert.throws(() => kellyPositionSizes([1.1]), (e: unknown) => e instanceof InputError && e.argument === 'probability');
  assert.throws(() => kellyPositionSizes([0.6], { fraction: 0 }), (e: unknown) => e instanceof InputError && e.argument === 'fraction');
});

test('property: both sizings are monotone (less uncertainty / higher p → no smaller position)', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (a, b) => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const s = uncertaintyPositionSizes([lo, hi]);
      const pk = kellyPositionSizes([lo / 10, hi / 10]);
      return s[0] >= s[1] && pk[0] <= pk[1];
    }),
  );
});
