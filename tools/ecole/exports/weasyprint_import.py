"""WeasyPrint, imported without asking the C compiler where its libraries are.

WeasyPrint loads GObject, Pango, HarfBuzz and fontconfig by trying several names for
each, one per platform (``weasyprint/text/ffi.py``). A name that cannot be opened as
given goes to ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then
``gcc`` and ``ld`` when the linker's cache does not hold the name. On Debian, importing
WeasyPrint ran 86 processes (22 ``ldconfig``, 16 ``gcc`` with their 16 ``collect2``, 32
``ld``), mostly for names that no system has: 0.2 to 0.3 s of the 0.5 to 0.6 s the import
took, in the printing process of every build that prints, before its first PDF.

While WeasyPrint is imported, :func:`imported` makes ``find_library`` answer on Linux
from one reading of ``ldconfig -p``, as its first step does: a name the cache does
not hold is not found, and WeasyPrint tries its next name (``libpango-1.0.so.0`` and
the like, which the dynamic loader opens itself, ``LD_LIBRARY_PATH`` included).
Elsewhere, or without ``ldconfig``, the standard lookup runs.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from types import ModuleType

LDCONFIG = "/sbin/ldconfig"
#: The ABI ``ldconfig -p`` names for 64-bit machines other than plain ``libc6`` (as ``ctypes.util``).
_ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def imported() -> ModuleType:
    """The ``weasyprint`` module, imported at the first call."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with _linker_cache_lookup():
        import weasyprint
    return weasyprint


@contextlib.contextmanager
def _linker_cache_lookup() -> Iterator[None]:
    listing = _linker_cache() if sys.platform.startswith("linux") else None
    if listing is None:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = library_finder(listing)
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _linker_cache() -> bytes | None:
    """What ``ldconfig -p`` prints, or None without it."""
    try:
        return subprocess.run(
            [LDCONFIG, "-p"],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env={"LC_ALL": "C", "LANG": "C"},
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def library_finder(listing: bytes) -> Callable[[str], str | None]:
    """``find_library`` answering from ``listing`` (``ldconfig -p``), as ``ctypes.util`` reads it."""
    bits = "32" if struct.calcsize("l") == 4 else "64"
    abi = _ABI.get(f"{os.uname().machine}-{bits}", "libc6")

    def find_library(name: str) -> str | None:
        found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"), listing)
        return os.fsdecode(found.group(1)) if found else None

    return find_library
