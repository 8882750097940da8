"""What a document's first lines say about it: its title, meeting date, region and language.

In: a document's text. Out: a `Header`, with the reasons a field is missing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Final

from regional_report.read.decode import count_chars
from regional_report.regions import Region, find_regions

_HEADER_LINES: Final = 6  # the date line is looked for among the first non-empty lines
_DATE_FALLBACK_CHARS: Final = 600
_LEAD_LINES: Final = 3
_PLACE_LINE_MAX: Final = 60

_MONTH_NAMES_EN: Final = (
    "january jan", "february feb", "march mar", "april apr", "may", "june jun",
    "july jul", "august aug", "september sep sept", "october oct", "november nov", "december dec",
)  # fmt: skip
_MONTH_NAMES_RU: Final = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_MONTHS_EN: Final = {name: n for n, names in enumerate(_MONTH_NAMES_EN, 1) for name in names.split()}
_MONTHS_RU: Final = {name: n for n, name in enumerate(_MONTH_NAMES_RU, 1)}
_EN_MONTH: Final = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_RU_MONTH: Final = "|".join(_MONTHS_RU)
_DATE: Final = re.compile(
    rf"""
    (?<![\d-])(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}})         # 2021-11-04
        (?:[T\s]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?  # T20:15:00Z
    | \b(?P<mdy_m>{_EN_MONTH})\.?\s+(?P<mdy_d>\d{{1,2}}),?\s+(?P<mdy_y>\d{{4}})\b   # September 10, 2025
    | \b(?P<dmy_d>\d{{1,2}})\s+(?P<dmy_m>{_EN_MONTH})\.?,?\s+(?P<dmy_y>\d{{4}})\b   # 10 September 2025
    | (?<!\d)(?P<ru_d>\d{{1,2}})\s+(?P<ru_m>{_RU_MONTH})\s+(?P<ru_y>\d{{4}})        # 10 сентября 2025
        (?:\s*(?:года|г\.))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# What may surround the date on a line that is only a date: a clock time, "года", punctuation.
_DATE_LINE_REST: Final = re.compile(r"[\s,.;:|·•–—-]*(?:\d{1,2}:\d{2}(?::\d{2})?)?[\s,.;:|·•–—-]*")
_TIME_LINE: Final = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_ROLE_BEFORE: Final = re.compile(
    r"""(?:\b(?:governor|head|mayor|president|chief)\s+(?:of\s+)?(?:the\s+)?
        |(?:губернатор[а-я]*|глав(?:а|ы|е|у|ой|ою)|мэр[а-я]*)\s+)$""",
    re.IGNORECASE | re.VERBOSE,
)
_ROLE_AFTER: Final = re.compile(
    r"\s*(?:acting\s+)?(?:administration\s+)?(?:governor|head|mayor)\b", re.IGNORECASE
)

# The genre, from an English title: whom the meeting (talk, call) was with, or another kind of event.
_WITH_WHOM: Final = re.compile(
    r"""(?:working\s+|bilateral\s+|brief\s+)?
        (?:meetings?|talks|(?:telephone\s+|phone\s+)?(?:conversations?|calls?)|videoconference)
        \s+with\s+(?P<whom>\S.*)""",
    re.IGNORECASE | re.VERBOSE,
)
# A meeting on a subject ("Meeting on economic issues", "Security Council meeting", "Russian-Chinese
# talks"): a meeting with a regional head only when the title or the lead names one. At the title's end,
# the event word follows names ("Security Council"), not a phrase ("Notes from a working meeting").
_MEETING_ON: Final = re.compile(
    r"""(?i:(?:working\s+|expanded\s+|extended\s+)?meetings?\s+(?:on|of|about|to\s+discuss)\b)
        |(?!(?i:(?:working\s+)?meetings?$))(?:[A-Z]\S*\s+)+(?i:meeting|talks|summit|session|conference|forum)$""",
    re.VERBOSE,
)
# Events of other kinds on the President's website, by the words their titles open with.
_OTHER_EVENT: Final = re.compile(
    r"""(?:working\s+|official\s+|state\s+)?(?:visits?|visiting|trips?|tours?)\b
        |(?:news|press)\s+conference|press\s+statements?|statements?\s+for\s+the\s+press|interview\b
        |address\s+(?:to|at|by)\b|(?:message\s+of\s+)?(?:greetings|congratulations|condolences)\b
        |executive\s+order\b|answers\s+to\b|(?:plenary\s+)?session\s+of\b|(?:[\w-]+\s+)?ceremony\b
        |presentation\s+of\b|opening\s+of\b|concert\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Words that open a title naming an event, written in lower case inside a reason ("not a meeting with a
# regional head: telephone conversation with ..."); any other first word is a name and kept as written.
_EVENT_WORDS: Final = frozenset(
    {
        "meeting", "meetings", "working", "telephone", "phone", "talks", "conversation", "conversations",
        "call", "calls", "videoconference", "bilateral", "brief", "expanded", "extended", "visit", "visits",
        "visiting", "trip", "trips", "tour", "tours", "official", "state", "news", "press", "statement",
        "statements", "interview", "address", "message", "greetings", "congratulations", "condolences",
        "executive", "answers", "session", "plenary", "presentation", "opening", "concert",
    }
)  # fmt: skip
_REGIONAL_HEADS: Final = re.compile(
    r"""\b(?:regional\s+(?:heads?|governors?|leaders?)|governors
        |heads\s+of\s+(?:the\s+)?(?:regions|constituent\s+entities|federal\s+subjects))\b""",
    re.IGNORECASE | re.VERBOSE,
)
NOT_A_MEETING: Final = "not a meeting with a regional head"


@dataclass(frozen=True, slots=True)
class Header:
    """What the first lines of a document say about it, and why a field is missing."""

    title: str
    meeting_date: date | None
    region: Region | None
    problems: tuple[str, ...]
    language: str = "en"


def parse_date(text: str) -> date | None:
    """The first valid date written in `text` (English, ISO or Russian style), or None.

    >>> parse_date("September 10, 2025, 14:10")
    datetime.date(2025, 9, 10)
    >>> parse_date("13 февраля 2025 года")
    datetime.date(2025, 2, 13)
    """
    for match in _DATE.finditer(text):
        found = _date_of(match)
        if found is not None:
            return found
    return None


# --- title, date and region ---------------------------------------------------------------------


def read_header(text: str) -> Header:
    lines = [line.replace("\ufeff", "").strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    title = lines[0] if lines else ""
    meeting_date = _meeting_date(text, lines)
    language = language_of(text)
    not_a_meeting = genre_problem(title, _lead(lines[1:]))
    if not_a_meeting is not None:
        return Header(title, meeting_date, None, (not_a_meeting,), language)
    region, region_problem = _region(title, lines[1:])
    problems = tuple(
        problem
        for problem in (
            region_problem,
            None if meeting_date else "no meeting date found in the first lines",
            None if language == "en" else LANGUAGE_PROBLEM,
        )
        if problem
    )
    return Header(title, meeting_date, region, problems, language)


LANGUAGE_PROBLEM: Final = "Russian-language text: the figure grammar reads English only"
_CYRILLIC: Final = re.compile(r"[\u0400-\u04FF]+")
_LATIN: Final = re.compile(r"[A-Za-z]+")


def language_of(text: str) -> str:
    """'ru' when most letters of the text are Cyrillic, else 'en'.

    >>> language_of("Встреча с губернатором"), language_of("Meeting with the Governor")
    ('ru', 'en')
    """
    sample = text[:20_000]
    cyrillic = count_chars(_CYRILLIC, sample)
    return "ru" if cyrillic and cyrillic > count_chars(_LATIN, sample) else "en"


def _date_of(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["iso_y"]:
            return date(int(groups["iso_y"]), int(groups["iso_m"]), int(groups["iso_d"]))
        if groups["mdy_y"]:
            return date(int(groups["mdy_y"]), _MONTHS_EN[groups["mdy_m"].lower()], int(groups["mdy_d"]))
        if groups["dmy_y"]:
            return date(int(groups["dmy_y"]), _MONTHS_EN[groups["dmy_m"].lower()], int(groups["dmy_d"]))
        if groups["ru_y"]:
            return date(int(groups["ru_y"]), _MONTHS_RU[groups["ru_m"].lower()], int(groups["ru_d"]))
    except (KeyError, ValueError):
        return None
    return None


def _date_line(line: str) -> date | None:
    """The date on a line that holds nothing else (bar a clock time, "года" and punctuation)."""
    for match in _DATE.finditer(line):
        found = _date_of(match)
        if found is not None and _DATE_LINE_REST.fullmatch(line[: match.start()] + " " + line[match.end() :]):
            return found
    return None


def _meeting_date(text: str, lines: list[str]) -> date | None:
    for line in lines[:_HEADER_LINES]:
        found = _date_line(line)
        if found is not None:
            return found
    return parse_date(text[:_DATE_FALLBACK_CHARS])


def _is_furniture(line: str) -> bool:
    """A date, time or place line of the page header ("The Kremlin, Moscow"), not a sentence."""
    if _date_line(line) is not None or _TIME_LINE.fullmatch(line):
        return True
    return len(line) <= _PLACE_LINE_MAX and not line.endswith((".", "!", "?", "…", ":", ";"))


def genre_problem(title: str, lead: list[str]) -> str | None:
    """Why an English document is not a meeting with a regional head, when its title says so; else None.

    The title says so when it names whom the meeting, talks or call were with, and neither they nor the
    lead paragraph name a region's head (a governor, head or mayor of a Russian region, or regional heads
    together); when it names a meeting on a subject ("Meeting on economic issues", "Russian-Chinese
    talks") and neither it nor the lead names a region's head; or when it names another kind of event (a
    visit, a trip, a news conference, an address, an executive order, a ceremony). A title that says none
    of these ("Notes", "Smolensk Region, 2025") decides nothing: the region and date rules do.

    >>> genre_problem("Telephone conversation with President of France Francois Hollande", [])
    'not a meeting with a regional head: telephone conversation with President of France Francois Hollande'
    >>> genre_problem("Meeting with Governor of Pskov Region Andrei Turchak", []) is None
    True
    """
    whom = _WITH_WHOM.fullmatch(title)
    if whom is not None:
        if _REGIONAL_HEADS.search(whom["whom"]) or _heads_named(whom["whom"]) or any(map(_heads_named, lead)):
            return None
    elif _MEETING_ON.match(title) is not None:
        if _heads_named(title) or any(map(_heads_named, lead)):
            return None
    elif _OTHER_EVENT.match(title) is None:
        return None
    first, _, rest = title.partition(" ")
    event = f"{first.lower()} {rest}" if first.lower() in _EVENT_WORDS else title
    return f"{NOT_A_MEETING}: {event.strip()}"


def _lead(rest: list[str]) -> list[str]:
    """The lead paragraph's first lines: the lines after the title bar the date, time and place lines."""
    return list(islice((line for line in rest if not _is_furniture(line)), _LEAD_LINES))


def _heads_named(line: str) -> list[Region]:
    """The regions whose head the line names: "Governor of Pskov Region", "Moscow Mayor"."""
    return [
        region
        for start, end, region in find_regions(line)
        if _ROLE_BEFORE.search(line[max(0, start - 40) : start]) or _ROLE_AFTER.match(line, end)
    ]


def _region(title: str, rest: list[str]) -> tuple[Region | None, str | None]:
    """The one region the document is about, else None and why."""
    in_title = _distinct(region for _, _, region in find_regions(title))
    if len(in_title) == 1:
        return in_title[0], None
    if in_title:
        names = ", ".join(region.name for region in in_title)
        return None, f"several regions in the title ({names}): no single region for a multi-region meeting"
    lead = _lead(rest)
    heads = [region for line in lead for region in _heads_named(line)]
    mentioned = [region for line in lead for _, _, region in find_regions(line)]
    distinct_heads = _distinct(heads)
    if len(distinct_heads) == 1:
        return distinct_heads[0], None
    named = _distinct(distinct_heads or mentioned)
    if len(named) > 1:
        names = ", ".join(region.name for region in named)
        return None, f"no single region: the title names none and the lead paragraph names several ({names})"
    return None, "no region found in the title or lead paragraph"


def _distinct(regions: Iterable[Region]) -> list[Region]:
    return list(dict.fromkeys(regions))
