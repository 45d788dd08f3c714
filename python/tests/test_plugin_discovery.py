"""invocation.install_plugin_discovery_cache: dbt's plugin modules are listed once per bridge process, not on every
invocation, and are the modules dbt itself finds."""

import pkgutil

from dbt_bridge import invocation


def test_dbts_plugin_modules_are_listed_once_and_are_those_dbt_finds(monkeypatch):
    from dbt.plugins.manager import PluginManager

    # whatever this test installs is undone afterwards
    monkeypatch.setattr(PluginManager, "get_prefixed_modules", PluginManager.__dict__["get_prefixed_modules"])
    found_by_dbt = PluginManager.get_prefixed_modules()
    assert invocation.install_plugin_discovery_cache() is True
    assert PluginManager.get_prefixed_modules() == found_by_dbt
    listed = []
    monkeypatch.setattr(pkgutil, "iter_modules", lambda *a, **k: listed.append(a) or iter(()))
    assert PluginManager.get_prefixed_modules() == found_by_dbt
    assert listed == []
    assert PluginManager.from_modules("jaffle_shop") is not None


def test_installing_the_plugin_discovery_cache_twice_wraps_dbt_once(monkeypatch):
    from dbt.plugins.manager import PluginManager

    monkeypatch.setattr(PluginManager, "get_prefixed_modules", PluginManager.__dict__["get_prefixed_modules"])
    assert invocation.install_plugin_discovery_cache() is True
    first = PluginManager.__dict__["get_prefixed_modules"]
    assert invocation.install_plugin_discovery_cache() is True
    assert PluginManager.__dict__["get_prefixed_modules"] is first
