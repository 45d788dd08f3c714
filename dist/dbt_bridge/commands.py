"""The dispatch table: command name → handler, and the one place a request becomes a reply.

A handler is `handler(session, request) -> result`: it returns the reply's `result` (JSON-able) or
raises BridgeFailure(kind, message) for an expected failure. Adding a command is one line in COMMANDS
(plus its handler, and its request/reply types in src/dbt/protocol.ts).
"""

from __future__ import annotations

import traceback
from typing import Any, Callable, Mapping

from . import build, compile_sql, impact, project_state, run_status, selection, warehouse
from .errors import BridgeFailure, Interrupted
from .protocol import Request, log
from .session import Session

Handler = Callable[[Session, Request], Any]

COMMANDS: Mapping[str, Handler] = {
    "deps": project_state.deps,
    "parse": project_state.parse,
    "ls": selection.ls,
    "relations": warehouse.relations,
    "build": build.build,
    "freshness": warehouse.freshness,
    "run_status": run_status.command,
    "compile": compile_sql.compile_nodes,
    "impact": impact.impact,
}

# Not in the table: answered before anything runs, and ends the read loop.
SHUTDOWN = "shutdown"


def handle(session: Session, req: Request, commands: Mapping[str, Handler] = COMMANDS) -> bool:
    """Handle one request; returns False when the bridge should exit."""
    wire = session.wire
    if req.cmd == SHUTDOWN:
        wire.reply(req.id, None)
        return False
    lifecycle = session.lifecycle
    try:
        lifecycle.busy = True
        handler = commands.get(req.cmd) if isinstance(req.cmd, str) else None
        if handler is None:
            raise BridgeFailure("internal", f"unknown command {req.cmd!r}")
        wire.reply(req.id, handler(session, req))
    except BridgeFailure as failure:
        wire.error(req.id, failure.kind, failure.message)
    except (Interrupted, KeyboardInterrupt):
        wire.error(req.id, "internal", "interrupted")
        raise Interrupted()
    except Exception as exc:
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        log(traceback.format_exc())
        wire.error(req.id, "internal", last)
    finally:
        lifecycle.busy = False
    return True
