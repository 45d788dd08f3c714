"""invocation.install_fast_flag_source: a behavior flag without a `source` names the module that made it, as
dbt's own stack inspection does, without reading the source of every frame."""

import types

from dbt_bridge import invocation


def _sources(adapter_class):
    """What the flags of `adapter_class` say their source is when its `behavior` setter makes them (what an
    adapter's __init__ does on every registration)."""
    adapter = types.SimpleNamespace(config=types.SimpleNamespace(flags={}))
    adapter._behavior_flags = [
        {"name": "flag_without_source", "default": False, "description": "d"},
        {"name": "flag_with_source", "default": True, "description": "d", "source": "somewhere"},
    ]
    adapter_class.behavior.fset(adapter, [])
    return [f._behavior_change_event.flag_source for f in adapter._behavior._flags]


def test_a_flag_names_the_module_dbts_inspection_names(monkeypatch):
    from dbt.adapters.base.impl import BaseAdapter
    from dbt_common.behavior_flags import BehaviorFlagRendered

    monkeypatch.setattr(BehaviorFlagRendered, "_default_source", BehaviorFlagRendered.__dict__["_default_source"])
    by_dbt = _sources(BaseAdapter)
    assert by_dbt == ["dbt.adapters.base.impl", "somewhere"]
    assert invocation.install_fast_flag_source() is True
    assert getattr(BehaviorFlagRendered.__dict__["_default_source"].__func__, "_dbt_orchestrator_fast", False)
    assert _sources(BaseAdapter) == by_dbt


def test_the_fast_source_reads_no_source_file(monkeypatch):
    import inspect

    from dbt.adapters.base.impl import BaseAdapter
    from dbt_common.behavior_flags import BehaviorFlagRendered

    monkeypatch.setattr(BehaviorFlagRendered, "_default_source", BehaviorFlagRendered.__dict__["_default_source"])
    assert invocation.install_fast_flag_source() is True
    read = []
    monkeypatch.setattr(inspect, "stack", lambda *a, **k: read.append(a) or [])
    monkeypatch.setattr(inspect, "findsource", lambda *a, **k: read.append(a) or ([], 0))
    assert _sources(BaseAdapter) == ["dbt.adapters.base.impl", "somewhere"]
    assert read == []


def test_installing_it_twice_wraps_dbt_once(monkeypatch):
    from dbt_common.behavior_flags import BehaviorFlagRendered

    monkeypatch.setattr(BehaviorFlagRendered, "_default_source", BehaviorFlagRendered.__dict__["_default_source"])
    assert invocation.install_fast_flag_source() is True
    first = BehaviorFlagRendered.__dict__["_default_source"]
    assert invocation.install_fast_flag_source() is True
    assert BehaviorFlagRendered.__dict__["_default_source"] is first
