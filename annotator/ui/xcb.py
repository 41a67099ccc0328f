"""Before the window opens on a Linux X display: are the system libraries of Qt's xcb
platform plugin there? Without them Qt aborts with a terse message ("could not load the
Qt platform plugin xcb"), one missing library at a time. Here every missing one is named
at once, with the command that installs them: ``apt-get`` on Debian and Ubuntu, ``dnf``
on Fedora (told apart by ``/etc/os-release``), both when the system is neither.

No Qt import: this runs before the application object exists.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: The system libraries Qt 6's xcb platform plugin (libqxcb.so, libQt6XcbQpa.so) loads,
#: by soname, with the Debian/Ubuntu package that ships each (checked with ``ldd`` and
#: ``dpkg -S`` on Debian 12). The first three are the ones a desktop install usually lacks.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
}

#: The same libraries' Fedora packages, as packages.fedoraproject.org names them (e.g.
#: xcb-util-wm ships both ewmh and icccm; libxcb ships the core extension libraries).
FEDORA_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "xcb-util-cursor",
    "libxcb-icccm.so.4": "xcb-util-wm",
    "libxcb-keysyms.so.1": "xcb-util-keysyms",
    "libxcb-image.so.0": "xcb-util-image",
    "libxcb-render-util.so.0": "xcb-util-renderutil",
    "libxcb-randr.so.0": "libxcb",
    "libxcb-shape.so.0": "libxcb",
    "libxcb-xkb.so.1": "libxcb",
    "libxcb-xfixes.so.0": "libxcb",
    "libxcb-sync.so.1": "libxcb",
    "libxcb-shm.so.0": "libxcb",
    "libxcb-util.so.1": "xcb-util",
    "libxcb-render.so.0": "libxcb",
    "libxcb.so.1": "libxcb",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11",
    "libxkbcommon.so.0": "libxkbcommon",
    "libX11-xcb.so.1": "libX11-xcb",
    "libEGL.so.1": "libglvnd-egl",
    "libfontconfig.so.1": "fontconfig",
}

#: The one line the README gives for a Debian/Ubuntu desktop (the usual gaps, plus xkbcommon-x11).
APT_LINE = "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0"
#: ... and its Fedora equivalent (the same four libraries).
DNF_LINE = "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms libxkbcommon-x11"
OS_RELEASE = Path("/etc/os-release")


def distribution(os_release: Path = OS_RELEASE) -> tuple[str, str]:
    """(family, id) of this Linux from *os_release*: family ``"debian"`` (Debian, Ubuntu and
    their derivatives), ``"fedora"`` (Fedora, and RHEL-like systems whose ID_LIKE names it)
    or ``""`` when unknown or unreadable; id is the ID field as written."""
    try:
        text = os_release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "", ""
    import shlex  # read on an X display only, not with every start

    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if not sep or line.lstrip().startswith("#"):
            continue
        try:  # shell-style quoting, as the os-release format specifies
            words = shlex.split(value)
        except ValueError:
            continue
        fields[key.strip()] = " ".join(words)
    ident = fields.get("ID", "").lower()
    names = {ident, *fields.get("ID_LIKE", "").lower().split()}
    if names & {"debian", "ubuntu"}:
        return "debian", ident
    if "fedora" in names:
        return "fedora", ident
    return "", ident


def will_use_xcb(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True when Qt is going to pick its xcb plugin: Linux, an X display, no platform chosen
    (QT_QPA_PLATFORM) and no Wayland session that Qt would prefer."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(":", 1)[0].split(";", 1)[0] == "xcb"
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return bool(environ.get("DISPLAY"))


def _loads(soname: str) -> bool:
    import ctypes  # here: only a start on X loads libraries (ctypes is 1-2 ms of every start)

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(loads: Callable[[str], bool] | None = None) -> list[str]:
    """The sonames of :data:`XCB_LIBRARIES` the dynamic loader cannot find."""
    loads = loads or _loads
    return [name for name in XCB_LIBRARIES if not loads(name)]


def install_commands(missing: list[str], family: str, ident: str = "") -> str:
    """The command (or, on an unknown system, the commands) that install *missing* (sonames)."""
    apt = " ".join(dict.fromkeys(XCB_LIBRARIES[name] for name in missing))
    dnf = " ".join(dict.fromkeys(FEDORA_PACKAGES[name] for name in missing))
    apt_text = f"On Debian or Ubuntu, install them with:\n  sudo apt-get install {apt}"
    dnf_text = f"On Fedora, install them with:\n  sudo dnf install {dnf}"
    if family == "debian":
        return apt_text
    if family == "fedora":
        if ident != "fedora" and "xcb-util-cursor" in dnf.split():
            dnf_text += "\n(On RHEL and its rebuilds, xcb-util-cursor comes from the EPEL repository.)"
        return dnf_text
    return apt_text + "\n\n" + dnf_text


def explain(missing: list[str], os_release: Path = OS_RELEASE) -> str:
    """What to tell the user: which libraries are missing, and the command that installs them
    on this distribution (read from *os_release*)."""
    family, ident = distribution(os_release)
    return ("annotator cannot open its window: Qt's X11 (xcb) platform plugin needs system libraries "
            f"that are not installed:\n  {', '.join(missing)}\n\n"
            f"{install_commands(missing, family, ident)}\n\n"
            "(The command line works without them: annotator --help. To try the window without a "
            "display, set QT_QPA_PLATFORM=offscreen.)")


NO_DISPLAY = ("annotator cannot open its window: there is no display (DISPLAY and WAYLAND_DISPLAY are not "
              "set).\nRun it in a desktop session, or over ssh with X forwarding (ssh -X). The command line works "
              "without one: annotator --help.")


def check(environ: Mapping[str, str] = os.environ, loads: Callable[[str], bool] | None = None,
          platform: str = sys.platform, os_release: Path = OS_RELEASE) -> str | None:
    """None when the window can start; otherwise the message to print instead of Qt's abort."""
    if (platform.startswith("linux") and not environ.get("QT_QPA_PLATFORM", "").strip()
            and not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY")):
        return NO_DISPLAY  # Qt would try xcb, fail to connect and abort
    if not will_use_xcb(environ, platform):
        return None
    missing = missing_libraries(loads)
    return explain(missing, os_release) if missing else None
