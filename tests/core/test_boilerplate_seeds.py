"""The seeds come out clean: every clutter line is marked with its kind, and no line
of news text is marked. Lines are numbered from 1 as in an editor; every non-blank
line not listed as clutter is news and must stay unmarked."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.boilerplate import detect, lines
from annotator.paths import seeds_dir

# file -> {line number: kind}; every other non-blank line is news
CLUTTER: dict[str, dict[int, str]] = {
    "000_068eec521ea1a786.txt": {},  # AP wire copy: no page around it
    "001_62e07c1b8d989d3a.txt": {
        3: "video",  # Click to play video: '...'
        4: "video",  # the video's title under the player
        5: "video",  # WATCH: ... – Nov 14, 2020
        15: "advertisement",  # Story continues below advertisement
        23: "video",
        24: "video",
        28: "advertisement",
        42: "advertisement",
        43: "video",
        44: "video",
        52: "advertisement",  # Sponsored content
    },
    "002_dfa045bfe458557c.txt": {
        1: "tracker",  # sb.scorecardresearch
        2: "advertisement",
        4: "timestamp",  # Published 07:40 IST, November 26th 2020
        10: "byline",  # Reported by: Vishal Tiwari
        11: "share",  # Follow: Google News Icon
        12: "share",  # • share
        13: "label",  # "Azerbaijan": the page's topic tag between share button and image residue
        14: "tracker",  # null | Image: self
        15: "advertisement",
        19: "link",  # Read: ...
        23: "link",
        29: "link",
        35: "link",
        37: "credit",  # (Image Credit: AP)
        39: "timestamp",  # 07:40 IST, November 26th 2020
    },
    "003_4ee4bbfb78606f65.txt": {
        1: "timestamp",  # Updated 30 November 2020 at 04:25 IST
        4: "label",  # - World News
        5: "timestamp",  # - 2 min read
        7: "duplicate",  # the standfirst (line 3) printed again word for word
        11: "advertisement",
        14: "advertisement",
        22: "byline",  # Published By : Associated Press Television News
        23: "timestamp",  # Published On: 30 November 2020 at 04:26 IST
    },
    "004_a079e1f06cb16a1b.txt": {
        3: "duplicate",  # the headline (line 1) again
        4: "caption",  # photo caption ending in (AFP)
        5: "share",  # Short Url
        6: "timestamp",  # Updated 25 November 2020
        7: "share",  # Follow
        9: "duplicate",
        11: "duplicate",
    },
}


def _seed(name: str) -> str:
    return (seeds_dir() / name).read_text(encoding="utf-8")


def test_every_seed_is_listed() -> None:
    assert sorted(p.name for p in Path(seeds_dir()).glob("*.txt")) == sorted(CLUTTER)


@pytest.mark.parametrize("name", sorted(CLUTTER))
def test_clutter_lines_are_marked_whole(name: str) -> None:
    text = _seed(name)
    numbered = dict(enumerate(lines(text), 1))
    found = {(c.start, c.end): c.kind for c in detect(text)}
    for number, kind in CLUTTER[name].items():
        start, end = numbered[number]
        assert found.get((start, end)) == kind, f"{name}:{number} {text[start:end]!r}"


@pytest.mark.parametrize("name", sorted(CLUTTER))
def test_no_news_line_is_marked(name: str) -> None:
    text = _seed(name)
    news = [(n, s, e) for n, (s, e) in enumerate(lines(text), 1)
            if n not in CLUTTER[name] and text[s:e].strip()]
    assert news  # every seed has news text
    regions = detect(text)
    for number, start, end in news:
        hits = [c for c in regions if c.start < end and start < c.end]
        assert not hits, f"{name}:{number} news marked as {hits[0].kind}: {text[start:end]!r}"


@pytest.mark.parametrize("name", sorted(CLUTTER))
def test_regions_are_whole_lines_without_the_line_break(name: str) -> None:
    text = _seed(name)
    for c in detect(text):
        assert c.start == 0 or text[c.start - 1] == "\n"
        assert c.end == len(text) or text[c.end] == "\n"
        assert "\n" not in text[c.start:c.end]
