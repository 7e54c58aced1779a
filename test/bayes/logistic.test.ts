import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  fitLogisticMle, fitLogisticMap, laplaceApproximation, sampleLogisticPosterior, posteriorPredictive, plugInPredictive,
  probitPredictive, decisionBoundaryPosterior, effectiveSampleSize,
} from '../../src/bayes/logistic';
import { logSigmoid, sigmoid } from '../../src/bayes/special';
import { FitError, InputError } from '../../src/core/errors';
import { fromRows, matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';
import { irisSepalLengthSetosaVersicolor, loadIris } from '../../src/data/iris';

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'bayes.json'), 'utf8'));

interface LogisticCase {
  name: string; features: number[][]; labels: number[]; sklearn_coefficients: number[];
  sklearn_lbfgs_coefficients: number[]; sklearn_lbfgs_log_likelihood: number; log_likelihood: number;
}

function featuresOf(c: LogisticCase) {
  return fromRows(c.features);
}

test('MLE matches scikit-learn LogisticRegression(penalty=None) to 1e-6 on three data sets (1 and 2 features)', () => {
  const cases: LogisticCase[] = fixture.logistic;
  assert.equal(cases.length, 3);
  for (const c of cases) {
    const fit = fitLogisticMle(featuresOf(c), c.labels);
    assert.equal(fit.coefficients.length, c.sklearn_coefficients.length);
    for (let j = 0; j < fit.coefficients.length; j++) {
      assert.ok(Math.abs(fit.coefficients[j] - c.sklearn_coefficients[j]) < 1e-6, `${c.name} θ${j}: ${fit.coefficients[j]} vs ${c.sklearn_coefficients[j]}`);
    }
    assert.ok(Math.abs(fit.logLikelihood - c.log_likelihood) < 1e-9, `${c.name} log-likelihood`);
    // sklearn's lbfgs stops early (ftol) about 1e-4 away; our optimum is at least as good as its answer.
    assert.ok(fit.logLikelihood >= c.sklearn_lbfgs_log_likelihood - 1e-12, `${c.name}: worse than lbfgs`);
  }
});

test('MLE hand case: p(1|x=0) = 1/3, p(1|x=1) = 2/3 gives b = −ln 2, w = 2 ln 2; covariance = inverse Fisher information', () => {
  const fit = fitLogisticMle([0, 0, 0, 1, 1, 1], [0, 0, 1, 0, 1, 1]);
  assert.ok(Math.abs(fit.intercept + Math.LN2) < 1e-12);
  assert.ok(Math.abs(fit.weights[0] - 2 * Math.LN2) < 1e-12);
  assert.ok(Math.abs(fit.decisionBoundary - 0.5) < 1e-12);
  // Fisher information: Σ p(1−p)(1, x)(1, x)ᵀ with p(1−p) = 2/9 for all six rows → [[4/3, 2/3], [2/3, 2/3]].
  const det = (4 / 3) * (2 / 3) - (2 / 3) ** 2;
  const expected = [(2 / 3) / det, -(2 / 3) / det, -(2 / 3) / det, (4 / 3) / det];
  expected.forEach((v, k) => assert.ok(Math.abs(fit.covariance.data[k] - v) < 1e-10, `cov[${k}]`));
});

test('iris sepal length Setosa/Versicolor overlaps (4.9–5.8 cm), so the MLE exists; boundary ≈ 5.41 cm', () => {
  const { x, y } = irisSepalLengthSetosaVersicolor();
  assert.equal(fixture.iris.setosa_sepal_length_max, 5.8);
  assert.equal(fixture.iris.versicolor_sepal_length_min, 4.9);
  const fit = fitLogisticMle(x, y);
  const golden = fixture.logistic[0].sklearn_coefficients;
  assert.ok(Math.abs(fit.decisionBoundary - -golden[0] / golden[1]) < 1e-8);
  assert.ok(fit.decisionBoundary > 5.3 && fit.decisionBoundary < 5.5);
});

test('separable data: FitError pointing to the MAP (1-D exact check, 2-D certificate, single class); MAP stays finite', () => {
  const iris = loadIris();
  const petal: number[] = [], labels: number[] = [];
  for (let i = 0; i < 100; i++) { petal.push(iris.features.data[i * 4 + 2]); labels.push(iris.labels[i]); }
  assert.throws(() => fitLogisticMle(petal, labels), (e: unknown) => e instanceof FitError && /separable/.test(e.message) && /fitLogisticMap/.test(e.message));
  // Touching classes (quasi-complete separation) are also refused.
  assert.throws(() => fitLogisticMle([1, 2, 2, 3], [0, 0, 1, 1]), FitError);
  const X2 = fromRows([[0, 0], [1, 0], [0, 1], [3, 3], [4, 3], [3, 4]]);
  assert.throws(() => fitLogisticMle(X2, [0, 0, 0, 1, 1, 1]), (e: unknown) => e instanceof FitError && /completely separable/.test(e.message));
  assert.throws(() => fitLogisticMle([1, 2, 3], [1, 1, 1]), (e: unknown) => e instanceof FitError && e.argument === 'labels');
  // Quasi-complete separation in 2-D: (1, 1) appears in both classes, on the separating line x1 + x2 = 2.
  const quasi = fromRows([[0, 0], [1, 0], [0, 1], [1, 1], [1, 1], [2, 2], [3, 2], [2, 3]]);
  assert.throws(() => fitLogisticMle(quasi, [0, 0, 0, 0, 1, 1, 1, 1]), FitError);
  // Collinear features: singular Hessian.
  const collinear = fromRows([[1, 2], [2, 4], [3, 6], [4, 8], [2.5, 5]]);
  assert.throws(() => fitLogisticMle(collinear, [0, 1, 0, 1, 1]), FitError);
  const map = fitLogisticMap(petal, labels, { weightPriorStd: 10, interceptPriorStd: 100 });
  for (const v of map.coefficients) assert.ok(Number.isFinite(v));
  assert.ok(map.weights[0] > 0 && map.decisionBoundary > 1.9 && map.decisionBoundary < 3.0, `boundary ${map.decisionBoundary}`);
});

test('bad input: non-binary labels, zero observations, NaN features, length mismatch → InputError naming the argument', () => {
  const isInput = (arg: string, row?: number) => (e: unknown) => e instanceof InputError && e.argument === arg && (row === undefined || e.row === row);
  assert.throws(() => fitLogisticMle([1, 2, 3], [0, 2, 1]), isInput('labels', 1));
  assert.throws(() => fitLogisticMle([1, 2, 3], [0, 0.5, 1]), isInput('labels', 1));
  assert.throws(() => fitLogisticMle([], []), isInput('features'));
  assert.throws(() => fitLogisticMap(matrix(0, 1), []), isInput('features'));
  assert.throws(() => fitLogisticMle([1, NaN, 3], [0, 1, 0]), isInput('features', 1));
  assert.throws(() => fitLogisticMle([1, 2, 3], [0, 1]), isInput('labels'));
  assert.throws(() => fitLogisticMap([1, 2, 3], [0, 1, 0], { weightPriorStd: -1 }), isInput('weightPriorStd'));
  assert.throws(() => sampleLogisticPosterior([1, 2], [0, 1], {} as never), isInput('rng'));
  assert.throws(() => plugInPredictive([0, 1, 2], [1, 2]), isInput('features'));
});

test('MAP with a vague prior approaches the MLE; its gradient vanishes (finite-difference check of the objective)', () => {
  const c: LogisticCase = fixture.logistic[1];
  const mle = fitLogisticMle(featuresOf(c), c.labels);
  const vague = fitLogisticMap(featuresOf(c), c.labels, { weightPriorStd: 1e6, interceptPriorStd: 1e6 });
  for (let j = 0; j < 3; j++) assert.ok(Math.abs(vague.coefficients[j] - mle.coefficients[j]) < 1e-6);
  const strong = fitLogisticMap(featuresOf(c), c.labels, { weightPriorStd: 0.5, interceptPriorStd: 5 });
  const X = featuresOf(c);
  const objective = (t: number[]) => {
    let s = 0.5 * (t[0] / 5) ** 2 + 0.5 * (t[1] / 0.5) ** 2 + 0.5 * (t[2] / 0.5) ** 2;
    for (let i = 0; i < X.rows; i++) {
      const eta = t[0] + t[1] * X.data[2 * i] + t[2] * X.data[2 * i + 1];
      s -= c.labels[i] === 1 ? logSigmoid(eta) : logSigmoid(-eta);
    }
    return s;
  };
  const t = Array.from(strong.coefficients);
  for (let j = 0; j < 3; j++) {
    const h = 1e-5;
    const up = t.slice(), dn = t.slice();
    up[j] += h; dn[j] -= h;
    assert.ok(Math.abs((objective(up) - objective(dn)) / (2 * h)) < 1e-6, `∂U/∂θ${j}`);
  }
  assert.ok(Math.abs(strong.objective - objective(t)) < 1e-9);
});

test('Laplace covariance equals the inverse Hessian of the negative log posterior (finite differences)', () => {
  const { x, y } = irisSepalLengthSetosaVersicolor();
  const lap = laplaceApproximation(x, y, { weightPriorStd: 10, interceptPriorStd: 100 });
  const grad = (t: number[]) => {
    const g = [t[0] / 1e4, t[1] / 100];
    for (let i = 0; i < x.length; i++) { const r = sigmoid(t[0] + t[1] * x[i]) - y[i]; g[0] += r; g[1] += r * x[i]; }
    return g;
  };
  const m = Array.from(lap.mean);
  const H = [[0, 0], [0, 0]];
  for (let j = 0; j < 2; j++) {
    const h = 1e-6, up = m.slice(), dn = m.slice();
    up[j] += h; dn[j] -= h;
    const gu = grad(up), gd = grad(dn);
    for (let i = 0; i < 2; i++) H[i][j] = (gu[i] - gd[i]) / (2 * h);
  }
  // covariance · H ≈ I
  const C = lap.covariance.data;
  const prod = [C[0] * H[0][0] + C[1] * H[1][0], C[0] * H[0][1] + C[1] * H[1][1], C[2] * H[0][0] + C[3] * H[1][0], C[2] * H[0][1] + C[3] * H[1][1]];
  [1, 0, 0, 1].forEach((v, k) => assert.ok(Math.abs(prod[k] - v) < 1e-5, `(ΣH)[${k}] = ${prod[k]}`));
  assert.ok(Math.abs(lap.standardDeviations[1] - Math.sqrt(C[3])) < 1e-15);
});

function syntheticNearGaussian(n: number, seed: number) {
  // Balanced classes, symmetric x and a small slope: the likelihood's third cumulant p(1−p)(1−2p) is ≈ 0,
  // so the posterior is close to Gaussian and its mean is close to the mode (the Laplace mean).
  const r = new Rng(seed);
  const x = new Float64Array(n), y = new Int32Array(n);
  for (let i = 0; i < n; i++) { x[i] = r.normal(); y[i] = r.uniform() < sigmoid(0.5 * x[i]) ? 1 : 0; }
  return { x, y };
}

test('HMC posterior mean agrees with the Laplace mean within 4 Monte Carlo standard errors (n = 4000, near-Gaussian)', () => {
  const { x, y } = syntheticNearGaussian(4000, 11);
  const post = sampleLogisticPosterior(x, y, { rng: new Rng(3), samples: 2000, warmup: 500 });
  for (let j = 0; j < 2; j++) {
    const z = (post.mean[j] - post.laplace.mean[j]) / post.monteCarloStandardError[j];
    assert.ok(Math.abs(z) < 4, `θ${j}: z = ${z}`);
    const ratio = post.standardDeviation[j] / post.laplace.standardDeviations[j];
    assert.ok(ratio > 0.93 && ratio < 1.07, `sd ratio ${ratio}`);
    assert.ok(post.effectiveSampleSize[j] > 1000, `ESS ${post.effectiveSampleSize[j]}`);
  }
  assert.ok(post.acceptanceRate > 0.6 && post.acceptanceRate < 0.99, `acceptance ${post.acceptanceRate}`);
  assert.equal(post.divergences, 0);
});

test('HMC on iris matches the posterior mean by 2-D quadrature within 4 MCSE, where the Laplace mean is far off (skewed posterior)', () => {
  const { x, y } = irisSepalLengthSetosaVersicolor();
  const post = sampleLogisticPosterior(x, y, { rng: new Rng(7), samples: 3000, warmup: 1000 });
  const m = post.laplace.mean, C = post.laplace.covariance.data;
  const l00 = Math.sqrt(C[0]), l10 = C[2] / l00, l11 = Math.sqrt(C[3] - l10 * l10);
  const logPosterior = (b: number, w: number) => {
    let s = -0.5 * b * b / 1e4 - 0.5 * w * w / 100;
    for (let i = 0; i < x.length; i++) { const e = b + w * x[i]; s += y[i] === 1 ? logSigmoid(e) : logSigmoid(-e); }
    return s;
  };
  // Trapezoid-free Riemann sum on a 201×201 grid over ±9 Laplace sds (whitened): the integrand is smooth and ~0 at the edges.
  const G = 201, R = 9, base = logPosterior(m[0], m[1]);
  let Z = 0, mb = 0, mw = 0;
  for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) {
    const z1 = -R + (2 * R * i) / (G - 1), z2 = -R + (2 * R * j) / (G - 1);
    const b = m[0] + l00 * z1, w = m[1] + l10 * z1 + l11 * z2;
    const p = Math.exp(logPosterior(b, w) - base);
    Z += p; mb += p * b; mw += p * w;
  }
  const exact = [mb / Z, mw / Z];
  for (let j = 0; j < 2; j++) {
    const z = (post.mean[j] - exact[j]) / post.monteCarloStandardError[j];
    assert.ok(Math.abs(z) < 4, `θ${j}: sampler ${post.mean[j]} vs quadrature ${exact[j]} (z = ${z})`);
    assert.ok(Math.abs(m[j] - exact[j]) > 10 * post.monteCarloStandardError[j], 'the Laplace mean (mode) differs visibly from the posterior mean here');
  }
});

test('seeded sampling is reproducible; another seed gives other draws; inputs are not mutated', () => {
  const { x, y } = irisSepalLengthSetosaVersicolor();
  const x0 = Float64Array.from(x), y0 = Int32Array.from(y);
  const a = sampleLogisticPosterior(x, y, { rng: new Rng(5), samples: 200, warmup: 100 });
  const b = sampleLogisticPosterior(x, y, { rng: new Rng(5), samples: 200, warmup: 100 });
  const c = sampleLogisticPosterior(x, y, { rng: new Rng(6), samples: 200, warmup: 100 });
  assert.deepEqual(a.samples.data, b.samples.data);
  assert.equal(a.stepSize, b.stepSize);
  assert.notDeepEqual(a.samples.data, c.samples.data);
  assert.deepEqual(x, x0);
  assert.deepEqual(y, y0);
  const q = Float64Array.from([4.5, 5.5]);
  const q0 = Float64Array.from(q);
  const s0 = Float64Array.from(a.samples.data);
  posteriorPredictive(a.samples, q);
  decisionBoundaryPosterior(a.samples);
  probitPredictive(a.laplace, q);
  assert.deepEqual(q, q0);
  assert.deepEqual(a.samples.data, s0);
});

test('posterior predictive: hand case, band ordering, and the probit approximation', () => {
  const draws = fromRows([[0, 1], [0, 3]]);
  const pred = posteriorPredictive(draws, [1, 0]);
  assert.ok(Math.abs(pred.mean[0] - (sigmoid(1) + sigmoid(3)) / 2) < 1e-15);
  assert.equal(pred.mean[1], 0.5);
  // Two draws: quantiles interpolate between σ(1) and σ(3).
  assert.ok(Math.abs(pred.lower[0] - (sigmoid(1) + 0.025 * (sigmoid(3) - sigmoid(1)))) < 1e-15);
  const { x, y } = irisSepalLengthSetosaVersicolor();
  const post = sampleLogisticPosterior(x, y, { rng: new Rng(9), samples: 500, warmup: 300 });
  const grid = Array.from({ length: 31 }, (_, i) => 4 + i * 0.1);
  const band = posteriorPredictive(post.samples, grid);
  const plug = plugInPredictive(fitLogisticMle(x, y).coefficients, grid);
  const probit = probitPredictive(post.laplace, grid);
  for (let i = 0; i < grid.length; i++) {
    assert.ok(band.lower[i] <= band.mean[i] && band.mean[i] <= band.upper[i]);
    assert.ok(Math.abs(probit[i] - band.mean[i]) < 0.05, `probit vs MC at ${grid[i]}: ${probit[i]} vs ${band.mean[i]}`);
    assert.ok(Math.abs(plug[i] - band.mean[i]) < 0.1);
  }
  // The probit approximation shrinks toward ½ relative to σ(μ_a).
  const mapPlug = plugInPredictive(post.laplace.mean, grid);
  for (let i = 0; i < grid.length; i++) assert.ok(Math.abs(probit[i] - 0.5) <= Math.abs(mapPlug[i] - 0.5) + 1e-15);
  // Zero covariance: the probit predictive is the plug-in.
  const degenerate = { mean: new Float64Array([0, 1]), covariance: matrix(2, 2), standardDeviations: new Float64Array(2) };
  assert.equal(probitPredictive(degenerate, [2])[0], sigmoid(2));
  assert.throws(() => posteriorPredictive(draws, [1], 1), InputError);
});

test('decision boundary posterior: hand case and iris summary', () => {
  const db = decisionBoundaryPosterior(fromRows([[-10, 2], [-12, 2], [-9, 3]]));
  assert.deepEqual(Array.from(db.samples), [5, 6, 3]);
  assert.equal(db.median, 5);
  assert.ok(Math.abs(db.mean - 14 / 3) < 1e-15);
  assert.equal(db.positiveSlopeFraction, 1);
  assert.throws(() => decisionBoundaryPosterior(fromRows([[1, 0], [1, 1]])), (e: unknown) => e instanceof InputError && e.row === 0);
  assert.throws(() => decisionBoundaryPosterior(fromRows([[1, 0, 1], [1, 1, 1]])), InputError);
});

test('effective sample size: iid ≈ N, AR(1) ≈ N(1−ρ)/(1+ρ), constant → NaN, anti-correlated capped at N·log10 N', () => {
  const r = new Rng(1);
  const n = 20000;
  const iid = Float64Array.from({ length: n }, () => r.normal());
  const essIid = effectiveSampleSize(iid);
  assert.ok(essIid > 0.9 * n && essIid < 1.1 * n, `iid ESS ${essIid}`);
  const rho = 0.9;
  const ar = new Float64Array(n);
  for (let i = 1; i < n; i++) ar[i] = rho * ar[i - 1] + Math.sqrt(1 - rho * rho) * r.normal();
  const essAr = effectiveSampleSize(ar);
  const expected = (n * (1 - rho)) / (1 + rho);
  assert.ok(essAr > 0.75 * expected && essAr < 1.3 * expected, `AR(1) ESS ${essAr} vs ${expected}`);
  assert.ok(Number.isNaN(effectiveSampleSize([2, 2, 2, 2, 2])));
  assert.ok(Math.abs(effectiveSampleSize([1, -1, 1, -1, 1, -1, 1, -1]) - 8 * Math.log10(8)) < 1e-12);
  assert.throws(() => effectiveSampleSize([1, 2, 3]), InputError);
});

test('properties: the MLE is invariant to row order, and flipping labels negates θ', () => {
  const { x, y } = irisSepalLengthSetosaVersicolor();
  const base = fitLogisticMle(x, y);
  fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
    const perm = new Rng(seed).permutation(x.length);
    const xp = Float64Array.from(perm, (i) => x[i]);
    const yp = Int32Array.from(perm, (i) => y[i]);
    const fit = fitLogisticMle(xp, yp);
    const flipped = fitLogisticMle(xp, Int32Array.from(yp, (v) => 1 - v));
    for (let j = 0; j < 2; j++) {
      if (Math.abs(fit.coefficients[j] - base.coefficients[j]) > 1e-10) return false;
      if (Math.abs(flipped.coefficients[j] + base.coefficients[j]) > 1e-10) return false;
    }
    return true;
  }), { numRuns: 25, seed: 42 });
});

test('separable data (iris petal length): the posterior under the prior is proper; x* draws fall in the gap between the classes', () => {
  const iris = loadIris();
  const petal: number[] = [], labels: number[] = [];
  for (let i = 0; i < 100; i++) { petal.push(iris.features.data[i * 4 + 2]); labels.push(iris.labels[i]); }
  const setosaMax = Math.max(...petal.slice(0, 50)), versicolorMin = Math.min(...petal.slice(50));
  assert.deepEqual([setosaMax, versicolorMin], [1.9, 3]);
  const post = sampleLogisticPosterior(petal, labels, { rng: new Rng(1), samples: 1000, warmup: 500 });
  for (const v of post.samples.data) assert.ok(Number.isFinite(v));
  const db = decisionBoundaryPosterior(post.samples);
  assert.ok(db.lower > setosaMax - 0.1 && db.upper < versicolorMin + 0.1, `x* 95% CI [${db.lower}, ${db.upper}]`);
  // Only the prior bounds the slope: the posterior is far from Gaussian, so the mean weight is well above the MAP's.
  assert.ok(post.mean[1] > 1.3 * post.laplace.mean[1]);
  assert.ok(post.divergences < 0.05 * 1000, `divergences ${post.divergences}`);
});
