#!/usr/bin/env bash
# The whole test suite on a fresh clone: installs what it needs (idempotently), type-checks, rebuilds dist,
# runs the Python unit tests (pytest) and every node:test file against real dbt, then prints each file's
# time. node's own summary lines (ℹ tests/pass/fail ...) stay the last lines of the output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc --noEmit -p .
node scripts/build.mjs

times="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$times" "$log"' EXIT

py_start=$(date +%s)
py_code=0
.venv/bin/python -m pytest -q -p no:cacheprovider python/tests || py_code=$?
py_seconds=$(( $(date +%s) - py_start ))

# `npm test -- test/x.test.ts ...` runs only the given files (pytest still runs).
if [ "$#" -gt 0 ]; then files=("$@"); else mapfile -t files < <(find test -name '*.test.ts' -not -path 'test/helpers/*' | sort); fi
node_code=0
# TEST_CONCURRENCY=2 runs two files at a time (default 1: one after another).
node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-1}" \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./scripts/file-times-reporter.mjs --test-reporter-destination="$times" \
  "${files[@]}" >"$log" 2>&1 &
node_pid=$!
# Show the run live, but hold back node's closing summary (unindented "ℹ " lines) until the times are printed.
tail -n +1 -f --pid="$node_pid" "$log" | awk '/^ℹ /{held = held $0 "\n"; next} {printf "%s", held; held = ""; print; fflush()}'
wait "$node_pid" || node_code=$?

echo
cat "$times"
printf '%8d s  python/tests (pytest, %s)\n' "$py_seconds" "$([ "$py_code" -eq 0 ] && echo passed || echo "FAILED, exit $py_code")"
# DBT_TEST_COUNT=<file> (opt-in): how many dbt processes the node tests started (test/helpers/dbt-counter/).
if [ -n "${DBT_TEST_COUNT:-}" ] && [ -f "$DBT_TEST_COUNT" ]; then node test/helpers/dbt-counter/summary.mjs "$DBT_TEST_COUNT"; fi
grep '^ℹ ' "$log" | tail -n 8
if [ "$py_code" -ne 0 ]; then exit "$py_code"; fi
exit "$node_code"
