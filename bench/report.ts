/** Prints the results as tables and writes them, with the machine they came from, as JSON. */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export type Row = Record<string, string | number>;

export const printTable = (title: string, rows: readonly Row[]): void => {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (row: Row, column: string) => String(row[column] ?? '');
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row, column).length)));
  const line = (values: string[]) => values.map((value, i) => value.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(columns.map((column) => cell(row, column))));
};

export const writeResults = (path: string, results: unknown): void => {
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
  writeFileSync(path, `${JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2)}\n`);
};

/** `{GetItem: 1, Query: 2}` → `GetItem 1, Query 2`, for one table cell. */
export const formatCounts = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([operation, count]) => `${operation.replace(/Command$/, '')} ${count}`)
    .join(', ') || '-';
