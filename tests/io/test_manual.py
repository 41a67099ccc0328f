"""The printable coding manual: every code with its definition, key and fields,
nested codes under their full path, escaped user text (HTML and Markdown), and
examples limited to N, chosen deterministically, from one coder when asked."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser

import pytest

from annotator.core.codebook import AttributeField
from annotator.io.errors import ExportProblem
from annotator.io.manual import EXAMPLE_CHARS, md_escape, write_manual
from annotator.store import Project

TEXT = ("Officials said the road is closed. \"We will return,\" Aliyev said. <script>alert('x')</script> "
        "Hundreds were displaced. \"Life will return,\" he added. Later text follows here.")


def manual(project, fmt: str, **kwargs) -> str:
    out = io.StringIO()
    write_manual(project, out, fmt, **kwargs)
    return out.getvalue()


@pytest.fixture
def coded(project, make_doc):
    """quote has a child quote/direct (with a hostile definition and a choice field);
    ana and ben code quotes in two documents; the script tag is coded by ben."""
    d1 = make_doc(TEXT, "Alpha & <b>Omega</b>")
    d2 = make_doc("Second article: \"Another quote here\" and more.", "Second")
    quote = project.code_by_path("quote")
    direct = project.add_code(
        "direct", parent_id=quote.id, shortcut="5", color="#123456",
        description="Exact words. <script>alert(1)</script>\n\nNot *paraphrase* or [links](x).",
        attributes=(AttributeField("tone", "choice", ("hostile", "neutral"), "How it sounds"),))
    ana, ben = project.ensure_coder("ana"), project.ensure_coder("ben")
    first, second = TEXT.index('"We'), TEXT.index('"Life')
    script = TEXT.index("<script>")
    project.add_span(d2, quote.id, ana.id, 16, 37)                  # later document: listed after d1's
    project.add_span(d1, quote.id, ana.id, second, second + 19)
    project.add_span(d1, quote.id, ana.id, first, first + 17)
    project.add_span(d1, quote.id, ben.id, first, first + 17)       # the same passage: shown once
    project.add_span(d1, direct.id, ben.id, script, script + 29)
    return project


def test_every_code_with_name_definition_key_and_fields(seeded):
    for fmt in ("md", "html"):
        text = manual(seeded, fmt)
        plain = html.unescape(re.sub(r"<[^>]+>", "", text)) if fmt == "html" else text.replace("\\", "")
        for code in seeded.codes():
            assert code.name in plain
            assert code.description[:80] in plain
            assert f"Key {code.shortcut}" in plain or f"Key: {code.shortcut}" in plain
            for f in code.attributes:
                assert f.name in plain and f.description in plain
                assert ", ".join(f.choices) in plain
        assert "Coding manual: seeds" in plain  # the project's name as title


def test_codes_appear_in_tree_order_with_full_paths(coded):
    md = manual(coded, "md")
    headings = re.findall(r"^(#{2,6}) (.+)$", md, flags=re.M)
    codes = [(h, t) for h, t in headings if t not in ("How to code", "Contents")]
    assert codes == [("##", "claim"), ("##", "quote"), ("###", "quote/direct"), ("##", "casualty figure"),
                     ("##", "territorial change")]
    html_text = manual(coded, "html")
    assert re.search(r'<h3>.*<span class="parent">quote/</span>direct</h3>', html_text)
    assert html_text.index('href="#code-') < html_text.index('<section class="code top"')  # contents first


def test_html_is_one_well_formed_print_friendly_file(coded):
    text = manual(coded, "html", examples=2)
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert "<link" not in text and "src=" not in text  # self-contained: nothing fetched
    assert "break-before: page" in text and "section.top" in text
    assert text.count('<section class="code top"') == 4 and text.count('<section class="code"') == 1

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[str] = []
            self.scripts = 0

        def handle_starttag(self, tag, attrs):
            self.scripts += tag == "script"
            if tag not in ("meta", "br", "link"):
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

    parser = Tags()
    parser.feed(text)
    assert parser.stack == [] and parser.scripts == 0


def test_html_escapes_script_in_definition_example_and_title(coded):
    text = manual(coded, "html", examples=3, title="Study <script>x</script>")
    assert "<script" not in text.lower()
    assert "Exact words. &lt;script&gt;alert(1)&lt;/script&gt;" in text  # the definition
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text  # the coded passage
    assert "Alpha &amp; &lt;b&gt;Omega&lt;/b&gt;" in text  # the document title


def test_html_colour_enters_style_only_when_valid(project):
    project.add_code("odd", color='red;}</style><script>x</script>')
    text = manual(project, "html")
    assert "<script" not in text and "red;}&lt;/style&gt;" in text
    assert 'style="background-color: red' not in text


def test_examples_limited_to_n_in_document_then_offset_order(coded):
    text = manual(coded, "md", examples=2)
    section = text.split("\n## quote\n")[1].split("\n### quote/direct")[0]
    quotes = re.findall(r"^> (?!—)(.+)$", section, flags=re.M)
    assert quotes == ['"We will return,"', '"Life will return,"']  # d1 before d2, by offset; 2 only
    assert "coded by ana, ben" in section  # one passage coded alike by two coders: shown once
    assert "Another quote" not in section
    three = manual(coded, "md", examples=3).split("\n## quote\n")[1].split("\n### quote/direct")[0]
    assert "Another quote here" in three


def test_examples_only_from_the_chosen_coder(coded):
    for fmt in ("md", "html"):
        text = manual(coded, fmt, examples=5, coder="ana")
        assert "Life will return" in text and "Another quote here" in text
        assert "alert('x')" not in text and "alert(&#x27;x&#x27;)" not in text  # ben's passage is not an example
        assert "coded by" not in text
    ben = manual(coded, "md", examples=5, coder="ben")
    assert "Life will return" not in ben and "We will return" in ben


def test_no_examples_unless_asked(coded):
    for fmt in ("md", "html"):
        text = manual(coded, fmt)
        assert "We will return" not in text and "Examples" not in text


def test_unknown_coder_format_or_negative_count_is_refused(coded):
    for args, kwargs in ((("md",), {"coder": "zoe"}), (("md",), {"examples": 1, "coder": "zoe"}),
                         (("pdf",), {}), (("html",), {"examples": -1})):
        out = io.StringIO()
        with pytest.raises(ExportProblem):
            write_manual(coded, out, *args, **kwargs)
        assert out.getvalue() == ""


def test_long_passages_are_cut(project, make_doc):
    doc = make_doc("word " * 400)
    ana = project.ensure_coder("ana")
    project.add_span(doc, project.code_by_path("claim").id, ana.id, 0, 1500)
    (quoted,) = re.findall(r"^> (?!—)(.+)$", manual(project, "md", examples=1), flags=re.M)
    assert quoted.endswith("…") and len(quoted) <= EXAMPLE_CHARS + 1


def test_markdown_escapes_user_text(coded):
    md = manual(coded, "md", examples=5)
    assert "Exact words. \\<script>alert(1)\\</script>" in md
    assert "Not \\*paraphrase\\* or \\[links\\](x)." in md
    assert "\\<script>alert('x')\\</script>" in md  # in the example passage
    assert "Alpha & \\<b>Omega\\</b>" in md
    assert "| tone | choice | hostile, neutral | How it sounds |" in md
    assert "- Colour: #123456\n- Key: 5\n" in md


def test_md_escape_blocks_and_inline_formatting():
    assert md_escape("# not a heading\n- not a list\n2. not a list\n> no quote") == \
        "\\# not a heading\n\\- not a list\n2\\. not a list\n\\> no quote"
    assert md_escape("a_b *c* `d` [e](f) <g> x|y ~z~ \\ &amp; Q&A") == \
        "a\\_b \\*c\\* \\`d\\` \\[e\\](f) \\<g> x\\|y \\~z\\~ \\\\ \\&amp; Q&A"
    assert md_escape("one\ntwo", one_line=True) == "one two"


def test_markdown_lists_nested_codes_in_contents(coded):
    md = manual(coded, "md")
    contents = md.split("## Contents\n")[1].split("\n## ")[0]
    assert "- quote (key 2)\n  - quote/direct (key 5)\n" in contents


def test_empty_codebook_gives_a_manual_that_says_so(tmp_path):
    with Project(tmp_path / "empty.annotator") as project:
        for fmt in ("md", "html"):
            text = manual(project, fmt, examples=3)
            assert "Coding manual: empty" in text and "no codes yet" in text
        assert manual(project, "html").rstrip().endswith("</html>")
