# Test-only start-up hook for every Python process the tests start (test/helpers/project.ts puts this directory
# on PYTHONPATH). Two jobs, both off unless their variable is set:
#
# DBT_TEST_COUNT=<file>: append one line per process saying what it is (a dbt CLI command, the orchestrator's
#   dbt bridge, or a helper script), so that before/after comparisons of the suite's cost do not depend on the
#   load of the machine. count-summary.mjs prints the counts.
#
# DBT_TEST_PRELOAD=<dir>: hand a dbt process (the venv's `dbt` CLI or the orchestrator's `dbt_bridge`) to the
#   preload server of this interpreter (preload_server.py), which has already imported dbt-core and the
#   adapters and forks a copy of itself to run it: the same dbt code on the same files and warehouse, without
#   paying ~2.5 s of imports per process. This process stays as a stand-in: it passes its stdio, arguments,
#   working directory and environment, forwards signals, and exits as the dbt process exits (same code, or the
#   same signal). When anything does not match the server exactly, it runs normally instead.
import os
import sys


def _cmdline():
    try:
        with open('/proc/self/cmdline', 'rb') as f:
            return [a.decode('utf-8', 'surrogateescape') for a in f.read().split(b'\0') if a]
    except OSError:
        return []


def _kind(rest):
    if any('bridge' in a for a in rest[:3]):
        return 'bridge'
    if rest and os.path.basename(rest[0]) == 'dbt':
        return 'dbt ' + next((a for a in rest[1:] if not a.startswith('-')), '?')
    if rest[:1] == ['-c']:
        return 'python -c'
    if len(rest) >= 2 and rest[0] == '-m':
        return 'python -m ' + rest[1]
    return 'python ' + (os.path.basename(rest[0]) if rest else '')


_argv = _cmdline()
if os.environ.get('DBT_TEST_COUNT'):
    try:
        with open(os.environ['DBT_TEST_COUNT'], 'a') as f:
            f.write(_kind(_argv[1:]) + '\n')
    except OSError:
        pass

if os.environ.get('DBT_TEST_PRELOAD') and len(_argv) >= 2:
    try:
        import preload_client
    except ImportError:
        preload_client = None
    if preload_client is not None:
        preload_client.delegate(_argv)  # returns only when the process should run normally
