"""Starting the window from a terminal: a missing project is explained there (no blocking
dialog), --create makes it, and missing xcb libraries are named before Qt could abort."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from PySide6.QtWidgets import QApplication

from annotator.cli import cli
from annotator.ui import app as app_module
from annotator.ui import xcb


def _close_window() -> None:
    window = QApplication.instance()._annotator_workspace.window
    window.close()
    window.session.close()
    window.session.project.close()


def test_a_missing_project_is_explained_on_the_terminal_not_in_a_dialog(qtbot, tmp_path, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(app_module, "show_error", lambda *args: shown.append(args))
    missing = tmp_path / "study two.annotator"
    assert app_module.run(missing, ask_coder=False, exec_loop=False) == 2
    err = capsys.readouterr().err
    assert shown == []
    assert f"There is no project file at {missing}" in err
    assert f"annotator --project '{missing}' --create" in err  # quoted: the path holds a space
    assert f"annotator import '{missing}' ARTICLES" in err
    assert not missing.exists()


def test_the_cli_says_what_to_run_for_a_missing_project(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "show_error", lambda *args: pytest.fail("a dialog was shown"))
    missing = tmp_path / "missing.annotator"
    result = CliRunner().invoke(cli, ["--project", str(missing)])
    assert result.exit_code == 2
    assert "--create" in result.output and "annotator import" in result.output
    assert not missing.exists()


def test_create_makes_the_missing_project_with_the_default_codebook(qtbot, tmp_path):
    path = tmp_path / "new.annotator"
    assert app_module.run(path, ask_coder=False, exec_loop=False, create=True) == 0
    window = QApplication.instance()._annotator_workspace.window
    qtbot.addWidget(window)
    assert path.exists()
    assert [c.name for c in window.session.project.codes()][:2] == ["claim", "quote"]
    _close_window()


def test_missing_xcb_libraries_are_named_with_the_command_that_installs_them(monkeypatch, capsys):
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    monkeypatch.setattr(xcb, "_loads", lambda soname: soname not in absent)
    monkeypatch.setattr(xcb, "will_use_xcb", lambda environ=None, platform=None: True)
    monkeypatch.setattr(QApplication, "instance", staticmethod(lambda: None))  # as on a real first start
    made = []
    monkeypatch.setattr(app_module, "application", lambda: made.append(1))
    assert app_module.run(None, ask_coder=False, exec_loop=False) == 1
    err = capsys.readouterr().err
    assert made == []  # stopped before the application object, so Qt never aborts
    for soname in absent:
        assert soname in err
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in err
    assert "libxcb-image" not in err  # only what is missing


def test_xcb_libraries_are_looked_up_only_when_qt_will_use_xcb():
    calls = []

    def loads(soname: str) -> bool:
        calls.append(soname)
        return False

    assert xcb.check({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, loads) is None
    assert xcb.check({"QT_QPA_PLATFORM": "wayland"}, loads) is None
    assert xcb.check({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, loads) is None
    assert calls == []
    assert "libxcb-icccm4" in xcb.check({"DISPLAY": ":0"}, loads)
    assert "libxcb-icccm4" in xcb.check({"QT_QPA_PLATFORM": "xcb"}, loads)


def test_every_library_maps_to_a_package_on_the_readme_apt_line_or_the_base_system():
    # the README's one line covers the libraries a desktop install is known to lack
    for package in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"):
        assert package in xcb.APT_LINE
        assert package in xcb.XCB_LIBRARIES.values()


def test_no_display_at_all_is_said_in_words_not_by_a_qt_abort():
    message = xcb.check({}, lambda soname: True, platform="linux")
    assert "there is no display" in message and "ssh -X" in message
    assert xcb.check({}, lambda soname: True, platform="darwin") is None  # macOS and Windows need no DISPLAY
    assert xcb.check({"QT_QPA_PLATFORM": "offscreen"}, lambda soname: True, platform="linux") is None


def test_the_readme_gives_the_same_apt_line_the_message_builds_on():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert xcb.APT_LINE in readme


def test_the_garbage_collector_paused_for_the_start_is_back_after_it(qtbot, tmp_path, monkeypatch):
    """The start pauses the cyclic garbage collector (issue 17); the first turn of the event
    loop turns it back on with what the start made frozen, and the window's destruction
    unfreezes it; a start that fails turns it back on at once."""
    import gc

    assert gc.isenabled()
    path = tmp_path / "new.annotator"
    assert app_module.run(path, ask_coder=False, exec_loop=False, create=True) == 0
    window = QApplication.instance()._annotator_workspace.window
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled)
    assert gc.get_freeze_count() > 0
    _close_window()
    window.deleteLater()
    qtbot.waitUntil(lambda: gc.get_freeze_count() == 0)

    damaged = tmp_path / "damaged.annotator"
    damaged.write_bytes(b"not a database" * 100)
    shown = []
    monkeypatch.setattr(app_module, "show_error", lambda *args: shown.append(args))
    assert app_module.run(damaged, ask_coder=False, exec_loop=False) == 1
    assert shown  # the start failed (and said so)
    assert gc.isenabled()
