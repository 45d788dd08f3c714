#!/usr/bin/env python3
"""Long-lived dbt process for dbt-orchestrator-action.

Holds dbt (and the parsed manifest) in memory so dbt's start-up and parse are paid once per engine
run instead of once per node. Wire protocol: see src/dbt/protocol.ts.

  * requests arrive on stdin, one JSON object per line;
  * replies and events leave on file descriptor 3, one JSON object per line;
  * dbt's own console output stays on stdout/stderr (the engine sends it to a log file).

Only the standard library and dbt are used. Started as `<python> bridge.py` with cwd = the dbt
project directory.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
import os
import platform
import queue
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from typing import Any, Callable, Dict, Iterable, List, Optional, Set, Tuple

# Helper modules ship beside this file (python/*.py; scripts/build.mjs copies them to dist/).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from extra_parents import extra_parents  # noqa: E402
import partial_parse_guard  # noqa: E402

PROTOCOL_FD = 3
# After the first SIGINT/SIGTERM, dbt gets this long to cancel its queries and unwind.
INTERRUPT_GRACE_SECONDS = 10.0

_out = None  # text stream on fd 3
_out_lock = threading.Lock()


# --------------------------------------------------------------------------------------------
# output


def _finite(value: Any) -> Any:
    """JSON.parse rejects NaN/Infinity: replace them (only called when json.dumps refused)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def emit(obj: Dict[str, Any]) -> None:
    global _out
    try:
        line = json.dumps(obj, default=_json_default, ensure_ascii=False, allow_nan=False)
    except ValueError:
        line = json.dumps(_finite(obj), default=_json_default, ensure_ascii=False)
    with _out_lock:
        if _out is None:
            return
        try:
            _out.write(line + "\n")
            _out.flush()
        except OSError:
            # The engine is gone (EPIPE): nobody to tell; the reader thread handles the rest.
            _out = None


def log(msg: str) -> None:
    """Diagnostics of the bridge itself go to stderr, next to dbt's output."""
    try:
        sys.stderr.write(f"[dbt-bridge] {msg}\n")
        sys.stderr.flush()
    except Exception:
        pass


def _flush_std() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


_temp_dirs: List[str] = []


def remove_temp_dirs() -> None:
    for path in _temp_dirs:
        shutil.rmtree(path, ignore_errors=True)


def hard_exit(code: int) -> None:
    remove_temp_dirs()
    _flush_std()
    os._exit(code)


# --------------------------------------------------------------------------------------------
# errors


class BridgeFailure(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class Interrupted(BaseException):
    """dbt was interrupted by SIGINT/SIGTERM/EOF: reply and exit."""


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


# --------------------------------------------------------------------------------------------
# dbt invocation helpers


class Invocation:
    """One dbtRunner invocation: result plus the error-level messages dbt logged during it."""

    def __init__(self, result: Any, errors: List[str], elapsed: float) -> None:
        self.result = result
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


def _is_interrupt(exc: Optional[BaseException]) -> bool:
    return isinstance(exc, (KeyboardInterrupt, SystemExit, Interrupted))


def project_dir_flag(project_dir: str) -> str:
    """The project dir as dbt gets it: "." when it is our working directory (the engine starts us there).

    dbt derives node root paths from it, and adapters paste those into SQL (dbt-duckdb's seed COPY
    FROM '<root>/seeds/x.csv'), so an absolute path with a quote in a folder name would break the SQL;
    a relative one is what plain `dbt --project-dir .` hands them.
    """
    return "." if os.path.abspath(project_dir) == os.getcwd() else project_dir


def selection_tokens(flag: str, tokens: Iterable[Any]) -> List[str]:
    """Selection values for dbt's argv: a token starting with "-" would be read as another flag."""
    out = [str(t) for t in tokens]
    bad = [t for t in out if t.startswith("-")]
    if bad:
        raise BridgeFailure("selection", f"{flag}: {bad[0]!r} is not a selector (it starts with '-')")
    return out


def common_flags(args: Dict[str, Any]) -> List[str]:
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


_COMMON_KEYS = ("projectDir", "profilesDir", "target", "vars", "state", "defer")


def parse_key(args: Dict[str, Any]) -> Tuple[Any, ...]:
    """The arguments a manifest depends on; other requests must use the same ones."""
    return (
        os.path.abspath(str(args["projectDir"])),
        os.path.abspath(str(args["profilesDir"])) if args.get("profilesDir") else None,
        args.get("target") or None,
        args.get("vars") or None,
    )


def iso_utc(value: Optional[str]) -> Optional[str]:
    """dbt's node timestamps are naive UTC: mark them as UTC so JavaScript parses them right."""
    if not value:
        return value
    if value.endswith("Z") or re.search(r"[+-]\d\d:\d\d$", value):
        return value
    return value + "Z"


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


# --------------------------------------------------------------------------------------------
# run results


def result_item(run_result: Any) -> Dict[str, Any]:
    """A dbt RunResult in its run_results.json ("results" item) shape."""
    from dbt.artifacts.schemas.run import process_run_result

    item = process_run_result(run_result).to_dict(omit_none=False)
    item["unique_id"] = run_result.node.unique_id
    return item


def _intify(value: Any) -> Any:
    """protobuf Structs turn every number into a float: undo that for whole numbers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _intify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_intify(v) for v in value]
    return value


def _run_result_from_stack() -> Any:
    """The RunResult object NodeFinished was fired for.

    NodeFinished is fired synchronously from GraphRunnableTask.call_runner (dbt/task/runnable.py)
    in the worker thread, with `result` as a local; the event only carries a lossy protobuf copy of
    it. Reading the local gives node_finish exactly the item run_results.json will hold. Falls
    back to the event's copy when dbt's internals differ.
    """
    frame = sys._getframe(2)
    depth = 0
    while frame is not None and depth < 50:
        if frame.f_code.co_name == "call_runner":
            candidate = frame.f_locals.get("result")
            if candidate is not None and hasattr(candidate, "node") and hasattr(candidate, "status"):
                return candidate
            return None
        frame = frame.f_back
        depth += 1
    return None


def result_from_event(msg: Any, manifest: Any) -> Dict[str, Any]:
    """Rebuild a run_results.json item from a NodeFinished event (fallback path)."""
    from google.protobuf.json_format import MessageToDict

    data = MessageToDict(msg.data, preserving_proto_field_name=True)
    info = data.get("node_info", {})
    rr = data.get("run_result", {})
    uid = info.get("unique_id", "")
    rtype = info.get("resource_type", "")
    node = manifest.nodes.get(uid) if manifest is not None else None
    compiled = getattr(node, "compiled", None) if node is not None else None
    return {
        "status": rr.get("status", info.get("node_status")),
        "timing": [
            {
                "name": t.get("name"),
                "started_at": t.get("started_at"),
                "completed_at": t.get("completed_at"),
            }
            for t in rr.get("timing_info", [])
        ],
        "thread_id": rr.get("thread", ""),
        "execution_time": float(rr.get("execution_time", 0.0)),
        "adapter_response": _intify(rr.get("adapter_response", {})),
        "message": rr.get("message"),
        "failures": int(rr.get("num_failures", 0)) if rtype in ("test", "unit_test") else None,
        "unique_id": uid,
        "compiled": compiled,
        "compiled_code": getattr(node, "compiled_code", None) if compiled else None,
        "relation_name": (info.get("node_relation") or {}).get("relation_name"),
        "batch_results": None,
    }


# --------------------------------------------------------------------------------------------
# env vars by unique_id

# schema.yml top-level keys and the resource type of what they define or patch
_YAML_KEY_TYPES = {
    "models": "model",
    "seeds": "seed",
    "snapshots": "snapshot",
    "analyses": "analysis",
    "sources": "source",
    "macros": "macro",
    "exposures": "exposure",
    "metrics": "metric",
    "semantic_models": "semantic_model",
    "saved_queries": "saved_query",
    "unit_tests": "unit_test",
    "functions": "function",
    "groups": "group",
}

_MANIFEST_COLLECTIONS = (
    "nodes",
    "sources",
    "macros",
    "exposures",
    "metrics",
    "semantic_models",
    "saved_queries",
    "unit_tests",
    "functions",
    "groups",
)


def _manifest_lookup(manifest: Any, uid: str) -> Any:
    for name in _MANIFEST_COLLECTIONS:
        coll = getattr(manifest, name, None)
        if coll and uid in coll:
            return coll[uid]
    return None


def _rtype(obj: Any) -> str:
    rt = getattr(obj, "resource_type", None)
    return str(getattr(rt, "value", rt)) if rt is not None else ""


def env_vars_by_unique_id(manifest: Any) -> Dict[str, List[str]]:
    """Env var names read while parsing, attributed to what the file that read them defines.

    SQL/Python/seed files (SourceFile.env_vars: list) → every node/macro/function of that file.
    Schema files (SchemaSourceFile.env_vars: {yaml_key: {entry_name: [vars]}}) → the resources
    defined or patched under that yaml entry, plus the data tests generated from it; when nothing
    matches, every resource the file defines or patches (conservative).
    """
    out: Dict[str, Set[str]] = {}

    def add(uid: str, names: Iterable[str]) -> None:
        out.setdefault(uid, set()).update(names)

    for sf in manifest.files.values():
        env = getattr(sf, "env_vars", None)
        if not env:
            continue
        if isinstance(env, list):
            owned = list(getattr(sf, "nodes", []) or []) + list(getattr(sf, "macros", []) or [])
            owned += list(getattr(sf, "functions", []) or [])
            for uid in owned:
                add(uid, env)
            continue
        if not isinstance(env, dict):
            continue
        owned_all = _schema_file_owned(manifest, sf)
        data_tests = getattr(sf, "data_tests", {}) or {}
        for yaml_key, by_name in env.items():
            if not isinstance(by_name, dict):
                continue
            for name, names in by_name.items():
                targets = set(data_tests.get(yaml_key, {}).get(name, []))
                rtype = _YAML_KEY_TYPES.get(yaml_key)
                matched: Set[str] = set()
                if rtype is not None:
                    for uid in owned_all:
                        obj = _manifest_lookup(manifest, uid)
                        if obj is None or _rtype(obj) != rtype:
                            continue
                        obj_name = getattr(obj, "source_name", None) if rtype == "source" else obj.name
                        if obj_name == name:
                            matched.add(uid)
                    if rtype == "source" and not matched:
                        # patches of another package's source (SchemaSourceFile.sop)
                        matched = {
                            uid for uid, s in manifest.sources.items() if s.source_name == name
                        }
                targets |= matched
                if not matched:
                    targets |= owned_all
                for uid in targets:
                    add(uid, names)
    return {uid: sorted(names) for uid, names in sorted(out.items())}


def _schema_file_owned(manifest: Any, sf: Any) -> Set[str]:
    owned: Set[str] = set()
    for attr in (
        "ndp",
        "sources",
        "exposures",
        "metrics",
        "snapshots",
        "semantic_models",
        "unit_tests",
        "saved_queries",
        "functions",
        "groups",
    ):
        owned.update(getattr(sf, attr, []) or [])
    owned.update((getattr(sf, "mcp", {}) or {}).keys())
    for by_name in (getattr(sf, "data_tests", {}) or {}).values():
        for uids in by_name.values():
            owned.update(uids)
    return owned


UNSET = "<unset>"  # same marker as the engine (src/hash/node-hash.ts)


def env_var_digests(names: Iterable[str]) -> Dict[str, str]:
    """sha256 of `set:<value>` (or of `<unset>`) for each name, as dbt sees the environment.

    dbt loads the project's .env into os.environ (without overriding), so os.environ after an
    invocation is what env_var() read. Same recipe as the engine's fallback for untracked names.
    """
    out: Dict[str, str] = {}
    for name in sorted(set(names)):
        value = os.environ.get(name)
        text = UNSET if value is None else f"set:{value}"
        out[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


def dotenv_names(project_dir: str) -> List[str]:
    """Names the project's .env defines (dbt loads it; the engine's own environment lacks them)."""
    try:
        from dotenv import dotenv_values, find_dotenv

        path = find_dotenv(os.path.join(project_dir, ".env"), usecwd=True)
        return [k for k in dotenv_values(path).keys() if k] if path else []
    except Exception:
        return []


def resolved_vars(config: Any) -> Dict[str, Any]:
    """dbt's var() resolution flattened into {global, byPackage, cli} for the engine.

    For a node of package P dbt looks up (highest first; ModelConfiguredVar + VarProvider.vars_for
    in dbt/context/providers.py and dbt/config/project.py): --vars, root vars[P], root vars,
    P's own vars[P], P's own vars. The engine looks up cli, byPackage[P], global; so global = root
    vars and byPackage[P] = root vars[P] plus P's own vars that nothing above shadows.
    """
    root_vars = dict(config.vars.to_dict() or {})
    by_package: Dict[str, Dict[str, Any]] = {}
    try:
        projects = config.load_dependencies()
    except Exception:
        projects = {}
    names = set(projects.keys()) | {config.project_name}
    for pkg in sorted(names):
        scoped = root_vars.get(pkg)
        merged: Dict[str, Any] = dict(scoped) if isinstance(scoped, dict) else {}
        project = projects.get(pkg)
        if project is not None and pkg != config.project_name:
            own = dict(project.vars.to_dict() or {})
            own_scoped = own.get(pkg)
            lower = dict(own)
            if isinstance(own_scoped, dict):
                lower.update(own_scoped)
            for key, value in lower.items():
                if key not in merged and key not in root_vars:
                    merged[key] = value
        if merged:
            by_package[pkg] = merged
    return {"global": root_vars, "byPackage": by_package, "cli": dict(config.cli_vars or {})}


def _digest_env(env: Dict[str, Any]) -> str:
    """dbt's project_env_vars_hash recipe (parser/manifest.py build_manifest_state_check)."""
    text = "".join(f"{key}:{env[key]}|" for key in sorted(env))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# exact selection

# Collections of the manifest `dbt build` can select from (sources are never built).
_SELECTABLE = (
    "nodes",
    "unit_tests",
    "exposures",
    "metrics",
    "semantic_models",
    "saved_queries",
    "functions",
)


def selectable_ids(manifest: Any) -> Set[str]:
    ids: Set[str] = set()
    for name in _SELECTABLE:
        ids.update((getattr(manifest, name, None) or {}).keys())
    return ids


def reset_compiled_state(manifest: Any) -> None:
    """Forget what the previous invocation compiled, so every invocation compiles like a fresh dbt.

    dbt compiles into the manifest's node objects (dbt/compilation.py: _compile_code sets
    compiled/compiled_code, _recursively_prepend_ctes sets extra_ctes_injected, extra_ctes and
    _pre_injected_sql) and assumes a manifest that was never compiled: a node whose
    extra_ctes_injected is still True from an earlier invocation is re-rendered but gets no CTEs
    injected (`select * from __dbt__cte__x` without `__dbt__cte__x as (...)`), and an ephemeral node
    left compiled=True is served with SQL rendered in the earlier invocation. Retries, the unit-test
    phase and every later build of the same process would run stale or broken SQL.
    """
    from dbt.contracts.graph.nodes import CompiledNode

    for node in (getattr(manifest, "nodes", None) or {}).values():
        if not isinstance(node, CompiledNode):
            continue  # seeds: nothing compiled
        node.compiled = False
        node.compiled_code = None
        node.compiled_path = None
        node.extra_ctes_injected = False
        node.extra_ctes = []
        node._pre_injected_sql = None


def write_selection_state(state_dir: str, unique_ids: List[str]) -> None:
    """A run_results.json in which exactly `unique_ids` have status "success".

    dbt has no unique_id selector method, but `result:success --state DIR`
    (ResultSelectorMethod in dbt/graph/selector_methods.py) selects precisely the unique_ids that
    DIR/run_results.json lists with that status — in one pass over the graph, where one selector
    per node (e.g. fqn:...) costs a pass over the graph per node. Written with dbt's own artifact
    classes so it passes dbt's schema-version check (dbt/contracts/state.py load_result_state).
    """
    from dbt.artifacts.schemas.results import RunStatus
    from dbt.artifacts.schemas.run import RunResultOutput, RunResultsArtifact, RunResultsMetadata

    results = [
        RunResultOutput(
            unique_id=uid,
            status=RunStatus.Success,
            timing=[],
            thread_id="",
            execution_time=0.0,
            message=None,
            adapter_response={},
            failures=None,
            compiled=None,
            compiled_code=None,
            relation_name=None,
        )
        for uid in unique_ids
    ]
    artifact = RunResultsArtifact(
        metadata=RunResultsMetadata(), results=results, elapsed_time=0.0, args={}
    )
    artifact.write(os.path.join(state_dir, "run_results.json"))


def refused_result(unique_id: str, message: str) -> Dict[str, Any]:
    """A node dbt-orchestrator did not hand to dbt, in run_results form."""
    return {
        "unique_id": unique_id, "status": "error", "timing": [], "thread_id": "dbt-orchestrator",
        "execution_time": 0.0, "adapter_response": {}, "message": message, "failures": None,
        "compiled": None, "compiled_code": None, "relation_name": None,
    }


# --------------------------------------------------------------------------------------------
# the bridge


class Bridge:
    def __init__(self) -> None:
        self.manifest: Any = None
        self.config: Any = None  # RuntimeConfig of the last successful parse
        self.adapter_type: Optional[str] = None
        self.key: Optional[Tuple[Any, ...]] = None
        self.parse_args: Dict[str, Any] = {}
        self._selectable: Optional[Set[str]] = None
        self._selection_dir: Optional[str] = None

    # -- plumbing --------------------------------------------------------------------------

    def invoke(
        self,
        args: List[str],
        manifest: Any = None,
        on_event: Optional[Callable[[Any], None]] = None,
        **kwargs: Any,
    ) -> Invocation:
        from dbt.cli.main import dbtRunner

        errors: List[str] = []

        def callback(msg: Any) -> None:
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
        if _is_interrupt(inv.exception):
            raise Interrupted()
        return inv

    def _with_parse_args(self, args: Dict[str, Any]) -> Dict[str, Any]:
        """ls/relations/build: DbtCommonArgs fields left out default to those of the last parse."""
        if self.manifest is None:
            raise BridgeFailure("internal", "no manifest in memory: send a successful `parse` first")
        merged = dict(self.parse_args)
        merged.update(args)
        self._check_key(merged)
        return merged

    def _check_key(self, args: Dict[str, Any]) -> None:
        if parse_key(args) != self.key:
            raise BridgeFailure(
                "internal",
                "projectDir/profilesDir/target/vars differ from those of the last parse: parse again",
            )

    def _adapter(self) -> Any:
        """The registered adapter, wired to the in-memory manifest (what dbt does for a pre-set one)."""
        from dbt.adapters.factory import FACTORY

        adapter = FACTORY.adapters.get(self.adapter_type) if self.adapter_type else None
        if adapter is None or adapter.get_macro_resolver() is None:
            from dbt.cli import requires

            wire = getattr(requires, "_wire_adapter_for_external_manifest", None)
            if wire is not None:
                adapter = wire(self.config, self.manifest, [])
            else:  # older/newer dbt: same steps by hand
                from dbt.adapters.factory import get_adapter, register_adapter
                from dbt.context.providers import generate_runtime_macro_context
                from dbt.context.query_header import generate_query_header_context
                from dbt.mp_context import get_mp_context

                register_adapter(self.config, get_mp_context())
                adapter = get_adapter(self.config)
                adapter.set_macro_context_generator(generate_runtime_macro_context)
                adapter.set_macro_resolver(self.manifest)
                adapter.connections.set_query_header(
                    generate_query_header_context(adapter.config, self.manifest)
                )
        return adapter

    # -- commands --------------------------------------------------------------------------

    def parse(self, args: Dict[str, Any]) -> Dict[str, Any]:
        from dbt.adapters.factory import FACTORY
        from dbt.contracts.graph.manifest import Manifest

        self.manifest = None
        self._selectable = None
        guarded = partial_parse_guard.install()
        partial_parse_guard.reread.clear()
        partial_parse_guard.last_check.update(files=0, seconds=0.0)
        inv = self.invoke(["parse", *common_flags(args), "--write-json"])
        if partial_parse_guard.last_check["files"]:
            check = partial_parse_guard.last_check
            log(f"partial-parse guard: {int(check['files'])} files compared in {check['seconds'] * 1000:.1f} ms")
        if partial_parse_guard.reread:
            log(f"partial parsing: re-read {len(partial_parse_guard.reread)} file(s) whose bytes changed: " + ", ".join(partial_parse_guard.reread))
        if not inv.success or not isinstance(inv.result.result, Manifest):
            raise inv.failure("parse")
        manifest = inv.result.result
        adapter_type = manifest.metadata.adapter_type
        adapter = FACTORY.adapters.get(adapter_type) if adapter_type else None
        if adapter is None and len(FACTORY.adapters) == 1:
            adapter = next(iter(FACTORY.adapters.values()))
        if adapter is None:
            raise BridgeFailure("internal", "dbt parsed but no adapter is registered")
        config = adapter.config
        creds = config.credentials
        adapter_type = str(creds.type)

        self.manifest = manifest
        self.config = config
        self.adapter_type = adapter_type
        self.key = parse_key(args)
        self.parse_args = {k: args[k] for k in _COMMON_KEYS if k in args}

        target_dir = config.project_target_path
        if not os.path.isabs(target_dir):
            target_dir = os.path.join(config.project_root, target_dir)
        state_check = manifest.state_check
        project_hash = getattr(state_check, "project_env_vars_hash", None)
        profile_env = getattr(config, "profile_env_vars", None)
        env_by_uid = env_vars_by_unique_id(manifest)
        tracked: Set[str] = set(getattr(manifest, "env_vars", {}) or {})
        for names in env_by_uid.values():
            tracked.update(names)
        tracked.update(dotenv_names(config.project_root))
        install_path = str(config.packages_install_path)
        if os.path.isabs(install_path):
            install_path = os.path.relpath(install_path, config.project_root)
        return {
            "manifestPath": os.path.abspath(os.path.join(target_dir, "manifest.json")),
            "dbtVersion": dbt_version(),
            "adapterVersion": package_version(adapter_type),
            "target": {
                "profileName": config.profile_name,
                "targetName": config.target_name,
                "adapterType": adapter_type,
                "database": getattr(creds, "database", None),
                "schema": getattr(creds, "schema", None),
                "threads": int(config.threads),
            },
            "envVarsByUniqueId": env_by_uid,
            "projectEnvVarsHash": (
                project_hash.checksum
                if project_hash is not None and project_hash.name != "none" and project_hash.checksum
                else None
            ),
            "profileEnvVarsHash": (
                _digest_env(profile_env) if isinstance(profile_env, dict) else None
            ),
            "envVarDigests": env_var_digests(
                name for name in tracked if not name.startswith("DBT_ENV_SECRET")
            ),
            "vars": resolved_vars(config),
            "projectName": config.project_name,
            "packagesInstallPath": install_path,
            # files partial parsing would have kept although their bytes changed (partial_parse_guard.py)
            "rereadFiles": list(partial_parse_guard.reread),
            "partialParseGuard": guarded,
        }

    def deps(self, args: Dict[str, Any]) -> None:
        inv = self.invoke(["deps", *common_flags(args)])
        if not inv.success:
            raise inv.failure("project")
        return None

    def ls(self, args: Dict[str, Any]) -> Dict[str, Any]:
        args = self._with_parse_args(args)
        cli = ["ls", *common_flags(args), "--no-send-anonymous-usage-stats"]
        cli += ["--output", "json", "--output-keys", "unique_id"]
        if args.get("select"):
            cli += ["--select", *selection_tokens("--select", args["select"])]
        if args.get("exclude"):
            cli += ["--exclude", *selection_tokens("--exclude", args["exclude"])]
        if args.get("selector"):
            cli += ["--selector", *selection_tokens("--selector", [args["selector"]])]
        if args.get("indirectSelection"):
            cli += ["--indirect-selection", str(args["indirectSelection"])]
        if args.get("state"):
            cli += ["--state", str(args["state"])]
        # dbt warns (and only in its log) when a selection criterion matches nothing: relay it.
        warnings: List[str] = []

        def on_event(msg: Any) -> None:
            if msg.info.name == "NoNodesForSelectionCriteria":
                warnings.append(re.sub(r"^\[WARNING\]:\s*", "", clean_event_message(msg.info.msg)))

        inv = self.invoke(cli, manifest=self.manifest, on_event=on_event)
        if not inv.success:
            raise inv.failure("selection")
        ids: List[str] = []
        for line in inv.result.result or []:
            try:
                ids.append(json.loads(line)["unique_id"])
            except Exception:
                raise BridgeFailure("internal", f"unexpected `dbt ls` output line: {line!r}")
        return {"uniqueIds": ids, "warnings": list(dict.fromkeys(warnings))}

    def freshness(self, args: Dict[str, Any]) -> Dict[str, Any]:
        """`dbt source freshness` over exactly the requested sources, in one invocation.

        Sources without a freshness config are not checked by dbt: they come back with status
        "unchecked" so the engine can apply its unknown-data policy. A failing freshness query is
        status "runtime error" with dbt's message, never an exception.
        """
        args = self._with_parse_args(args)
        requested = [str(u) for u in args.get("uniqueIds") or []]
        selectors: List[str] = []
        for uid in requested:
            src = self.manifest.sources.get(uid)
            if src is not None:
                selectors.append(f"source:{src.package_name}.{src.source_name}.{src.name}")
        results: Dict[str, Dict[str, Any]] = {
            uid: {"uniqueId": uid, "status": "unchecked", "maxLoadedAt": None, "snapshottedAt": None,
                  "ageSeconds": None, "error": None}
            for uid in requested
        }
        if not selectors:
            return {"results": list(results.values())}
        cli = ["source", "freshness", *common_flags(args), "--no-send-anonymous-usage-stats", "--select", *selectors]
        if args.get("outputPath"):
            cli += ["--output", str(args["outputPath"])]
        inv = self.invoke(cli, manifest=self.manifest)
        execution = getattr(inv.result, "result", None)
        if execution is None or not hasattr(execution, "results"):
            raise inv.failure("database")
        for res in execution.results:
            node = getattr(res, "node", None)
            uid = getattr(node, "unique_id", None)
            if uid not in results:
                continue
            entry = results[uid]
            entry["status"] = str(getattr(res.status, "value", res.status))
            max_loaded_at = getattr(res, "max_loaded_at", None)
            snapshotted_at = getattr(res, "snapshotted_at", None)
            entry["maxLoadedAt"] = max_loaded_at.isoformat() if max_loaded_at is not None else None
            entry["snapshottedAt"] = snapshotted_at.isoformat() if snapshotted_at is not None else None
            entry["ageSeconds"] = _finite(getattr(res, "age", None))
            message = getattr(res, "message", None)
            if entry["status"] in ("runtime error",) or max_loaded_at is None:
                entry["error"] = strip_ansi(str(message)) if message else "freshness query failed"
        return {"results": list(results.values())}

    def _quote_policy(self, adapter: Any) -> Dict[str, Any]:
        from dbt_common.utils import deep_merge

        # the project's quoting config applies, as in BaseRelation.create_from
        policy = deep_merge(
            adapter.Relation.get_default_quote_policy().to_dict(omit_none=True),
            getattr(adapter.config, "quoting", {}) or {},
        )
        policy.pop("column", None)
        return policy

    def _records(self) -> Any:
        sys.dont_write_bytecode = True  # no __pycache__ beside the shipped bridge (dist/)
        from warehouse_records import Records

        adapter = self._adapter()
        return Records(adapter, str(self.adapter_type), self._quote_policy(adapter))

    def relations(self, args: Dict[str, Any]) -> Dict[str, Any]:
        args = self._with_parse_args(args)
        if args.get("withRecords"):
            return self._relations_with_records(args)
        from dbt_common.utils import deep_merge

        adapter = self._adapter()
        config = adapter.config
        seen: Set[Tuple[Optional[str], str]] = set()
        wanted: List[Tuple[Optional[str], str]] = []
        for ref in args.get("schemas") or []:
            key = (ref.get("database"), str(ref["schema"]))
            if key not in seen:
                seen.add(key)
                wanted.append(key)
        if not wanted:
            return {"relations": []}

        # the project's quoting config applies, as in BaseRelation.create_from
        quote_policy = deep_merge(
            adapter.Relation.get_default_quote_policy().to_dict(omit_none=True),
            getattr(config, "quoting", {}) or {},
        )
        quote_policy.pop("column", None)
        schema_relations = [
            adapter.Relation.create(database=db, schema=schema, quote_policy=quote_policy)
            for db, schema in wanted
        ]

        def list_one(rel: Any) -> List[Any]:
            try:
                return list(adapter.list_relations_without_caching(rel))
            except Exception as exc:
                try:
                    exists = adapter.check_schema_exists(rel.database, rel.schema)
                except Exception:
                    raise exc
                if not exists:
                    return []
                raise

        found: List[Any] = []
        try:
            try:
                from dbt_common.utils.executor import executor
            except ImportError:
                executor = None
            # Like dbt's own cache population (BaseAdapter._relations_cache_for_schemas): one
            # query per schema, on `threads` connections. The outer connection is the one the
            # single-threaded executor (and the sequential path) runs on.
            with adapter.connection_named("dbt-orchestrator"):
                if executor is not None and len(schema_relations) > 1:
                    with executor(config) as pool:
                        futures = [
                            pool.submit_connected(
                                adapter, f"list_{r.database}_{r.schema}", list_one, r
                            )
                            for r in schema_relations
                        ]
                        for fut in futures:
                            found.extend(fut.result())
                else:
                    for r in schema_relations:
                        found.extend(list_one(r))
        except (KeyboardInterrupt, SystemExit):
            raise Interrupted()
        except BridgeFailure:
            raise
        except Exception as exc:
            raise BridgeFailure("database", dbt_message(exc))
        finally:
            try:
                adapter.cleanup_connections()
            except Exception:
                pass

        out = []
        for rel in found:
            rtype = getattr(rel, "type", None)
            out.append(
                {
                    "database": rel.database,
                    "schema": rel.schema,
                    "identifier": rel.identifier,
                    "type": str(getattr(rtype, "value", rtype)) if rtype is not None else None,
                }
            )
        return {"relations": out}

    def _relations_with_records(self, args: Dict[str, Any]) -> Dict[str, Any]:
        """Relations of the schemas with what dbt_orchestrator_records says of each (see warehouse_records.py)."""
        records = self._records()
        adapter = records.adapter
        out: List[Dict[str, Any]] = []
        schemas: List[Dict[str, Any]] = []
        seen: Set[Tuple[Optional[str], str]] = set()
        try:
            with adapter.connection_named("dbt-orchestrator"):
                for ref in args.get("schemas") or []:
                    key = (ref.get("database"), str(ref["schema"]))
                    if key in seen:
                        continue
                    seen.add(key)
                    schema_rel = records.relation(key[0], key[1], "x").without_identifier()

                    def list_all(r: Any = schema_rel) -> List[Any]:
                        if not adapter.check_schema_exists(r.database, r.schema):
                            return []
                        return list(adapter.list_relations_without_caching(r))

                    got = records.read_schema(key[0], key[1], list_all)
                    out.extend(got["relations"])
                    schemas.append({"database": key[0], "schema": key[1], "recordsTable": got["recordsTable"], "recordsError": got["recordsError"]})
        except (KeyboardInterrupt, SystemExit):
            raise Interrupted()
        except Exception as exc:
            raise BridgeFailure("database", dbt_message(exc))
        finally:
            try:
                adapter.cleanup_connections()
            except Exception:
                pass
        return {"relations": out, "schemas": schemas}

    def _invalidate_records(self, spec: Dict[str, Any], unique_ids: List[str]) -> Tuple[Any, Optional[str]]:
        """Fail closed: the records of every relation this request may rewrite go first (one delete per
        schema). Returns the writer for the new records, or the reason nothing may be built."""
        from warehouse_records import RecordWriter

        nodes = {str(n["uniqueId"]): {**n, "runId": spec.get("runId")} for n in spec.get("nodes") or []}
        wanted = [nodes[u] for u in unique_ids if u in nodes]
        if not wanted:
            return None, None
        by_schema: Dict[Tuple[Optional[str], str], List[str]] = {}
        for n in wanted:
            by_schema.setdefault((n.get("database"), str(n["schema"])), []).append(str(n["identifier"]))
        records = self._records()
        try:
            failure = records.invalidate(by_schema)
        finally:
            try:
                records.adapter.cleanup_connections()
            except Exception:
                pass
        if failure:
            return None, failure
        return (RecordWriter(records), {u: nodes[u] for u in unique_ids if u in nodes}), None

    def build(self, req_id: int, args: Dict[str, Any]) -> Dict[str, Any]:
        """`dbt build` of exactly the requested unique_ids.

        dbt build runs a unit test only together with its model (BuildTask in dbt/task/build.py
        attaches selected unit tests to their model's job); unit tests requested without their
        model therefore run afterwards in a `dbt test` invocation of the same request.
        """
        args = self._with_parse_args(args)
        unique_ids = list(dict.fromkeys(str(u) for u in args.get("uniqueIds") or []))
        if not unique_ids:
            return {"success": True, "results": [], "elapsedTime": 0.0}
        if self._selectable is None:
            self._selectable = selectable_ids(self.manifest)
        unknown = sorted(u for u in unique_ids if u not in self._selectable)
        if unknown:
            raise BridgeFailure(
                "selection",
                "cannot build these unique_ids (unknown, or not buildable): "
                + ", ".join(unknown[:20])
                + (" ..." if len(unknown) > 20 else ""),
            )
        requested = set(unique_ids)
        unit_tests = self.manifest.unit_tests
        orphans = [
            u
            for u in unique_ids
            if u in unit_tests and not (set(unit_tests[u].depends_on.nodes) & requested)
        ]
        builds = [u for u in unique_ids if u not in set(orphans)]

        defer = bool(args.get("defer"))
        defer_state = None
        if defer:
            # --state carries the selection (see write_selection_state), so the comparison
            # manifest goes to --defer-state.
            defer_state = (
                args.get("state") or os.environ.get("DBT_DEFER_STATE") or os.environ.get("DBT_STATE")
            )
            if not defer_state:
                raise BridgeFailure("selection", "--defer needs a state directory (--state)")

        recording, refusal = self._invalidate_records(args.get("records") or {}, unique_ids)
        if refusal is not None:
            message = f"not built: {refusal} (dbt-orchestrator never builds a relation it cannot record)"
            return {
                "success": False,
                "results": [refused_result(u, message) for u in unique_ids],
                "elapsedTime": 0.0,
                "recordWarnings": [],
            }

        results: List[Dict[str, Any]] = []
        success = True
        elapsed = 0.0
        error: Optional[str] = None
        for command, ids in (("build", builds), ("test", orphans)):
            if not ids:
                continue
            phase = self._run_phase(req_id, command, ids, args, defer_state, recording)
            results.extend(phase["results"])
            success = success and phase["success"]
            elapsed += phase["elapsedTime"]
            if phase.get("error"):
                error = phase["error"]
                break  # dbt itself failed: don't start another invocation

        extra = sorted(
            r["unique_id"]
            for r in results
            if r["unique_id"] not in requested and not str(r["unique_id"]).startswith("operation.")
        )
        if extra:
            log(f"dbt ran nodes that were not requested: {extra}")
        reply: Dict[str, Any] = {"success": success, "results": results, "elapsedTime": elapsed}
        if recording is not None:
            reply["recordWarnings"] = recording[0].close()
        if error is not None:
            reply["error"] = error
        return reply

    def _run_phase(
        self,
        req_id: int,
        command: str,
        unique_ids: List[str],
        args: Dict[str, Any],
        defer_state: Optional[str],
        recording: Any = None,
    ) -> Dict[str, Any]:
        if self._selection_dir is None:
            self._selection_dir = tempfile.mkdtemp(prefix="dbt-orchestrator-selection-")
            _temp_dirs.append(self._selection_dir)
        write_selection_state(self._selection_dir, unique_ids)

        cli = [command, *common_flags(args), "--no-send-anonymous-usage-stats"]
        # exactly the requested nodes; no tests pulled in by indirect selection
        cli += ["--select", "result:success", "--state", self._selection_dir]
        cli += ["--indirect-selection", "empty"]
        cli += ["--threads", str(int(args.get("threads") or 1))]
        # node results come back in the reply; rewriting target/manifest.json and
        # run_results.json on every invocation would cost seconds on big projects.
        cli += ["--write-json" if args.get("writeJson") else "--no-write-json"]
        # only the schemas of the selected nodes need to be in dbt's relation cache
        cli += ["--cache-selected-only"]
        if defer_state:
            cli += ["--defer-state", str(defer_state)]
        # kwargs override DBT_FULL_REFRESH / DBT_DEFER / DBT_RESOURCE_TYPES /
        # DBT_EXCLUDE_RESOURCE_TYPES from the environment, which would otherwise change what gets
        # built and how.
        overrides: Dict[str, Any] = {
            "defer": defer_state is not None,
            "resource_types": (),
            "exclude_resource_types": (),
        }
        if command == "build":
            overrides["full_refresh"] = bool(args.get("fullRefresh"))

        collected: Dict[str, Dict[str, Any]] = {}
        manifest = self.manifest

        def on_event(msg: Any) -> None:
            name = msg.info.name
            if name == "NodeStart":
                info = msg.data.node_info
                emit(
                    {
                        "event": "node_start",
                        "id": req_id,
                        "uniqueId": info.unique_id,
                        "startedAt": iso_utc(info.node_started_at)
                        or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    }
                )
            elif name == "NodeFinished":
                item = None
                try:
                    rr = _run_result_from_stack()
                    if rr is not None:
                        item = result_item(rr)
                except Exception:
                    item = None
                if item is None:
                    item = result_from_event(msg, manifest)
                uid = item["unique_id"] or msg.data.node_info.unique_id
                collected[uid] = item
                if recording is not None and uid in recording[1] and item.get("status") == "success":
                    spec = recording[1][uid]
                    recording[0].add({**spec, "recordedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
                emit({"event": "node_finish", "id": req_id, "uniqueId": uid, "result": item})

        reset_compiled_state(self.manifest)
        started = time.perf_counter()
        with extra_parents(self.manifest, args.get("extraParents")) as added:
            if added:
                log(f"{command}: {added} edge(s) from producers to readers of their sources added")
            inv = self.invoke(cli, manifest=self.manifest, on_event=on_event, **overrides)
        from dbt.artifacts.schemas.run import RunExecutionResult

        run = inv.result.result
        if isinstance(run, RunExecutionResult):
            phase: Dict[str, Any] = {
                "success": bool(inv.success),
                "results": [result_item(r) for r in run.results],
                "elapsedTime": float(run.elapsed_time),
            }
            if not inv.success and inv.exception is not None:
                phase["error"] = inv.message()
            return phase

        if inv.exception is not None:
            kind = classify(inv.exception)
            if kind in ("profile", "project", "selection", "parse") and not collected:
                raise BridgeFailure(kind, inv.message())
        return {
            "success": False,
            "results": list(collected.values()),
            "elapsedTime": time.perf_counter() - started,
            "error": inv.message(),
        }


# --------------------------------------------------------------------------------------------
# main loop

_busy = False
_first_signal_at: Optional[float] = None
_exit_code = 0
# A Ctrl-C in a terminal reaches the whole process group, and the engine then also asks the bridge
# to stop: signals this close to the first one are the same request, not an escalation.
SIGNAL_DEBOUNCE_SECONDS = 2.0


def _on_signal(signum: int, _frame: Any) -> None:
    global _first_signal_at, _exit_code
    now = time.monotonic()
    if _first_signal_at is not None:
        if now - _first_signal_at < SIGNAL_DEBOUNCE_SECONDS:
            return
        hard_exit(_exit_code)
    _first_signal_at = now
    _exit_code = 128 + signum
    if not _busy:
        hard_exit(_exit_code)
    # dbt catches KeyboardInterrupt, cancels its running queries and unwinds; if that takes too
    # long, leave anyway.
    timer = threading.Timer(INTERRUPT_GRACE_SECONDS, hard_exit, args=(_exit_code,))
    timer.daemon = True
    timer.start()
    raise KeyboardInterrupt()


def _reader(lines: "queue.Queue[Optional[bytes]]", parent_pid: int) -> None:
    """Reads request lines. EOF = no more requests: the queued ones still run, then the bridge exits.

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
            if _busy:
                # A real signal to the main thread: _thread.interrupt_main() would only be noticed
                # once the main thread runs Python code again, not while it waits inside dbt.
                signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)
            return
        time.sleep(0.05)


def handle(bridge: Bridge, req: Dict[str, Any]) -> bool:
    """Handle one request; returns False when the bridge should exit."""
    global _busy
    req_id = req.get("id")
    cmd = req.get("cmd")
    args = req.get("args") or {}
    if cmd == "shutdown":
        emit({"id": req_id, "ok": True, "result": None})
        return False
    try:
        _busy = True
        if cmd == "deps":
            result = bridge.deps(args)
        elif cmd == "parse":
            result = bridge.parse(args)
        elif cmd == "ls":
            result = bridge.ls(args)
        elif cmd == "relations":
            result = bridge.relations(args)
        elif cmd == "build":
            result = bridge.build(int(req_id), args)
        elif cmd == "freshness":
            result = bridge.freshness(args)
        else:
            raise BridgeFailure("internal", f"unknown command {cmd!r}")
        emit({"id": req_id, "ok": True, "result": result})
    except BridgeFailure as failure:
        emit({"id": req_id, "ok": False, "error": {"kind": failure.kind, "message": failure.message}})
    except (Interrupted, KeyboardInterrupt):
        emit({"id": req_id, "ok": False, "error": {"kind": "internal", "message": "interrupted"}})
        raise Interrupted()
    except Exception as exc:
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        log(traceback.format_exc())
        emit({"id": req_id, "ok": False, "error": {"kind": "internal", "message": last}})
    finally:
        _busy = False
    return True


def main() -> int:
    global _out
    try:
        _out = os.fdopen(PROTOCOL_FD, "w", buffering=1, encoding="utf-8", newline="\n")
    except OSError as exc:
        sys.stderr.write(f"bridge.py: file descriptor {PROTOCOL_FD} must be open for writing: {exc}\n")
        return 2

    from dbt_compat import new_engine_installed, version_problem

    new_engine = new_engine_installed()
    if new_engine is not None:
        emit({"event": "fatal", "kind": "dbt_unsupported", "message": version_problem("2") + f" (found {new_engine} with {sys.executable})"})
        return 3
    try:
        import dbt  # noqa: F401
        from dbt.cli.main import dbtRunner  # noqa: F401
    except BaseException as exc:  # ImportError, or a broken install raising anything else
        emit(
            {
                "event": "fatal",
                "kind": "dbt_missing",
                "message": f"cannot import dbt with {sys.executable}: "
                + traceback.format_exception_only(type(exc), exc)[-1].strip()
                + " (install dbt-core and an adapter in this environment)",
            }
        )
        return 3

    unsupported = version_problem(dbt_version())
    if unsupported is not None:
        emit({"event": "fatal", "kind": "dbt_unsupported", "message": unsupported})
        return 3

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)

    lines: "queue.Queue[Optional[bytes]]" = queue.Queue()
    threading.Thread(
        target=_reader, args=(lines, os.getppid()), name="stdin-reader", daemon=True
    ).start()

    emit({"event": "ready", "dbtVersion": dbt_version(), "python": platform.python_version()})

    bridge = Bridge()
    try:
        while True:
            raw = lines.get()
            if raw is None:
                break
            text = raw.decode("utf-8", errors="replace").strip()
            if not text:
                continue
            try:
                req = json.loads(text)
                if not isinstance(req, dict):
                    raise ValueError("request is not a JSON object")
            except ValueError as exc:
                emit({"id": None, "ok": False, "error": {"kind": "internal", "message": f"bad request line: {exc}"}})
                continue
            if not handle(bridge, req):
                break
    except (Interrupted, KeyboardInterrupt):
        # dbt has cancelled its queries and unwound; leave now (the grace timer still guards this).
        code = _exit_code or 130
    else:
        code = 0
    try:
        from dbt.adapters.factory import reset_adapters

        reset_adapters()  # closes connections (and e.g. the DuckDB file) cleanly
    except Exception:
        pass
    remove_temp_dirs()
    _flush_std()
    return code


if __name__ == "__main__":
    if sys.argv[1:] == ["--check-internals"]:
        from dbt_compat import check_internals

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
    _flush_std()
    os._exit(code)
