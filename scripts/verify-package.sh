#!/usr/bin/env bash
# Proves nestjs-api-tokens as published. Builds and packs it, checks the tarball (README, LICENSE,
# SECURITY.md, no specs, no source maps, a file for every `exports` entry, repository fields), then
# builds a scratch app OUTSIDE the workspace on the tarball alone — strict, exactOptionalPropertyTypes,
# skipLibCheck off — and runs its own tests (node:test) on Express and on Fastify: the README's quick
# start verbatim, JWT beside the library's strategy in both orders, a JWT user mapped to a Principal
# and judged by @RequirePrivilege, the app's own public marker, a feature module injecting the
# services, the testing and swagger subpaths. Needs PostgreSQL (TEST_POSTGRES_URL).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
pg_url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
cleanup() {
  local status=$?
  cd / # the scratch folder is about to go
  rm -rf "$scratch"
  exit "$status"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

npm run --prefix "$root" build:lib --silent
tarball="$(cd "$root/libs/api-tokens" && npm pack --silent --pack-destination "$scratch" | tail -1)"
echo "packed $tarball"
listing="$(tar -tzf "$scratch/$tarball")"
if grep -qE '\.spec\.|/test/' <<<"$listing"; then fail "specs in the package"; fi
if grep -qE '\.map$' <<<"$listing"; then fail "source maps in the package (it ships no sources for them)"; fi
if grep -qE '^package/src/' <<<"$listing"; then fail "sources in the package"; fi
for file in package.json README.md SECURITY.md LICENSE; do grep -qx "package/$file" <<<"$listing" || fail "$file missing"; done
tar -xzf "$scratch/$tarball" -C "$scratch" package/package.json package/README.md
cmp -s "$scratch/package/README.md" "$root/libs/api-tokens/README.md" || fail "the packed README is not the library's own"
LISTING="$listing" node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const pkg = JSON.parse(readFileSync(process.argv[1], "utf8"));
  const files = new Set(process.env.LISTING.split("\n"));
  const problems = [];
  for (const field of ["repository", "homepage", "bugs", "engines", "license"]) if (!pkg[field]) problems.push(`no "${field}"`);
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const targets = typeof target === "string" ? [target] : Object.values(target);
    if (typeof target === "object" && !target.types) problems.push(`${subpath}: no types`);
    for (const t of targets) if (!files.has(`package/${t.replace(/^\.\//, "")}`)) problems.push(`${subpath}: ${t} not in the tarball`);
  }
  if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
  console.log(`exports: ${Object.keys(pkg.exports).join(", ")}; engines ${pkg.engines.node}`);
' "$scratch/package/package.json"

app="$scratch/app"
mkdir -p "$app"
cp -r "$root/scripts/package-smoke/tsconfig.json" "$root/scripts/package-smoke/src" "$app/"
node "$root/scripts/package-smoke/extract-quick-start.mjs" "$root/libs/api-tokens/README.md" "$app/src/quick-start"
cd "$app"
cat > package.json <<JSON
{ "name": "package-smoke", "private": true, "type": "module" }
JSON
ver() { node -p "require('$root/node_modules/$1/package.json').version"; }
# The versions the workspace tested; PostgreSQL through the pure-JS driver (nothing to compile).
# --prefer-offline reuses the npm cache.
npm install --silent --no-audit --no-fund --prefer-offline \
  "$scratch/$tarball" \
  "@nestjs/common@$(ver @nestjs/common)" "@nestjs/core@$(ver @nestjs/core)" \
  "@nestjs/platform-express@$(ver @nestjs/platform-express)" "@nestjs/platform-fastify@$(ver @nestjs/platform-fastify)" \
  "@nestjs/typeorm@$(ver @nestjs/typeorm)" "typeorm@$(ver typeorm)" "pg@$(ver pg)" \
  "@nestjs/passport@$(ver @nestjs/passport)" "passport@$(ver passport)" \
  "@nestjs/jwt@$(ver @nestjs/jwt)" "passport-jwt@$(ver passport-jwt)" \
  "@nestjs/swagger@$(ver @nestjs/swagger)" "@nestjs/testing@$(ver @nestjs/testing)" \
  "reflect-metadata@$(ver reflect-metadata)" "rxjs@$(ver rxjs)" \
  "typescript@$(ver typescript)" "@types/node@$(ver @types/node)" "@types/pg@$(ver @types/pg)" "@types/passport-jwt@$(ver @types/passport-jwt)"
for entry in nestjs-api-tokens nestjs-api-tokens/testing nestjs-api-tokens/swagger nestjs-api-tokens/redis; do
  node --input-type=module -e "await import('$entry')" || fail "import('$entry') fails"
done
node_modules/.bin/tsc -p tsconfig.json
echo "scratch app compiled: strict, exactOptionalPropertyTypes, skipLibCheck false ($(node --version))"
SMOKE_POSTGRES_URL="$pg_url" node --test --test-reporter=spec dist/test/quick-start.test.js dist/test/scenarios.test.js dist/test/testing-subpath.test.js
