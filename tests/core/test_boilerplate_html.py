"""Clutter in text extracted from a saved page: what the HTML importer makes of a byline
with its date, a figure's credit, share links and skip links is still found line by line."""

from __future__ import annotations

from annotator.core.boilerplate import detect
from annotator.io.html_text import extract_html

PAGE = """<!DOCTYPE html><html><head><title>Kenya and Uganda close border</title></head><body>
<article>
  <a class="skip" href="#body">Skip to main content</a>
  <h1>Kenya and Uganda close border</h1>
  <p class="byline">By <a href="/jane">Jane Doe</a> · <time datetime="2024-03-12">12 March 2024, 10:42 GMT</time></p>
  <div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
  <div class="audio"><span>Listen to this article</span></div>
  <figure><img src="x.jpg" alt=""><figcaption>(Image credit: AP)</figcaption></figure>
  <figure><img src="y.jpg" alt=""><figcaption>Trucks wait at the Busia crossing on Tuesday.
     <span class="credit">(Image credit: Reuters)</span></figcaption></figure>
  <p>NAIROBI, March 12 (Reuters) - Kenya and Uganda closed their shared border on Tuesday, officials said.</p>
  <p>By Tuesday, Kenya and Uganda had closed the border.</p>
  <p>The ministry did not say when the border would reopen. (AP)</p>
  <p>(With inputs from PTI)</p>
</article></body></html>"""


def _marked() -> dict[str, str]:
    text = extract_html(PAGE).text
    return {text[c.start:c.end]: c.kind for c in detect(text)}


def test_page_furniture_from_html_is_marked() -> None:
    marked = _marked()
    assert marked == {
        "Skip to main content": "navigation",
        "By Jane Doe · 12 March 2024, 10:42 GMT": "byline",
        "Share on Facebook Share on Twitter": "share",
        "Listen to this article": "audio",
        "(Image credit: AP)": "credit",
        "Trucks wait at the Busia crossing on Tuesday. (Image credit: Reuters)": "caption",
        "(With inputs from PTI)": "source",
    }


def test_article_text_from_html_is_not_marked() -> None:
    text = extract_html(PAGE).text
    marked = _marked()
    for line in ("Kenya and Uganda close border", "By Tuesday, Kenya and Uganda had closed the border.",
                 "The ministry did not say when the border would reopen. (AP)"):
        assert line in text and line not in marked
    assert not any(line.startswith("NAIROBI") for line in marked)
