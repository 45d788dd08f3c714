"""Error classification: which protocol error kind a dbt exception maps to, and the text the user sees."""

import pytest
from dbt.exceptions import (
    CompilationError,
    DbtProfileError,
    DbtProjectError,
    DbtSelectorsError,
    InvalidSelectorError,
    ParsingError,
)

from dbt_bridge import errors, invocation


def raised_in(frame_name, exc):
    """The exception as raised from a function named `frame_name` (the phase dbt was in)."""

    def thrower():
        raise exc

    thrower.__code__ = thrower.__code__.replace(co_name=frame_name)
    try:
        thrower()
    except BaseException as caught:  # noqa: B902
        return caught
    raise AssertionError("not raised")


def raised_here(exc):
    try:
        raise exc
    except BaseException as caught:  # noqa: B902
        return caught


# ---- dbt_message / clean_event_message -------------------------------------------------------


def test_dbt_message_drops_the_generic_error_header_and_its_indent():
    assert errors.dbt_message(DbtProjectError("No dbt_project.yml found at expected path")) == "No dbt_project.yml found at expected path"
    assert errors.dbt_message(ParsingError("bad yaml\n  in models/x.yml")) == "bad yaml\n  in models/x.yml"


def test_dbt_message_strips_ansi_colour_codes():
    assert errors.dbt_message(RuntimeError("\x1b[31mred\x1b[0m text")) == "red text"


def test_dbt_message_keeps_a_first_line_that_is_not_a_header():
    assert errors.dbt_message(RuntimeError("Something failed\n  detail")) == "Something failed\n  detail"


def test_dbt_message_falls_back_to_the_exception_type_when_empty():
    assert errors.dbt_message(KeyError()) == "KeyError"
    assert errors.dbt_message(RuntimeError("   ")) == "RuntimeError"


def test_clean_event_message_removes_dbt_prefixes_header_and_colour():
    raw = "\x1b[33m[ERROR]: Encountered an error:\nCompilation Error\n  macro 'x' is undefined\x1b[0m"
    assert errors.clean_event_message(raw) == "macro 'x' is undefined"
    assert errors.clean_event_message("Encountered an error: boom") == "boom"
    assert errors.clean_event_message("  plain message \n") == "plain message"


# ---- classify --------------------------------------------------------------------------------


@pytest.mark.parametrize("frame", ["load_raw_project", "load_project", "from_project_root", "partial_load"])
def test_an_error_while_loading_the_project_is_a_project_error_whatever_its_type(frame):
    assert errors.classify(raised_in(frame, DbtProfileError("looks like a profile error"))) == "project"


def test_an_error_while_loading_the_profile_is_a_profile_error_although_dbt_raises_dbt_project_error():
    assert errors.classify(raised_in("load_profile", DbtProjectError("Could not find profile named 'x'"))) == "profile"


def test_a_profile_error_type_is_a_profile_error():
    assert errors.classify(raised_here(DbtProfileError("bad profile"))) == "profile"


@pytest.mark.parametrize("exc", [DbtSelectorsError("bad selectors.yml"), InvalidSelectorError("bad selector")])
def test_selector_error_types_are_selection_errors(exc):
    assert errors.classify(raised_here(exc)) == "selection"


@pytest.mark.parametrize("frame", ["get_selection_spec", "get_selector", "get_node_selector"])
def test_an_error_while_resolving_the_selection_is_a_selection_error(frame):
    assert errors.classify(raised_in(frame, RuntimeError("'nope' does not match"))) == "selection"


@pytest.mark.parametrize("frame", ["parse_manifest", "setup_manifest", "get_full_manifest", "parse_with_v2"])
def test_an_error_while_parsing_is_a_parse_error(frame):
    assert errors.classify(raised_in(frame, DbtProjectError("anything"))) == "parse"


@pytest.mark.parametrize("exc", [ParsingError("bad yaml"), CompilationError("bad jinja")])
def test_parsing_and_compilation_errors_are_parse_errors(exc):
    assert errors.classify(raised_here(exc)) == "parse"


def test_a_project_error_outside_any_known_phase_is_a_project_error():
    assert errors.classify(raised_here(DbtProjectError("invalid dbt_project.yml"))) == "project"


def test_dbt_usage_exception_is_the_users_configuration():
    usage = type("DbtUsageException", (Exception,), {})
    assert errors.classify(raised_here(usage("--vars is not a mapping"))) == "project"


def test_an_unknown_exception_is_not_classified():
    assert errors.classify(raised_here(ValueError("bug"))) is None


@pytest.mark.dbt
def test_a_real_dbt_invocation_on_a_missing_project_is_a_project_error(tmp_path):
    from dbt.cli.main import dbtRunner

    # An existing folder without dbt_project.yml: dbt fails while loading the project.
    result = dbtRunner().invoke(["parse", "--project-dir", str(tmp_path), "--profiles-dir", str(tmp_path), "--no-use-colors"])
    assert result.success is False
    assert result.exception is not None
    assert errors.classify(result.exception) == "project"
    assert "dbt_project.yml" in errors.dbt_message(result.exception)


# ---- Invocation: what a failed dbt call tells the engine -------------------------------------


class Result:
    def __init__(self, success, exception=None):
        self.success = success
        self.exception = exception


def test_invocation_failure_uses_the_exceptions_kind_and_message():
    inv = invocation.Invocation(Result(False, raised_in("load_profile", DbtProjectError("Could not find profile named 'x'"))), [], 0.1)
    failure = inv.failure("internal")
    assert (failure.kind, failure.message) == ("profile", "Could not find profile named 'x'")


def test_invocation_failure_without_exception_joins_the_logged_errors_once_each():
    inv = invocation.Invocation(Result(False), ["a failed", "", "b failed", "a failed"], 0.1)
    failure = inv.failure("parse")
    assert (failure.kind, failure.message) == ("parse", "a failed\nb failed")


def test_invocation_failure_without_any_message_says_where_to_look():
    assert invocation.Invocation(Result(False), [], 0.1).message() == "dbt reported failure without an error message (see the dbt log)"


def test_invocation_failure_with_an_unknown_exception_uses_the_default_kind():
    assert invocation.Invocation(Result(False, raised_here(ValueError("x"))), [], 0.1).failure("build").kind == "build"
