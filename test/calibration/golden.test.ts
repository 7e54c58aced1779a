// Golden values from scikit-learn / scipy, written by test/fixtures/gen_calibration.py (see its header).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  IsotonicRegression,
  IsotonicCalibration,
  PlattScaling,
  plattFit,
  TemperatureScaling,
  VectorScaling,
  MatrixScaling,
  BetaCalibration,
  betaFit,
  histogramFit,
  createCalibrator,
} from '../../src/calibration';
import { fromRows, Matrix } from '../../src/core/matrix';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'calibration.json'), 'utf8'));

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    assert.ok(d <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (|Δ| = ${d} > ${tol})`);
  }
}

const flat = (rows: number[][]): number[] => rows.flat();

test('fixture records the peer versions and seed', () => {
  assert.equal(fx.versions.sklearn, '1.2.1');
  assert.equal(typeof fx.seed, 'number');
});

for (const c of fx.isotonic) {
  test(`isotonic regression matches sklearn IsotonicRegression(out_of_bounds='clip'): ${c.name}`, () => {
    const ir = new IsotonicRegression().fit(c.x, c.y, c.weights ?? undefined);
    assertClose(ir.thresholdsX, c.X_thresholds, 1e-9, 'X_thresholds');
    assertClose(ir.thresholdsY, c.y_thresholds, 1e-9, 'y_thresholds');
    assertClose(ir.predict(c.t), c.predict, 1e-9, 'predict');
  });
}

test('binary isotonic calibration equals sklearn isotonic on p1', () => {
  const c = fx.isotonic[0];
  const probs = fromRows(c.x.map((p: number) => [1 - p, p]));
  const cal = new IsotonicCalibration().fit(probs, c.y);
  const t = c.t.filter((v: number) => v >= 0 && v <= 1);
  const expected = c.t.map((_: number, i: number) => i).filter((i: number) => c.t[i] >= 0 && c.t[i] <= 1).map((i: number) => c.predict[i]);
  const out = cal.predictProba(fromRows(t.map((p: number) => [1 - p, p])));
  assertClose(out.data.filter((_, i) => i % 2 === 1), expected, 1e-9, 'q1');
});

for (const c of fx.sigmoid) {
  test(`Platt fit matches sklearn _sigmoid_calibration (a = −A, b = −B): ${c.name}`, () => {
    const m = plattFit(Float64Array.from(c.f), Uint8Array.from(c.y));
    assertClose([m.a, m.b], [-c.A, -c.B], 1e-5, 'a, b');
    const cal = new PlattScaling().fit(fromRows(c.f.map((f: number) => [0, f])), c.y);
    assertClose([cal.fittedMaps[0].a, cal.fittedMaps[0].b], [-c.A, -c.B], 1e-5, 'PlattScaling a, b');
  });
}

for (const c of fx.temperature) {
  for (const solver of ['newton', 'brent'] as const) {
    test(`temperature (${solver}) matches scipy minimize_scalar(bounded) on NLL: ${c.name}`, () => {
      const t = new TemperatureScaling({ solver }).fit(fromRows(c.logits), c.y);
      assertClose([t.temperature], [c.T], 1e-5, 'T');
    });
  }
}

function gaugeFixed(params: ArrayLike<number>, K: number, diagonal: boolean): number[] {
  // Unregularised fits are unique only up to adding a constant to b (and a vector to every row of W):
  // centre b and W's columns before comparing.
  const p = Array.from(params);
  const bOff = diagonal ? K : K * K;
  const bMean = p.slice(bOff).reduce((s, v) => s + v, 0) / K;
  for (let k = 0; k < K; k++) p[bOff + k] -= bMean;
  if (!diagonal) {
    for (let j = 0; j < K; j++) {
      let m = 0;
      for (let k = 0; k < K; k++) m += p[k * K + j] / K;
      for (let k = 0; k < K; k++) p[k * K + j] -= m;
    }
  }
  return p;
}

for (const c of fx.linear) {
  test(`${c.method} scaling (${c.regularization}) matches scipy L-BFGS-B on the same objective`, () => {
    const z = fromRows(fx.temperature[0].logits);
    const y = fx.temperature[0].y;
    const K = z.cols;
    const options = { regularization: c.regularization, lambda: c.lambda, mu: c.mu };
    const diagonal = c.method === 'vector';
    const cal = diagonal ? new VectorScaling(options).fit(z, y) : new MatrixScaling(options).fit(z, y);
    const params = diagonal
      ? [...(cal as VectorScaling).scales, ...(cal as VectorScaling).biases]
      : [...(cal as MatrixScaling).weights, ...(cal as MatrixScaling).biases];
    assert.ok(cal.diagnostics!.converged, `converged (${JSON.stringify(cal.diagnostics)})`);
    assertClose([cal.diagnostics!.objective], [c.objective], 1e-9, 'objective');
    if (c.regularization === 'none') assertClose(gaugeFixed(params, K, diagonal), gaugeFixed(c.params, K, diagonal), 1e-5, 'params (gauge-fixed)');
    else assertClose(params, c.params, 1e-5, 'params');
    assertClose(cal.predictProba(fromRows(fx.linear_data.test_logits)).data, flat(c.test_proba), 1e-6, 'test probabilities');
  });
}

for (const c of fx.beta) {
  test(`beta calibration matches the betacal reference (sklearn LogisticRegression): ${c.name}`, () => {
    const m = betaFit(Float64Array.from(c.p), Uint8Array.from(c.y));
    assertClose([m.a, m.b, m.c], [c.a, c.b, c.c], 1e-5, 'a, b, c');
    if (c.refit_a_negative) assert.equal(m.a, 0);
    const cal = new BetaCalibration().fit(fromRows(c.p.map((p: number) => [1 - p, p])), c.y);
    assertClose([cal.fittedMaps[0].a, cal.fittedMaps[0].b, cal.fittedMaps[0].c], [c.a, c.b, c.c], 1e-5, 'BetaCalibration');
  });
}

for (const c of fx.one_vs_rest) {
  test(`multi-class one-vs-rest ${c.method} matches CalibratedClassifierCV(cv='prefit')`, () => {
    const cal = createCalibrator(c.method).fit(fromRows(c.fit_scores), c.y);
    const out: Matrix = cal.predictProba(fromRows(c.test_scores));
    assertClose(out.data, flat(c.test_proba), c.method === 'isotonic' ? 1e-9 : 1e-6, 'test probabilities');
  });
}

for (const c of fx.histogram) {
  test(`histogram bin values equal sklearn calibration_curve prob_true (${c.binning})`, () => {
    const m = histogramFit(Float64Array.from(c.p), Uint8Array.from(c.y), { bins: c.bins, binning: c.binning });
    const nonEmpty = Array.from(m.values).filter((_, i) => m.counts[i] > 0);
    assertClose(nonEmpty, c.prob_true, 1e-9, 'prob_true');
  });
}
