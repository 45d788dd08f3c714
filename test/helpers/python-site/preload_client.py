# The stand-in half of the test preload (see sitecustomize.py and preload_server.py). Runs inside a Python
# process the tests started (the venv's `dbt`, or `<python> .../dbt_bridge`), before any of its own code:
# hands its stdio (fds 0-3), argv, cwd, environment and umask to the server of this interpreter, then waits.
# Whatever happens to this process happens to the dbt process it stands for: signals are forwarded; if this
# process is killed outright, its socket closes and the server kills the dbt process; it exits with the dbt
# process's exit code, or dies of the same signal. Returns (and the process runs normally) when there is no
# server, or the server refuses (anything about this process differs from what the server preloaded).
import hashlib
import json
import os
import signal
import socket
import struct
import sys

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)
MAX_FD = 3  # the bridge's protocol channel is fd 3 (src/dbt/bridge.ts)


def socket_path(directory):
    """One server per interpreter: keyed by the real path of the environment's prefix (the venv)."""
    key = hashlib.sha1(os.path.realpath(sys.prefix).encode()).hexdigest()[:16]
    return os.path.join(directory, key + '.sock')


def open_fds():
    fds = []
    for fd in range(MAX_FD + 1):
        try:
            os.fstat(fd)
            fds.append(fd)
        except OSError:
            pass
    return fds


def delegate(argv):
    if len(argv) < 2 or (argv[1].startswith('-') and not (argv[1] == '-c' and len(argv) >= 3)):
        return  # interpreter options, -m: not `python <script>` or `python -c <code>`
    path = socket_path(os.environ['DBT_TEST_PRELOAD'])
    if not os.path.exists(path):
        return
    fds = open_fds()
    umask = os.umask(0)
    os.umask(umask)
    request = json.dumps({
        'argv': argv,
        'cwd': os.getcwd(),
        'env': dict(os.environ),
        'umask': umask,
        'fds': fds,
        'client': os.getpid(),
        'prefix': sys.prefix,
        'sys_path': sys.path,
    }).encode('utf-8', 'surrogateescape')
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(path)
        socket.send_fds(conn, [struct.pack('>I', len(request))], fds)
        conn.sendall(request)
        replies = conn.makefile('rb')
        first = json.loads(replies.readline() or b'{"refuse": "no reply"}')
    except OSError:
        return
    if 'refuse' in first:
        conn.close()
        return
    pid = first['pid']

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except OSError:
            pass

    for signum in FORWARDED:
        signal.signal(signum, forward)
    # The dbt process holds the stdio now: let go of this process's copies, so that a reader sees end of
    # file when the dbt process closes them, as it would without a stand-in.
    null = os.open(os.devnull, os.O_RDWR)
    for fd in fds:
        os.dup2(null, fd)
    os.close(null)

    line = replies.readline()
    if not line:
        os._exit(70)  # the server died
    result = json.loads(line)
    if 'signal' in result:
        signum = result['signal']
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        os._exit(128 + signum)
    os._exit(result['exit'])
