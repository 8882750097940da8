"""Read: input files and folders into Outcomes, each processed document a `Document`.

In: paths (files, folders walked for .txt/.html/.htm). Out: one `Outcome` per file, in path order:
processed with its decoded text, title, meeting date and region, or quarantined with a specific reason,
or a duplicate of an earlier file. Modules: `files` (walking, bounded reads, the file index), `decode`
(bytes to text), `html` (a saved page to text), `header` (title, date, region, language).
"""

from regional_report.model import display_path  # the path as Outcomes show it (was read's)
from regional_report.read.files import (
    SETTLE_NS,
    VANISHED,
    FileIndex,
    Stamp,
    document_from_text,
    read_document,
    read_documents,
)
from regional_report.read.header import LANGUAGE_PROBLEM, NOT_A_MEETING, language_of, parse_date

__all__ = [
    "LANGUAGE_PROBLEM",
    "NOT_A_MEETING",
    "SETTLE_NS",
    "VANISHED",
    "FileIndex",
    "Stamp",
    "display_path",
    "document_from_text",
    "language_of",
    "parse_date",
    "read_document",
    "read_documents",
]
