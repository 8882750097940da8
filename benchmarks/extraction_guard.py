"""Does the extractor give the same figures as before? A hash of every field of the figures it finds in
N seeded random texts of the genre, for a change meant to keep the output (a speed-up, a refactoring).

Run: uv run python benchmarks/extraction_guard.py [--texts 30000] [--seed 14] [--out /tmp/figures.jsonl]
     uv run python benchmarks/extraction_guard.py --mixed ../shared/corpus/en [--mixed-texts 5000]
Prints the hash (and the counts of texts and figures): run it before the change and after, and compare.
`--out` also writes the figures, one JSON object per text, so two runs that differ can be diffed.

The texts are made as `tests/test_extract_properties.py`'s `genre_text` makes them (up to 40 pieces: the
genre's words, capitalised or not, digit groups, dates and times, years, symbols, each followed by a space,
nothing, a line break, a comma or a full stop), from Python's `random` with a seed rather than from
Hypothesis, so the same seed always gives the same texts. Every fourth text has a meeting date. They reach
corners of the grammar and of what is read after it (metric, scope, year, status, period, rate) that real
reports rarely do; check real text with `regional-report extract` on the corpus beside this.
`--mixed DIR` adds texts of 2 to 8 real sentences drawn at random from the documents in DIR, so a figure's
sentence follows sentences it never followed (what is read of the sentences before a figure).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

import yaml

from regional_report.extract.engine import extract_figures
from regional_report.extract.text import sentence_spans

# The vocabulary of tests/test_extract_properties.py's genre_text, from the file both read.
VOCABULARY_FILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "genre_vocabulary.yaml"
_VOCABULARY = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
WORDS = tuple(_VOCABULARY["words"].split())
SYMBOLS = tuple(_VOCABULARY["symbols"])
SEPARATORS = tuple(_VOCABULARY["separators"])
FIRST_MEETING, MEETING_DAYS = date(1990, 1, 1), (date(2040, 12, 31) - date(1990, 1, 1)).days


def digit_group(rng: random.Random) -> str:
    """'4,000.5', '2024-03-11' or '10:30', as the property test's digit groups."""
    shape = rng.randrange(3)
    if shape == 1:
        return f"{rng.randrange(10000):04d}-{rng.randrange(100):02d}-{rng.randrange(100):02d}"
    if shape == 2:
        return f"{rng.randrange(100):0{rng.randint(1, 2)}d}:{rng.randrange(100):02d}"
    head = str(rng.randrange(10 ** rng.randint(1, 4))).zfill(rng.randint(1, 2))
    groups = "".join(f",{rng.randrange(1000):03d}" for _ in range(rng.randint(0, 2)))
    decimals = f".{rng.randrange(100):0{rng.randint(1, 2)}d}" if rng.random() < 0.5 else ""
    return head + groups + decimals


def genre_token(rng: random.Random) -> str:
    """One piece of a genre text: a word (capitalised or not), a digit group, a year or a symbol."""
    pick = rng.randrange(5)
    if pick == 0:
        return rng.choice(WORDS)
    if pick == 1:
        return rng.choice(WORDS).capitalize()
    if pick == 2:
        return digit_group(rng)
    if pick == 3:
        return str(rng.randint(0, 2100))
    return rng.choice(SYMBOLS)


def genre_text(rng: random.Random) -> str:
    """Up to 40 pieces, each followed by a separator."""
    return "".join(genre_token(rng) + rng.choice(SEPARATORS) for _ in range(rng.randint(0, 40)))


def meeting(rng: random.Random) -> date | None:
    """A meeting date for one text in four."""
    return FIRST_MEETING + timedelta(days=rng.randrange(MEETING_DAYS)) if rng.random() < 0.25 else None


def real_sentences(folder: Path) -> list[str]:
    """Every sentence of the .txt documents in `folder`, in order of file name."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[a:b] for a, b in sentence_spans(text)]
    return out


def mixed_text(rng: random.Random, sentences: list[str]) -> str:
    """2 to 8 real sentences in a random order, on one line or several."""
    picked = [rng.choice(sentences) for _ in range(rng.randint(2, 8))]
    return "".join(s + rng.choice((" ", " ", "\n")) for s in picked)


def texts(args: argparse.Namespace) -> list[tuple[str, date | None]]:
    """The seeded texts, each with its meeting date or None."""
    rng = random.Random(args.seed)
    made = []
    for _ in range(args.texts):
        text = genre_text(rng)
        made.append((text, meeting(rng)))
    if args.mixed:
        sentences = real_sentences(args.mixed)
        for _ in range(args.mixed_texts):
            text = mixed_text(rng, sentences)
            made.append((text, meeting(rng)))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--mixed", type=Path, help="also texts of real sentences from this folder's .txt files"
    )
    parser.add_argument("--mixed-texts", type=int, default=5_000)
    parser.add_argument("--out", type=Path, help="also write the figures here, one JSON line per text")
    args = parser.parse_args()
    made = texts(args)
    digest, figures = hashlib.sha256(), 0
    out = args.out.open("w", encoding="utf-8") if args.out else None
    started = time.perf_counter()
    for n, (text, day) in enumerate(made):
        found = [asdict(f) for f in extract_figures(text, day)]
        line = json.dumps({"n": n, "meeting": str(day), "figures": found}, ensure_ascii=False, sort_keys=True)
        digest.update(line.encode())
        figures += len(found)
        if out is not None:
            out.write(line + "\n")
    if out is not None:
        out.close()
    print(f"{len(made)} texts (seed {args.seed}), {figures} figures, {time.perf_counter() - started:.1f} s")
    print(f"sha256 {digest.hexdigest()}")


if __name__ == "__main__":
    main()
