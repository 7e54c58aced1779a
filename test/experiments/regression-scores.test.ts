import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  gaussianLogLikelihood,
  gaussianMixtureLogLikelihood,
  mcDropoutLogLikelihood,
  meanStandardError,
  rootMeanSquaredError,
} from '../../src/experiments/regression-scores';
import { InputError } from '../../src/core/errors';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('hand-computed values', () => {
  close(rootMeanSquaredError([1, 2], [1, 4]), Math.SQRT2);
  // log N(1; 0, 1) = −½ log 2π − ½
  const ln1 = -0.5 * Math.log(2 * Math.PI) - 0.5;
  close(gaussianLogLikelihood([1], [0], [1]), ln1);
  close(gaussianMixtureLogLikelihood(Float64Array.from([0]), Float64Array.from([1]), [1]), ln1);
  // Two MC samples 0 and 2 around y = 1 with τ = 1: both at distance 1, so the same as one Gaussian.
  close(mcDropoutLogLikelihood(Float64Array.from([0, 2]), [1], 1), ln1);
  // τ = 4, samples {0, 1}, y = 0: log(½(e^0 + e^{−2})) − ½ log 2π + ½ log 4
  close(mcDropoutLogLikelihood(Float64Array.from([0, 1]), [0], 4), Math.log(0.5 * (1 + Math.exp(-2))) - 0.5 * Math.log(2 * Math.PI) + 0.5 * Math.log(4));
  const m = meanStandardError([1, 2, 3, 4]);
  close(m.mean, 2.5);
  close(m.se, Math.sqrt(5 / 3) / 2);
  assert.equal(meanStandardError([7]).se, 0);
});

test('MC Dropout LL stays finite for huge τ·error² (log-sum-exp)', () => {
  const ll = mcDropoutLogLikelihood(Float64Array.from([0, 0.001]), [10], 50000);
  assert.ok(Number.isFinite(ll));
  close(ll, -0.5 * 50000 * (10 - 0.001) ** 2 + Math.log(1 + Math.exp(-0.5 * 50000 * (100 - (9.999) ** 2))) - Math.log(2) - 0.5 * Math.log(2 * Math.PI) + 0.5 * Math.log(50000), 1e-6);
});

test('property: a mixture of identical Gaussians equals the Gaussian; T identical MC samples equal the Gaussian of variance 1/τ', () => {
  fc.assert(
    fc.property(
      fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }),
      fc.double({ min: 0.01, max: 10, noNaN: true }), fc.integer({ min: 1, max: 6 }),
      (y, mu, v, t) => {
        const g = gaussianLogLikelihood([y], [mu], [v]);
        close(gaussianMixtureLogLikelihood(new Float64Array(t).fill(mu), new Float64Array(t).fill(v), [y]), g, 1e-9);
        close(mcDropoutLogLikelihood(new Float64Array(t).fill(mu), [y], 1 / v), g, 1e-9);
      },
    ),
  );
});

test('bad input is named', () => {
  assert.throws(() => rootMeanSquaredError([], []), (e: unknown) => e instanceof InputError && e.argument === 'y');
  assert.throws(() => rootMeanSquaredError([1], [1, 2]), /prediction: has length 2, expected 1/);
  assert.throws(() => mcDropoutLogLikelihood(Float64Array.from([1, 2, 3]), [1, 2], 1), /not T × 2/);
  assert.throws(() => mcDropoutLogLikelihood(Float64Array.from([1]), [1], 0), /tau/);
  assert.throws(() => gaussianLogLikelihood([1, 2], [0, 0], [1, 0]), (e: unknown) => e instanceof InputError && e.row === 1);
  assert.throws(() => meanStandardError([1, NaN]), (e: unknown) => e instanceof InputError && e.row === 1);
});
