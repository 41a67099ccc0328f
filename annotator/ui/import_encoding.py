"""The encoding choice of File ▸ Import Articles with Encoding…: text files (.txt .md
.html .csv .json .jsonl) are read with the encoding chosen instead of the one detected
(:func:`annotator.io.reading.forced_encoding`); a byte-order mark still wins."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from annotator.io.reading import check_encoding
from annotator.ui import plain

#: Offered first; any other codec name Python knows may be typed in.
ENCODINGS = ["cp1252 (Windows Western European)", "iso-8859-1 (Latin-1)", "utf-8", "iso-8859-15 (Latin-9)",
             "cp1250 (Windows Central European)", "cp1251 (Windows Cyrillic)", "mac-roman"]


def encoding_name(choice: str) -> str:
    """The codec name of a list entry or a typed name (ValueError naming it if unknown)."""
    return check_encoding(choice.split(" (", 1)[0].strip())


def ask_encoding(parent: QWidget | None) -> str | None:
    """The encoding the user chose (a codec name), or None if cancelled; an unknown name is
    said in a message and asked again."""
    current = 0
    while True:
        choice, ok = plain.get_item(parent, "Import Articles with Encoding",
                                    "Read the text files with this encoding (instead of detecting it):",
                                    ENCODINGS, current, editable=True)
        if not ok:
            return None
        try:
            return encoding_name(choice)
        except ValueError as exc:
            plain.message(parent, "Unknown Encoding", str(exc), warning=True)
