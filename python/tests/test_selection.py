"""Selection helpers: the flags every dbt call shares, when a manifest can be reused, what can be selected."""

import hashlib
import json
import os
from types import SimpleNamespace

import pytest

from dbt_bridge import env_vars, invocation, selection
from dbt_bridge.errors import BridgeFailure


def args(**overrides):
    return {"projectDir": "proj", **overrides}


def test_common_flags_always_name_the_project_and_turn_colours_off():
    assert invocation.common_flags(args()) == ["--project-dir", "proj", "--no-use-colors"]


def test_common_flags_pass_profiles_dir_target_and_vars_when_given():
    flags = invocation.common_flags(args(profilesDir="profiles", target="ci", vars="{a: 1}"))
    assert flags == ["--project-dir", "proj", "--profiles-dir", "profiles", "--target", "ci", "--vars", "{a: 1}", "--no-use-colors"]


def test_common_flags_leave_out_empty_values():
    assert invocation.common_flags(args(profilesDir="", target=None, vars="")) == ["--project-dir", "proj", "--no-use-colors"]


def test_common_flags_never_carry_state_or_defer():
    # state/--defer apply only to the commands that select against a comparison manifest.
    assert "--state" not in invocation.common_flags(args(state="prod", defer=True))


def test_parse_key_is_the_same_for_equivalent_paths():
    assert invocation.parse_key(args(projectDir="proj")) == invocation.parse_key(args(projectDir=os.path.abspath("proj")))
    assert invocation.parse_key(args(profilesDir="")) == invocation.parse_key(args())


def test_parse_key_changes_with_every_input_the_manifest_depends_on():
    base = invocation.parse_key(args())
    for changed in [args(projectDir="other"), args(profilesDir="p"), args(target="ci"), args(vars="{a: 1}")]:
        assert invocation.parse_key(changed) != base, changed


def test_parse_key_ignores_arguments_that_do_not_change_the_manifest():
    assert invocation.parse_key(args(state="prod", defer=True, select=["a"])) == invocation.parse_key(args())


def test_selectable_ids_cover_every_buildable_collection_but_not_sources_or_macros():
    manifest = SimpleNamespace(
        nodes={"model.p.a": 1, "test.p.t": 1},
        unit_tests={"unit_test.p.a.u": 1},
        exposures={"exposure.p.e": 1},
        metrics={"metric.p.m": 1},
        semantic_models={"semantic_model.p.s": 1},
        saved_queries={"saved_query.p.q": 1},
        functions={"function.p.f": 1},
        sources={"source.p.raw.orders": 1},
        macros={"macro.p.m": 1},
    )
    assert selection.selectable_ids(manifest) == {
        "model.p.a",
        "test.p.t",
        "unit_test.p.a.u",
        "exposure.p.e",
        "metric.p.m",
        "semantic_model.p.s",
        "saved_query.p.q",
        "function.p.f",
    }


def test_selectable_ids_tolerate_collections_an_older_dbt_lacks():
    assert selection.selectable_ids(SimpleNamespace(nodes={"model.p.a": 1}, functions=None)) == {"model.p.a"}


def test_write_selection_state_lists_exactly_the_ids_as_successes_in_a_dbt_readable_file(tmp_path):
    selection.write_selection_state(str(tmp_path), ["model.p.a", "test.p.t"])
    doc = json.loads((tmp_path / "run_results.json").read_text())
    assert [(r["unique_id"], r["status"]) for r in doc["results"]] == [("model.p.a", "success"), ("test.p.t", "success")]
    # dbt's own loader (what `result:success --state` uses) accepts it.
    from dbt.artifacts.schemas.run import RunResultsArtifact

    assert [r.unique_id for r in RunResultsArtifact.read_and_check_versions(str(tmp_path / "run_results.json")).results] == ["model.p.a", "test.p.t"]


def test_env_var_digests_hash_set_values_and_mark_unset_ones(monkeypatch):
    monkeypatch.setenv("ORCH_TEST_SET", "secret-value")
    monkeypatch.delenv("ORCH_TEST_UNSET", raising=False)
    digests = env_vars.env_var_digests(["ORCH_TEST_UNSET", "ORCH_TEST_SET", "ORCH_TEST_SET"])
    assert list(digests) == ["ORCH_TEST_SET", "ORCH_TEST_UNSET"]
    assert digests["ORCH_TEST_SET"] == hashlib.sha256(b"set:secret-value").hexdigest()
    assert digests["ORCH_TEST_UNSET"] == hashlib.sha256(b"<unset>").hexdigest()
    assert "secret-value" not in json.dumps(digests)


def test_digest_env_follows_dbts_project_env_vars_recipe():
    assert env_vars.digest_env({"B": "2", "A": "1"}) == hashlib.sha256(b"A:1|B:2|").hexdigest()
    assert env_vars.digest_env({}) == hashlib.sha256(b"").hexdigest()


def test_dotenv_names_lists_the_names_a_project_env_file_defines(tmp_path):
    (tmp_path / ".env").write_text("JAFFLE_REGION=eu\nexport OTHER=1\n# comment\n")
    assert sorted(env_vars.dotenv_names(str(tmp_path))) == ["JAFFLE_REGION", "OTHER"]


def test_selection_tokens_refuse_a_value_dbt_would_read_as_a_flag():
    assert selection.selection_tokens("--select", ["a+", 3]) == ["a+", "3"]
    with pytest.raises(BridgeFailure) as failure:
        selection.selection_tokens("--exclude", ["ok", "--full-refresh"])
    assert failure.value.kind == "selection"
    assert "--exclude: '--full-refresh' is not a selector" in failure.value.message
