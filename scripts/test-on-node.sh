#!/usr/bin/env bash
# The library's unit specs and its e2e suites on SQLite under other Node.js lines (default: 22 and
# 24; the machine's own runs everything through `npm test`). Node comes from the npm registry as
# node-<platform>-<arch>, which ships its headers too, so better-sqlite3 is compiled for each line's
# ABI without any other download; the original binary is put back at the end.
#   bash scripts/test-on-node.sh [22 24 ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22 24)
work="$(mktemp -d)"
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
cp "$addon" "$work/original.node"
restore() {
  local status=$?
  cp "$work/original.node" "$addon"
  rm -rf "$work"
  exit "$status"
}
trap restore EXIT
gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
pkg="node-$(node -p "process.platform === 'win32' ? 'win' : process.platform")-$(node -p process.arch)"
# Each line's better-sqlite3 is compiled in a copy of the package, all lines at once (the compile of
# SQLite is one long single-threaded step; the machine's cores take one line each).
build_addon() {
  local version=$1
  npm install --prefix "$work/node-$version" --no-audit --no-fund --ignore-scripts --silent "$pkg@$version"
  local dir="$work/node-$version/node_modules/$pkg"
  cp -a node_modules/better-sqlite3 "$work/bsql-$version"
  if ! (cd "$work/bsql-$version" && rm -rf build && "$dir/bin/node" "$gyp" rebuild --release --nodedir="$dir" -j 1 >"$work/gyp-$version.log" 2>&1); then
    tail -30 "$work/gyp-$version.log"
    return 1
  fi
}
pids=()
for version in "${versions[@]}"; do
  build_addon "$version" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
for version in "${versions[@]}"; do
  dir="$work/node-$version/node_modules/$pkg"
  echo "== Node $("$dir/bin/node" --version): better-sqlite3 compiled for its ABI"
  cp "$work/bsql-$version/build/Release/better_sqlite3.node" "$addon"
  echo "== Node $("$dir/bin/node" --version): the library's unit specs and e2e suites on SQLite"
  TEST_DB_KINDS=sqlite "$dir/bin/node" --experimental-vm-modules --no-warnings node_modules/jest/bin/jest.js --maxWorkers=2 --selectProjects lib-unit lib-e2e
done
