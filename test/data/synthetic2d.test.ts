import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, Rng, fromRows } from '../../src/core';
import { makeMoons, makeSpirals, makeOodRing, inputGrid, boundsOf } from '../../src/data/synthetic2d';

const isInput = (argument: string) => (e: unknown) => e instanceof InputError && e.argument === argument;
const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'synthetic2d.json'), 'utf8')) as {
  make_moons: { n: number; x: number[][]; labels: number[] }[];
};

test('makeMoons without noise or shuffle equals scikit-learn make_moons (golden fixture)', () => {
  for (const c of fixture.make_moons) {
    const m = makeMoons({ n: c.n, noise: 0, shuffle: false });
    assert.equal(m.x.rows, c.n);
    assert.deepEqual(Array.from(m.labels), c.labels);
    c.x.forEach((row, i) => {
      assert.ok(Math.abs(m.x.data[2 * i] - row[0]) <= 1e-15, `n=${c.n} row ${i} x1`);
      assert.ok(Math.abs(m.x.data[2 * i + 1] - row[1]) <= 1e-15, `n=${c.n} row ${i} x2`);
    });
  }
});

test('makeMoons: shapes, class balance, seeded reproducibility, noise scale', () => {
  const a = makeMoons({ n: 401, noise: 0.1, rng: 7 });
  const b = makeMoons({ n: 401, noise: 0.1, rng: new Rng(7) });
  const c = makeMoons({ n: 401, noise: 0.1, rng: 8 });
  assert.equal(a.x.rows, 401);
  assert.equal(a.x.cols, 2);
  assert.equal(a.labels.length, 401);
  assert.deepEqual(a.x.data, b.x.data);
  assert.deepEqual(a.labels, b.labels);
  assert.notDeepEqual(a.x.data, c.x.data);
  assert.equal(a.labels.reduce((s, v) => s + v, 0), 201); // ⌊401/2⌋ = 200 on the upper moon, 201 on the lower
  // shuffled: labels are not sorted
  assert.ok(Array.from(a.labels).some((v, i, arr) => i > 0 && v < arr[i - 1]));
  // noise: distance of each upper-moon point to the unit circle has spread ≈ noise (radial part of 2-D N(0, σ²))
  const big = makeMoons({ n: 20000, noise: 0.1, rng: 1 });
  let s2 = 0, count = 0;
  for (let i = 0; i < big.x.rows; i++) {
    if (big.labels[i] !== 0) continue;
    const d = Math.hypot(big.x.data[2 * i], big.x.data[2 * i + 1]) - 1;
    s2 += d * d;
    count++;
  }
  const sd = Math.sqrt(s2 / count);
  assert.ok(Math.abs(sd - 0.1) < 0.005, `radial sd ${sd}`);
  assert.throws(() => makeMoons({ n: 1 }), isInput('n'));
  assert.throws(() => makeMoons({ n: 10, noise: -1 }), isInput('noise'));
  assert.throws(() => makeMoons({ n: 10, rng: 0.5 }), isInput('rng'));
});

test('makeSpirals: shapes, classes, radii within [0.1, 1] without noise, arms separated by 2π/K', () => {
  const s = makeSpirals({ n: 301, classes: 3, noise: 0, shuffle: false });
  assert.equal(s.x.rows, 301);
  assert.deepEqual([0, 1, 2].map((c) => s.labels.filter((v) => v === c).length), [101, 100, 100]);
  for (let i = 0; i < s.x.rows; i++) {
    const r = Math.hypot(s.x.data[2 * i], s.x.data[2 * i + 1]);
    assert.ok(r >= 0.1 - 1e-12 && r <= 1 + 1e-12);
  }
  // first point of each arm is at t = 0.1: angle 2π·1.5·0.1 + 2πc/3
  for (const [c, row] of [[0, 0], [1, 101], [2, 201]]) {
    const phi = 2 * Math.PI * 1.5 * 0.1 + (2 * Math.PI * c) / 3;
    assert.ok(Math.abs(s.x.data[2 * row] - 0.1 * Math.cos(phi)) < 1e-12);
    assert.ok(Math.abs(s.x.data[2 * row + 1] - 0.1 * Math.sin(phi)) < 1e-12);
  }
  const a = makeSpirals({ n: 50, rng: 3 }), b = makeSpirals({ n: 50, rng: 3 });
  assert.deepEqual(a.x.data, b.x.data);
  assert.throws(() => makeSpirals({ n: 1, classes: 2 }), isInput('n'));
  assert.throws(() => makeSpirals({ n: 10, classes: 1 }), isInput('classes'));
});

test('makeOodRing: radius, centre, spread, far from the moons, reproducible', () => {
  const exact = makeOodRing({ n: 100, width: 0, center: [0, 0], rng: 2 });
  for (let i = 0; i < 100; i++) assert.ok(Math.abs(Math.hypot(exact.data[2 * i], exact.data[2 * i + 1]) - 3.5) < 1e-12);
  const ring = makeOodRing({ n: 5000, radius: 4, width: 0.2, center: [1, -1], rng: 5 });
  let s = 0, s2 = 0, sx = 0, sy = 0;
  for (let i = 0; i < ring.rows; i++) {
    const r = Math.hypot(ring.data[2 * i] - 1, ring.data[2 * i + 1] + 1);
    s += r; s2 += r * r; sx += ring.data[2 * i]; sy += ring.data[2 * i + 1];
  }
  const mean = s / ring.rows, sd = Math.sqrt(s2 / ring.rows - mean * mean);
  assert.ok(Math.abs(mean - 4) < 0.01, `mean radius ${mean}`);
  assert.ok(Math.abs(sd - 0.2) < 0.01, `radius sd ${sd}`);
  assert.ok(Math.abs(sx / ring.rows - 1) < 0.15 && Math.abs(sy / ring.rows + 1) < 0.15, 'centre');
  // default ring vs noisy moons: every ring point at least 1 unit from every training point
  const moons = makeMoons({ n: 400, noise: 0.1, rng: 0 });
  const dflt = makeOodRing({ n: 400, rng: 0 });
  let minDist = Infinity;
  for (let i = 0; i < dflt.rows; i++) for (let j = 0; j < moons.x.rows; j++) {
    minDist = Math.min(minDist, Math.hypot(dflt.data[2 * i] - moons.x.data[2 * j], dflt.data[2 * i + 1] - moons.x.data[2 * j + 1]));
  }
  assert.ok(minDist > 1, `min distance ${minDist}`);
  assert.deepEqual(makeOodRing({ n: 10, rng: 9 }).data, makeOodRing({ n: 10, rng: 9 }).data);
  assert.throws(() => makeOodRing({ n: 0 }), isInput('n'));
  assert.throws(() => makeOodRing({ n: 3, center: [0, NaN] }), isInput('center'));
});

test('inputGrid: order (x₁ fastest), ends included, validation; boundsOf', () => {
  const g = inputGrid({ xMin: 0, xMax: 1, yMin: 0, yMax: 2, nx: 2, ny: 3 });
  assert.deepEqual(Array.from(g.points.data), [0, 0, 1, 0, 0, 1, 1, 1, 0, 2, 1, 2]);
  assert.deepEqual(Array.from(g.xs), [0, 1]);
  assert.deepEqual(Array.from(g.ys), [0, 1, 2]);
  const big = inputGrid({ xMin: -3, xMax: 4, yMin: -3.5, yMax: 4, nx: 70, ny: 60 });
  assert.equal(big.points.rows, 4200);
  assert.equal(big.xs[69], 4);
  assert.equal(big.points.data[2 * (59 * 70 + 69) + 1], 4);
  assert.throws(() => inputGrid({ xMin: 1, xMax: 1, yMin: 0, yMax: 1 }), isInput('xMax'));
  assert.throws(() => inputGrid({ xMin: 0, xMax: 1, yMin: 0, yMax: 1, nx: 1 }), isInput('nx'));
  assert.throws(() => inputGrid({ xMin: 0, xMax: Infinity, yMin: 0, yMax: 1 }), isInput('xMax'));
  assert.deepEqual(boundsOf([fromRows([[0, 0], [1, 2]])], 0.5), { xMin: -0.5, xMax: 1.5, yMin: -0.5, yMax: 2.5 });
  assert.deepEqual(boundsOf([fromRows([[0, 0]]), fromRows([[-2, 5]])], 0), { xMin: -2, xMax: 0, yMin: 0, yMax: 5 });
  assert.throws(() => boundsOf([]), isInput('pointSets'));
});
