"""The `regional-report` command line: `extract` prints the spec's JSON Lines; exit statuses say what happened."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from flows import cli
from schemas.figures import KINDS, QUALIFIERS, UNITS

SPEC_FIELDS = ["doc", "start", "end", "surface", "kind", "value", "unit", "qualifier", "metric", "subject", "year",
               "scope", "status", "period", "per", "region", "meeting_date"]  # fmt: skip


def extract(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, list[dict[str, object]], str]:
    status = cli.main(["extract", *map(str, paths)])
    captured = capsys.readouterr()
    return status, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_extract_prints_spec_records_for_the_seed(
    seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It prints one spec record per figure, with the seed's region and meeting date and exact offsets."""
    status, records, _ = extract(capsys, seeds_dir)
    assert status == 0
    assert records, "the seed has figures"
    seed = next(seeds_dir.glob("*.txt"))
    with seed.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    for record in records:
        assert list(record)[: len(SPEC_FIELDS)] == SPEC_FIELDS
        assert set(record) - set(SPEC_FIELDS) <= {"value_max"}
        assert record["doc"] == seed.name
        assert (record["region"], record["meeting_date"]) == ("Smolensk Region", "2025-09-10")
        start, end = record["start"], record["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert text[start:end] == record["surface"]
        assert record["kind"] in KINDS and record["unit"] in UNITS and record["qualifier"] in QUALIFIERS
        assert record["year"] is None or isinstance(record["year"], int)
        assert record["metric"] is None or isinstance(record["metric"], str)
        assert isinstance(record["subject"], str)
        for key in ("value", "value_max"):
            if key in record:
                value = record[key]
                assert isinstance(value, int | float) and math.isfinite(value)
                assert not (isinstance(value, float) and value.is_integer()), (
                    f"{value} should print as an integer"
                )
    starts = [r["start"] for r in records]
    assert starts == sorted(starts)


def test_extract_record_fields_match_the_spec(
    shared_dir: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It writes exactly the fields that the shared spec's record table lists."""
    spec = (shared_dir / "spec" / "figures.md").read_text(encoding="utf-8")
    table = spec.split("| field", 1)[1].split("\n\n", 1)[0]
    fields = re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)?", table, flags=re.MULTILINE)
    spec_fields = {name for pair in fields for name in pair if name}
    _, records, _ = extract(capsys, seeds_dir)
    assert spec_fields == set(SPEC_FIELDS)
    assert all(set(r) - {"value_max"} == spec_fields for r in records)


def test_extract_keeps_figures_of_a_document_without_region_or_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It prints figures of a document quarantined for its metadata, with a null region and date."""
    (tmp_path / "note.txt").write_text(
        "Notes\nThe plant produced over 4,000 tonnes of meat.\n", encoding="utf-8"
    )
    status, records, err = extract(capsys, tmp_path)
    assert status == 0
    assert records and all(r["region"] is None and r["meeting_date"] is None for r in records)
    assert "note.txt" in err


def test_extract_skips_unreadable_files_and_fails_when_nothing_is_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It reports an empty file on stderr, prints nothing for it, and exits 1 when no file was readable."""
    (tmp_path / "empty.txt").write_bytes(b"")
    status, records, err = extract(capsys, tmp_path)
    assert (status, records) == (1, [])
    assert "skipped" in err and "empty.txt" in err and "empty file" in err


def test_extract_succeeds_when_some_files_are_unreadable(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It exits 0 and prints the readable files' figures when another file is skipped."""
    (tmp_path / "empty.txt").write_bytes(b"")
    status, records, _ = extract(capsys, seeds_dir, tmp_path)
    assert status == 0 and records


@pytest.mark.startup
def test_extract_does_not_import_prefect(seeds_dir: Path) -> None:
    """It runs `extract` without importing Prefect at all."""
    code = (
        "import sys, contextlib, io\n"
        "from flows.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main(['extract', {str(seeds_dir)!r}])\n"
        "print(status, 'prefect' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """It exits 2 on a missing command, a missing path or a batch size below 1."""
    for argv in ([], ["extract"], ["run", "--batch-size", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            cli.main(argv)
        assert exit_info.value.code == 2
    capsys.readouterr()


@pytest.mark.prefect
def test_run_exits_1_when_no_document_is_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """It runs the flow, prints the summary and exits 1 when nothing was processed; the run's workbook is
    written beside the output (`report.failed.xlsx`), never over it."""
    for name, value in cli.PREFECT_DEFAULTS.items():  # keep `run`'s environment defaults local to this test
        monkeypatch.setenv(name, os.environ.get(name, value))
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "report.xlsx"
    status = cli.main(["run", str(tmp_path / "empty.txt"), "--out", str(out)])
    captured = capsys.readouterr()
    printed = captured.out
    assert status == 1
    assert not out.exists() and (tmp_path / "report.failed.xlsx").is_file()
    assert "empty.txt: empty file" in printed
    assert "No document could be processed." in printed
    assert "report.failed.xlsx" in printed and "no document could be processed" in captured.err


@pytest.mark.prefect
def test_run_exits_0_and_names_the_workbook(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """It exits 0 when a document was processed and prints the counts and where the workbook is; it applies
    the overrides file beside the workbook and, with --export, writes every sheet's frame as Parquet and CSV."""
    for name, value in cli.PREFECT_DEFAULTS.items():
        monkeypatch.setenv(name, os.environ.get(name, value))
    out, export = tmp_path / "report.xlsx", tmp_path / "frames"
    (tmp_path / "overrides.yaml").write_text(
        "overrides:\n  - {doc: smolensk-region_2025-09-10.txt, surface: 273 demobilised servicemen, exclude: true}\n",
        encoding="utf-8",
    )
    status = cli.main(
        ["run", str(seeds_dir), "--out", str(out), "--batch-size", "1", "--export", str(export)]
    )
    printed = capsys.readouterr().out
    assert status == 0
    assert re.search(r"Documents read:\s+1\b", printed)
    assert re.search(r"Figures extracted:\s+[1-9]", printed)
    assert str(out) in printed
    facts = pl.read_parquet(export / "facts.parquet")
    assert facts.height > 0 and "273 demobilised servicemen" not in facts.get_column("surface").to_list()
    issues = pl.read_csv(export / "issues.csv")
    assert issues.filter(pl.col("stage") == "override").get_column("check").to_list() == ["override_excluded"]
    assert {p.suffix for p in export.iterdir()} == {".parquet", ".csv", ".json"}
    assert re.search(r"excluded:\s+1 \(the overrides file\)", printed)


def test_run_environment_defaults_never_override_the_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """It sets Prefect's local defaults (project-local home, analytics off) but keeps values the user set."""
    for name in [*cli.PREFECT_DEFAULTS, "PREFECT_PROFILES_PATH"]:
        monkeypatch.setenv(name, "")  # recorded, so that the test's end restores it
        monkeypatch.delenv(name)
    monkeypatch.setenv("PREFECT_HOME", "/somewhere/else")
    cli.prefect_environment()
    assert os.environ["PREFECT_HOME"] == "/somewhere/else"
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] == "90"
    monkeypatch.delenv("PREFECT_HOME")
    cli.prefect_environment()
    assert Path(os.environ["PREFECT_HOME"]).name == ".prefect-home"


@pytest.mark.startup
def test_run_reads_the_users_prefect_profile(tmp_path: Path) -> None:
    """`prefect config set PREFECT_API_URL=...` (the user's profile in ~/.prefect) applies to `run`, though
    `run` keeps its temporary API's database in the project; a PREFECT_HOME the user set wins."""
    profiles = tmp_path / ".prefect" / "profiles.toml"
    profiles.parent.mkdir()
    url = "http://127.0.0.1:4999/api"
    profiles.write_text(f'active = "mine"\n\n[profiles.mine]\nPREFECT_API_URL = "{url}"\n')
    code = (
        "import os; from flows.cli import prefect_environment; prefect_environment();"
        "from prefect.settings import get_current_settings as s;"
        "print(os.environ['PREFECT_HOME']); print(s().api.url)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {"HOME": str(tmp_path)}

    def settings(**extra: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=env | extra,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    home, api = settings()
    assert Path(home).name == ".prefect-home" and api == url
    assert settings(PREFECT_HOME=str(tmp_path / "own")) == [str(tmp_path / "own"), "None"]


@pytest.mark.startup
def test_run_turns_flow_heartbeats_off_unless_the_user_set_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-off run sends no flow-run heartbeats (each costs the run up to a second); a frequency the user
    set is kept."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, get_current_settings, temporary_settings

    from flows.pipeline import one_off_run

    for name in ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY"):
        monkeypatch.delenv(name, raising=False)
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 60}):  # as the user's profile says
        with one_off_run():
            assert get_current_settings().flows.heartbeat_frequency is None
        monkeypatch.setenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "60")
        with one_off_run():
            assert get_current_settings().flows.heartbeat_frequency == 60


@pytest.mark.startup
def test_extract_stops_quietly_when_the_reader_goes_away(shared_dir: Path) -> None:
    """It exits without a traceback when its output pipe closes early (`| head`)."""
    corpus = shared_dir / "corpus" / "en"  # far more output than a pipe buffers
    code = f"from flows.cli import main; raise SystemExit(main(['extract', {str(corpus)!r}]))"
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        status = proc.wait()
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert status == 141
