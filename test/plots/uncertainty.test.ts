import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRows, InputError } from '../../src/core';
import { uncertaintyMapFigure, uncertaintyMapPanel, inputScalingFigure, PROBABILITY_COLORSCALE } from '../../src/plots/uncertainty';
import { FONT_FAMILY, seriesColor } from '../../src/plots/style';

const grid = { xs: [0, 1, 2], ys: [10, 20] }; // nx = 3, ny = 2
const values = [0, 1, 2, 3, 4, 5]; // value at (xs[i], ys[j]) = values[j·3 + i]
const training = fromRows([[0, 10], [1, 20], [2, 10]]);
const labels = [1, 0, 1];
const ood = fromRows([[5, 5], [6, 6]]);
const isInput = (argument: string) => (e: unknown) => e instanceof InputError && e.argument === argument;

test('uncertaintyMapFigure: z reshaped row per x₂ value, overlay grouped by class, paper style, equal aspect', () => {
  const fig = uncertaintyMapFigure(grid, { values, quantity: 'Entropy', unit: 'nats', zmin: 0 }, { training, labels, ood });
  const heat = fig.data[0] as Record<string, any>;
  assert.equal(heat.type, 'heatmap');
  assert.deepEqual(heat.z, [[0, 1, 2], [3, 4, 5]]);
  assert.deepEqual(heat.x, [0, 1, 2]);
  assert.deepEqual(heat.y, [10, 20]);
  assert.equal(heat.zmin, 0);
  assert.equal(heat.zmax, undefined);
  assert.equal(heat.colorbar.title.text, 'Entropy (nats)');
  // classes sorted: class 0 then class 1; each keeps only its points; OOD last
  const [c0, c1, o] = fig.data.slice(1) as Record<string, any>[];
  assert.deepEqual([c0.name, c0.x, c0.y, c0.marker.color], ['class 0', [1], [20], seriesColor(0)]);
  assert.deepEqual([c1.name, c1.x, c1.y, c1.marker.color], ['class 1', [0, 2], [10, 10], seriesColor(1)]);
  assert.deepEqual([o.name, o.x, o.y], ['OOD', [5, 6], [5, 6]]);
  const layout = fig.layout as Record<string, any>;
  assert.equal(layout.font.family, FONT_FAMILY);
  assert.equal(layout.yaxis.scaleanchor, 'x');
  assert.deepEqual(layout.xaxis.range, [0, 2]);
  assert.equal(layout.xaxis.title.text, 'x₁ (input units)');
  // JSON round trip (what the notebook display and the exporter send) keeps everything
  assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig);
});

test('uncertaintyMapFigure: contour style, NaN cells become null, shape errors name the argument', () => {
  const fig = uncertaintyMapFigure(grid, { values: [0, NaN, 2, 3, 4, 5], quantity: 'P(class 1)', unit: 'probability', colorscale: PROBABILITY_COLORSCALE }, {}, { style: 'contour', title: 'Mean' });
  const c = fig.data[0] as Record<string, any>;
  assert.equal(c.type, 'contour');
  assert.equal(c.z[0][1], null);
  assert.equal(fig.data.length, 1);
  assert.equal((fig.layout as any).title.text, 'Mean');
  assert.throws(() => uncertaintyMapFigure(grid, { values: [1, 2], quantity: 'q', unit: 'u' }), isInput('layer.values'));
  assert.throws(() => uncertaintyMapFigure({ xs: [0], ys: [0, 1] }, { values: [1, 2], quantity: 'q', unit: 'u' }), isInput('grid'));
  assert.throws(() => uncertaintyMapFigure(grid, { values, quantity: 'q', unit: 'u' }, { training, labels: [0] }), isInput('overlay.labels'));
  assert.throws(() => uncertaintyMapFigure(grid, { values, quantity: 'q', unit: 'u' }, { ood: fromRows([[1, 2, 3]]) }), isInput('overlay.ood'));
});

test('uncertaintyMapPanel: one heatmap + overlay per panel on its own axes, non-overlapping domains, legend once', () => {
  const layers = ['Mean', 'Entropy', 'MI', 'Std'].map((q, p) => ({ values: values.map((v) => v + p), quantity: q, unit: 'u' }));
  const fig = uncertaintyMapPanel(grid, layers, { training, labels, ood });
  assert.equal(fig.data.length, 4 * (1 + 2 + 1));
  const heatmaps = fig.data.filter((t) => t.type === 'heatmap') as Record<string, any>[];
  assert.deepEqual(heatmaps.map((h) => [h.xaxis, h.yaxis]), [['x', 'y'], ['x2', 'y2'], ['x3', 'y3'], ['x4', 'y4']]);
  assert.deepEqual(heatmaps[3].z, [[3, 4, 5], [6, 7, 8]]);
  const layout = fig.layout as Record<string, any>;
  const boxes = ['', '2', '3', '4'].map((s) => ({ x: layout[`xaxis${s}`].domain, y: layout[`yaxis${s}`].domain }));
  for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) {
    const overlapX = boxes[a].x[0] < boxes[b].x[1] && boxes[b].x[0] < boxes[a].x[1];
    const overlapY = boxes[a].y[0] < boxes[b].y[1] && boxes[b].y[0] < boxes[a].y[1];
    assert.ok(!(overlapX && overlapY), `panels ${a} and ${b} overlap`);
  }
  for (const box of boxes) for (const v of [...box.x, ...box.y]) assert.ok(v >= 0 && v <= 1);
  assert.equal(fig.data.filter((t) => t.showlegend === true).length, 3);
  assert.equal(layout.annotations.length, 4);
  assert.equal(layout.xaxis3.title.text, 'x₁ (input units)'); // bottom row carries the x title
  assert.equal(layout.xaxis.title.text, '');
  assert.throws(() => uncertaintyMapPanel(grid, []), isInput('layers'));
  assert.throws(() => uncertaintyMapPanel(grid, [layers[0], { values: [1], quantity: 'q', unit: 'u' }]), isInput('layers[1].values'));
});

test('inputScalingFigure: log x axis, right axis only when asked, validation', () => {
  const fig = inputScalingFigure([1, 10, 100], [
    { name: 'confidence', values: [0.8, 0.99, 1] },
    { name: '‖z‖', values: [1, 10, Infinity], rightAxis: true, dashed: true },
  ], { left: { quantity: 'Max softmax probability', unit: 'probability' }, right: { quantity: 'Activation norm', unit: 'activation units' } });
  const layout = fig.layout as Record<string, any>;
  assert.equal(layout.xaxis.type, 'log');
  assert.deepEqual(layout.xaxis.tickvals, [1, 10, 100]);
  assert.equal(layout.yaxis2.title.text, 'Activation norm (activation units)');
  const [a, b] = fig.data as Record<string, any>[];
  assert.equal(a.yaxis, 'y');
  assert.equal(b.yaxis, 'y2');
  assert.equal(b.line.dash, 'dash');
  assert.deepEqual(b.y, [1, 10, null]);
  const single = inputScalingFigure([1, 2], [{ name: 'c', values: [0.5, 0.6] }], { left: { quantity: 'q', unit: 'u' } });
  assert.equal((single.layout as any).yaxis2, undefined);
  assert.throws(() => inputScalingFigure([], [], { left: { quantity: 'q', unit: 'u' } }), isInput('scales'));
  assert.throws(() => inputScalingFigure([0, 1], [], { left: { quantity: 'q', unit: 'u' } }), isInput('scales'));
  assert.throws(() => inputScalingFigure([1, 2], [{ name: 'c', values: [1] }], { left: { quantity: 'q', unit: 'u' } }), isInput('series[0].values'));
});
