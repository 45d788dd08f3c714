# PostgreSQL server binaries for the tests (sourced by scripts/setup.sh; defines functions only).
#
#   pg_bindir          prints the directory holding initdb and pg_ctl, or returns 1. Search order (the same as
#                      test/helpers/postgres.ts): $PG_BIN, then PATH, then the newest Debian
#                      /usr/lib/postgresql/<version>/bin (Debian does not put the server binaries on PATH).
#   install_postgres   installs Debian's `postgresql` package (apt-get update once, non-interactive; needs root).
#                      Debian's package also creates its default cluster (<version>/main, port 5432) and may start
#                      it; the tests never use it: each test file starts its own cluster on a free port.
#
# Try the detection alone: bash -c '. scripts/postgres.sh && pg_bindir'

pg_log() { printf 'setup: %s\n' "$*"; }
pg_fail() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# PG_LIB_ROOT is for the detection test only (a fake Debian layout); normally /usr/lib/postgresql.
pg_bindir() {
  if [ -n "${PG_BIN:-}" ]; then
    if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
      printf '%s\n' "$PG_BIN"
      return 0
    fi
    printf 'setup: PG_BIN=%s has no initdb/pg_ctl; searching PATH and /usr/lib/postgresql\n' "$PG_BIN" >&2
  fi
  local initdb pg_ctl dir
  initdb="$(command -v initdb 2>/dev/null || true)"
  pg_ctl="$(command -v pg_ctl 2>/dev/null || true)"
  if [ -n "$initdb" ] && [ -n "$pg_ctl" ] && [ "$(dirname "$initdb")" = "$(dirname "$pg_ctl")" ]; then
    dirname "$initdb"
    return 0
  fi
  # Version directories, newest first (numeric: 9.6 < 13 < 15 < 17).
  for dir in $(ls -1 "${PG_LIB_ROOT:-/usr/lib/postgresql}" 2>/dev/null | sort -rn); do
    dir="${PG_LIB_ROOT:-/usr/lib/postgresql}/$dir/bin"
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 1
}

install_postgres() {
  command -v apt-get >/dev/null 2>&1 \
    || pg_fail "PostgreSQL server binaries (initdb, pg_ctl) not found and apt-get is unavailable: install PostgreSQL (>= 13) and set PG_BIN to its bin directory"
  [ "$(id -u)" = "0" ] \
    || pg_fail "PostgreSQL server binaries (initdb, pg_ctl) not found: run 'sudo apt-get update && sudo apt-get install postgresql' (or set PG_BIN), then re-run setup"
  pg_log "apt-get install postgresql (server binaries for the PostgreSQL tests)"
  local apt_log
  apt_log="$(mktemp)"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    rm -f "$apt_log"
    pg_fail "installing Debian's postgresql package failed (output above)"
  fi
  rm -f "$apt_log"
}
