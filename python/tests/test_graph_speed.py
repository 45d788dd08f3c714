"""graph_speed.py: the fast cycle check answers as dbt's own, and `ls` through the bridge selects exactly what
plain `dbt ls` selects, in the same order."""

import json

import pytest

from dbt_bridge import graph_speed, selection
from dbt_bridge.protocol import Request


def linker_with(edges):
    from dbt.compilation import Linker

    linker = Linker()
    for parent, child in edges:
        linker.dependency(child, parent)
    return linker


def dbts_own_find_cycles():
    from dbt.compilation import Linker

    method = Linker.find_cycles
    return getattr(method, "_dbt_orchestrator_original", method)


def test_the_fast_cycle_check_finds_no_cycle_in_a_dag_as_dbt_does():
    assert graph_speed.install_fast_cycle_check() is True
    linker = linker_with([("a", "b"), ("b", "c"), ("a", "c"), ("d", "c")])
    assert linker.find_cycles() is None
    assert dbts_own_find_cycles()(linker) is None


def test_the_fast_cycle_check_reports_a_cycle_with_dbts_own_message():
    assert graph_speed.install_fast_cycle_check() is True
    linker = linker_with([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    found = linker.find_cycles()
    assert found is not None and found == dbts_own_find_cycles()(linker)
    assert set(found.split(" --> ")) == {"a", "b", "c"}


def test_installing_the_fast_cycle_check_twice_wraps_dbt_once():
    from dbt.compilation import Linker

    graph_speed.install_fast_cycle_check()
    first = Linker.find_cycles
    graph_speed.install_fast_cycle_check()
    assert Linker.find_cycles is first


def test_ids_only_list_restores_dbts_list_task_afterwards():
    import dbt.task.list as list_module

    original = list_module.ListTask
    with graph_speed.ids_only_list():
        assert list_module.ListTask is not original and issubclass(list_module.ListTask, original)
    assert list_module.ListTask is original


def graph_shape(graph):
    """Everything of a networkx graph that order can reach: nodes with data, successors and predecessors in order."""
    return (
        list(graph.nodes(data=True)),
        [(n, list(graph.succ[n].items())) for n in graph],
        [(n, list(graph.pred[n].items())) for n in graph],
        graph.graph,
    )


def test_the_batched_linker_builds_dbts_graph_with_the_same_order():
    from dbt.compilation import Linker

    batched = graph_speed._batched_linker()()
    plain = Linker()
    # what link_graph does: sources first, then each node and its dependencies, parents seen before or after
    steps = [("node", "s1"), ("node", "c"), ("dep", "c", "b"), ("dep", "c", "s1"), ("node", "b"), ("dep", "b", "a"), ("node", "a"), ("dep", "c", "b"), ("node", "d")]
    for linker in (batched, plain):
        for step in steps:
            linker.add_node(step[1]) if step[0] == "node" else linker.dependency(step[1], step[2])
    assert batched.find_cycles() is None
    assert graph_shape(batched.graph) == graph_shape(plain.graph)
    assert list(batched.graph) == ["s1", "c", "b", "a", "d"]


def test_the_batched_linker_reports_a_cycle_as_dbt_does():
    batched = graph_speed._batched_linker()()
    for parent, child in [("a", "b"), ("b", "c"), ("c", "a")]:
        batched.dependency(child, parent)
    found = batched.find_cycles()
    assert found is not None and found == dbts_own_find_cycles()(batched)


@pytest.mark.dbt
def test_the_batched_linker_links_a_parsed_project_exactly_as_dbts_linker(parsed_example):
    from dbt.compilation import Linker

    session = parsed_example.session
    plain = Linker()
    plain.link_graph(session.manifest)
    batched = graph_speed._batched_linker()()
    batched.link_graph(session.manifest)
    assert len(plain.graph) > 10 and plain.graph.number_of_edges() > 10
    assert graph_shape(batched.graph) == graph_shape(plain.graph)


def test_the_ids_only_list_returns_the_ids_themselves():
    task_class = graph_speed._ids_list_task()
    task = task_class.__new__(task_class)  # output_results needs no task state beyond node_results
    task.node_results = []
    got = task.output_results(iter(["model.p.a", "test.p.b"]))
    assert isinstance(got, graph_speed.UniqueIds) and got == ["model.p.a", "test.p.b"]


@pytest.mark.dbt
def test_ls_through_the_bridge_selects_what_plain_dbt_ls_selects_in_the_same_order(parsed_example):
    from dbt.cli.main import dbtRunner

    session, project, base = parsed_example.session, parsed_example.project, parsed_example.base

    def plain_ls(flags):
        cli = ["ls", "--project-dir", project, "--profiles-dir", project, "--output", "json", "--output-keys", "unique_id", "--quiet", *flags]
        result = dbtRunner(manifest=session.manifest).invoke(cli)
        assert result.success, result.exception
        return [json.loads(line)["unique_id"] for line in result.result]

    cases = [
        ({}, []),
        ({"select": ["stg_orders+"], "exclude": ["customers"]}, ["--select", "stg_orders+", "--exclude", "customers"]),
        ({"selector": "nightly"}, ["--selector", "nightly"]),
        ({"select": ["+customers"], "indirectSelection": "cautious"}, ["--select", "+customers", "--indirect-selection", "cautious"]),
        ({"select": ["resource_type:test", "tag:daily"]}, ["--select", "resource_type:test", "tag:daily"]),
    ]
    for args, flags in cases:
        ours = selection.ls(session, Request(2, "ls", {**base, **args}))
        assert ours["uniqueIds"] == plain_ls(flags), args
        assert ours["uniqueIds"], args
    nothing = selection.ls(session, Request(3, "ls", {**base, "select": ["no_such_model"]}))
    assert nothing["uniqueIds"] == []
    assert any("no_such_model" in warning for warning in nothing["warnings"])
