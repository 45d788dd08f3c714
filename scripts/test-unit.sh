#!/usr/bin/env bash
# The edit loop: every test that needs no dbt run, in seconds. Assumes `npm run setup` was run once.
# pytest (leaving out the tests marked `dbt`) runs beside the node:test files; its output follows theirs.
# The node:test files are compiled first (scripts/bundle-unit-tests.mjs: esbuild, no tsx loader at run
# time): the pure files into one module that runs in one process, each file that sets up process-wide state
# in root-level hooks into one of its own; node --test runs those few processes side by side.
# `npm run test:unit -- test/x.test.ts --test-name-pattern=...`: extra files run too (each in its own
# process), arguments starting with "-" go to node.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pure modules and loopback-server tests only (no dbt, no database). One process for these:
together=(
  test/unit/*.test.ts
  test/explain-pure.test.ts
  test/hash-pure.test.ts
  test/hash-salt.test.ts
  test/normalise-sql.test.ts
  test/orchestrator-json.test.ts
  test/produced-sources.test.ts
  test/run-results.test.ts
  test/shard-cut.test.ts
  test/status.test.ts
  test/store.test.ts
)
# A process each: their root-level hooks point the environment at their own loopback servers
# (and fake-actions-server.test.ts captures stdout).
alone=(
  test/production-state.test.ts
  test/fake-actions-server.test.ts
)
node_args=()
for arg in "$@"; do
  if [[ "$arg" == -* ]]; then node_args+=("$arg"); else alone+=("$arg"); fi
done

mkdir -p node_modules/.cache
work="$(mktemp -d node_modules/.cache/test-unit.XXXXXX)"
py_pid=
trap '[ -z "$py_pid" ] || kill "$py_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

.venv/bin/python -m pytest -q -p no:cacheprovider -m "not dbt" python/tests >"$work/pytest.log" 2>&1 &
py_pid=$!

groups=("unit=$(IFS=,; echo "${together[*]}")")
for file in "${alone[@]}"; do groups+=("$(basename "$file" .ts)=$file"); done
node scripts/bundle-unit-tests.mjs "$work" "${groups[@]}"

node_code=0
node --test --test-concurrency="${TEST_CONCURRENCY:-${#groups[@]}}" \
  ${node_args[@]+"${node_args[@]}"} "$work"/*.mjs || node_code=$?

py_code=0
wait "$py_pid" || py_code=$?
py_pid=
echo "pytest -m 'not dbt' python/tests:"
cat "$work/pytest.log"
if [ "$py_code" -ne 0 ]; then exit "$py_code"; fi
exit "$node_code"
