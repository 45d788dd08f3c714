#!/usr/bin/env bash
# Idempotent developer/CI setup for dbt-orchestrator-action.
#
#   bash scripts/setup.sh
#
# Steps (each prints one line, each is skipped when already up to date):
#   1. npm ci               - when node_modules is missing or was installed from other package files
#                             (never through a symlinked, shared node_modules: that fails with advice)
#   2. python venv (.venv)  - created with python3 when missing
#   3. python packages      - `uv pip install --no-deps -r python/requirements.lock` when the lock's sha256
#                             differs from the one recorded at the last install. uv (pinned below, installed
#                             with the system pip into .venv-tools/uv) installs the same pinned wheels as pip in
#                             a fifth of the time and compiles their bytecode on both cores; when uv cannot be
#                             installed or fails (e.g. a registry only pip is configured for), plain
#                             `pip install --no-deps -r ...` runs instead. SETUP_UV=0 always uses pip.
#   4. sanity check         - dbt, dbt-duckdb and dbt-postgres import from the venv
#   5. PostgreSQL server    - the tests start their own throwaway clusters (test/helpers/postgres.ts), so
#                             they need the server binaries initdb and pg_ctl. When neither PATH nor Debian's
#                             /usr/lib/postgresql/<version>/bin has them, installs Debian's `postgresql`
#                             package (apt-get update once, non-interactive; needs root). No server is started
#                             here and no cluster is used: each test file creates, starts and removes its own.
#   6. compatibility venvs  - .venv-dbt1.10 and .venv-dbt1.11 (older supported dbt-core minors, for
#                             test/dbt-versions.test.ts) from python/requirements-dbt<minor>.lock, same rules
#
# Why --no-deps: dbt-core 1.12 declares a dependency on dbt-core-experimental-parser, whose
# sdist downloads a prebuilt binary from GitHub at install time. That parser is optional
# (dbt works without it) and only package registries are reachable here, so the lock file pins
# every other package explicitly and we install exactly those, without dependency resolution.
#
# This script does NOT run `dbt deps` for the example projects: the engine does that itself.
#
# Environment:
#   PYTHON   python interpreter used to create the venv (default: python3)
#   SETUP_UV 0 = install the python packages with pip only (default: uv, pip when uv fails)
#   PG_BIN   directory holding initdb and pg_ctl, when they are somewhere else (checked first)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
LOCK="$ROOT/python/requirements.lock"
PIP_STAMP="$VENV/.requirements.lock.sha256"

UV_VERSION="0.13.9"
UV_DIR="$ROOT/.venv-tools/uv"

step() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{print $1}'
  else
    "$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"
  fi
}

# uv_bin: prints the path of the pinned uv, installing it into $UV_DIR first; fails quietly when it cannot.
uv_bin() {
  [ "${SETUP_UV:-1}" != 0 ] || return 1
  local bin="$UV_DIR/bin/uv"
  if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null | awk '{print $2}')" = "$UV_VERSION" ]; then
    echo "$bin"; return 0
  fi
  rm -rf "$UV_DIR"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-input --target "$UV_DIR" "uv==$UV_VERSION" \
    >/dev/null 2>&1 || return 1
  [ -x "$bin" ] && echo "$bin"
}

# make_venv DIR: a virtualenv without pip (uv installs into it; install_lock adds pip only when it needs it).
make_venv() {
  "$PYTHON" -m venv --without-pip "$1"
}

# install_lock VENV LOCK: exactly the pinned packages of LOCK into VENV, no dependency resolution (see above).
install_lock() {
  local venv="$1" lock="$2" log uv
  log="$(mktemp)"
  if uv="$(uv_bin)" && "$uv" pip install --quiet --no-deps --compile-bytecode --python "$venv/bin/python" \
       -r "$lock" >"$log" 2>&1; then
    rm -f "$log"; return 0
  fi
  [ ! -s "$log" ] || { step "uv could not install $(basename "$lock"), using pip:"; sed 's/^/  /' "$log" >&2; }
  if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    "$venv/bin/python" -m ensurepip --upgrade >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; return 1; }
  fi
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
        --no-deps -r "$lock" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; return 1
  fi
  rm -f "$log"
}

# --- 1. node dependencies ----------------------------------------------------------------
command -v node >/dev/null 2>&1 || fail "node not found on PATH (Node >= 20 required)"
command -v npm >/dev/null 2>&1 || fail "npm not found on PATH"
[ -f package-lock.json ] || fail "package-lock.json missing in $ROOT"

# The stamps hold the sha256 of package.json + package-lock.json at the last install (content, not mtimes: a
# fresh checkout's files are always newer than an older install). A node_modules that is a symlink (a shared
# install, e.g. git worktrees of one clone) is never reinstalled through the link: npm ci would empty the
# directory every other checkout uses.
npm_sha() { printf '%s %s' "$(sha256_of "$1/package.json")" "$(sha256_of "$1/package-lock.json")"; }

# npm_install DIR LABEL: npm ci in DIR unless DIR/node_modules was installed from the same package files.
npm_install() {
  local dir="$1" label="$2" want stamp log
  want="$(npm_sha "$dir")"
  stamp="$dir/node_modules/.setup-stamp"
  if [ -d "$dir/node_modules" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    step "$label up to date (skip npm ci)"
    return 0
  fi
  if [ -L "$dir/node_modules" ]; then
    fail "$dir/node_modules is a symlink to $(readlink "$dir/node_modules") that was not installed from this package-lock.json; npm ci would empty the shared directory. Replace the link with a copy (rm $dir/node_modules && cp -a $(readlink "$dir/node_modules") $dir/node_modules) and re-run"
  fi
  step "npm ci ($label)"
  log="$(mktemp)"
  if ! npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    fail "npm ci in $dir failed (output above)"
  fi
  rm -f "$log"
  printf '%s\n' "$want" >"$stamp"
}

npm_install "$ROOT" "node_modules"

# --- 1b. Node 24, the action runtime (runs.using: node24), for tests that run dist/index.js as the runner does
[ -f "$ROOT/tools/node24/package-lock.json" ] || fail "tools/node24/package-lock.json missing"
npm_install "$ROOT/tools/node24" "tools/node24: node 24 for action tests"
[ -x "$ROOT/tools/node24/node_modules/.bin/node" ] || fail "tools/node24/node_modules/.bin/node missing after npm ci"

# --- 2. python virtualenv ----------------------------------------------------------------
[ -f "$LOCK" ] || fail "python/requirements.lock missing"

if [ -x "$VENV/bin/python" ]; then
  step ".venv exists"
else
  command -v "$PYTHON" >/dev/null 2>&1 || fail "$PYTHON not found on PATH (set PYTHON=...)"
  step "creating .venv with $("$PYTHON" --version 2>&1)"
  rm -rf "$VENV"
  make_venv "$VENV" || fail "could not create virtualenv at $VENV (is python3-venv installed?)"
fi

# --- 3. python packages ------------------------------------------------------------------
want_sha="$(sha256_of "$LOCK")"
have_sha="$(cat "$PIP_STAMP" 2>/dev/null || true)"
if [ "$want_sha" = "$have_sha" ]; then
  step "python packages up to date (skip pip install)"
else
  step "installing python/requirements.lock into .venv (--no-deps)"
  install_lock "$VENV" "$LOCK" || fail "pip install failed (output above)"
  # Recorded only after the sanity check below passes.
  pending_sha="$want_sha"
fi

# --- 4. sanity check ---------------------------------------------------------------------
if ! out="$("$VENV/bin/python" -c 'import dbt.version, dbt.adapters.duckdb, dbt.adapters.postgres, psycopg2; print(dbt.version.__version__)' 2>&1)"; then
  printf '%s\n' "$out" >&2
  rm -f "$PIP_STAMP"
  fail "dbt / dbt-duckdb / dbt-postgres cannot be imported from .venv (delete .venv and re-run)"
fi
if [ -n "${pending_sha:-}" ]; then
  printf '%s\n' "$pending_sha" >"$PIP_STAMP"
fi
step "ok: dbt-core $out with dbt-duckdb and dbt-postgres in .venv"

# --- 5. PostgreSQL server binaries ---------------------------------------------------------
# shellcheck source=scripts/postgres.sh
. "$ROOT/scripts/postgres.sh"
if pg_dir="$(pg_bindir)"; then
  step "postgresql server binaries in $pg_dir (skip install)"
else
  install_postgres
  pg_dir="$(pg_bindir)" || fail "postgresql installed, but initdb/pg_ctl are still not found under /usr/lib/postgresql/*/bin"
  step "ok: postgresql server binaries in $pg_dir"
fi

# --- 6. one venv per older supported dbt-core minor (the compatibility suite) ------------
for minor in 1.10 1.11; do
  cvenv="$ROOT/.venv-dbt$minor"
  clock="$ROOT/python/requirements-dbt$minor.lock"
  cstamp="$cvenv/.requirements.lock.sha256"
  [ -f "$clock" ] || fail "python/requirements-dbt$minor.lock missing"
  cwant="$(sha256_of "$clock")"
  if [ -x "$cvenv/bin/python" ] && [ "$(cat "$cstamp" 2>/dev/null || true)" = "$cwant" ]; then
    step "dbt-core $minor venv up to date (skip)"
    continue
  fi
  step "installing dbt-core $minor into .venv-dbt$minor"
  [ -x "$cvenv/bin/python" ] || make_venv "$cvenv" || fail "could not create $cvenv"
  install_lock "$cvenv" "$clock" || fail "pip install for dbt-core $minor failed (output above)"
  if ! cout="$("$cvenv/bin/python" -c 'import dbt.version, dbt.adapters.duckdb; print(dbt.version.__version__)' 2>&1)"; then
    printf '%s\n' "$cout" >&2
    fail "dbt-core $minor cannot be imported from $cvenv (delete it and re-run)"
  fi
  printf '%s\n' "$cwant" >"$cstamp"
  step "ok: dbt-core $cout in .venv-dbt$minor"
done
