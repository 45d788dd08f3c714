"""Edges dbt does not know, added to the in-memory manifest for one invocation.

A node reading a source whose table a project node writes (a seed read through source(), as in
dbt-labs' jaffle-shop template) has no edge to that producer in dbt's graph: dbt would run it while
the seed is dropped and re-created. The engine finds these producers (src/graph/produced-sources.ts)
and sends them as extra parents of the readers; for the length of the invocation they are in the
readers' depends_on.nodes, exactly what a `-- depends_on: {{ ref(...) }}` comment would add, so dbt's
own graph orders and gates them. Restored afterwards so selection (`ls`) stays dbt's.
"""

from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Optional, Tuple


@contextmanager
def extra_parents(manifest: Any, edges: Optional[Dict[str, List[str]]]) -> Iterator[int]:
    """Adds `edges` (child unique_id -> parent unique_ids) while the block runs; yields how many."""
    added: List[Tuple[List[str], str]] = []
    try:
        for child, parents in sorted((edges or {}).items()):
            node = manifest.nodes.get(child)
            if node is None:
                continue
            deps = node.depends_on.nodes
            for parent in parents:
                if parent in manifest.nodes and parent != child and parent not in deps:
                    deps.append(parent)
                    added.append((deps, parent))
        yield len(added)
    finally:
        for deps, parent in reversed(added):
            try:
                deps.remove(parent)
            except ValueError:
                pass
        if added:
            # dbt build rebuilt the parent/child maps with the extra edges (test edges); put them back.
            manifest.build_parent_and_child_maps()
