"""The interrupt grace: 10 s in production; the test seam only ever takes a number of seconds >= 0."""

import pytest

from dbt_bridge import lifecycle


@pytest.mark.parametrize("value", [None, "", "abc", "-1", "nan", "inf"])
def test_without_a_usable_test_value_the_grace_is_the_production_one(monkeypatch, value):
    if value is None:
        monkeypatch.delenv(lifecycle.TEST_GRACE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(lifecycle.TEST_GRACE_VARIABLE, value)
    assert lifecycle.interrupt_grace_seconds() == lifecycle.INTERRUPT_GRACE_SECONDS == 10.0


@pytest.mark.parametrize("value, seconds", [("0", 0.0), ("0.5", 0.5), ("1", 1.0)])
def test_the_test_seam_shortens_the_grace(monkeypatch, value, seconds):
    monkeypatch.setenv(lifecycle.TEST_GRACE_VARIABLE, value)
    assert lifecycle.interrupt_grace_seconds() == seconds
