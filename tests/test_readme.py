"""The README's commands run as written on a fresh clone, where PATH has only /usr/bin:/bin: no `uv`,
no `prefect`, no `regional-report` (they live in .uv-bootstrap/ and .venv/ once `make` has run)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

# What a fresh machine has, as the README's Quickstart says (Python 3.11+, make, git), common POSIX tools the
# README pipes through, and shell builtins.
FRESH_MACHINE = {"make", "git", "python3", "curl", "head", "export", "cd"}


def shell_blocks(text: str) -> list[str]:
    """The commands of every ```sh block, one per logical line (continuations joined, comments dropped)."""
    commands = []
    for block in re.findall(
        r"^[ \t]*```(?:sh|bash|console)\n(.*?)^[ \t]*```", text, flags=re.MULTILINE | re.DOTALL
    ):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = " ".join(re.sub(r"(^|\s)#.*$", "", line).split())
            if line:
                commands.append(line)
    return commands


def programs(command: str) -> list[str]:
    """The program each part of a shell command line starts (split at pipes, lists and substitutions)."""
    found = []
    for part in re.split(r"\|\||&&|\||;|<\(|\$\(", command):
        words = [w for w in shlex.split(part.replace(")", " ")) if not re.fullmatch(r"[A-Z_]+=.*", w)]
        if words and words[0] not in {">", "<"}:
            found.append(words[0])
    return found


def inline_commands(text: str) -> list[str]:
    """Code spans outside fenced blocks that are commands to type through the project's environment
    (`uv run ...`, `python ...`); spans naming a program (`prefect server start`, `regional-report run`)
    describe it."""
    prose = re.sub(r"^[ \t]*```.*?^[ \t]*```", "", text, flags=re.MULTILINE | re.DOTALL)
    return [span for span in re.findall(r"`([^`\n]+)`", prose) if re.match(r"(uv|python) ", span)]


def test_the_parser_sees_what_a_shell_would_run() -> None:
    """It finds each program of a line, past variables, pipes and process substitutions."""
    line = "python3 score.py gold <(./.ci/uv run regional-report extract seeds) | head -3 && X=1 make server"
    assert programs(line) == ["python3", "./.ci/uv", "head", "make"]
    assert shell_blocks("```sh\nuv run a \\\n  --b  # note\n# only a comment\n```\n") == ["uv run a --b"]


def test_every_readme_command_starts_with_what_a_fresh_clone_has() -> None:
    """Each command of the README's shell blocks starts with make, git, python3 (or a POSIX tool) or a file of
    the project (`./.ci/uv`), never with a program that only the project's environment has."""
    commands = shell_blocks(README.read_text(encoding="utf-8"))
    assert len(commands) > 10
    for command in commands:
        for program in programs(command):
            if program.startswith("./"):
                path = ROOT / program
                assert path.is_file() and path.stat().st_mode & 0o111, f"{program} in: {command}"
            else:
                assert program in FRESH_MACHINE, f"{program!r} is not on a fresh machine's PATH: {command}"


def test_no_inline_command_needs_uv_on_path() -> None:
    """Commands quoted in the README's prose and tables go through `./.ci/uv run` as well."""
    assert inline_commands(README.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name", ["Makefile", "prefect.yaml"])
def test_the_project_files_comments_agree(name: str) -> None:
    """The commands quoted in the Makefile's and prefect.yaml's comments reach uv the same way."""
    text = (ROOT / name).read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w./])uv run\b", text)
