"""Writing REFI-QDA files: XML through ElementTree, files through a temporary
file renamed into place, so a failed export never leaves half a file."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from annotator.io.atomic import replaced_atomically
from annotator.io.refi.common import RefiError

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def xml_bytes(root: ET.Element, default_ns: str) -> bytes:
    """*root* serialised as UTF-8 with an XML declaration, in *default_ns*.

    The tree is built with unqualified tags and the namespace is declared on the
    root as the default (``xmlns="..."``): every element is in the namespace and
    none carries a prefix, which is how other REFI-QDA tools write it.
    (ElementTree's ``default_namespace=`` refuses unqualified attribute names.)

    A carriage return in element text is written as ``&#13;``: a parser turns a
    literal one into a line feed, so memos would not come back as they were.
    ElementTree already escapes it in attribute values and never writes one
    itself, so every 0x0D byte of its output is a carriage return of some text."""
    root.set("xmlns", default_ns)
    ET.indent(root)
    # serialising to str is twice as fast as to bytes; the declaration is written
    # here because ElementTree would declare the locale's encoding for a str
    buf = io.StringIO()
    ET.ElementTree(root).write(buf, encoding="unicode")
    return _DECLARATION + buf.getvalue().encode("utf-8").replace(b"\r", b"&#13;")


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Call *write* on a temporary file beside *path*, then rename it to *path*."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with replaced_atomically(path, binary=True) as f:
            write(f)
    except OSError as exc:
        raise RefiError(f"{path}: cannot be written: {exc.strerror or exc}") from None
