"""Conversions between JSV scalar text and Python values.

ServiceStack.Text writes booleans, numbers, GUIDs, dates, durations, byte
arrays and enums as bare text whose shape is decided by .NET formatting
routines.  This module holds one pure function per direction and type so the
typed layer (:mod:`jsv._typed`) can turn a scalar into the declared Python type
and back without knowing those details.

Contract shared by every parser:

* it takes text that has already been unquoted (a :class:`str`);
* it returns the value or raises :class:`ValueError` with a short reason
  (``"year 10000 is out of range"``) -- never any other exception, whatever
  the input, because the typed layer wraps that reason into an error carrying
  the path of the value;
* it runs in time linear in the length of the input: no backtracking-prone
  regular expressions, and digit counts are capped before any conversion whose
  cost grows faster than linearly (Python's ``int()``).

The formatters write exactly what ServiceStack writes, except where a Python
decision documented on the function says otherwise (mostly: never consult the
local time zone and never drop a time zone).
"""

from __future__ import annotations

import base64
import binascii
import decimal
import re
import sys
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum, Flag
from typing import Any, Dict, Tuple, TypeVar, cast

from ._common import MAX_DECIMAL_EXPONENT

__all__ = [
    "parse_bool",
    "parse_int",
    "parse_float",
    "parse_decimal",
    "parse_uuid",
    "parse_datetime",
    "parse_date",
    "parse_time",
    "parse_timedelta",
    "parse_bytes",
    "enum_parser",
    "format_datetime",
    "format_date",
    "format_time",
    "format_timedelta",
    "format_uuid",
    "format_bytes",
    "enum_formatter",
]

E = TypeVar("E", bound=Enum)

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------

#: Whitespace .NET's number parser skips around a number (``Number.IsWhite``):
#: the space and U+0009..U+000D.  Also used around dates, durations and GUIDs.
_ASCII_WS = " \t\n\x0b\x0c\r"

#: Whitespace ServiceStack's own integer parser skips (``DefaultMemory``):
#: the ASCII set plus NO-BREAK SPACE, NEXT LINE and ZERO WIDTH SPACE.
_INT_WS = _ASCII_WS + "\xa0\x85\u200b"

#: Characters .NET's ``char.IsWhiteSpace`` accepts, trimmed by ``bool.Parse``.
_DOTNET_WS = (
    _ASCII_WS
    + "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    + "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: Digits allowed before ``int()`` when the interpreter has no limit of its own
#: (Python < 3.11 without the security backport): ``int()`` is quadratic there.
_FALLBACK_INT_DIGITS = 4300


def _is_digits(text: str) -> bool:
    """True when ``text`` is one or more ASCII digits.

    ``str.isdigit`` alone also accepts other scripts' digits and superscripts,
    which .NET rejects, so the text must be ASCII as well.
    """
    return text.isascii() and text.isdigit()


def _digits_to_int(digits: str, what: str) -> int:
    """Convert a string of ASCII digits of any length to an int.

    Leading zeros are dropped first so they never count against Python's limit
    on the number of digits ``int()`` converts; a number beyond that limit is
    reported as a ValueError instead of being converted slowly.
    """
    significant = digits.lstrip("0") or "0"
    if not hasattr(sys, "get_int_max_str_digits") and len(significant) > _FALLBACK_INT_DIGITS:
        raise ValueError(f"{what} has too many digits ({len(significant)})")
    try:
        return int(significant)
    except ValueError:
        raise ValueError(f"{what} has too many digits ({len(significant)})") from None


def _small_int(digits: str, max_digits: int, message: str) -> int:
    """Convert ASCII digits known to be meaningful only when short.

    Used for date and duration parts: anything with more than ``max_digits``
    significant digits is out of range anyway, so it is refused with
    ``message`` before any conversion.
    """
    significant = digits.lstrip("0")
    if len(significant) > max_digits:
        raise ValueError(message)
    return int(significant or "0")


# --------------------------------------------------------------------------
# Booleans and numbers
# --------------------------------------------------------------------------

_TRUE_CHARS = frozenset("1tTyY")
_FALSE_CHARS = frozenset("0fFnN")


def parse_bool(text: str) -> bool:
    """Read a boolean the way ServiceStack's ``ParseBoolean`` does.

    One character ``1 t T y Y`` is true and ``0 f F n N`` false; ``on``/``off``
    in any case; otherwise ``true``/``false`` in any case, with surrounding
    whitespace tolerated as .NET Core's ``bool.Parse`` does.  Unlike
    ServiceStack, empty text is an error: deciding what an empty value means
    (null or default) is the typed layer's job.
    """
    if len(text) == 1:
        if text in _TRUE_CHARS:
            return True
        if text in _FALSE_CHARS:
            return False
    folded = text.lower()
    if folded == "on":
        return True
    if folded == "off":
        return False
    word = text.strip(_DOTNET_WS).lower()
    if word == "true":
        return True
    if word == "false":
        return False
    raise ValueError("not a valid boolean")


def parse_int(text: str) -> int:
    """Read an integer the way ServiceStack's own integer parser does.

    Accepted: optional surrounding whitespace (space, U+0009..U+000D, U+00A0,
    U+0085, U+200B), an optional ``-`` and ASCII digits with any number of
    leading zeros.  Refused, as in ServiceStack: ``+``, a decimal point, an
    exponent, thousands separators, hex and non-ASCII digits.  The size is not
    limited to a .NET type: that check belongs to the typed layer, and only
    Python's own limit on ``int()`` conversions applies.
    """
    body = text.strip(_INT_WS)
    negative = body.startswith("-")
    digits = body[1:] if negative else body
    if not _is_digits(digits):
        raise ValueError("not a valid integer")
    value = _digits_to_int(digits, "integer")
    return -value if negative else value


#: ``NumberStyles.Float | AllowThousands`` after the whitespace is removed:
#: sign, integer digits (a ``,`` group separator may follow any digit), point,
#: fraction, exponent.  Every quantifier is followed by a character it cannot
#: match, so matching is linear.
_NUMBER_RE = re.compile(r"([+-]?)([0-9][0-9,]*)?(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?")

#: .NET Core spellings of the special values (invariant culture), lower-cased.
_SPECIAL_FLOATS = {
    "nan": float("nan"),
    "infinity": float("inf"),
    "+infinity": float("inf"),
    "-infinity": float("-inf"),
    "\u221e": float("inf"),
    "+\u221e": float("inf"),
    "-\u221e": float("-inf"),
}


def _scan_number(text: str, what: str) -> Tuple[str, str, str, str]:
    """Split .NET ``Float | AllowThousands`` text into its parts.

    Returns ``(sign, integer digits without separators, fraction digits,
    exponent text)``; the exponent text is empty when there is none.  Raises
    ValueError when the text is not such a number (for instance Python-only
    spellings: ``1_000``, ``0x10``, ``inf``).
    """
    body = text.strip(_ASCII_WS)
    match = _NUMBER_RE.fullmatch(body)
    if match is None:
        raise ValueError(f"not a valid {what}")
    sign, integer, fraction, exponent = match.groups("")
    if not integer and not fraction:
        raise ValueError(f"not a valid {what}")
    return sign, integer.replace(",", ""), fraction, exponent


def parse_float(text: str) -> float:
    """Read a floating point number as .NET does with the invariant culture.

    Grammar of ``NumberStyles.Float | AllowThousands``: surrounding whitespace,
    a leading ``+`` or ``-``, ``,`` group separators in the integer part
    (``1,000.5``), a decimal point, an exponent ``e``/``E`` with optional sign,
    plus ``NaN``, ``Infinity``, ``+Infinity``, ``-Infinity``, ``∞`` and ``-∞``
    in any case.  Values too large for a double become infinity, as on .NET
    Core 3.0 and later.
    """
    special = _SPECIAL_FLOATS.get(text.strip(_ASCII_WS).lower())
    if special is not None:
        return special
    sign, integer, fraction, exponent = _scan_number(text, "number")
    literal = f"{sign}{integer or '0'}.{fraction or '0'}e{exponent or '0'}"
    try:
        return float(literal)
    except (ValueError, OverflowError):  # pragma: no cover - the grammar is float()'s
        raise ValueError("not a valid number") from None


def parse_decimal(text: str) -> decimal.Decimal:
    """Read a decimal number, keeping its scale (``3.30`` stays ``3.30``).

    Same grammar as :func:`parse_float` (as .NET Core's ``decimal.Parse`` with
    ``Float | AllowThousands``) but NaN and infinities are refused, since a .NET
    decimal has neither.  An exponent is allowed (``1e3`` gives
    ``Decimal('1E+3')``, equal to 1000).  The range is wider than .NET's
    28-digit one, up to a magnitude of ``10**MAX_DECIMAL_EXPONENT`` either way,
    so that every value read can be written back without an exponent.
    """
    if text.strip(_ASCII_WS).lower() in _SPECIAL_FLOATS:
        raise ValueError("a decimal cannot be NaN or infinite")
    sign, integer, fraction, exponent = _scan_number(text, "decimal number")
    literal = f"{sign}{integer or '0'}"
    if fraction:
        literal += "." + fraction
    if exponent:
        literal += "e" + exponent
    try:
        value = decimal.Decimal(literal)
    except (decimal.InvalidOperation, ValueError, OverflowError):
        raise ValueError("decimal exponent is out of range") from None
    if abs(value.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise ValueError("decimal exponent is out of range")
    return value


# --------------------------------------------------------------------------
# GUIDs and byte arrays
# --------------------------------------------------------------------------

_HEX = frozenset("0123456789abcdefABCDEF")


def parse_uuid(text: str) -> uuid.UUID:
    """Read a GUID in any of the .NET ``N``, ``D``, ``B`` and ``P`` forms.

    ``N`` is 32 hex digits (what ServiceStack writes), ``D`` the dashed
    8-4-4-4-12 form, ``B`` and ``P`` the dashed form in braces or parentheses.
    Case-insensitive, surrounding whitespace tolerated.  The check is done here
    because :class:`uuid.UUID` itself is laxer (it ignores dashes anywhere and
    accepts a ``urn:uuid:`` prefix).
    """
    body = text.strip(_ASCII_WS)
    if len(body) == 38 and (
        (body[0] == "{" and body[-1] == "}") or (body[0] == "(" and body[-1] == ")")
    ):
        body = body[1:-1]
    if len(body) == 36:
        if body[8] != "-" or body[13] != "-" or body[18] != "-" or body[23] != "-":
            raise ValueError("not a valid UUID")
        body = body[:8] + body[9:13] + body[14:18] + body[19:23] + body[24:]
    if len(body) != 32 or not _HEX.issuperset(body):
        raise ValueError("not a valid UUID")
    return uuid.UUID(hex=body)


def format_uuid(value: uuid.UUID) -> str:
    """Write a UUID as ServiceStack writes a GUID: 32 lowercase hex digits."""
    return value.hex


#: Standard base64 text once its length is known to be a multiple of four.
_BASE64_RE = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def parse_bytes(text: str) -> bytes:
    """Decode standard base64 with padding, as ``Convert.FromBase64String`` does.

    The text is validated strictly: only the standard alphabet, a length that
    is a multiple of four and at most two ``=`` at the end.  (Unlike .NET,
    embedded whitespace is refused.)  The ``[0,65,255]`` list form ServiceStack
    also accepts arrives as a list and is handled by the typed layer.
    """
    if len(text) % 4 or _BASE64_RE.fullmatch(text) is None:
        raise ValueError("not valid base64")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not valid base64") from None


def format_bytes(value: bytes | bytearray | memoryview) -> str:
    """Write bytes as standard base64 with padding (``Convert.ToBase64String``)."""
    return base64.b64encode(bytes(value)).decode("ascii")


# --------------------------------------------------------------------------
# Dates and times
# --------------------------------------------------------------------------

_ONE_MINUTE = timedelta(minutes=1)
_MAX_OFFSET = timedelta(hours=14)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_WEEKDAYS = {
    name: number for number, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
}

#: ISO 8601 / XSD date-time as ServiceStack writes and .NET reads it:
#: ``yyyy-M-d``, optionally ``T`` or a space and ``HH:mm[:ss[.fraction]]`` and a
#: zone (``Z``, ``±hh:mm``, ``±hhmm``, ``±hh``).  The year takes any number of
#: digits so that ``10000`` is reported as out of range; fraction length is
#: checked afterwards for the same reason.
_ISO_RE = re.compile(
    r"([0-9]{4,})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?"
    r"(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
#: .NET's invariant culture as ``DateTime.Parse`` reads it: ``M/d/yyyy`` (month
#: first; ``-`` also separates) or ``yyyy/M/d``, optionally followed by a time
#: ``H:mm[:ss[.f{1,7}]]``, a 12-hour designator ``AM``/``PM`` and a zone
#: (``Z``, `` GMT``, ``±hh:mm``, ``±hhmm``, ``±hh``).  The general format
#: ``MM/dd/yyyy HH:mm:ss`` is what ``DateTime.ToString()`` prints there.
_INVARIANT_RE = re.compile(
    r"(?:([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})|([0-9]{4})/([0-9]{1,2})/([0-9]{1,2}))"
    r"(?: ([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?"
    r"(?: ?([AaPp][Mm]))?"
    r"(Z| ?GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
_RFC1123_RE = re.compile(
    r"(?:([A-Za-z]{3}), ?)?([0-9]{1,2}) ([A-Za-z]{3}) ([0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT",
    re.IGNORECASE,
)
_WCF_BODY_RE = re.compile(r"(-?[0-9]+)(?:([+-])([0-9]{2})([0-9]{2}))?")
_CLOCK_RE = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?")


def _year(text: str) -> int:
    """Validate a year written with four (or more) digits: 1..9999."""
    if len(text) != 4:
        if text.startswith("0"):
            raise ValueError("year must have four digits")
        if len(text) > 12:
            raise ValueError("year is out of range")
        raise ValueError(f"year {text} is out of range")
    year = int(text)
    if year == 0:
        raise ValueError("year 0 is out of range")
    return year


def _make_date(year: int, month: int, day: int) -> date:
    """Build a date with a specific message for each out-of-range part."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is out of range")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"day {day} is out of range for {year:04d}-{month:02d}") from None


def _fraction_to_micro(fraction: str | None) -> int:
    """Turn up to seven fraction digits into microseconds, truncating the rest.

    ServiceStack writes seven digits (100 ns ticks); Python keeps six, so the
    seventh is dropped rather than rounded (rounding could carry into the next
    second, even the next day).
    """
    if not fraction:
        return 0
    if len(fraction) > 7:
        raise ValueError("at most 7 fraction digits are allowed")
    return int(fraction[:6].ljust(6, "0"))


def _clock(hour: str, minute: str, second: str | None) -> Tuple[int, int, int]:
    """Validate the hour, minute and second fields of a time of day."""
    h, m = int(hour), int(minute)
    s = int(second) if second else 0
    if h > 23:
        raise ValueError(f"hour {h} is out of range")
    if m > 59:
        raise ValueError(f"minute {m} is out of range")
    if s > 59:
        raise ValueError(f"second {s} is out of range")
    return h, m, s


def _offset(sign: str, hours: int, minutes: int) -> timezone:
    """Build a fixed offset, refusing anything .NET's DateTimeOffset refuses.

    .NET limits offsets to ±14:00; minutes must be below 60.
    """
    if minutes > 59:
        raise ValueError(f"offset minutes {minutes} are out of range")
    delta = timedelta(hours=hours, minutes=minutes)
    if delta > _MAX_OFFSET:
        raise ValueError(f"offset {sign}{hours:02d}:{minutes:02d} is out of range")
    if not delta:
        return timezone.utc
    return timezone(-delta if sign == "-" else delta)


def _parse_zone(text: str) -> timezone:
    """Read ``Z``, ``±hh``, ``±hhmm`` or ``±hh:mm`` into a fixed offset."""
    if text == "Z":
        return timezone.utc
    digits = text[1:].replace(":", "")
    minutes = int(digits[2:]) if len(digits) == 4 else 0
    return _offset(text[0], int(digits[:2]), minutes)


def _parse_wcf(body: str) -> datetime:
    """Read the inside of a WCF date ``/Date(ms[±hhmm])/``.

    The milliseconds count from the Unix epoch in UTC.  Without an offset the
    result is aware UTC; with one it is the same instant expressed in that
    offset (ServiceStack's older DateTimeOffset code relabels the UTC clock
    instead, shifting the instant; newer ServiceStack converts as done here).
    ``-0000``, which ServiceStack treats as "local", is read as UTC.
    """
    match = _WCF_BODY_RE.fullmatch(body)
    if match is None:
        raise ValueError("not a valid /Date(...)/ value")
    millis_text, sign, off_h, off_m = match.groups()
    negative = millis_text.startswith("-")
    millis = _small_int(millis_text.lstrip("-"), 18, "/Date(...)/ value is out of range")
    try:
        instant = _EPOCH + timedelta(milliseconds=-millis if negative else millis)
        if sign is None:
            return instant
        return instant.astimezone(_offset(sign, int(off_h), int(off_m)))
    except OverflowError:
        raise ValueError("/Date(...)/ value is out of range") from None


def _parse_rfc1123(match: re.Match[str]) -> datetime:
    """Build the aware UTC datetime of an RFC 1123 date (``Tue, 12 Nov 2013 14:32:07 GMT``).

    As in .NET, a day name that contradicts the date is an error.
    """
    weekday, day, month_name, year, hour, minute, second = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise ValueError(f"unknown month name {month_name!r}")
    the_date = _make_date(_year(year), month, int(day))
    if weekday is not None:
        expected = _WEEKDAYS.get(weekday.lower())
        if expected is None:
            raise ValueError(f"unknown day name {weekday!r}")
        if expected != the_date.weekday():
            raise ValueError("day name does not match the date")
    h, m, s = _clock(hour, minute, second)
    return datetime(the_date.year, the_date.month, the_date.day, h, m, s, tzinfo=timezone.utc)


def _invariant_date(match: re.Match[str], day_first: bool) -> date:
    """The date of an :data:`_INVARIANT_RE` match.

    ``M/d/yyyy`` is month first, as .NET's invariant culture reads it.  With
    ``day_first`` (ServiceStack's 10-character rule, see :func:`_parse_invariant`)
    ``dd/MM/yyyy`` is tried first and month first only if that is no date.
    """
    first, _, second, year_text, year_first, month_text, day_text = match.groups()[:7]
    if year_first is not None:
        return _make_date(_year(year_first), int(month_text), int(day_text))
    year = _year(year_text)
    if not day_first:
        return _make_date(year, int(first), int(second))
    try:
        return _make_date(year, int(second), int(first))
    except ValueError as day_first_error:
        try:
            return _make_date(year, int(first), int(second))
        except ValueError as month_first_error:
            raise ValueError(
                f"not a date as dd/MM/yyyy ({day_first_error}) nor as MM/dd/yyyy "
                f"({month_first_error})"
            ) from None


def _parse_invariant(match: re.Match[str], ten_chars: bool) -> datetime:
    """A date and time in .NET's invariant culture, and ServiceStack's day-first rule.

    ServiceStack's ``DateTimeSerializer.ParseShortestXsdDateTime`` hands text
    of exactly 10 characters to its own parser, which reads ``dd/MM/yyyy`` and
    ``dd-MM-yyyy`` day first (``yyyy/MM/dd`` year first), and falls back to
    ``DateTime.Parse`` with the invariant culture when that is no date.  Every
    other length goes to ``DateTime.Parse`` directly, which reads month first:
    ``4/5/2019`` is 5 April, ``04/05/2019`` is 4 May.

    The time may use a 12-hour clock (``8:30:00 PM``: hours 0 to 12).  A zone
    makes the result aware; without one it is naive (ServiceStack would
    convert zoned values to the machine's local time).
    """
    the_date = _invariant_date(match, ten_chars and match.group(8) is None)
    hour, minute, second, fraction, designator, zone = match.groups()[7:]
    if hour is None:
        return datetime(the_date.year, the_date.month, the_date.day)
    h, m, s = _clock(hour, minute, second)
    if designator is not None:
        if h > 12:
            raise ValueError(f"hour {h} is out of range for {designator.upper()}")
        pm = designator in ("PM", "pm", "Pm", "pM")
        h = (h % 12) + (12 if pm else 0)
    micro = _fraction_to_micro(fraction)
    tzinfo = None
    if zone is not None:
        zone = zone.strip()
        tzinfo = timezone.utc if zone == "GMT" else _parse_zone(zone)
    return datetime(the_date.year, the_date.month, the_date.day, h, m, s, micro, tzinfo)


def parse_datetime(text: str) -> datetime:
    """Read a date and time in any shape ServiceStack reads (spec §3.11).

    Shapes: ``yyyy-MM-dd`` (single-digit month and day allowed), the same with
    ``T`` or a space and ``HH:mm[:ss[.f{1,7}]]`` and an optional zone ``Z``,
    ``±hh:mm``, ``±hhmm`` or ``±hh`` (so also the universal sortable
    ``yyyy-MM-dd HH:mm:ssZ``); ``yyyyMMdd``; WCF dates ``/Date(ms[±hhmm])/``
    and ``\\/Date(...)\\/``; RFC 1123 ``Tue, 12 Nov 2013 14:32:07 GMT``; and
    .NET's invariant culture: ``M/d/yyyy`` or ``M-d-yyyy`` (month first) and
    ``yyyy/M/d``, optionally with a time ``H:mm[:ss[.f{1,7}]]``, ``AM``/``PM``
    and a zone, which covers the general format ``MM/dd/yyyy HH:mm:ss`` and the
    12-hour ``M/d/yyyy h:mm:ss tt``.  Exactly 10-character dates are read day
    first when that gives a date (``dd/MM/yyyy``), as ServiceStack does; see
    :func:`_parse_invariant`.

    Unlike ServiceStack, which converts zoned values to the machine's local
    time, the result keeps what the text says: aware with exactly the given
    offset when there is a zone (``Z``, WCF and RFC 1123 dates are UTC), naive
    otherwise, naive midnight for a date alone.  Fraction digits beyond the
    sixth are truncated.
    """
    body = text.strip(_ASCII_WS)
    match = _ISO_RE.fullmatch(body)
    if match is not None:
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        the_date = _make_date(_year(year), int(month), int(day))
        if hour is None:
            return datetime(the_date.year, the_date.month, the_date.day)
        h, m, s = _clock(hour, minute, second)
        micro = _fraction_to_micro(fraction)
        tzinfo = _parse_zone(zone) if zone else None
        return datetime(the_date.year, the_date.month, the_date.day, h, m, s, micro, tzinfo)
    if body.startswith("/Date(") and body.endswith(")/"):
        return _parse_wcf(body[6:-2])
    if body.startswith("\\/Date(") and body.endswith(")\\/"):
        return _parse_wcf(body[7:-3])
    if len(body) == 8 and _is_digits(body):
        the_date = _make_date(_year(body[:4]), int(body[4:6]), int(body[6:]))
        return datetime(the_date.year, the_date.month, the_date.day)
    match = _INVARIANT_RE.fullmatch(body)
    if match is not None:
        return _parse_invariant(match, len(body) == 10)
    match = _RFC1123_RE.fullmatch(body)
    if match is not None:
        return _parse_rfc1123(match)
    raise ValueError("not a valid date/time")


def parse_date(text: str) -> date:
    """Read a date: any date-only shape :func:`parse_datetime` reads.

    ServiceStack writes ``DateOnly`` as ``yyyy-MM-dd``; a full date-time is
    also accepted when its time of day is exactly zero and it has no zone,
    since nothing is lost then.
    """
    value = parse_datetime(text)
    if value.tzinfo is not None:
        raise ValueError("a date cannot carry a time zone")
    if value.time() != time(0):
        raise ValueError("a date cannot have a time of day")
    return value.date()


def _date_text(value: date) -> str:
    """``yyyy-MM-dd`` with the year zero-padded to four digits."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def format_date(value: date) -> str:
    """Write a date as ServiceStack writes ``DateOnly``: ``yyyy-MM-dd``.

    A :class:`datetime` is refused (TypeError) rather than silently losing its
    time: use :func:`format_datetime` for those.
    """
    if isinstance(value, datetime):
        raise TypeError("format_date() takes a date, not a datetime")
    return _date_text(value)


def format_datetime(value: datetime) -> str:
    """Write a datetime the way ServiceStack's ``ToShortestXsdDateTimeString`` does.

    * naive at exactly midnight: ``yyyy-MM-dd``;
    * naive otherwise: ``yyyy-MM-ddTHH:mm:ss`` plus ``.fffffff`` (seven digits)
      when there are microseconds, and no offset: ServiceStack would add the
      writing machine's offset, which we never consult;
    * aware with offset zero: the same followed by ``Z``;
    * aware with another offset: followed by ``±hh:mm``.

    Aware midnight keeps its full form and zone (ServiceStack writes UTC
    midnight date-only, losing the zone; we do not).  Offsets that .NET cannot
    represent -- with seconds, or beyond ±14:00 -- are converted to UTC and
    written with ``Z``: the instant is kept.
    """
    offset = value.utcoffset()
    if offset is None:
        if not (value.hour or value.minute or value.second or value.microsecond):
            return _date_text(value)
        return _datetime_text(value)
    if offset % _ONE_MINUTE or abs(offset) > _MAX_OFFSET:
        try:
            value = value.astimezone(timezone.utc)
        except OverflowError:
            raise ValueError("datetime is out of range once converted to UTC") from None
        offset = timedelta(0)
    if not offset:
        return _datetime_text(value) + "Z"
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(offset) // _ONE_MINUTE
    return f"{_datetime_text(value)}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _datetime_text(value: datetime) -> str:
    """``yyyy-MM-ddTHH:mm:ss`` with ``.fffffff`` when there are microseconds."""
    text = f"{_date_text(value)}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}0"
    return text


# --------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------

#: What ServiceStack writes for ``TimeSpan.MaxValue`` (its negation is
#: ``TimeSpan.MinValue``); read back as :attr:`timedelta.max` / ``min``.
_MAX_SENTINEL = "P10675199DT2H48M5.4775391S"
_MIN_SENTINEL = "-" + _MAX_SENTINEL

_MICRO_PER_SECOND = 1_000_000
#: More significant digits than this in a duration part cannot fit a timedelta
#: (about 8.6e19 microseconds), so such parts are refused before conversion.
_MAX_PART_DIGITS = 21

#: Microseconds in one unit of each XSD duration designator.
_DESIGNATOR_MICRO = {
    "D": 86_400 * _MICRO_PER_SECOND,
    "H": 3_600 * _MICRO_PER_SECOND,
    "M": 60 * _MICRO_PER_SECOND,
    "S": _MICRO_PER_SECOND,
}

#: .NET ``TimeSpan`` text, ``[-][d.]h:mm[:ss[.f]]`` ...
_TIMESPAN_RE = re.compile(
    r"(-?)(?:([0-9]+)\.)?([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.([0-9]+))?)?"
)
#: ... and the general form with the days before a colon, ``[-]d:h:mm:ss[.f]``.
_TIMESPAN_DAYS_RE = re.compile(
    r"(-?)([0-9]+):([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?"
)


def _micro_to_timedelta(micro: int) -> timedelta:
    """Build a timedelta from microseconds, reporting overflow as ValueError."""
    try:
        return timedelta(microseconds=micro)
    except OverflowError:
        raise ValueError("duration is out of range") from None


def _xsd_duration_micro(body: str) -> int:
    """Read ``[-]P[nD][T[nH][nM][n[.f]S]]`` into signed microseconds.

    Only the designators ServiceStack understands are accepted, each at most
    once and in this order; ``Y``, the month ``M`` and ``W``, which it silently
    ignores (turning ``P1Y`` into zero), are an error here.  At least one part
    is required, a ``T`` must be followed by one, and only seconds may carry a
    fraction.  The caller has checked that the text starts with ``P`` or ``-P``.
    """
    negative = body.startswith("-")
    pos = 2 if negative else 1
    end = len(body)
    remaining = "D"  # designators still allowed, in order
    in_time = False
    parts = 0  # parts read since the start or since the T
    total = 0
    while pos < end:
        if body[pos] == "T":
            if in_time:
                raise ValueError("not a valid duration")
            in_time, remaining, parts = True, "HMS", 0
            pos += 1
            continue
        start = pos
        while pos < end and "0" <= body[pos] <= "9":
            pos += 1
        digits = body[start:pos]
        fraction = ""
        if pos < end and body[pos] == ".":
            pos += 1
            frac_start = pos
            while pos < end and "0" <= body[pos] <= "9":
                pos += 1
            fraction = body[frac_start:pos]
            if not fraction:
                raise ValueError("not a valid duration")
        if not digits or pos == end:
            raise ValueError("not a valid duration")
        designator = body[pos]
        pos += 1
        if designator in "YW" or (designator == "M" and not in_time):
            raise ValueError("years, months and weeks are not supported in durations")
        index = remaining.find(designator)
        if index < 0:
            raise ValueError("not a valid duration")
        remaining = remaining[index + 1 :]
        if fraction and designator != "S":
            raise ValueError("only seconds may have a fraction in a duration")
        value = _small_int(digits, _MAX_PART_DIGITS, "duration is out of range")
        total += value * _DESIGNATOR_MICRO[designator] + _fraction_to_micro(fraction)
        parts += 1
    if not parts:
        raise ValueError("not a valid duration")
    return -total if negative else total


def _timespan_micro(body: str) -> int:
    """Read .NET ``TimeSpan`` text (``1.02:03:04.5``) into signed microseconds.

    As ``TimeSpan.Parse`` requires, hours stay below 24 and minutes and
    seconds below 60.
    """
    match = _TIMESPAN_RE.fullmatch(body) or _TIMESPAN_DAYS_RE.fullmatch(body)
    if match is None:
        raise ValueError("not a valid duration")
    sign, days, hours, minutes, seconds, fraction = match.groups()
    h, m, s = _clock(hours, minutes, seconds)
    d = _small_int(days, 9, "duration is out of range") if days else 0
    micro = ((d * 24 + h) * 60 + m) * 60 + s
    micro = micro * _MICRO_PER_SECOND + _fraction_to_micro(fraction)
    return -micro if sign else micro


def _seconds_micro(body: str) -> int:
    """Read a plain number of seconds (``90.5``, ``1e3``) into microseconds.

    The number follows :func:`parse_float`'s grammar (without NaN and
    infinities) but is converted exactly, truncating below a microsecond.
    """
    sign, integer, fraction, exponent = _scan_number(body, "duration")
    significant = (integer + fraction).lstrip("0")
    if not significant:
        return 0
    exp_digits = exponent.lstrip("+-").lstrip("0") or "0"
    if len(exp_digits) > 15:  # |exponent| beyond any digit count we could be given
        exp_digits = "1" + "0" * 15
    exp = int(exp_digits)
    if exponent.startswith("-"):
        exp = -exp
    # value = int(significant) * 10 ** shift microseconds
    shift = exp - len(fraction) + 6
    magnitude = len(significant) + shift  # digits before the microsecond point
    if magnitude > _MAX_PART_DIGITS:
        raise ValueError("duration is out of range")
    if magnitude <= 0:
        return 0
    if shift >= 0:
        micro = int(significant + "0" * shift)
    else:
        micro = int(significant[:magnitude])
    return -micro if sign == "-" else micro


def parse_timedelta(text: str) -> timedelta:
    """Read a duration in any shape ServiceStack reads for a ``TimeSpan``.

    * XSD durations ``[-]P[nD][T[nH][nM][n[.f]S]]`` (``P1DT2H3M4.5S``), what
      ServiceStack writes; the two sentinels it writes for ``TimeSpan.MaxValue``
      and ``MinValue`` become :attr:`timedelta.max` and :attr:`timedelta.min`
      so that they round-trip;
    * .NET ``TimeSpan`` text when it contains ``:`` (``01:02:03``,
      ``1.02:03:04``, ``365.00:00:00``);
    * otherwise a plain number of seconds (``31536000``, ``90.5``, ``-3``).

    Fraction digits beyond the sixth are truncated.  Designators ServiceStack
    ignores (``Y``, month ``M``, ``W``) and values outside timedelta's range
    are a ValueError.
    """
    body = text.strip(_ASCII_WS)
    if body == _MAX_SENTINEL:
        return timedelta.max
    if body == _MIN_SENTINEL:
        return timedelta.min
    if body.startswith("P") or body.startswith("-P"):
        micro = _xsd_duration_micro(body)
    elif ":" in body:
        micro = _timespan_micro(body)
    else:
        micro = _seconds_micro(body)
    return _micro_to_timedelta(micro)


def format_timedelta(value: timedelta) -> str:
    """Write a duration as ServiceStack's ``ToXsdDuration`` does.

    ``[-]P[nD][T[nH][nM][s[.f]S]]``: days are never folded into months or
    years, zero parts are omitted, the seconds fraction loses its trailing
    zeros, zero is ``PT0S``, and ``T`` appears whenever there are no days or
    the time part is not zero.  A negative value is written from its absolute
    value with a leading ``-`` (``-PT1H``, although Python stores it as -1 day
    plus 23 hours).  :attr:`timedelta.max` and :attr:`timedelta.min` are written
    as ServiceStack's ``TimeSpan.MaxValue``/``MinValue`` sentinels.
    """
    if value == timedelta.max:
        return _MAX_SENTINEL
    if value == timedelta.min:
        return _MIN_SENTINEL
    negative = value < timedelta(0)
    if negative:
        value = -value
    days, seconds, micro = value.days, value.seconds, value.microseconds
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = ["-P" if negative else "P"]
    if days:
        parts.append(f"{days}D")
    if not days or seconds or micro:
        parts.append("T")
        if hours:
            parts.append(f"{hours}H")
        if minutes:
            parts.append(f"{minutes}M")
        if secs or micro:
            fraction = f".{micro:06d}".rstrip("0") if micro else ""
            parts.append(f"{secs}{fraction}S")
        elif not hours and not minutes:
            parts.append("0S")
    return "".join(parts)


_ONE_DAY_MICRO = 86_400 * _MICRO_PER_SECOND


def parse_time(text: str) -> time:
    """Read a time of day (.NET ``TimeOnly``).

    ServiceStack writes ``TimeOnly`` as an XSD duration since midnight
    (``PT13H13M13S``, ``PT0.5S``); ``HH:mm[:ss[.f{1,7}]]`` is accepted too.
    The value must lie in [0, 24 h).  Fraction digits beyond the sixth are
    truncated.
    """
    body = text.strip(_ASCII_WS)
    if body.startswith("P") or body.startswith("-P"):
        micro = _xsd_duration_micro(body)
        if not 0 <= micro < _ONE_DAY_MICRO:
            raise ValueError("a time of day must lie in [0, 24h)")
        seconds, micro = divmod(micro, _MICRO_PER_SECOND)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, micro)
    match = _CLOCK_RE.fullmatch(body)
    if match is None:
        raise ValueError("not a valid time of day")
    hour, minute, second, fraction = match.groups()
    h, m, s = _clock(hour, minute, second)
    return time(h, m, s, _fraction_to_micro(fraction))


def format_time(value: time) -> str:
    """Write a time of day as ServiceStack writes ``TimeOnly``: an XSD duration.

    ``PT13H13M13S``; midnight is ``PT0S``.  An aware time is refused
    (ValueError): ``TimeOnly`` has no zone and dropping it would lose
    information.
    """
    if value.utcoffset() is not None:
        raise ValueError("an aware time cannot be written")
    return format_timedelta(
        timedelta(
            hours=value.hour,
            minutes=value.minute,
            seconds=value.second,
            microseconds=value.microsecond,
        )
    )


# --------------------------------------------------------------------------
# Enums
# --------------------------------------------------------------------------

_ENUM_PARSERS: Dict[type, Callable[[str], Any]] = {}
_ENUM_FORMATTERS: Dict[type, Callable[[Any], Any]] = {}


def _build_enum_parser(cls: type[E]) -> Callable[[str], E]:
    """Build the lookup tables of :func:`enum_parser` for one class."""
    members = list(cls.__members__.items())  # aliases included
    exact: Dict[str, Any] = {}
    folded: Dict[str, Any] = {}
    squashed: Dict[str, Any] = {}
    by_int: Dict[int, Any] = {}
    for _name, member in members:
        value = member.value
        if isinstance(value, str):
            exact.setdefault(value, member)
            folded.setdefault(value.casefold(), member)
        elif isinstance(value, int) and not isinstance(value, bool):
            by_int.setdefault(value, member)
    for name, member in members:  # values take precedence over names
        folded.setdefault(name.casefold(), member)
    for name, member in members:
        squashed.setdefault(name.replace("_", "").casefold(), member)
    is_flag = issubclass(cls, Flag)
    int_valued = bool(by_int) or issubclass(cls, int)
    label = cls.__name__

    def from_number(body: str) -> Any | None:
        negative = body.startswith("-")
        digits = body[1:] if negative else body
        if not int_valued or not _is_digits(digits):
            return None
        number = _digits_to_int(digits, f"{label} value")
        if negative:
            number = -number
        member = by_int.get(number)
        if member is None and (is_flag or issubclass(cls, int)):
            try:
                candidate = cls(number)
            except (ValueError, TypeError, OverflowError):
                candidate = None
            if isinstance(candidate, cls):
                member = candidate
        if member is None:
            raise ValueError(f"{number} is not a valid {label}")
        return member

    def single(text: str) -> Any | None:
        member = exact.get(text)
        if member is not None:
            return member
        body = text.strip(_DOTNET_WS)
        key = body.casefold()
        member = folded.get(key)
        if member is None:
            member = squashed.get(key.replace("_", ""))
        if member is None:
            member = from_number(body)
        return member

    def parse(text: str) -> E:
        member = single(text)
        if member is None and is_flag and "," in text:
            combined: Any = None
            for part in text.split(","):
                item = single(part)
                if item is None:
                    shown = part.strip(_DOTNET_WS)
                    if not shown:
                        raise ValueError(f"empty name in a {label} list")
                    raise ValueError(f"{shown!r} is not a valid {label}")
                combined = item if combined is None else combined | item
            member = combined
        if member is None:
            shown = text if len(text) <= 40 else text[:40] + "..."
            raise ValueError(f"{shown!r} is not a valid {label}")
        return cast(E, member)

    parse.__doc__ = f"Read a {label} from JSV text."
    return parse


def enum_parser(cls: type[E]) -> Callable[[str], E]:
    """Return the function that reads members of the enum ``cls`` from text.

    Built once per class and cached.  Lookup order, mirroring ServiceStack's
    ``EnumInfo.Parse`` and .NET's ``Enum.Parse(ignoreCase: true)``:

    1. exact match of a ``str`` member value (the ``[EnumMember]`` value a
       .NET enum would carry);
    2. case-insensitive match of values, then of member names;
    3. member names with ``_`` removed, compared case-insensitively
       (``in_progress`` and ``InProgress`` find ``IN_PROGRESS``);
    4. for int-valued enums (IntEnum, IntFlag, Enum with int values), digit
       text such as ``2`` or ``-1`` finds the member with that value; a Flag
       accepts any integer it can represent;
    5. for Flag/IntFlag, comma-separated names (``Read, Write``) OR-ed together.

    Unknown text is a ValueError; the function never returns None.
    """
    if not (isinstance(cls, type) and issubclass(cls, Enum)):
        raise TypeError(f"{cls!r} is not an Enum class")
    parser = _ENUM_PARSERS.get(cls)
    if parser is None:
        parser = _ENUM_PARSERS.setdefault(cls, _build_enum_parser(cls))
    return cast("Callable[[str], E]", parser)


def enum_formatter(cls: type[E]) -> Callable[[E], str | int]:
    """Return the function that writes members of the enum ``cls``.

    Flag and IntFlag members are written as their integer value, as ServiceStack
    writes ``[Flags]`` enums.  Other members are written as their ``.value``
    when it is a ``str`` or an ``int`` (the text ServiceStack reads back, like an
    ``[EnumMember]`` value); members with any other kind of value are written by
    name, as ServiceStack writes a plain .NET enum.
    """
    if not (isinstance(cls, type) and issubclass(cls, Enum)):
        raise TypeError(f"{cls!r} is not an Enum class")
    formatter = _ENUM_FORMATTERS.get(cls)
    if formatter is None:
        is_flag = issubclass(cls, Flag)

        def write(member: Any) -> str | int:
            if not isinstance(member, cls):
                raise TypeError(f"{member!r} is not a member of {cls.__name__}")
            value = member.value
            if is_flag:
                return int(value)
            if isinstance(value, bool):
                return member.name
            if isinstance(value, int):
                return int(value)
            if isinstance(value, str):
                return str.__str__(value)
            return member.name

        formatter = _ENUM_FORMATTERS.setdefault(cls, write)
    return cast("Callable[[E], str | int]", formatter)
