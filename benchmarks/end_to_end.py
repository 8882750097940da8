"""End to end: the real flow over N generated documents, with the wall time of each stage and peak RSS.

Run: uv run python benchmarks/end_to_end.py --docs 1000
     uv run python benchmarks/end_to_end.py --docs 10000
     uv run python benchmarks/end_to_end.py --docs 10000 --incremental
     uv run python benchmarks/end_to_end.py --docs 10000 --server   # against a running Prefect server
     uv run python benchmarks/end_to_end.py --docs 1000 --repeat 5  # medians of 5 full runs

The corpus comes from `make_corpus(n, seed=7)`. Each measured run is `regional_report_flow` in a fresh
child process (as `regional-report run` runs it), so its peak RSS and imports are its own. A full run has
the figure cache off (REGIONAL_REPORT_CACHE=false). `--incremental` runs the flow twice with the cache on
in an empty cache folder: first over the corpus (the full run, filling the cache), then over the same
corpus with 1 % of its documents changed (a paragraph appended), and prints the re-run's share of the
full run.

The child starts Prefect's ephemeral API server before the flow (a fixed cost of every
`regional-report run` without `PREFECT_API_URL`), so the flow's time leaves it out; it is printed apart.
`--server` first starts `prefect server start` (SQLite in a temporary PREFECT_HOME, no UI) and points the
children at it, as scheduled runs are: then no child starts a server of its own. The server's own start is
not part of any run and is printed apart.
Per stage: the wall seconds spent in the plain functions inside the tasks (the run summary's
`stage_seconds`); "Prefect overhead" under each run is the flow call's wall time minus their sum. That
split is blurred on 2 cores, where the API server's process, Prefect's threads and the extraction pool
share the cores: time lost to contention lands in a stage. So each full run is followed by the same
pipeline without Prefect (`regional_report.pipeline` run directly, in a fresh process, the pool and all), and Prefect's
cost is the difference of the two wall times (`--repeat N`: their medians).
Peak RSS: getrusage of the child and its waited-for children (the largest of them, not a sum).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from make_corpus import make_corpus

from flows.local_server import ServerError, local_server

ROOT = Path(__file__).resolve().parents[1]


def child(inputs: str, out: str) -> None:
    """Run the flow once in this process and print its measurements as one JSON line."""
    from flows.cli import prefect_environment

    prefect_environment()
    started = time.perf_counter()
    from prefect.client.orchestration import get_client

    from flows.pipeline import (
        one_off_run,
        regional_report_flow,
    )  # imports are part of the process, not of the flow

    imported = time.perf_counter()
    with get_client(sync_client=True) as client:  # starts the ephemeral API server, once per process
        client.hello()
    server = time.perf_counter()
    with one_off_run():  # as `regional-report run` calls it
        summary = regional_report_flow(inputs=[inputs], out=out)
    flow_wall = time.perf_counter() - server
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    record = {
        "import_seconds": imported - started,
        "server_seconds": server - imported,
        "flow_seconds": flow_wall,
        "stage_seconds": dict(summary.stage_seconds),
        "documents": summary.documents_processed,
        "cached": summary.documents_cached,
        "figures": summary.figures,
        "peak_rss_mb": max(own, children) / 1024,  # ru_maxrss is in KiB on Linux
    }
    print("RESULT " + json.dumps(record))


def plain_child(inputs: str, out: str) -> None:
    """The same pipeline without Prefect (`regional_report.pipeline` run directly), once in this process;
    one JSON line."""
    from regional_report import pipeline
    from regional_report.settings import get_settings

    started = time.perf_counter()
    summary = pipeline.run(get_settings(inputs=[inputs], out=out, cache=False), pipeline.Direct()).summary
    record = {"plain_seconds": time.perf_counter() - started, "figures": summary.figures}
    print("RESULT " + json.dumps(record))


def measure(inputs: Path, out: Path, env: dict[str, str], *, mode: str = "--child") -> dict[str, object]:
    """One run in a child process (the flow, or with `--plain-child` the pipeline without Prefect); its
    measurements plus the process's wall time."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, mode, str(inputs), str(out)],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode or line is None:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"the run failed (exit {proc.returncode})")
    record: dict[str, object] = json.loads(line.removeprefix("RESULT "))
    record["process_seconds"] = wall
    return record


@contextlib.contextmanager
def prefect_server(home: Path) -> Iterator[str]:
    """`flows.local_server` for the benchmark: its start is timed and printed; a failure ends the benchmark."""
    started = time.perf_counter()
    try:
        with local_server(home) as url:
            print(
                f"Prefect server on {url}, started in {time.perf_counter() - started:.1f} s (not part of any run)"
            )
            yield url
    except ServerError as error:
        raise SystemExit(str(error)) from error


def report(name: str, r: dict[str, object]) -> None:
    stages = dict(r["stage_seconds"])  # type: ignore[call-overload]
    flow = float(r["flow_seconds"])  # type: ignore[arg-type]
    pure = sum(stages.values())
    print(
        f"{name}: {r['documents']:,} documents ({r['cached']:,} from earlier runs), {r['figures']:,} figures; "
        f"process {float(r['process_seconds']):.1f} s (imports {float(r['import_seconds']):.1f} s, "  # type: ignore[arg-type]
        f"Prefect API server start {float(r['server_seconds']):.1f} s), "  # type: ignore[arg-type]
        f"flow {flow:.1f} s, peak RSS {float(r['peak_rss_mb']):.0f} MB"  # type: ignore[arg-type]
    )
    print("  " + ", ".join(f"{s} {v:.2f} s" for s, v in stages.items()))
    print(f"  Prefect overhead: {flow - pure:.2f} s of {flow:.2f} s ({(flow - pure) / flow:.1%})")


def change(paths: list[Path], share: float) -> int:
    """Append a paragraph of the next document to every (1/share)-th document; how many changed."""
    step = max(1, round(1 / share))
    changed = 0
    for k in range(0, len(paths), step):
        donor = paths[(k + 1) % len(paths)].read_text(encoding="utf-8").rstrip().rsplit("\n\n", 1)[-1]
        text = paths[k].read_text(encoding="utf-8").rstrip()
        paths[k].write_text(f"{text}\n\n{donor}\n", encoding="utf-8")
        changed += 1
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--incremental", action="store_true", help="full run, then 1 %% changed (cache on)")
    parser.add_argument("--changed", type=float, default=0.01, help="share of documents changed")
    parser.add_argument("--server", action="store_true", help="run against a running Prefect server")
    parser.add_argument("--repeat", type=int, default=1, help="full runs to make; the medians are printed")
    parser.add_argument("--child", nargs=2, metavar=("INPUTS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--plain-child", nargs=2, metavar=("INPUTS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.plain_child:
        plain_child(*args.plain_child)
        return
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="regional-report-bench-"))
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "report.xlsx"
        paths = make_corpus(args.docs, corpus, seed=args.seed)
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"corpus: {len(paths):,} documents, {size:.1f} MB (seed {args.seed}); {os.cpu_count()} cores")
        api = {}
        if args.server:
            url = stack.enter_context(prefect_server(Path(tmp) / "prefect-server"))
            api = {"PREFECT_API_URL": url, "PREFECT_HOME": str(Path(tmp) / "client-home")}
        if not args.incremental:
            flows, plains = [], []
            for k in range(1, args.repeat + 1):
                run = measure(corpus, out, {**api, "REGIONAL_REPORT_CACHE": "false"})
                report(f"full run {k} of {args.repeat}, cache off", run)
                plain = float(measure(corpus, out, {}, mode="--plain-child")["plain_seconds"])  # type: ignore[arg-type]
                flow = float(run["flow_seconds"])  # type: ignore[arg-type]
                print(
                    f"  without Prefect: {plain:.2f} s; Prefect adds {flow - plain:.2f} s ({(flow - plain) / flow:.1%})"
                )
                flows.append(flow)
                plains.append(plain)
            flow, plain = statistics.median(flows), statistics.median(plains)
            print(
                f"median of {args.repeat}: flow {flow:.2f} s, the same without Prefect {plain:.2f} s: "
                f"Prefect adds {flow - plain:.2f} s ({(flow - plain) / flow:.1%} of the flow)"
            )
            return
        env = {**api, "REGIONAL_REPORT_CACHE": "true", "REGIONAL_REPORT_CACHE_DIR": str(Path(tmp) / "cache")}
        full = measure(corpus, out, env)
        report("full run, cache on (empty)", full)
        changed = change(paths, args.changed)
        again = measure(corpus, out, env)
        report(f"re-run, {changed:,} documents changed", again)
        for key in ("flow_seconds", "process_seconds"):
            share = float(again[key]) / float(full[key])  # type: ignore[arg-type]
            print(f"re-run / full run ({key.removesuffix('_seconds')}): {share:.0%}")


if __name__ == "__main__":
    main()
