import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  fitGaussianGroups, plugInGaussian, normalInverseGammaPosterior, studentTPredictive, deadlineDecision,
  plugInDeadlineProbability, posteriorDeadlineProbability, plugInDensity, posteriorDensity,
} from '../../src/bayes/conjugate-gaussian';
import { InputError } from '../../src/core/errors';

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'bayes.json'), 'utf8'));

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol * (1 + Math.abs(expected)), `${what}: got ${actual}, expected ${expected}`);
}

test('NIG posterior, Student-t predictive and deadline probabilities match the closed form and scipy.stats (2 scenarios)', () => {
  for (const c of fixture.conjugate_gaussian) {
    const inputs: number[] = [], outputs: number[] = [];
    c.groups.forEach((g: { y: number[] }, k: number) => g.y.forEach((v) => { inputs.push(k); outputs.push(v); }));
    const groups = fitGaussianGroups(inputs, outputs, c.prior);
    const decision = deadlineDecision(groups, c.deadline);
    c.groups.forEach((g: any, k: number) => {
      const fit = groups[k];
      close(fit.plugIn.mean, g.plug_in_mean, 1e-14, `${c.name} ȳ${k}`);
      close(fit.plugIn.variance, g.plug_in_variance, 1e-13, `${c.name} σ̂²${k}`);
      for (const key of ['mean', 'kappa', 'shape', 'rate'] as const) close(fit.posterior[key], g.posterior[key], 1e-13, `${c.name} ${key}${k}`);
      for (const key of ['df', 'loc', 'scale'] as const) close(fit.predictive[key], g.student_t[key], 1e-13, `${c.name} t.${key}${k}`);
      close(decision.plugIn[k], g.p_deadline_plug_in, 1e-12, `${c.name} plug-in P${k}`);
      close(decision.posterior[k], g.p_deadline_posterior, 1e-11, `${c.name} posterior P${k}`);
      close(posteriorDensity(fit.predictive, c.deadline), g.posterior_pdf_at_deadline, 1e-11, `${c.name} pdf${k}`);
    });
  }
});

test('one observation per group (seed): plug-in variance 0, degenerate step rule, no density; posterior stays proper', () => {
  const [a, b] = fitGaussianGroups([0, 1], [15, 20]);
  assert.deepEqual(a.plugIn, { mean: 15, variance: 0, n: 1 });
  assert.deepEqual(b.plugIn, { mean: 20, variance: 0, n: 1 });
  assert.equal(plugInDeadlineProbability(a.plugIn, 15), 1); // ȳ ≤ d, right-continuous
  assert.equal(plugInDeadlineProbability(a.plugIn, 14.999), 0);
  assert.equal(plugInDensity(a.plugIn, 15), null);
  const p = posteriorDeadlineProbability(a.predictive, 15);
  assert.ok(p > 0.4 && p < 1);
  assert.ok(a.predictive.scale > 0 && Number.isFinite(posteriorDensity(a.predictive, 15)));
});

test('hand-computed NIG update: y = [15], prior (m₀ 20, κ₀ 1, a₀ 2, b₀ 8) → (17.5, 2, 2.5, 14.25), t(5, 17.5, √8.55)', () => {
  const post = normalInverseGammaPosterior([15], { mean: 20, kappa: 1, shape: 2, rate: 8 });
  assert.deepEqual(post, { mean: 17.5, kappa: 2, shape: 2.5, rate: 14.25, n: 1 });
  const t = studentTPredictive(post);
  assert.equal(t.df, 5);
  assert.equal(t.loc, 17.5);
  close(t.scale, Math.sqrt(8.55), 1e-15, 'scale');
  assert.equal(posteriorDeadlineProbability(t, 17.5), 0.5);
});

test('with many observations the posterior predictive approaches the plug-in (property)', () => {
  fc.assert(fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 0.5, max: 5, noNaN: true }), (mu, sd) => {
    const n = 4000;
    const y = Array.from({ length: n }, (_, i) => mu + sd * (i % 2 === 0 ? 1 : -1) * (1 + (i % 7) / 7));
    const plug = plugInGaussian(y);
    const t = studentTPredictive(normalInverseGammaPosterior(y, { mean: 0, kappa: 0.01, shape: 1, rate: 1 }));
    return Math.abs(t.loc - plug.mean) < 1e-3 * (1 + Math.abs(mu)) && Math.abs(t.scale / Math.sqrt(plug.variance) - 1) < 2e-3;
  }), { numRuns: 30, seed: 7 });
});

test('bad input: zero observations, empty group, non-binary input, NaN output, bad prior, bad deadline; inputs not mutated', () => {
  const isInput = (arg: string, row?: number) => (e: unknown) => e instanceof InputError && e.argument === arg && (row === undefined || e.row === row);
  assert.throws(() => plugInGaussian([]), isInput('y'));
  assert.throws(() => normalInverseGammaPosterior([]), isInput('y'));
  assert.throws(() => fitGaussianGroups([0, 0], [1, 2]), isInput('inputs'));
  assert.throws(() => fitGaussianGroups([0, 2], [1, 2]), isInput('inputs', 1));
  assert.throws(() => fitGaussianGroups([0, 1], [1, NaN]), isInput('outputs', 1));
  assert.throws(() => fitGaussianGroups([0, 1, 1], [1, 2]), isInput('inputs'));
  assert.throws(() => normalInverseGammaPosterior([1], { kappa: 0 }), isInput('prior.kappa'));
  assert.throws(() => normalInverseGammaPosterior([1], { rate: -1 }), isInput('prior.rate'));
  const groups = fitGaussianGroups([0, 1], [15, 20]);
  assert.throws(() => deadlineDecision(groups, NaN), isInput('deadline'));
  const inputs = [0, 1, 0], outputs = [3, 4, 5];
  fitGaussianGroups(inputs, outputs);
  assert.deepEqual(inputs, [0, 1, 0]);
  assert.deepEqual(outputs, [3, 4, 5]);
});
