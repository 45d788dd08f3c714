"""One dbtRunner invocation (its result, the error messages dbt logged, the event callback) and the
command-line flags every invocation shares."""

from __future__ import annotations

import importlib
import json
import os
import time
import traceback
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

from .errors import BridgeFailure, Interrupted, classify, clean_event_message, dbt_message, is_interrupt
from .protocol import log

if TYPE_CHECKING:
    from dbt.cli.main import dbtRunnerResult
    from dbt.contracts.graph.manifest import Manifest
    from dbt_common.events.base_types import EventMsg

EventCallback = Callable[["EventMsg"], None]
Args = Dict[str, Any]


class Invocation:
    """One dbtRunner invocation: result plus the error-level messages dbt logged during it."""

    def __init__(self, result: dbtRunnerResult, errors: List[str], elapsed: float) -> None:
        self.result = result  # dbtRunnerResult
        self.errors = errors
        self.elapsed = elapsed

    @property
    def success(self) -> bool:
        return bool(self.result.success)

    @property
    def exception(self) -> Optional[BaseException]:
        return self.result.exception

    def message(self) -> str:
        if self.exception is not None:
            return dbt_message(self.exception)
        msgs = [m for m in self.errors if m]
        if msgs:
            return "\n".join(dict.fromkeys(msgs))
        return "dbt reported failure without an error message (see the dbt log)"

    def failure(self, default_kind: str) -> BridgeFailure:
        kind = classify(self.exception) if self.exception is not None else None
        return BridgeFailure(kind or default_kind, self.message())


def invoke(
    args: List[str],
    manifest: Optional[Manifest] = None,
    on_event: Optional[EventCallback] = None,
    **kwargs: Any,
) -> Invocation:
    """Runs dbt in this process; raises Interrupted when dbt was interrupted."""
    from dbt.cli.main import dbtRunner

    errors: List[str] = []

    def callback(msg: EventMsg) -> None:
        try:
            if on_event is not None:
                on_event(msg)
            if str(msg.info.level) == "error":
                errors.append(clean_event_message(msg.info.msg))
        except Exception:
            log("event callback failed: " + traceback.format_exc().strip().splitlines()[-1])

    started = time.perf_counter()
    res = dbtRunner(manifest=manifest, callbacks=[callback]).invoke(args, **kwargs)
    inv = Invocation(res, errors, time.perf_counter() - started)
    if is_interrupt(inv.exception):
        raise Interrupted()
    return inv


def install_plugin_discovery_cache() -> bool:
    """dbt finds its plugins (modules named dbt_*) on every invocation by listing every directory on
    sys.path (PluginManager.get_prefixed_modules, ~10 ms of CPU per `ls` or `parse`). What is installed
    does not change while the bridge runs, so it lists them once; dbt still makes its plugins from those
    modules on every invocation. False when this dbt has no such method."""
    try:
        from dbt.plugins.manager import PluginManager
    except Exception:
        return False
    original = PluginManager.__dict__.get("get_prefixed_modules")
    if not isinstance(original, classmethod):
        return False
    if getattr(original.__func__, "_dbt_orchestrator_cached", False):
        return True
    found: Dict[str, Any] = {}

    def get_prefixed_modules(cls: Any) -> Dict[str, Any]:
        if "modules" not in found:
            found["modules"] = original.__func__(cls)
        return dict(found["modules"])

    setattr(get_prefixed_modules, "_dbt_orchestrator_cached", True)
    PluginManager.get_prefixed_modules = classmethod(get_prefixed_modules)
    return True


def install_fast_flag_source() -> bool:
    """Each adapter registration (one per invocation) makes the adapter's behavior flags, and each flag
    without a `source` finds the module that made it with `inspect.stack()`, which reads the source lines
    of every frame on the stack: ~15 ms per flag, ~0.1 s of a no-change run's ~0.6 s of CPU. This walks
    the same frames outward (from the caller of `_default_source`, as `inspect.stack()` minus that
    function's own frame) and asks `inspect.getmodule` of each, as dbt does, without reading any source:
    the same module name, the same "Unknown" when none. False when this dbt has no such method."""
    try:
        import inspect
        import sys

        from dbt_common import behavior_flags
    except Exception:
        return False
    rendered = getattr(behavior_flags, "BehaviorFlagRendered", None)
    original = rendered.__dict__.get("_default_source") if rendered is not None else None
    if not isinstance(original, staticmethod):
        return False
    if getattr(original.__func__, "_dbt_orchestrator_fast", False):
        return True

    def _default_source() -> str:
        frame = sys._getframe(1)
        while frame is not None:
            module = inspect.getmodule(frame)
            if module and module.__name__ != behavior_flags.__name__:
                return module.__name__
            frame = frame.f_back
        return "Unknown"

    setattr(_default_source, "_dbt_orchestrator_fast", True)
    setattr(_default_source, "_dbt_orchestrator_original", original.__func__)
    rendered._default_source = staticmethod(_default_source)
    return True


class _OneShotJson:
    """The json module as dbt_common's file helpers see it, but `dump` encodes in one shot: json.dump always
    takes Python's own encoder, while json.dumps of the same arguments takes the C one and returns the same
    text. Everything else is the json module's."""

    _dbt_orchestrator_fast = True

    def __getattr__(self, name: str) -> Any:
        return getattr(json, name)

    @staticmethod
    def dump(obj: Any, fp: Any, **kwargs: Any) -> None:
        fp.write(json.dumps(obj, **kwargs))


def install_fast_json_write() -> bool:
    """dbt writes its artifacts (manifest.json on every parse, run_results.json, ...) through
    dbt_common's `write_json`, whose `json.dump` encodes in Python: ~0.08 s of the example's 0.17 s
    manifest write, 0.40 s at 5,000 nodes (0.13 s in one shot). `write_json` stays dbt's (its directory, encoding,
    encoder class and error handling); the json it calls writes `json.dumps` of the same arguments, the
    same bytes, at once (and nothing, instead of a partial file, when encoding fails). False when this dbt
    has no such helper."""
    try:
        from dbt_common.clients import system
    except Exception:
        return False
    current = getattr(system, "json", None)
    if getattr(current, "_dbt_orchestrator_fast", False):
        return True
    if current is not json or not callable(getattr(system, "write_json", None)):
        return False
    system.json = _OneShotJson()  # type: ignore[assignment]
    return True


# --------------------------------------------------------------------------------------------
# flags


def project_dir_flag(project_dir: str) -> str:
    """The project dir as dbt gets it: "." when it is our working directory (the engine starts us there).

    dbt derives node root paths from it, and adapters paste those into SQL (dbt-duckdb's seed COPY
    FROM '<root>/seeds/x.csv'), so an absolute path with a quote in a folder name would break the SQL;
    a relative one is what plain `dbt --project-dir .` hands them.
    """
    return "." if os.path.abspath(project_dir) == os.getcwd() else project_dir


def common_flags(args: Args) -> List[str]:
    out = ["--project-dir", project_dir_flag(str(args["projectDir"]))]
    if args.get("profilesDir"):
        out += ["--profiles-dir", str(args["profilesDir"])]
    if args.get("target"):
        out += ["--target", str(args["target"])]
    if args.get("vars") not in (None, ""):
        out += ["--vars", str(args["vars"])]
    # dbt's console output goes to a log file: no colour codes.
    out += ["--no-use-colors"]
    return out


# DbtCommonArgs: what a parse was made with; later requests default to them.
COMMON_KEYS = ("projectDir", "profilesDir", "target", "vars", "state", "defer")

ParseKey = Tuple[Any, ...]


def parse_key(args: Args) -> ParseKey:
    """The arguments a manifest depends on; other requests must use the same ones."""
    return (
        os.path.abspath(str(args["projectDir"])),
        os.path.abspath(str(args["profilesDir"])) if args.get("profilesDir") else None,
        args.get("target") or None,
        args.get("vars") or None,
    )


# --------------------------------------------------------------------------------------------
# versions


def package_version(adapter_type: str) -> str:
    from importlib import metadata

    for dist in (f"dbt-{adapter_type}", f"dbt-{adapter_type.replace('_', '-')}"):
        try:
            return metadata.version(dist)
        except Exception:
            pass
    for mod in ("__version__", "__about__"):
        try:
            return str(importlib.import_module(f"dbt.adapters.{adapter_type}.{mod}").version)
        except Exception:
            pass
    return "unknown"


def dbt_version() -> str:
    try:
        import dbt.version

        return str(dbt.version.__version__)
    except Exception:
        from dbt.__version__ import version

        return str(version)
