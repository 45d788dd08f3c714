# Test-only preload server (scripts/test.sh starts one per dbt venv for each test run):
#
#   .venv/bin/python test/helpers/python-site/preload_server.py <dir> [--cold]
#
# Imports dbt-core and the adapters once, then listens on <dir>/<key>.sock (preload_client.socket_path). For each
# stand-in that connects (a `dbt` or `dbt_bridge` process or a `python -c` helper a test started, see
# preload_client.py) it forks a copy of itself that takes over the stand-in's stdio, arguments, working
# directory, environment and umask and runs the same script: real dbt, real files, real warehouse, minus ~2.5 s
# of imports and, as the server has run dbt once on a throwaway copy of the example (preload_warm.py; --cold or
# PRELOAD_WARM=0 skips it), ~1-2 s of dbt's first invocation. It refuses (and the stand-in runs normally)
# whenever the process would not be the same: another interpreter, interpreter options, a different PYTHONPATH
# or sys.path, other PYTHON* variables or locale, or a script that is neither the venv's `dbt` nor a
# `dbt_bridge` package (`python -c` is accepted). The server itself stays single-threaded (forking a threaded
# process is unsafe), is never used outside the tests, and exits on SIGTERM.
import json
import os
import select
import signal
import socket
import struct
import sys

sys.path.pop(0)  # this directory: a worker must see the sys.path its stand-in would have had
BASE_PATH = list(sys.path)
HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
import preload_client  # noqa: E402
import preload_warm  # noqa: E402
import preload_worker  # noqa: E402

# What every dbt process imports before it does anything (measured on a bridge build and the CLI commands).
PRELOAD = [
    'dbt.cli.main', 'dbt.adapters.factory', 'dbt.adapters.duckdb', 'dbt.adapters.duckdb.impl',
    'dbt.adapters.postgres', 'dbt.adapters.postgres.impl', 'dbt.parser.manifest', 'dbt.task.build',
    'dbt.task.list', 'dbt.task.compile', 'dbt.task.run_operation', 'dbt.task.freshness', 'dbt.task.debug',
    'dbt.task.deps', 'dbt.task.show', 'dbt.task.sql', 'dbt.context.providers', 'dbt.compilation',
    'dbt.graph', 'dbt.artifacts.schemas.run', 'duckdb', 'psycopg2', 'agate', 'jinja2',
]
# Variables that change how the interpreter itself starts; a stand-in with other values runs normally.
INTERPRETER_VARS = ('LANG', 'LC_ALL', 'LC_CTYPE', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONSAFEPATH', 'PYTHONNOUSERSITE',
                    'PYTHONOPTIMIZE', 'PYTHONWARNINGS', 'PYTHONDEVMODE', 'PYTHONUTF8', 'PYTHONHASHSEED',
                    'PYTHONMALLOC', 'PYTHONTRACEMALLOC', 'PYTHONFAULTHANDLER', 'PYTHONSTARTUP', 'PYTHONINSPECT')


def preload():
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:
            pass


def refusal(request, base_env, base_path):
    argv = request.get('argv') or []
    if len(argv) < 2 or os.path.realpath(argv[0]) != os.path.realpath(sys.executable):
        return 'another interpreter'
    if os.path.realpath(request.get('prefix', '')) != os.path.realpath(sys.prefix):
        return 'another environment'
    env = request.get('env') or {}
    for name in INTERPRETER_VARS:
        if env.get(name) != base_env.get(name):
            return f'{name} differs'
    if request.get('sys_path') != base_path:
        return 'sys.path differs'
    if argv[1] == '-c':
        return None  # `python -c <code>`: the tests' own helpers (DuckDB and PostgreSQL queries, plain dbt builds)
    script = os.path.realpath(os.path.join(request.get('cwd', '/'), argv[1]))
    if preload_worker.script_kind(script) is None:
        return 'not a dbt process'
    return None


def receive(conn):
    conn.settimeout(10)
    head, fds, _flags, _addr = socket.recv_fds(conn, 4, 8)
    if len(head) != 4:
        raise OSError('short header')
    size = struct.unpack('>I', head)[0]
    data = b''
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise OSError('short request')
        data += chunk
    conn.settimeout(None)
    return json.loads(data.decode('utf-8', 'surrogateescape')), fds


def serve(directory):
    base_env = dict(os.environ)
    base_path = BASE_PATH
    path = preload_client.socket_path(directory)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    temp = path + f'.{os.getpid()}'
    listener.bind(temp)
    listener.listen(64)
    os.rename(temp, path)  # clients never see a socket that is not listening yet

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    running = {}  # worker pid -> the stand-in's connection

    while not stopping:
        try:
            ready, _, _ = select.select([listener, wake_r, *running.values()], [], [])
        except InterruptedError:
            ready = []
        if wake_r in ready:
            try:
                os.read(wake_r, 4096)
            except BlockingIOError:
                pass
        while running:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            conn = running.pop(pid, None)
            if conn is None:
                continue
            reply = {'signal': os.WTERMSIG(status)} if os.WIFSIGNALED(status) else {'exit': os.waitstatus_to_exitcode(status)}
            try:
                conn.sendall(json.dumps(reply).encode() + b'\n')
            except OSError:
                pass
            conn.close()
        for pid, conn in list(running.items()):
            if conn in ready:
                try:
                    gone = conn.recv(1) == b''
                except OSError:
                    gone = True
                if gone:  # the stand-in was killed outright: so is the process it stands for
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
        if listener in ready:
            conn, _ = listener.accept()
            fds = []
            try:
                request, fds = receive(conn)
                reason = refusal(request, base_env, base_path)
                if reason or len(fds) != len(request.get('fds', [])):
                    print(f'refused {request.get("argv", [])[:2]}: {reason or "descriptors"}', file=sys.stderr, flush=True)
                    conn.sendall(json.dumps({'refuse': reason or 'descriptors'}).encode() + b'\n')
                    conn.close()
                    continue
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    for other in running.values():
                        other.close()
                    conn.close()
                    os.close(wake_r)
                    os.close(wake_w)
                    preload_worker.run(request, fds)  # never returns
                conn.sendall(json.dumps({'pid': pid}).encode() + b'\n')
                print(f'forked {pid} for {request["argv"][1:3]}', file=sys.stderr, flush=True)
                running[pid] = conn
            except (OSError, ValueError) as exc:
                try:
                    conn.sendall(json.dumps({'refuse': str(exc)}).encode() + b'\n')
                except OSError:
                    pass
                conn.close()
            finally:
                for fd in fds:
                    os.close(fd)
    try:
        os.unlink(path)
    except FileNotFoundError:  # scripts/test.sh removes the directory as it stops the servers
        pass


def warm():
    """Runs dbt once in this process (preload_warm.py); a process left unfit to fork starts again without it."""
    ran, problem = preload_warm.warm_up()
    print(f'warm-up: {", ".join(ran) or "skipped"}{f"; {problem}: starting again without it" if problem else ""}',
          file=sys.stderr, flush=True)
    if problem:
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), sys.argv[1], '--cold'])


if __name__ == '__main__':
    preload()
    if '--cold' not in sys.argv[2:] and os.environ.get('PRELOAD_WARM', '1') != '0':
        warm()
    serve(sys.argv[1])
