import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plugInSigmoidFigure, posteriorPredictiveFigure, decisionBoundaryHistogramFigure, deliveryPredictiveFigure } from '../../src/plots/bayes';
import { FONT_FAMILY } from '../../src/plots/style';
import { InputError } from '../../src/core/errors';

const x = [4.9, 4.9, 5.0, 6.1];
const y = [0, 0, 1, 1];
const grid = [4, 5, 6, 7];

test('plug-in sigmoid: data (duplicates stacked), curve, boundary; paper style; JSON-serialisable; inputs untouched', () => {
  const probability = [0.01, 0.4, 0.9, 0.99];
  const fig = plugInSigmoidFigure({ x, y, grid, probability, boundary: 5.41, classNames: ['Setosa', 'Versicolor'] });
  assert.deepEqual(fig.data.map((t) => t.name), ['Setosa', 'Versicolor', 'σ(b̂ + ŵx)', 'x* = 5.41']);
  assert.deepEqual(fig.data[0].y, [0, 0.025]);
  assert.deepEqual(fig.data[3].x, [5.41, 5.41]);
  assert.equal((fig.layout.font as { family: string }).family, FONT_FAMILY);
  assert.match(JSON.stringify(fig.layout), /Sepal length \(cm\)/);
  assert.deepEqual(JSON.parse(JSON.stringify(fig)).data[2].y, probability);
  assert.deepEqual(probability, [0.01, 0.4, 0.9, 0.99]);
  assert.throws(() => plugInSigmoidFigure({ x, y: [0, 2, 1, 1], grid, probability, boundary: 5 }), (e: unknown) => e instanceof InputError && e.row === 1);
  assert.throws(() => plugInSigmoidFigure({ x, y, grid, probability: [0.1], boundary: 5 }), InputError);
  assert.throws(() => plugInSigmoidFigure({ x, y, grid, probability, boundary: NaN }), InputError);
});

test('posterior predictive: band filled to the lower curve, mean, optional plug-in and boundary interval', () => {
  const fig = posteriorPredictiveFigure({ x, y, grid, mean: [0.02, 0.4, 0.88, 0.98], lower: [0, 0.3, 0.8, 0.95], upper: [0.05, 0.5, 0.93, 0.99], plugIn: [0.01, 0.4, 0.9, 0.99], boundary: { median: 5.4, lower: 5.3, upper: 5.5 } });
  const names = fig.data.map((t) => t.name);
  assert.ok(names.includes('95% credible band') && names.includes('Posterior predictive mean') && names.includes('Plug-in'));
  const band = fig.data.find((t) => t.name === '95% credible band')!;
  assert.equal(band.fill, 'tonexty');
  assert.ok(names.some((n) => /x\* 95% CI \[5\.30, 5\.50\]/.test(String(n))));
  assert.throws(() => posteriorPredictiveFigure({ x, y, grid, mean: [0, 0, 0, 0], lower: [0.5, 0, 0, 0], upper: [0.1, 0, 0, 0] }), (e: unknown) => e instanceof InputError && e.row === 0);
});

test('boundary histogram and delivery densities (point mass drawn as a spike)', () => {
  const hist = decisionBoundaryHistogramFigure({ samples: [5.3, 5.4, 5.5], plugInBoundary: 5.41, interval: { lower: 5.3, upper: 5.5, level: 0.95 } });
  assert.equal(hist.data[0].type, 'histogram');
  assert.equal((hist.layout.shapes as unknown[]).length, 3);
  assert.throws(() => decisionBoundaryHistogramFigure({ samples: [] }), InputError);
  assert.throws(() => decisionBoundaryHistogramFigure({ samples: [1, Infinity] }), (e: unknown) => e instanceof InputError && e.row === 1);
  const delivery = deliveryPredictiveFigure({
    grid: [10, 15, 20], deadline: 21,
    groups: [
      { name: 'A', posteriorDensity: [0.05, 0.2, 0.05], plugInDensity: null, plugInMean: 15, probabilityPlugIn: 1, probabilityPosterior: 0.98 },
      { name: 'B', posteriorDensity: [0.01, 0.1, 0.2], plugInDensity: [0, 0.05, 0.4], plugInMean: 20 },
    ],
  });
  const spike = delivery.data.find((t) => /point mass/.test(String(t.name)))!;
  assert.deepEqual(spike.x, [15, 15]);
  assert.ok(Math.abs((spike.y as number[])[1] - 0.44) < 1e-12);
  assert.ok(delivery.data.some((t) => t.name === 'A: posterior, P(≤ d) = 0.980'));
  assert.ok(delivery.data.some((t) => t.name === 'Deadline d = 21'));
  assert.throws(() => deliveryPredictiveFigure({ grid: [1], groups: [], deadline: 1 }), InputError);
});
