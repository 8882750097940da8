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
"""

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
