"""The Prefect flow end to end, under the session's Prefect test harness, against the pipeline run directly."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

from flows.pipeline import regional_report_flow
from flows.tasks import SUMMARY_ARTIFACT_KEY
from regional_report import monitor, pipeline
from regional_report.settings import get_settings

pytestmark = pytest.mark.prefect


def sheet_records(workbook: Path, sheet: str) -> list[dict[str, Any]]:
    """A sheet's rows as dicts keyed by the header row."""
    rows = list(openpyxl.load_workbook(workbook, read_only=True)[sheet].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def run(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> dict[str, Any]:
    """One flow run over seeds/ plus an empty file."""
    bad = tmp_path_factory.mktemp("bad")
    (bad / "empty.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("out") / "regional_report.xlsx"
    inputs = [str(seeds_dir), str(bad / "empty.txt")]
    state = regional_report_flow(inputs=inputs, out=str(out), batch_size=1, return_state=True)
    return {
        "summary": state.result(),
        "inputs": inputs,
        "out": out,
        "flow_run_id": state.state_details.flow_run_id,
    }


def test_flow_counts_what_it_read(run: dict[str, Any]) -> None:
    """It returns the run's counts: two files read, one processed, one quarantined, figures extracted."""
    summary = run["summary"]
    assert (summary.documents_read, summary.documents_processed, summary.documents_quarantined) == (2, 1, 1)
    assert summary.figures > 0 and summary.regions == 1
    assert summary.quarantined == (("empty.txt", "empty file"),)
    assert summary.workbook == str(run["out"])


def test_workbook_sources_list_every_file_with_its_status(run: dict[str, Any]) -> None:
    """It writes a workbook whose Sources sheet lists both files, the empty one quarantined with its reason."""
    sources = {r["File"]: r for r in sheet_records(run["out"], "Sources")}
    assert set(sources) == {"smolensk-region_2025-09-10.txt", "empty.txt"}
    assert sources["smolensk-region_2025-09-10.txt"]["Status"] == "processed"
    assert (sources["empty.txt"]["Status"], sources["empty.txt"]["Reason"]) == ("quarantined", "empty file")


def test_workbook_has_the_facts_and_the_quarantine_issue(run: dict[str, Any]) -> None:
    """It writes every valid figure to Facts and the quarantined file to Issues."""
    facts = sheet_records(run["out"], "Facts")
    assert len(facts) == run["summary"].figures - run["summary"].figures_quarantined
    assert {f["Region"] for f in facts} == {"Smolensk Region"}
    issues = sheet_records(run["out"], "Issues")
    assert {"Stage": "read", "Document": "empty.txt", "Check": "quarantine"}.items() <= issues[0].items()


def test_flow_publishes_the_summary_artifact(run: dict[str, Any]) -> None:
    """It publishes a markdown artifact under a stable key with the run's counts and quarantined files."""
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=[SUMMARY_ARTIFACT_KEY]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[run["flow_run_id"]]),
            )
        )
    assert len(artifacts) == 1
    markdown = str(artifacts[0].data)
    assert artifacts[0].type == "markdown"
    assert "| Documents read | 2 |" in markdown
    assert "| empty.txt | empty file |" in markdown
    assert str(run["out"]) in markdown


def test_flow_writes_what_the_pipeline_run_directly_writes(run: dict[str, Any], tmp_path: Path) -> None:
    """It runs the one pipeline definition: the flow's workbook and the direct runner's hold the same cells."""
    summary = run["summary"]
    settings = get_settings(inputs=run["inputs"], out=tmp_path / "direct.xlsx", batch_size=1, cache=False)
    direct = pipeline.run(settings, pipeline.Direct())
    ignored = {
        "workbook": "",
        "documents_cached": 0,
        "stage_seconds": (),
    }  # the figure cache may hold the seed
    assert dataclasses.replace(direct.summary, **ignored) == dataclasses.replace(summary, **ignored)
    assert sheet_values(direct.workbook) == sheet_values(run["out"])
    assert [stage for stage, _ in summary.stage_seconds] == list(monitor.STAGES)


def sheet_values(workbook: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's values, row by row, but the Overview's time of writing."""
    book = openpyxl.load_workbook(workbook, read_only=True)
    values = {
        sheet.title: [row for row in sheet.iter_rows(values_only=True) if row[:1] != ("Generated at",)]
        for sheet in book.worksheets
    }
    book.close()
    return values
