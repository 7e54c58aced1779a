/**
 * Plotly figure specs for calibration: the reliability diagram with its confidence histogram (Guo et al. 2017,
 * Fig. 1 layout), an overlay of several models' reliability curves, a comparison of calibration methods on
 * several scores, and a curve over the softmax temperature.
 *
 * Pure: bins come from `reliabilityBins` (src/metrics) and scores from the metrics module; nothing here
 * computes a metric. The only arithmetic is layout (bin centres, bar widths, each bin's share of samples for
 * the histogram's height).
 */
import { InputError } from '../core/errors';
import type { ReliabilityBin } from '../metrics/reliability';
import { Figure, FIGURE_SIZES, OKABE_ITO, PALETTE, PlotlyLayout, PlotlyTrace, REFERENCE_LINE_COLOR, axisTitle, paperLayout, seriesColor } from './style';

// Bars of up to 8 methods get distinct colours: the 7 palette colours, then Okabe–Ito black.
const METHOD_COLORS: readonly string[] = [...PALETTE, OKABE_ITO.black];
const methodColor = (i: number): string => METHOD_COLORS[i % METHOD_COLORS.length];

/** Formats a calibration error for a legend: 3 decimals, or 4 below 0.01 so small errors stay distinct. */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) < 0.01 ? value.toFixed(4) : value.toFixed(3);
}

function checkBins(bins: readonly ReliabilityBin[], argument: string): void {
  if (bins.length === 0) throw new InputError(argument, 'needs at least one bin');
  let previousHi = -Infinity;
  bins.forEach((b, i) => {
    if (!(Number.isFinite(b.lo) && Number.isFinite(b.hi) && b.lo < b.hi)) throw new InputError(argument, `bin edges must be finite with lo < hi (bin ${i}: ${b.lo}, ${b.hi})`, i);
    if (b.lo < previousHi - 1e-12) throw new InputError(argument, `bins must be sorted and not overlap (bin ${i} starts at ${b.lo} < ${previousHi})`, i);
    if (!Number.isInteger(b.count) || b.count < 0) throw new InputError(argument, `count must be a non-negative integer (bin ${i}: ${b.count})`, i);
    if (b.count > 0 && !(Number.isFinite(b.accuracy) && Number.isFinite(b.confidence))) throw new InputError(argument, `a non-empty bin needs finite accuracy and confidence (bin ${i})`, i);
    previousHi = b.hi;
  });
}

function diagonal(showLegend: boolean, xaxis = 'x', yaxis = 'y'): PlotlyTrace {
  return {
    type: 'scatter',
    mode: 'lines',
    x: [0, 1],
    y: [0, 1],
    name: 'Perfect calibration',
    line: { color: REFERENCE_LINE_COLOR, dash: 'dash', width: 1 },
    hoverinfo: 'skip',
    showlegend: showLegend,
    xaxis,
    yaxis,
  };
}

/** Input of {@link reliabilityDiagramFigure}. */
export interface ReliabilityDiagramInput {
  /** Bins from `reliabilityBins` (top-label or positive-class), sorted, empty bins allowed. */
  bins: readonly ReliabilityBin[];
  /** Expected calibration error of the same bins, shown in the legend (from `expectedCalibrationError`). */
  ece?: number;
  /** Name of the model/method, e.g. `'MLP, T = 1'`. */
  label?: string;
  /** Figure title. @default 'Reliability diagram' (with the label) */
  title?: string;
  /**
   * Overall accuracy and mean confidence (from the metrics module), drawn as vertical lines on the histogram
   * like Guo et al.; omitted → no lines.
   */
  accuracy?: number;
  meanConfidence?: number;
  /** Draw the confidence histogram beneath. @default true */
  histogram?: boolean;
  /** What the scores are: axis label of x. @default 'Confidence' */
  scoreName?: string;
}

/**
 * Reliability diagram: bars of accuracy per confidence bin, the gap to the diagonal hatched (positive where the
 * model is over-confident), the diagonal, ECE in the legend, and beneath it the share of samples per bin.
 * Bars are drawn at each bin's true extent [lo, hi]; empty bins draw nothing.
 *
 * @param input see {@link ReliabilityDiagramInput}
 * @returns a single-column figure (taller when the histogram is drawn)
 * @throws InputError when bins are empty, unsorted, overlapping, or a non-empty bin has NaN values
 * @example
 * const fig = reliabilityDiagramFigure({ bins: reliabilityBins(probs, labels, { bins: 15 }), ece: 0.083, label: 'MLP' });
 * fig.data.map((t) => t.name) // ['Accuracy (ECE = 0.083)', 'Gap', 'Perfect calibration', 'Samples']
 */
export function reliabilityDiagramFigure(input: ReliabilityDiagramInput): Figure {
  checkBins(input.bins, 'bins');
  const withHistogram = input.histogram ?? true;
  const nonEmpty = input.bins.filter((b) => b.count > 0);
  const centers = nonEmpty.map((b) => (b.lo + b.hi) / 2);
  const widths = nonEmpty.map((b) => b.hi - b.lo);
  const scoreName = input.scoreName ?? 'Confidence';
  const accuracyName = input.ece === undefined ? 'Accuracy' : `Accuracy (ECE = ${formatScore(input.ece)})`;
  const data: PlotlyTrace[] = [
    {
      type: 'bar',
      name: accuracyName,
      x: centers,
      y: nonEmpty.map((b) => b.accuracy),
      width: widths,
      marker: { color: OKABE_ITO.blue, line: { color: '#000000', width: 0.5 } },
      hovertemplate: 'bin %{x:.3f}<br>accuracy %{y:.3f}<extra></extra>',
    },
    {
      type: 'bar',
      name: 'Gap',
      x: centers,
      // A bar from accuracy up (or down) to the bin's mean confidence: the bin's calibration error.
      base: nonEmpty.map((b) => b.accuracy),
      y: nonEmpty.map((b) => b.confidence - b.accuracy),
      width: widths,
      // Translucent fill, not a hatch pattern: Chromium's PDF turns Plotly's pattern into thousands of paths.
      marker: { color: 'rgba(213,94,0,0.3)', line: { color: OKABE_ITO.vermillion, width: 1 } },
      customdata: nonEmpty.map((b) => [b.confidence, b.count]),
      hovertemplate: 'confidence %{customdata[0]:.3f}<br>n = %{customdata[1]}<extra></extra>',
    },
    diagonal(true),
  ];
  const title = input.title ?? (input.label ? `Reliability: ${input.label}` : 'Reliability diagram');
  const layout: PlotlyLayout = {
    title: { text: title },
    barmode: 'overlay',
    xaxis: { range: [0, 1], title: { text: withHistogram ? '' : axisTitle(scoreName, 'probability') }, showticklabels: !withHistogram, dtick: 0.2 },
    yaxis: { range: [0, 1], title: { text: axisTitle('Accuracy', 'fraction correct') }, dtick: 0.2 },
    legend: { x: 0.02, y: 0.98 },
  };
  if (withHistogram) {
    const total = input.bins.reduce((s, b) => s + b.count, 0);
    data.push({
      type: 'bar',
      name: 'Samples',
      x: input.bins.map((b) => (b.lo + b.hi) / 2),
      y: input.bins.map((b) => (total > 0 ? b.count / total : 0)),
      width: input.bins.map((b) => b.hi - b.lo),
      marker: { color: '#999999', line: { color: '#000000', width: 0.5 } },
      customdata: input.bins.map((b) => b.count),
      hovertemplate: 'bin %{x:.3f}<br>%{y:.1%} of samples (n = %{customdata})<extra></extra>',
      showlegend: false,
      xaxis: 'x2',
      yaxis: 'y2',
    });
    const shapes: Record<string, unknown>[] = [];
    const annotations: Record<string, unknown>[] = [];
    // Lines at the overall accuracy and mean confidence; their labels sit in the panel's top-left corner, which
    // stays empty for the usual right-heavy confidence histogram, so they never clip at the right edge.
    const marker = (value: number | undefined, text: string, color: string, dash: string, row: number): void => {
      if (value === undefined) return;
      shapes.push({ type: 'line', xref: 'x2', yref: 'y2 domain', x0: value, x1: value, y0: 0, y1: 1, line: { color, width: 1.5, dash } });
      annotations.push({ xref: 'x2 domain', yref: 'y2 domain', x: 0.02, y: 1 - 0.3 * row, text: `${text} ${formatScore(value)}`, showarrow: false, xanchor: 'left', yanchor: 'top', font: { size: 9, color } });
    };
    marker(input.accuracy, '— accuracy', OKABE_ITO.bluishGreen, 'solid', 0);
    marker(input.meanConfidence, '··· mean confidence', OKABE_ITO.vermillion, 'dot', input.accuracy === undefined ? 0 : 1);
    Object.assign(layout, {
      height: FIGURE_SIZES.singleColumnTall.height,
      yaxis: { ...(layout.yaxis as object), domain: [0.34, 1] },
      xaxis2: { range: [0, 1], anchor: 'y2', matches: 'x', dtick: 0.2, title: { text: axisTitle(scoreName, 'probability') } },
      yaxis2: { domain: [0, 0.24], anchor: 'x2', rangemode: 'tozero', tickformat: '.0%', title: { text: axisTitle('Samples', '%') } },
      shapes,
      annotations,
    });
    (layout.xaxis as Record<string, unknown>).anchor = 'y';
  }
  return { data, layout: paperLayout(layout) };
}

/** One curve of {@link reliabilityOverlayFigure}. */
export interface ReliabilityCurve {
  /** Model or method name. */
  label: string;
  /** Bins from `reliabilityBins`. */
  bins: readonly ReliabilityBin[];
  /** Its ECE, appended to the legend entry. */
  ece?: number;
}

/**
 * Several reliability curves on one plot: accuracy against mean confidence of each non-empty bin (points at the
 * bins' mean confidence, not their centres, so curves with different binning compare honestly), one colour per
 * curve, ECE in the legend, the diagonal for reference.
 *
 * @param curves one entry per model/method (at least one)
 * @param options title and score name
 * @throws InputError when no curve is given or a curve's bins are invalid
 * @example
 * reliabilityOverlayFigure([{ label: 'uncalibrated', bins: b0, ece: 0.08 }, { label: 'temperature', bins: b1, ece: 0.012 }])
 *   .data.map((t) => t.name) // ['Perfect calibration', 'uncalibrated (ECE 0.080)', 'temperature (ECE 0.012)']
 */
export function reliabilityOverlayFigure(curves: readonly ReliabilityCurve[], options: { title?: string; scoreName?: string } = {}): Figure {
  if (curves.length === 0) throw new InputError('curves', 'needs at least one curve');
  const data: PlotlyTrace[] = [diagonal(true)];
  curves.forEach((curve, i) => {
    checkBins(curve.bins, `curves[${i}].bins`);
    const nonEmpty = curve.bins.filter((b) => b.count > 0);
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: curve.ece === undefined ? curve.label : `${curve.label} (ECE ${formatScore(curve.ece)})`,
      x: nonEmpty.map((b) => b.confidence),
      y: nonEmpty.map((b) => b.accuracy),
      customdata: nonEmpty.map((b) => b.count),
      line: { color: seriesColor(i), width: 1.5 },
      marker: { color: seriesColor(i), size: 5, symbol: ['circle', 'square', 'diamond', 'triangle-up', 'x', 'cross', 'star'][i % 7] },
      hovertemplate: 'confidence %{x:.3f}<br>accuracy %{y:.3f}<br>n = %{customdata}<extra></extra>',
    });
  });
  const scoreName = options.scoreName ?? 'Confidence';
  return {
    data,
    layout: paperLayout({
      title: { text: options.title ?? 'Reliability curves' },
      height: FIGURE_SIZES.singleColumn.width,
      xaxis: { range: [0, 1], dtick: 0.2, title: { text: axisTitle(`Mean ${scoreName.toLowerCase()} in bin`, 'probability') } },
      yaxis: { range: [0, 1], dtick: 0.2, title: { text: axisTitle('Accuracy in bin', 'fraction correct') } },
      legend: { x: 0.02, y: 0.98, font: { size: 9 } },
    }),
  };
}

/** A score shown in {@link calibrationComparisonFigure}. */
export interface ComparedMetric {
  /** Key in each row's `values`. */
  key: string;
  /** Panel title, e.g. `'ECE'`. */
  label: string;
  /** Its unit for the y axis, e.g. `'probability'`, `'nats'`. */
  unit: string;
}

/** One method's scores in {@link calibrationComparisonFigure}. */
export interface ComparedMethod {
  /** Method name, e.g. `'temperature'`. */
  method: string;
  /** metric key → value. */
  values: Record<string, number>;
  /** metric key → [lower, upper] interval (e.g. bootstrap 95 %), drawn as error bars. */
  intervals?: Record<string, readonly [number, number]>;
}

/**
 * Calibration methods side by side: one panel per score (ECE, NLL, Brier, ... have different scales), one bar
 * per method in the same colour across panels, optional interval whiskers.
 *
 * @param rows one entry per method, in display order (e.g. 'uncalibrated' first)
 * @param metrics the panels, left to right
 * @param options title
 * @throws InputError when rows or metrics are empty, or a value is missing/non-finite
 * @example
 * calibrationComparisonFigure(
 *   [{ method: 'none', values: { ece: 0.08, nll: 0.41 } }, { method: 'temperature', values: { ece: 0.01, nll: 0.33 } }],
 *   [{ key: 'ece', label: 'ECE', unit: 'probability' }, { key: 'nll', label: 'NLL', unit: 'nats' }],
 * ).data.length // 2 (one bar trace per panel)
 */
export function calibrationComparisonFigure(rows: readonly ComparedMethod[], metrics: readonly ComparedMetric[], options: { title?: string } = {}): Figure {
  if (rows.length === 0) throw new InputError('rows', 'needs at least one method');
  if (metrics.length === 0) throw new InputError('metrics', 'needs at least one metric');
  const gap = 0.1;
  const panelWidth = (1 - gap * (metrics.length - 1)) / metrics.length;
  const data: PlotlyTrace[] = [];
  const layout: PlotlyLayout = {
    title: { text: options.title ?? 'Calibration methods compared' },
    width: FIGURE_SIZES.doubleColumn.width,
    height: FIGURE_SIZES.doubleColumn.height,
    showlegend: false,
    margin: { l: 52, r: 10, t: 46, b: 70 },
    annotations: [] as Record<string, unknown>[],
  };
  metrics.forEach((metric, j) => {
    const values = rows.map((row, i) => {
      const v = row.values[metric.key];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`rows[${i}].values.${metric.key}`, `must be a finite number, got ${String(v)}`, i);
      return v;
    });
    const suffix = j === 0 ? '' : String(j + 1);
    const hasIntervals = rows.some((r) => r.intervals?.[metric.key]);
    data.push({
      type: 'bar',
      name: metric.label,
      x: rows.map((r) => r.method),
      y: values,
      marker: { color: rows.map((_, i) => methodColor(i)), line: { color: '#000000', width: 0.5 } },
      text: values.map(formatScore),
      textposition: 'outside',
      cliponaxis: false,
      textfont: { size: 9 },
      ...(hasIntervals
        ? {
            error_y: {
              type: 'data',
              symmetric: false,
              array: rows.map((r, i) => (r.intervals?.[metric.key] ? r.intervals[metric.key][1] - values[i] : 0)),
              arrayminus: rows.map((r, i) => (r.intervals?.[metric.key] ? values[i] - r.intervals[metric.key][0] : 0)),
              color: '#000000',
              thickness: 1,
              width: 3,
            },
          }
        : {}),
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      hovertemplate: `%{x}<br>${metric.label} %{y:.4f}<extra></extra>`,
    });
    const start = j * (panelWidth + gap);
    layout[`xaxis${suffix}`] = { domain: [start, start + panelWidth], anchor: `y${suffix}`, tickangle: -35, showgrid: false, tickfont: { size: 9 } };
    layout[`yaxis${suffix}`] = { anchor: `x${suffix}`, rangemode: 'tozero', title: { text: axisTitle(metric.label, metric.unit) } };
  });
  return { data, layout: paperLayout(layout) };
}

/** One curve of {@link temperatureSweepFigure}. */
export interface TemperatureSeries {
  label: string;
  /** One value per temperature. */
  values: ArrayLike<number>;
}

/**
 * Quantities as functions of the softmax temperature T (log axis): e.g. mean confidence, accuracy, ECE and NLL
 * of softmax(z / T). Marks T = 1 and, when given, the fitted temperature.
 *
 * @param temperatures T values (> 0, increasing)
 * @param series curves, each with one value per T
 * @param options y axis quantity/unit, title, fitted T
 * @throws InputError when temperatures are not positive and increasing or a series has the wrong length
 * @example
 * temperatureSweepFigure([0.1, 1, 10], [{ label: 'mean confidence', values: [0.99, 0.93, 0.2] }], { quantity: 'Value', unit: 'probability' })
 */
export function temperatureSweepFigure(
  temperatures: ArrayLike<number>,
  series: readonly TemperatureSeries[],
  options: { quantity: string; unit: string; title?: string; fittedTemperature?: number; reference?: { value: number; label: string } },
): Figure {
  const ts = Array.from(temperatures);
  if (ts.length < 2) throw new InputError('temperatures', 'needs at least two values');
  ts.forEach((t, i) => {
    if (!(Number.isFinite(t) && t > 0)) throw new InputError('temperatures', `must be finite and > 0 (got ${t})`, i);
    if (i > 0 && t <= ts[i - 1]) throw new InputError('temperatures', 'must be strictly increasing', i);
  });
  if (series.length === 0) throw new InputError('series', 'needs at least one series');
  const data: PlotlyTrace[] = series.map((s, i) => {
    if (s.values.length !== ts.length) throw new InputError(`series[${i}].values`, `has ${s.values.length} values for ${ts.length} temperatures`);
    return { type: 'scatter', mode: 'lines', name: s.label, x: ts, y: Array.from(s.values), line: { color: seriesColor(i), width: 1.8, dash: ['solid', 'dash', 'dot', 'dashdot'][i % 4] } };
  });
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  // On a log axis Plotly places shapes in data units but annotations in log10 units.
  const vline = (t: number, text: string, color: string, side: 'left' | 'right'): void => {
    shapes.push({ type: 'line', xref: 'x', yref: 'y domain', x0: t, x1: t, y0: 0, y1: 1, line: { color, width: 1, dash: 'dot' } });
    annotations.push({ xref: 'x', yref: 'y domain', x: Math.log10(t), y: 1, text, showarrow: false, xanchor: side, yanchor: 'top', font: { size: 9, color } });
  };
  vline(1, 'T = 1 ', REFERENCE_LINE_COLOR, 'right');
  if (options.fittedTemperature !== undefined) vline(options.fittedTemperature, ` T* = ${options.fittedTemperature.toFixed(2)}`, OKABE_ITO.vermillion, 'left');
  if (options.reference) {
    shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: options.reference.value, y1: options.reference.value, line: { color: REFERENCE_LINE_COLOR, width: 1, dash: 'dash' } });
    annotations.push({ xref: 'paper', yref: 'y', x: 1, y: options.reference.value, text: options.reference.label, showarrow: false, xanchor: 'right', yanchor: 'bottom', font: { size: 9 } });
  }
  return {
    data,
    layout: paperLayout({
      title: { text: options.title ?? 'Effect of the softmax temperature' },
      xaxis: { type: 'log', dtick: 1, title: { text: axisTitle('Temperature T', 'dimensionless, log scale') } },
      yaxis: { title: { text: axisTitle(options.quantity, options.unit) } },
      legend: { x: 0.98, xanchor: 'right', y: 0.5, yanchor: 'middle', font: { size: 9 } },
      shapes,
      annotations,
    }),
  };
}
