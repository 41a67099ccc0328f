"""Reading a ``.qdpx`` zip without trusting it.

Every member name is checked before anything is read (no ``../``, no absolute
paths); only the members the import needs are decompressed, each checked
against :data:`~annotator.io.refi.common.MAX_UNCOMPRESSED_BYTES` (in total) and
:data:`~annotator.io.refi.common.MAX_COMPRESSION_RATIO` before and while it is read.
Nothing is ever extracted to disk.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from annotator.io.refi import common
from annotator.io.refi.common import RefiError

_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_path(name: str) -> bool:
    """True for a path that would leave the archive: absolute, a drive, or ``..``."""
    name = name.replace("\\", "/")
    return name.startswith("/") or bool(_DRIVE.match(name)) or ".." in name.split("/")


class Archive:
    """An open ``.qdpx``; use as a context manager."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise RefiError(f"{path}: no such file") from None
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise RefiError(f"{path}: not a REFI-QDA project (a .qdpx file is a zip archive): {exc}") from None
        infos = self.zip.infolist()
        if len(infos) > common.MAX_MEMBERS:
            self.zip.close()
            raise RefiError(f"{path}: refused: the archive lists {len(infos)} files (at most {common.MAX_MEMBERS})")
        bad = [i.filename for i in infos if unsafe_path(i.filename)]
        if bad:
            self.zip.close()
            raise RefiError(f"{path}: refused: the archive holds paths that point outside it: {', '.join(bad[:5])}")
        # case-insensitive lookup: tools write Sources/, sources/, SOURCES/
        self._by_name = {i.filename.replace("\\", "/").lower(): i for i in infos if not i.is_dir()}
        self._read_total = 0

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The member called *name* (any case, ``/`` or ``\\``, leading ``./`` ignored)."""
        name = str(PurePosixPath(name.replace("\\", "/")))
        return self._by_name.get(name.lower().lstrip("/"))

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """A member's bytes, refused when it would break the size limits."""
        where = f"{self.path}: {info.filename}"
        budget = common.MAX_UNCOMPRESSED_BYTES - self._read_total
        if info.file_size > budget:
            raise RefiError(
                f"{where}: refused: {info.file_size:,} bytes uncompressed would pass the import limit of"
                f" {common.MAX_UNCOMPRESSED_BYTES:,} bytes (a zip bomb or an absurdly large project)")
        self._check_ratio(where, info.file_size, info.compress_size)
        out = bytearray()
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    out += chunk
                    # the declared size may lie; count what actually comes out
                    if len(out) > budget or len(out) > info.file_size:
                        raise RefiError(f"{where}: refused: decompresses to more than its declared size"
                                        f" or the import limit of {common.MAX_UNCOMPRESSED_BYTES:,} bytes")
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, RuntimeError,
                ValueError, OSError, EOFError) as exc:
            # corrupt data, an encrypted member (RuntimeError), an unknown compression
            raise RefiError(f"{where}: cannot be read from the archive: {exc}") from None
        self._check_ratio(where, len(out), info.compress_size)
        self._read_total += len(out)
        return bytes(out)

    @staticmethod
    def _check_ratio(where: str, size: int, compressed: int) -> None:
        if size >= common.RATIO_CHECK_MIN_BYTES and size > common.MAX_COMPRESSION_RATIO * max(compressed, 1):
            raise RefiError(f"{where}: refused: compressed {size // max(compressed, 1):,} to 1"
                            f" (at most {common.MAX_COMPRESSION_RATIO} to 1): a zip bomb")
