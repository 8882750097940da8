"""The 40-cell check: comparison cells drawn at random from a run's export, with their sentences, to judge.

Run: uv run python benchmarks/comparison_sample.py --seed 7                       # run, export, draw, print
     uv run python benchmarks/comparison_sample.py --seed 7 --export-dir frames/  # draw from an export
     uv run python benchmarks/comparison_sample.py --seed 7 --judged benchmarks/judged/comparison_cells.csv

Without `--export-dir`, it runs the pipeline (no Prefect, no cache) over `--inputs` (default:
../shared/corpus/en) with `--export` into a temporary folder. From the export's `comparison.parquet` it draws
`--cells` cells (40) with `--seed`, joins each with its figure on `facts.parquet` (its sentence, subject and
v2 fields, by document and offsets), and prints each cell as the workbook shows it: region, column, value
with its year (or the meeting's month), the text's form where it was converted, rank, and the sentence
with the figure's words marked [[like this]]. A person then judges whether each cell truly compares: the
right metric, the same meaning as the column, one year or a level, the region's own (not a plant's or a
programme's), achieved (not a plan).

`--template FILE` writes the draw as a CSV to fill in (`verdict`: yes / no; `cause`: extraction or rules,
for a no; `why`). `--judged FILE` reads such filled rows (any number of files' rows in one: a judgement is
kept by the cell it judges, its document, offsets, column and the value as shown) and prints the draw's
tally: the cells that compare, and the failures by cause; a drawn cell nobody judged is named, not guessed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from regional_report import pipeline
from regional_report.settings import PROJECT_ROOT, get_settings

DEFAULT_INPUTS = PROJECT_ROOT.parent / "shared" / "corpus" / "en"
KEY = ("doc", "start", "end")
VERDICTS = ("yes", "no")
CAUSES = ("extraction", "rules")
TEMPLATE_COLUMNS = (
    "n",
    "region",
    "column",
    "shown",
    "surface",
    "doc",
    "start",
    "end",
    "verdict",
    "cause",
    "why",
)


def export_run(inputs: Path, folder: Path, min_regions: int | None) -> Path:
    """Run the pipeline over `inputs` with its export into `folder`; the export folder."""
    export = folder / "frames"
    settings = get_settings(
        inputs=[inputs],
        out=folder / "report.xlsx",
        export=export,
        cache=False,
        ranking_min_regions=min_regions,
    )
    pipeline.run(settings, pipeline.Direct(), datetime.now(UTC))
    return export


def draw(export: Path, cells: int, seed: int) -> pl.DataFrame:
    """`cells` Comparison cells drawn at random with `seed` (all of them if there are fewer), in draw order,
    each with its figure's sentence, subject and v2 fields from Facts."""
    comparison = pl.read_parquet(export / "comparison.parquet").sort(["region", "column"])
    facts = pl.read_parquet(export / "facts.parquet").select(
        *KEY, "sentence", "subject", "scope", "status", "period", pl.col("kind").alias("fact_kind")
    )
    drawn = comparison.sample(n=min(cells, comparison.height), seed=seed, shuffle=True)
    return drawn.join(facts, on=list(KEY), how="left", maintain_order="left").with_row_index("n", offset=1)


def shown(cell: dict[str, object]) -> str:
    """The cell as the workbook shows it: its value (in its unit), the text's form where it was converted, and
    its year or the meeting's month."""
    from regional_report.report import cells as C  # the renderer's own formatting
    from regional_report.report import matrix

    fmt = matrix.comparison_format(cell)
    return f"{C.shown(C.cell_number(str(cell['unit']), float(str(cell['value']))), fmt)} [{cell['unit']}]"


def marked(sentence: str, surface: str) -> str:
    """The sentence with the figure's words marked."""
    at = sentence.find(surface)
    return sentence if at < 0 else f"{sentence[:at]}[[{surface}]]{sentence[at + len(surface) :]}"


def report(sample: pl.DataFrame, version: str) -> str:
    """The draw as text, one block per cell."""
    lines = [f"{sample.height} comparison cells (extractor {version})", ""]
    for cell in sample.iter_rows(named=True):
        rank = (
            f"rank {cell['rank']} of {cell['reporters']}"
            if cell["rank"] is not None
            else "outlier, not ranked"
        )
        lines += [
            f"{cell['n']:>2}. {cell['region']} | {cell['column']} | {shown(cell)} | {rank}",
            (
                f"    subject: {cell['subject']} | as extracted: {cell['fact_kind']}, scope {cell['scope']}, "
                f"status {cell['status']}, period {cell['period']}, year {cell['year']}"
            ),
            f"    {cell['doc']} {cell['start']}-{cell['end']}: {marked(cell['sentence'] or '', cell['surface'])}",
            "",
        ]
    return "\n".join(lines)


def write_template(sample: pl.DataFrame, path: Path, version: str) -> None:
    """The draw as a CSV to judge: verdict, cause and why left blank."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(f"# extractor {version}\n")
        writer = csv.DictWriter(handle, TEMPLATE_COLUMNS)
        writer.writeheader()
        for cell in sample.iter_rows(named=True):
            writer.writerow({"n": cell["n"], "region": cell["region"], "column": cell["column"],
                             "shown": shown(cell), "surface": cell["surface"], "doc": cell["doc"],
                             "start": cell["start"], "end": cell["end"], "verdict": "", "cause": "", "why": ""})  # fmt: skip


def _key(row: dict[str, object]) -> tuple[str, str, str, str, str]:
    """What a judgement is kept by: the cell's figure (document and offsets), its column and what it shows."""
    return (str(row["doc"]), str(row["start"]), str(row["end"]), str(row["column"]), str(row["shown"]))


def tally(sample: pl.DataFrame, path: Path) -> str:
    """The tally of the drawn cells from the judgements in `path`."""
    rows = list(
        csv.DictReader(
            line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
        )
    )
    judged = {_key(r): r for r in rows}
    drawn = [{**cell, "shown": shown(cell)} for cell in sample.iter_rows(named=True)]
    missing = [str(cell["n"]) for cell in drawn if _key(cell) not in judged]
    if missing:
        raise SystemExit(
            f"{path} judges no cell {', '.join(missing)} of this draw: judge them first (--template)"
        )
    verdicts = [judged[_key(cell)] for cell in drawn]
    bad = [
        v["n"]
        for v in verdicts
        if v["verdict"] not in VERDICTS or (v["verdict"] == "no") != (v["cause"] in CAUSES)
    ]
    if bad:
        raise SystemExit(f"{path}: rows {', '.join(bad)} need a verdict (yes/no) and, for a no, a cause")
    good = sum(v["verdict"] == "yes" for v in verdicts)
    causes = Counter(v["cause"] for v in verdicts if v["verdict"] == "no")
    lines = [f"{good} of {len(verdicts)} cells compare"]
    lines += [f"  not comparable, {cause}: {causes[cause]}" for cause in CAUSES]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7, help="the draw's seed (default 7)")
    parser.add_argument("--cells", type=int, default=40, help="cells drawn (default 40)")
    parser.add_argument("--inputs", type=Path, default=DEFAULT_INPUTS, help="documents to run over")
    parser.add_argument("--export-dir", type=Path, help="draw from this export instead of running")
    parser.add_argument("--min-regions", type=int, help="REGIONAL_REPORT_RANKING_MIN_REGIONS for the run")
    parser.add_argument("--template", type=Path, help="also write the draw as a CSV to judge")
    parser.add_argument("--judged", type=Path, help="a judged CSV of this draw: print its tally")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        export = args.export_dir or export_run(args.inputs, Path(scratch), args.min_regions)
        version = str(
            json.loads((export / "manifest.json").read_text(encoding="utf-8"))["run"]["extractor_version"]
        )
        sample = draw(export, args.cells, args.seed)
        print(report(sample, version))
        if args.template:
            write_template(sample, args.template, version)
        if args.judged:
            print(tally(sample, args.judged))
    return 0


if __name__ == "__main__":
    sys.exit(main())
