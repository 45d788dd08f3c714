"""Failures the bridge reports as data (BridgeFailure: a protocol error kind and dbt's message), and
how an exception raised inside a dbt invocation maps to one of those kinds."""

from __future__ import annotations

import re
import traceback
from typing import Optional


class BridgeFailure(Exception):
    """An expected failure: replied as {"ok": false, "error": {"kind", "message"}}."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class Interrupted(BaseException):
    """dbt was interrupted by SIGINT/SIGTERM/EOF: reply and exit."""


def is_interrupt(exc: Optional[BaseException]) -> bool:
    return isinstance(exc, (KeyboardInterrupt, SystemExit, Interrupted))


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ERROR_HEADER = re.compile(r"^[A-Z][A-Za-z ]* Error$")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def dbt_message(exc: BaseException) -> str:
    """The human text dbt gives for an exception, without the generic "Runtime Error" header."""
    text = strip_ansi(str(exc)).rstrip()
    lines = text.split("\n")
    if len(lines) > 1 and _ERROR_HEADER.match(lines[0].strip()):
        lines = [line[2:] if line.startswith("  ") else line for line in lines[1:]]
    text = "\n".join(lines).strip()
    return text or type(exc).__name__


def clean_event_message(msg: str) -> str:
    text = strip_ansi(msg).strip()
    for prefix in ("[ERROR]: Encountered an error:", "Encountered an error:"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
    lines = text.split("\n")
    if len(lines) > 1 and _ERROR_HEADER.match(lines[0].strip()):
        lines = [line[2:] if line.startswith("  ") else line for line in lines[1:]]
    return "\n".join(lines).strip()


def classify(exc: BaseException) -> Optional[str]:
    """Which protocol error kind an exception raised by a dbt invocation belongs to (None = unknown).

    dbt raises DbtProjectError both for a missing dbt_project.yml and for a missing profile, so the
    phase in which the exception was raised (read from the traceback: dbt/cli/requires.py loads the
    profile, then the project, then parses) decides first, the exception type second.
    """
    from dbt.exceptions import (  # noqa: WPS433
        CompilationError,
        DbtProfileError,
        DbtProjectError,
        DbtSelectorsError,
        InvalidSelectorError,
        ParsingError,
    )

    frames = traceback.extract_tb(exc.__traceback__)
    names = {f.name for f in frames}
    files = [f.filename.replace("\\", "/") for f in frames]

    if names & {"load_raw_project", "load_project", "from_project_root", "partial_load"}:
        return "project"
    if "load_profile" in names or isinstance(exc, DbtProfileError):
        return "profile"
    if isinstance(exc, (DbtSelectorsError, InvalidSelectorError)):
        return "selection"
    if names & {"get_selection_spec", "get_selector", "get_node_selector"} or any(
        "/dbt/graph/selector" in f or "/dbt/graph/cli.py" in f for f in files
    ):
        return "selection"
    if names & {"parse_manifest", "setup_manifest", "get_full_manifest", "parse_with_v2"}:
        return "parse"
    if isinstance(exc, (ParsingError, CompilationError)):
        return "parse"
    if isinstance(exc, DbtProjectError):
        return "project"
    if type(exc).__name__ == "DbtUsageException":
        # e.g. --vars that is not a YAML mapping: the user's configuration, not a bridge bug.
        return "project"
    return None
