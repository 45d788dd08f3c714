"""The bridge's wire protocol: one JSON object per line on the protocol stream, never NaN, never a crash."""

import datetime
import io
import json
import math

import pytest

from dbt_bridge import results
from dbt_bridge.protocol import Wire


@pytest.fixture
def wire():
    """The protocol stream (fd 3 in production) as an in-memory text stream; `wire.lines()` decodes it."""
    stream = io.StringIO()
    w = Wire(stream)
    w.lines = lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    return w


def test_emit_writes_one_json_line_per_object(wire):
    wire.emit({"id": 1, "ok": True, "result": {"a": "é"}})
    wire.emit({"event": "log", "message": "two\nlines"})
    assert wire.lines() == [{"id": 1, "ok": True, "result": {"a": "é"}}, {"event": "log", "message": "two\nlines"}]


def test_emit_writes_utf8_text_not_ascii_escapes_and_one_line_per_object():
    stream = io.StringIO()
    Wire(stream).emit({"id": 1, "ok": True, "result": {"a": "é\nx"}})
    assert stream.getvalue() == '{"id": 1, "ok": true, "result": {"a": "é\\nx"}}\n'


def test_emit_replaces_nan_and_infinity_with_null_because_json_parse_rejects_them(wire):
    wire.emit({"id": 2, "result": {"x": math.nan, "y": [math.inf, 1.5], "z": (-math.inf,)}})
    assert wire.lines() == [{"id": 2, "result": {"x": None, "y": [None, 1.5], "z": [None]}}]


def test_emit_serialises_sets_sorted_and_datetimes_as_iso(wire):
    when = datetime.datetime(2026, 1, 2, 3, 4, 5)
    wire.emit({"ids": {"b", "a"}, "at": when, "other": object.__new__(type("Opaque", (), {"__str__": lambda self: "opaque"}))})
    assert wire.lines() == [{"ids": ["a", "b"], "at": "2026-01-02T03:04:05", "other": "opaque"}]


def test_emit_without_a_protocol_stream_is_silent():
    Wire(None).emit({"id": 3})  # must not raise


def test_emit_forgets_a_closed_stream_instead_of_raising():
    class Broken(io.StringIO):
        def write(self, _text):
            raise BrokenPipeError("engine gone")

    w = Wire(Broken())
    w.emit({"id": 4})
    assert w.stream is None


def test_replies_and_errors_have_the_shape_the_engine_reads(wire):
    wire.reply(5, {"n": 1})
    wire.error(6, "selection", "no node matches 'x'")
    assert wire.lines() == [
        {"id": 5, "ok": True, "result": {"n": 1}},
        {"id": 6, "ok": False, "error": {"kind": "selection", "message": "no node matches 'x'"}},
    ]


def test_iso_utc_marks_naive_timestamps_as_utc_and_leaves_zoned_ones():
    assert results.iso_utc("2026-01-02T03:04:05.123") == "2026-01-02T03:04:05.123Z"
    assert results.iso_utc("2026-01-02T03:04:05Z") == "2026-01-02T03:04:05Z"
    assert results.iso_utc("2026-01-02T03:04:05+02:00") == "2026-01-02T03:04:05+02:00"
    assert results.iso_utc(None) is None
    assert results.iso_utc("") == ""


def test_intify_undoes_protobuf_floats_for_whole_numbers_only():
    assert results.intify({"rows": 3.0, "ratio": 0.5, "nested": [2.0, {"n": 7.0}], "s": "1.0"}) == {
        "rows": 3,
        "ratio": 0.5,
        "nested": [2, {"n": 7}],
        "s": "1.0",
    }
    assert isinstance(results.intify(3.0), int)


def test_a_refused_node_is_an_error_result_in_run_results_shape():
    item = results.refused_result("model.p.a", "not built: no records table")
    assert item["unique_id"] == "model.p.a" and item["status"] == "error" and item["message"] == "not built: no records table"
    assert item["thread_id"] == "dbt-orchestrator"
