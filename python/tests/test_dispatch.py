"""Requests at the door (parse_request) and the dispatch table (commands.COMMANDS / handle)."""

import io
import json
import os
import re

import pytest

from dbt_bridge import build, commands, compile_sql, impact, project_state, run_status, selection, warehouse
from dbt_bridge.errors import BridgeFailure, Interrupted
from dbt_bridge.protocol import BadRequest, Request, Wire, parse_request
from dbt_bridge.session import Session

PROTOCOL_TS = os.path.join(os.path.dirname(__file__), "..", "..", "src", "dbt", "protocol.ts")


@pytest.fixture
def session():
    """A session whose wire is an in-memory stream; `session.lines()` decodes what was emitted."""
    stream = io.StringIO()
    s = Session(Wire(stream))
    s.lines = lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    return s


# ---- parse_request: the door -------------------------------------------------------------------


def test_a_request_line_becomes_a_request_with_its_id_command_and_args():
    assert parse_request('{"id": 7, "cmd": "ls", "args": {"select": ["a"]}}\n') == Request(7, "ls", {"select": ["a"]})


def test_a_request_without_args_gets_empty_args():
    assert parse_request('{"id": 1, "cmd": "shutdown"}') == Request(1, "shutdown", {})
    assert parse_request('{"id": 1, "cmd": "parse", "args": null}') == Request(1, "parse", {})


def test_a_blank_line_is_no_request():
    assert parse_request("   \r\n") is None


def test_a_line_that_is_not_json_is_a_bad_request_without_an_id():
    bad = parse_request("{not json")
    assert isinstance(bad, BadRequest) and bad.id is None
    assert bad.message.startswith("bad request line: ")


def test_a_json_value_that_is_not_an_object_is_a_bad_request():
    assert parse_request("[1, 2]") == BadRequest(None, "bad request line: request is not a JSON object")


def test_args_that_are_not_an_object_are_a_bad_request_answered_to_its_id():
    assert parse_request('{"id": 3, "cmd": "build", "args": [1]}') == BadRequest(3, "bad request line: args is not a JSON object")


def test_build_reads_a_numeric_id_for_its_events():
    assert Request("12", "build", {}).build_id() == 12


# ---- the dispatch table ----------------------------------------------------------------------


def test_the_table_maps_each_command_to_its_handler():
    assert commands.COMMANDS == {
        "deps": project_state.deps,
        "parse": project_state.parse,
        "ls": selection.ls,
        "relations": warehouse.relations,
        "build": build.build,
        "freshness": warehouse.freshness,
        "run_status": run_status.command,
        "compile": compile_sql.compile_nodes,
        "impact": impact.impact,
    }


def test_every_command_the_engine_sends_has_a_handler_and_every_handler_a_command():
    # the other side of the wire: `cmd: '...'` in the BridgeRequest union of src/dbt/protocol.ts
    with open(PROTOCOL_TS, encoding="utf-8") as f:
        sent = set(re.findall(r"cmd: '([a-z_]+)'", f.read()))
    assert sent, "no commands found in protocol.ts"
    assert set(commands.COMMANDS) | {commands.SHUTDOWN} == sent


def recording(outcome):
    """A handler that records its calls and returns (or raises) `outcome`."""
    calls = []

    def handler(session, req):
        calls.append((req.cmd, req.args))
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    handler.calls = calls
    return handler


def test_handle_replies_ok_with_the_result_of_the_named_command(session):
    ls = recording({"uniqueIds": ["model.p.a"]})
    assert commands.handle(session, Request(7, "ls", {"select": ["a"]}), {"ls": ls}) is True
    assert ls.calls == [("ls", {"select": ["a"]})]
    assert session.lines() == [{"id": 7, "ok": True, "result": {"uniqueIds": ["model.p.a"]}}]


def test_handle_passes_the_session_and_the_request_to_the_handler(session):
    seen = []
    commands.handle(session, Request(12, "build", {"threads": 2}), {"build": lambda s, r: seen.append((s, r))})
    assert seen == [(session, Request(12, "build", {"threads": 2}))]


def test_handle_turns_a_bridge_failure_into_an_error_reply_with_its_kind(session):
    parse = recording(BridgeFailure("selection", "no node matches 'nope'"))
    assert commands.handle(session, Request(8, "parse", {}), {"parse": parse}) is True
    assert session.lines() == [{"id": 8, "ok": False, "error": {"kind": "selection", "message": "no node matches 'nope'"}}]


def test_handle_reports_an_unexpected_exception_as_internal_with_its_last_line(session, capsys):
    assert commands.handle(session, Request(9, "parse", {}), {"parse": recording(ValueError("bad thing"))}) is True
    assert session.lines() == [{"id": 9, "ok": False, "error": {"kind": "internal", "message": "ValueError: bad thing"}}]
    assert "Traceback" in capsys.readouterr().err  # the bridge's own log gets the full traceback


def test_handle_rejects_an_unknown_command_as_internal(session):
    assert commands.handle(session, Request(10, "dance", {})) is True
    assert commands.handle(session, Request(11, None, {})) is True
    assert session.lines() == [
        {"id": 10, "ok": False, "error": {"kind": "internal", "message": "unknown command 'dance'"}},
        {"id": 11, "ok": False, "error": {"kind": "internal", "message": "unknown command None"}},
    ]


def test_handle_shutdown_replies_and_asks_the_loop_to_stop(session):
    assert commands.handle(session, Request(11, "shutdown", {}), {}) is False
    assert session.lines() == [{"id": 11, "ok": True, "result": None}]


def test_handle_marks_the_session_busy_only_while_a_handler_runs(session):
    during = []
    commands.handle(session, Request(1, "ls", {}), {"ls": lambda s, r: during.append(s.lifecycle.busy)})
    assert during == [True]
    assert session.lifecycle.busy is False


def test_handle_answers_an_interrupt_then_propagates_it(session):
    with pytest.raises(Interrupted):
        commands.handle(session, Request(13, "parse", {}), {"parse": recording(KeyboardInterrupt())})
    assert session.lines() == [{"id": 13, "ok": False, "error": {"kind": "internal", "message": "interrupted"}}]
    assert session.lifecycle.busy is False


def test_a_command_that_needs_a_manifest_refuses_before_any_parse(session):
    for cmd in ("ls", "relations", "build", "freshness", "impact"):
        commands.handle(session, Request(1, cmd, {"projectDir": "."}))
    assert [line["error"]["message"] for line in session.lines()] == ["no manifest in memory: send a successful `parse` first"] * 5
