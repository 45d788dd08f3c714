"""Exact selection: what `dbt build` can select, the --state directory that selects exactly a list of
unique_ids, and the `ls` command (dbt's own selection grammar, evaluated by dbt)."""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Set

from .errors import BridgeFailure, clean_event_message
from .graph_speed import UniqueIds, ids_only_list
from .invocation import common_flags, invoke
from .protocol import Request
from .session import Session

if TYPE_CHECKING:
    from dbt.contracts.graph.manifest import Manifest
    from dbt_common.events.base_types import EventMsg


def selection_tokens(flag: str, tokens: Iterable[Any]) -> List[str]:
    """Selection values for dbt's argv: a token starting with "-" would be read as another flag."""
    out = [str(t) for t in tokens]
    bad = [t for t in out if t.startswith("-")]
    if bad:
        raise BridgeFailure("selection", f"{flag}: {bad[0]!r} is not a selector (it starts with '-')")
    return out


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


def selectable_ids(manifest: Manifest) -> Set[str]:
    ids: Set[str] = set()
    for name in _SELECTABLE:
        ids.update((getattr(manifest, name, None) or {}).keys())
    return ids


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


def ls(session: Session, req: Request) -> Dict[str, Any]:
    args = session.with_parse_args(req.args)
    cli = ["ls", *common_flags(args), "--no-send-anonymous-usage-stats"]
    cli += ["--output", "json", "--output-keys", "unique_id"]
    # Planning at scale: `dbt ls` prints every selected node to the console log and to dbt.log, and pickles
    # its graph to target/graph.gpickle; at 5,000 nodes that is seconds nobody reads. The ids come back in
    # the result and warnings/errors through the event callback, neither of which the log levels touch.
    cli += ["--no-write-json", "--log-level", "none", "--log-level-file", "none"]
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

    def on_event(msg: EventMsg) -> None:
        if msg.info.name == "NoNodesForSelectionCriteria":
            warnings.append(re.sub(r"^\[WARNING\]:\s*", "", clean_event_message(msg.info.msg)))

    # dbt's ListTask selects; graph_speed.py leaves out its per-node output work (same ids, same order).
    with ids_only_list():
        inv = invoke(cli, manifest=session.manifest, on_event=on_event)
    if not inv.success:
        raise inv.failure("selection")
    listed = inv.result.result
    if isinstance(listed, UniqueIds):  # ids_only_list: the ids themselves
        return {"uniqueIds": list(listed), "warnings": list(dict.fromkeys(warnings))}
    ids: List[str] = []
    for line in listed or []:  # plain `dbt ls`: a JSON line per node
        try:
            ids.append(json.loads(line)["unique_id"])
        except Exception:
            raise BridgeFailure("internal", f"unexpected `dbt ls` output line: {line!r}")
    return {"uniqueIds": ids, "warnings": list(dict.fromkeys(warnings))}
