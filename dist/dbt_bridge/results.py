"""Node results in their run_results.json ("results" item) shape, from dbt's RunResult objects or,
when dbt's internals differ, from the NodeFinished event."""

from __future__ import annotations

import re
import sys
import time
from typing import TYPE_CHECKING, Any, Dict, Optional

if TYPE_CHECKING:
    from dbt.artifacts.schemas.run import RunResult
    from dbt.contracts.graph.manifest import Manifest
    from dbt_common.events.base_types import EventMsg

ResultItem = Dict[str, Any]


def iso_utc(value: Optional[str]) -> Optional[str]:
    """dbt's node timestamps are naive UTC: mark them as UTC so JavaScript parses them right."""
    if not value:
        return value
    if value.endswith("Z") or re.search(r"[+-]\d\d:\d\d$", value):
        return value
    return value + "Z"


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def result_item(run_result: RunResult) -> ResultItem:
    """A dbt RunResult in its run_results.json ("results" item) shape."""
    from dbt.artifacts.schemas.run import process_run_result

    item = process_run_result(run_result).to_dict(omit_none=False)
    item["unique_id"] = run_result.node.unique_id
    return item


def intify(value: Any) -> Any:
    """protobuf Structs turn every number into a float: undo that for whole numbers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: intify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [intify(v) for v in value]
    return value


def run_result_from_stack() -> Optional[RunResult]:
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


def result_from_event(msg: EventMsg, manifest: Optional[Manifest]) -> ResultItem:
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
        "adapter_response": intify(rr.get("adapter_response", {})),
        "message": rr.get("message"),
        "failures": int(rr.get("num_failures", 0)) if rtype in ("test", "unit_test") else None,
        "unique_id": uid,
        "compiled": compiled,
        "compiled_code": getattr(node, "compiled_code", None) if compiled else None,
        "relation_name": (info.get("node_relation") or {}).get("relation_name"),
        "batch_results": None,
    }


def finished_item(msg: EventMsg, manifest: Optional[Manifest]) -> ResultItem:
    """The result item of a NodeFinished event: dbt's own RunResult when reachable, else the event's copy."""
    item = None
    try:
        rr = run_result_from_stack()
        if rr is not None:
            item = result_item(rr)
    except Exception:
        item = None
    if item is None:
        item = result_from_event(msg, manifest)
    return item


def refused_result(unique_id: str, message: str) -> ResultItem:
    """A node dbt-orchestrator did not hand to dbt, in run_results form."""
    return {
        "unique_id": unique_id, "status": "error", "timing": [], "thread_id": "dbt-orchestrator",
        "execution_time": 0.0, "adapter_response": {}, "message": message, "failures": None,
        "compiled": None, "compiled_code": None, "relation_name": None,
    }
