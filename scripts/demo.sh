#!/usr/bin/env bash
# The main job on the bundled example project: build it twice; the second run reuses every node.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build.mjs
project=examples/jaffle_shop
echo "== first run =="
node dist/cli.js build --project-dir "$project" --profiles-dir "$project" --threads 4
echo "== second run (nothing changed) =="
node dist/cli.js build --project-dir "$project" --profiles-dir "$project" --threads 4
