// Copies the README's quick-start code blocks, verbatim, into files: every ```ts block preceded by
// `<!-- quick-start: NAME -->` becomes OUTDIR/NAME. So the documented quick start is the one that
// is compiled and run, and can never rot.
//   node extract-quick-start.mjs README.md OUTDIR
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [readme, outDir] = process.argv.slice(2);
if (!readme || !outDir) throw new Error('usage: extract-quick-start.mjs README.md OUTDIR');
const text = readFileSync(readme, 'utf8');
const blocks = [...text.matchAll(/<!-- quick-start: ([\w.-]+\.ts) -->\n```ts\n([\s\S]*?)\n```/g)];
const expected = ['app.module.ts', 'main.ts', 'main-fastify.ts'];
const found = blocks.map((b) => b[1]);
for (const name of expected) if (!found.includes(name)) throw new Error(`${readme}: no quick-start block "${name}" (found: ${found.join(', ') || 'none'})`);
mkdirSync(outDir, { recursive: true });
for (const [, name, code] of blocks) writeFileSync(join(outDir, name), `${code}\n`);
process.stdout.write(`quick start: ${found.join(', ')}\n`);
