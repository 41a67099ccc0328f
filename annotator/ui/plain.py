"""User data is shown as plain text, never interpreted: the one place that says how.

Qt guesses. A ``QLabel`` (also inside ``QMessageBox`` and ``QInputDialog``) and every
tooltip render a string as HTML when it *looks* like HTML (``Qt.mightBeRichText``), so a
coder called ``<b>ana</b>`` would show in bold and ``<img src=x>`` would load an image.
Menu, button and tab texts turn ``&`` into a keyboard accelerator, and window titles
read ``[*]`` as the "modified" marker. Every string that may hold a code, coder, outlet
or file name, a title, memo, attribute value, search query or text quoted from a file
goes through one of these:

* :func:`label` / :func:`set_label`: a label fixed to ``Qt.PlainText``;
* :func:`tooltip`: a tooltip (and a model's ``ToolTipRole``) as escaped rich text that
  shows the string literally, line breaks kept;
* :func:`escape`: a user value inside rich text the program writes itself (a definition
  with headings, a tooltip with a colour swatch);
* :func:`action_text`: a menu, button or check box text (``&`` stays ``&``);
* :func:`window_title`: a window title;
* :func:`message`, :func:`ask`, :func:`get_text`, :func:`get_item`: message boxes and
  input dialogs whose labels are plain text.

``tests/ui/test_plain_text.py`` walks the ui package for calls that bypass this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:  # the dialog classes load when a dialog is shown, not with the window (issue 17)
    from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

_PRE = "<p style='white-space:pre-wrap'>{}</p>"
#: What ``html.escape(text, quote=True)`` replaces, with the same entities (tested against it):
#: the ``html`` package loads its entity tables (5 ms of the window's start) for unescaping only.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: object) -> str:
    """*text* as HTML that shows it literally (for a user value inside program-written rich text)."""
    return str(text).translate(_ESCAPES)


def tooltip(text: object) -> str:
    """A tooltip that shows *text* literally, whatever it holds ("" stays "": no tooltip)."""
    text = str(text)
    return _PRE.format(escape(text)) if text else ""


def shown_text(text: str) -> str:
    """The text Qt shows for a tooltip or auto-detecting label holding *text* (what a reader sees)."""
    if not QtGuiNamespace.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def set_label(widget: QLabel, text: object) -> None:
    """Show *text* in *widget* as plain text."""
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(str(text))


def label(text: object = "", parent: QWidget | None = None) -> QLabel:
    """A new label showing *text* as plain text (so will every later ``setText``)."""
    widget = QLabel(parent)
    set_label(widget, text)
    return widget


def action_text(text: object) -> str:
    """*text* for a menu item, button or check box: ``&`` shown, not made an accelerator."""
    return str(text).replace("&", "&&")


def window_title(text: object) -> str:
    """*text* for ``setWindowTitle``: a ``[*]`` in it is shown, not taken for the modified marker."""
    return str(text).replace("[*]", "[*][*]")


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                buttons: QMessageBox.StandardButton | None = None,
                default: QMessageBox.StandardButton | None = None, *,
                informative: str = "", detailed: str = "") -> QMessageBox:
    """A message box whose text and informative text are plain text (detailed text always is);
    *buttons* None: OK; *default* None: no default button."""
    from PySide6.QtWidgets import QMessageBox

    if buttons is None:
        buttons = QMessageBox.StandardButton.Ok
    box = QMessageBox(icon, window_title(title), text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default is not None and default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    if informative:
        box.setInformativeText(informative)
    if detailed:
        box.setDetailedText(detailed)
    # The informative text has no format of its own: it is a QLabel inside the box.
    for child in box.findChildren(QLabel):
        child.setTextFormat(Qt.TextFormat.PlainText)
    return box


def message(parent: QWidget | None, title: str, text: str, *, warning: bool = False,
            informative: str = "", detailed: str = "") -> None:
    """Tell the user something (an information or warning box with an OK button)."""
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    message_box(parent, icon, title, text, informative=informative, detailed=detailed).exec()


def ask(parent: QWidget | None, title: str, text: str, buttons: QMessageBox.StandardButton | None = None,
        default: QMessageBox.StandardButton | None = None) -> QMessageBox.StandardButton:
    """Ask a question; the button pressed. *buttons* None: Yes and No; *default* None: No."""
    from PySide6.QtWidgets import QMessageBox

    if buttons is None:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    if default is None:
        default = QMessageBox.StandardButton.No
    box = message_box(parent, QMessageBox.Icon.Question, title, text, buttons, default)
    return QMessageBox.StandardButton(box.exec())


def _plain_input(parent: QWidget | None, title: str, text: str) -> QInputDialog:
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(window_title(title))
    dialog.setLabelText(text)
    for child in dialog.findChildren(QLabel):
        child.setTextFormat(Qt.TextFormat.PlainText)
    return dialog


def get_text(parent: QWidget | None, title: str, text: str, value: str = "",
             echo: QLineEdit.EchoMode | None = None) -> tuple[str, bool]:
    """``QInputDialog.getText`` with a plain-text label (*echo* None: shown as typed)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    dialog = _plain_input(parent, title, text)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal if echo is None else echo)
    dialog.setTextValue(value)
    ok = bool(dialog.exec())
    return dialog.textValue(), ok


def get_item(parent: QWidget | None, title: str, text: str, items: list[str], current: int = 0,
             editable: bool = True) -> tuple[str, bool]:
    """``QInputDialog.getItem`` with a plain-text label."""
    dialog = _plain_input(parent, title, text)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(editable)
    if 0 <= current < len(items):
        dialog.setTextValue(items[current])
    ok = bool(dialog.exec())
    return dialog.textValue(), ok


__all__ = ["action_text", "ask", "escape", "get_item", "get_text", "label", "message", "message_box",
           "set_label", "shown_text", "tooltip", "window_title"]
