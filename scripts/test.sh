#!/usr/bin/env bash
# The whole test suite on a fresh clone: installs what it needs (idempotently), type-checks, rebuilds dist,
# runs the Python unit tests (pytest) and every node:test file against real dbt, then prints each file's
# time. node's own summary lines (ℹ tests/pass/fail ...) stay the last lines of the output.
set -euo pipefail
cd "$(dirname "$0")/.."
suite_start=$(date +%s)
bash scripts/setup.sh
setup_seconds=$(( $(date +%s) - suite_start ))

times="$(mktemp)"
log="$(mktemp)"
# The preload servers (test/helpers/python-site/preload_server.py, one per dbt venv): a dbt process the tests
# start is forked from a server that has imported dbt already, instead of importing it again (~2.5 s each).
# Started before the type check and the build, so that they listen by the time the tests start.
# PRELOAD=0 turns it off (every dbt process then starts from scratch); PRELOAD_LOG=<file> keeps the servers' log.
preload_pids=()
parsed_root="$(mktemp -d)"
# The plain builds the "warehouse equals a plain dbt build" checks compare against, shared by the files of this
# run (test/helpers/plain-memo.ts; PLAIN_BUILD_MEMO=0 turns it off).
export DBT_TEST_PLAIN_MEMO="$parsed_root/plain-builds"
mkdir -p "$DBT_TEST_PLAIN_MEMO"
if [ "${PRELOAD:-1}" != 0 ]; then
  export DBT_TEST_PRELOAD
  DBT_TEST_PRELOAD="$(mktemp -d)"
  export PYTHONPATH="$PWD/test/helpers/python-site${PYTHONPATH:+:$PYTHONPATH}"
  # Each server also runs dbt once before it serves (preload_warm.py; PRELOAD_WARM=0 skips it).
  for venv in .venv .venv-dbt*; do
    [ -x "$venv/bin/python" ] || continue
    "$venv/bin/python" test/helpers/python-site/preload_server.py "$DBT_TEST_PRELOAD" </dev/null >>"${PRELOAD_LOG:-$DBT_TEST_PRELOAD/servers.log}" 2>&1 &
    preload_pids+=($!)
  done
fi
stop_preload() { for pid in "${preload_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; [ -z "${DBT_TEST_PRELOAD:-}" ] || rm -rf "$DBT_TEST_PRELOAD"; rm -rf "$parsed_root"; }
trap 'stop_preload; [ -z "${py_pid:-}" ] || kill "$py_pid" 2>/dev/null || true; rm -f "$times" "$log" "${py_log:-}"' EXIT

# The type check runs beside the build (each uses one core); the node tests start once it passed.
tsc_log="$(mktemp)"
npx tsc --noEmit -p . >"$tsc_log" 2>&1 &
tsc_pid=$!
node scripts/build.mjs

# dbt's partial-parse file of an unchanged copy of the example, written by our own parse (`plan`, as the
# engine parses): test/helpers/project.ts copyExample puts it into fresh copies of the example, as a runner
# with dbt's partial-parse cache restored has it. PARSED=0 turns it off.
parse_pid=
if [ "${PARSED:-1}" != 0 ]; then
  export DBT_TEST_PARSED
  DBT_TEST_PARSED="$parsed_root/jaffle_shop"
  cp -r examples/jaffle_shop "$DBT_TEST_PARSED"
  rm -rf "$DBT_TEST_PARSED"/{target,logs,dbt_packages,.dbt-orchestrator,.user.yml} "$DBT_TEST_PARSED"/*.duckdb*
  node dist/cli.js plan --project-dir "$DBT_TEST_PARSED" --profiles-dir "$DBT_TEST_PARSED" --dbt .venv/bin/dbt >/dev/null 2>&1 &
  parse_pid=$!
fi

# pytest runs beside the node tests (one process on one core) instead of before them; its output is printed
# after theirs.
py_log="$(mktemp)"
.venv/bin/python -m pytest -q -p no:cacheprovider python/tests >"$py_log" 2>&1 &
py_pid=$!

if ! wait "$tsc_pid"; then
  cat "$tsc_log" >&2
  rm -f "$tsc_log"
  echo "test.sh: the type check (tsc --noEmit) failed" >&2
  exit 1
fi
rm -f "$tsc_log"

if [ -n "$parse_pid" ] && ! wait "$parse_pid"; then
  echo "test.sh: the example's parse failed; fresh copies start without a partial-parse file" >&2
  rm -rf "$DBT_TEST_PARSED/target"
fi

# The node tests start once every preload server listens (each warms up first, ~15 s), so that the first
# files do not start dbt from scratch; a server that is not up after 120 s is not waited for.
if [ "${#preload_pids[@]}" -gt 0 ]; then
  for _ in $(seq 1 240); do
    alive=0; for pid in "${preload_pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
    [ "$(find "$DBT_TEST_PRELOAD" -name '*.sock' 2>/dev/null | wc -l)" -ge "$alive" ] && break
    sleep 0.5
  done
fi

# `npm test -- test/x.test.ts ...` runs only the given files (pytest still runs).
# The files that take longest start first (scripts/test-order.txt), so that the lanes end together.
if [ "$#" -gt 0 ]; then files=("$@"); else
  mapfile -t all < <(find test -name '*.test.ts' -not -path 'test/helpers/*' | sort)
  mapfile -t first < <(grep -v '^#' scripts/test-order.txt | while read -r f; do [ -f "$f" ] && echo "$f"; done)
  mapfile -t rest < <(printf '%s\n' "${all[@]}" | grep -vxF -f <(printf '%s\n' "${first[@]}"))
  files=("${first[@]}" "${rest[@]}")
fi
node_code=0
# TEST_CONCURRENCY=N runs N files at a time (default: the number of CPUs, at most 4; 1 runs them one by one).
concurrency="${TEST_CONCURRENCY:-$(n=$(nproc 2>/dev/null || echo 1); [ "$n" -gt 4 ] && n=4; echo "$n")}"
# scripts/run-tests.mjs is `node --test` (same reporters, one process per file) that keeps this order:
# `node --test` itself sorts the files by name.
node --import tsx scripts/run-tests.mjs "$times" "$concurrency" "${files[@]}" >"$log" 2>&1 &
node_pid=$!
files_start=$(date +%s)
# Show the run live, but hold back node's closing summary (unindented "ℹ " lines) until the times are printed.
tail -n +1 -f --pid="$node_pid" "$log" | awk '/^ℹ /{held = held $0 "\n"; next} {printf "%s", held; held = ""; print; fflush()}'
wait "$node_pid" || node_code=$?

py_code=0
wait "$py_pid" || py_code=$?
py_pid=
# pytest's own time, from its summary line ("98 passed in 13.18s").
py_seconds="$(grep -oE ' in [0-9]+' "$py_log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)"
echo
echo "python/tests (pytest):"
sed 's/^/  /' "$py_log"
rm -f "$py_log"
echo
cat "$times"
printf '%8d s  python/tests (pytest, %s)\n' "$py_seconds" "$([ "$py_code" -eq 0 ] && echo passed || echo "FAILED, exit $py_code")"
printf '%8d s  before the node files started (setup %d s, then the type check, the build, the example parse and the preload servers)\n' "$(( files_start - suite_start ))" "$setup_seconds"
printf '%8d s  npm test from start to end (setup, type check, build, pytest and %s file(s) %s at a time)\n' "$(( $(date +%s) - suite_start ))" "${#files[@]}" "$concurrency"
# DBT_TEST_COUNT=<file> (opt-in): how many dbt processes the node tests started (test/helpers/python-site/).
if [ -n "${DBT_TEST_COUNT:-}" ] && [ -f "$DBT_TEST_COUNT" ]; then node test/helpers/python-site/count-summary.mjs "$DBT_TEST_COUNT"; fi
grep '^ℹ ' "$log" | tail -n 8
if [ "$py_code" -ne 0 ]; then exit "$py_code"; fi
exit "$node_code"
