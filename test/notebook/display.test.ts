import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  displayFigure, displayTable, figureBundle, jsonForScript, plainFigure, PLOTLY_MIME, resetPlotlyEmbedding,
  tableBundle, tslabSink, type DisplayBundle,
} from '../../src/notebook/display';
import { notebookProgress, progressBundle } from '../../src/notebook/progress';
import { terminalProgress } from '../../src/cli/progress';
import type { Figure } from '../../src/plots/style';

function recorder(): { sink: (b: DisplayBundle, u: boolean) => void; calls: Array<{ bundle: DisplayBundle; update: boolean }> } {
  const calls: Array<{ bundle: DisplayBundle; update: boolean }> = [];
  return { sink: (bundle, update) => calls.push({ bundle, update }), calls };
}

const fig: Figure = { data: [{ type: 'bar', name: 'acc', x: new Float64Array([0.1, 0.2]), y: [1, 2] }], layout: { title: { text: 'T' }, width: 300, height: 200 } };

test('outside a tslab kernel there is no sink and nothing embeds', () => {
  assert.equal(tslabSink(), undefined);
  resetPlotlyEmbedding();
  displayFigure(fig); // no sink: publishes nothing and must not mark plotly.js as embedded
  const { sink, calls } = recorder();
  displayFigure(fig, {}, sink);
  assert.ok((calls[0].bundle.data['text/html'] as string).length > 1_000_000, 'the first figure actually published embeds plotly.js');
});

test('figure bundle carries plotly JSON, HTML and plain text in one message; typed arrays become arrays', () => {
  const b = figureBundle(fig, false, 'fig-1');
  assert.deepEqual(Object.keys(b.data).sort(), [PLOTLY_MIME, 'text/html', 'text/plain'].sort());
  const json = b.data[PLOTLY_MIME] as Figure;
  assert.deepEqual(json.data[0].x, [0.1, 0.2]);
  assert.equal(b.data['text/plain'], 'Figure: T\n  bar "acc" (2 points)');
  const html = b.data['text/html'] as string;
  assert.match(html, /<div id="fig-1" class="certitude-figure" style="width:300px;height:200px;"><\/div>/);
  assert.ok(html.length < 5000, 'no plotly.js source when not embedding');
});

test('plotly.js is embedded once per session, later figures reuse it', () => {
  resetPlotlyEmbedding();
  const { sink, calls } = recorder();
  displayFigure(fig, {}, sink);
  displayFigure(fig, {}, sink);
  displayFigure(fig, { embedPlotly: 'always' }, sink);
  assert.equal(calls.length, 3);
  const sizes = calls.map((c) => (c.bundle.data['text/html'] as string).length);
  assert.ok(sizes[0] > 1_000_000, `first embeds plotly.js (${sizes[0]} chars)`);
  assert.ok(sizes[1] < 5000);
  assert.ok(sizes[2] > 1_000_000);
  assert.ok(calls.every((c) => c.update === false));
  assert.match(calls[0].bundle.data['text/html'] as string, /window\.Plotly = Plotly/);
});

test('script JSON cannot close the script element', () => {
  const s = jsonForScript({ t: '</script><script>alert(1)</script>' });
  assert.ok(!s.includes('</'));
  assert.deepEqual(JSON.parse(s), { t: '</script><script>alert(1)</script>' });
  const evil: Figure = { data: [], layout: { title: { text: '</script>' } } };
  assert.ok(!(figureBundle(evil, false, 'x').data['text/html'] as string).includes('"</script>'));
  assert.deepEqual(plainFigure(evil), evil);
});

test('table: aligned plain text, escaped HTML, digits', () => {
  const rows = [{ method: 'none', ece: 0.1234567, n: 10 }, { method: '<iso>', ece: 0.01, n: 200 }];
  const b = tableBundle(rows, { digits: 3, caption: 'Test split' });
  assert.equal(b.data['text/plain'], ['Test split', 'method  ece    n  ', '------  -----  ---', 'none    0.123   10', '<iso>   0.010  200'].join('\n'));
  const html = b.data['text/html'] as string;
  assert.ok(html.includes('&lt;iso&gt;') && !html.includes('<iso>'));
  assert.ok(html.includes('<caption>Test split</caption>'));
  assert.throws(() => tableBundle(rows, { digits: -1 }), RangeError);
  const { sink, calls } = recorder();
  displayTable(rows, {}, sink);
  assert.equal(calls.length, 1);
  assert.equal(tableBundle([]).data['text/plain'], '\n');
});

test('notebook progress: one display_id, first display then updates, throttled, final always sent', () => {
  let t = 0;
  const { sink, calls } = recorder();
  const bar = notebookProgress(10, { label: 'fit', sink, now: () => t, minIntervalMs: 100 });
  assert.equal(calls.length, 1);
  assert.equal(calls[0].update, false);
  for (let i = 0; i < 9; i++) { t += 10; bar.tick(); }
  assert.equal(calls.length, 1, 'throttled: 90 ms < 100 ms');
  t += 200;
  bar.tick(1, 'loss 0.1');
  assert.equal(bar.completed, 10);
  assert.equal(calls.length, 2);
  assert.equal(calls[1].update, true);
  assert.ok(calls.every((c) => c.bundle.transient?.display_id === bar.displayId));
  assert.match(calls[1].bundle.data['text/plain'] as string, /^fit 100% \|#{20}\| 10\/10 \[0\.3s<0\.0s\] loss 0\.1$/);
  assert.throws(() => notebookProgress(0), RangeError);
  assert.equal(progressBundle('fit', 5, 10, 2000, 'loss 0.3', 'id1').data['text/plain'], 'fit  50% |##########          | 5/10 [2.0s<2.0s] loss 0.3');
});

test('terminal progress on a non-TTY stream logs a line per quarter', () => {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  (stream as unknown as PassThrough).on('data', (d: Buffer) => { out += d.toString(); });
  const bar = terminalProgress(8, { label: 'nb', stream });
  for (let i = 0; i < 8; i++) bar.tick(1, `#${i}`);
  bar.stop();
  assert.equal(out, 'nb 2/8 #1\nnb 4/8 #3\nnb 6/8 #5\nnb 8/8 #7\n');
  assert.throws(() => terminalProgress(1.5), RangeError);
});
