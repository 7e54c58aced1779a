/**
 * A GitHub-flavoured markdown table. Numbers should be formatted by the caller (so the table shows
 * exactly the precision the results JSON justifies).
 *
 * @param headers column titles
 * @param rows one array of cells per row (same length as headers)
 * @param align per column 'l' or 'r' (default: first column left, others right)
 * @example
 * markdownTable(['method', 'ECE'], [['none', '0.051']])
 * // '| method | ECE |\n|:--|--:|\n| none | 0.051 |'
 */
export function markdownTable(headers: string[], rows: (string | number)[][], align?: ('l' | 'r')[]): string {
  const a = align ?? headers.map((_, i) => (i === 0 ? 'l' : 'r'));
  const esc = (c: string | number): string => String(c).replace(/\|/g, '\\|');
  const lines = [`| ${headers.map(esc).join(' | ')} |`, `|${a.map((x) => (x === 'l' ? ':--' : '--:')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
  return lines.join('\n');
}

/**
 * `mean ± se` with a fixed number of decimals.
 *
 * @example
 * formatMeanSe(2.9012, 0.1834, 2) // '2.90 ± 0.18'
 */
export function formatMeanSe(mean: number, se: number, decimals: number): string {
  return `${mean.toFixed(decimals)} ± ${se.toFixed(decimals)}`;
}

/**
 * `value [lo, hi]` for a bootstrap interval.
 *
 * @example
 * formatInterval(0.0512, 0.041, 0.062, 3) // '0.051 [0.041, 0.062]'
 */
export function formatInterval(value: number, lo: number, hi: number, decimals: number): string {
  return `${value.toFixed(decimals)} [${lo.toFixed(decimals)}, ${hi.toFixed(decimals)}]`;
}
