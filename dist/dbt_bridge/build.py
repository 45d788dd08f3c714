"""The `build` command: `dbt build` (and `dbt test` for unit tests requested without their model) of
exactly the requested unique_ids, streaming node_start/node_finish events, with warehouse records
invalidated first and written for every node that succeeded."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from .errors import BridgeFailure, classify
from .extra_parents import extra_parents
from .invocation import common_flags, invoke
from .protocol import Request, log
from .results import finished_item, iso_utc, refused_result, result_item, utc_now
from .selection import selectable_ids, write_selection_state
from .session import Session
from .warehouse import invalidate_records

if TYPE_CHECKING:
    from dbt.contracts.graph.manifest import Manifest
    from dbt_common.events.base_types import EventMsg

    from .warehouse_records import RecordWriter

# (RecordWriter, {unique_id: record spec}) of the nodes whose records this build writes
Recording = Tuple["RecordWriter", Dict[str, Dict[str, Any]]]


def build(session: Session, req: Request) -> Dict[str, Any]:
    """`dbt build` of exactly the requested unique_ids.

    dbt build runs a unit test only together with its model (BuildTask in dbt/task/build.py
    attaches selected unit tests to their model's job); unit tests requested without their
    model therefore run afterwards in a `dbt test` invocation of the same request.
    """
    req_id = req.build_id()
    args = session.with_parse_args(req.args)
    unique_ids = list(dict.fromkeys(str(u) for u in args.get("uniqueIds") or []))
    if not unique_ids:
        return {"success": True, "results": [], "elapsedTime": 0.0}
    if session.selectable is None:
        session.selectable = selectable_ids(session.manifest)
    unknown = sorted(u for u in unique_ids if u not in session.selectable)
    if unknown:
        raise BridgeFailure(
            "selection",
            "cannot build these unique_ids (unknown, or not buildable): "
            + ", ".join(unknown[:20])
            + (" ..." if len(unknown) > 20 else ""),
        )
    requested = set(unique_ids)
    unit_tests = session.manifest.unit_tests
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

    recording, refusal = invalidate_records(session, args.get("records") or {}, unique_ids)
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
        phase = _run_phase(session, req_id, command, ids, args, defer_state, recording)
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
    session: Session,
    req_id: int,
    command: str,
    unique_ids: List[str],
    args: Dict[str, Any],
    defer_state: Optional[str],
    recording: Optional[Recording] = None,
) -> Dict[str, Any]:
    selection_dir = session.selection_dir()
    write_selection_state(selection_dir, unique_ids)

    cli = [command, *common_flags(args), "--no-send-anonymous-usage-stats"]
    # exactly the requested nodes; no tests pulled in by indirect selection
    cli += ["--select", "result:success", "--state", selection_dir]
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
    manifest = session.manifest

    def on_event(msg: EventMsg) -> None:
        name = msg.info.name
        if name == "NodeStart":
            info = msg.data.node_info
            session.wire.emit(
                {
                    "event": "node_start",
                    "id": req_id,
                    "uniqueId": info.unique_id,
                    "startedAt": iso_utc(info.node_started_at) or utc_now(),
                }
            )
        elif name == "NodeFinished":
            item = finished_item(msg, manifest)
            uid = item["unique_id"] or msg.data.node_info.unique_id
            collected[uid] = item
            if recording is not None and uid in recording[1] and item.get("status") == "success":
                spec = recording[1][uid]
                recording[0].add({**spec, "recordedAt": utc_now()})
            if session.run_status is not None:  # a sharded run: successes go to the status table at once
                session.run_status.node_finished(uid, str(item.get("status")))
            session.wire.emit({"event": "node_finish", "id": req_id, "uniqueId": uid, "result": item})

    reset_compiled_state(session.manifest)
    started = time.perf_counter()
    with extra_parents(session.manifest, args.get("extraParents")) as added:
        if added:
            log(f"{command}: {added} edge(s) from producers to readers of their sources added")
        inv = invoke(cli, manifest=session.manifest, on_event=on_event, **overrides)
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


def reset_compiled_state(manifest: Manifest) -> None:
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
