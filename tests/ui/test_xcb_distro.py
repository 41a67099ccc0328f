"""The missing-xcb-libraries message names the install command of this distribution, read
from os-release: apt-get on Debian and Ubuntu, dnf on Fedora, both when unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.ui import xcb

MISSING = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def _loads(soname: str) -> bool:
    return soname not in MISSING


def _os_release(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "os-release"
    path.write_text(text, encoding="utf-8")
    return path


FEDORA = 'NAME="Fedora Linux"\nVERSION="41 (Workstation Edition)"\nID=fedora\nVERSION_ID=41\n'
DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n'
UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n'
ROCKY = 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n'
ARCH = 'NAME="Arch Linux"\nID=arch\n'


@pytest.mark.parametrize("text, family", [(FEDORA, "fedora"), (DEBIAN, "debian"), (UBUNTU, "debian"),
                                          (ROCKY, "fedora"), (ARCH, "")])
def test_distribution_from_os_release(tmp_path, text, family):
    assert xcb.distribution(_os_release(tmp_path, text))[0] == family


def test_an_unreadable_os_release_is_an_unknown_system(tmp_path):
    assert xcb.distribution(tmp_path / "absent") == ("", "")
    assert xcb.distribution(_os_release(tmp_path, "ID='unclosed\n")) == ("", "")


def test_fedora_gets_the_dnf_line_for_what_is_missing(tmp_path):
    message = xcb.check({"DISPLAY": ":0"}, _loads, platform="linux", os_release=_os_release(tmp_path, FEDORA))
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms\n" in message
    assert "apt-get" not in message and "EPEL" not in message
    for soname in MISSING:
        assert soname in message


def test_a_rhel_rebuild_is_told_where_xcb_util_cursor_comes_from(tmp_path):
    message = xcb.check({"DISPLAY": ":0"}, _loads, platform="linux", os_release=_os_release(tmp_path, ROCKY))
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms\n" in message and "EPEL" in message


@pytest.mark.parametrize("text", [DEBIAN, UBUNTU])
def test_debian_and_ubuntu_get_the_apt_line(tmp_path, text):
    message = xcb.check({"DISPLAY": ":0"}, _loads, platform="linux", os_release=_os_release(tmp_path, text))
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "dnf" not in message


def test_an_unknown_system_gets_both_lines(tmp_path):
    message = xcb.check({"DISPLAY": ":0"}, _loads, platform="linux", os_release=_os_release(tmp_path, ARCH))
    assert "sudo apt-get install libxcb-cursor0" in message and "sudo dnf install xcb-util-cursor" in message


def test_every_library_has_a_fedora_package_and_the_lines_cover_the_same_libraries():
    assert set(xcb.FEDORA_PACKAGES) == set(xcb.XCB_LIBRARIES)
    apt = xcb.APT_LINE.split()[3:]
    dnf = xcb.DNF_LINE.split()[3:]
    by_debian = {package: soname for soname, package in xcb.XCB_LIBRARIES.items()}
    assert [xcb.FEDORA_PACKAGES[by_debian[p]] for p in apt] == dnf


def test_the_readme_gives_the_dnf_line():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert xcb.DNF_LINE in readme and xcb.APT_LINE in readme
