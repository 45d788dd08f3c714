#!/usr/bin/env bash
# The edit loop: every test that needs no dbt run, in seconds. node:test files run in parallel;
# pytest leaves out the tests marked `dbt`. Assumes `npm run setup` was run once.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest -q -p no:cacheprovider -m "not dbt" python/tests
# Pure modules and loopback-server tests only (no dbt, no database).
node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-$(nproc 2>/dev/null || echo 2)}" \
  test/unit/*.test.ts \
  test/hash-pure.test.ts \
  test/status.test.ts \
  test/orchestrator-json.test.ts \
  test/run-results.test.ts \
  test/store.test.ts \
  test/production-state.test.ts \
  test/fake-actions-server.test.ts \
  "$@"
