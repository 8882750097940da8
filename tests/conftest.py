"""Shared fixtures: an isolated Prefect home, a session-scoped Prefect test harness, pinned Pandera validation;
the fast lane (`--fast`) and the Hypothesis profiles.

Prefect's environment is set here, at import, before any test module imports Prefect: tests never touch
the developer's `~/.prefect` database or the project's `.prefect-home`.

Lanes: `make test` runs every test but those marked `slow` (`make test-slow` runs those). `make test-fast`
(`pytest --fast`) runs what needs neither Prefect nor a child process: test modules that import Prefect
are not collected, tests marked `prefect`, `server`, `startup` or `slow` are deselected, and Hypothesis
runs its "fast" profile.

Hypothesis profiles: "dev" (the default, 200 examples a test), "fast" (20, the fast lane), "ci-slow"
(10,000; the tests marked `slow` always run it). `HYPOTHESIS_PROFILE` chooses one. A property that names
its own budget takes it through `lanes.examples`, which keeps it to 20 in the fast lane.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import lanes
import pytest
from factories import FileReads
from hypothesis import HealthCheck, settings
from pandera.config import ValidationDepth, config_context

_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="regional-report-prefect-"))
os.environ["PREFECT_HOME"] = str(_PREFECT_HOME)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "90"
os.environ["PREFECT_SERVER_LOGGING_LEVEL"] = "ERROR"
os.environ.pop("PREFECT_API_URL", None)  # the harness provides its own API
os.environ["REGIONAL_REPORT_CACHE_DIR"] = str(_PREFECT_HOME / "figure-cache")  # not the project's .cache/

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_ROOT / "seeds"
SEED = SEEDS_DIR / "smolensk-region_2025-09-10.txt"


settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("fast", max_examples=20, deadline=None)
settings.register_profile(
    "ci-slow", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

FAST_LANE = "not prefect and not server and not startup and not slow"
# A test module that imports Prefect (or the flow, its tasks, serve, the local server) at its top.
_IMPORTS_PREFECT = re.compile(
    r"^(from|import) (prefect\b|prefect_dask\b|flows\.(pipeline|tasks|serve|local_server|runs)\b)",
    re.MULTILINE,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fast",
        action="store_true",
        help="the fast lane: no Prefect, no child process, no slow test; Hypothesis's fast profile",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--fast"):
        given = config.option.markexpr
        config.option.markexpr = f"({given}) and {FAST_LANE}" if given else FAST_LANE
        settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
        lanes.FAST = True


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """In the fast lane, a module that imports Prefect is not even imported (Prefect's import: 2 s)."""
    fast = config.getoption("--fast") and collection_path.suffix == ".py" and collection_path.is_file()
    if fast and _IMPORTS_PREFECT.search(collection_path.read_text(encoding="utf-8")):
        return True
    return None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the session's Prefect home."""
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A throwaway Prefect API (temporary SQLite database) for the whole session; started on first use."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.pipeline import one_off_run

    with prefect_test_harness(server_startup_timeout=90), one_off_run():  # flow runs as `run` makes them
        yield


@pytest.fixture(autouse=True)
def _prefect_harness_for_marked_tests(request: pytest.FixtureRequest) -> None:
    """Start the harness only for tests marked `prefect`, so the pure tests stay fast."""
    if request.node.get_closest_marker("prefect") is not None:
        request.getfixturevalue("prefect_harness")


@pytest.fixture(autouse=True)
def _pandera_validates_schema_and_data() -> Iterator[None]:
    """Pin Pandera to full validation: PANDERA_VALIDATION_ENABLED/DEPTH in the environment must not skip checks."""
    with config_context(validation_enabled=True, validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        yield


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder beside the project (spec, corpus, gold); the test is skipped when it is absent."""
    shared = Path(__file__).resolve().parents[2] / "shared"
    if not shared.is_dir():
        pytest.skip(f"{shared} is absent")
    return shared


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The project's seed documents."""
    return SEEDS_DIR


@pytest.fixture
def folder(tmp_path: Path, seeds_dir: Path) -> Path:
    """Three report files: the seed, a copy with a closing line of its own, and a file with no region."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    seed = next(seeds_dir.glob("*.txt"))
    shutil.copy(seed, inputs / "a.txt")
    (inputs / "b.txt").write_text(seed.read_text(encoding="utf-8") + "\nArchive copy.\n", encoding="utf-8")
    (inputs / "c.txt").write_text("No date, no region, 5 tonnes.\n", encoding="utf-8")
    return inputs


@pytest.fixture
def file_reads(monkeypatch: pytest.MonkeyPatch) -> FileReads:
    """Counts the files the reader reads from disk from now on."""
    return FileReads(monkeypatch)
