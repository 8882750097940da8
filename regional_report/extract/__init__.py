"""Extract: a document's text into the figures it states.

In: a document's text and meeting date. Out: its `Figure`s in order of appearance, each with its span,
kind, value in the spec's canonical unit, qualifier, metric, subject, year, scope, status, period and
rate base. Modules: `text`
(sentences and tokens), `numbers` (number phrases), `lexicon` (the grammar's vocabulary), `engine` (the
figure grammar's driver: sentences, the finders in order, figures), its rules `spans` (the found figure
and the look-ups), `changes` (change words, whole-phrase changes), `ranks` (places), `exclusions`
(numbers that are no figures), `phrases` (number phrases, step by step) and `kinds` (the kind of a
phrase, by unit and by sentence); `context` (a figure in its sentence: `measure` for the metric and
subject, `scope`, `timing` for year, status, period and rate base), `limits` (overlong sentences set
aside), `parallel` (documents on a process pool; the pipeline cuts them into batches).

`make install` (and so every make target) compiles the grammar and context modules with mypyc where a C
compiler is found, and again when one of their sources changes (extension modules beside their sources,
which Python imports first); `make clean-compiled` or `COMPILE=0` removes them.
"""

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path


def stale_compiled(stage: Path = Path(__file__).parent) -> list[str]:
    """The compiled modules of `stage` older than their sources: Python would run them, not the source."""
    return sorted(
        compiled.name
        for suffix in EXTENSION_SUFFIXES
        for compiled in stage.glob(f"*{suffix}")
        if (source := stage / (compiled.name.removesuffix(suffix) + ".py")).exists()
        and source.stat().st_mtime > compiled.stat().st_mtime
    )


if _stale := stale_compiled():
    raise ImportError(
        f"compiled modules older than their sources ({', '.join(_stale)}): run `make install` (it compiles "
        "them again), or `make clean-compiled` for the pure-Python modules"
    )

# imported after the check: a stale compiled module would be imported here
from regional_report.extract.engine import (
    EXTRACTOR_VERSION,
    GRAMMAR_FILES,
    extract_figures,
    grammar_fingerprint,
)
from regional_report.extract.limits import extract_bounded, long_sentences

__all__ = [
    "EXTRACTOR_VERSION",
    "GRAMMAR_FILES",
    "extract_bounded",
    "extract_figures",
    "grammar_fingerprint",
    "long_sentences",
]
