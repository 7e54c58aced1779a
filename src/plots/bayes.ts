/**
 * Plotly figure specs for plug-in vs posterior predictive (seed 003, PML Figs. 4.20–4.21): the plug-in sigmoid
 * with its decision boundary, the posterior predictive mean with its credible band, the histogram of the
 * decision-boundary draws, and the predictive densities of the delivery-time example with the deadline.
 *
 * Pure: every curve comes from src/bayes (predictive probabilities, band quantiles, densities, boundary draws);
 * the only arithmetic here is layout (stacking repeated observations so they stay visible).
 */
import { InputError } from '../core/errors';
import { FIGURE_SIZES, Figure, OKABE_ITO, PlotlyTrace, REFERENCE_LINE_COLOR, axisTitle, paperLayout } from './style';

/**
 * Legend under the plot area, entries side by side: these figures fill their whole plot area with data (points at
 * p = 0 and 1, curves crossing the middle), so an inside legend would hide some of it. The figure is the tall
 * single-column size so the plot area keeps its height.
 */
const LEGEND_BELOW = {
  legend: { orientation: 'h', traceorder: 'normal', entrywidth: 0.5, entrywidthmode: 'fraction', x: 0, xanchor: 'left', y: -0.2, yanchor: 'top', font: { size: 9 } },
  height: FIGURE_SIZES.singleColumnTall.height,
};

/** Observed binary data drawn under a probability curve. */
export interface BinaryObservations {
  /** Feature values, length N (units of the feature). */
  x: ArrayLike<number>;
  /** Labels in {0, 1}, length N. */
  y: ArrayLike<number>;
  /** Names of class 0 and class 1 for the legend. @default ['y = 0', 'y = 1'] */
  classNames?: [string, string];
}

/** Axis naming shared by the logistic figures. */
export interface FeatureAxis {
  /** What x is. @default 'Sepal length' */
  featureName?: string;
  /** Unit of x. @default 'cm' */
  unit?: string;
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, nameA: string, nameB: string): void {
  if (!a || !b || a.length !== b.length) throw new InputError(nameB, `must have the same length as ${nameA} (${a?.length} vs ${b?.length})`);
  if (a.length === 0) throw new InputError(nameA, 'is empty');
}

/**
 * Observations as two marker traces at y = 0 and y = 1; repeated (x, y) pairs are stacked 0.025 apart toward the
 * middle (deterministic, instead of random jitter) so every flower stays visible.
 */
function observationTraces(obs: BinaryObservations): PlotlyTrace[] {
  checkSameLength(obs.x, obs.y, 'x', 'y');
  const names = obs.classNames ?? ['y = 0', 'y = 1'];
  const seen = new Map<string, number>();
  const xs: [number[], number[]] = [[], []];
  const ys: [number[], number[]] = [[], []];
  for (let i = 0; i < obs.x.length; i++) {
    const label = obs.y[i];
    if (label !== 0 && label !== 1) throw new InputError('y', `label ${label} is not 0 or 1`, i);
    const key = `${label}:${obs.x[i]}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    xs[label].push(obs.x[i]);
    ys[label].push(label === 0 ? 0.025 * k : 1 - 0.025 * k);
  }
  return [0, 1].map((c) => ({
    type: 'scatter',
    mode: 'markers',
    name: names[c],
    x: xs[c],
    y: ys[c],
    marker: { color: c === 0 ? OKABE_ITO.orange : OKABE_ITO.bluishGreen, size: 4, opacity: 0.8, symbol: c === 0 ? 'circle' : 'diamond' },
  }));
}

function verticalLine(x: number, name: string, color: string, dash: string, showlegend = true): PlotlyTrace {
  return { type: 'scatter', mode: 'lines', name, x: [x, x], y: [0, 1], line: { color, dash, width: 1.2 }, hoverinfo: 'x', showlegend };
}

function probabilityAxes(axis: FeatureAxis): Record<string, unknown> {
  return {
    xaxis: { title: { text: axisTitle(axis.featureName ?? 'Sepal length', axis.unit ?? 'cm') } },
    yaxis: { title: { text: axisTitle('p(y = 1 | x)', 'probability') }, range: [-0.05, 1.05] },
  };
}

/** Input of {@link plugInSigmoidFigure}. */
export interface PlugInSigmoidInput extends BinaryObservations, FeatureAxis {
  /** Query points, length M (sorted ascending for a clean line). */
  grid: ArrayLike<number>;
  /** σ(b̂ + ŵx) at each grid point (from `plugInPredictive`), length M. */
  probability: ArrayLike<number>;
  /** The plug-in boundary x* = −b̂/ŵ (from the fit). */
  boundary: number;
  /** @default 'Plug-in (MLE)' */
  title?: string;
}

/**
 * PML Fig. 4.20(a): the plug-in p(y = 1 | x, θ̂) as a sigmoid over the data, with the decision boundary x* dashed.
 *
 * @throws InputError mismatched lengths, a non-binary label, a non-finite boundary
 * @example
 * plugInSigmoidFigure({ x, y, grid, probability: plugInPredictive(fit.coefficients, grid), boundary: fit.decisionBoundary })
 *   .data.map((t) => t.name) // ['y = 0', 'y = 1', 'σ(b̂ + ŵx)', 'x* = 5.41']
 */
export function plugInSigmoidFigure(input: PlugInSigmoidInput): Figure {
  checkSameLength(input.grid, input.probability, 'grid', 'probability');
  if (!Number.isFinite(input.boundary)) throw new InputError('boundary', `must be finite, got ${input.boundary}`);
  return {
    data: [
      ...observationTraces(input),
      { type: 'scatter', mode: 'lines', name: 'σ(b̂ + ŵx)', x: Array.from(input.grid), y: Array.from(input.probability), line: { color: OKABE_ITO.blue, width: 2 } },
      verticalLine(input.boundary, `x* = ${input.boundary.toFixed(2)}`, REFERENCE_LINE_COLOR, 'dash'),
    ],
    layout: paperLayout({ title: { text: input.title ?? 'Plug-in (MLE)' }, ...probabilityAxes(input), ...LEGEND_BELOW }),
  };
}

/** Input of {@link posteriorPredictiveFigure}. */
export interface PosteriorPredictiveInput extends BinaryObservations, FeatureAxis {
  grid: ArrayLike<number>;
  /** Monte Carlo predictive mean (from `posteriorPredictive`), length M. */
  mean: ArrayLike<number>;
  /** Band limits (same source), length M. */
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  /** Credible level of the band, for the legend. @default 0.95 */
  level?: number;
  /** Plug-in curve on the same grid, drawn thin for comparison (optional). */
  plugIn?: ArrayLike<number>;
  /** Posterior median of x* and its credible interval, shaded (optional). */
  boundary?: { median: number; lower: number; upper: number };
  /** @default 'Posterior predictive' */
  title?: string;
}

/**
 * PML Fig. 4.20(b): the posterior predictive mean (1/S) Σ σ(b_s + w_s x) with its pointwise credible band and,
 * optionally, the plug-in curve and the credible interval of the boundary.
 *
 * @throws InputError mismatched lengths or a band with lower > upper
 * @example
 * posteriorPredictiveFigure({ x, y, grid, ...posteriorPredictive(post.samples, grid) }).data.length // 5 (2 data, band ×2, mean)
 */
export function posteriorPredictiveFigure(input: PosteriorPredictiveInput): Figure {
  checkSameLength(input.grid, input.mean, 'grid', 'mean');
  checkSameLength(input.grid, input.lower, 'grid', 'lower');
  checkSameLength(input.grid, input.upper, 'grid', 'upper');
  for (let i = 0; i < input.grid.length; i++) {
    if (!(input.lower[i] <= input.upper[i])) throw new InputError('lower', `exceeds upper at grid point ${i}`, i);
  }
  const level = input.level ?? 0.95;
  const grid = Array.from(input.grid);
  const traces: PlotlyTrace[] = [...observationTraces(input)];
  if (input.boundary) {
    const { lower, upper, median } = input.boundary;
    if (![lower, upper, median].every(Number.isFinite)) throw new InputError('boundary', 'median and interval must be finite');
    traces.push({
      type: 'scatter', mode: 'lines', name: `x* ${Math.round(level * 100)}% CI [${lower.toFixed(2)}, ${upper.toFixed(2)}]`,
      x: [lower, upper, upper, lower, lower], y: [0, 0, 1, 1, 0], fill: 'toself', fillcolor: 'rgba(0,0,0,0.08)',
      line: { width: 0 }, hoverinfo: 'skip',
    });
  }
  traces.push(
    { type: 'scatter', mode: 'lines', name: `${Math.round(level * 100)}% band`, x: grid, y: Array.from(input.lower), line: { width: 0, color: OKABE_ITO.skyBlue }, showlegend: false, hoverinfo: 'skip' },
    { type: 'scatter', mode: 'lines', name: `${Math.round(level * 100)}% credible band`, x: grid, y: Array.from(input.upper), fill: 'tonexty', fillcolor: 'rgba(86,180,233,0.35)', line: { width: 0, color: OKABE_ITO.skyBlue } },
    { type: 'scatter', mode: 'lines', name: 'Posterior predictive mean', x: grid, y: Array.from(input.mean), line: { color: OKABE_ITO.blue, width: 2 } },
  );
  if (input.plugIn) {
    checkSameLength(input.grid, input.plugIn, 'grid', 'plugIn');
    traces.push({ type: 'scatter', mode: 'lines', name: 'Plug-in', x: grid, y: Array.from(input.plugIn), line: { color: OKABE_ITO.vermillion, width: 1, dash: 'dot' } });
  }
  if (input.boundary) traces.push(verticalLine(input.boundary.median, `x* median ${input.boundary.median.toFixed(2)}`, REFERENCE_LINE_COLOR, 'dash'));
  return {
    data: traces,
    layout: paperLayout({ title: { text: input.title ?? 'Posterior predictive' }, ...probabilityAxes(input), ...LEGEND_BELOW }),
  };
}

/** Input of {@link decisionBoundaryHistogramFigure}. */
export interface DecisionBoundaryHistogramInput extends FeatureAxis {
  /** Draws x*_s = −b_s/w_s (from `decisionBoundaryPosterior`). */
  samples: ArrayLike<number>;
  /** Plug-in boundary, drawn as a line (optional). */
  plugInBoundary?: number;
  /** Credible interval, drawn as two dotted lines (optional). */
  interval?: { lower: number; upper: number; level: number };
  /** Number of histogram bins Plotly aims for. @default 40 */
  bins?: number;
  /** @default 'Posterior of the decision boundary' */
  title?: string;
}

/**
 * Histogram of the decision-boundary draws p(x* | D) ≈ (1/S) Σ δ(x* + b_s/w_s), as a probability density, with
 * the plug-in x* and the credible interval marked.
 *
 * @throws InputError empty or non-finite draws
 * @example
 * decisionBoundaryHistogramFigure({ samples: db.samples, plugInBoundary: 5.41 }).data[0].type // 'histogram'
 */
export function decisionBoundaryHistogramFigure(input: DecisionBoundaryHistogramInput): Figure {
  const samples = Array.from(input.samples ?? []);
  if (samples.length === 0) throw new InputError('samples', 'is empty');
  samples.forEach((v, i) => { if (!Number.isFinite(v)) throw new InputError('samples', `value ${v} is not finite`, i); });
  const traces: PlotlyTrace[] = [{
    type: 'histogram', name: `x* draws (S = ${samples.length})`, x: samples, histnorm: 'probability density', nbinsx: input.bins ?? 40,
    marker: { color: OKABE_ITO.skyBlue, line: { color: '#ffffff', width: 0.3 } },
  }];
  const shapes: Record<string, unknown>[] = [];
  const annotationsLine = (x: number, color: string, dash: string) => shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1, line: { color, dash, width: 1.2 } });
  if (input.plugInBoundary !== undefined) {
    if (!Number.isFinite(input.plugInBoundary)) throw new InputError('plugInBoundary', 'must be finite');
    annotationsLine(input.plugInBoundary, OKABE_ITO.vermillion, 'dash');
    traces.push({ type: 'scatter', mode: 'lines', name: `Plug-in x* = ${input.plugInBoundary.toFixed(2)}`, x: [null], y: [null], line: { color: OKABE_ITO.vermillion, dash: 'dash' } });
  }
  if (input.interval) {
    annotationsLine(input.interval.lower, REFERENCE_LINE_COLOR, 'dot');
    annotationsLine(input.interval.upper, REFERENCE_LINE_COLOR, 'dot');
    traces.push({ type: 'scatter', mode: 'lines', name: `${Math.round(input.interval.level * 100)}% CI [${input.interval.lower.toFixed(2)}, ${input.interval.upper.toFixed(2)}]`, x: [null], y: [null], line: { color: REFERENCE_LINE_COLOR, dash: 'dot' } });
  }
  return {
    data: traces,
    layout: paperLayout({
      title: { text: input.title ?? 'Posterior of the decision boundary' },
      xaxis: { title: { text: axisTitle(`Boundary x* on ${(input.featureName ?? 'sepal length').toLowerCase()}`, input.unit ?? 'cm') } },
      yaxis: { title: { text: axisTitle('Density', `1/${input.unit ?? 'cm'}`) } },
      shapes,
      ...LEGEND_BELOW,
    }),
  };
}

/** One group (company) in {@link deliveryPredictiveFigure}. */
export interface DeliveryGroupCurves {
  /** Legend name, e.g. 'Company A'. */
  name: string;
  /** Student-t posterior predictive density on the grid (from `posteriorDensity`), length M. */
  posteriorDensity: ArrayLike<number>;
  /** Plug-in normal density on the grid, or null when the plug-in variance is 0 (point mass). */
  plugInDensity: ArrayLike<number> | null;
  /** Plug-in mean ȳ (where a point mass is drawn). */
  plugInMean: number;
  /** P(Y ≤ deadline) under the plug-in and the posterior predictive, for the legend. */
  probabilityPlugIn?: number;
  probabilityPosterior?: number;
}

/** Input of {@link deliveryPredictiveFigure}. */
export interface DeliveryPredictiveInput {
  /** Output values (e.g. delivery time), length M. */
  grid: ArrayLike<number>;
  groups: DeliveryGroupCurves[];
  /** The deadline, drawn as a vertical line. */
  deadline: number;
  /** What y is. @default 'Delivery time' */
  outputName?: string;
  /** Unit of y. @default 'min' */
  unit?: string;
  /** @default 'Predictive densities' */
  title?: string;
}

/**
 * PML Fig. 4.21: each group's plug-in density (dotted; a point mass is drawn as a vertical spike with an arrow,
 * since it has no density) and its Student-t posterior predictive (solid), with the deadline.
 *
 * @throws InputError mismatched lengths, no groups, a non-finite deadline
 * @example
 * deliveryPredictiveFigure({ grid, groups: [{ name: 'A', posteriorDensity, plugInDensity: null, plugInMean: 15 }], deadline: 21 })
 */
export function deliveryPredictiveFigure(input: DeliveryPredictiveInput): Figure {
  if (!input.groups || input.groups.length === 0) throw new InputError('groups', 'needs at least one group');
  if (!Number.isFinite(input.deadline)) throw new InputError('deadline', `must be finite, got ${input.deadline}`);
  const grid = Array.from(input.grid);
  const colors = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.bluishGreen, OKABE_ITO.reddishPurple];
  const traces: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  let maxDensity = 0;
  input.groups.forEach((g, k) => {
    checkSameLength(input.grid, g.posteriorDensity, 'grid', `groups[${k}].posteriorDensity`);
    for (let i = 0; i < grid.length; i++) maxDensity = Math.max(maxDensity, g.posteriorDensity[i]);
    if (g.plugInDensity) {
      checkSameLength(input.grid, g.plugInDensity, 'grid', `groups[${k}].plugInDensity`);
      for (let i = 0; i < grid.length; i++) maxDensity = Math.max(maxDensity, g.plugInDensity[i]);
    }
  });
  const spikeTop = maxDensity > 0 ? maxDensity * 1.1 : 1;
  input.groups.forEach((g, k) => {
    const color = colors[k % colors.length];
    const pPost = g.probabilityPosterior === undefined ? '' : `, P(≤ d) = ${g.probabilityPosterior.toFixed(3)}`;
    const pPlug = g.probabilityPlugIn === undefined ? '' : `, P(≤ d) = ${g.probabilityPlugIn.toFixed(3)}`;
    traces.push({ type: 'scatter', mode: 'lines', name: `${g.name}: posterior${pPost}`, x: grid, y: Array.from(g.posteriorDensity), line: { color, width: 2 } });
    if (g.plugInDensity) {
      traces.push({ type: 'scatter', mode: 'lines', name: `${g.name}: plug-in${pPlug}`, x: grid, y: Array.from(g.plugInDensity), line: { color, width: 1.2, dash: 'dot' } });
    } else {
      traces.push({ type: 'scatter', mode: 'lines', name: `${g.name}: plug-in point mass${pPlug}`, x: [g.plugInMean, g.plugInMean], y: [0, spikeTop], line: { color, width: 1.2, dash: 'dot' } });
      annotations.push({ x: g.plugInMean, y: spikeTop, xref: 'x', yref: 'y', text: 'σ̂ = 0', showarrow: true, arrowhead: 2, arrowcolor: color, ax: 0, ay: -14, font: { size: 9, color } });
    }
  });
  traces.push({ type: 'scatter', mode: 'lines', name: `Deadline d = ${input.deadline}`, x: [input.deadline, input.deadline], y: [0, spikeTop * 1.05], line: { color: REFERENCE_LINE_COLOR, width: 1.2, dash: 'dash' } });
  const unit = input.unit ?? 'min';
  return {
    data: traces,
    layout: paperLayout({
      title: { text: input.title ?? 'Predictive densities' },
      xaxis: { title: { text: axisTitle(input.outputName ?? 'Delivery time', unit) } },
      yaxis: { title: { text: axisTitle('Density', `1/${unit}`) }, rangemode: 'tozero' },
      annotations,
      ...LEGEND_BELOW,
      // Entries carry probabilities and are long: one per row.
      legend: { ...LEGEND_BELOW.legend, entrywidth: 1 },
    }),
  };
}
