"""Which dbt the bridge can host, and the dbt internals it relies on, pinned per supported minor.

Part of the dbt_bridge package (shipped as dist/dbt_bridge/). `python dbt_bridge --check-internals` prints
{"problems": [...]} for the dbt installed with that Python; the compatibility tests run it in each
supported version's venv, so a dbt release that moves one of these fails a test, not a user's build.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re
from typing import List, Optional, Tuple

SUPPORTED_MINORS: Tuple[str, ...] = ("1.10", "1.11", "1.12")
PIN_HINT = "pin dbt-core 1.10, 1.11 or 1.12 with its adapter, e.g. `pip install dbt-core==1.12.6 dbt-duckdb==1.11.1`"

# Distributions that install the new dbt engine (dbt 2) rather than dbt-core.
NEW_ENGINE_DISTRIBUTIONS = ("dbt", "dbt-oss", "dbt-fusion")

# (module, attribute path) the bridge imports or calls, identical in every supported minor (checked by
# the compatibility suite). A minor that differs gets its own entry in INTERNALS_BY_MINOR.
_COMMON_INTERNALS: Tuple[Tuple[str, str], ...] = (
    ("dbt.cli.main", "dbtRunner"),
    ("dbt.adapters.factory", "FACTORY"),
    ("dbt.adapters.factory", "get_adapter"),
    ("dbt.adapters.factory", "register_adapter"),
    ("dbt.adapters.factory", "reset_adapters"),
    ("dbt.context.providers", "generate_runtime_macro_context"),
    ("dbt.context.query_header", "generate_query_header_context"),
    ("dbt.mp_context", "get_mp_context"),
    ("dbt.contracts.graph.manifest", "Manifest"),
    ("dbt.artifacts.schemas.results", "RunStatus"),
    ("dbt.artifacts.schemas.run", "RunExecutionResult"),
    ("dbt.artifacts.schemas.run", "RunResultOutput"),
    ("dbt.artifacts.schemas.run", "RunResultsArtifact"),
    ("dbt.artifacts.schemas.run", "RunResultsMetadata"),
    ("dbt.artifacts.schemas.run", "process_run_result"),
    ("dbt.task.runnable", "GraphRunnableTask.call_runner"),
    # partial_parse_guard.py wraps this to re-read files whose checksum hides a change.
    ("dbt.parser.partial", "PartialParsing.build_file_diff"),
    ("dbt.contracts.files", "FileHash"),
    # graph_speed.py: the fast cycle check wraps find_cycles; `ls` uses a ListTask subclass overriding these.
    ("dbt.compilation", "Linker.find_cycles"),
    ("dbt.compilation", "Linker.link_graph"),
    ("dbt.compilation", "Linker.link_node"),  # BatchedLinker: link_graph/link_node call these two
    ("dbt.compilation", "Linker.add_node"),
    ("dbt.compilation", "Linker.dependency"),
    ("dbt.graph", "Graph"),
    ("dbt.task.list", "ListTask.compile_manifest"),
    ("dbt.task.list", "ListTask.generate_json"),
    ("dbt.task.list", "ListTask.output_results"),
    ("dbt.task.list", "ListTask._iterate_selected_nodes"),
    ("networkx", "is_directed_acyclic_graph"),
    # invocation.py lists dbt's plugin modules once per process, and finds a behavior flag's module cheaply.
    ("dbt_common.behavior_flags", "BehaviorFlagRendered._default_source"),
    # invocation.py gives dbt's artifact writer a json whose dump encodes in one shot.
    ("dbt_common.clients.system", "write_json"),
    ("dbt_common.clients.system", "json"),
    ("dbt.plugins.manager", "PluginManager.get_prefixed_modules"),
    # warehouse_records.py fetches the driver's rows in place of this step of `execute`.
    ("dbt.adapters.sql.connections", "SQLConnectionManager.get_result_from_cursor"),
    ("dbt_common.utils", "deep_merge"),
    ("dbt_common.utils.executor", "executor"),
)

INTERNALS_BY_MINOR = {minor: _COMMON_INTERNALS for minor in SUPPORTED_MINORS}

# NodeFinished is fired from this function with the RunResult in this local (see bridge._run_result_from_stack).
RUN_RESULT_FRAME = ("dbt.task.runnable", "GraphRunnableTask", "call_runner", "result")


def minor_of(version: str) -> Optional[str]:
    match = re.match(r"^\s*(\d+)\.(\d+)", version)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def version_problem(version: str) -> Optional[str]:
    """None when dbt-core `version` is supported, else what is wrong and what to pin."""
    minor = minor_of(version)
    if minor is None:
        return f"cannot read the dbt version {version!r}; {PIN_HINT}"
    if minor in SUPPORTED_MINORS:
        return None
    major = int(minor.split(".")[0])
    if major >= 2:
        return (
            f"dbt {version} is the new dbt engine (dbt 2), which dbt-orchestrator does not drive yet: "
            f"it supports dbt-core {', '.join(SUPPORTED_MINORS)}; {PIN_HINT}"
        )
    return f"dbt-core {version} is not supported (supported: {', '.join(SUPPORTED_MINORS)}); {PIN_HINT}"


def new_engine_installed() -> Optional[str]:
    """The version of a dbt 2 distribution installed without dbt-core, if any (`pip install dbt` today)."""
    try:
        importlib.metadata.version("dbt-core")
        return None
    except importlib.metadata.PackageNotFoundError:
        pass
    for name in NEW_ENGINE_DISTRIBUTIONS:
        try:
            return f"{name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def _resolve(module: str, path: str) -> object:
    obj: object = importlib.import_module(module)
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def check_internals(version: str) -> List[str]:
    """Every pinned internal that is missing or changed shape in the installed dbt."""
    problem = version_problem(version)
    if problem:
        return [problem]
    problems: List[str] = []
    for module, path in INTERNALS_BY_MINOR[minor_of(version) or ""]:
        try:
            _resolve(module, path)
        except Exception as exc:  # ImportError, AttributeError
            problems.append(f"{module}.{path}: {type(exc).__name__}: {exc}")
    module, cls, func, local = RUN_RESULT_FRAME
    try:
        code = getattr(_resolve(module, cls), func).__code__
        if local not in code.co_varnames:
            problems.append(f"{module}.{cls}.{func} has no local `{local}` (NodeFinished results would fall back to the event copy)")
    except Exception as exc:
        problems.append(f"{module}.{cls}.{func}: {type(exc).__name__}: {exc}")
    return problems
