/** measures.ts against numpy/scipy (test/fixtures/gen_measures.py): an outside reference for every statistic. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeClassificationSamples, summarizeRegressionSamples } from '../../src/uncertainty/measures';

interface ClassificationCase {
  t: number; n: number; k: number; samples: number[];
  mean: number[]; std: number[]; predictiveEntropy: number[]; expectedEntropy: number[];
  mutualInformation: number[]; variationRatio: number[]; disagreement: number[]; maxProbability: number[];
}
interface RegressionCase { t: number; n: number; means: number[]; variances: number[]; mean: number[]; aleatoric: number[]; epistemic: number[]; variance: number[] }
const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'measures.json'), 'utf8')) as {
  peer: string; classification: ClassificationCase[]; regression: RegressionCase[];
};

function assertClose(actual: ArrayLike<number>, expected: number[], what: string, tol = 1e-12): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${fixture.peer} ${expected[i]}`);
  }
}

fixture.classification.forEach((c, idx) => {
  test(`summarizeClassificationSamples matches numpy/scipy, case ${idx} (T=${c.t}, N=${c.n}, K=${c.k})`, () => {
    const u = summarizeClassificationSamples(Float64Array.from(c.samples), c.t, c.n, c.k);
    assertClose(u.mean.data, c.mean, 'mean');
    assertClose(u.std.data, c.std, 'std');
    assertClose(u.predictiveEntropy, c.predictiveEntropy, 'predictiveEntropy');
    assertClose(u.expectedEntropy, c.expectedEntropy, 'expectedEntropy');
    assertClose(u.mutualInformation, c.mutualInformation, 'mutualInformation');
    assertClose(u.variationRatio, c.variationRatio, 'variationRatio', 0);
    assertClose(u.disagreement, c.disagreement, 'disagreement');
    assertClose(u.maxProbability, c.maxProbability, 'maxProbability');
  });
});

fixture.regression.forEach((c, idx) => {
  test(`summarizeRegressionSamples matches numpy, case ${idx} (T=${c.t}, N=${c.n})`, () => {
    const r = summarizeRegressionSamples(Float64Array.from(c.means), Float64Array.from(c.variances), c.t, c.n);
    assertClose(r.mean, c.mean, 'mean', 1e-12);
    assertClose(r.aleatoric, c.aleatoric, 'aleatoric', 1e-12);
    assertClose(r.epistemic, c.epistemic, 'epistemic', 1e-11);
    assertClose(r.variance, c.variance, 'variance', 1e-11);
  });
});
