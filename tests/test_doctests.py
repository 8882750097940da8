"""The examples in the extract stage's docstrings run as written (the grammar's helpers document themselves)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import regional_report.extract

MODULES = sorted(
    m.name for m in pkgutil.iter_modules(regional_report.extract.__path__, "regional_report.extract.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Every `>>>` example of the module gives the output written under it."""
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
