"""The reading thresholds (`extract.settings`): one object a design file sets, and what each
threshold decides, pinned on a literal case.

`make mutants` changes every field by a large factor, both ways (`tests/mutants.py`); each
change must fail a test. Where no test of the whole pipeline sees what a threshold decides,
the case that does is here: characters placed by hand (`chars`, as in `tests/test_stages.py`)
or a small typeset catalogue (`tests/builders.py`), asserting what the product reads.
"""

from __future__ import annotations

import pytest

from extract.settings import DEFAULT, current
from tests.mutants import RULES, setting_mutants

# -- the settings object ------------------------------------------------------------------------


def test_a_setting_is_changed_by_its_dotted_name_and_nothing_else_is():
    changed = DEFAULT.but({"lines.word_gap": 0.3, "furniture.min_pages": 2})
    assert changed.lines.word_gap == 0.3 and changed.furniture.min_pages == 2.0
    assert {k: v for k, v in changed.flat().items() if v != DEFAULT.flat()[k]} == {
        "lines.word_gap": 0.3,
        "furniture.min_pages": 2.0,
    }
    assert DEFAULT.lines.word_gap == 0.18


@pytest.mark.parametrize("name", ["lines.word_gaps", "line.word_gap", "flat.x", "lines", ""])
def test_an_unknown_setting_is_refused_by_name(name):
    with pytest.raises(KeyError) as refused:
        DEFAULT.but({name: 1.0})
    assert refused.value.args == (name,)


def test_a_setting_is_a_number():
    with pytest.raises(TypeError, match=r"lines\.word_gap"):
        DEFAULT.but({"lines.word_gap": True})


def test_every_setting_says_what_it_measures_so_that_it_can_be_changed():
    """Each field's kind has a rule that moves it both ways (`make mutants`)."""
    mutants = setting_mutants()
    assert len(mutants) == 2 * len(DEFAULT.flat())
    for mutant in mutants:
        default = DEFAULT.flat()[mutant.setting]
        assert mutant.value != default
        assert (mutant.value > default) == mutant.name.endswith("-up")
    assert set(RULES) == {"Measure", "Factor", "Share", "Percent", "Count"}


def test_the_tests_run_with_the_settings_they_plant(planted_settings):
    assert current() == planted_settings
