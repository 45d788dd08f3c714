# The preload server's warm-up (test-only, preload_server.py): real dbt runs once on a throwaway copy of the
# bundled example inside the server, before it forks anything.
#
# A dbt process pays for more than its imports. Its first invocation builds dbt's serialisers (mashumaro
# generates the to_dict/from_dict code of each artifact class the first time one is written or read) and
# compiles the Jinja of the adapter's and dbt's global macros (materializations, tests, seeds, snapshots):
# ~0.7 s on a first `dbt parse` and ~2 s on a first `dbt build` of the example, paid again by every dbt process
# a test starts. The bridge runs several invocations in one process anyway (parse, build, retries), so a
# process that has run dbt before is an ordinary dbt process; what an invocation leaves behind that belongs to
# its project is put back here: the DuckDB database it held open (and its threads), dbt-duckdb's warn-once
# messages, dbt's deprecations, flags, tracking user, event loggers, environment and working directory. The
# invocations run in a copy of the context (dbt keeps its invocation context in context variables).
#
# The server forks only a single-threaded process: warm_up returns a reason when anything is left running,
# and the server then starts again without the warm-up. PRELOAD_WARM=0 turns it off; scripts/test.sh warms only
# the project venv's server.
import contextlib
import contextvars
import gc
import io
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'examples', 'jaffle_shop'))
SKIPPED = {'target', 'logs', 'dbt_packages', '.dbt-orchestrator', '.user.yml'}
# What the tests' dbt processes do most: parse (partially), build (seeds, views, tables, incremental, ephemeral,
# snapshot, data tests) and list. Not unit tests: running one calls dbt_extractor (see _first_parse).
COMMANDS = (['build', '--exclude', 'resource_type:unit_test'], ['ls', '--output', 'json'])


def threads():
    return len(os.listdir('/proc/self/task'))


def _copy_example(dest):
    def ignore(_dir, names):
        return [n for n in names if n in SKIPPED or n.endswith('.duckdb') or n.endswith('.duckdb.wal')]

    shutil.copytree(EXAMPLE, dest, ignore=ignore)


def _dbt(command, project):
    from dbt.cli.main import dbtRunner

    args = [*command, '--project-dir', project, '--profiles-dir', project, '--quiet', '--no-send-anonymous-usage-stats']
    with contextlib.redirect_stdout(io.StringIO()):  # `dbt ls` prints its nodes
        return dbtRunner().invoke(args).success


def _first_parse(project):
    """`dbt deps` and the project's full parse, in a forked child: a full parse runs dbt_extractor, whose Rust
    thread pool (rayon) would stay in this process for good, and a child forked from it would hang on its first
    use. After it, this process parses partially (no file changed: nothing is parsed again)."""
    pid = os.fork()
    if pid == 0:
        try:
            code = 0 if _dbt(['deps'], project) and _dbt(['parse'], project) else 1
        except BaseException:
            code = 2
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _invoke(project):
    if not _first_parse(project):
        return ['parse=failed']
    return [f'{c[0]}={"ok" if _dbt(c, project) else "failed"}' for c in COMMANDS]


def _put_back(saved):
    import dbt.deprecations
    import dbt.flags
    import dbt.tracking
    from dbt.adapters.factory import reset_adapters
    from dbt_common.events import event_manager_client

    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager as duck

        with duck._LOCK:
            if duck._ENV is not None:
                duck._ENV.close()
                duck._ENV = None
            duck._LOGGED_MESSAGES.clear()
    except ImportError:
        pass
    reset_adapters()
    dbt.deprecations.reset_deprecations()
    dbt.flags.GLOBAL_FLAGS = saved['flags']
    dbt.tracking.active_user = saved['user']
    manager, state = saved['events']
    event_manager_client.ctx_set_event_manager(manager)
    manager.__dict__.clear()
    manager.__dict__.update(state)
    os.environ.clear()
    os.environ.update(saved['environ'])
    os.chdir(saved['cwd'])
    gc.collect()


def warm_up():
    """Runs dbt once; returns (what ran, None) or (what ran, why this process must not fork)."""
    if not os.path.isdir(EXAMPLE):
        return [], None
    import dbt.flags
    import dbt.tracking
    from dbt_common.events import event_manager_client

    manager = event_manager_client.get_event_manager()
    saved = {
        'flags': dbt.flags.GLOBAL_FLAGS,
        'user': dbt.tracking.active_user,
        'events': (manager, {k: (list(v) if isinstance(v, list) else v) for k, v in manager.__dict__.items()}),
        'environ': dict(os.environ),
        'cwd': os.getcwd(),
    }
    work = tempfile.mkdtemp(prefix='preload-warm-')
    ran = []
    try:
        project = os.path.join(work, 'jaffle_shop')
        _copy_example(project)
        os.chdir(project)
        os.environ['DBT_DUCKDB_PATH'] = os.path.join(work, 'warm.duckdb')
        ran = contextvars.copy_context().run(_invoke, project)
    except Exception as exc:  # the warm-up is an optimisation: a failure leaves a colder server, not a broken one
        ran.append(f'error={type(exc).__name__}: {exc}')
    finally:
        _put_back(saved)
        shutil.rmtree(work, ignore_errors=True)
    left = threads()
    return ran, (f'{left} threads still run after the warm-up' if left != 1 else None)


if __name__ == '__main__':
    print(warm_up())
    sys.exit(0)
