# The forked half of the test preload (preload_server.py): becomes the process its stand-in would have been,
# then runs its script the way the interpreter would (`python <script>`), and exits with its status.
import atexit
import io
import os
import runpy
import signal
import sys
import time
import traceback


def script_kind(script):
    """'dbt' for the venv's dbt CLI, 'bridge' for a dbt_bridge package directory, None for anything else."""
    if script == os.path.realpath(os.path.join(sys.prefix, 'bin', 'dbt')):
        return 'dbt'
    if os.path.basename(script) == 'dbt_bridge' and os.path.isfile(os.path.join(script, '__main__.py')):
        return 'bridge'
    return None


def take_fds(targets, received):
    # Move the received descriptors out of the way first: one may already sit on another's target number.
    high = [_dup_high(fd) for fd in received]
    for fd in received:
        os.close(fd)
    for fd in range(max(targets + [3]) + 1):
        if fd not in targets:
            try:
                os.close(fd)
            except OSError:
                pass
    for target, fd in zip(targets, high):
        os.dup2(fd, target)
        os.close(fd)


def _dup_high(fd):
    import fcntl

    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 100)


def std_streams(env):
    """sys.stdin/out/err as the interpreter would have made them for this environment."""
    unbuffered = bool(env.get('PYTHONUNBUFFERED'))
    encoding, _, errors = (env.get('PYTHONIOENCODING') or '').partition(':')
    encoding = encoding or (sys.__stdout__.encoding if sys.__stdout__ else 'utf-8')

    def stream(fd, write, err_default):
        try:
            os.fstat(fd)
        except OSError:
            return None
        raw = io.FileIO(fd, 'wb' if write else 'rb', closefd=False)
        tty = raw.isatty()
        if write and unbuffered:
            buffered = raw
        else:
            buffered = io.BufferedWriter(raw) if write else io.BufferedReader(raw)
        return io.TextIOWrapper(buffered, encoding=encoding or 'utf-8', errors=errors or err_default,
                                line_buffering=write and tty, write_through=write and unbuffered)

    sys.stdin = sys.__stdin__ = stream(0, False, 'strict')
    sys.stdout = sys.__stdout__ = stream(1, True, 'strict')
    sys.stderr = sys.__stderr__ = stream(2, True, 'backslashreplace')


def parent_of(client_pid):
    """The stand-in's parent: what os.getppid() would have said without a stand-in.

    A stand-in that is gone (or a zombie) was killed outright while this process ran: without a stand-in this
    process would have died with it, so it dies now, before it can say anything more (the server kills it
    too, but only once it notices the stand-in's socket closed: a bridge that checks its parent in between
    would otherwise still reply on the wire)."""
    try:
        with open(f'/proc/{client_pid}/stat', 'rb') as f:
            state, ppid = f.read().rsplit(b')', 1)[1].split()[:2]
        if state != b'Z':
            return int(ppid)
    except (OSError, ValueError, IndexError):
        pass
    os.kill(os.getpid(), signal.SIGKILL)
    return 1


def exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run(request, fds):
    try:
        code = _run(request, fds)
    except BaseException:  # a bug in the preload itself, before the script ran
        traceback.print_exc()
        code = 70
    os._exit(code)


def _run(request, fds):
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.set_wakeup_fd(-1)
    take_fds(request['fds'], fds)
    os.chdir(request['cwd'])
    os.umask(request['umask'])
    os.environ.clear()
    os.environ.update(request['env'])
    time.tzset()
    std_streams(request['env'])
    client = request['client']
    os.getppid = lambda: parent_of(client)

    argv = request['argv']
    sys.orig_argv = list(argv)
    code = 0
    try:
        if argv[1] == '-c':
            run_code(argv)
            return _done(0)
        script = os.path.realpath(os.path.join(request['cwd'], argv[1]))
        sys.argv = argv[1:]
        if os.path.isdir(script):
            runpy.run_path(argv[1], run_name='__main__')  # puts the directory first on sys.path, as python does
        else:
            sys.path.insert(0, os.path.dirname(script))
            runpy.run_path(argv[1], run_name='__main__')
    except SystemExit as exc:
        code = exit_code(exc)
    except KeyboardInterrupt:
        print_traceback()
        _finish()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException:
        print_traceback()
        code = 1
    return _done(code)


def print_traceback():
    """The uncaught exception as the interpreter prints it: without this module's own frames."""
    kind, value, tb = sys.exc_info()
    while tb is not None and tb.tb_frame.f_code.co_filename in (__file__, runpy.__file__):
        tb = tb.tb_next
    traceback.print_exception(kind, value, tb)


def _done(code):
    _finish()
    return code


def run_code(argv):
    """`python -c <code> args...`: sys.argv is ['-c', args...], '' first on sys.path, a fresh __main__."""
    import builtins
    import types

    sys.argv = ['-c', *argv[3:]]
    sys.path.insert(0, '')
    main = types.ModuleType('__main__')
    main.__builtins__ = builtins
    sys.modules['__main__'] = main
    exec(compile(argv[2], '<string>', 'exec'), main.__dict__)


def _finish():
    import threading

    try:
        threading._shutdown()
    except Exception:
        pass
    try:
        atexit._run_exitfuncs()
    except Exception:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass
