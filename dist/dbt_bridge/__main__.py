"""Entry point: `<python> <dir>/dbt_bridge` (what src/dbt/bridge.ts runs) or `python -m dbt_bridge`.

Opens the wire, refuses a dbt it cannot host, installs the signal handlers, then answers requests
in order until stdin closes or `shutdown` arrives. `--check-internals` instead prints
{"problems": [...]} for the installed dbt (the dbt version tests run it in each supported venv).
"""

import os
import sys

if not __package__:
    # Started as a directory: Python put the package directory itself first on sys.path; put its
    # parent there instead, so the package imports as `dbt_bridge` and its modules shadow nothing.
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# No __pycache__ beside the shipped package (dist/dbt_bridge/): import all of it without bytecode.
_write_bytecode = sys.dont_write_bytecode
sys.dont_write_bytecode = True
import json  # noqa: E402
import platform  # noqa: E402
import queue  # noqa: E402
import threading  # noqa: E402
import traceback  # noqa: E402
from typing import Optional  # noqa: E402

from dbt_bridge import warehouse_records  # noqa: E402,F401  (imported by `relations` later)
from dbt_bridge.commands import handle  # noqa: E402
from dbt_bridge.dbt_compat import check_internals, new_engine_installed, version_problem  # noqa: E402
from dbt_bridge.errors import Interrupted  # noqa: E402
from dbt_bridge.graph_speed import install_fast_cycle_check  # noqa: E402
from dbt_bridge.invocation import (  # noqa: E402
    dbt_version,
    install_fast_flag_source,
    install_fast_json_write,
    install_plugin_discovery_cache,
)
from dbt_bridge.lifecycle import Lifecycle  # noqa: E402
from dbt_bridge.protocol import PROTOCOL_FD, BadRequest, Wire, flush_std, parse_request, read_requests  # noqa: E402
from dbt_bridge.session import Session  # noqa: E402

sys.dont_write_bytecode = _write_bytecode


def refusal(wire: Wire) -> bool:
    """Emits a `fatal` event and returns True when the installed dbt cannot be hosted."""
    new_engine = new_engine_installed()
    if new_engine is not None:
        wire.emit({"event": "fatal", "kind": "dbt_unsupported", "message": version_problem("2") + f" (found {new_engine} with {sys.executable})"})
        return True
    try:
        import dbt  # noqa: F401
        from dbt.cli.main import dbtRunner  # noqa: F401
    except BaseException as exc:  # ImportError, or a broken install raising anything else
        wire.emit(
            {
                "event": "fatal",
                "kind": "dbt_missing",
                "message": f"cannot import dbt with {sys.executable}: "
                + traceback.format_exception_only(type(exc), exc)[-1].strip()
                + " (install dbt-core and an adapter in this environment)",
            }
        )
        return True
    unsupported = version_problem(dbt_version())
    if unsupported is not None:
        wire.emit({"event": "fatal", "kind": "dbt_unsupported", "message": unsupported})
        return True
    return False


def serve(session: Session, lines: "queue.Queue[Optional[bytes]]") -> int:
    """The read loop: one request at a time, in order. Returns the exit code."""
    try:
        while True:
            raw = lines.get()
            if raw is None:
                break
            req = parse_request(raw.decode("utf-8", errors="replace"))
            if req is None:
                continue
            if isinstance(req, BadRequest):
                session.wire.error(req.id, "internal", req.message)
                continue
            if not handle(session, req):
                break
    except (Interrupted, KeyboardInterrupt):
        # dbt has cancelled its queries and unwound; leave now (the grace timer still guards this).
        return session.lifecycle.exit_code or 130
    return 0


def main() -> int:
    try:
        wire = Wire.open_fd(PROTOCOL_FD)
    except OSError as exc:
        sys.stderr.write(f"dbt_bridge: file descriptor {PROTOCOL_FD} must be open for writing: {exc}\n")
        return 2
    if refusal(wire):
        return 3
    install_fast_cycle_check()  # every graph dbt links in this process (ls, build): graph_speed.py
    install_plugin_discovery_cache()  # dbt lists sys.path for plugins once, not per invocation
    install_fast_flag_source()  # behavior flags name their module without reading the stack's source
    install_fast_json_write()  # dbt's artifacts are encoded by json's C encoder (the same bytes)

    lifecycle = Lifecycle()
    lifecycle.install_signal_handlers()
    lines: "queue.Queue[Optional[bytes]]" = queue.Queue()
    threading.Thread(
        target=read_requests, args=(lines, os.getppid(), lifecycle.is_busy), name="stdin-reader", daemon=True
    ).start()

    wire.emit({"event": "ready", "dbtVersion": dbt_version(), "python": platform.python_version()})
    code = serve(Session(wire, lifecycle), lines)
    try:
        from dbt.adapters.factory import reset_adapters

        reset_adapters()  # closes connections (and e.g. the DuckDB file) cleanly
    except Exception:
        pass
    lifecycle.remove_temp_dirs()
    flush_std()
    return code


def run() -> None:
    if sys.argv[1:] == ["--check-internals"]:
        print(json.dumps({"problems": check_internals(dbt_version())}))
        sys.exit(0)
    code = main()
    # Run the exit handlers (multiprocessing unlinks dbt's semaphores there), then skip interpreter
    # finalization: tearing down dbt and a large manifest object by object takes seconds.
    import atexit

    try:
        atexit._run_exitfuncs()
    except Exception:
        pass
    flush_std()
    os._exit(code)


if __name__ == "__main__":
    run()
