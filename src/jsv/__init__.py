"""jsv: read and write ServiceStack.Text's JSV format.

JSV is JSON without the quotes it does not need and without type markers:
``{Name:"Me, Junior",Tags:[a,b]}``.  ServiceStack services answer in it
(``Accept: text/jsv``), OrmLite stores complex columns in it.  This package reads
and writes it byte for byte as ServiceStack.Text does, untyped like :mod:`json`
or into dataclasses (including the DTOs ServiceStack's Python generator emits)::

    >>> import jsv
    >>> jsv.loads('{Name:"Me, Junior",Tags:[a,b]}')
    {'Name': 'Me, Junior', 'Tags': ['a', 'b']}
    >>> jsv.dumps({'Name': 'Me, Junior', 'Tags': ['a', 'b']})
    '{Name:"Me, Junior",Tags:[a,b]}'

``jsv.implementation`` says whether the compiled engine (``'cython'``) or the
pure-Python reference (``'python'``) is running; set ``JSV_NO_EXTENSIONS=1`` to
force pure Python.
"""

from __future__ import annotations

from typing import Any

from . import _engine
from ._api import Decoder, Encoder, convert, dump, dumps, load, loads
from ._errors import JSVDecodeError, JSVError, JSVValidationError
from ._pretty import format

__all__ = [
    "loads",
    "load",
    "dumps",
    "dump",
    "format",
    "convert",
    "Decoder",
    "Encoder",
    "JSVError",
    "JSVDecodeError",
    "JSVValidationError",
    "implementation",
    "__version__",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Read at access time, so it follows the engine actually in use.
    if name == "implementation":
        return _engine.implementation
    raise AttributeError(f"module 'jsv' has no attribute {name!r}")
