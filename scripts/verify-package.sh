#!/usr/bin/env bash
# Builds and packs nestjs-api-tokens, installs the tarball into a scratch Nest app OUTSIDE the
# workspace, type-checks that app against the published declarations and boots it with a
# protected route. Proves the package works as published (exports map, peer deps, no specs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
pg_url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
db="pkg_smoke_$$"
psql "$pg_url" -qc "CREATE DATABASE $db" >/dev/null
cleanup() {
  local status=$?
  cd / # the scratch folder is about to go; psql needs a current directory
  rm -rf "$scratch"
  psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true
  exit "$status"
}
trap cleanup EXIT

npm run --prefix "$root" build:lib --silent
tarball="$(cd "$root/libs/api-tokens" && npm pack --silent --pack-destination "$scratch" | tail -1)"
echo "packed $tarball"
listing="$(tar -tzf "$scratch/$tarball")"
if grep -qE '\.spec\.|/test/' <<<"$listing"; then echo "FAIL: specs in the package"; exit 1; fi
grep -q 'package/dist/index.js' <<<"$listing" || { echo "FAIL: dist/index.js missing"; exit 1; }
grep -q 'package/dist/index.d.ts' <<<"$listing" || { echo "FAIL: declarations missing"; exit 1; }

app="$scratch/app"
mkdir -p "$app"
cp "$root/scripts/package-smoke/main.ts" "$root/scripts/package-smoke/tsconfig.json" "$app/"
cd "$app"
cat > package.json <<JSON
{ "name": "package-smoke", "private": true, "type": "module" }
JSON
ver() { node -p "require('$root/node_modules/$1/package.json').version"; }
# Peers at the versions (PostgreSQL: pure-JS driver, nothing to compile) the workspace tested; --prefer-offline reuses the npm cache.
npm install --silent --no-audit --no-fund --prefer-offline \
  "$scratch/$tarball" \
  "@nestjs/common@$(ver @nestjs/common)" "@nestjs/core@$(ver @nestjs/core)" "@nestjs/platform-express@$(ver @nestjs/platform-express)" \
  "@nestjs/typeorm@$(ver @nestjs/typeorm)" "@nestjs/passport@$(ver @nestjs/passport)" "passport@$(ver passport)" \
  "typeorm@$(ver typeorm)" "pg@$(ver pg)" "reflect-metadata@$(ver reflect-metadata)" "rxjs@$(ver rxjs)" \
  "typescript@$(ver typescript)" "@types/node@$(ver @types/node)"
node_modules/.bin/tsc -p tsconfig.json
SMOKE_DATABASE_URL="${pg_url%/*}/$db" node dist/main.js
