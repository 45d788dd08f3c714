#!/usr/bin/env bash
# The whole test suite on a fresh clone: installs what it needs (idempotently), type-checks, rebuilds dist,
# and runs every test against real dbt.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc --noEmit -p .
node scripts/build.mjs
node --import tsx --test --test-concurrency=1 test/*.test.ts
