"""Validate: a frame checked against its Pandera contract, eagerly and lazily, split into valid rows and
Issues rows.

In: a frame and its contract (`schemas/`). Out: the contract's coerced rows, and one IssueFrame row per
failure (the failing row leaves its frame): nothing is dropped silently.
"""

from regional_report.validate.contracts import COERCE_CHECK, contract_checks, issues_frame, validate

__all__ = ["COERCE_CHECK", "contract_checks", "issues_frame", "validate"]
