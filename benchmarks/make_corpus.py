"""Build N synthetic meeting reports by resampling paragraphs of the real corpus, deterministically.

Each document keeps the header of a real report (title, date line, place), so its region and meeting
date are recognised, and takes its body from paragraphs drawn from the whole corpus. The same seed
and N always give the same files.

Run: uv run python benchmarks/make_corpus.py 1000 /tmp/corpus-1k [--seed 7] [--source ../shared/corpus/en]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = (ROOT.parent / "shared" / "corpus" / "en", ROOT / "seeds")


def split_document(text: str) -> tuple[str, list[str]]:
    """(header, body paragraphs): the header is everything before the first blank line after line 3."""
    lines = text.splitlines()
    head_end = next((k for k in range(3, len(lines)) if not lines[k].strip()), min(4, len(lines)))
    header = "\n".join(lines[:head_end])
    body = "\n".join(lines[head_end:])
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) <= 1:  # one-line bodies: cut them into sentence groups of about 600 characters
        paragraphs = _chunks(body.strip(), 600)
    return header, paragraphs


def _chunks(text: str, size: int) -> list[str]:
    out, cur = [], ""
    for sentence in text.split(". "):
        cur = f"{cur}. {sentence}" if cur else sentence
        if len(cur) >= size:
            out.append(cur if cur.endswith(".") else cur + ".")
            cur = ""
    if cur:
        out.append(cur)
    return out


def make_corpus(n: int, out: Path, *, seed: int = 7, sources: list[Path] | None = None) -> list[Path]:
    """Write n documents into `out` and return their paths."""
    # Sources in the order given, each one's files by name: the corpus must not depend on where the
    # checkout lives (sorting whole paths put seeds/ before or after the corpus by the folders' names).
    files = [
        f
        for src in (sources or [s for s in DEFAULT_SOURCES if s.exists()])
        for f in sorted(Path(src).glob("*.txt"), key=lambda f: f.name)
    ]
    if not files:
        raise SystemExit("no source documents: pass --source or provide ../shared/corpus/en")
    docs = [split_document(f.read_text(encoding="utf-8")) for f in files]
    pool = [p for _, paragraphs in docs for p in paragraphs]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(n):
        header, own = docs[k % len(docs)]
        body = rng.sample(pool, k=min(len(pool), max(3, len(own))))
        path = out / f"{k:06d}.txt"
        path.write_text(header + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", type=Path, action="append")
    args = parser.parse_args()
    paths = make_corpus(args.n, args.out, seed=args.seed, sources=args.source)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
