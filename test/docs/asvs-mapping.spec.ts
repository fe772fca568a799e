// Keeps the OWASP ASVS mapping (docs/asvs.md) honest: every level-1 and level-2 requirement of
// its chapters is there exactly once, at its level; a requirement that applies cites at least one
// test, and every test it cites exists — the file, and an it()/describe() of that exact title that
// is not skipped —; every section of a document it cites exists; the figures at the top are the
// table's own; and the relative links of the security documents lead somewhere. A test renamed,
// moved or deleted fails here until the mapping follows.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = process.cwd();
const MAPPING = 'docs/asvs.md';
const DOCUMENTS = ['SECURITY.md', 'libs/api-tokens/SECURITY.md', MAPPING];

/** ASVS 5.0.0: the level-1 and level-2 requirements of the chapters the mapping covers, with their level. */
const REQUIREMENTS: Readonly<Record<string, 1 | 2>> = {
  '3.2.1': 1, '3.2.2': 1, '3.3.1': 1, '3.3.2': 2, '3.3.3': 2, '3.3.4': 2, '3.4.1': 1, '3.4.2': 1, '3.4.3': 2, '3.4.4': 2, '3.4.5': 2, '3.4.6': 2,
  '3.5.1': 1, '3.5.2': 1, '3.5.3': 1, '3.5.4': 2, '3.5.5': 2, '3.7.1': 2, '3.7.2': 2,
  '4.1.1': 1, '4.1.2': 2, '4.1.3': 2, '4.2.1': 2, '4.3.1': 2, '4.3.2': 2, '4.4.1': 1, '4.4.2': 2, '4.4.3': 2, '4.4.4': 2,
  '6.1.1': 1, '6.1.2': 2, '6.1.3': 2, '6.2.1': 1, '6.2.2': 1, '6.2.3': 1, '6.2.4': 1, '6.2.5': 1, '6.2.6': 1, '6.2.7': 1, '6.2.8': 1, '6.2.9': 2,
  '6.2.10': 2, '6.2.11': 2, '6.2.12': 2, '6.3.1': 1, '6.3.2': 1, '6.3.3': 2, '6.3.4': 2, '6.4.1': 1, '6.4.2': 1, '6.4.3': 2, '6.4.4': 2,
  '6.5.1': 2, '6.5.2': 2, '6.5.3': 2, '6.5.4': 2, '6.5.5': 2, '6.6.1': 2, '6.6.2': 2, '6.6.3': 2, '6.8.1': 2, '6.8.2': 2, '6.8.3': 2, '6.8.4': 2,
  '7.1.1': 2, '7.1.2': 2, '7.1.3': 2, '7.2.1': 1, '7.2.2': 1, '7.2.3': 1, '7.2.4': 1, '7.3.1': 2, '7.3.2': 2, '7.4.1': 1, '7.4.2': 1, '7.4.3': 2,
  '7.4.4': 2, '7.4.5': 2, '7.5.1': 2, '7.5.2': 2, '7.6.1': 2, '7.6.2': 2,
  '8.1.1': 1, '8.1.2': 2, '8.2.1': 1, '8.2.2': 1, '8.2.3': 2, '8.3.1': 1, '8.4.1': 2,
  '11.1.1': 2, '11.1.2': 2, '11.2.1': 2, '11.2.2': 2, '11.2.3': 2, '11.3.1': 1, '11.3.2': 1, '11.3.3': 2, '11.4.1': 1, '11.4.2': 2, '11.4.3': 2,
  '11.4.4': 2, '11.5.1': 2, '11.6.1': 2,
  '13.1.1': 2, '13.2.1': 2, '13.2.2': 2, '13.2.3': 2, '13.2.4': 2, '13.2.5': 2, '13.3.1': 2, '13.3.2': 2, '13.4.1': 1, '13.4.2': 2, '13.4.3': 2,
  '13.4.4': 2, '13.4.5': 2,
  '16.1.1': 2, '16.2.1': 2, '16.2.2': 2, '16.2.3': 2, '16.2.4': 2, '16.2.5': 2, '16.3.1': 2, '16.3.2': 2, '16.3.3': 2, '16.3.4': 2, '16.4.1': 2,
  '16.4.2': 2, '16.4.3': 2, '16.5.1': 2, '16.5.2': 2, '16.5.3': 2,
};

const APPLIES = ['library', 'demo', 'library, demo', 'neither'] as const;
const VERDICTS = ['verified', 'deviation', 'open', 'n/a'] as const;
type Verdict = (typeof VERDICTS)[number];

interface Row {
  readonly id: string;
  readonly chapter: string;
  readonly requirement: string;
  readonly level: string;
  readonly applies: string;
  readonly verdict: string;
  readonly evidence: string;
}

/** `test/…/x.e2e-spec.ts` › ``title`` */
const TEST_CITATION = /`([\w./-]+\.ts)` › ``(.+?)``/g;
/** `SECURITY.md#section` */
const DOC_CITATION = /`([\w./-]+\.md)#([\w-]+)`/g;

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** The cells of a table row (the mapping keeps `|` out of its cells). */
function cells(line: string): string[] {
  return line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
}

function rows(markdown: string): Row[] {
  const found: Row[] = [];
  for (const line of markdown.split('\n')) {
    const c = cells(line);
    if (!/^\d+\.\d+\.\d+$/.test(c[0] ?? '')) continue;
    expect({ line: line.slice(0, 60), cells: c.length }).toEqual({ line: line.slice(0, 60), cells: 6 });
    const [id = '', requirement = '', level = '', applies = '', verdict = '', evidence = ''] = c;
    found.push({ id, chapter: `V${id.split('.')[0]}`, requirement, level, applies, verdict, evidence });
  }
  return found;
}

/** Titles of the tests and suites a file declares (it, test, describe and their .each/.only forms; skipped ones left out). */
const titleCache = new Map<string, Set<string>>();
function testTitles(path: string): Set<string> {
  const cached = titleCache.get(path);
  if (cached) return cached;
  const source = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const titles = new Set<string>();
  const kind = (callee: ts.Expression): 'test' | 'skipped' | null => {
    if (ts.isIdentifier(callee)) return ['it', 'test', 'describe'].includes(callee.text) ? 'test' : ['xit', 'xtest', 'xdescribe'].includes(callee.text) ? 'skipped' : null;
    if (ts.isPropertyAccessExpression(callee)) {
      const base = kind(callee.expression);
      if (base === null) return null;
      return ['skip', 'todo'].includes(callee.name.text) ? 'skipped' : base;
    }
    // it.each(table)('title', …)
    if (ts.isCallExpression(callee) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'each') return kind(callee.expression.expression);
    return null;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && kind(node.expression) === 'test') {
      const first = node.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) titles.add(first.text);
      else if (first && ts.isTemplateExpression(first)) titles.add(first.getText(source).slice(1, -1));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  titleCache.set(path, titles);
  return titles;
}

/** GitHub's anchors for a document's headings. */
function anchors(path: string): Set<string> {
  const slugs = new Set<string>();
  for (const line of read(path).split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    slugs.add(
      (heading[1] ?? '')
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return slugs;
}

describe('the ASVS mapping', () => {
  const markdown = read(MAPPING);
  const table = rows(markdown);

  it('lists every level-1 and level-2 requirement of its chapters exactly once, at its level', () => {
    expect(table.map((r) => r.id).sort()).toEqual(Object.keys(REQUIREMENTS).sort());
    for (const row of table) expect({ id: row.id, level: row.level }).toEqual({ id: row.id, level: String(REQUIREMENTS[row.id]) });
    for (const row of table) expect({ id: row.id, paraphrased: row.requirement.length > 10 }).toEqual({ id: row.id, paraphrased: true });
  });

  it('says for each whom it applies to and how it stands, consistently', () => {
    for (const row of table) {
      expect({ id: row.id, applies: (APPLIES as readonly string[]).includes(row.applies) }).toEqual({ id: row.id, applies: true });
      expect({ id: row.id, verdict: (VERDICTS as readonly string[]).includes(row.verdict) }).toEqual({ id: row.id, verdict: true });
      // A requirement applies exactly when it is not "n/a"; every verdict says why in words too.
      expect({ id: row.id, consistent: (row.applies === 'neither') === (row.verdict === 'n/a') }).toEqual({ id: row.id, consistent: true });
      const words = row.evidence.replace(TEST_CITATION, '').replace(DOC_CITATION, '').replace(/[`;,.\s]/g, '');
      if (row.verdict !== 'verified') expect({ id: row.id, explained: words.length > 20 }).toEqual({ id: row.id, explained: true });
    }
  });

  it('cites at least one test for every requirement that applies and is met, in whole or in part', () => {
    for (const row of table.filter((r) => r.verdict === 'verified' || r.verdict === 'deviation')) {
      expect({ id: row.id, tests: [...row.evidence.matchAll(TEST_CITATION)].length > 0 }).toEqual({ id: row.id, tests: true });
    }
  });

  it('cites only tests that exist: the file, and a test or suite of that exact title that is not skipped', () => {
    let cited = 0;
    for (const row of table) {
      for (const [, file = '', title = ''] of row.evidence.matchAll(TEST_CITATION)) {
        cited++;
        expect({ id: row.id, file, exists: existsSync(join(ROOT, file)) }).toEqual({ id: row.id, file, exists: true });
        expect({ id: row.id, file, title, found: testTitles(file).has(title) }).toEqual({ id: row.id, file, title, found: true });
      }
    }
    expect(cited).toBeGreaterThan(100);
  });

  it('cites only sections of documents that exist', () => {
    for (const row of table) {
      for (const [, file = '', anchor = ''] of row.evidence.matchAll(DOC_CITATION)) {
        expect({ id: row.id, file, exists: existsSync(join(ROOT, file)) }).toEqual({ id: row.id, file, exists: true });
        expect({ id: row.id, section: `${file}#${anchor}`, found: anchors(file).has(anchor) }).toEqual({ id: row.id, section: `${file}#${anchor}`, found: true });
      }
    }
  });

  it('gives figures that are the table’s own', () => {
    const count = (chapter: string, pick: (r: Row) => boolean): number => table.filter((r) => r.chapter === chapter && pick(r)).length;
    const is = (...verdicts: Verdict[]) => (r: Row) => (verdicts as string[]).includes(r.verdict);
    const chapters = [...new Set(table.map((r) => r.chapter))];
    const summary = markdown
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map(cells)
      .filter((c) => /^V\d+ /.test(c[0] ?? '') || c[0] === '**total**');
    const expected = chapters.map((chapter) => [count(chapter, () => true), count(chapter, (r) => r.verdict !== 'n/a'), count(chapter, is('verified', 'deviation')), count(chapter, is('deviation')), count(chapter, is('open')), count(chapter, is('n/a'))]);
    const total = expected.reduce((sum, row) => sum.map((v, i) => v + (row[i] ?? 0)), [0, 0, 0, 0, 0, 0]);
    expect(summary.map((c) => c.slice(1).map((v) => Number(v.replace(/\*/g, ''))))).toEqual([...expected, total]);
    expect(summary.map((c) => (c[0] ?? '').split(' ')[0])).toEqual([...chapters, '**total**']);
  });
});

describe('the security documents', () => {
  it.each(DOCUMENTS)('%s: every relative link leads to a file, and to a section of it that exists', (document) => {
    const text = read(document);
    for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [file = '', anchor] = target.split('#');
      const path = file === '' ? document : join(dirname(document), file);
      expect({ document, target, exists: existsSync(resolve(ROOT, path)) }).toEqual({ document, target, exists: true });
      if (anchor !== undefined) expect({ document, target, found: anchors(path).has(anchor) }).toEqual({ document, target, found: true });
    }
  });
});
