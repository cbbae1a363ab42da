"""ServiceStack's own tables and request logs, typed.

A ServiceStack app keeps users, caches, settings and request logs in tables
that OrmLite creates from these C# classes, and ``CsvRequestLogger`` writes its
request logs as CSV files whose cells hold JSV.  This module gives each class as
a dataclass whose field types are the columns' types:

* :class:`UserAuth`, :class:`UserAuthDetails` and :class:`UserAuthRole`
  (``OrmLiteAuthRepository``; ``Roles``, ``Permissions``, ``Meta`` and
  ``Items`` are JSV text columns),
* :class:`CacheEntry` (``OrmLiteCacheClient``; ``Data`` is the cached value as
  JSV text, read it with :meth:`CacheEntry.get`),
* :class:`ConfigSetting` (``OrmLiteAppSettings``; ``Value`` is JSV text, read
  it with :meth:`ConfigSetting.get`),
* :class:`RequestLogEntry` (``IRequestLogger``: ``CsvRequestLogger`` files,
  read them with :func:`read_request_logs`, or the ``RequestLogEntry`` table of
  ``OrmLiteRequestLogger``).

Fields are snake_case; :func:`jsv.dumps` writes them under ServiceStack's
PascalCase names (``UserName``), and reading accepts either spelling.  C#
value types (``int``, ``DateTime``, ``TimeSpan``) are required columns and
default to .NET's ``default`` (``0``, ``DateTime.MinValue``, zero); reference
types (``string``, collections, ``object``) are nullable and default to
``None``.  ``object`` members (``RequestDto``, ``Session``, ...) hold whatever
DTO was logged and read as untyped JSV (``dict``/``list``/``str``).

No third-party package is needed.
"""

from __future__ import annotations

import csv
import dataclasses
import glob
import os
from datetime import datetime, timedelta
from typing import (
    Any,
    Callable,
    ClassVar,
    Dict,
    Iterator,
    List,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    get_type_hints,
)

from ._api import Decoder, loads
from ._errors import JSVError

__all__ = [
    "UserAuth",
    "UserAuthDetails",
    "UserAuthRole",
    "CacheEntry",
    "ConfigSetting",
    "RequestLogEntry",
    "RequestLogError",
    "read_request_logs",
]

T = TypeVar("T")


def _pascal(name: str) -> str:
    """``user_auth_id`` -> ``UserAuthId``: the C# property name of a field."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


# Read by jsv's typed layer as dataclasses-json's class configuration: the
# wire name of each field is its C# property name.
_SERVICESTACK_NAMES: Dict[str, Any] = {"letter_case": _pascal}

#: .NET's ``DateTime.MinValue``, the default of a ``DateTime`` member.
MIN_DATE = datetime.min


@dataclasses.dataclass
class UserAuth:
    """A row of ``UserAuth``, the user table of ``OrmLiteAuthRepository``."""

    dataclass_json_config: ClassVar[Dict[str, Any]] = _SERVICESTACK_NAMES

    id: int = 0
    user_name: Optional[str] = None
    email: Optional[str] = None
    primary_email: Optional[str] = None
    phone_number: Optional[str] = None
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    display_name: Optional[str] = None
    company: Optional[str] = None
    birth_date: Optional[datetime] = None
    birth_date_raw: Optional[str] = None
    address: Optional[str] = None
    address2: Optional[str] = None
    city: Optional[str] = None
    state: Optional[str] = None
    country: Optional[str] = None
    culture: Optional[str] = None
    full_name: Optional[str] = None
    gender: Optional[str] = None
    language: Optional[str] = None
    mail_address: Optional[str] = None
    nickname: Optional[str] = None
    postal_code: Optional[str] = None
    time_zone: Optional[str] = None
    salt: Optional[str] = None
    password_hash: Optional[str] = None
    digest_ha1_hash: Optional[str] = None
    roles: List[str] = dataclasses.field(default_factory=list)
    permissions: List[str] = dataclasses.field(default_factory=list)
    created_date: datetime = MIN_DATE
    modified_date: datetime = MIN_DATE
    invalid_login_attempts: int = 0
    last_login_attempt: Optional[datetime] = None
    locked_date: Optional[datetime] = None
    recovery_token: Optional[str] = None
    ref_id: Optional[int] = None
    ref_id_str: Optional[str] = None
    meta: Optional[Dict[str, str]] = None


@dataclasses.dataclass
class UserAuthDetails:
    """A row of ``UserAuthDetails``: one OAuth/credentials provider of a user."""

    dataclass_json_config: ClassVar[Dict[str, Any]] = _SERVICESTACK_NAMES

    id: int = 0
    user_auth_id: int = 0
    provider: Optional[str] = None
    user_id: Optional[str] = None
    user_name: Optional[str] = None
    full_name: Optional[str] = None
    display_name: Optional[str] = None
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    company: Optional[str] = None
    email: Optional[str] = None
    phone_number: Optional[str] = None
    birth_date: Optional[datetime] = None
    birth_date_raw: Optional[str] = None
    address: Optional[str] = None
    address2: Optional[str] = None
    city: Optional[str] = None
    state: Optional[str] = None
    country: Optional[str] = None
    culture: Optional[str] = None
    gender: Optional[str] = None
    language: Optional[str] = None
    mail_address: Optional[str] = None
    nickname: Optional[str] = None
    postal_code: Optional[str] = None
    time_zone: Optional[str] = None
    refresh_token: Optional[str] = None
    refresh_token_expiry: Optional[datetime] = None
    request_token: Optional[str] = None
    request_token_secret: Optional[str] = None
    items: Optional[Dict[str, str]] = dataclasses.field(default_factory=dict)
    access_token: Optional[str] = None
    access_token_secret: Optional[str] = None
    created_date: datetime = MIN_DATE
    modified_date: datetime = MIN_DATE
    ref_id: Optional[int] = None
    ref_id_str: Optional[str] = None
    meta: Optional[Dict[str, str]] = None


@dataclasses.dataclass
class UserAuthRole:
    """A row of ``UserAuthRole`` (roles kept in their own table, ``UseDistinctRoleTables``)."""

    dataclass_json_config: ClassVar[Dict[str, Any]] = _SERVICESTACK_NAMES

    id: int = 0
    user_auth_id: int = 0
    role: Optional[str] = None
    permission: Optional[str] = None
    created_date: datetime = MIN_DATE
    modified_date: datetime = MIN_DATE
    ref_id: Optional[int] = None
    ref_id_str: Optional[str] = None
    meta: Optional[Dict[str, str]] = None


@dataclasses.dataclass
class CacheEntry:
    """A row of ``CacheEntry``, the table of ``OrmLiteCacheClient``.

    ``data`` is the cached value as the dialect's string serializer wrote it
    (JSV); ``get(T)`` reads it as ``ICacheClient.Get<T>`` does.
    """

    dataclass_json_config: ClassVar[Dict[str, Any]] = _SERVICESTACK_NAMES

    id: str = ""
    data: Optional[str] = None
    expiry_date: Optional[datetime] = None
    created_date: datetime = MIN_DATE
    modified_date: datetime = MIN_DATE

    def get(self, type: Type[T]) -> Optional[T]:
        """The cached value decoded as ``type``; ``None`` when ``data`` is ``None``.

        Raises:
            JSVDecodeError, JSVValidationError: as :func:`jsv.loads`.
        """
        return None if self.data is None else loads(self.data, type=type)


@dataclasses.dataclass
class ConfigSetting:
    """A row of ``ConfigSetting``, the table of ``OrmLiteAppSettings``.

    ``value`` is text; ``get(T)`` reads it as ``IAppSettings.Get<T>`` does, as
    JSV (``[a,b]`` for a list, ``{Key:Value}`` for a POCO or dictionary).
    """

    dataclass_json_config: ClassVar[Dict[str, Any]] = _SERVICESTACK_NAMES

    id: str = ""
    value: Optional[str] = None

    def get(self, type: Type[T]) -> Optional[T]:
        """The setting decoded as ``type``; ``None`` when ``value`` is ``None``.

        Raises:
            JSVDecodeError, JSVValidationError: as :func:`jsv.loads`.
        """
        return None if self.value is None else loads(self.value, type=type)


@dataclasses.dataclass
class RequestLogEntry:
    """One request as ``IRequestLogger`` records it (``CsvRequestLogger``, OrmLite).

    ``request_duration`` is a ``TimeSpan`` (written as an XSD duration,
    ``PT0.0151723S``); ``date_time`` is when the request was logged.
    """

    dataclass_json_config: ClassVar[Dict[str, Any]] = _SERVICESTACK_NAMES

    id: int = 0
    date_time: datetime = MIN_DATE
    status_code: int = 0
    status_description: Optional[str] = None
    http_method: Optional[str] = None
    absolute_uri: Optional[str] = None
    path_info: Optional[str] = None
    request_body: Optional[str] = None
    request_dto: Any = None
    user_auth_id: Optional[str] = None
    session_id: Optional[str] = None
    ip_address: Optional[str] = None
    forwarded_for: Optional[str] = None
    referer: Optional[str] = None
    headers: Optional[Dict[str, str]] = None
    form_data: Optional[Dict[str, str]] = None
    items: Optional[Dict[str, str]] = None
    response_headers: Optional[Dict[str, str]] = None
    session: Any = None
    response_dto: Any = None
    error_response: Any = None
    exception_source: Optional[str] = None
    exception_data: Optional[Dict[str, Any]] = None
    request_duration: timedelta = timedelta(0)
    meta: Optional[Dict[str, str]] = None


class RequestLogError(JSVError):
    """A request-log cell that does not read as its member's type.

    Attributes:
        path: the CSV file.
        line: the 1-based line of the row in that file (its first line, for a
            row whose quoted cells span several lines).
        column: the CSV header of the cell (``RequestDuration``).
        error: the underlying :class:`jsv.JSVDecodeError` or
            :class:`jsv.JSVValidationError`, also chained as ``__cause__``.
    """

    def __init__(self, path: str, line: int, column: str, error: JSVError) -> None:
        super().__init__(f"{path}:{line}: column {column}: {error}")
        self.path = path
        self.line = line
        self.column = column
        self.error = error

    def __reduce__(self) -> Any:
        return self.__class__, (self.path, self.line, self.column, self.error)


RequestLogError.__module__ = "jsv.servicestack"

_Reader = Callable[[str], Any]


def _is_text(tp: Any) -> bool:
    return tp is str or tp == Optional[str]


def _cell_readers(cls: type) -> Dict[str, Tuple[str, Optional[_Reader]]]:
    """Normalised header -> (field name, reader of a non-empty cell; None for text)."""
    hints = get_type_hints(cls)
    out: Dict[str, Tuple[str, Optional[_Reader]]] = {}
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        # CsvWriter writes a string member raw (CSV-quoted only); any other
        # member as its JSV text with outer quotes stripped.
        reader = None if _is_text(tp) else Decoder(tp).decode
        out[f.name.replace("_", "").lower()] = (f.name, reader)
    return out


_GLOB_CHARS = frozenset("*?[")


def _paths(path_or_glob: Union[str, os.PathLike[str]]) -> List[str]:
    text = os.fspath(path_or_glob)
    if _GLOB_CHARS.isdisjoint(text):
        return [text]
    return sorted(glob.glob(text, recursive=True))


def read_request_logs(
    path_or_glob: Union[str, os.PathLike[str]],
    *,
    on_error: str = "raise",
) -> Iterator[RequestLogEntry]:
    """Reads ``CsvRequestLogger`` files, one :class:`RequestLogEntry` per row.

    ``CsvRequestLogger`` appends the day's requests to
    ``requestlogs/{year}-{month}/{year}-{month}-{day}.csv`` (and errors to
    ``...-errors.csv``) with ServiceStack's ``CsvSerializer``: a header row of
    member names, ``CRLF`` row ends, cells quoted as RFC 4180 when they hold
    ``"``, ``,``, a line break, or start with ``[`` or ``{``.  A string member
    is its text; any other member is its JSV (``{Accept:text/html}``,
    ``2024-05-01T10:00:00.1234567Z``, ``PT0.0151723S``); an empty cell is
    ``null``.  Columns are matched to fields by name, in any order; unknown
    columns (from a newer ServiceStack) are skipped.

    Args:
        path_or_glob: one file, or a glob pattern (``requestlogs/**/*.csv``,
            ``**`` recursive); files are read in sorted order.
        on_error: ``'raise'`` (default) raises :class:`RequestLogError` at
            the first cell that does not read as its member's type;
            ``'skip'`` leaves that row out.

    Yields rows lazily: memory does not grow with the files' size.

    Raises:
        RequestLogError: a bad cell, with ``on_error='raise'``.
        OSError: a file cannot be read.
        ValueError: ``on_error`` is neither ``'raise'`` nor ``'skip'``.
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    readers = _cell_readers(RequestLogEntry)
    for path in _paths(path_or_glob):
        yield from _read_file(path, readers, on_error == "skip")


def _read_file(
    path: str, readers: Dict[str, Tuple[str, Optional[_Reader]]], skip: bool
) -> Iterator[RequestLogEntry]:
    # utf-8-sig: .NET's File.WriteAllText writes no BOM, but an edited file may.
    with open(path, encoding="utf-8-sig", newline="") as fp:
        rows = csv.reader(fp, strict=True)
        try:
            header = next(rows)
        except StopIteration:
            return
        columns: List[Tuple[int, str, str, Optional[_Reader]]] = []
        for i, name in enumerate(header):
            found = readers.get(name.replace("_", "").lower())
            if found is not None:
                columns.append((i, name, found[0], found[1]))
        line = rows.line_num + 1
        for cells in rows:
            start, line = line, rows.line_num + 1
            if not cells:
                continue
            kwargs: Dict[str, Any] = {}
            try:
                for i, name, field, reader in columns:
                    cell = cells[i] if i < len(cells) else ""
                    if cell == "":
                        continue  # null: the field keeps its default
                    if reader is None:
                        kwargs[field] = cell
                    else:
                        try:
                            kwargs[field] = reader(cell)
                        except JSVError as err:
                            raise RequestLogError(path, start, name, err) from err
            except RequestLogError:
                if skip:
                    continue
                raise
            yield RequestLogEntry(**kwargs)

