"""The wire: JSON lines in on stdin, JSON lines out on file descriptor 3 (see src/dbt/protocol.ts).

  * requests arrive on stdin, one JSON object per line (`read_requests` frames them, `parse_request`
    checks each at the door);
  * replies and events leave on fd 3, one JSON object per line (`Wire.emit`);
  * the bridge's own diagnostics go to stderr (`log`), next to dbt's console output.
"""

from __future__ import annotations

import json
import math
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, TextIO, Union

PROTOCOL_FD = 3

JsonObject = Dict[str, Any]


def finite(value: Any) -> Any:
    """JSON.parse rejects NaN/Infinity: replace them (only called when json.dumps refused)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def encode(obj: JsonObject) -> str:
    """One protocol line (without its newline)."""
    try:
        return json.dumps(obj, default=_json_default, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(finite(obj), default=_json_default, ensure_ascii=False)


class Wire:
    """The outgoing stream (fd 3 in production). Thread-safe: dbt fires events from worker threads."""

    def __init__(self, stream: Optional[TextIO] = None) -> None:
        self.stream = stream
        self._lock = threading.Lock()

    @classmethod
    def open_fd(cls, fd: int = PROTOCOL_FD) -> "Wire":
        """Raises OSError when the descriptor is not open for writing."""
        return cls(os.fdopen(fd, "w", buffering=1, encoding="utf-8", newline="\n"))

    def emit(self, obj: JsonObject) -> None:
        line = encode(obj)
        with self._lock:
            if self.stream is None:
                return
            try:
                self.stream.write(line + "\n")
                self.stream.flush()
            except OSError:
                # The engine is gone (EPIPE): nobody to tell; the reader thread handles the rest.
                self.stream = None

    def reply(self, req_id: Any, result: Any) -> None:
        self.emit({"id": req_id, "ok": True, "result": result})

    def error(self, req_id: Any, kind: str, message: str) -> None:
        self.emit({"id": req_id, "ok": False, "error": {"kind": kind, "message": message}})


def log(msg: str) -> None:
    """Diagnostics of the bridge itself go to stderr, next to dbt's output."""
    try:
        sys.stderr.write(f"[dbt-bridge] {msg}\n")
        sys.stderr.flush()
    except Exception:
        pass


def flush_std() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


# --------------------------------------------------------------------------------------------
# requests


@dataclass(frozen=True)
class Request:
    """One request line, checked at the door: a JSON object with `cmd` and an object `args`."""

    id: Any
    cmd: Any
    args: JsonObject = field(default_factory=dict)

    def build_id(self) -> int:
        """The numeric id build events carry (the engine sends numbers; "12" is read as 12)."""
        return int(self.id)


@dataclass(frozen=True)
class BadRequest:
    """A line that is not a request; answered with an `internal` error for `id`."""

    id: Any
    message: str


def parse_request(text: str) -> Union[Request, BadRequest, None]:
    """A request line → Request, BadRequest (with the reason), or None for a blank line."""
    text = text.strip()
    if not text:
        return None
    try:
        req = json.loads(text)
        if not isinstance(req, dict):
            raise ValueError("request is not a JSON object")
    except ValueError as exc:
        return BadRequest(None, f"bad request line: {exc}")
    args = req.get("args") or {}
    if not isinstance(args, dict):
        return BadRequest(req.get("id"), "bad request line: args is not a JSON object")
    return Request(req.get("id"), req.get("cmd"), args)


def read_requests(lines: "queue.Queue[Optional[bytes]]", parent_pid: int, is_busy: Callable[[], bool]) -> None:
    """Reads request lines (thread target). EOF = no more requests: the queued ones still run, then the
    bridge exits.

    If the engine itself died (we got re-parented), a running dbt invocation is interrupted
    instead, so that an orphaned bridge does not keep building.
    """
    # os.read on the descriptor, not sys.stdin: a daemon thread blocked inside a buffered reader
    # holds its lock and makes interpreter shutdown abort.
    pending = b""
    try:
        while True:
            chunk = os.read(0, 65536)
            if not chunk:
                break
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                lines.put(raw)
    except OSError:
        pass
    if pending.strip():
        lines.put(pending)
    lines.put(None)
    log("stdin closed")
    if os.name == "nt":
        return
    deadline = time.monotonic() + 2.0  # the parent's exit and our re-parenting are not atomic
    while time.monotonic() < deadline:
        if os.getppid() != parent_pid:
            log("the engine is gone: stopping dbt")
            if is_busy():
                # A real signal to the main thread: _thread.interrupt_main() would only be noticed
                # once the main thread runs Python code again, not while it waits inside dbt.
                signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)
            return
        time.sleep(0.05)
