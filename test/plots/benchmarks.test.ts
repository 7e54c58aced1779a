import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrationHeatmapFigure, oodHistogramFigure, uciComparisonFigure } from '../../src/plots/benchmarks';
import { InputError } from '../../src/core/errors';

test('UCI comparison: one panel per data set, ours filled, published open, ±SE error bars, legend entries once', () => {
  const panels = [
    { dataset: 'yacht', entries: [{ label: 'MC Dropout (ours)', value: { mean: 0.9, se: 0.1 }, ours: true }, { label: 'Gal & Ghahramani 2016', value: { mean: 1.11, se: 0.09 }, ours: false }] },
    { dataset: 'bostonHousing', entries: [{ label: 'MC Dropout (ours)', value: { mean: 3.0, se: 0.2 }, ours: true }] },
  ];
  const fig = uciComparisonFigure(panels, 'rmse');
  const traces = fig.data as Array<Record<string, any>>;
  assert.equal(traces.length, 3);
  assert.deepEqual(traces.map((t) => [t.xaxis, t.yaxis]), [['x', 'y'], ['x', 'y'], ['x2', 'y2']]);
  assert.deepEqual(traces[1].error_y.array, [0.09]);
  assert.equal(traces[0].marker.symbol, 'circle');
  assert.equal(traces[1].marker.color, '#ffffff');
  assert.deepEqual(traces.map((t) => t.showlegend), [true, true, false]);
  assert.deepEqual((fig.layout.annotations as Array<{ text: string }>).map((a) => a.text), ['yacht', 'bostonHousing']);
  assert.match(JSON.stringify(uciComparisonFigure(panels, 'll').layout), /log-likelihood/);
  assert.throws(() => uciComparisonFigure([], 'rmse'), InputError);
  assert.throws(() => uciComparisonFigure([{ dataset: 'x', entries: [{ label: 'a', value: { mean: NaN, se: 0 }, ours: true }] }], 'rmse'), /not finite/);
});

test('calibration heat map: first model on top, values printed, light = good', () => {
  const fig = calibrationHeatmapFigure({ metric: 'ECE %', rows: ['single', 'ensemble'], columns: ['uncalibrated', 'temperature'], values: [[4.1, 1.2], [2.0, null]] });
  const h = fig.data[0] as Record<string, any>;
  assert.deepEqual(h.y, ['ensemble', 'single']);
  assert.deepEqual(h.z, [[2.0, null], [4.1, 1.2]]);
  assert.deepEqual(h.text, [['2.00', ''], ['4.10', '1.20']]);
  assert.equal(h.zmin, 1.2);
  assert.equal(h.zmax, 4.1);
  assert.equal(h.reversescale, true); // YlOrRd reversed: low (good) values light
  assert.equal((calibrationHeatmapFigure({ metric: 'accuracy %', rows: ['a'], columns: ['b'], values: [[90]], lowerIsBetter: false }).data[0] as Record<string, any>).reversescale, false);
  assert.throws(() => calibrationHeatmapFigure({ metric: 'm', rows: ['a'], columns: ['b', 'c'], values: [[1]] }), (e: unknown) => e instanceof InputError && e.row === 0);
  assert.throws(() => calibrationHeatmapFigure({ metric: 'm', rows: ['a'], columns: ['b'], values: [[null]] }), /no finite value/);
});

test('OOD histograms: shares per set sum to 1, bars at bin centres', () => {
  const fig = oodHistogramFigure([{ label: 'single', lo: 0, hi: 1, inDistribution: [1, 3], ood: [2, 2] }], 'Max probability', 'probability');
  const [a, b] = fig.data as Array<Record<string, any>>;
  assert.deepEqual(a.x, [0.25, 0.75]);
  assert.deepEqual(a.y, [0.25, 0.75]);
  assert.deepEqual(b.y, [0.5, 0.5]);
  assert.equal(fig.layout.barmode, 'overlay');
  assert.throws(() => oodHistogramFigure([{ label: 's', lo: 0, hi: 1, inDistribution: [1], ood: [1, 2] }], 'x', 'y'), /OOD 2/);
  assert.throws(() => oodHistogramFigure([{ label: 's', lo: 0, hi: 1, inDistribution: [0, 0], ood: [1, 2] }], 'x', 'y'), /no samples/);
});
