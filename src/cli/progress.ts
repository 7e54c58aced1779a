/**
 * Terminal progress bar for long CLI commands (cli-progress), drawn on stderr so stdout stays parseable.
 * On a non-TTY stderr (CI logs, pipes) the bar would print a line per redraw; there we print one line per
 * `logEvery` fraction instead, so logs stay short.
 */
import { SingleBar } from 'cli-progress';

/** Options of {@link terminalProgress}. */
export interface TerminalProgressOptions {
  /** Text before the bar. @default '' */
  label?: string;
  /** Stream to draw on. @default process.stderr */
  stream?: NodeJS.WriteStream;
  /** On a non-TTY stream, print a line each time this fraction of the total is passed. @default 0.25 */
  logEvery?: number;
}

/** A started progress bar. */
export interface TerminalProgress {
  /** Advance by `step` (default 1); `status` replaces the text after the counts. */
  tick(step?: number, status?: string): void;
  /** Stop drawing (and end the line). Call once, also on errors. */
  stop(): void;
}

/**
 * Start a progress bar of `total` steps.
 *
 * @param total number of steps (positive integer)
 * @param options see {@link TerminalProgressOptions}
 * @throws RangeError when total is not a positive integer
 * @example
 * const bar = terminalProgress(notebooks.length, { label: 'notebooks' });
 * for (const nb of notebooks) { await run(nb); bar.tick(1, nb); }
 * bar.stop();
 */
export function terminalProgress(total: number, options: TerminalProgressOptions = {}): TerminalProgress {
  if (!Number.isInteger(total) || total <= 0) throw new RangeError(`terminalProgress: total must be a positive integer, got ${total}`);
  const stream = options.stream ?? process.stderr;
  const label = options.label ? `${options.label} ` : '';
  let value = 0;
  if (!stream.isTTY) {
    const every = options.logEvery ?? 0.25;
    let nextMark = every;
    return {
      tick(step = 1, status = '') {
        value = Math.min(total, value + step);
        if (value / total + 1e-12 >= nextMark || value === total) {
          stream.write(`${label}${value}/${total}${status ? ' ' + status : ''}\n`);
          while (nextMark <= value / total + 1e-12) nextMark += every;
        }
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    format: `${label}{bar} {percentage}% | {value}/{total} | {duration_formatted}<{eta_formatted} {status}`,
    stream,
    hideCursor: true,
    clearOnComplete: false,
    barCompleteChar: '█',
    barIncompleteChar: '░',
  });
  bar.start(total, 0, { status: '' });
  let stopped = false;
  return {
    tick(step = 1, status?: string) {
      value = Math.min(total, value + step);
      bar.update(value, status === undefined ? {} : { status });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
