import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brentMinimize, lbfgs } from '../../src/core/optimize';

test('brentMinimize finds the minimiser of a parabola and of cos on [0, 2π]', () => {
  const r = brentMinimize((x) => (x - 2) ** 2 + 1, 0, 5);
  assert.ok(Math.abs(r.x - 2) < 1e-8, `x = ${r.x}`);
  assert.ok(Math.abs(r.fx - 1) < 1e-15);
  assert.ok(r.converged);
  const c = brentMinimize(Math.cos, 0, 2 * Math.PI);
  assert.ok(Math.abs(c.x - Math.PI) < 1e-8, `x = ${c.x}`);
});

test('brentMinimize returns (near) the bound when the minimum lies outside', () => {
  const r = brentMinimize((x) => x, 1, 3, { xatol: 1e-12 });
  assert.ok(r.x >= 1 && r.x - 1 < 1e-7, `x = ${r.x}`);
});

test('brentMinimize rejects bad bounds', () => {
  assert.throws(() => brentMinimize((x) => x, 2, 1), RangeError);
  assert.throws(() => brentMinimize((x) => x, 0, Infinity), RangeError);
});

test('brentMinimize reports non-convergence when the evaluation cap is hit', () => {
  const r = brentMinimize((x) => Math.abs(x - 0.3), 0, 1, { maxEvaluations: 3 });
  assert.equal(r.converged, false);
  assert.equal(r.evaluations, 3);
});

test('lbfgs solves a quadratic exactly (to gtol): A x = b with A SPD', () => {
  // f(x) = ½ xᵀA x − bᵀx, A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]], b = [1, 2, 3]; solution A⁻¹b = [2/9, 1/9, 13/9] (check: 4·2/9 + 1/9 = 1; 2/9 + 3/9 + 13/9 = 2; 1/9 + 26/9 = 3).
  const A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
  const b = [1, 2, 3];
  const r = lbfgs((x, g) => {
    let f = 0;
    for (let i = 0; i < 3; i++) {
      let ax = 0;
      for (let j = 0; j < 3; j++) ax += A[i][j] * x[j];
      g[i] = ax - b[i];
      f += 0.5 * x[i] * ax - b[i] * x[i];
    }
    return f;
  }, [0, 0, 0]);
  assert.ok(r.converged);
  const expected = [2 / 9, 1 / 9, 13 / 9];
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(r.x[i] - expected[i]) < 1e-8, `x[${i}] = ${r.x[i]}`);
});

test('lbfgs minimises the Rosenbrock function from (−1.2, 1)', () => {
  const x0 = Float64Array.of(-1.2, 1);
  const r = lbfgs((x, g) => {
    const a = 1 - x[0];
    const b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  }, x0);
  assert.ok(r.converged, r.reason);
  assert.ok(Math.abs(r.x[0] - 1) < 1e-6 && Math.abs(r.x[1] - 1) < 1e-6, `x = ${r.x}`);
  assert.deepEqual(Array.from(x0), [-1.2, 1], 'x0 not mutated');
});

test('lbfgs stops at once at a stationary point and stops at maxIterations', () => {
  const r = lbfgs((x, g) => {
    g[0] = 2 * x[0];
    return x[0] * x[0];
  }, [0]);
  assert.equal(r.iterations, 0);
  assert.equal(r.reason, 'gtol');
  const capped = lbfgs((x, g) => {
    const a = 1 - x[0];
    const b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  }, [-1.2, 1], { maxIterations: 3 });
  assert.equal(capped.reason, 'maxIterations');
  assert.equal(capped.converged, false);
});
