/**
 * Plotly figure specs for the decision layer: the PR curve with the cut-off candidates marked (seed 002), weekly
 * precision / F1 of the mixed against the fixed cut-off, the week-over-week change of the positive count with
 * the seed's ±8% band, and for uncertainty-aware trading (seed 000) equity curves, trades against uncertainty
 * and position size against uncertainty.
 *
 * Pure: every number comes from src/metrics or src/decision (curves, per-period scores, positions, equity);
 * the only arithmetic here is layout.
 */
import { InputError } from '../core/errors';
import { FIGURE_SIZES, Figure, OKABE_ITO, PlotlyTrace, REFERENCE_LINE_COLOR, axisTitle, paperLayout, seriesColor } from './style';

/**
 * Legend under the plot area, two entries per row, placed below the x-axis title (y in paper units is relative
 * to the plot area, so the taller the legend the more bottom margin it needs).
 */
function legendBelow(entries: number) {
  const rows = Math.ceil(entries / 2);
  return {
    legend: { orientation: 'h', entrywidth: 0.5, entrywidthmode: 'fraction', x: 0, xanchor: 'left', y: -0.32, yanchor: 'top', font: { size: 9 } },
    height: FIGURE_SIZES.singleColumn.height + 40 + 18 * rows,
    margin: { b: 60 + 18 * rows },
  };
}

function sameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, nameA: string, nameB: string): void {
  if (!a || !b || a.length !== b.length) throw new InputError(nameB, `must have the same length as ${nameA} (${a?.length} vs ${b?.length})`);
  if (a.length === 0) throw new InputError(nameA, 'is empty');
}

/** A cut-off marked on the PR curve. */
export interface MarkedCutoff {
  /** Legend text, e.g. 'F1 max (0.62)'. */
  label: string;
  /** Recall and precision obtained at this cut-off (from `scoresAtCutoff`). */
  recall: number;
  precision: number;
}

/** Input of {@link prCurveCutoffFigure}. */
export interface PrCurveCutoffInput {
  /** From `precisionRecallCurve`: precision and recall, same length. */
  precision: ArrayLike<number>;
  recall: ArrayLike<number>;
  /** Points to mark (F1 optimum, Youden optimum, quantile cut-offs, final). */
  marks: MarkedCutoff[];
  /** Precision floor drawn as a dotted horizontal line. @default 0.5 */
  precisionFloor?: number;
  /** @default 'PR curve of the history period' */
  title?: string;
}

const MARK_SYMBOLS = ['star', 'diamond', 'circle-open', 'square-open', 'triangle-up-open', 'x', 'cross', 'hexagon-open'];

/**
 * Seed 002's cut-off choice on the PR curve: the curve (step, as scikit-learn draws it), the precision floor,
 * and one marker per candidate cut-off.
 *
 * @throws InputError for mismatched lengths or non-finite marks
 * @example
 * prCurveCutoffFigure({ precision: pr.precision, recall: pr.recall, marks: [{ label: 'F1 max', recall: 0.4, precision: 0.6 }] }).data.length // 3
 */
export function prCurveCutoffFigure(input: PrCurveCutoffInput): Figure {
  sameLength(input.recall, input.precision, 'recall', 'precision');
  const floor = input.precisionFloor ?? 0.5;
  input.marks.forEach((m, i) => {
    if (!Number.isFinite(m.recall) || !Number.isFinite(m.precision)) throw new InputError('marks', 'recall and precision must be finite', i);
  });
  const data: PlotlyTrace[] = [
    { type: 'scatter', mode: 'lines', name: 'PR curve', x: Array.from(input.recall), y: Array.from(input.precision), line: { color: OKABE_ITO.blue, width: 1.5, shape: 'hv' } },
    { type: 'scatter', mode: 'lines', name: `precision floor ${floor}`, x: [0, 1], y: [floor, floor], line: { color: REFERENCE_LINE_COLOR, dash: 'dot', width: 1 } },
    ...input.marks.map((m, i) => ({
      type: 'scatter',
      mode: 'markers',
      name: m.label,
      x: [m.recall],
      y: [m.precision],
      marker: { size: 9, symbol: MARK_SYMBOLS[i % MARK_SYMBOLS.length], color: seriesColor((i + 1) % 7), line: { width: 1.2 } },
    })),
  ];
  return {
    data,
    layout: paperLayout({
      title: { text: input.title ?? 'PR curve of the history period' },
      xaxis: { title: { text: axisTitle('Recall', 'fraction') }, range: [0, 1.02] },
      yaxis: { title: { text: axisTitle('Precision', 'fraction') }, range: [0, 1.02] },
      ...legendBelow(data.length),
    }),
  };
}

/** Input of {@link cutoffMetricOverTimeFigure}. */
export interface CutoffMetricOverTimeInput {
  /** Period names (x axis), length T. */
  periods: string[];
  /** Metric per period under the mixed cut-off, length T. */
  mixed: ArrayLike<number>;
  /** Metric per period under the fixed cut-off, length T. */
  fixed: ArrayLike<number>;
  /** Metric name for the axis, e.g. 'Precision'. */
  metric: string;
  /** The fixed cut-off, for the legend. @default 0.7 */
  fixedCutoff?: number;
}

/**
 * Seed 002's "precision over time" / "F1 over time": one line per rule.
 *
 * @throws InputError for mismatched lengths
 * @example
 * cutoffMetricOverTimeFigure({ periods: ['W02', 'W03'], mixed: [0.5, 0.6], fixed: [0.7, 0.3], metric: 'Precision' }).data.length // 2
 */
export function cutoffMetricOverTimeFigure(input: CutoffMetricOverTimeInput): Figure {
  sameLength(input.periods, input.mixed, 'periods', 'mixed');
  sameLength(input.periods, input.fixed, 'periods', 'fixed');
  return {
    data: [
      { type: 'scatter', mode: 'lines+markers', name: 'mixed cut-off', x: input.periods, y: Array.from(input.mixed), line: { color: OKABE_ITO.blue, width: 1.5 }, marker: { size: 4 } },
      { type: 'scatter', mode: 'lines+markers', name: `fixed cut-off ${input.fixedCutoff ?? 0.7}`, x: input.periods, y: Array.from(input.fixed), line: { color: OKABE_ITO.vermillion, width: 1.5, dash: 'dash' }, marker: { size: 4, symbol: 'square' } },
    ],
    layout: paperLayout({
      title: { text: `${input.metric} per period` },
      xaxis: { title: { text: axisTitle('Period', 'week') } },
      yaxis: { title: { text: axisTitle(input.metric, 'fraction') }, range: [0, 1] },
      ...legendBelow(2),
    }),
  };
}

/** Input of {@link positiveCountChangeFigure}. */
export interface PositiveCountChangeInput {
  /** Period names, length T. */
  periods: string[];
  /** Week-over-week change of the positive count (fraction, e.g. 0.05 = +5%); null where undefined. */
  mixed: (number | null)[];
  fixed: (number | null)[];
  /** Half-width of the target band as a fraction. @default 0.08 (seed 002's ±8%) */
  band?: number;
}

/**
 * Week-over-week change of the number of positives under each rule, with the seed's ±8% target band shaded.
 *
 * @throws InputError for mismatched lengths
 * @example
 * positiveCountChangeFigure({ periods: ['W02', 'W03'], mixed: [null, 0.05], fixed: [null, -0.4] }).data.length // 2 (the band is a layout shape)
 */
export function positiveCountChangeFigure(input: PositiveCountChangeInput): Figure {
  sameLength(input.periods, input.mixed, 'periods', 'mixed');
  sameLength(input.periods, input.fixed, 'periods', 'fixed');
  const band = input.band ?? 0.08;
  const pct = (v: (number | null)[]) => v.map((x) => (x === null ? null : 100 * x));
  return {
    data: [
      { type: 'scatter', mode: 'lines+markers', name: 'mixed cut-off', x: input.periods, y: pct(input.mixed), line: { color: OKABE_ITO.blue, width: 1.5 }, marker: { size: 4 } },
      { type: 'scatter', mode: 'lines+markers', name: 'fixed cut-off', x: input.periods, y: pct(input.fixed), line: { color: OKABE_ITO.vermillion, width: 1.5, dash: 'dash' }, marker: { size: 4, symbol: 'square' } },
    ],
    layout: paperLayout({
      title: { text: 'Change of the positive count' },
      xaxis: { title: { text: axisTitle('Period', 'week') } },
      yaxis: { title: { text: axisTitle('Change from previous period', '%') }, zeroline: true },
      // The band is a shape across the plot width (a trace would add category values to the period axis).
      shapes: [{ type: 'rect', xref: 'paper', x0: 0, x1: 1, yref: 'y', y0: -100 * band, y1: 100 * band, fillcolor: 'rgba(0,0,0,0.10)', line: { width: 0 }, layer: 'below' }],
      annotations: [{ xref: 'paper', x: 1, xanchor: 'right', yref: 'y', y: 100 * band, yanchor: 'bottom', text: `±${Math.round(band * 100)}% band`, showarrow: false, font: { size: 9 } }],
      ...legendBelow(2),
    }),
  };
}

/** Input of {@link equityCurvesFigure}. */
export interface EquityCurvesInput {
  /** Dates (x axis), length T. */
  dates: string[];
  /** Equity (starting at 1) per strategy name, each length T. */
  curves: Record<string, ArrayLike<number>>;
  /** @default 'Equity (walk-forward test years)' */
  title?: string;
}

/**
 * Compounded equity of each strategy on a log axis (equal distances = equal returns).
 *
 * @throws InputError for mismatched lengths or non-positive equity
 * @example
 * equityCurvesFigure({ dates: ['2019-01-02'], curves: { 'buy-and-hold': [1.01] } }).data.length // 1
 */
export function equityCurvesFigure(input: EquityCurvesInput): Figure {
  const data: PlotlyTrace[] = Object.entries(input.curves).map(([name, curve], i) => {
    sameLength(input.dates, curve, 'dates', `curves.${name}`);
    for (let k = 0; k < curve.length; k++) if (!(curve[k] > 0)) throw new InputError(`curves.${name}`, `equity ${curve[k]} is not positive`, k);
    return {
      type: 'scatter',
      mode: 'lines',
      name,
      x: input.dates,
      y: Array.from(curve),
      line: { color: name === 'buy-and-hold' ? REFERENCE_LINE_COLOR : seriesColor(i % 7), width: name === 'buy-and-hold' ? 1 : 1.4, dash: name === 'buy-and-hold' ? 'dot' : 'solid' },
    };
  });
  return {
    data,
    layout: paperLayout({
      title: { text: input.title ?? 'Equity (walk-forward test years)' },
      xaxis: { title: { text: axisTitle('Date', 'trading day') } },
      yaxis: { title: { text: axisTitle('Equity', 'multiple of start, log scale') }, type: 'log' },
      width: FIGURE_SIZES.doubleColumn.width,
      height: FIGURE_SIZES.doubleColumn.height + 60,
      legend: { orientation: 'h', x: 0, y: -0.25, yanchor: 'top', font: { size: 9 } },
    }),
  };
}

/** Input of {@link tradesVsUncertaintyFigure}. */
export interface TradesVsUncertaintyInput {
  /** Gate spread per day (std over members), length N. */
  std: ArrayLike<number>;
  /** Gate P(up) per day, length N. */
  p: ArrayLike<number>;
  /** 1 where a trade was taken, length N. */
  traded: ArrayLike<number>;
  /** 1 where the day's return was positive, length N. */
  up: ArrayLike<number>;
  /** An uncertainty threshold drawn as a dashed vertical line (e.g. the median of the per-period thresholds). */
  threshold?: number;
  /** Legend text of the threshold line. @default 'uncertainty threshold' */
  thresholdLabel?: string;
}

/**
 * Days as points (gate spread on x, P(up) on y): trades won, trades lost, and days skipped.
 *
 * @throws InputError for mismatched lengths
 * @example
 * tradesVsUncertaintyFigure({ std: [0.01], p: [0.6], traded: [1], up: [1] }).data.map((t) => t.name) // ['skipped', 'trade lost', 'trade won']
 */
export function tradesVsUncertaintyFigure(input: TradesVsUncertaintyInput): Figure {
  sameLength(input.std, input.p, 'std', 'p');
  sameLength(input.std, input.traded, 'std', 'traded');
  sameLength(input.std, input.up, 'std', 'up');
  const groups: Record<'skipped' | 'trade lost' | 'trade won', { x: number[]; y: number[] }> = {
    skipped: { x: [], y: [] },
    'trade lost': { x: [], y: [] },
    'trade won': { x: [], y: [] },
  };
  for (let i = 0; i < input.std.length; i++) {
    const g = !input.traded[i] ? 'skipped' : input.up[i] ? 'trade won' : 'trade lost';
    groups[g].x.push(input.std[i]);
    groups[g].y.push(input.p[i]);
  }
  const style = {
    skipped: { color: '#999999', symbol: 'circle', opacity: 0.35 },
    'trade lost': { color: OKABE_ITO.vermillion, symbol: 'x', opacity: 0.6 },
    'trade won': { color: OKABE_ITO.bluishGreen, symbol: 'circle', opacity: 0.6 },
  } as const;
  const data: PlotlyTrace[] = (Object.keys(groups) as (keyof typeof groups)[]).map((name) => ({
    type: 'scattergl',
    mode: 'markers',
    name,
    x: groups[name].x,
    y: groups[name].y,
    marker: { size: 3, color: style[name].color, symbol: style[name].symbol, opacity: style[name].opacity },
  }));
  if (input.threshold !== undefined && Number.isFinite(input.threshold)) {
    const ys = Array.from(input.p);
    data.push({ type: 'scatter', mode: 'lines', name: input.thresholdLabel ?? 'uncertainty threshold', x: [input.threshold, input.threshold], y: [Math.min(...ys), Math.max(...ys)], line: { color: REFERENCE_LINE_COLOR, dash: 'dash', width: 1 } });
  }
  return {
    data,
    layout: paperLayout({
      title: { text: 'Trades against uncertainty' },
      xaxis: { title: { text: axisTitle('Gate spread (std over members)', 'probability') } },
      yaxis: { title: { text: axisTitle('Gate P(up)', 'probability') } },
      ...legendBelow(data.length),
    }),
  };
}

/** Input of {@link positionSizeVsUncertaintyFigure}. */
export interface PositionSizeVsUncertaintyInput {
  /** Gate spread per day, length N. */
  std: ArrayLike<number>;
  /** Position per day for each sizing rule (only days with a position > 0 are drawn), each length N. */
  sizes: Record<string, ArrayLike<number>>;
}

/**
 * Position size against the gate spread for each sizing rule (days with a position only).
 *
 * @throws InputError for mismatched lengths
 * @example
 * positionSizeVsUncertaintyFigure({ std: [0.01, 0.2], sizes: { '1/(1+u)': [0.99, 0] } }).data[0].x // [0.01]
 */
export function positionSizeVsUncertaintyFigure(input: PositionSizeVsUncertaintyInput): Figure {
  const data: PlotlyTrace[] = Object.entries(input.sizes).map(([name, size], i) => {
    sameLength(input.std, size, 'std', `sizes.${name}`);
    const x: number[] = [];
    const y: number[] = [];
    for (let k = 0; k < size.length; k++) {
      if (size[k] > 0) {
        x.push(input.std[k]);
        y.push(size[k]);
      }
    }
    return { type: 'scattergl', mode: 'markers', name, x, y, marker: { size: 3, color: seriesColor(i), opacity: 0.5 } };
  });
  return {
    data,
    layout: paperLayout({
      title: { text: 'Position size against uncertainty' },
      xaxis: { title: { text: axisTitle('Gate spread (std over members)', 'probability') } },
      yaxis: { title: { text: axisTitle('Position', 'units of capital') } },
      ...legendBelow(data.length),
    }),
  };
}
