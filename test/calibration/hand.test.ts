// Cases small enough to check on paper, and the stated rules (bounds, ties, empty bins, zero rows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TemperatureScaling,
  PlattScaling,
  plattFit,
  histogramFit,
  histogramPredict,
  HistogramBinning,
  isotonicFit,
  isotonicPredict,
  renormalizeOneVsRest,
  oneVsRestLogit,
  betaFit,
  betaPredict,
  MatrixScaling,
  VectorScaling,
  convertScores,
} from '../../src/calibration';
import { fromRows } from '../../src/core/matrix';

const close = (a: number, b: number, tol: number, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);

test('temperature: three of four rows right with margin 2 gives σ(2/T) = 3/4, T = 2/ln 3', () => {
  const z = fromRows([[2, 0], [0, 2], [2, 0], [2, 0]]);
  const y = [0, 1, 1, 0];
  close(new TemperatureScaling().fit(z, y).temperature, 2 / Math.log(3), 1e-12, 'newton');
  close(new TemperatureScaling({ solver: 'brent' }).fit(z, y).temperature, 2 / Math.log(3), 1e-7, 'brent');
});

test('temperature: the optimum outside the bounds gives the nearest bound', () => {
  // Every row right: NLL keeps falling as T → 0, so T is the lower bound.
  const right = fromRows([[3, 0, 1], [0, 2, 1], [1, 0, 4]]);
  assert.equal(new TemperatureScaling().fit(right, [0, 1, 2]).temperature, 0.05);
  assert.equal(new TemperatureScaling({ minTemperature: 0.5 }).fit(right, [0, 1, 2]).temperature, 0.5);
  // Every row wrong: NLL keeps falling as T → ∞ (towards uniform), so T is the upper bound.
  assert.equal(new TemperatureScaling().fit(right, [1, 2, 0]).temperature, 20);
  const brent = new TemperatureScaling({ solver: 'brent' }).fit(right, [1, 2, 0]).temperature;
  close(brent, 20, 1e-5, 'brent at the upper bound (Brent never evaluates the bound itself)');
});

test('temperature: rows of equal logits (zero variance) do not break Newton', () => {
  const z = fromRows([[1, 1], [1, 1], [2, 0], [0, 2]]);
  const t = new TemperatureScaling().fit(z, [0, 1, 0, 0]).temperature;
  // Rows 0–1 contribute nothing to the derivative; rows 2–3: one right, one wrong with margin 2 → optimum at T → ∞.
  assert.equal(t, 20);
});

test('Platt: symmetric scores give b = 0 and a solves the smoothed-target score equation', () => {
  const f = Float64Array.of(-2, -1, 1, 2);
  const t = Uint8Array.of(0, 0, 1, 1);
  const m = plattFit(f, t);
  close(m.b, 0, 1e-12, 'b');
  // Smoothed targets: N+ = N− = 2 → t+ = 3/4, t− = 1/4. Stationarity in a: Σ (t_i − σ(a f_i)) f_i = 0.
  const target = (i: number) => (t[i] ? 3 / 4 : 1 / 4);
  let g = 0;
  for (let i = 0; i < 4; i++) g += (target(i) - 1 / (1 + Math.exp(-m.a * f[i]))) * f[i];
  close(g, 0, 1e-10, 'score equation');
  close(m.a, 0.6739963939839231, 1e-10, 'a');
  // On a binary logit matrix the calibrator sees f = z1 − z0, whatever the row offset.
  const p = new PlattScaling().fit(fromRows([[5, 3], [5, 4], [5, 6], [5, 7]]), [0, 0, 1, 1]);
  close(p.fittedMaps[0].a, m.a, 1e-12);
});

test('histogram: right-closed equal-width bins, 0 in the first bin, empty bins at their midpoint', () => {
  const p = Float64Array.of(0, 0.25, 0.25, 0.3, 0.5);
  const t = Uint8Array.of(0, 1, 0, 1, 1);
  const m = histogramFit(p, t, { bins: 4 });
  assert.deepEqual(Array.from(m.edges), [0, 0.25, 0.5, 0.75, 1]);
  // Bin 0 = [0, 0.25]: 0, 0.25, 0.25 → mean 1/3; bin 1 = (0.25, 0.5]: 0.3, 0.5 → 1; bins 2, 3 empty.
  assert.deepEqual(Array.from(m.counts), [3, 2, 0, 0]);
  assert.deepEqual(Array.from(m.values), [1 / 3, 1, 0.625, 0.875]);
  assert.deepEqual(Array.from(histogramPredict(m, Float64Array.of(0, 0.25, 0.2500001, 0.6, 1))), [1 / 3, 1 / 3, 1, 0.625, 0.875]);
});

test('histogram: equal-mass edges on tied scores are merged, never zero-width', () => {
  const p = Float64Array.of(0.2, 0.2, 0.2, 0.2, 0.8, 0.9);
  const m = histogramFit(p, Uint8Array.of(0, 0, 1, 0, 1, 1), { bins: 4, binning: 'mass' });
  // Quartiles (numpy linear): 0.2, 0.2, 0.2 + 0.75·0.6 = 0.65 → edges 0, 0.2, 0.65, 1 (3 bins, not 4).
  assert.equal(m.edges.length, 4);
  close(m.edges[1], 0.2, 0);
  close(m.edges[2], 0.65, 1e-15);
  // Bin [0, 0.2]: four 0.2s, targets 0, 0, 1, 0 → 0.25; (0.2, 0.65] empty → midpoint 0.425; (0.65, 1] → 1.
  close(m.values[0], 0.25, 0);
  close(m.values[1], 0.425, 1e-15);
  close(m.values[2], 1, 0);
  assert.deepEqual(Array.from(m.counts), [4, 0, 2]);
});

test('histogram binning on 3 classes renormalises the one-vs-rest values', () => {
  const probs = fromRows([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.6, 0.3, 0.1]]);
  const h = new HistogramBinning({ bins: 2 }).fit(probs, [0, 1, 2, 1]);
  // Class 0: p ≤ 0.5 → rows 1, 2 (targets 0, 0) → 0; p > 0.5 → rows 0, 3 (1, 0) → 0.5.
  // Class 1: ≤ 0.5 → rows 0, 2, 3 (0, 0, 1) → 1/3; > 0.5 → row 1 → 1. Class 2: ≤ 0.5 → rows 0, 1, 3 → 0; > 0.5 → row 2 → 1.
  const out = h.predictProba(fromRows([[0.7, 0.2, 0.1]]));
  const q = [0.5, 1 / 3, 0];
  const s = q[0] + q[1] + q[2];
  assert.deepEqual(Array.from(out.data), q.map((v) => v / s));
});

test('one-vs-rest: a row whose calibrated values are all 0 becomes uniform; confidence is max q / Σ q', () => {
  const m = renormalizeOneVsRest([Float64Array.of(0.2, 0), Float64Array.of(0.6, 0), Float64Array.of(0.2, 0)]);
  assert.deepEqual(Array.from(m.data.subarray(0, 3)), [0.2, 0.6, 0.2]);
  assert.deepEqual(Array.from(m.data.subarray(3)), [1 / 3, 1 / 3, 1 / 3]);
});

test('one-vs-rest logit: z1 − z0 for two classes, log(p/(1 − p)) for more, unchanged by a row offset', () => {
  assert.deepEqual(Array.from(oneVsRestLogit(fromRows([[1, 3.5]]), 1)), [2.5]);
  const z = fromRows([[0.3, -1, 2]]);
  const p = convertScores(z, 'logits', 'probabilities').data;
  close(oneVsRestLogit(z, 2)[0], Math.log(p[2] / (1 - p[2])), 1e-14);
  close(oneVsRestLogit(fromRows([[100.3, 99, 102]]), 2)[0], oneVsRestLogit(z, 2)[0], 1e-12);
});

test('isotonic: PAV pools the violators; ties are averaged first', () => {
  const m = isotonicFit([1, 2, 2, 3], [1, 0, 1, 0.5]);
  // Tie at x = 2 → 0.5 (weight 2); then 1 > 0.5 pools → 2/3, and 2/3 > 0.5 pools again → (1 + 1 + 0.5)/4.
  assert.deepEqual(Array.from(m.x), [1, 3]);
  assert.deepEqual(Array.from(m.y), [0.625, 0.625]);
  // Interpolation and clipping.
  const f = isotonicFit([0, 1, 2], [0, 0.5, 2]);
  assert.deepEqual(Array.from(isotonicPredict(f, Float64Array.of(-5, 0.5, 1.5, 9))), [0, 0.25, 1.25, 2]);
  // Weights: weighted mean of the violators.
  const w = isotonicFit([0, 1], [1, 0], [3, 1]);
  assert.deepEqual(Array.from(w.y), [0.75, 0.75]);
});

test('beta: a = b = 1, c = 0 is the identity map; the clip keeps p = 0 and 1 finite', () => {
  const id = betaPredict({ a: 1, b: 1, c: 0 }, Float64Array.of(0.1, 0.5, 0.93));
  close(id[0], 0.1, 1e-15);
  close(id[1], 0.5, 1e-15);
  close(id[2], 0.93, 1e-15);
  const ends = betaPredict({ a: 1, b: 1, c: 0 }, Float64Array.of(0, 1));
  assert.ok(ends.every(Number.isFinite));
  // Exactly calibrated data: at each level p ∈ {0.1, …, 0.9}, 100 rows with exactly 100·p positives. The
  // identity map reproduces every level's frequency, so it zeroes the logistic score equations: it is
  // the (unique, convex) maximum-likelihood fit.
  const p: number[] = [];
  const t: number[] = [];
  for (let level = 1; level <= 9; level++) {
    for (let j = 0; j < 100; j++) {
      p.push(level / 10);
      t.push(j < level * 10 ? 1 : 0);
    }
  }
  const m = betaFit(Float64Array.from(p), Uint8Array.from(t));
  close(m.a, 1, 1e-6, 'a');
  close(m.b, 1, 1e-6, 'b');
  close(m.c, 0, 1e-6, 'c');
});

test('matrix and vector scaling start from the identity and can change the argmax', () => {
  // Class 0's logit is systematically too high: row argmax is 0, but the labels say 1 whenever z1 > z0 − 2.
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 40; i++) {
    const z1 = (i % 10) / 3;
    rows.push([z1 + 1, z1]);
    y.push(i % 4 === 0 ? 0 : 1);
  }
  const z = fromRows(rows);
  for (const cal of [new VectorScaling(), new MatrixScaling()]) {
    const out = cal.fit(z, y).predictProba(z);
    let ones = 0;
    for (let i = 0; i < 40; i++) if (out.data[2 * i + 1] > out.data[2 * i]) ones++;
    assert.equal(ones, 40, cal.kind);
  }
});

test('temperature: the subsample warm start (N > 40 000) reaches the same T as Brent on the full data', () => {
  const n = 45000;
  const k = 3;
  const data = new Float64Array(n * k);
  const y = new Int32Array(n);
  let state = 12345;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  for (let i = 0; i < n; i++) {
    y[i] = i % k;
    for (let j = 0; j < k; j++) data[i * k + j] = 4 * (uniform() - 0.5) + (j === y[i] ? 1.2 : 0) + (uniform() < 0.1 ? 3 : 0);
  }
  const z = { data, rows: n, cols: k };
  const newton = new TemperatureScaling().fit(z, y).temperature;
  const brent = new TemperatureScaling({ solver: 'brent' }).fit(z, y).temperature;
  // Brent sees only NLL values, whose rounding over 45 000 rows limits it to ~1e-7 relative; Newton solves
  // dNLL/dβ = 0 directly, so check that condition at its answer, and agreement with Brent to Brent's precision.
  close(newton, brent, 1e-6 * brent, 'T vs Brent');
  const beta = 1 / newton;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    let s0 = 0;
    let s1 = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(beta * data[i * k + j]);
      s0 += e;
      s1 += e * data[i * k + j];
    }
    d1 += s1 / s0 - data[i * k + y[i]];
  }
  close(d1 / n, 0, 1e-9, 'dNLL/dβ at the Newton answer');
});
