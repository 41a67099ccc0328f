"""The start's PySide patch (annotator.ui.feature_scan) touches only the function it knows."""

from __future__ import annotations

import sys
from types import ModuleType

from annotator.ui import feature_scan


def _fake_feature(source: str) -> ModuleType:
    module = ModuleType("shibokensupport.feature")
    exec(source, module.__dict__)
    return module


KNOWN = """
pyside_feature_dict = {}
def _mod_uses_pyside(module):
    return True
def feature_imported(module):
    if hasattr(module, "__name__"):
        name = module.__name__
        if name not in pyside_feature_dict:
            pyside_feature_dict[name] = 0 if _mod_uses_pyside(module) else -1
"""

CHANGED = KNOWN + """
def register(name):
    pass
def feature_imported(module):  # a later PySide doing more than the scan
    if hasattr(module, "__name__"):
        register(module.__name__)
        pyside_feature_dict.setdefault(module.__name__, 0 if _mod_uses_pyside(module) else -1)
"""


def test_the_known_scan_is_replaced_and_gives_selection_zero(monkeypatch):
    fake = _fake_feature(KNOWN)
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", fake)
    assert feature_scan.skip_source_scan()
    fake.feature_imported(ModuleType("some.module"))
    assert fake.pyside_feature_dict == {"some.module": 0}


def test_a_changed_pyside_function_is_left_alone(monkeypatch):
    fake = _fake_feature(CHANGED)
    original = fake.feature_imported
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", fake)
    assert not feature_scan.skip_source_scan()
    assert fake.feature_imported is original


def test_no_pyside_internals_no_change(monkeypatch):
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", ModuleType("shibokensupport.feature"))
    assert not feature_scan.skip_source_scan()
