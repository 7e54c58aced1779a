/**
 * Paper style for every certitude figure: one font family, sizes readable when the figure is printed at
 * single-column width (3.5 in), the Okabe–Ito colour-blind-safe palette, and axis titles that carry units.
 *
 * Plot files (`src/plots/<domain>.ts`) build traces, then wrap their layout in {@link paperLayout} so that all
 * figures look alike without each one restating fonts and margins. Pure data: no I/O, no DOM.
 */

/** One Plotly trace (`{type, x, y, ...}`); kept open because Plotly's schema is large and versioned. */
export type PlotlyTrace = { type?: string; name?: string; [key: string]: unknown };

/** A Plotly layout object (`{title, xaxis, yaxis, ...}`). */
export type PlotlyLayout = { [key: string]: unknown };

/**
 * A complete Plotly figure spec, exactly what `Plotly.newPlot(div, data, layout)` takes and what the
 * `application/vnd.plotly.v1+json` mime type carries. Every function in `src/plots/` returns one.
 */
export interface Figure {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
}

/**
 * Okabe & Ito (2008) colour-blind-safe palette, in the order series are coloured. Black and yellow come last:
 * black is kept for reference lines (the diagonal), yellow is weak on white paper.
 *
 * @example
 * OKABE_ITO.blue // '#0072B2'
 */
export const OKABE_ITO = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  bluishGreen: '#009E73',
  orange: '#E69F00',
  reddishPurple: '#CC79A7',
  skyBlue: '#56B4E9',
  yellow: '#F0E442',
  black: '#000000',
} as const;

/**
 * Series colours in order (Okabe–Ito without black). Use {@link seriesColor} to index with wrap-around.
 *
 * @example
 * PALETTE[0] // '#0072B2'
 */
export const PALETTE: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.orange,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
];

/** Colour for reference lines (perfect calibration diagonal, chance level). */
export const REFERENCE_LINE_COLOR = '#444444';

/**
 * Colour of the i-th series, wrapping around the palette.
 *
 * @param index series index, 0-based (negative or fractional values are an error)
 * @throws RangeError when index is not a non-negative integer
 * @example
 * seriesColor(1) // '#D55E00'
 * seriesColor(7) // '#0072B2' (wraps)
 */
export function seriesColor(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`seriesColor: index must be a non-negative integer, got ${index}`);
  return PALETTE[index % PALETTE.length];
}

/**
 * Font family used everywhere. Liberation Sans is metric-compatible with Arial and ships with Debian's
 * Chromium (fonts-liberation), so exported SVG/PDF text has the same widths on every machine that has it;
 * the fallbacks keep browsers without it close.
 */
export const FONT_FAMILY = 'Liberation Sans, Arial, Helvetica, sans-serif';

/**
 * Font sizes in CSS px at the single-column width below. A 340 px wide figure printed 3.5 in wide scales by
 * ~0.74 pt/px, so 11 px labels print at ~8 pt and 10 px ticks at ~7.4 pt: the smallest sizes journals accept.
 */
export const FONT_SIZES = { base: 11, title: 12, tick: 10, legend: 10, annotation: 10 } as const;

/**
 * Figure sizes in CSS px. Single column ≈ 3.5 in, double column ≈ 7 in (most two-column journals);
 * exports scale these by ≥ 2 for PNG so line art stays sharp.
 */
export const FIGURE_SIZES = {
  singleColumn: { width: 340, height: 260 },
  singleColumnTall: { width: 340, height: 360 },
  doubleColumn: { width: 700, height: 300 },
} as const;

/**
 * Axis title with its unit in parentheses, the house form for every axis. Dimensionless quantities still
 * state what they are measured in (`probability`, `count`, `nats`), so a reader never guesses a scale.
 *
 * @param quantity what is on the axis, e.g. `'Confidence'`
 * @param unit its unit, e.g. `'probability'`, `'nats'`, `'%'`, `'count'`
 * @throws RangeError when quantity or unit is empty
 * @example
 * axisTitle('Confidence', 'probability') // 'Confidence (probability)'
 */
export function axisTitle(quantity: string, unit: string): string {
  if (quantity.trim() === '' || unit.trim() === '') throw new RangeError('axisTitle: quantity and unit must be non-empty');
  return `${quantity} (${unit})`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Deep merge of plain objects: `override` wins; arrays and other values are replaced, not merged (Plotly
 * arrays such as `tickvals` or `annotations` are whole values). Neither input is mutated.
 *
 * @example
 * mergeDeep({ a: { b: 1, c: 2 } }, { a: { c: 3 } }) // { a: { b: 1, c: 3 } }
 */
export function mergeDeep<T extends Record<string, unknown>>(base: T, override: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeDeep(current, value) : value;
  }
  return out as T;
}

/** Axis defaults: visible frame line, light grid, outside ticks, title with a readable standoff. */
function paperAxis(): Record<string, unknown> {
  return {
    showline: true,
    linecolor: '#000000',
    linewidth: 1,
    mirror: false,
    ticks: 'outside',
    ticklen: 4,
    tickwidth: 1,
    tickcolor: '#000000',
    tickfont: { size: FONT_SIZES.tick, family: FONT_FAMILY, color: '#000000' },
    showgrid: true,
    gridcolor: '#e5e5e5',
    gridwidth: 0.5,
    zeroline: false,
    automargin: true,
    title: { font: { size: FONT_SIZES.base, family: FONT_FAMILY, color: '#000000' }, standoff: 6 },
  };
}

/**
 * The paper layout merged with `overrides`: white background, {@link FONT_FAMILY} at {@link FONT_SIZES},
 * {@link PALETTE} as the colourway, single-column size, compact margins, legend inside the plot area,
 * no mode bar. Axes named in `overrides` (`xaxis2`, `yaxis2`, ...) get the same axis style.
 *
 * @param overrides any Plotly layout fields; nested objects merge deeply (see {@link mergeDeep})
 * @returns a new layout object
 * @example
 * const layout = paperLayout({ xaxis: { title: { text: axisTitle('Confidence', 'probability') } } });
 * layout.font // { family: 'Liberation Sans, Arial, Helvetica, sans-serif', size: 11, color: '#000000' }
 * layout.width // 340
 */
export function paperLayout(overrides: PlotlyLayout = {}): PlotlyLayout {
  const base: PlotlyLayout = {
    font: { family: FONT_FAMILY, size: FONT_SIZES.base, color: '#000000' },
    title: { font: { family: FONT_FAMILY, size: FONT_SIZES.title }, x: 0.02, xanchor: 'left' },
    colorway: [...PALETTE],
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    width: FIGURE_SIZES.singleColumn.width,
    height: FIGURE_SIZES.singleColumn.height,
    margin: { l: 48, r: 10, t: 28, b: 42, pad: 0 },
    legend: {
      font: { family: FONT_FAMILY, size: FONT_SIZES.legend },
      bgcolor: 'rgba(255,255,255,0.85)',
      bordercolor: '#cccccc',
      borderwidth: 0.5,
      x: 0.02,
      y: 0.98,
      xanchor: 'left',
      yanchor: 'top',
    },
    hoverlabel: { font: { family: FONT_FAMILY } },
    xaxis: paperAxis(),
    yaxis: paperAxis(),
    bargap: 0.05,
  };
  // Extra axes (xaxis2, yaxis3, ...) named by the caller get the same style underneath their overrides.
  for (const key of Object.keys(overrides)) {
    if (/^[xy]axis\d+$/.test(key)) base[key] = paperAxis();
  }
  return mergeDeep(base, overrides);
}

/**
 * A figure with the paper layout applied underneath its own layout (the figure's fields win).
 *
 * @param figure any Plotly figure spec
 * @returns a new figure; the input is not mutated
 * @example
 * withPaperStyle({ data: [], layout: { height: 200 } }).layout.height // 200
 */
export function withPaperStyle(figure: Figure): Figure {
  return { data: figure.data, layout: paperLayout(figure.layout) };
}
