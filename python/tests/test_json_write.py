"""invocation.install_fast_json_write: dbt's artifacts are written with the same bytes as dbt writes them, by
json's one-shot (C) encoder instead of json.dump's Python one."""

import json

import pytest

from dbt_bridge import invocation


def _undo(monkeypatch):
    from dbt_common.clients import system

    monkeypatch.setattr(system, "json", json)  # whatever the test installs is undone afterwards
    return system


@pytest.mark.dbt
def test_a_manifest_is_written_with_the_bytes_dbt_writes(parsed_example, tmp_path, monkeypatch):
    system = _undo(monkeypatch)
    session = parsed_example.session
    by_dbt, by_us = str(tmp_path / "dbt" / "manifest.json"), str(tmp_path / "us" / "manifest.json")
    session.manifest.write(by_dbt)
    assert invocation.install_fast_json_write() is True
    assert system.json is not json
    encoded = []
    monkeypatch.setattr(json.encoder, "_make_iterencode", lambda *a, **k: encoded.append(a) or (lambda o, level: iter(())))
    session.manifest.write(by_us)
    assert encoded == [], "json's Python encoder was used"
    with open(by_dbt, "rb") as a, open(by_us, "rb") as b:
        dbt_bytes, our_bytes = a.read(), b.read()
    assert len(dbt_bytes) > 10_000
    assert our_bytes == dbt_bytes


def test_values_dbts_encoder_handles_come_out_as_json_dump_writes_them(tmp_path, monkeypatch):
    import datetime
    import decimal

    from dbt_common.clients.system import write_json

    _undo(monkeypatch)
    data = {"when": datetime.datetime(2026, 12, 2, 1, 2, 3), "day": datetime.date(2026, 12, 2), "price": decimal.Decimal("1.5"),
            "text": "é \u2028 \"quoted\"", "n": [1, 2.5, None, True, float("1e300")], "nested": {"a": {"b": []}}}
    write_json(str(tmp_path / "dbt.json"), data)
    assert invocation.install_fast_json_write() is True
    write_json(str(tmp_path / "us.json"), data)
    assert (tmp_path / "us.json").read_bytes() == (tmp_path / "dbt.json").read_bytes()
    assert json.loads((tmp_path / "us.json").read_text())["price"] == 1.5


def test_installing_it_twice_wraps_dbt_once(monkeypatch):
    system = _undo(monkeypatch)
    assert invocation.install_fast_json_write() is True
    first = system.json
    assert invocation.install_fast_json_write() is True
    assert system.json is first
    assert system.json.loads("[1]") == [1]  # the rest is the json module's
