"""`compile`: the compiled SQL of a few nodes, in the long-lived process, without a dbt invocation.

The engine asks for it only for the candidates of a comment/whitespace-only edit (src/plan/code-equivalence.ts)
and compares a digest of the normalised SQL with the one recorded at build time; the SQL itself never leaves
the engine's memory (it has var and env values rendered in).

dbt's Compiler is called directly on the in-memory manifest, as a `dbt build` compiles a node before running
it (same runtime context, ephemeral parents injected as CTEs), under one named connection so introspective
Jinja (`run_query`, `is_incremental()`) can query the warehouse. No task, no graph, no events: a `dbt compile`
invocation would print the compiled SQL of a single selected node into the log.
"""

from __future__ import annotations

from typing import Any, Dict, List

from .build import reset_compiled_state
from .protocol import Request
from .session import Session


def compile_nodes(session: Session, req: Request) -> Dict[str, Any]:
    """Handler of `compile`: {"uniqueIds": [...]} → {"results": [{uniqueId, compiledCode, error}]}."""
    from dbt.compilation import Compiler

    session.with_parse_args(req.args)
    unique_ids = list(dict.fromkeys(str(u) for u in req.args.get("uniqueIds") or []))
    results: List[Dict[str, Any]] = []
    if not unique_ids:
        return {"results": results}
    manifest, config, adapter = session.manifest, session.config, session.adapter()
    # Nodes compiled by an earlier invocation keep their CTE flags: start from a clean slate, and leave one.
    reset_compiled_state(manifest)
    compiler = Compiler(config)
    try:
        with adapter.connection_named("dbt-orchestrator-compile"):
            for uid in unique_ids:
                node = (getattr(manifest, "nodes", None) or {}).get(uid)
                if node is None:
                    results.append({"uniqueId": uid, "compiledCode": None, "error": "unknown node"})
                    continue
                try:
                    compiled = compiler.compile_node(node, manifest, {}, write=False)
                    results.append({"uniqueId": uid, "compiledCode": compiled.compiled_code, "error": None})
                except Exception as exc:  # a node that does not compile is built (and fails there, with dbt's message)
                    results.append({"uniqueId": uid, "compiledCode": None, "error": type(exc).__name__})
    finally:
        reset_compiled_state(manifest)
    return {"results": results}
