# The preload server's warm-up (test-only, preload_server.py): real dbt runs once on a throwaway copy of the
# bundled example inside the server, before it forks anything.
#
# A dbt process pays for more than its imports. Its first invocation builds dbt's serialisers (mashumaro
# generates the to_dict/from_dict code of each artifact class the first time one is written or read) and
# parses and compiles the Jinja of dbt's and the adapter's own macros (materializations, tests, seeds,
# snapshots): a full parse of the example takes 3.1 s in a fresh process and 1.0 s in one that parsed before, a
# first `dbt build` 3.0 s against 1.5 s, paid again by every dbt process a test starts. The bridge runs several invocations in one process anyway (parse, build, retries), so a
# process that has run dbt before is an ordinary dbt process; what an invocation leaves behind that belongs to
# its project is put back here: the DuckDB database it held open (and its threads), dbt-duckdb's warn-once
# messages, dbt's deprecations, flags, tracking user, event loggers (and the Python loggers behind them, which
# hold the warm-up's log file), environment and working directory. The
# invocations run in a copy of the context (dbt keeps its invocation context in context variables).
#
# The server forks only a single-threaded process: warm_up returns a reason when anything is left running,
# and the server then starts again without the warm-up. PRELOAD_WARM=0 turns it off.
import contextlib
import contextvars
import gc
import io
import logging
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'examples', 'jaffle_shop'))
SKIPPED = {'target', 'logs', 'dbt_packages', '.dbt-orchestrator', '.user.yml'}
# What the tests' dbt processes do most: a full parse, a build (seeds, views, tables, incremental, ephemeral,
# snapshot, data tests) and a list; and a parse on PostgreSQL, which parses dbt-postgres's macros (no
# connection: a build there needs a server). Each is (label, arguments, the adapter module it needs).
COMMANDS = (
    ('deps', ['deps'], None),
    ('parse', ['parse'], None),
    ('build', ['build'], None),
    ('ls', ['ls', '--output', 'json'], None),
    ('parse postgres', ['parse', '--target', 'postgres'], 'dbt.adapters.postgres'),
)


def threads():
    return len(os.listdir('/proc/self/task'))


def _copy_example(dest):
    """The example, less what dbt parses or runs with dbt_extractor (a Rust helper whose thread pool would then
    stay in this process, and hang the first use of it in a process forked from it): unit tests (run through
    it) and a YAML snapshot's `relation: ref(...)` (parsed through it; the snapshot comes back as a SQL
    snapshot block). Models are parsed by rendering their Jinja (--no-static-parser)."""
    import yaml

    def ignore(_dir, names):
        return [n for n in names if n in SKIPPED or n.endswith('.duckdb') or n.endswith('.duckdb.wal')]

    shutil.copytree(EXAMPLE, dest, ignore=ignore)
    for root, _dirs, files in os.walk(dest):
        for name in files:
            path = os.path.join(root, name)
            if not name.endswith(('.yml', '.yaml')) or name in ('dbt_project.yml', 'profiles.yml', 'packages.yml'):
                continue
            with open(path, encoding='utf-8') as f:
                doc = yaml.safe_load(f)
            if not isinstance(doc, dict):
                continue
            snapshots = doc.pop('snapshots', None) or []
            if doc.pop('unit_tests', None) is None and not snapshots:
                continue
            for snap in snapshots:
                config = ', '.join(f'{k}={v!r}' for k, v in (snap.get('config') or {}).items())
                with open(os.path.join(root, f"{snap['name']}.sql"), 'w', encoding='utf-8') as f:
                    f.write(f"{{% snapshot {snap['name']} %}}\n{{{{ config({config}) }}}}\n"
                            f"select * from {{{{ {snap['relation']} }}}}\n{{% endsnapshot %}}\n")
            with open(path, 'w', encoding='utf-8') as f:
                yaml.safe_dump(doc, f, sort_keys=False)


def _dbt(command, project):
    from dbt.cli.main import dbtRunner

    args = [*command, '--project-dir', project, '--profiles-dir', project, '--quiet', '--no-send-anonymous-usage-stats',
            '--no-static-parser']
    with contextlib.redirect_stdout(io.StringIO()):  # `dbt ls` prints its nodes
        return dbtRunner().invoke(args).success


def _invoke(project):
    import importlib.util

    return [f'{label}={"ok" if _dbt(args, project) else "failed"}'
            for label, args, needs in COMMANDS if needs is None or importlib.util.find_spec(needs) is not None]


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
    _put_back_logging(saved['logging'])
    os.environ.clear()
    os.environ.update(saved['environ'])
    os.chdir(saved['cwd'])
    gc.collect()


def _python_loggers():
    loggers = {name: lg for name, lg in logging.root.manager.loggerDict.items() if isinstance(lg, logging.Logger)}
    return {**loggers, '': logging.root}


def _save_logging():
    return {name: (list(lg.handlers), lg.level, lg.propagate) for name, lg in _python_loggers().items()}


def _put_back_logging(saved):
    """dbt's loggers are Python loggers by name: the warm-up's log file handlers go, the earlier ones come back."""
    kept = {id(h) for handlers, _level, _propagate in saved.values() for h in handlers}
    for name, lg in _python_loggers().items():
        for handler in lg.handlers:
            if id(handler) not in kept:
                handler.close()
        handlers, level, propagate = saved.get(name, ([], logging.NOTSET, True))
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate


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
        'logging': _save_logging(),
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
