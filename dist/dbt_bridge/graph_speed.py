"""Planning at scale: two costs dbt pays around its selection graph that the bridge has no use for.

1. The cycle check. dbt's Linker.link_graph (dbt/compilation.py) ends with `find_cycles`, which walks
   every edge with networkx's `find_cycle` generator: 0.5-0.9 s at 5,000 nodes, paid by every `ls` and
   every `build`. `install_fast_cycle_check` answers "no cycle" with networkx's `is_directed_acyclic_graph`
   (a topological sort, ~0.02 s there) and calls dbt's own `find_cycles` only when the graph does have a
   cycle, so dbt's error and its message are unchanged.

2. What `dbt ls` does besides selecting. ListTask.run (dbt/task/list.py) links the graph through
   Compiler.compile, which also serialises every node to write target/graph_summary.json, then turns each
   selected node into a full dict (`node.to_dict`) and fires one PrintEvent per node; at 5,000 nodes that
   is ~1.5 s for a reply that is a list of unique_ids. `ids_only_list` makes `dbt ls` (run through
   dbtRunner as before: dbt's flags, project, selectors and --state handling) use a ListTask whose graph is
   linked by dbt's own Linker and whose output is the selected unique_ids, one JSON line each as with
   `--output json --output-keys unique_id`. The selection itself — spec, selector, indirect selection,
   the "nothing selected" warning — is dbt's ListTask code, untouched.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Iterator, List, Optional

_MARK = "_dbt_orchestrator_fast"


def install_fast_cycle_check() -> bool:
    """Wraps Linker.find_cycles once per process; False when this dbt has no such method."""
    try:
        import networkx as nx
        from dbt.compilation import Linker
    except Exception:
        return False
    original = getattr(Linker, "find_cycles", None)
    if original is None:
        return False
    if getattr(original, _MARK, False):
        return True

    def find_cycles(self: Any) -> Optional[str]:
        if nx.is_directed_acyclic_graph(self.graph):
            return None
        return original(self)

    setattr(find_cycles, _MARK, True)
    setattr(find_cycles, "_dbt_orchestrator_original", original)
    Linker.find_cycles = find_cycles
    return True


_ids_task: Any = None


def _ids_list_task() -> Any:
    """ListTask with a plain linked graph and unique_ids as output (built once, on first use)."""
    global _ids_task
    if _ids_task is not None:
        return _ids_task
    from dbt.compilation import Linker
    from dbt.graph import Graph
    from dbt.task.list import ListTask

    class IdsListTask(ListTask):  # type: ignore[misc, valid-type]
        def compile_manifest(self) -> None:
            # What Compiler.compile returns, without graph_summary.json (a diagnostics file nobody
            # reads here), the graph pickle (--no-write-json skipped it already) or compile stats.
            linker = Linker()
            linker.link_graph(self.manifest)
            self.graph = Graph(linker.graph)

        def generate_json(self) -> Iterator[str]:
            for node in self._iterate_selected_nodes():
                yield json.dumps({"unique_id": node.unique_id})

        def output_results(self, results: Any) -> List[str]:
            self.node_results.extend(results)
            return self.node_results

    _ids_task = IdsListTask
    return _ids_task


@contextmanager
def ids_only_list() -> Iterator[None]:
    """Within the block, `dbt ls` (dbt/cli/main.py imports ListTask when it runs) uses IdsListTask."""
    try:
        import dbt.task.list as list_module

        task = _ids_list_task()
    except Exception:
        yield  # an unexpected dbt: plain `dbt ls`, same ids, just slower
        return
    original = list_module.ListTask
    list_module.ListTask = task
    try:
        yield
    finally:
        list_module.ListTask = original
