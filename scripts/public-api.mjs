// The package's public contract, read by the TypeScript compiler rather than by eye.
//
//   node scripts/public-api.mjs                  every entry point of the package and its exported names
//   node scripts/public-api.mjs --check          fails when a public declaration names a type of the package
//                                                that no entry point exports, or when the exported names differ
//                                                from libs/api-tokens/public-api.txt (needs `npm run typecheck:dts` first)
//   node scripts/public-api.mjs --update         rewrites public-api.txt from the entry points: a deliberate change
//                                                of the contract is a change of that file, seen in review
//   node scripts/public-api.mjs --against REF    the main entry at git REF against now: counts, and what each
//                                                name exported then and not now became (subpath, internal, gone)
//
// Entry points are the `exports` map of libs/api-tokens/package.json; their sources are the
// matching files under src/ (./dist/testing/index.d.ts → src/testing/index.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LIB = join(root, 'libs/api-tokens');
const DTS = join(root, 'artifacts/dts');
/** The reviewed list of every public name: `entry point, name, value|type` per line. */
const SNAPSHOT = join(LIB, 'public-api.txt');

/** Why a removed name became what it became, where the classification alone does not say it. */
const NOTES = {
  CredentialCache: 'applications call TokensCache (invalidateOwner, invalidateAll)',
  LastUsedRecorder: 'tests call flushPendingWrites() from nestjs-api-tokens/testing',
  HttpAuthentication: 'guards answer refusals through their protected handleRefusal hook',
  STORE_RETRY_AFTER_SECONDS: 'documented in the README (Retry-After on 503)',
  CpanelTokenStrategy: 'registered by TokensModule; AuthGuard(TOKEN_STRATEGY_NAME) is the contract',
  TOKENS_MODULE_OPTIONS: 'only TokensModule could inject it',
  TOKENS_INVALIDATION_BUS: 'configured through the invalidationBus option',
  TOKENS_AUDIT_SINK: 'configured through the audit.sink option',
  TOKENS_REGISTRATION_LIMITER: 'configured through registrationAttempts.limiter',
  TOKENS_REGISTRATION_USER_LIMITER: 'configured through registrationAttempts.userLimiter',
  ApiTokenEntity: 'the tables are the library’s; apps register TOKENS_ENTITIES',
  AuthorizationKeyEntity: 'the tables are the library’s; apps register TOKENS_ENTITIES',
  PickupPassphraseEntity: 'the tables are the library’s; apps register TOKENS_ENTITIES',
  AuditEventEntity: 'apps read the log through AuditLogService.query',
  AUTHORIZATION_KEY_ENTITIES: 'TOKENS_ENTITIES is API_TOKEN_ENTITIES plus these',
  AUTHORIZATION_KEY_MIGRATIONS: 'TOKENS_MIGRATIONS is API_TOKEN_MIGRATIONS plus these',
  MAX_ALLOWED_IPS: 'documented (at most 100 addresses or ranges)',
  SERVICE_NAME_PATTERN: 'documented; the service refuses a bad name with a 400 naming the field',
  TokensErrorBody: 'the body of TokensError.getResponse(), documented',
  RequiredPrivileges: 'read by RouteRules; guards are extended through their hooks',
  InjectAccountProvider: 'moved to the one file of public injection tokens',
};

/** Declarations a public one may name without the name being exported, and why. */
const ALLOWED_UNEXPORTED = {
  ConfigurableTokensModule: 'the ConfigurableModuleBuilder base of TokensModule (Nest’s pattern); its type is built from exported types only',
};

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2023,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};

function entryPoints() {
  const pkg = JSON.parse(readFileSync(join(LIB, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object')
    .map(([subpath, target]) => ({
      subpath: subpath === '.' ? 'nestjs-api-tokens' : `nestjs-api-tokens/${subpath.slice(2)}`,
      dts: target.types.replace(/^\.\/dist\//, ''),
      source: target.types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, '.ts'),
    }));
}

function resolved(checker, symbol) {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** subpath → [{ name, kind, file }] for the given entry files (sources or declarations). */
function exportsOf(entries, dir) {
  const files = entries.map((e) => join(dir, e.file));
  const program = ts.createProgram(files, COMPILER_OPTIONS);
  const checker = program.getTypeChecker();
  const result = new Map();
  for (const entry of entries) {
    const source = program.getSourceFile(join(dir, entry.file));
    if (!source) throw new Error(`entry point missing: ${join(dir, entry.file)}`);
    const names = checker.getExportsOfModule(checker.getSymbolAtLocation(source)).map((symbol) => {
      const target = resolved(checker, symbol);
      const declaration = target.declarations?.[0];
      const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
      return { name: symbol.name, kind: isValue ? 'value' : 'type', file: declaration ? relative(dir, declaration.getSourceFile().fileName) : '?', symbol: target };
    });
    result.set(entry.subpath, names.sort((a, b) => a.name.localeCompare(b.name)));
  }
  return { result, checker, program };
}

function listNow() {
  const entries = entryPoints().map((e) => ({ subpath: e.subpath, file: e.source }));
  const { result } = exportsOf(entries, join(LIB, 'src'));
  let total = 0;
  for (const [subpath, names] of result) {
    total += names.length;
    console.log(`\n${subpath}: ${names.length} names`);
    for (const n of names) console.log(`  ${n.kind === 'value' ? ' ' : 't'} ${n.name.padEnd(36)} ${n.file}`);
  }
  console.log(`\n${total} names in ${result.size} entry points`);
}

/** Top-level declarations by name in every non-spec source file under `dir`. */
function declarationsIn(dir) {
  const found = new Map();
  const walk = (d) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) {
        const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
        for (const statement of source.statements) {
          const names = ts.isVariableStatement(statement)
            ? statement.declarationList.declarations.map((d) => d.name.getText(source))
            : statement.name && ts.isIdentifier(statement.name)
              ? [statement.name.text]
              : [];
          for (const name of names) if (!found.has(name)) found.set(name, relative(dir, path));
        }
      }
    }
  };
  walk(dir);
  return found;
}

function against(ref) {
  const scratch = join(root, 'artifacts/public-api-before');
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const archive = execFileSync('git', ['archive', ref, 'libs/api-tokens/src'], { cwd: root, maxBuffer: 64 << 20 });
  execFileSync('tar', ['-x', '-C', scratch], { input: archive });
  const before = exportsOf([{ subpath: 'nestjs-api-tokens', file: 'index.ts' }], join(scratch, 'libs/api-tokens/src')).result.get('nestjs-api-tokens');
  const now = exportsOf(
    entryPoints().map((e) => ({ subpath: e.subpath, file: e.source })),
    join(LIB, 'src'),
  ).result;
  const where = new Map();
  for (const [subpath, names] of now) for (const n of names) if (!where.has(n.name)) where.set(n.name, subpath);
  const internal = declarationsIn(join(LIB, 'src'));
  const main = now.get('nestjs-api-tokens');
  const mainNames = new Set(main.map((n) => n.name));
  const beforeNames = new Set(before.map((n) => n.name));
  const removed = before.filter((n) => !mainNames.has(n.name));
  const added = main.filter((n) => !beforeNames.has(n.name));
  console.log(`main entry at ${ref}: ${before.length} names; now: ${main.length} names`);
  for (const [subpath, names] of now) if (subpath !== 'nestjs-api-tokens') console.log(`${subpath}: ${names.length} names`);
  console.log(`\n| name exported at ${ref} | now | note |\n|---|---|---|`);
  for (const n of removed) {
    const became = where.has(n.name) ? `\`${where.get(n.name)}\`` : internal.has(n.name) ? `internal (\`${internal.get(n.name)}\`)` : 'gone';
    console.log(`| \`${n.name}\` | ${became} | ${NOTES[n.name] ?? ''} |`);
  }
  console.log(`\nnew in the main entry: ${added.map((n) => n.name).join(', ') || 'none'}`);
  rmSync(scratch, { recursive: true, force: true });
}

/** The lines of the snapshot for `result` (subpath → names). */
function snapshotLines(result) {
  const lines = [];
  for (const [subpath, names] of result) for (const n of names) lines.push(`${subpath} ${n.name} ${n.kind}`);
  return lines;
}

const SNAPSHOT_HEADER = [
  '# The public names of nestjs-api-tokens: entry point, name, value or type. Checked by',
  '# `npm run typecheck` (scripts/public-api.mjs --check); a deliberate change of the contract is',
  '# made with `node scripts/public-api.mjs --update` and reviewed here.',
];

function update() {
  const entries = entryPoints().map((e) => ({ subpath: e.subpath, file: e.source }));
  const lines = snapshotLines(exportsOf(entries, join(LIB, 'src')).result);
  writeFileSync(SNAPSHOT, `${[...SNAPSHOT_HEADER, ...lines].join('\n')}\n`);
  console.log(`public-api.txt: ${lines.length} names`);
}

/** The names exported now against the reviewed snapshot: what was added and what was removed. */
function compareWithSnapshot(result) {
  if (!existsSync(SNAPSHOT)) return [`${relative(root, SNAPSHOT)} is missing: run \`node scripts/public-api.mjs --update\``];
  const expected = new Set(readFileSync(SNAPSHOT, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')));
  const now = new Set(snapshotLines(result));
  const problems = [];
  for (const line of now) if (!expected.has(line)) problems.push(`exported but not in public-api.txt: ${line}`);
  for (const line of expected) if (!now.has(line)) problems.push(`in public-api.txt but not exported: ${line}`);
  if (problems.length > 0) problems.push('a deliberate change of the public contract: `node scripts/public-api.mjs --update`, then review the diff of public-api.txt');
  return problems;
}

/** Every type a public declaration names must itself be exported by some entry point. */
function check() {
  const entries = entryPoints().map((e) => ({ subpath: e.subpath, file: e.dts }));
  for (const e of entries) if (!existsSync(join(DTS, e.file))) throw new Error(`${join(DTS, e.file)} is missing: run \`npm run typecheck:dts\` first`);
  const { result, checker } = exportsOf(entries, DTS);
  const publicSymbols = new Set();
  for (const names of result.values()) for (const n of names) publicSymbols.add(n.symbol);
  const problems = new Set();
  const inPackage = (decl) => decl.getSourceFile().fileName.startsWith(DTS);
  const injectable = new Map();
  /** Nest constructs @Injectable() classes: their constructors' parameters are not the contract. */
  const isInjectable = (classDecl) => {
    const file = classDecl.getSourceFile().fileName;
    const name = classDecl.name?.text;
    const key = `${file}#${name}`;
    if (!injectable.has(key)) {
      const sourcePath = join(LIB, 'src', relative(DTS, file)).replace(/\.d\.ts$/, '.ts');
      const text = existsSync(sourcePath) ? readFileSync(sourcePath, 'utf8') : '';
      injectable.set(key, new RegExp(`@Injectable\\([^)]*\\)\\s*export (abstract )?class ${name}\\b`).test(text));
    }
    return injectable.get(key);
  };
  const visit = (node, owner) => {
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) ?? [] : [];
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) return;
    if (node.name && ts.isPrivateIdentifier(node.name)) return;
    if (ts.isConstructorDeclaration(node) && ts.isClassDeclaration(node.parent) && isInjectable(node.parent)) return;
    const reference = ts.isTypeReferenceNode(node)
      ? node.typeName
      : ts.isExpressionWithTypeArguments(node)
        ? node.expression
        : ts.isTypeQueryNode(node)
          ? node.exprName
          : null;
    if (reference) {
      const symbol = checker.getSymbolAtLocation(reference);
      if (symbol) {
        const target = resolved(checker, symbol);
        const decl = target.declarations?.[0];
        if (decl && inPackage(decl) && !(target.flags & ts.SymbolFlags.TypeParameter) && !publicSymbols.has(target) && !ALLOWED_UNEXPORTED[target.name]) {
          problems.add(`${owner} names ${target.name} (${relative(DTS, decl.getSourceFile().fileName)}), which no entry point exports`);
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };
  for (const symbol of publicSymbols) for (const decl of symbol.declarations ?? []) if (inPackage(decl)) visit(decl, symbol.name);
  const total = [...result.values()].reduce((sum, names) => sum + names.length, 0);
  for (const problem of compareWithSnapshot(result)) problems.add(problem);
  if (problems.size > 0) {
    console.error([...problems].sort().join('\n'));
    console.error(`\n${problems.size} problems with the public contract`);
    process.exit(1);
  }
  console.log(`public API: ${total} names in ${result.size} entry points, as public-api.txt lists them; every type they name is exported`);
}

const [flag, value] = process.argv.slice(2);
if (flag === '--check') check();
else if (flag === '--update') update();
else if (flag === '--against') against(value ?? 'HEAD');
else listNow();
