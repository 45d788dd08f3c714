"""The bridge's wire protocol: one JSON object per line on the protocol stream, never NaN, never a crash."""

import io
import json
import math
import datetime

import pytest

import bridge


@pytest.fixture
def protocol(monkeypatch):
    """The protocol stream (fd 3 in production) as an in-memory text stream; returns the decoded lines."""
    stream = io.StringIO()
    monkeypatch.setattr(bridge, "_out", stream)
    return lambda: [json.loads(line) for line in stream.getvalue().splitlines()]


def test_emit_writes_one_json_line_per_object(protocol):
    bridge.emit({"id": 1, "ok": True, "result": {"a": "é"}})
    bridge.emit({"event": "log", "message": "two\nlines"})
    assert protocol() == [{"id": 1, "ok": True, "result": {"a": "é"}}, {"event": "log", "message": "two\nlines"}]


def test_emit_replaces_nan_and_infinity_with_null_because_json_parse_rejects_them(protocol):
    bridge.emit({"id": 2, "result": {"x": math.nan, "y": [math.inf, 1.5], "z": (-math.inf,)}})
    assert protocol() == [{"id": 2, "result": {"x": None, "y": [None, 1.5], "z": [None]}}]


def test_emit_serialises_sets_sorted_and_datetimes_as_iso(protocol):
    when = datetime.datetime(2026, 1, 2, 3, 4, 5)
    bridge.emit({"ids": {"b", "a"}, "at": when, "other": object.__new__(type("Opaque", (), {"__str__": lambda self: "opaque"}))})
    assert protocol() == [{"ids": ["a", "b"], "at": "2026-01-02T03:04:05", "other": "opaque"}]


def test_emit_without_a_protocol_stream_is_silent(monkeypatch):
    monkeypatch.setattr(bridge, "_out", None)
    bridge.emit({"id": 3})  # must not raise


def test_emit_forgets_a_closed_stream_instead_of_raising(monkeypatch):
    class Broken(io.StringIO):
        def write(self, _text):
            raise BrokenPipeError("engine gone")

    monkeypatch.setattr(bridge, "_out", Broken())
    bridge.emit({"id": 4})
    assert bridge._out is None


def test_iso_utc_marks_naive_timestamps_as_utc_and_leaves_zoned_ones():
    assert bridge.iso_utc("2026-01-02T03:04:05.123") == "2026-01-02T03:04:05.123Z"
    assert bridge.iso_utc("2026-01-02T03:04:05Z") == "2026-01-02T03:04:05Z"
    assert bridge.iso_utc("2026-01-02T03:04:05+02:00") == "2026-01-02T03:04:05+02:00"
    assert bridge.iso_utc(None) is None
    assert bridge.iso_utc("") == ""


def test_intify_undoes_protobuf_floats_for_whole_numbers_only():
    assert bridge._intify({"rows": 3.0, "ratio": 0.5, "nested": [2.0, {"n": 7.0}], "s": "1.0"}) == {
        "rows": 3,
        "ratio": 0.5,
        "nested": [2, {"n": 7}],
        "s": "1.0",
    }
    assert isinstance(bridge._intify(3.0), int)


class FakeDbtSession:
    """Stands in for the Bridge class (the dbt session) so only the request dispatch is under test."""

    def __init__(self, outcome):
        self.outcome = outcome
        self.calls = []

    def _answer(self, name, args):
        self.calls.append((name, args))
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome

    def parse(self, args):
        return self._answer("parse", args)

    def ls(self, args):
        return self._answer("ls", args)

    def build(self, req_id, args):
        return self._answer("build", {"req_id": req_id, **args})


def test_handle_replies_ok_with_the_result_of_the_named_command(protocol):
    session = FakeDbtSession({"uniqueIds": ["model.p.a"]})
    assert bridge.handle(session, {"id": 7, "cmd": "ls", "args": {"select": ["a"]}}) is True
    assert session.calls == [("ls", {"select": ["a"]})]
    assert protocol() == [{"id": 7, "ok": True, "result": {"uniqueIds": ["model.p.a"]}}]


def test_handle_passes_the_request_id_to_build_for_its_events(protocol):
    session = FakeDbtSession({"results": []})
    bridge.handle(session, {"id": "12", "cmd": "build", "args": {"threads": 2}})
    assert session.calls == [("build", {"req_id": 12, "threads": 2})]


def test_handle_turns_a_bridge_failure_into_an_error_reply_with_its_kind(protocol):
    session = FakeDbtSession(bridge.BridgeFailure("selection", "no node matches 'nope'"))
    assert bridge.handle(session, {"id": 8, "cmd": "parse", "args": {}}) is True
    assert protocol() == [{"id": 8, "ok": False, "error": {"kind": "selection", "message": "no node matches 'nope'"}}]


def test_handle_reports_an_unexpected_exception_as_internal_with_its_last_line(protocol, capsys):
    session = FakeDbtSession(ValueError("bad thing"))
    assert bridge.handle(session, {"id": 9, "cmd": "parse"}) is True
    assert protocol() == [{"id": 9, "ok": False, "error": {"kind": "internal", "message": "ValueError: bad thing"}}]
    assert "Traceback" in capsys.readouterr().err  # the bridge's own log gets the full traceback


def test_handle_rejects_an_unknown_command_as_internal(protocol):
    assert bridge.handle(FakeDbtSession(None), {"id": 10, "cmd": "dance"}) is True
    assert protocol() == [{"id": 10, "ok": False, "error": {"kind": "internal", "message": "unknown command 'dance'"}}]


def test_handle_shutdown_replies_and_asks_the_loop_to_stop(protocol):
    assert bridge.handle(FakeDbtSession(None), {"id": 11, "cmd": "shutdown"}) is False
    assert protocol() == [{"id": 11, "ok": True, "result": None}]


def test_handle_answers_an_interrupt_then_propagates_it(protocol):
    session = FakeDbtSession(KeyboardInterrupt())
    with pytest.raises(bridge.Interrupted):
        bridge.handle(session, {"id": 13, "cmd": "parse"})
    assert protocol() == [{"id": 13, "ok": False, "error": {"kind": "internal", "message": "interrupted"}}]
    assert bridge._busy is False
