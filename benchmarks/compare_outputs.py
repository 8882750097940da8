"""Do two revisions give the same outputs? The extract command's JSON Lines and the workbook, cell by cell.

Run: uv run python benchmarks/compare_outputs.py --base main                 # main against this working tree
     uv run python benchmarks/compare_outputs.py --base 51d445d --head HEAD  # two commits
     uv run python benchmarks/compare_outputs.py --base /path/to/checkout     # a checkout, as it is

Each side is a git revision (exported with `git archive` into a temporary folder) or a folder holding a
checkout; `--head .` (the default) is this working tree with its uncommitted changes. Both sides run with
this checkout's environment (`.venv`), their own code first on `sys.path`, over the same inputs (default:
`seeds/` and `../shared/corpus/en`, when present), writing to the same output path, so that the paths the
workbook shows are the same. For each side:

1. `regional-report extract INPUTS` (stdout, one JSON object per line);
2. `regional-report run INPUTS` with the cache off (`REGIONAL_REPORT_CACHE=false`);
3. with `--rerun`: `regional-report run INPUTS` twice over a fresh cache folder, the second workbook kept
   (a re-run that recalls its files and figures must write the same workbook as a cold run).

Then it compares the JSON Lines record by record and every sheet of the workbooks cell by cell: values and
notes, not bytes (openpyxl stamps each save with its time). The Overview's "Generated at" differs by
nature and is left out; "Extractor version" is shown apart (it changes whenever a file of the extract stage
does). The exit status is 0 when everything else is the same, 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
VOLATILE = ("Generated at",)
"""Overview rows whose value differs between any two runs."""
NOTED = ("Extractor version",)
"""Overview rows whose difference is shown, not counted."""
SHOWN = 20
"""Differences shown per output; the rest are counted."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    inputs = [Path(p).resolve() for p in args.inputs] or _default_inputs()
    with tempfile.TemporaryDirectory(prefix="regional-report-compare-") as tmp:
        work = Path(tmp)
        sides = {}
        for label, revision in (("base", args.base), ("head", args.head)):
            started = time.perf_counter()
            code = _checkout(revision, work / f"{label}-code")
            sides[label] = _outputs(code, inputs, work / label, work / "out", rerun=args.rerun)
            print(f"{label}: {revision} ({code}) ran in {time.perf_counter() - started:.0f} s", flush=True)
        differences = _compare(sides["base"], sides["head"])
    print("same outputs" if not differences else f"{differences} differences")
    return 1 if differences else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="a git revision or a checkout folder")
    parser.add_argument(
        "--head", default=".", help="a git revision or a checkout folder (default: this tree)"
    )
    parser.add_argument("--rerun", action="store_true", help="also compare a cached re-run's workbook")
    parser.add_argument(
        "inputs", nargs="*", help="files or folders (default: seeds/ and ../shared/corpus/en)"
    )
    return parser


def _default_inputs() -> list[Path]:
    corpus = ROOT.parent / "shared" / "corpus" / "en"
    return [ROOT / "seeds", *([corpus.resolve()] if corpus.is_dir() else [])]


def _checkout(revision: str, folder: Path) -> Path:
    """The code of `revision`: this tree for ".", a folder as it is, or a git revision exported to `folder`."""
    if revision == ".":
        return ROOT
    if Path(revision).is_dir():
        return Path(revision).resolve()
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _outputs(code: Path, inputs: list[Path], keep: Path, out: Path, *, rerun: bool) -> dict[str, Path]:
    """Run the side's commands; the paths of what they wrote, by name."""
    keep.mkdir(parents=True)
    out.mkdir(exist_ok=True)
    workbook = out / "regional_report.xlsx"
    home = keep / "prefect-home"
    env = {
        **os.environ,
        "PYTHONPATH": str(code),  # before the editable install's path: this side's code is imported
        "PREFECT_HOME": str(home),
        "REGIONAL_REPORT_CACHE_DIR": str(keep / "cache"),
    }
    env.pop("PREFECT_API_URL", None)  # each side on its own ephemeral API
    command = [sys.executable, "-m", "flows.cli"]
    paths = [str(p) for p in inputs]
    found = {"extract": keep / "extract.jsonl"}
    with found["extract"].open("wb") as stdout:
        _call([*command, "extract", *paths], code, {**env, "REGIONAL_REPORT_CACHE": "false"}, stdout)
    runs = [("workbook", "false")] + ([("rerun-first", "true"), ("rerun", "true")] if rerun else [])
    for name, cache in runs:
        _call(
            [*command, "run", *paths, "--out", str(workbook)], code, {**env, "REGIONAL_REPORT_CACHE": cache}
        )
        found[name] = keep / f"{name}.xlsx"
        shutil.copyfile(workbook, found[name])
    return found


def _call(command: list[str], cwd: Path, env: dict[str, str], stdout: Any = subprocess.DEVNULL) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, check=False)
    if done.returncode not in (0, 1):  # 1: a run with a quarantine problem still writes its workbook
        sys.exit(
            f"{' '.join(command[2:4])} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}"
        )


def _compare(base: dict[str, Path], head: dict[str, Path]) -> int:
    """Print the differences between the two sides' outputs; their number."""
    total = _report("extract", _extract_differences(base["extract"], head["extract"]))
    for name in ("workbook", "rerun"):
        if name in base:
            total += _report(name, _workbook_differences(base[name], head[name]))
    if "rerun" in base:  # a re-run must write what a cold run writes
        total += _report("head: rerun vs cold", _workbook_differences(head["workbook"], head["rerun"]))
    return total


def _report(name: str, differences: Iterator[str]) -> int:
    count = 0
    for count, line in enumerate(differences, start=1):
        if count <= SHOWN:
            print(f"  {name}: {line}")
    if count > SHOWN:
        print(f"  {name}: ... and {count - SHOWN} more")
    print(f"{name}: {'same' if not count else f'{count} differences'}", flush=True)
    return count


def _extract_differences(base: Path, head: Path) -> Iterator[str]:
    old, new = _lines(base), _lines(head)
    if len(old) != len(new):
        yield f"{len(old)} records in base, {len(new)} in head"
    for i, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            keys = sorted(k for k in {*a, *b} if a.get(k) != b.get(k))
            yield f"record {i} ({a.get('doc')} {a.get('start')}-{a.get('end')}): " + ", ".join(
                f"{k} {a.get(k)!r} -> {b.get(k)!r}" for k in keys
            )


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _workbook_differences(base: Path, head: Path) -> Iterator[str]:
    old, new = load_workbook(base), load_workbook(head)
    if old.sheetnames != new.sheetnames:
        yield f"sheets {old.sheetnames} -> {new.sheetnames}"
    for title in old.sheetnames:
        if title not in new.sheetnames:
            continue
        a, b = old[title], new[title]
        if (a.max_row, a.max_column) != (b.max_row, b.max_column):
            yield f"{title}: {a.max_row}x{a.max_column} cells -> {b.max_row}x{b.max_column}"
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=False):
            label = row_a[0].value
            if title == "Overview" and label in VOLATILE:
                continue
            for cell_a, cell_b in zip(row_a, row_b, strict=False):
                note_a = cell_a.comment.text if cell_a.comment else None
                note_b = cell_b.comment.text if cell_b.comment else None
                if cell_a.value == cell_b.value and note_a == note_b:
                    continue
                where = f"{title}!{cell_a.coordinate}"
                if title == "Overview" and label in NOTED:
                    print(f"  (noted, not counted) {where} {label}: {cell_a.value!r} -> {cell_b.value!r}")
                    continue
                what = "value" if cell_a.value != cell_b.value else "note"
                yield f"{where} {what}: {cell_a.value!r} -> {cell_b.value!r}" + (
                    f" (note {note_a!r} -> {note_b!r})" if what == "note" else ""
                )


if __name__ == "__main__":
    sys.exit(main())
