"""Callbacks held weakly, for a Qt object that calls back into its owner.

A child (a delegate, a timer helper) holding a bound method of the widget that owns it
closes a Python reference cycle through Qt objects: owner -> child (Shiboken keeps
children's wrappers alive) -> method -> owner. Python's garbage collector breaks such
a cycle in an order of its choosing; deleting the owner's C++ object part-way leaves a
child wrapper over freed memory, and the collector segfaults. Holding the method weakly
leaves no cycle: the owner goes by reference counting, its children with it."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Any


class WeakCallback:
    """Calls *function* while its object lives (a bound method is held weakly, a plain
    function strongly); afterwards a call returns *default*."""

    def __init__(self, function: Callable[..., Any], default: Any = None):
        self._ref: Callable[[], Callable[..., Any] | None]
        if inspect.ismethod(function):
            self._ref = weakref.WeakMethod(function)
        else:
            self._ref = lambda: function
        self.default = default

    def __call__(self, *args: Any) -> Any:
        function = self._ref()
        return function(*args) if function is not None else self.default
