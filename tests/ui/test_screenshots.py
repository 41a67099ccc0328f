"""The README's screenshots come from a script (annotator/ui/screenshots.py); this smoke test
runs it into a temporary folder, so a window change that breaks it is seen at once."""

from __future__ import annotations

from PySide6.QtGui import QImage

from annotator.store import Project
from annotator.ui import screenshots


def _distinct_colours(image: QImage, step: int = 23) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def test_every_readme_screenshot_is_rendered_at_1600_by_1000(qapp, tmp_path):
    written = screenshots.render_all(tmp_path)
    assert [p.name for p in written] == [f"screenshot-{name}.png" for name in screenshots.SHOTS]
    for path in written:
        image = QImage(str(path))
        assert not image.isNull(), path.name
        assert (image.width(), image.height()) == screenshots.SIZE, path.name
        assert _distinct_colours(image) > 20, f"{path.name} is (nearly) blank"


def test_every_screenshot_the_readme_embeds_is_made_by_the_script():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    embedded = set(re.findall(r"resources/screenshot-([a-z-]+)\.png", readme))
    assert embedded and embedded <= set(screenshots.SHOTS)


def test_the_demo_project_has_every_code_three_coders_and_articles_done(tmp_path):
    path = tmp_path / "demo.annotator"
    screenshots.build_demo(path)
    with Project(path) as p:
        coders = {c.name: c.id for c in p.coders()}
        assert set(coders) == set(screenshots.CODERS)
        for code in p.codes():
            for coder in coders.values():
                assert p.spans_where("code_id = ? AND coder_id = ?", (code.id, coder)), (code.name, coder)
        ana, ben = coders["ana"], coders["ben"]
        ana_spans = {(s.document_id, s.code_id, s.start, s.end) for s in p.spans_where("coder_id = ?", (ana,))}
        ben_spans = {(s.document_id, s.code_id, s.start, s.end) for s in p.spans_where("coder_id = ?", (ben,))}
        assert ana_spans & ben_spans and ana_spans ^ ben_spans  # mostly agree, sometimes not
        assert sum(1 for s in p.statuses(ana).values() if s == "done") == 2


def test_rendering_leaves_no_window_behind(qapp, tmp_path):
    from PySide6.QtWidgets import QApplication

    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    screenshots.render_all(tmp_path, only=("agreement",))
    after = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    assert after == []
