// Where a run's figures go: bench/results/local/ (ignored by git) every time, so that running the
// benchmark leaves the tree as it was; with BENCH_UPDATE=1 also the committed
// bench/results/latest.json and the table in bench/README.md, between its two markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJson, type RowReport } from './report.js';
import type { RevocationFigures } from './revocation.js';

const BEGIN = '<!-- bench-table:begin -->';
const END = '<!-- bench-table:end -->';

export interface RunResults {
  readonly header: readonly string[];
  readonly config: unknown;
  readonly reports: readonly RowReport[];
  readonly revocation: RevocationFigures | null;
  /** The table and the summary lines, as printed. */
  readonly text: string;
}

/** Writes the results; returns the files written. */
export function saveResults(root: string, results: RunResults, update: boolean): string[] {
  const written: string[] = [];
  const save = (dir: string): void => {
    const file = join(root, dir, 'latest.json');
    writeJson(file, results.reports);
    writeJson(join(root, dir, 'latest.meta.json'), { header: results.header, config: results.config, revocation: results.revocation });
    writeFileSync(join(root, dir, 'latest.txt'), results.text);
    written.push(file);
  };
  save('bench/results/local');
  if (update) {
    save('bench/results');
    written.push(updateReadme(join(root, 'bench/README.md'), results.text));
  }
  return written;
}

/** Replaces the table between the README's markers with this run's. */
function updateReadme(file: string, text: string): string {
  const readme = readFileSync(file, 'utf8');
  const from = readme.indexOf(BEGIN);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${file}: the markers ${BEGIN} … ${END} are missing`);
  writeFileSync(file, `${readme.slice(0, from + BEGIN.length)}\n\`\`\`\n${text.trimEnd()}\n\`\`\`\n${readme.slice(to)}`);
  return file;
}
