from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from extract import settings as reading

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = ROOT / "samples"
REALWORLD = ROOT.parent / "shared" / "realworld"

# Property tests run in one of two profiles. `default` (`make test`, and CI) draws the same
# examples on every run, from a fixed seed: a red build then means the code changed, not the
# draw. `long` (`make test-long`, nightly) draws afresh from a new seed each run, ten times as
# many examples or more. Either way the seed is printed at the end of the run; give it back as
# HYPOTHESIS_SEED (or `--hypothesis-seed`) to draw the same examples again.
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
DEFAULT_SEED = 20240611
SEED = int(
    os.environ.get("HYPOTHESIS_SEED")
    or (DEFAULT_SEED if PROFILE != "long" else random.SystemRandom().randrange(2**32))
)
# Test workers (pytest-xdist) are started after this runs, with this environment: one seed for all.
os.environ["HYPOTHESIS_SEED"] = str(SEED)

# Examples per property test, by what one example costs. The default counts keep `make test`
# (the whole suite, on 2 cores) well inside 10 minutes on a slower machine than a laptop:
# measured, a rule example takes well under 1 ms, a diff of two editions' records about 20 ms,
# a generated source (typeset in both layouts) about 0.3 s, a round trip through both readers
# about 1 s and a random design about 1 s (half of them are discarded before any typesetting).
EXAMPLES: dict[str, dict[str, int]] = {
    "default": {"rules": 1000, "records": 60, "source": 12, "pdf": 16, "design": 12},
    "long": {"rules": 20000, "records": 3000, "source": 400, "pdf": 600, "design": 300},
    # The mutation check (`make mutants`) runs the fast tests once per planted bug: the explicit
    # examples and a few drawn ones.
    "quick": {"rules": 200, "records": 30, "source": 5, "pdf": 4, "design": 2},
}

# Shrinking a failure of the round trip can take Hypothesis five minutes, more than the suite's
# whole margin: `make test` reports a failing example as drawn (with the seed that draws it
# again, and the note that prints its source), and the long profile shrinks it, for a person
# to keep the small case as an explicit example.
_NO_SHRINK = tuple(phase for phase in Phase if phase is not Phase.shrink)
for _name, _counts in EXAMPLES.items():
    # Only the long profile replays examples saved by earlier runs: saved examples steer what
    # is drawn next, and `make test` here must draw what it draws on a fresh clone.
    _replay = {} if _name == "long" else {"database": None}
    settings.register_profile(
        _name,
        max_examples=_counts["pdf"],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        phases=tuple(Phase) if _name == "long" else _NO_SHRINK,
        **_replay,
    )
settings.load_profile(PROFILE)


def examples(cost: str) -> settings:
    """The settings of a property test whose examples cost `cost` (a key of EXAMPLES)."""
    return settings(max_examples=EXAMPLES[PROFILE][cost])


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # Before Hypothesis's own plugin reads the option: the seed then holds for every test.
    if config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = str(SEED)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    seed = terminalreporter.config.getoption("hypothesis_seed", None)
    terminalreporter.write_line(
        f"hypothesis: profile {PROFILE!r}, seed {seed} "
        f"(HYPOTHESIS_PROFILE={PROFILE} HYPOTHESIS_SEED={seed} to draw the same examples)"
    )
    if PLANTED:
        terminalreporter.write_line(f"{PLANTED_LINE} {json.dumps(PLANTED, sort_keys=True)}")


# `make mutants` changes a reading threshold (`extract.settings`) without editing any source:
# this variable holds a JSON object of dotted names and values (`{"lines.word_gap": 0.72}`), in
# force for the whole session wherever the tests extract in their own process (or a process
# forked from it). A `catalogue` command run as a subprocess reads with the defaults: the
# product itself never reads this variable.
SETTINGS_VARIABLE = "CATALOGUE_TEST_SETTINGS"
PLANTED: dict[str, float] = json.loads(os.environ.get(SETTINGS_VARIABLE) or "{}")
PLANTED_LINE = "reading settings planted:"


@pytest.fixture(scope="session", autouse=True)
def planted_settings() -> Iterator[reading.Settings]:
    """The reading settings of the session: the defaults, or those `CATALOGUE_TEST_SETTINGS`
    plants (set before any other fixture extracts)."""
    planted = reading.DEFAULT.but(PLANTED)
    with reading.using(planted):
        yield planted


@pytest.fixture(scope="session")
def source_2021():
    from samples.source import load

    return load(SAMPLES / "ess-pvd-2021.source.json")
