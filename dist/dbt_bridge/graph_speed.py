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
   linked by dbt's own Linker code (`BatchedLinker`: the same graph, networkx's inserts batched) and whose
   result is the selected unique_ids themselves (`UniqueIds`, not JSON lines to parse again). The selection
   itself — spec, selector, indirect selection, the "nothing selected" warning — is dbt's ListTask code,
   untouched.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Optional, Tuple

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


class UniqueIds(list):  # type: ignore[type-arg]
    """What `dbt ls` returns under `ids_only_list`: the selected unique_ids, in dbt's order."""


_ids_task: Any = None


def _batched_linker() -> Any:
    """dbt's Linker, its networkx inserts batched (built once, on first use).

    link_graph and link_node stay dbt's (which collections, how a dependency resolves, the error for a
    missing one); the two primitives they call only record nodes and edges, which go into the graph in
    two bulk calls right before the cycle check that ends link_graph. networkx keeps insertion order, so
    the graph has the same nodes and edges in the same order as dbt's, for ~2/3 of the networkx calls.
    """
    from dbt.compilation import Linker

    class BatchedLinker(Linker):  # type: ignore[misc, valid-type]
        def __init__(self, data: Any = None) -> None:
            super().__init__(data)
            self._nodes: Dict[Any, None] = {}  # a dict: insertion-ordered, a repeat keeps its place
            self._edges: List[Tuple[Any, Any]] = []

        def add_node(self, node: Any) -> None:
            self._nodes[node] = None

        def dependency(self, node1: Any, node2: Any) -> None:
            "node1 depends on node2 (dbt's: add_node(node1), add_node(node2), add_edge(node2, node1))"
            nodes = self._nodes
            nodes[node1] = None
            nodes[node2] = None
            self._edges.append((node2, node1))

        def flush(self) -> None:
            if self._nodes or self._edges:
                self.graph.add_nodes_from(self._nodes)
                self.graph.add_edges_from(self._edges)
                self._nodes = {}
                self._edges = []

        def find_cycles(self) -> Optional[str]:
            self.flush()
            return super().find_cycles()

        def link_graph(self, manifest: Any) -> None:
            try:
                super().link_graph(manifest)
            finally:
                self.flush()

    return BatchedLinker


def _ids_list_task() -> Any:
    """ListTask with a plain linked graph and unique_ids as output (built once, on first use)."""
    global _ids_task
    if _ids_task is not None:
        return _ids_task
    from dbt.graph import Graph
    from dbt.task.list import ListTask

    linker_class = _batched_linker()

    class IdsListTask(ListTask):  # type: ignore[misc, valid-type]
        def compile_manifest(self) -> None:
            # What Compiler.compile returns, without graph_summary.json (a diagnostics file nobody
            # reads here), the graph pickle (--no-write-json skipped it already) or compile stats.
            linker = linker_class()
            linker.link_graph(self.manifest)
            self.graph = Graph(linker.graph)

        def generate_json(self) -> Iterator[str]:
            for node in self._iterate_selected_nodes():
                yield node.unique_id

        def output_results(self, results: Any) -> List[str]:
            self.node_results = UniqueIds(self.node_results)
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
