/**
 * Figures of the benchmark results (`results/<experiment>/*.json`, see src/experiments): UCI regression beside
 * the published numbers, the Fashion-MNIST calibration table as a heat map, and OOD score histograms.
 * Pure specs: the numbers come computed from the results files; nothing here computes a metric.
 */
import { InputError } from '../core/errors';
import { FIGURE_SIZES, OKABE_ITO, PlotlyTrace, axisTitle, paperLayout, seriesColor } from './style';
import type { Figure } from './style';

/** A value with its standard error (published or measured). */
export interface ValueWithError {
  readonly mean: number;
  readonly se: number;
}

/** One data set of the UCI comparison: one entry per method/source, in drawing order. */
export interface UciPanel {
  /** Data set name, used as the panel title. */
  readonly dataset: string;
  /** e.g. {label: 'MC Dropout (ours)', value: {mean, se}}; a missing published row is omitted by the caller. */
  readonly entries: readonly { label: string; value: ValueWithError; ours: boolean }[];
}

/**
 * Small multiples, one panel per data set: each method's test RMSE or log-likelihood as a marker with ±1 standard
 * error bars, ours filled and published values open, so a reader sees at a glance whether ours lies within the
 * published error bars. Panels have their own y scale (data sets differ by orders of magnitude).
 *
 * @param panels one per data set (at least one)
 * @param metric 'rmse' (lower is better) or 'll' (test log-likelihood, higher is better)
 * @throws InputError when no panel or an empty panel is given, or a value is not finite
 * @example
 * uciComparisonFigure([{ dataset: 'yacht', entries: [{ label: 'MC Dropout (ours)', value: { mean: 0.9, se: 0.1 }, ours: true }] }], 'rmse')
 *   .data.length // 1
 */
export function uciComparisonFigure(panels: readonly UciPanel[], metric: 'rmse' | 'll'): Figure {
  if (panels.length === 0) throw new InputError('panels', 'needs at least one data set');
  const columns = Math.min(3, panels.length);
  const rows = Math.ceil(panels.length / columns);
  const data: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = {};
  const labels = [...new Set(panels.flatMap((p) => p.entries.map((e) => e.label)))];
  panels.forEach((panel, i) => {
    if (panel.entries.length === 0) throw new InputError(`panels[${i}].entries`, 'is empty');
    const axis = i === 0 ? '' : String(i + 1);
    panel.entries.forEach((e, j) => {
      if (!Number.isFinite(e.value.mean) || !Number.isFinite(e.value.se)) {
        throw new InputError(`panels[${i}].entries[${j}].value`, `is not finite: ${JSON.stringify(e.value)}`);
      }
      const colour = seriesColor(labels.indexOf(e.label));
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: e.label,
        legendgroup: e.label,
        showlegend: i === 0 || !panels.slice(0, i).some((p) => p.entries.some((q) => q.label === e.label)),
        x: [e.label],
        y: [e.value.mean],
        error_y: { type: 'data', array: [e.value.se], visible: true, color: colour, thickness: 1.2, width: 4 },
        marker: { color: e.ours ? colour : '#ffffff', size: 8, symbol: e.ours ? 'circle' : 'diamond', line: { color: colour, width: 1.5 } },
        xaxis: `x${axis}`,
        yaxis: `y${axis}`,
        hovertemplate: `${panel.dataset}<br>%{x}: %{y:.3f} ± ${e.value.se.toFixed(3)}<extra></extra>`,
      });
    });
    layout[`xaxis${axis}`] = { showticklabels: false, ticks: '', showgrid: false };
    layout[`yaxis${axis}`] = { title: { text: i % columns === 0 ? (metric === 'rmse' ? axisTitle('Test RMSE', 'target units') : axisTitle('Test log-likelihood', 'nats')) : '' } };
  });
  const annotations = panelTitles(panels.map((panel) => panel.dataset), 1.08);
  return {
    data,
    layout: paperLayout({
      ...layout,
      title: { text: metric === 'rmse' ? 'UCI test RMSE (lower is better), ±1 SE' : 'UCI test log-likelihood (higher is better), ±1 SE' },
      grid: { rows, columns, pattern: 'independent', xgap: 0.25, ygap: 0.35 },
      width: FIGURE_SIZES.doubleColumn.width,
      height: 120 + 190 * rows,
      annotations,
      legend: { orientation: 'h', x: 0, y: -0.08, xanchor: 'left', yanchor: 'top', font: { size: 9 } },
      margin: { l: 56, r: 10, t: 70, b: 60, pad: 0 },
    }),
  };
}

/** A table of one metric: rows (models) × columns (calibration methods). */
export interface MetricTable {
  readonly metric: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** values[r][c]; null for a missing cell. */
  readonly values: readonly (readonly (number | null)[])[];
  /** Digits shown in the cells. @default 2 */
  readonly decimals?: number;
  /** Whether lower values are better (colour scale reversed so "good" is always light). @default true */
  readonly lowerIsBetter?: boolean;
}

/**
 * The calibration table (models × calibration methods) as a heat map with each cell's value printed in it,
 * like Guo et al. (2017) Table 1 made visual. The colour scale is sequential (light = good).
 *
 * @throws InputError when the value grid does not match the row and column names, or is all missing
 * @example
 * calibrationHeatmapFigure({ metric: 'ECE %', rows: ['single'], columns: ['uncalibrated', 'temperature'], values: [[4.1, 1.2]] })
 *   .data[0].type // 'heatmap'
 */
export function calibrationHeatmapFigure(table: MetricTable): Figure {
  if (table.values.length !== table.rows.length) throw new InputError('table.values', `has ${table.values.length} rows, expected ${table.rows.length}`);
  table.values.forEach((r, i) => {
    if (r.length !== table.columns.length) throw new InputError('table.values', `row has ${r.length} cells, expected ${table.columns.length}`, i);
  });
  const finite = table.values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) throw new InputError('table.values', 'has no finite value');
  const decimals = table.decimals ?? 2;
  const lowerIsBetter = table.lowerIsBetter ?? true;
  // Plotly draws z row 0 at the bottom; reverse so the first model is the top row, as in a printed table.
  const rows = [...table.rows].reverse();
  const z = [...table.values].reverse().map((r) => r.map((v) => (v === null ? null : v)));
  return {
    data: [
      {
        type: 'heatmap',
        x: [...table.columns],
        y: rows,
        z,
        text: z.map((r) => r.map((v) => (v === null ? '' : v.toFixed(decimals)))),
        texttemplate: '%{text}',
        textfont: { size: 9 },
        // Plotly's YlOrRd runs dark red (low) → yellow (high): reversed when lower is better, so good is light.
        colorscale: 'YlOrRd',
        reversescale: lowerIsBetter,
        zmin: Math.min(...finite),
        zmax: Math.max(...finite),
        colorbar: { title: { text: table.metric, side: 'right' }, thickness: 10 },
        hovertemplate: '%{y} · %{x}: %{z}<extra></extra>',
      },
    ],
    layout: paperLayout({
      title: { text: `${table.metric} by model and calibration method` },
      width: FIGURE_SIZES.doubleColumn.width,
      height: 80 + 40 * table.rows.length + 60,
      xaxis: { showgrid: false, ticks: '', side: 'bottom', title: { text: 'Calibration method (fitted on validation)' } },
      yaxis: { showgrid: false, ticks: '', title: { text: '' } },
      margin: { l: 130, r: 10, t: 30, b: 70, pad: 0 },
    }),
  };
}

/** Histogram counts of a score on in-distribution and OOD inputs, over equal bins on [lo, hi]. */
export interface ScoreHistogram {
  readonly label: string;
  readonly lo: number;
  readonly hi: number;
  readonly inDistribution: readonly number[];
  readonly ood: readonly number[];
}

/**
 * Overlaid histograms (as fractions of each set) of an uncertainty score on in-distribution test inputs and on
 * OOD inputs, one panel per model: the separation the OOD AUROC summarises.
 *
 * @param panels one per model (at least one), each with the same number of bins for both sets
 * @param scoreName axis title of the score, e.g. 'Max probability'
 * @param unit its unit, e.g. 'probability' or 'nats'
 * @throws InputError on mismatched bin counts or an empty set
 * @example
 * oodHistogramFigure([{ label: 'single', lo: 0, hi: 1, inDistribution: [1, 9], ood: [6, 4] }], 'Max probability', 'probability')
 *   .data.map((t) => t.name) // ['in-distribution', 'OOD']
 */
export function oodHistogramFigure(panels: readonly ScoreHistogram[], scoreName: string, unit: string): Figure {
  if (panels.length === 0) throw new InputError('panels', 'needs at least one model');
  const data: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = {};
  panels.forEach((p, i) => {
    if (p.inDistribution.length === 0 || p.inDistribution.length !== p.ood.length) {
      throw new InputError(`panels[${i}]`, `in-distribution has ${p.inDistribution.length} bins, OOD ${p.ood.length}`);
    }
    const k = p.inDistribution.length;
    const width = (p.hi - p.lo) / k;
    const centers = Array.from({ length: k }, (_, b) => p.lo + (b + 0.5) * width);
    const axis = i === 0 ? '' : String(i + 1);
    const share = (counts: readonly number[], name: string): number[] => {
      const total = counts.reduce((a, b) => a + b, 0);
      if (!(total > 0)) throw new InputError(`panels[${i}].${name}`, 'has no samples');
      return counts.map((c) => c / total);
    };
    data.push(
      { type: 'bar', name: 'in-distribution', legendgroup: 'in', showlegend: i === 0, x: centers, y: share(p.inDistribution, 'inDistribution'), width, marker: { color: OKABE_ITO.blue, opacity: 0.6 }, xaxis: `x${axis}`, yaxis: `y${axis}` },
      { type: 'bar', name: 'OOD', legendgroup: 'ood', showlegend: i === 0, x: centers, y: share(p.ood, 'ood'), width, marker: { color: OKABE_ITO.vermillion, opacity: 0.6 }, xaxis: `x${axis}`, yaxis: `y${axis}` },
    );
    layout[`xaxis${axis}`] = { range: [p.lo, p.hi], title: { text: axisTitle(scoreName, unit) } };
    layout[`yaxis${axis}`] = { title: { text: i === 0 ? axisTitle('Share of inputs', 'fraction') : '' } };
  });
  const annotations = panelTitles(panels.map((p) => p.label), 1.04);
  return {
    data,
    layout: paperLayout({
      ...layout,
      title: { text: `${scoreName}: Fashion-MNIST test vs MNIST digits (OOD)` },
      barmode: 'overlay',
      grid: { rows: 1, columns: panels.length, pattern: 'independent', xgap: 0.2 },
      width: FIGURE_SIZES.doubleColumn.width,
      height: FIGURE_SIZES.doubleColumn.height,
      annotations,
      margin: { l: 50, r: 10, t: 64, b: 44, pad: 0 },
    }),
  };
}

/** One centred title above each subplot of a Plotly grid (subplot i uses axes x{i+1}/y{i+1}; the first has no number). */
function panelTitles(titles: string[], y: number): Record<string, unknown>[] {
  return titles.map((text, i) => ({
    text,
    showarrow: false,
    xref: `x${i === 0 ? '' : i + 1} domain`,
    yref: `y${i === 0 ? '' : i + 1} domain`,
    x: 0.5,
    y,
    xanchor: 'center',
    yanchor: 'bottom',
    font: { size: 10 },
  }));
}
