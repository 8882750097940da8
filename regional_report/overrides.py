"""Analyst overrides: a YAML file beside the workbook that excludes figures or corrects what they are.

An analyst who finds a wrong figure writes one entry for it, and every later run applies it. The file:

```yaml
overrides:
  - doc: 019_kursk-region_2017-10-16.txt   # the figure's document, as on Facts (Document)
    start: 1234                            # its offsets, as on Facts (Start; End is optional)
    set: {metric: null, scope: part}       # the fields to correct
    why: sugar beet, not grain             # optional: shown on Issues
  - doc: 019_kursk-region_2017-10-16.txt
    surface: 5 million tonnes              # or the figure as written (Surface),
    sentence: sugar beet                   # with words of its sentence where the surface repeats
    exclude: true                          # leave the figure out of every sheet
```

Each entry names one document (`doc`) and one figure in it: by its offsets (`start`, and `end` if given),
or by its content (`surface`, and `sentence`, words its sentence contains), or both (then all must match);
and says what to do: `exclude: true`, or `set` some of metric, kind, year, scope, status, period, per. An
entry that matches no figure, or several, changes nothing and is reported; so is an entry that is not
well-formed, and a file that cannot be read or parsed: one Issues row (stage "override") for each entry,
applied or not, and none of these stops the run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import polars as pl
import yaml

from regional_report.metrics import metrics
from regional_report.validate import issues_frame, validate
from schemas import FigureFrame, IssueFrame
from schemas.build import frame_of
from schemas.figures import KINDS, PERIODS, SCOPES, STATUSES

__all__ = [
    "FILE_NAME",
    "Override",
    "OverrideFile",
    "apply_overrides",
    "overridden",
    "parse_overrides",
    "read_overrides",
]

FILE_NAME: Final = "overrides.yaml"  # the same name as Settings.overrides_file's default
"""The overrides file's name beside the workbook, where no other path is set."""
STAGE: Final = "override"
APPLIED, EXCLUDED = "override_applied", "override_excluded"
UNMATCHED, AMBIGUOUS = "override_unmatched", "override_ambiguous"
INVALID, FILE_PROBLEM = "override_invalid", "override_file"

KEYS: Final = ("doc", "start", "end", "surface", "sentence", "set", "exclude", "why")
# The fields an override may set, each with the values it accepts (None: null clears the field).
SETTABLE: Final[Mapping[str, tuple[object, ...] | None]] = {
    "metric": None,  # a taxonomy id, or null
    "kind": tuple(KINDS),
    "year": None,  # a year 1800..2100, or null
    "scope": tuple(SCOPES),
    "status": tuple(STATUSES),
    "period": (*PERIODS, None),
    "per": None,  # a rate's base ("person", "1000 people"), or null
}
YEARS: Final = range(1800, 2101)


@dataclass(frozen=True, slots=True)
class Override:
    """One well-formed entry: which figure (by offsets and/or content) and what to do with it."""

    number: int
    """Its place in the file, from 1."""
    line: int
    """Its first line in the file, from 1."""
    doc: str
    start: int | None = None
    end: int | None = None
    surface: str | None = None
    sentence: str | None = None
    exclude: bool = False
    changes: Mapping[str, object] = field(default_factory=dict)
    why: str = ""

    def where(self) -> str:
        """How the entry names its figure, for messages."""
        parts = []
        if self.start is not None:
            parts.append(
                f"characters {self.start}–{self.end}" if self.end is not None else f"start {self.start}"
            )
        if self.surface is not None:
            parts.append(f"“{self.surface}”")
        if self.sentence is not None:
            parts.append(f"in a sentence with “{self.sentence}”")
        return f"{self.doc}, {' '.join(parts)}"

    def label(self, path: str) -> str:
        """'overrides.yaml entry 3 (line 12)'."""
        return f"{path} entry {self.number} (line {self.line})"


@dataclass(frozen=True, slots=True)
class OverrideFile:
    """What an overrides file holds: its well-formed entries, and Issues rows for what could not be read."""

    path: str
    overrides: tuple[Override, ...] = ()
    problems: pl.DataFrame = field(default_factory=lambda: frame_of(IssueFrame, {}))


# --- reading the file ---------------------------------------------------------------------------------------------


def read_overrides(path: Path | None, *, required: bool = False) -> OverrideFile:
    """The overrides of the file at `path`: none when there is no path, or no file where none is `required`
    (the default place beside the workbook); an unreadable or missing required file is one Issues row."""
    if path is None:
        return OverrideFile("")
    shown = str(path)
    if not path.exists():
        if not required:
            return OverrideFile(shown)
        return OverrideFile(shown, problems=_file_problem(shown, "the overrides file does not exist"))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return OverrideFile(shown, problems=_file_problem(shown, f"cannot be read: {error}"))
    return parse_overrides(text, shown)


def parse_overrides(text: str, path: str) -> OverrideFile:
    """The overrides in YAML `text` (read from `path`); each entry that is not well-formed is an Issues row."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        return OverrideFile(path, problems=_file_problem(path, f"is not valid YAML: {_yaml_error(error)}"))
    if data is None:
        return OverrideFile(path)  # an empty file: nothing to apply
    entries = data.get("overrides") if isinstance(data, dict) else None
    if not isinstance(entries, list) or set(data) != {"overrides"}:
        return OverrideFile(
            path, problems=_file_problem(path, "must hold one key, `overrides`, with a list of entries")
        )
    lines = _entry_lines(root)
    good: list[Override] = []
    rows: list[dict[str, object]] = []
    for number, (entry, line) in enumerate(zip(entries, lines, strict=True), start=1):
        override, problem = _entry(entry, number, line)
        if override is not None:
            good.append(override)
        else:
            doc = entry.get("doc") if isinstance(entry, dict) else None
            label = f"{path} entry {number} (line {line})"
            rows.append(
                _issue(INVALID, str(doc or path), None, None, None, f"{label}: {problem}; not applied")
            )
    return OverrideFile(path, tuple(good), _issues(rows))


def _entry_lines(root: yaml.Node | None) -> list[int]:
    """The first line (from 1) of each entry of the `overrides` list, from the composed YAML."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "overrides" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _yaml_error(error: yaml.YAMLError) -> str:
    """A parser's error as 'line 4, column 3: mapping values are not allowed here'."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}" if mark is not None else problem


def _entry(entry: object, number: int, line: int) -> tuple[Override | None, str]:
    """An entry as an Override, or None and what is wrong with it."""
    if not isinstance(entry, dict):
        return None, "an entry must be a mapping (doc, start or surface, and set or exclude)"
    unknown = sorted(str(k) for k in entry if k not in KEYS)
    if unknown:
        return None, f"unknown key {', '.join(unknown)} (known: {', '.join(KEYS)})"
    problem = _locator_problem(entry) or _action_problem(entry)
    if problem:
        return None, problem
    changes = dict(entry.get("set") or {})
    return (
        Override(
            number=number,
            line=line,
            doc=entry["doc"],
            start=entry.get("start"),
            end=entry.get("end"),
            surface=entry.get("surface"),
            sentence=entry.get("sentence"),
            exclude=entry.get("exclude") is True,
            changes=changes,
            why=str(entry.get("why") or ""),
        ),
        "",
    )


def _locator_problem(entry: Mapping[str, Any]) -> str:
    """What is wrong with how an entry names its figure ("" when nothing is)."""
    if not isinstance(entry.get("doc"), str) or not entry["doc"]:
        return "`doc` must name the figure's document (its file name, as on Facts)"
    for key in ("start", "end"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            return f"`{key}` must be a character offset (a whole number of at least 0), not {value!r}"
    for key in ("surface", "sentence"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            return f"`{key}` must be text, not {value!r}"
    if entry.get("start") is None and entry.get("surface") is None:
        return "name the figure by `start` (its offset on Facts) or `surface` (its words as written)"
    return ""


def _action_problem(entry: Mapping[str, Any]) -> str:
    """What is wrong with what an entry asks to do ("" when nothing is)."""
    exclude, changes = entry.get("exclude"), entry.get("set")
    if exclude not in (None, True, False):
        return f"`exclude` must be true or false, not {exclude!r}"
    if exclude is True and changes:
        return "an entry either excludes a figure or sets its fields, not both"
    if exclude is not True and not changes:
        return "say what to do: `exclude: true`, or `set` with some of " + ", ".join(SETTABLE)
    if exclude is True:
        return ""
    if not isinstance(changes, dict):
        return "`set` must be a mapping of fields to values"
    for name, value in changes.items():
        problem = _value_problem(str(name), value)
        if problem:
            return problem
    return ""


def _value_problem(name: str, value: object) -> str:
    """What is wrong with setting field `name` to `value` ("" when nothing is)."""
    if name not in SETTABLE:
        return f"`set` cannot change {name!r} (it can: {', '.join(SETTABLE)})"
    allowed = SETTABLE[name]
    if allowed is not None and value not in allowed:
        return f"{name} must be one of {', '.join('null' if a is None else str(a) for a in allowed)}, not {value!r}"
    if name == "metric" and value is not None and value not in metrics():
        return f"metric {value!r} is not in the taxonomy (metrics.yaml); use a metric id or null"
    if name == "year" and value is not None and (isinstance(value, bool) or value not in YEARS):
        return f"year must be a year from {YEARS.start} to {YEARS.stop - 1}, or null, not {value!r}"
    if name == "per" and value is not None and (not isinstance(value, str) or not value):
        return f"per must be a rate's base such as 'person' or '1000 people', or null, not {value!r}"
    return ""


def overridden(
    facts: pl.DataFrame, path: Path | None, *, required: bool = False
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The facts after the overrides of the file at `path` (`read_overrides`), validated again through their
    contract, and the Issues rows: one per entry and per figure a correction made invalid."""
    changed, issues = apply_overrides(facts, read_overrides(path, required=required))
    valid, refused = validate(FigureFrame, changed, STAGE, "doc")
    return valid, issues_frame(issues, refused)


# --- applying them ------------------------------------------------------------------------------------------------


def apply_overrides(facts: pl.DataFrame, overrides: OverrideFile) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The facts (FigureFrame rows) with every override that matches exactly one figure applied, in the
    file's order, and one Issues row per entry: applied, excluded, matching none or several, plus the
    file's own problems. A changed metric takes its label and topic from the taxonomy. Not validated here:
    the facts go through their contract again."""
    rows: list[dict[str, object]] = []
    excluded: set[int] = set()
    changed: dict[int, dict[str, object]] = {}
    indexed = facts.with_row_index("__row")
    for override in overrides.overrides:
        candidates = _candidates(indexed, override)
        label = override.label(overrides.path)
        if candidates.height != 1:
            rows.append(_not_matched(override, candidates, label))
            continue
        figure = candidates.row(0, named=True)
        row = int(figure["__row"])
        if override.exclude:
            excluded.add(row)
            rows.append(_issue(EXCLUDED, override.doc, figure["region"], None, figure["surface"],
                               f"{label}: “{figure['surface']}” ({figure['start']}–{figure['end']}) excluded"
                               f"{_because(override)}"))  # fmt: skip
            continue
        now = {**figure, **changed.get(row, {})}
        said = ", ".join(f"{k} {_shown(now[k])} → {_shown(v)}" for k, v in override.changes.items())
        changed.setdefault(row, {}).update(override.changes)
        rows.append(_issue(APPLIED, override.doc, figure["region"], ", ".join(override.changes), figure["surface"],
                           f"{label}: “{figure['surface']}” ({figure['start']}–{figure['end']}): {said}"
                           f"{_because(override)}"))  # fmt: skip
    result = _changed(indexed, changed).filter(~pl.col("__row").is_in(sorted(excluded))).drop("__row")
    return result, pl.concat([overrides.problems, _issues(rows)], how="vertical")


def _candidates(facts: pl.DataFrame, override: Override) -> pl.DataFrame:
    """The figures an override names: in its document, at its offsets and with its words, where given."""
    match = pl.col("doc") == override.doc
    if override.start is not None:
        match &= pl.col("start") == override.start
    if override.end is not None:
        match &= pl.col("end") == override.end
    if override.surface is not None:
        match &= pl.col("surface") == override.surface
    if override.sentence is not None:
        match &= pl.col("sentence").str.to_lowercase().str.contains(override.sentence.lower(), literal=True)
    return facts.filter(match)


def _not_matched(override: Override, candidates: pl.DataFrame, label: str) -> dict[str, object]:
    """The Issues row of an override that names no figure, or several."""
    if candidates.is_empty():
        return _issue(UNMATCHED, override.doc, None, None, None,
                      f"{label}: no figure at {override.where()} (the document or its figures changed?); "
                      "not applied")  # fmt: skip
    found = "; ".join(f"“{s}” ({a}–{b})" for s, a, b in candidates.select("surface", "start", "end").rows())
    return _issue(AMBIGUOUS, override.doc, candidates.item(0, "region"), None, None,
                  f"{label}: {candidates.height} figures at {override.where()}: {found}; name one by its start "
                  "(or more words of its sentence); not applied")  # fmt: skip


def _changed(facts: pl.DataFrame, changed: Mapping[int, Mapping[str, object]]) -> pl.DataFrame:
    """`facts` with each row's changed fields, and the label and topic of a changed metric."""
    if not changed:
        return facts
    taxonomy = metrics()
    updates: dict[str, dict[int, object]] = {}
    for row, fields in changed.items():
        for name, value in fields.items():
            updates.setdefault(name, {})[row] = value
            if name == "metric":
                known = taxonomy.get(str(value)) if value is not None else None
                updates.setdefault("metric_label", {})[row] = known.label if known else None
                updates.setdefault("topic", {})[row] = known.topic if known else None
    for name, by_row in updates.items():
        patch = pl.DataFrame(
            {"__row": list(by_row), "__new": list(by_row.values())},
            schema={"__row": facts.schema["__row"], "__new": facts.schema[name]},
        )
        patched = pl.col("__row").is_in(list(by_row))
        facts = (
            facts.join(patch, on="__row", how="left", maintain_order="left")
            .with_columns(pl.when(patched).then(pl.col("__new")).otherwise(pl.col(name)).alias(name))
            .drop("__new")
        )
    return facts


def _because(override: Override) -> str:
    return f" (why: {override.why})" if override.why else ""


def _shown(value: object) -> str:
    return "null" if value is None else str(value)


def _issue(
    check: str, doc: str, region: object, column: str | None, value: object, message: str
) -> dict[str, object]:
    return {"stage": STAGE, "doc": doc, "region": region, "check": check, "column": column,
            "value": None if value is None else str(value), "message": message}  # fmt: skip


def _issues(rows: Sequence[Mapping[str, object]]) -> pl.DataFrame:
    return frame_of(IssueFrame, {name: [r.get(name) for r in rows] for name in ("stage", "doc", "region", "check",
                                                                              "column", "value", "message")})  # fmt: skip


def _file_problem(path: str, problem: str) -> pl.DataFrame:
    return _issues(
        [_issue(FILE_PROBLEM, path, None, None, None, f"{path} {problem}; no override was applied")]
    )
