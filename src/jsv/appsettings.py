"""ServiceStack AppSettings: typed configuration values written as JSV.

ServiceStack reads its configuration through ``IAppSettings``: a store of
text values (``web.config``'s ``<appSettings>``, ``appsettings.json``, a
dictionary, a text file, an OrmLite table) and typed getters on top.
``Get<T>(key)`` reads the text as JSV of type ``T``, and ``GetList`` and
``GetDictionary`` split it on commas and colons.  :class:`AppSettings`
offers the same over any mapping of keys to text, and
:func:`read_text_settings` reads ServiceStack's text-file format
(``TextFileSettings``).

>>> from typing import Dict, List
>>> settings = AppSettings({"Port": "5432", "Hosts": "db1,db2", "Limits": "Read:5,Write:2"})
>>> settings.get("Port", int)
5432
>>> settings.get("Hosts", List[str]), settings.get_list("Hosts")
(['db1', 'db2'], ['db1', 'db2'])
>>> settings.get("Limits", Dict[str, int])
{'Read': 5, 'Write': 2}
>>> settings.get("Timeout", int, default=30)
30
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import IO, Any, Dict, List, Optional, Tuple, Type, TypeVar, Union, cast, overload

from ._api import loads
from ._common import DOTNET_WHITESPACE
from ._errors import JSVDecodeError, JSVValidationError

__all__ = ["AppSettings", "read_text_settings"]

T = TypeVar("T")

_NO_DEFAULT: Any = object()
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_INVALID_MAP = 'The {} setting had an invalid Key/Value format: "Key1:Value1,Key2:Value2"'


def _collapse_new_lines(text: str) -> str:
    """ServiceStack's ``AppSettingsStrategy.CollapseNewLines``.

    A value of several lines becomes its lines, each trimmed, joined without
    separator, so a JSV object may be spread over lines in a config file.
    """
    lines = [line for line in re.split(r"[\r\n]", text) if line]
    if len(lines) <= 1:
        return text
    return "".join(line.strip(DOTNET_WHITESPACE) for line in lines)


class AppSettings:
    """Typed access to text settings, as ServiceStack's ``AppSettingsBase`` gives it.

    ``AppSettings(mapping)`` wraps a mapping of keys to text (``os.environ``,
    the result of :func:`read_text_settings`, a dict).  A key whose value is
    ``None`` counts as missing, as in ServiceStack.

    Args:
        mapping: keys to text values.
        tier: look ``f"{tier}.{key}"`` up first, then ``key`` (ServiceStack's
            ``Tier``, such as ``'Live'``).
        collapse_new_lines: join the lines of a multi-line value, each trimmed
            (ServiceStack's ``AppSettingsStrategy.CollapseNewLines``).
    """

    def __init__(
        self,
        mapping: Mapping[str, Optional[str]],
        *,
        tier: Optional[str] = None,
        collapse_new_lines: bool = False,
    ) -> None:
        self._mapping = mapping
        self.tier = tier
        self.collapse_new_lines = collapse_new_lines

    # -- raw text -----------------------------------------------------------------------

    def get_text(self, key: str) -> Optional[str]:
        """The text of ``key`` (``tier`` first), or ``None`` when it is missing.

        ServiceStack's ``GetNullableString``.
        """
        value = None
        if self.tier is not None:
            value = self._mapping.get(f"{self.tier}.{key}")
        if value is None:
            value = self._mapping.get(key)
        if value is not None and self.collapse_new_lines:
            value = _collapse_new_lines(value)
        return value

    def keys(self) -> List[str]:
        """The keys that have a value (under ``tier``, without its prefix), as ``GetAllKeys``."""
        names: Dict[str, None] = {}
        for key in self._mapping:
            name = key
            if self.tier is not None and key.startswith(self.tier + "."):
                name = key[len(self.tier) + 1 :]
            if self.get_text(name) is not None:
                names.setdefault(name)
        return list(names)

    def get_all(self) -> Dict[str, str]:
        """Every key that has a value, with its text, as ``GetAll``."""
        return {key: cast(str, self.get_text(key)) for key in self.keys()}

    def exists(self, key: str) -> bool:
        """Whether ``key`` has a value, as ``Exists``."""
        return self.get_text(key) is not None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get_text(key) is not None

    def __repr__(self) -> str:
        return f"AppSettings({self.get_all()!r})"

    # -- typed values -------------------------------------------------------------------

    @overload
    def get(self, key: str) -> str: ...

    @overload
    def get(self, key: str, type: Type[T], default: T = ...) -> T: ...

    @overload
    def get(self, key: str, type: Any, default: Any = ...) -> Any: ...

    def get(self, key: str, type: Any = str, default: Any = _NO_DEFAULT) -> Any:
        """The value of ``key`` read as ``type``, as ServiceStack's ``Get<T>(key)``.

        The text is read as JSV typed decoding reads a document (see the README's
        reading rules), brackets of lists and maps optional: ``a,b`` is a
        ``List[str]``, ``Read:5,Write:2`` a ``Dict[str, int]``, ``{Host:db1}`` a
        dataclass.  For ``str`` the text is taken as it is, unless it is a
        quoted JSV string (``"a, b"``), which is unquoted.  An empty text
        is ``''`` for ``str``; for any other type it counts as missing.

        Args:
            key: the setting's name.
            type: what to read the text as; ``str`` by default.
            default: returned when the key is missing (a bad value still
                raises, as in ServiceStack).

        Raises:
            KeyError: the key is missing (or empty, for a type other than
                ``str``) and there is no ``default``; its argument is the key.
            JSVDecodeError, JSVValidationError: the text is not JSV of
                ``type``; the message names the key.
        """
        text = self.get_text(key)
        if text is None or (not text and type is not str):
            if default is _NO_DEFAULT:
                raise KeyError(key)
            return default
        try:
            if type is str:
                return text if text[:1] != '"' else loads(text, type=str)
            return loads(text, type=type)
        except JSVDecodeError as e:
            msg = f"The {key} setting is not valid JSV: {e.msg}"
            raise JSVDecodeError(msg, e.doc, e.pos) from e
        except JSVValidationError as e:
            raise JSVValidationError(f"The {key} setting: {e.msg}", e.path) from e

    def get_list(self, key: str) -> List[str]:
        """The text of ``key`` split at every comma, as ServiceStack's ``GetList(key)``.

        No quoting and no trimming: ``a, b`` is ``['a', ' b']``, and a missing
        key is an empty list.  ``get(key, List[str])`` reads JSV instead.
        """
        text = self.get_text(key)
        return [] if text is None else text.split(",")

    def get_key_value_pairs(self, key: str) -> List[Tuple[str, str]]:
        """``(key, value)`` pairs as ServiceStack's ``GetKeyValuePairs(key)`` splits them.

        The text is split at every comma, and each item at its colons: the key
        is the text before the first colon and the value the text after it up
        to the next colon, if any (``Url:http://x`` gives ``('Url', 'http')``).
        ``get(key, Dict[str, str])`` reads JSV instead, which keeps the rest.

        Raises:
            KeyError: the key is missing.
            ValueError: an item has no colon.
        """
        text = self.get_text(key)
        if text is None:
            raise KeyError(key)
        pairs = []
        for item in text.split(","):
            parts = item.split(":")
            if len(parts) < 2:
                raise ValueError(_INVALID_MAP.format(key))
            pairs.append((parts[0], parts[1]))
        return pairs

    def get_dict(self, key: str) -> Dict[str, str]:
        """The text of ``key`` as a dict, split as ServiceStack's ``GetDictionary(key)`` does.

        As :meth:`get_key_value_pairs`; a key given twice is an error, as in
        ServiceStack (``Dictionary.Add``).

        Raises:
            KeyError: the key is missing.
            ValueError: an item has no colon, or a key is repeated.
        """
        out: Dict[str, str] = {}
        for name, value in self.get_key_value_pairs(key):
            if name in out:
                raise ValueError(_INVALID_MAP.format(key))
            out[name] = value
        return out


def _split_first(line: str, delimiter: str) -> Tuple[str, Optional[str]]:
    """ServiceStack's ``SplitOnFirst(delimiter)``: at the first match, ignoring case."""
    match = re.search(re.escape(delimiter), line, re.IGNORECASE)
    if match is None:
        return line, None
    return line[: match.start()], line[match.end() :]


def _parse_key_value_text(text: str, delimiter: str) -> Dict[str, Optional[str]]:
    """ServiceStack's ``ParseKeyValueText``."""
    settings: Dict[str, Optional[str]] = {}
    for line in _LINE_BREAK.split(text):
        key, value = _split_first(line.strip(DOTNET_WHITESPACE), delimiter)
        key = key.strip(DOTNET_WHITESPACE)
        if not key or key.startswith("#"):
            continue
        settings[key] = None if value is None else value.strip(DOTNET_WHITESPACE)
    return settings


def read_text_settings(
    path_or_file: Union[str, os.PathLike[str], IO[str], IO[bytes]], delimiter: str = " "
) -> Dict[str, Optional[str]]:
    """Reads ServiceStack's text-file settings (``TextFileSettings``): ``Key Value`` per line.

    Each line is trimmed and split at the first ``delimiter`` (matched
    ignoring case): the key is the part before it, trimmed, and the value the
    rest, trimmed.  Blank lines and lines whose key starts with ``#`` are
    skipped; a line without the delimiter gives its key the value ``None``
    (which :class:`AppSettings` treats as missing); a later line wins over an
    earlier one.  Lines end at CR LF, CR or LF.

    Args:
        path_or_file: a path, or a text or binary file opened for reading;
            bytes are UTF-8, and a byte order mark is skipped.
        delimiter: what separates a key from its value; a space by default.

    Returns:
        The keys in file order, mapped to their text.

    Raises:
        ValueError: the delimiter is empty.
        OSError: the file cannot be read.
    """
    if not delimiter:
        raise ValueError("the delimiter must not be empty")
    if isinstance(path_or_file, (str, os.PathLike)):
        with open(path_or_file, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    else:
        data = path_or_file.read()
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        if text[:1] == "\ufeff":
            text = text[1:]
    return _parse_key_value_text(text, delimiter)
