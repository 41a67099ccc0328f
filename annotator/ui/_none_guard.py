"""Keep ``None`` alive under PySide6 6.12 on Python 3.11.

PySide6 6.12's generated bindings return ``None`` from every void method without
taking a reference (fine on Python 3.12+, where ``None`` is immortal, PEP 683).
On 3.11 each such call (``QTextCursor.setPosition``, ``QLabel.setText``, ...)
drops one reference to ``None``; after a few thousand calls the interpreter
aborts with "none_dealloc: deallocating None". A coding session makes millions
of such calls, so on 3.11 we do what 3.12 does: give ``None`` a reference count
it can never lose.
"""

from __future__ import annotations

import ctypes
import sys

_IMMORTAL = 1 << 60


def keep_none_alive() -> None:
    """Idempotent; a no-op where ``None`` is already immortal (CPython 3.12+) or on other interpreters."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    refcnt = ctypes.c_ssize_t.from_address(id(None))
    if refcnt.value < _IMMORTAL // 2:
        refcnt.value += _IMMORTAL


keep_none_alive()
