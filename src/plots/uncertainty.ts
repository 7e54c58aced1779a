/**
 * Plotly figure specs for uncertainty over a 2-D input plane and for Pearce et al.'s input-scaling effect.
 * Pure: values computed elsewhere (src/uncertainty) come in, `{data, layout}` goes out; nothing is computed here
 * beyond reshaping a grid vector into Plotly's row-of-rows `z`.
 */
import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { Figure, PlotlyLayout, PlotlyTrace, FIGURE_SIZES, FONT_FAMILY, FONT_SIZES, OKABE_ITO, axisTitle, paperLayout, seriesColor } from './style';

/** The grid axes of a map: nx x₁ values and ny x₂ values (see `inputGrid` in src/data/synthetic2d). */
export interface MapGrid {
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
}

/** One quantity to draw over the grid. */
export interface MapLayer {
  /** nx·ny values, x₁ varying fastest: value at (xs[i], ys[j]) is values[j·nx + i]. */
  readonly values: ArrayLike<number>;
  /** What the values are, e.g. 'Mutual information'. */
  readonly quantity: string;
  /** Their unit, e.g. 'nats', 'probability'. */
  readonly unit: string;
  /** Colour range; omitted ends follow the data. */
  readonly zmin?: number;
  readonly zmax?: number;
  /** Plotly colour scale name or array. @default 'Viridis' (sequential, colour-blind safe, prints in grey) */
  readonly colorscale?: string | [number, string][];
}

/** Points drawn on top of a map. */
export interface MapOverlay {
  /** N×2 training inputs. */
  readonly training?: Matrix;
  /** N labels of the training inputs (one marker colour per class); omitted → one colour. */
  readonly labels?: ArrayLike<number>;
  /** M×2 out-of-distribution inputs (e.g. the OOD ring), drawn as black crosses. */
  readonly ood?: Matrix;
}

/** Options of the map figures. */
export interface MapOptions {
  /** 'heatmap' (every grid cell) or 'contour' (filled iso-lines). @default 'heatmap' */
  readonly style?: 'heatmap' | 'contour';
  /** Figure title. */
  readonly title?: string;
  /** Axis quantity names. @default ['x₁', 'x₂'] */
  readonly axisNames?: readonly [string, string];
  /** Unit of the inputs. @default 'input units' */
  readonly inputUnit?: string;
}

/** A diverging blue–white–vermillion scale (Okabe–Ito ends) for P(class 1), centred on 0.5. */
export const PROBABILITY_COLORSCALE: [number, string][] = [
  [0, OKABE_ITO.blue],
  [0.5, '#ffffff'],
  [1, OKABE_ITO.vermillion],
];

function gridZ(grid: MapGrid, values: ArrayLike<number>, argument: string): number[][] {
  const nx = grid.xs.length, ny = grid.ys.length;
  if (nx < 2 || ny < 2) throw new InputError('grid', `needs at least 2 values per axis, got ${nx}×${ny}`);
  if (!values || values.length !== nx * ny) {
    throw new InputError(argument, `has ${values ? values.length : 0} values, grid is ${nx}×${ny} = ${nx * ny}`);
  }
  const z: number[][] = [];
  for (let j = 0; j < ny; j++) {
    const row: number[] = new Array(nx);
    for (let i = 0; i < nx; i++) {
      const v = values[j * nx + i];
      // Plotly leaves null cells blank; NaN would break JSON export.
      row[i] = Number.isFinite(v) ? v : (null as unknown as number);
    }
    z.push(row);
  }
  return z;
}

function layerTrace(grid: MapGrid, layer: MapLayer, argument: string, style: 'heatmap' | 'contour'): PlotlyTrace {
  const trace: PlotlyTrace = {
    type: style,
    name: layer.quantity,
    x: Array.from(grid.xs),
    y: Array.from(grid.ys),
    z: gridZ(grid, layer.values, argument),
    colorscale: layer.colorscale ?? 'Viridis',
    colorbar: {
      title: { text: axisTitle(layer.quantity, layer.unit), side: 'right', font: { family: FONT_FAMILY, size: FONT_SIZES.tick } },
      tickfont: { family: FONT_FAMILY, size: FONT_SIZES.tick },
      thickness: 10,
      len: 0.9,
    },
    hovertemplate: `x₁ %{x:.2f}, x₂ %{y:.2f}<br>${layer.quantity} %{z:.3f}<extra></extra>`,
    showlegend: false,
  };
  if (layer.zmin !== undefined) trace.zmin = layer.zmin;
  if (layer.zmax !== undefined) trace.zmax = layer.zmax;
  if (style === 'contour') trace.contours = { coloring: 'fill', showlines: false };
  return trace;
}

function overlayTraces(overlay: MapOverlay, axes: { xaxis: string; yaxis: string }, showLegend: boolean): PlotlyTrace[] {
  const traces: PlotlyTrace[] = [];
  if (overlay.training) {
    const t = overlay.training;
    if (t.cols !== 2) throw new InputError('overlay.training', `must have 2 columns (x₁, x₂), got ${t.cols}`);
    if (overlay.labels && overlay.labels.length !== t.rows) {
      throw new InputError('overlay.labels', `has ${overlay.labels.length} labels for ${t.rows} training points`);
    }
    const classes = new Map<number, { x: number[]; y: number[] }>();
    for (let r = 0; r < t.rows; r++) {
      const c = overlay.labels ? overlay.labels[r] : 0;
      if (!classes.has(c)) classes.set(c, { x: [], y: [] });
      const g = classes.get(c)!;
      g.x.push(t.data[2 * r]);
      g.y.push(t.data[2 * r + 1]);
    }
    for (const c of [...classes.keys()].sort((a, b) => a - b)) {
      const g = classes.get(c)!;
      traces.push({
        type: 'scatter',
        mode: 'markers',
        name: overlay.labels ? `class ${c}` : 'training',
        x: g.x,
        y: g.y,
        // A white outline keeps the markers visible on every colour of the map underneath.
        marker: { size: 4, color: seriesColor(Number.isInteger(c) && c >= 0 ? c : 0), line: { color: '#ffffff', width: 0.5 } },
        showlegend: showLegend,
        legendgroup: `class-${c}`,
        ...axes,
      });
    }
  }
  if (overlay.ood) {
    const o = overlay.ood;
    if (o.cols !== 2) throw new InputError('overlay.ood', `must have 2 columns (x₁, x₂), got ${o.cols}`);
    const x: number[] = [], y: number[] = [];
    for (let r = 0; r < o.rows; r++) {
      x.push(o.data[2 * r]);
      y.push(o.data[2 * r + 1]);
    }
    traces.push({
      type: 'scatter',
      mode: 'markers',
      name: 'OOD',
      x,
      y,
      marker: { size: 4, symbol: 'x-thin', color: OKABE_ITO.black, line: { color: OKABE_ITO.black, width: 1 } },
      showlegend: showLegend,
      legendgroup: 'ood',
      ...axes,
    });
  }
  return traces;
}

/**
 * One uncertainty map: a heatmap (or filled contour) of `layer` over the input plane, with the training points
 * (coloured by class) and the OOD points on top. Equal scales on both axes, so circles look round.
 *
 * @param grid the grid axes (nx, ny ≥ 2)
 * @param layer nx·ny values and how to label them
 * @param overlay training points/labels and OOD points to draw on top
 * @param options style, title, axis names
 * @returns a Plotly figure in the paper style (single column, 340×300 px)
 * @throws InputError naming `layer.values`, `grid` or the overlay field whose shape does not fit.
 * @example
 * const g = inputGrid({ xMin: -1, xMax: 1, yMin: -1, yMax: 1, nx: 2, ny: 2 });
 * uncertaintyMapFigure(g, { values: [0, 1, 2, 3], quantity: 'Entropy', unit: 'nats' }).data[0].z // [[0, 1], [2, 3]]
 */
export function uncertaintyMapFigure(grid: MapGrid, layer: MapLayer, overlay: MapOverlay = {}, options: MapOptions = {}): Figure {
  const [nameX, nameY] = options.axisNames ?? ['x₁', 'x₂'];
  const unit = options.inputUnit ?? 'input units';
  const data = [layerTrace(grid, layer, 'layer.values', options.style ?? 'heatmap'), ...overlayTraces(overlay, { xaxis: 'x', yaxis: 'y' }, true)];
  const layout = paperLayout({
    width: FIGURE_SIZES.singleColumn.width,
    height: 300,
    title: options.title ? { text: options.title } : undefined,
    xaxis: { title: { text: axisTitle(nameX, unit) }, range: [grid.xs[0], grid.xs[grid.xs.length - 1]], showgrid: false },
    yaxis: {
      title: { text: axisTitle(nameY, unit) },
      range: [grid.ys[0], grid.ys[grid.ys.length - 1]],
      showgrid: false,
      scaleanchor: 'x',
      scaleratio: 1,
    },
    legend: { orientation: 'h', x: 0, y: -0.22, xanchor: 'left', yanchor: 'top' },
    margin: { l: 48, r: 10, t: options.title ? 28 : 10, b: 70 },
  });
  return { data, layout };
}

/**
 * Several uncertainty maps of the same grid side by side (e.g. mean probability, entropy, mutual information,
 * std), `columns` per row, each with its own colour bar and the same overlay. Panels share no colour range:
 * each quantity has its own unit.
 *
 * @param grid the grid axes
 * @param layers one map per panel (1 or more)
 * @param overlay training/OOD points drawn on every panel
 * @param options style, title, axis names, and `columns` (@default 2)
 * @returns a Plotly figure in the paper style (double column wide)
 * @throws InputError naming `layers` (empty) or `layers[i].values` (wrong length).
 * @example
 * uncertaintyMapPanel(g, [meanLayer, entropyLayer, miLayer, stdLayer], { training, labels, ood }).data.length
 * // 4 heatmaps + 4 × (2 classes + 1 OOD) scatter traces = 16
 */
export function uncertaintyMapPanel(
  grid: MapGrid,
  layers: readonly MapLayer[],
  overlay: MapOverlay = {},
  options: MapOptions & { columns?: number } = {},
): Figure {
  if (!layers || layers.length === 0) throw new InputError('layers', 'needs at least one map');
  const columns = Math.max(1, Math.min(options.columns ?? 2, layers.length));
  const rows = Math.ceil(layers.length / columns);
  const [nameX, nameY] = options.axisNames ?? ['x₁', 'x₂'];
  const unit = options.inputUnit ?? 'input units';
  const style = options.style ?? 'heatmap';
  // Each panel is a cell of the paper; the right 16 % of a cell holds its colour bar.
  const hGap = 0.04, vGap = 0.1, barShare = 0.16;
  const cellW = (1 - hGap * (columns - 1)) / columns;
  const cellH = (1 - vGap * (rows - 1)) / rows;
  const data: PlotlyTrace[] = [];
  const height = 300 * rows + 60;
  const marginTop = options.title ? 28 : 10, marginBottom = 90;
  // The legend sits below the bottom x-axis title; legend y is a fraction of the plot area, so convert ~50 px.
  const legendY = -50 / (height - marginTop - marginBottom);
  const overrides: PlotlyLayout = {
    width: FIGURE_SIZES.doubleColumn.width,
    height,
    title: options.title ? { text: options.title } : undefined,
    legend: { orientation: 'h', x: 0, y: legendY, xanchor: 'left', yanchor: 'top' },
    margin: { l: 48, r: 10, t: marginTop, b: marginBottom },
    annotations: [] as unknown[],
  };
  layers.forEach((layer, p) => {
    const col = p % columns, row = Math.floor(p / columns);
    const x0 = col * (cellW + hGap), x1 = x0 + cellW * (1 - barShare);
    // Clamped: 1 − 2·(cellH + vGap) can come out as −5e-17, and Plotly rejects domains outside [0, 1].
    const yTop = Math.min(1, 1 - row * (cellH + vGap)), y0 = Math.max(0, yTop - cellH);
    const suffix = p === 0 ? '' : String(p + 1);
    const trace = layerTrace(grid, layer, `layers[${p}].values`, style);
    trace.xaxis = `x${suffix}`;
    trace.yaxis = `y${suffix}`;
    trace.colorbar = { ...(trace.colorbar as object), x: x1 + 0.01, xanchor: 'left', y: (y0 + yTop) / 2, yanchor: 'middle', len: cellH * 0.95 };
    data.push(trace, ...overlayTraces(overlay, { xaxis: `x${suffix}`, yaxis: `y${suffix}` }, p === 0));
    overrides[`xaxis${suffix}`] = {
      domain: [x0, x1],
      anchor: `y${suffix}`,
      range: [grid.xs[0], grid.xs[grid.xs.length - 1]],
      showgrid: false,
      title: { text: row === rows - 1 ? axisTitle(nameX, unit) : '' },
    };
    overrides[`yaxis${suffix}`] = {
      domain: [y0, yTop],
      anchor: `x${suffix}`,
      range: [grid.ys[0], grid.ys[grid.ys.length - 1]],
      showgrid: false,
      title: { text: col === 0 ? axisTitle(nameY, unit) : '' },
    };
    (overrides.annotations as unknown[]).push({
      text: `<b>${String.fromCharCode(97 + p)}</b> ${layer.quantity}`,
      xref: 'paper',
      yref: 'paper',
      x: x0,
      y: yTop,
      xanchor: 'left',
      yanchor: 'bottom',
      showarrow: false,
      font: { family: FONT_FAMILY, size: FONT_SIZES.annotation },
    });
  });
  return { data, layout: paperLayout(overrides) };
}

/** One curve of an input-scaling figure. */
export interface ScalingSeries {
  /** Legend name, e.g. 'max softmax probability (ensemble)'. */
  readonly name: string;
  /** One value per scale factor. */
  readonly values: ArrayLike<number>;
  /** Draw against the right-hand axis. @default false */
  readonly rightAxis?: boolean;
  /** Dashed line (e.g. for a second model or a reference). @default false */
  readonly dashed?: boolean;
}

/**
 * Pearce et al.'s input-scaling effect: a quantity (e.g. max softmax probability, ‖z‖, familiarity) against the
 * factor α by which an input x is multiplied (αx). Under ReLU the network is piecewise linear and positively
 * homogeneous far from the origin, so ‖z‖ grows ∝ α and softmax confidence tends to 1 while familiarity
 * (an angle) stays put — the figure is where that is seen, not computed.
 *
 * @param scales the scale factors α (> 0; log x-axis), one per value
 * @param series curves; `rightAxis` ones share the right axis
 * @param axes titles: left {quantity, unit}, optional right {quantity, unit}
 * @returns a Plotly figure in the paper style (single column)
 * @throws InputError naming `scales` (empty, non-positive) or `series[i].values` (wrong length).
 * @example
 * inputScalingFigure([1, 10, 100], [{ name: 'confidence', values: [0.8, 0.99, 1] }],
 *   { left: { quantity: 'Max softmax probability', unit: 'probability' } }).layout.xaxis.type // 'log'
 */
export function inputScalingFigure(
  scales: ArrayLike<number>,
  series: readonly ScalingSeries[],
  axes: { left: { quantity: string; unit: string }; right?: { quantity: string; unit: string }; title?: string },
): Figure {
  if (!scales || scales.length === 0) throw new InputError('scales', 'is empty');
  for (let i = 0; i < scales.length; i++) {
    if (!(Number.isFinite(scales[i]) && scales[i] > 0)) throw new InputError('scales', `scale ${scales[i]} must be finite and > 0 (log axis)`, i);
  }
  const x = Array.from(scales);
  const data: PlotlyTrace[] = series.map((s, i) => {
    if (!s.values || s.values.length !== x.length) {
      throw new InputError(`series[${i}].values`, `has ${s.values ? s.values.length : 0} values for ${x.length} scales`);
    }
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: s.name,
      x,
      y: Array.from(s.values, (v) => (Number.isFinite(v) ? v : null)),
      line: { color: seriesColor(i), width: 1.5, dash: s.dashed ? 'dash' : 'solid' },
      marker: { size: 4, color: seriesColor(i) },
      yaxis: s.rightAxis ? 'y2' : 'y',
    };
  });
  const hasRight = series.some((s) => s.rightAxis);
  const overrides: PlotlyLayout = {
    title: axes.title ? { text: axes.title } : undefined,
    // Ticks at the scales themselves: Plotly's default log ticks label minor decades as bare '2', '5'.
    xaxis: { type: 'log', tickvals: x, ticktext: x.map((v) => String(v)), title: { text: axisTitle('Input scale α', 'multiple of x') } },
    yaxis: { title: { text: axisTitle(axes.left.quantity, axes.left.unit) } },
    legend: { orientation: 'h', x: 0, y: -0.3, xanchor: 'left', yanchor: 'top' },
    height: FIGURE_SIZES.singleColumnTall.height,
    margin: { l: 48, r: hasRight ? 48 : 10, t: axes.title ? 28 : 10, b: 90 },
  };
  if (hasRight) {
    const right = axes.right ?? { quantity: 'Value', unit: 'see legend' };
    overrides.yaxis2 = { overlaying: 'y', side: 'right', showgrid: false, title: { text: axisTitle(right.quantity, right.unit) } };
  }
  return { data, layout: paperLayout(overrides) };
}
