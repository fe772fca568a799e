// Module hooks that let a child process run the TypeScript sources directly (the way Jest runs
// them): `.ts` files are transpiled with TypeScript's transpileModule, `./x.js` specifiers find
// `./x.ts`, and `nestjs-api-tokens` is the library's source. For tests that spawn the app.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const LIBRARY = new URL('../../libs/api-tokens/src/index.ts', import.meta.url).href;
const SUBPATH = /^nestjs-api-tokens\/(testing|swagger|redis)$/;
const OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2023,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  sourceMap: false,
  inlineSourceMap: true,
};

export async function resolve(specifier, context, next) {
  if (specifier === 'nestjs-api-tokens') return { url: LIBRARY, shortCircuit: true, format: 'module' };
  const subpath = SUBPATH.exec(specifier);
  if (subpath) return { url: new URL(`../../libs/api-tokens/src/${subpath[1]}/index.ts`, import.meta.url).href, shortCircuit: true, format: 'module' };
  if ((specifier.startsWith('.') || specifier.startsWith('/')) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true, format: 'module' };
  }
  return next(specifier, context);
}

// Transpiled output is cached by content, so a second start (a restart test) is quick.
const CACHE = join(tmpdir(), 'license-panel-ts-hooks');
mkdirSync(CACHE, { recursive: true });

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  const cached = join(CACHE, `${createHash('sha1').update(file).update('\0').update(source).digest('hex')}.js`);
  if (existsSync(cached)) return { format: 'module', source: readFileSync(cached, 'utf8'), shortCircuit: true };
  const { outputText } = ts.transpileModule(source, { compilerOptions: OPTIONS, fileName: file });
  writeFileSync(cached, outputText);
  return { format: 'module', source: outputText, shortCircuit: true };
}

export const hooksUrl = pathToFileURL(fileURLToPath(import.meta.url)).href;
