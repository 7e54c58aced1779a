import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CALIBRATOR_KINDS, createCalibrator, calibratorFromJSON, convertScores, IsotonicRegression, TemperatureScaling } from '../../src/calibration';
import { argmaxRows, Matrix, selectRows } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';

// Seeded, so every run checks the same cases (house rule: seeded randomness only).
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20240601) }); // FC_SEED=n explores other cases

/** A random classification validation set: logits with signal on the label, every class present. */
function dataset(seed: number, n: number, k: number, scale: number): { logits: Matrix; labels: Int32Array } {
  const rng = new Rng(seed);
  const labels = new Int32Array(n);
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    labels[i] = i < k ? i : rng.int(k);
    for (let j = 0; j < k; j++) data[i * k + j] = scale * (rng.normal() + (j === labels[i] ? 1.5 : 0));
  }
  // The last row repeats the first with another label: no calibrator can separate the set perfectly
  // (vector/matrix scaling refuse separated sets, which small random sets often are).
  data.copyWithin((n - 1) * k, 0, k);
  labels[n - 1] = (labels[0] + 1) % k;
  return { logits: { data, rows: n, cols: k }, labels };
}

const arbData = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  n: fc.integer({ min: 12, max: 80 }),
  k: fc.integer({ min: 2, max: 5 }),
  scale: fc.double({ min: 0.2, max: 5, noNaN: true }),
});

function inputFor(kind: string, logits: Matrix): Matrix {
  return convertScores(logits, 'logits', createCalibrator(kind).input);
}

test('isotonic regression output is non-decreasing in x and within [min y, max y]', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: 1, maxLength: 60 }),
      fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 30 }),
      (points, t) => {
        const x = points.map((p) => p[0] / 2); // halves: many ties
        const y = points.map((p) => p[1]);
        const ir = new IsotonicRegression().fit(x, y);
        const ts = Float64Array.from(t).sort();
        const out = ir.predict(ts);
        const lo = Math.min(...y);
        const hi = Math.max(...y);
        for (let i = 0; i < out.length; i++) {
          if (i > 0) assert.ok(out[i] >= out[i - 1] - 1e-12, `not monotone at ${i}`);
          assert.ok(out[i] >= lo - 1e-12 && out[i] <= hi + 1e-12);
        }
      },
    ),
    { numRuns: 150 },
  );
});

test('temperature scaling never changes the argmax', () => {
  fc.assert(
    fc.property(arbData, ({ seed, n, k, scale }) => {
      const { logits, labels } = dataset(seed, n, k, scale);
      const t = new TemperatureScaling().fit(logits, labels);
      assert.ok(t.temperature >= 0.05 && t.temperature <= 20);
      assert.deepEqual(argmaxRows(t.predictProba(logits)), argmaxRows(logits));
    }),
    { numRuns: 40 },
  );
});

for (const kind of CALIBRATOR_KINDS) {
  test(`${kind}: calibrated rows are probabilities summing to 1, and a JSON round trip predicts identically`, () => {
    fc.assert(
      fc.property(arbData, fc.integer({ min: 0, max: 1000 }), ({ seed, n, k, scale }, testSeed) => {
        const { logits, labels } = dataset(seed, n, k, scale);
        const x = inputFor(kind, logits);
        const cal = createCalibrator(kind).fit(x, labels);
        const test = inputFor(kind, dataset(testSeed, 15, k, scale * 1.5).logits);
        const out = cal.predictProba(test);
        assert.equal(out.rows, 15);
        assert.equal(out.cols, k);
        for (let i = 0; i < out.rows; i++) {
          let s = 0;
          for (let j = 0; j < k; j++) {
            const v = out.data[i * k + j];
            assert.ok(v >= 0 && v <= 1, `value ${v}`);
            s += v;
          }
          assert.ok(Math.abs(s - 1) < 1e-12, `row ${i} sums to ${s}`);
        }
        const restored = calibratorFromJSON(JSON.parse(JSON.stringify(cal.toJSON())));
        assert.deepEqual(restored.predictProba(test).data, out.data);
        assert.deepEqual(restored.toJSON(), cal.toJSON());
      }),
      { numRuns: kind === 'matrix' || kind === 'vector' ? 15 : 30 },
    );
  });

  test(`${kind}: the fit does not depend on the order of the validation rows (and does not mutate its input)`, () => {
    // Exact for order-free methods; iterative fits see sums in another order, so they stop at slightly
    // different points (L-BFGS stops at max|∇| ≤ 1e-9; on small, nearly separable sets matrix scaling has
    // flat directions along which that moves probabilities by ~1e-7).
    const tol = kind === 'isotonic' || kind === 'histogram' ? 1e-12 : kind === 'matrix' || kind === 'vector' ? 1e-6 : 1e-7;
    fc.assert(
      fc.property(arbData, fc.integer(), ({ seed, n, k, scale }, permSeed) => {
        const { logits, labels } = dataset(seed, n, k, scale);
        const x = inputFor(kind, logits);
        const before = Float64Array.from(x.data);
        const a = createCalibrator(kind).fit(x, labels).predictProba(x);
        assert.deepEqual(x.data, before, 'input mutated');
        const perm = new Rng(permSeed).permutation(n);
        const xp = selectRows(x, perm);
        const yp = Int32Array.from(perm, (i) => labels[i]);
        const b = createCalibrator(kind).fit(xp, yp).predictProba(x);
        for (let i = 0; i < a.data.length; i++) assert.ok(Math.abs(a.data[i] - b.data[i]) <= tol, `${a.data[i]} vs ${b.data[i]}`);
      }),
      { numRuns: kind === 'matrix' || kind === 'vector' ? 10 : 25 },
    );
  });
}

test('softmax methods give the same result from logits and from probabilities (log p is a logit up to a row constant)', () => {
  fc.assert(
    fc.property(arbData, ({ seed, n, k, scale }) => {
      const { logits, labels } = dataset(seed, n, Math.max(k, 3), Math.min(scale, 3));
      const fromProbs = convertScores(convertScores(logits, 'logits', 'probabilities'), 'probabilities', 'logits');
      for (const kind of ['temperature', 'platt']) {
        const a = createCalibrator(kind).fit(logits, labels).predictProba(logits);
        const b = createCalibrator(kind).fit(fromProbs, labels).predictProba(fromProbs);
        for (let i = 0; i < a.data.length; i++) assert.ok(Math.abs(a.data[i] - b.data[i]) < 1e-7, `${kind}: ${a.data[i]} vs ${b.data[i]}`);
      }
    }),
    { numRuns: 20 },
  );
});
