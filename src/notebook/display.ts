/**
 * Rich display for tslab notebooks: Plotly figures, tables and in-place progress, each sent as ONE Jupyter
 * `display_data` message carrying several mime types (a "bundle"), so every front end picks what it renders:
 * JupyterLab draws `application/vnd.plotly.v1+json` natively, the classic notebook and exported HTML run the
 * `text/html` (plotly.js embedded once per kernel session), and terminals/CI logs show `text/plain`.
 *
 * Why not `tslab.display`: its public API (`display.html(s)`, `display.raw(type, s)`) sends one mime type per
 * message. tslab keeps the kernel's real publisher in `require('tslab/dist/jupyter').lastWriteDisplayData`
 * — a function `(content: {data, metadata, transient}, update: boolean) => void` that it rebinds on every
 * execute request so outputs carry the right parent header (tslab 1.0.22, dist/jupyter.js
 * `handleExecuteImpl`; its own `DisplayImpl.raw` calls exactly this with a one-entry `data`). We call it with
 * a full `data` object. It is read at each call, never cached, because tslab replaces it per cell.
 * Outside a kernel (tests, the CLI) nothing is published unless a sink is passed explicitly.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Figure } from '../plots/style';

/** Content of a Jupyter `display_data` / `update_display_data` message (nbformat 4 output minus `output_type`). */
export interface DisplayBundle {
  /** mime type → payload (strings; JSON mime types take objects). */
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** `display_id` makes a later `update_display_data` with the same id replace this output in place. */
  transient?: { display_id?: string };
}

/** Where bundles go: the kernel's publisher, or a test's recorder. `update` selects `update_display_data`. */
export type DisplaySink = (bundle: DisplayBundle, update: boolean) => void;

/**
 * The running tslab kernel's publisher, or `undefined` outside a tslab cell. Looked up on every call because
 * tslab rebinds it per execute request.
 *
 * @example
 * tslabSink() // undefined in plain Node; a function inside a tslab cell
 */
export function tslabSink(): DisplaySink | undefined {
  let jupyter: { lastWriteDisplayData?: DisplaySink | null };
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    jupyter = require('tslab/dist/jupyter');
  } catch {
    return undefined;
  }
  const publish = jupyter.lastWriteDisplayData;
  return typeof publish === 'function' ? (bundle, update) => publish(bundle, update) : undefined;
}

function resolveSink(sink: DisplaySink | undefined): DisplaySink | undefined {
  return sink ?? tslabSink();
}

/** Mime type JupyterLab's Plotly renderer (and nbconvert, VS Code) understand. */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

// Kept on globalThis under a registered symbol so that re-importing this module (tslab recompiles imported
// files when they change) does not embed plotly.js a second time in the same kernel session.
const EMBED_STATE = Symbol.for('certitude.notebook.plotlyEmbedded');
type EmbedState = { embedded: boolean };
function embedState(): EmbedState {
  const g = globalThis as unknown as Record<symbol, EmbedState | undefined>;
  let state = g[EMBED_STATE];
  if (!state) {
    state = { embedded: false };
    g[EMBED_STATE] = state;
  }
  return state;
}

/**
 * Forget that plotly.js was embedded, so the next figure embeds it again (e.g. after clearing all outputs in
 * a long-running kernel, where the first figure's output that carried the library is gone).
 */
export function resetPlotlyEmbedding(): void {
  embedState().embedded = false;
}

let plotlySourceCache: string | undefined;

/**
 * The plotly.js bundle (plotly.js-cartesian-dist-min: bar, scatter, histogram, heatmap — ~1.5 MB instead of
 * ~4.6 MB for the full bundle), read once from node_modules.
 *
 * @throws Error when the package is not installed
 */
export function plotlySource(): string {
  if (plotlySourceCache === undefined) {
    const path = require.resolve('plotly.js-cartesian-dist-min/plotly-cartesian.min.js');
    plotlySourceCache = readFileSync(path, 'utf8');
  }
  return plotlySourceCache;
}

/** JSON safe to put inside a `<script>` element: no `</script>` or `<!--` can end or comment it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function figureTitle(figure: Figure): string | undefined {
  const title = figure.layout.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string') return (title as { text: string }).text;
  return undefined;
}

/**
 * One-line-per-trace text summary of a figure: what a terminal, a CI log or a text diff shows.
 *
 * @example
 * figureToPlainText({ data: [{ type: 'bar', name: 'acc', x: [1, 2] }], layout: { title: { text: 'T' } } })
 * // 'Figure: T\n  bar "acc" (2 points)'
 */
export function figureToPlainText(figure: Figure): string {
  const lines = [`Figure: ${figureTitle(figure) ?? '(untitled)'}`];
  for (const trace of figure.data) {
    const xs = trace.x ?? trace.y ?? trace.values;
    const n = Array.isArray(xs) || ArrayBuffer.isView(xs) ? (xs as ArrayLike<unknown>).length : 0;
    lines.push(`  ${trace.type ?? 'scatter'}${trace.name ? ` "${trace.name}"` : ''} (${n} points)`);
  }
  return lines.join('\n');
}

/** Typed arrays become plain arrays: JSON.stringify would otherwise write `{"0":..}` objects Plotly cannot read. */
export function plainFigure(figure: Figure): Figure {
  return JSON.parse(
    JSON.stringify(figure, (_key, value) => (ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as unknown as ArrayLike<number>) : value)),
  ) as Figure;
}

/** Options of {@link figureBundle} and {@link displayFigure}. */
export interface FigureDisplayOptions {
  /**
   * Embed plotly.js in this figure's HTML. `'auto'` embeds it only for the first figure of the kernel session.
   * @default 'auto'
   */
  embedPlotly?: 'auto' | 'always' | 'never';
  /** Element id of the figure's div. @default a random id */
  divId?: string;
}

/**
 * The display bundle of a figure: the Plotly JSON, HTML that draws it with plotly.js, and a text summary.
 * The HTML draws as soon as `window.Plotly` exists; figures rendered before the embedding script ran
 * (outputs re-rendered out of order) wait in a queue that the embedding script drains.
 *
 * @param figure a Plotly spec from `src/plots`
 * @param embedPlotly whether this HTML carries the plotly.js source (≈1.5 MB)
 * @param divId element id for the plot
 * @example
 * figureBundle({ data: [], layout: {} }, false, 'f1').data['text/plain'] // 'Figure: (untitled)'
 */
export function figureBundle(figure: Figure, embedPlotly: boolean, divId: string): DisplayBundle {
  const plain = plainFigure(figure);
  const width = typeof plain.layout.width === 'number' ? `${plain.layout.width}px` : '100%';
  const height = typeof plain.layout.height === 'number' ? `${plain.layout.height}px` : '360px';
  const parts: string[] = [];
  if (embedPlotly) {
    parts.push(
      `<script type="text/javascript">${plotlySource()}\n;(function(){var q=window.__certitudePlotlyQueue||[];window.__certitudePlotlyQueue=[];q.forEach(function(f){f();});})();</script>`,
    );
  }
  parts.push(`<div id="${escapeHtml(divId)}" class="certitude-figure" style="width:${width};height:${height};"></div>`);
  parts.push(
    '<script type="text/javascript">(function(){' +
      `var fig=${jsonForScript(plain)};` +
      `function draw(){window.Plotly.newPlot(${jsonForScript(divId)},fig.data,fig.layout,{displaylogo:false,responsive:false});}` +
      'if(window.Plotly){draw();}else{(window.__certitudePlotlyQueue=window.__certitudePlotlyQueue||[]).push(draw);}' +
      '})();</script>',
  );
  return {
    data: {
      [PLOTLY_MIME]: plain,
      'text/html': parts.join('\n'),
      'text/plain': figureToPlainText(plain),
    },
    metadata: {},
  };
}

/**
 * Show a Plotly figure in the notebook as one display bundle (see module doc). plotly.js is embedded in the
 * HTML of the first figure of the kernel session only; later figures reuse `window.Plotly`.
 *
 * @param figure a Plotly spec from `src/plots`
 * @param options see {@link FigureDisplayOptions}
 * @param sink where to publish; defaults to the running tslab kernel
 * Returns nothing on purpose: tslab prints a cell's last expression, which would dump the whole bundle.
 * @example
 * // in a tslab cell:
 * displayFigure(reliabilityDiagram({ bins, ece, modelName: 'MLP' }));
 */
export function displayFigure(figure: Figure, options: FigureDisplayOptions = {}, sink?: DisplaySink): void {
  const target = resolveSink(sink);
  const state = embedState();
  const mode = options.embedPlotly ?? 'auto';
  const embed = mode === 'always' || (mode === 'auto' && !state.embedded && target !== undefined);
  const bundle = figureBundle(figure, embed, options.divId ?? `certitude-fig-${randomBytes(6).toString('hex')}`);
  if (target) {
    target(bundle, false);
    if (embed) state.embedded = true;
  }
}

/** One table cell value. Numbers are formatted with {@link TableOptions.digits}. */
export type TableCell = string | number | boolean | null | undefined;

/** Options of {@link tableBundle} / {@link displayTable}. */
export interface TableOptions {
  /** Column order and subset. @default keys of the first row */
  columns?: string[];
  /** Significant decimals for non-integer numbers. @default 4 */
  digits?: number;
  /** Caption above the table. */
  caption?: string;
}

function formatCell(value: TableCell, digits: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
    return Number.isInteger(value) ? String(value) : value.toFixed(digits);
  }
  return String(value);
}

/**
 * HTML + aligned plain-text rendering of rows of records.
 *
 * @param rows one object per row; missing fields print empty
 * @param options see {@link TableOptions}
 * @throws RangeError when `digits` is not an integer in [0, 20]
 * @example
 * tableBundle([{ method: 'none', ece: 0.1234567 }]).data['text/plain']
 * // 'method  ece   \n------  ------\nnone    0.1235'
 */
export function tableBundle(rows: ReadonlyArray<Record<string, TableCell>>, options: TableOptions = {}): DisplayBundle {
  const digits = options.digits ?? 4;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) throw new RangeError(`tableBundle: digits must be an integer in [0, 20], got ${digits}`);
  const columns = options.columns ?? (rows.length > 0 ? Object.keys(rows[0]) : []);
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c], digits)));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => typeof r[c] === 'number' || r[c] == null));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const pad = (s: string, j: number): string => (numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]));
  const plainLines = [
    ...(options.caption ? [options.caption] : []),
    columns.map((c, j) => c.padEnd(widths[j])).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((r) => r.map(pad).join('  ')),
  ];
  const align = (j: number): string => (numeric[j] ? ' style="text-align:right"' : ' style="text-align:left"');
  const html = [
    '<table class="certitude-table">',
    ...(options.caption ? [`<caption>${escapeHtml(options.caption)}</caption>`] : []),
    `<thead><tr>${columns.map((c, j) => `<th${align(j)}>${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${cells.map((r) => `<tr>${r.map((v, j) => `<td${align(j)}>${escapeHtml(v)}</td>`).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('');
  return { data: { 'text/html': html, 'text/plain': plainLines.join('\n') }, metadata: {} };
}

/**
 * Show rows as a table (HTML for notebooks, aligned text for logs) in one bundle.
 *
 * @param rows one object per row
 * @param options see {@link TableOptions}
 * @param sink where to publish; defaults to the running tslab kernel (returns nothing, like displayFigure)
 * @example
 * displayTable([{ method: 'temperature', ece: 0.012 }], { digits: 3 });
 */
export function displayTable(rows: ReadonlyArray<Record<string, TableCell>>, options: TableOptions = {}, sink?: DisplaySink): void {
  const target = resolveSink(sink);
  if (target) target(tableBundle(rows, options), false);
}
