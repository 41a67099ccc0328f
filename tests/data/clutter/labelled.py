"""The labelled clutter corpus (corpus_*.txt here): articles with every line marked as
clutter or text, and the precision and recall of clutter detection on them.

Shared by ``tests/core/test_boilerplate_corpus.py`` and ``bench/bench_noise.py``; loaded by
file path (``tests`` is not a package).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.boilerplate import Clutter, detect, line_key, lines

HERE = Path(__file__).resolve().parent
LABELS = {"C": "clutter", "R": "repeated", "T": "text"}


@dataclass
class Article:
    outlet: str
    subject: str
    text: str
    labels: list[str | None] = field(default_factory=list)  # per line: "clutter", "repeated", "text", None (blank)


@dataclass
class Score:
    clutter: int  # lines labelled clutter (repeated included)
    text: int  # lines labelled text
    true_positives: int
    false_alarms: list[tuple[str, str, str]]  # (article, line, kind)
    misses: list[tuple[str, str]]  # (article, line)

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_alarms)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.clutter if self.clutter else 1.0


def load(folder: Path = HERE) -> list[Article]:
    """Every article of every ``corpus_*.txt`` in *folder*, in file order."""
    articles: list[Article] = []
    for path in sorted(folder.glob("corpus_*.txt")):
        current: Article | None = None
        body: list[str] = []
        for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if raw.startswith("#"):
                continue
            if raw.startswith("=== "):
                if current is not None:
                    articles.append(_finish(current, body))
                outlet, _, subject = raw[4:].partition(":")
                current, body = Article(outlet.strip(), subject.strip(), ""), []
            elif current is None:
                if raw.strip():
                    raise ValueError(f"{path.name}:{number}: text before the first '=== ' header")
            elif raw == "":
                body.append("")
                current.labels.append(None)
            elif raw[:2].rstrip() in LABELS and raw[1:2] == " ":
                body.append(raw[2:])
                current.labels.append(LABELS[raw[0]])
            else:
                raise ValueError(f"{path.name}:{number}: a line must start with 'C ', 'R ' or 'T ': {raw!r}")
        if current is not None:
            articles.append(_finish(current, body))
    return articles


def _finish(article: Article, body: list[str]) -> Article:
    while body and body[-1] == "":  # the blank line before the next header
        body.pop()
        article.labels.pop()
    article.text = "\n".join(body)
    return article


def repeated_by_outlet(articles: list[Article]) -> dict[str, set[str]]:
    """The lines labelled ``repeated``, per outlet, as :func:`line_key` values: what the
    store passes to :func:`detect` once the outlet has enough articles that print them."""
    out: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        body = article.text.split("\n")
        for line, label in zip(body, article.labels):
            if label == "repeated":
                out[article.outlet].add(line_key(line))
    return out


def score(articles: list[Article]) -> Score:
    """Detect clutter in every article and count, line by line, what was right."""
    repeated = repeated_by_outlet(articles)
    result = Score(0, 0, 0, [], [])
    for article in articles:
        found: dict[tuple[int, int], Clutter] = {(c.start, c.end): c for c in detect(
            article.text, repeated.get(article.outlet, ()))}
        name = f"{article.outlet}: {article.subject}"
        for (start, end), label in zip(lines(article.text), article.labels):
            if label is None:
                continue
            hit = found.get((start, end))
            line = article.text[start:end]
            if label == "text":
                result.text += 1
                if hit is not None:
                    result.false_alarms.append((name, line, hit.kind))
            else:
                result.clutter += 1
                if hit is not None:
                    result.true_positives += 1
                else:
                    result.misses.append((name, line))
    return result
