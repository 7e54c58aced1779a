/**
 * Paper figures as files: `<dir>/<name>.svg`, `.png` (≥ 2× scale) and `.pdf`, rendered from a Plotly spec by a
 * real headless Chromium through playwright-core, so the files match what the notebook showed.
 *
 * SVG and PNG come from `Plotly.toImage` (plotly.js's own exporter). The PDF is Chromium printing that SVG
 * on a page of exactly the figure's size, so it stays vector. One browser and one page serve many figures.
 * No browser is ever downloaded: Debian's `chromium`, or the user's Chrome/Chromium found through
 * CERTITUDE_CHROMIUM / CHROME_PATH or the usual install paths.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CertitudeError, InputError } from '../core/errors';
import { writeFileAtomic } from '../core/io';
import type { Figure } from '../plots/style';
import { plainFigure, plotlySource } from './display';

/** Raised when no browser is found or the browser fails to render. */
export class FigureExportError extends CertitudeError {
  constructor(message: string) {
    super(message);
    this.name = 'FigureExportError';
  }
}

/** File formats {@link FigureExporter.export} writes. */
export type FigureFormat = 'svg' | 'png' | 'pdf';

/** All formats, in the order written. */
export const FIGURE_FORMATS: readonly FigureFormat[] = ['svg', 'png', 'pdf'];

/** Chromium flags: headless, no sandbox (containers, root), and nothing that phones home or updates itself. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Chrome/Chromium usually lives, after the environment variables. */
export const USUAL_BROWSER_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * The browser executable to use: CERTITUDE_CHROMIUM, then CHROME_PATH, then {@link USUAL_BROWSER_PATHS}.
 *
 * @param env environment to read. @default process.env
 * @param exists file test, injectable for tests. @default fs.existsSync
 * @throws FigureExportError when a variable names a missing file, or nothing is found
 * @example
 * findChromium() // '/usr/bin/chromium' on Debian with `apt-get install chromium`
 */
export function findChromium(env: Record<string, string | undefined> = process.env, exists: (p: string) => boolean = existsSync): string {
  for (const name of ['CERTITUDE_CHROMIUM', 'CHROME_PATH']) {
    const value = env[name];
    if (value) {
      if (!exists(value)) throw new FigureExportError(`${name}=${value} does not exist`);
      return value;
    }
  }
  const found = USUAL_BROWSER_PATHS.find((p) => exists(p));
  if (found) return found;
  throw new FigureExportError(
    'no Chrome/Chromium found for figure export: install one (Debian/Ubuntu: `apt-get install chromium`) or set ' +
      `CERTITUDE_CHROMIUM (or CHROME_PATH) to its executable. Looked in: ${USUAL_BROWSER_PATHS.join(', ')}`,
  );
}

/**
 * Check a figure name: it becomes a file name, so letters, digits, '.', '_' and '-' only.
 *
 * @throws InputError naming the bad name
 */
export function checkFigureName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new InputError('name', `figure name '${name}' may only hold letters, digits, '.', '_' and '-', starting with a letter or digit`);
}

/** Options of {@link FigureExporter.export}. */
export interface ExportOptions {
  /** Output folder. @default CERTITUDE_FIGURES_DIR or 'figures' */
  dir?: string;
  /** Formats to write. @default ['svg', 'png', 'pdf'] */
  formats?: readonly FigureFormat[];
  /** PNG pixel scale over the layout size (≥ 2 for print). @default 3 */
  scale?: number;
  /** Also save the spec as `<dir>/specs/<name>.json` so `certitude figures` can re-render it. @default true */
  saveSpec?: boolean;
}

/** The folder figures go to: CERTITUDE_FIGURES_DIR (set by `certitude notebooks --out`) or `figures`. */
export function defaultFiguresDir(): string {
  return process.env.CERTITUDE_FIGURES_DIR || 'figures';
}

// Minimal structural types of the playwright-core objects we use, so this file does not depend on
// playwright's own declaration files (which may use syntax newer than tslab's TypeScript 5.0).
interface PwPage {
  setContent(html: string): Promise<void>;
  addScriptTag(options: { content: string }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  pdf(options: { width: string; height: string; printBackground: boolean; pageRanges: string }): Promise<Buffer>;
}
interface PwBrowser {
  newPage(): Promise<PwPage>;
  close(): Promise<void>;
}

function figureSize(figure: Figure): { width: number; height: number } {
  const width = typeof figure.layout.width === 'number' ? figure.layout.width : 700;
  const height = typeof figure.layout.height === 'number' ? figure.layout.height : 450;
  return { width, height };
}

/**
 * One headless Chromium rendering many figures. Create with {@link FigureExporter.launch}, close when done.
 *
 * @example
 * const exporter = await FigureExporter.launch();
 * try { await exporter.export(fig, 'reliability-mlp'); } finally { await exporter.close(); }
 * // figures/reliability-mlp.svg, .png, .pdf and figures/specs/reliability-mlp.json
 */
export class FigureExporter {
  private constructor(
    private readonly browser: PwBrowser,
    private readonly page: PwPage,
    /** The browser executable in use. */
    readonly executablePath: string,
  ) {}

  /**
   * Start the browser (fresh temporary profile) with plotly.js loaded in one page.
   *
   * @param executablePath browser to use. @default {@link findChromium}()
   * @throws FigureExportError when no browser is found or it cannot start
   */
  static async launch(executablePath: string = findChromium()): Promise<FigureExporter> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { chromium } = require('playwright-core') as { chromium: { launch(o: Record<string, unknown>): Promise<PwBrowser> } };
    let browser: PwBrowser;
    try {
      // playwright's launch() always gives the browser a fresh profile (--user-data-dir in a new temp folder,
      // deleted on close), which is what we want: no state from the user's own browser.
      browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS], timeout: 60_000 });
    } catch (e) {
      throw new FigureExportError(`could not start ${executablePath}: ${(e as Error).message.split('\n')[0]}`);
    }
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="fig"></div></body></html>');
    await page.addScriptTag({ content: plotlySource() });
    return new FigureExporter(browser, page, executablePath);
  }

  /**
   * Render one figure to files, each written atomically.
   *
   * @param figure a Plotly spec (typed arrays allowed); its layout width/height set the size in CSS px
   * @param name file stem, e.g. `'01-reliability'`
   * @param options see {@link ExportOptions}
   * @returns the paths written
   * @throws InputError for a bad name or scale; FigureExportError when rendering fails
   */
  async export(figure: Figure, name: string, options: ExportOptions = {}): Promise<string[]> {
    checkFigureName(name);
    const scale = options.scale ?? 3;
    if (!(scale >= 2 && scale <= 8)) throw new InputError('scale', `must be in [2, 8] for print-quality PNG, got ${scale}`);
    const dir = resolve(options.dir ?? defaultFiguresDir());
    const formats = options.formats ?? FIGURE_FORMATS;
    const plain = plainFigure(figure);
    const { width, height } = figureSize(plain);
    mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    let images: { svg: string; png: string };
    try {
      images = await this.page.evaluate(
        async (arg: { fig: Figure; width: number; height: number; scale: number }) => {
          // Runs in the browser, where plotly.js defined window.Plotly.
          const P = (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
          const fig = { data: arg.fig.data, layout: arg.fig.layout, config: { staticPlot: true } };
          const svg = await P.toImage(fig, { format: 'svg', width: arg.width, height: arg.height });
          const png = await P.toImage(fig, { format: 'png', width: arg.width, height: arg.height, scale: arg.scale });
          return { svg, png };
        },
        { fig: plain, width, height, scale },
      );
    } catch (e) {
      throw new FigureExportError(`plotly.js could not render figure '${name}': ${(e as Error).message.split('\n')[0]}`);
    }
    const svgText = decodeURIComponent(images.svg.replace(/^data:image\/svg\+xml,/, ''));
    if (formats.includes('svg')) {
      const path = join(dir, `${name}.svg`);
      await writeFileAtomic(path, svgText);
      written.push(path);
    }
    if (formats.includes('png')) {
      const path = join(dir, `${name}.png`);
      await writeFileAtomic(path, Buffer.from(images.png.replace(/^data:image\/png;base64,/, ''), 'base64'));
      written.push(path);
    }
    if (formats.includes('pdf')) {
      const pdfPage = await this.browser.newPage();
      try {
        await pdfPage.setContent(
          `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:${width}px ${height}px;margin:0}html,body{margin:0;padding:0}svg{display:block}</style></head><body>${svgText.replace(/^<\?xml[^>]*>/, '')}</body></html>`,
        );
        const pdf = await pdfPage.pdf({ width: `${width}px`, height: `${height}px`, printBackground: true, pageRanges: '1' });
        const path = join(dir, `${name}.pdf`);
        await writeFileAtomic(path, pdf);
        written.push(path);
      } finally {
        await (pdfPage as unknown as { close(): Promise<void> }).close();
      }
    }
    if (options.saveSpec ?? true) {
      mkdirSync(join(dir, 'specs'), { recursive: true });
      const path = join(dir, 'specs', `${name}.json`);
      await writeFileAtomic(path, JSON.stringify(plain) + '\n');
      written.push(path);
    }
    return written;
  }

  /** Close the browser (playwright deletes its temporary profile). */
  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * Export several figures with one browser (what a notebook calls at its end).
 *
 * @param figures name → figure
 * @param options see {@link ExportOptions}
 * @returns every path written
 * @throws FigureExportError when no browser is found; InputError for a bad name
 * @example
 * await exportFigures({ '01-reliability': fig1, '01-temperature': fig2 });
 */
export async function exportFigures(figures: Record<string, Figure>, options: ExportOptions = {}): Promise<string[]> {
  for (const name of Object.keys(figures)) checkFigureName(name);
  const exporter = await FigureExporter.launch();
  const written: string[] = [];
  try {
    for (const [name, figure] of Object.entries(figures)) written.push(...(await exporter.export(figure, name, options)));
  } finally {
    await exporter.close();
  }
  return written;
}

/**
 * The figure specs saved under `<specsDir>` (file stem → figure), in name order.
 *
 * @throws InputError when the folder is missing or a file is not a figure spec
 */
export function readFigureSpecs(specsDir: string): Array<{ name: string; figure: Figure }> {
  if (!existsSync(specsDir)) throw new InputError(specsDir, 'no such folder of figure specs');
  return readdirSync(specsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const path = join(specsDir, f);
      let figure: Figure;
      try {
        figure = JSON.parse(readFileSync(path, 'utf8')) as Figure;
      } catch (e) {
        throw new InputError(path, `is not JSON: ${(e as Error).message}`);
      }
      if (!figure || !Array.isArray(figure.data) || typeof figure.layout !== 'object' || figure.layout === null) throw new InputError(path, 'is not a Plotly figure spec {data: [], layout: {}}');
      return { name: f.slice(0, -'.json'.length), figure };
    });
}
