// Keeps the two READMEs true to the repository and readable as rendered: every path they name
// (a link, a path in code quotes, the first column of the repository map) exists, every link to a
// section finds its heading, and no table is cut in two by a blank line (the rows after the cut
// would render as text). A file moved or renamed fails here until the README follows.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = process.cwd();
const READMES = ['README.md', 'libs/api-tokens/README.md'];

/** The top-level places a path in code quotes may start from; anything else in quotes is code. */
const TOP_LEVEL = /^(?:libs|apps|test|scripts|docs|bench|\.ci)\/|^(?:README|SECURITY)\.md$|^package\.json$/;

interface Line {
  readonly number: number;
  readonly text: string;
  /** Whether the line is inside a fenced code block (``` … ```). */
  readonly fenced: boolean;
}

function linesOf(markdown: string): Line[] {
  let fenced = false;
  return markdown.split('\n').map((text, i) => {
    const fence = /^\s*```/.test(text);
    const line = { number: i + 1, text, fenced: fenced || fence };
    if (fence) fenced = !fenced;
    return line;
  });
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  return new Set(
    linesOf(readFileSync(file, 'utf8'))
      .filter((l) => !l.fenced && /^#{1,6} /.test(l.text))
      .map((l) => anchorOf(l.text.replace(/^#+ /, ''))),
  );
}

/** `src/{a,b}/` → `src/a/`, `src/b/` (one brace group, as the README writes a family of folders). */
function expand(path: string): string[] {
  const m = /^(.*)\{([^}]+)\}(.*)$/.exec(path);
  return m ? m[2]!.split(',').map((part) => `${m[1]}${part}${m[3]}`) : [path];
}

/** The paths a README names: in code quotes outside code blocks, and the repository map's first column. */
function namedPaths(markdown: string): Array<{ line: number; path: string }> {
  const named: Array<{ line: number; path: string }> = [];
  const lines = linesOf(markdown);
  let inMap = false;
  for (const l of lines) {
    if (!l.fenced) {
      inMap = false;
      for (const m of l.text.matchAll(/`([^`\s]+)`/g)) {
        const path = m[1]!.replace(/[.,:;]$/, '');
        if (TOP_LEVEL.test(path)) named.push({ line: l.number, path });
      }
      continue;
    }
    // The repository map: a fenced block whose first entry is a top-level folder.
    if (/^\s*```/.test(l.text)) continue;
    const first = /^(\S+)\s{2,}/.exec(l.text)?.[1];
    if (first && TOP_LEVEL.test(first)) inMap = true;
    if (inMap && first) named.push({ line: l.number, path: first });
  }
  return named;
}

/** Relative links (`[text](target)`) outside code blocks, with their `#section` when given. */
function links(readme: string): Array<{ line: number; target: string; anchor?: string }> {
  const found: Array<{ line: number; target: string; anchor?: string }> = [];
  for (const l of linesOf(readFileSync(join(ROOT, readme), 'utf8'))) {
    if (l.fenced) continue;
    for (const m of l.text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const href = m[1]!;
      if (/^[a-z]+:/i.test(href)) continue;
      const [target = '', anchor] = href.split('#');
      found.push({ line: l.number, target, ...(anchor !== undefined ? { anchor } : {}) });
    }
  }
  return found;
}

/**
 * Runs of table rows (lines starting with `|`) outside code blocks. A run whose second line is not
 * the `|---|` separator is not a table: a blank line cut it from its header.
 */
function brokenTables(markdown: string): string[] {
  const broken: string[] = [];
  const lines = linesOf(markdown);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const row = !l.fenced && l.text.startsWith('|');
    const previousRow = i > 0 && !lines[i - 1]!.fenced && lines[i - 1]!.text.startsWith('|');
    if (!row || previousRow) continue;
    const separator = lines[i + 1];
    if (!separator || !/^\|(?:\s*:?-{3,}:?\s*\|)+\s*$/.test(separator.text)) broken.push(`${l.number}: ${l.text.slice(0, 60)}`);
  }
  return broken;
}

describe.each(READMES)('%s', (readme) => {
  const dir = dirname(join(ROOT, readme));
  const markdown = readFileSync(join(ROOT, readme), 'utf8');

  it('names only paths that exist (from its own folder or the repository root)', () => {
    const named = namedPaths(markdown);
    expect(named.length).toBeGreaterThan(0);
    const missing = named
      .flatMap(({ line, path }) => expand(path).map((p) => ({ line, path: p })))
      .filter(({ path }) => !existsSync(resolve(dir, path)) && !existsSync(resolve(ROOT, path)))
      .map(({ line, path }) => `${readme}:${line} ${path}`);
    expect(missing).toEqual([]);
  });

  it('links only to files that exist and to sections that exist', () => {
    const dead = links(readme)
      .filter(({ target, anchor }) => {
        const file = target === '' ? join(ROOT, readme) : resolve(dir, target);
        if (!existsSync(file)) return true;
        return anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor);
      })
      .map(({ line, target, anchor }) => `${readme}:${line} ${target}${anchor !== undefined ? `#${anchor}` : ''}`);
    expect(dead).toEqual([]);
  });

  it('has no table cut by a blank line (every run of rows starts with a header and its separator)', () => {
    expect(brokenTables(markdown)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('see a table cut by a blank line, and the paths a text names', () => {
    const text = ['| a | b |', '|---|---|', '| 1 | 2 |', '', '| 3 | 4 |', '', 'See `test/support/no-such-file.ts`, not `npm test`.'].join('\n');
    expect(brokenTables(text)).toEqual(['5: | 3 | 4 |']);
    expect(namedPaths(text).map((n) => n.path)).toEqual(['test/support/no-such-file.ts']);
  });

  it('read the repository map, a family of folders and GitHub anchors', () => {
    const map = ['```', 'libs/x/     the library', 'apps/y/     the demo', '```'].join('\n');
    expect(namedPaths(map).map((n) => n.path)).toEqual(['libs/x/', 'apps/y/']);
    expect(expand('apps/x/{a,b}/')).toEqual(['apps/x/a/', 'apps/x/b/']);
    expect(anchorOf('The demo: license panel')).toBe('the-demo-license-panel');
    expect(anchorOf('What is stored, what is logged, and why')).toBe('what-is-stored-what-is-logged-and-why');
  });
});
