"""The pipeline, written once: read → extract → normalize → validate → override → frames → render → export.

`run` is the whole run as a list of steps, in order. Each step (`Step`) is a plain function of a stage
package plus what a runner needs to run it: its name, the stage its time counts towards
(`monitor.STAGES`), and `notes` saying what to tell the people watching about its result (a quarantined
file, failed checks, cache problems). The steps do not log: the runner does.

Who runs the pipeline supplies the `Runner`, which decides how each step is executed:

- `Direct` (here): each step is a plain call, timed, its notes logged to the `regional_report` logger.
  For tests, benchmarks, notebooks, and `regional-report extract` (which never imports Prefect).
- `flows.tasks.PrefectRunner`: each step runs as a Prefect task (a thin adapter over the same function,
  named after the step), extraction batches fan out on the flow's task runner with progress lines, and
  notes go to the task's run logger. The flow (`flows/pipeline.py`) calls `run`, then publishes its
  artifacts.

How to add a stage:

1. Write its function in its stage package: records and frames in, records and frames out; no logging,
   no Prefect, no settings object (pass the values it needs). Rows it refuses go out as IssueFrame rows.
2. Declare its `Step` below (the task's name in the Prefect UI, its stage, its notes).
3. Call it in `run`, in its place: `result = runner(MY_STEP, ...)`; add its Issues rows to `ISSUES`'s
   arguments, its frame to `Run` if a caller needs it. Both runners run it with no more code.

A stage over many independent items (as extraction over batches) is called with `runner.map(STEP, items,
...)`: Prefect fans it out on its task runner, `Direct` runs the items one after the other.

A run that processed no document, or quarantined more than `max_quarantine_ratio` of them, must not
replace the last good workbook: `run` checks the summary before `RENDER`, writes that run's workbook
beside the good one (`failed_workbook`), skips the export, and says why in `Run.problem`; the flow turns
that into a Failed state. A step that writes (`RENDER`) is tried again after a transient OSError
(`retry_if`, after `RETRY_DELAYS`); a step that may hang gets the settings' `stage_timeout_seconds`
(`Step.within`).
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Concatenate, Final, Generic, ParamSpec, Protocol, TypeVar

import polars as pl

from regional_report import monitor
from regional_report.cache import Cache, Recalled, no_figures
from regional_report.export import export_frames
from regional_report.extract import limits, parallel
from regional_report.extract.engine import EXTRACTOR_VERSION, extract_figures
from regional_report.frames.issues import long_sentence_issues
from regional_report.frames.sheets import SheetFrames, all_issues, sheet_frames
from regional_report.frames.summary import RunSummary, run_problem, run_summary
from regional_report.model import Document, Figure, Outcome, processed
from regional_report.normalize import figures_frame, normalized_frame
from regional_report.overrides import overridden
from regional_report.read import read_documents
from regional_report.report import RunInfo, render_report
from regional_report.settings import Settings
from regional_report.validate import validate
from schemas import FigureFrame, RawFigureFrame

__all__ = [
    "EXTRACT",
    "READ",
    "Direct",
    "Read",
    "Run",
    "RunRejected",
    "Runner",
    "Step",
    "batches",
    "run",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

Note = tuple[int, str]
"""A line for the people watching a run: (logging level, message)."""

RETRY_DELAYS: Final = (1.0, 4.0, 16.0)
"""Seconds before each new try of a step that failed with an error its `retry_if` accepts (backing off)."""
_PASSING_WRITE_ERRORS: Final = frozenset(
    getattr(errno, name)
    for name in ("EAGAIN", "EINTR", "EIO", "EBUSY", "ETIMEDOUT", "ESTALE", "ENOSPC", "EDQUOT")
    if hasattr(errno, name)
)


def passing_write_error(error: Exception) -> bool:
    """An error of writing a file that may pass (a full disk or quota, a stale or busy network share)."""
    return isinstance(error, OSError) and error.errno in _PASSING_WRITE_ERRORS


def _no_notes(result: object) -> Iterable[Note]:
    return ()


@dataclass(frozen=True, slots=True)
class Step(Generic[P, R]):
    """One stage's plain function, and how a runner runs it."""

    name: str
    """The task's name in the Prefect UI."""
    stage: str
    """The stage its wall time counts towards (`monitor.STAGES`)."""
    function: Callable[P, R]
    notes: Callable[[R], Iterable[Note]] = _no_notes
    """What to say about a result (the runner logs it)."""
    run_name: str | None = None
    """A name for each call (a Prefect task run's): for `Runner.map`, a format of `number` and `total`;
    default: `name`."""
    progress: Callable[[Sequence[Any]], Callable[[R], str | None]] | None = None
    """For steps run with `Runner.map`: given the items, a function told each result as it is done, which
    returns a progress line to log, or None."""
    retry_if: Callable[[Exception], bool] | None = None
    """Whether an error is worth trying the step again for, after each of `RETRY_DELAYS` (a full disk, a
    network share that went away for a moment). The step must be safe to repeat."""
    timeout_seconds: float | None = None
    """Longer than this fails the step (`Step.within`); the Prefect runner enforces it, `Direct` does not."""

    def within(self, seconds: float) -> Step[P, R]:
        """The same step, failing after `seconds`."""
        return dataclasses.replace(self, timeout_seconds=seconds)


class Runner(Protocol):
    """Runs the pipeline's steps: a plain call (`Direct`), or a Prefect task (`flows.tasks.PrefectRunner`)."""

    def __call__(self, step: Step[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """`step.function(*args, **kwargs)`, run the runner's way; its notes said."""
        ...

    def map(
        self, step: Step[Concatenate[T, P], R], items: Sequence[T], /, *args: P.args, **kwargs: P.kwargs
    ) -> list[R]:
        """`[step.function(item, *args, **kwargs) for item in items]`, perhaps side by side, in item order."""
        ...

    def stage_seconds(self) -> dict[str, float]:
        """Seconds spent in each stage's functions so far (`monitor.STAGES` order), forgetting them."""
        ...


class Direct:
    """Each step a plain call in this thread; notes to `log` (default: the `regional_report` logger)."""

    _RUN: Final = "direct"

    def __init__(self, log: Callable[[int, str], None] | None = None) -> None:
        self._log = log or logging.getLogger("regional_report").log
        self._clock = monitor.StageClock()

    def __call__(self, step: Step[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        delays = iter(RETRY_DELAYS)
        while True:
            try:
                with self._clock.timed(self._RUN, step.stage):
                    result = step.function(*args, **kwargs)
                break
            except Exception as error:
                delay = next(delays, None) if step.retry_if and step.retry_if(error) else None
                if delay is None:
                    raise
                self._log(logging.WARNING, f"{step.name}: {error}; trying again in {delay:g} s")
                time.sleep(delay)
        for level, message in step.notes(result):
            self._log(level, message)
        return result

    def map(
        self, step: Step[Concatenate[T, P], R], items: Sequence[T], /, *args: P.args, **kwargs: P.kwargs
    ) -> list[R]:
        progress = step.progress(items) if step.progress else None
        results = []
        for item in items:
            result = self(step, item, *args, **kwargs)
            line = progress(result) if progress else None
            if line:
                self._log(logging.INFO, line)
            results.append(result)
        return results

    def stage_seconds(self) -> dict[str, float]:
        return self._clock.pop(self._RUN)


# --- the run ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """What a run made: every frame the workbook is drawn from, the summary, the workbook."""

    outcomes: list[Outcome]
    raw: pl.DataFrame
    """The figures as extracted, valid or not (RawFigureFrame's columns)."""
    facts: pl.DataFrame
    """The valid, normalized figures (FigureFrame), after the analyst's overrides."""
    sheets: SheetFrames
    issues: pl.DataFrame
    summary: RunSummary
    workbook: Path
    problem: str | None = None
    """Why the run failed though it ran to the end (then `workbook` is `failed_workbook` of the output)."""


class RunRejected(Exception):
    """A run whose result must not replace the last good workbook: its message says why, `summary` what it did.

    The flow ends Failed with it, and a caller of the flow gets it raised (`regional-report run` exits 1).
    """

    def __init__(self, message: str, summary: RunSummary) -> None:
        super().__init__(message, summary)
        self.message = message
        self.summary = summary

    def __str__(self) -> str:
        return self.message


def failed_workbook(out: Path) -> Path:
    """Where a failed run writes its workbook: beside `out`, which keeps the last good one.

    >>> failed_workbook(Path("outputs/regional_report.xlsx")).name
    'regional_report.failed.xlsx'
    """
    return out.with_name(f"{out.stem}.failed{out.suffix}")


def run(settings: Settings, runner: Runner, generated_at: datetime | None = None) -> Run:
    """Read `settings.inputs`, extract, validate and normalize their figures, build every sheet's frame, and
    write the workbook at `settings.out`. `generated_at` (default: when the workbook is written) is the
    time the Overview shows."""
    paths = sorted({str(p) for p in settings.inputs})  # the same inputs in any order: the same workbook
    cache = Cache(settings.cache_dir, settings.max_sentence_chars) if settings.cache else None

    # Read: every input file becomes an Outcome, processed or set aside with its reason; files unchanged
    # since the last run over these inputs are not read again.
    read = READ.within(settings.stage_timeout_seconds)  # a stuck file system fails the run
    outcomes = runner(read, paths, settings.max_document_bytes, cache).outcomes

    # Extract: documents any earlier run extracted come from the cache; the others in batches, one task per
    # batch (never per figure), each batch keeping its figures in the cache.
    recalled = runner(RECALL, documents_of(outcomes), cache)
    work = batches(recalled.pending, settings.batch_size, settings.max_batches)
    with parallel.extraction_pool():  # one process pool for every batch, shut down before the run goes on
        extracted = runner.map(
            EXTRACT, work, cache, settings.max_sentence_chars, settings.stage_timeout_seconds
        )
    long_sentences = runner(LONG_SENTENCES, outcomes, settings.max_sentence_chars)  # listed in Issues
    raw = runner(TABULATE, outcomes, extracted, recalled.figures)

    # Validate and normalize: rows breaking a contract leave their frame for Issues.
    valid_raw, raw_issues = runner(VALIDATE_RAW, raw)
    facts, fact_issues = runner(VALIDATE_FACTS, runner(NORMALIZE, valid_raw, outcomes))

    # Override: the analyst's corrections (overrides.yaml beside the workbook), the facts validated again.
    overrides_file, required = settings.overrides_file()
    facts, override_issues = runner(OVERRIDE, facts, overrides_file, required=required)

    # Frames: one per sheet (each region's latest comparable figure per column, ranked, outliers flagged;
    # conflicts; per capita; history; plans; projects; charts; regions; sources; facts with their
    # placement), each through its contract.
    sheets = runner(
        FRAMES,
        outcomes,
        facts,
        ranking_min_regions=settings.ranking_min_regions,
        max_charts=settings.max_charts,
    )
    issues = runner(ISSUES, outcomes, sheets, long_sentences, raw_issues, fact_issues, override_issues)
    summary = runner(SUMMARIZE, outcomes, raw, facts, issues, str(settings.out), recalled.documents)

    # No document processed, or too many quarantined: the run fails, and its workbook goes beside the last
    # good one instead of over it.
    out, problem = settings.out, run_problem(summary, settings.max_quarantine_ratio)
    if problem is not None:
        out = failed_workbook(settings.out)
        summary = dataclasses.replace(summary, workbook=str(out))
        problem += f"; its workbook is {out} ({settings.out.name}, the last good run's, is left as it was)"

    # Render: the workbook, written atomically (tried again after a full disk, a share gone for a moment).
    info = RunInfo.of(summary, settings, paths, generated_at or datetime.now(UTC), EXTRACTOR_VERSION)
    workbook = runner(RENDER.within(settings.stage_timeout_seconds), out, info, sheets, issues)

    # Export: every frame as Parquet and CSV, when asked for (not a failed run's, over the last good ones).
    if settings.export is not None and problem is None:
        runner(EXPORT, settings.export, sheets.tables(issues), info.about())
    return Run(outcomes, raw, facts, sheets, issues, summary, workbook, problem)


def documents_of(outcomes: Sequence[Outcome]) -> list[Document]:
    """The documents of the processed outcomes, in input order: what the run extracts."""
    return [o.document for o in processed(outcomes) if o.document is not None]


def batches(documents: Sequence[Document], size: int, max_batches: int | None = None) -> list[list[Document]]:
    """The documents, in order, in batches of at most `size` (one extraction task each).

    With `max_batches`, batches grow past `size` so that there are no more than that many: each Prefect
    task costs tens of milliseconds, and a large batch is extracted on both cores (`parallel`).
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    if max_batches is not None and max_batches >= 1:
        size = max(size, -(-len(documents) // max_batches))
    return [list(documents[i : i + size]) for i in range(0, len(documents), size)]


# --- the steps' functions that join a stage to the cache -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Read:
    """The read stage's result: one Outcome per input file, and what the cache spared or could not."""

    outcomes: list[Outcome]
    unchanged: int = 0
    """Files not read again: unchanged since the last run over these inputs."""
    problems: tuple[str, ...] = field(default=())


def read_inputs(paths: Sequence[str], max_bytes: int, cache: Cache | None) -> Read:
    """Read every input file, but those unchanged since the last run over these inputs (the cache's index)."""
    if cache is None:
        return Read(read_documents([Path(p) for p in paths], max_bytes=max_bytes))
    index, problems = cache.file_index(paths)
    outcomes = read_documents([Path(p) for p in paths], max_bytes=max_bytes, index=index)
    problems += cache.save_file_index(paths, index)
    return Read(outcomes, index.recalled, tuple(problems))


def _read_notes(read: Read) -> Iterator[Note]:
    if read.unchanged:
        yield logging.INFO, f"{read.unchanged} files unchanged since the last run: not read again"
    for o in read.outcomes:
        if o.status != "processed":
            yield logging.WARNING, f"{o.status} {o.path}: {o.reason}"
    yield from _warnings(read.problems)


def recall(documents: Sequence[Document], cache: Cache | None) -> Recalled:
    """The figures earlier runs found in these documents; the documents left to extract."""
    if cache is None:
        return Recalled(no_figures(), list(documents))
    return cache.recall(documents)


def _recall_notes(recalled: Recalled) -> Iterator[Note]:
    if recalled.documents:
        yield (
            logging.INFO,
            (
                f"{recalled.documents} documents' figures from earlier runs; {len(recalled.pending)} to extract"
            ),
        )
    yield from _warnings(recalled.problems)


@dataclass(frozen=True, slots=True)
class Batch:
    """The figures of one batch of documents, by document sha256, and what keeping them cost."""

    figures: dict[str, list[Figure]]
    seconds: float = 0.0
    problems: tuple[str, ...] = field(default=())
    """Why the figures could not be kept in the cache (the run goes on without)."""


def extract_batch(
    batch: Sequence[Document], cache: Cache | None, max_sentence_chars: int, timeout: float | None = None
) -> Batch:
    """The figures of a batch of documents, by sha256, kept in the cache for later runs.

    Sentences over `max_sentence_chars` are left out (`limits.extract_bounded`); the limit is part of the
    cache's version, so a changed limit never reuses figures found under another. A batch of at least
    `parallel.POOL_MIN_DOCUMENTS` documents is extracted on a process pool over both cores; a pool that has
    not answered after `timeout` seconds raises TimeoutError (its workers killed).
    """
    started = time.perf_counter()
    extract = partial(limits.extract_bounded, max_sentence_chars=max_sentence_chars, extract=extract_figures)
    found = parallel.extract_many(extract, [(d.text, d.meeting_date) for d in batch], timeout=timeout)
    figures = {d.sha256: f for d, f in zip(batch, found, strict=True)}
    problems = cache.store(figures) if cache is not None else []
    return Batch(figures, time.perf_counter() - started, tuple(problems))


def _batch_notes(batch: Batch) -> Iterator[Note]:
    yield from _warnings(batch.problems)
    yield logging.DEBUG, f"{len(batch.figures)} documents extracted in {batch.seconds:.2f} s"


def _extraction_progress(work: Sequence[Sequence[Document]]) -> Callable[[Batch], str | None]:
    progress = monitor.Progress(batches=len(work), documents=sum(len(b) for b in work))
    return lambda batch: progress.update(len(batch.figures))


def tabulate(outcomes: Sequence[Outcome], extracted: Sequence[Batch], recalled: pl.DataFrame) -> pl.DataFrame:
    """All figures as one raw table: those extracted now, and those recalled from earlier runs."""
    found: dict[str, list[Figure]] = {}
    for batch in extracted:
        found.update(batch.figures)
    return figures_frame(outcomes, found, known=recalled)


def validate_raw(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(valid rows, Issues rows) of the raw figure table (RawFigureFrame)."""
    return validate(RawFigureFrame, raw, "validate", "doc")


def validate_facts(facts: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(valid rows, Issues rows) of the normalized figures (FigureFrame)."""
    return validate(FigureFrame, facts, "normalize", "doc")


def summarize(
    outcomes: Sequence[Outcome],
    raw: pl.DataFrame,
    facts: pl.DataFrame,
    issues: pl.DataFrame,
    workbook: str,
    cached: int,
) -> RunSummary:
    """The run's counts; `cached` documents had their figures from earlier runs."""
    return run_summary(outcomes, raw, facts, issues, workbook=workbook, documents_cached=cached)


def render(out: Path, info: RunInfo, sheets: SheetFrames, issues: pl.DataFrame) -> Path:
    """Write the workbook atomically; its path."""
    return render_report(out, info=info, issues=issues, **sheets.sheets())


def _override_notes(result: tuple[pl.DataFrame, pl.DataFrame]) -> Iterator[Note]:
    issues = result[1]
    if issues.height:
        counts = issues.group_by("check").len().sort("check").rows()
        yield logging.INFO, "overrides: " + ", ".join(f"{n} {check}" for check, n in counts)


def _warnings(messages: Iterable[str]) -> Iterator[Note]:
    return ((logging.WARNING, m) for m in messages)


def _validation(
    function: Callable[[pl.DataFrame], tuple[pl.DataFrame, pl.DataFrame]], model: str
) -> Step[[pl.DataFrame], tuple[pl.DataFrame, pl.DataFrame]]:
    """A step that validates a frame against the contract `model`: its failed checks are noted."""
    return Step(
        "validate",
        "validate",
        function,
        notes=lambda result: _checks_note(model, result[1]),
        run_name=f"validate {model}",
    )


def _checks_note(what: str, issues: pl.DataFrame) -> Iterator[Note]:
    if issues.height:
        yield logging.WARNING, f"{what}: {issues.height} failed checks; their rows are in Issues"


# --- the steps -------------------------------------------------------------------------------------------


READ: Final = Step("read documents", "read", read_inputs, notes=_read_notes)
RECALL: Final = Step("recall figures", "extract", recall, notes=_recall_notes)
EXTRACT: Final = Step(
    "extract figures",
    "extract",
    extract_batch,
    notes=_batch_notes,
    run_name="extract batch {number} of {total}",
    progress=_extraction_progress,
)
LONG_SENTENCES: Final = Step("find long sentences", "extract", long_sentence_issues)
TABULATE: Final = Step("tabulate figures", "normalize", tabulate)
VALIDATE_RAW: Final = _validation(validate_raw, "RawFigureFrame")
VALIDATE_FACTS: Final = _validation(validate_facts, "FigureFrame")
NORMALIZE: Final = Step("normalize figures", "normalize", normalized_frame)
FRAMES: Final = Step(
    "build sheet frames",
    "analyse",
    sheet_frames,
    notes=lambda frames: _checks_note("analysis", frames.checks),
)
ISSUES: Final = Step("collect issues", "analyse", all_issues)
SUMMARIZE: Final = Step("summarize", "analyse", summarize)
OVERRIDE: Final = Step("apply overrides", "validate", overridden, notes=_override_notes)
RENDER: Final = Step("render workbook", "report", render, retry_if=passing_write_error)
EXPORT: Final = Step(
    "export frames", "report", export_frames, notes=lambda path: [(logging.INFO, f"frames exported: {path}")]
)
