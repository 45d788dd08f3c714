"""Makes python/dbt_bridge importable as the package `dbt_bridge` (importing it has no side effects:
the bridge starts only from __main__.run()), and gives the dbt-marked tests a parsed copy of the example."""

import os
import shutil
import sys
import types

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "jaffle_shop")


@pytest.fixture()
def parsed_example(tmp_path, monkeypatch):
    """A private copy of examples/jaffle_shop (its DuckDB file in tmp_path), its packages installed and
    parsed by a bridge session of its own, as the bridge's `deps` and `parse` requests do: `.session`,
    `.project`, and `.base` (the project and profiles dirs every request carries)."""
    from dbt_bridge import project_state
    from dbt_bridge.protocol import Request
    from dbt_bridge.session import Session

    project = str(tmp_path / "jaffle_shop")
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("target", "logs", "*.duckdb*"))
    monkeypatch.setenv("DBT_DUCKDB_PATH", str(tmp_path / "jaffle.duckdb"))
    base = {"projectDir": project, "profilesDir": project}
    session = Session()
    project_state.deps(session, Request(0, "deps", base))
    project_state.parse(session, Request(1, "parse", base))
    return types.SimpleNamespace(session=session, project=project, base=base)
