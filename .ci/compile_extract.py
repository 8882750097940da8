"""Compile the extract stage's grammar and context modules to C with mypyc (`make compile`).

The modules are the same source, already checked by mypy --strict; compiled, they run the same rules
about 1.9 times as fast on one core (`benchmarks/extraction_throughput.py`). The extension modules land
beside their sources, where Python imports them first; `regional_report.extract` refuses one older than
its source (`make clean-compiled` goes back to the pure-Python modules).

Run: uv run --with setuptools python .ci/compile_extract.py build_ext --inplace --force (as `make compile`
does; --force: every module is built and copied again, so none keeps the time of an earlier build)
"""

from __future__ import annotations

from pathlib import Path

from mypyc.build import mypycify
from setuptools import setup

STAGE = Path("regional_report/extract")
# What runs for every sentence and figure. Not compiled: `lexicon` (tables only; under mypyc the
# modules that read its Final tuples found them unset), `limits` and `parallel` (a few calls a document),
# the package's `__init__` (it checks the compiled modules).
MODULES = (
    "text",
    "numbers",
    "spans",
    "exclusions",
    "changes",
    "ranks",
    "phrases",
    "kinds",
    "engine",
    "measure",
    "scope",
    "timing",
    "context",
)

setup(
    name="regional-report-extract-compiled",
    packages=[],
    ext_modules=mypycify([str(STAGE / f"{m}.py") for m in MODULES], opt_level="3"),
)
