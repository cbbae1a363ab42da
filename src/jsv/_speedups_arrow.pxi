# Arrow columns, compiled: ``arrow_columns(column, plan, docs, ...)``.
#
# Included at the end of ``_speedups.pyx`` (after ``decode_many``, whose
# parsing and conversion it shares).  The reference is ``jsv._columns``: for
# each document, parse and convert it with the typed layer's plan, then turn
# the typed value into one row of the column layout (``jsv._columns.Column``).
# Here that last step writes the row straight into growing Arrow buffers --
# validity bitmaps, int32 offsets, fixed-width values, UTF-8 data -- laid out
# as the Arrow columnar format defines them; ``jsv.arrow`` hands the buffers to
# ``pyarrow.Array.from_buffers`` without a copy.  No Python object is made per
# value on this step: text is copied from the str's UTF-8, numbers, dates and
# times are read with the C API.  Whatever the fast paths do not take (a value
# of an unexpected type, an int beyond int64, a decimal) goes to the reference's
# ``arrow_value`` and its helpers, which raise the same errors.
#
# A row that fails half-way is rolled back: every column is cut back to the
# length it had before the row (children by their parent's offsets), so the
# buffers always hold whole rows.

from cpython.buffer cimport PyBuffer_FillInfo
from cpython.datetime cimport (
    import_datetime, datetime_tzinfo,
    PyDateTime_GET_YEAR, PyDateTime_GET_MONTH, PyDateTime_GET_DAY,
    PyDateTime_DATE_GET_HOUR, PyDateTime_DATE_GET_MINUTE, PyDateTime_DATE_GET_SECOND,
    PyDateTime_DATE_GET_MICROSECOND, PyDateTime_TIME_GET_HOUR, PyDateTime_TIME_GET_MINUTE,
    PyDateTime_TIME_GET_SECOND, PyDateTime_TIME_GET_MICROSECOND,
    PyDateTime_DELTA_GET_DAYS, PyDateTime_DELTA_GET_SECONDS, PyDateTime_DELTA_GET_MICROSECONDS,
)
from libc.string cimport memset
from libc.stdint cimport int32_t, int64_t, uint64_t

import datetime as _ar_datetime

cdef extern from "Python.h":
    const char* _ar_utf8 "PyUnicode_AsUTF8AndSize"(object s, Py_ssize_t* size) except NULL
    long long _ar_as_ll_overflow "PyLong_AsLongLongAndOverflow"(object v, int* overflow) except? -1
    unsigned long long _ar_as_ull_mask "PyLong_AsUnsignedLongLongMask"(object v) except? <unsigned long long>-1
    double _ar_float_as_double "PyFloat_AS_DOUBLE"(object v)

import_datetime()

cdef object _ar_columns = None          # jsv._columns
cdef object _ar_arrow_value = None      # _columns.arrow_value(col, v)
cdef object _ar_mismatch = None         # _columns._mismatch(col, v)
cdef object _ar_decimal_units = None    # _columns.decimal_units(col, v)
cdef object _ar_uuid_type = None        # uuid.UUID
cdef object _ar_utc = _ar_datetime.timezone.utc
cdef object _ar_date_type = _ar_datetime.date
cdef object _ar_datetime_type = _ar_datetime.datetime
cdef object _ar_time_type = _ar_datetime.time
cdef object _ar_timedelta_type = _ar_datetime.timedelta
cdef object _ar_Decimal = _Decimal

cdef enum:
    AR_STRUCT = 1
    AR_LIST = 2
    AR_MAP = 3
    AR_STR = 4
    AR_BINARY = 5
    AR_BOOL = 6
    AR_INT = 7
    AR_FLOAT = 8
    AR_DECIMAL = 9
    AR_DATE = 10
    AR_TIMESTAMP = 11
    AR_TIME = 12
    AR_DURATION = 13
    AR_UUID = 14
    AR_TEXT = 15

cdef enum:
    AR_ATTR = 0
    AR_KEY = 1
    AR_INDEX = 2

# The largest offset an int32-offset column (string, binary, list, map) can hold.
cdef int64_t AR_MAX_OFFSET = 2147483647


cdef int _ar_load() except -1:
    global _ar_columns, _ar_arrow_value, _ar_mismatch, _ar_decimal_units, _ar_uuid_type
    from jsv import _columns
    import uuid
    _ar_columns = _columns
    _ar_arrow_value = _columns.arrow_value
    _ar_mismatch = _columns._mismatch
    _ar_decimal_units = _columns.decimal_units
    _ar_uuid_type = uuid.UUID
    return 0


@cython.final
cdef class ArrowBuffer:
    """Memory of one Arrow buffer, grown while rows are added; exported read-only
    through the buffer protocol (``pyarrow.py_buffer`` takes it without a copy)."""

    cdef char* data
    cdef Py_ssize_t size
    cdef Py_ssize_t cap
    cdef int exports

    def __dealloc__(self):
        PyMem_Free(self.data)

    def __len__(self):
        return self.size

    def __getbuffer__(self, Py_buffer* view, int flags):
        PyBuffer_FillInfo(view, self, self.data if self.data != NULL else <char*>"", self.size, 1, flags)
        self.exports += 1

    def __releasebuffer__(self, Py_buffer* view):
        self.exports -= 1


cdef int _ab_reserve(ArrowBuffer b, Py_ssize_t extra) except -1:
    cdef Py_ssize_t need = b.size + extra
    cdef Py_ssize_t cap
    cdef char* p
    if need <= b.cap:
        return 0
    if b.exports:
        raise BufferError("an exported Arrow buffer cannot grow")
    cap = b.cap + (b.cap >> 1)
    if cap < need:
        cap = need
    if cap < 64:
        cap = 64
    p = <char*>PyMem_Realloc(b.data, cap)
    if p == NULL:
        raise MemoryError()
    b.data = p
    b.cap = cap
    return 0


cdef inline int _ab_append(ArrowBuffer b, const void* src, Py_ssize_t n) except -1:
    if b.size + n > b.cap:
        _ab_reserve(b, n)
    memcpy(b.data + b.size, src, n)
    b.size += n
    return 0


cdef inline int _ab_zeros(ArrowBuffer b, Py_ssize_t n) except -1:
    if b.size + n > b.cap:
        _ab_reserve(b, n)
    memset(b.data + b.size, 0, n)
    b.size += n
    return 0


cdef inline int _ab_set_bit(ArrowBuffer b, Py_ssize_t i, bint on) except -1:
    """Sets bit ``i`` of a bitmap that holds exactly ``i`` bits so far."""
    cdef Py_ssize_t byte = i >> 3
    if byte >= b.size:
        _ab_zeros(b, 1)
    if on:
        b.data[byte] = <char>((<unsigned char>b.data[byte]) | (1 << (i & 7)))
    else:
        b.data[byte] = <char>((<unsigned char>b.data[byte]) & ~(1 << (i & 7)))
    return 0


@cython.final
cdef class ArrowColumn:
    """The buffers being filled for one ``jsv._columns.Column`` and its children."""

    cdef readonly object column
    cdef int kind
    cdef int access
    cdef int width               # bytes per value of a fixed-width column
    cdef readonly Py_ssize_t length
    cdef ArrowBuffer validity
    cdef ArrowBuffer offsets     # int32, length + 1 entries (varlen, list, map)
    cdef ArrowBuffer values      # fixed-width values, UTF-8 data or bits
    cdef list children           # of ArrowColumn
    cdef tuple keys
    cdef tuple text_objs
    cdef tuple text_utf8         # bytes, same order as text_objs
    cdef tuple segments          # the error path segment of each child

    def __cinit__(self, column):
        cdef int32_t zero = 0
        if _ar_columns is None:
            _ar_load()
        if not _ty_loaded:
            _ty_load()
        self.column = column
        self.kind = column.kind
        self.access = column.access
        self.validity = ArrowBuffer()
        self.values = ArrowBuffer()
        self.offsets = ArrowBuffer()
        self.children = [ArrowColumn(c) for c in column.children]
        self.keys = tuple(column.keys)
        self.text_objs = tuple(m for m, _ in column.texts)
        self.text_utf8 = tuple(t.encode("utf-8") for _, t in column.texts)
        if self.kind == AR_STRUCT:
            if self.access == AR_INDEX:
                self.segments = tuple(f"[{c.name}]" for c in column.children)
            else:
                self.segments = tuple(_ty_field_segment(c.name) for c in column.children)
        self.width = 0
        if self.kind in (AR_INT, AR_FLOAT, AR_TIMESTAMP, AR_TIME, AR_DURATION):
            self.width = 8
        elif self.kind == AR_DATE:
            self.width = 4
        elif self.kind in (AR_DECIMAL, AR_UUID):
            self.width = 16
        if self.kind in (AR_STR, AR_BINARY, AR_TEXT, AR_LIST, AR_MAP):
            _ab_append(self.offsets, &zero, 4)

    def finish(self):
        """``(length, validity, offsets, values, children)`` of buffers, for assembly."""
        return (
            self.length,
            self.validity,
            self.offsets if self.offsets.size else None,
            self.values if (self.values.size or self.width or self.kind in (AR_STR, AR_BINARY, AR_TEXT, AR_BOOL)) else None,
            [c.finish() for c in self.children],
        )


cdef int _ac_end_offset(ArrowColumn c, int64_t end) except -1:
    cdef int32_t off
    if end > AR_MAX_OFFSET:
        raise OverflowError(
            "an Arrow column with 32-bit offsets cannot hold more than 2 GiB; "
            "pass the rows in several chunks")
    off = <int32_t>end
    return _ab_append(c.offsets, &off, 4)


cdef int _ac_null(ArrowColumn c) except -1:
    cdef ArrowColumn child
    _ab_set_bit(c.validity, c.length, False)
    kind = c.kind
    if c.width:
        _ab_zeros(c.values, c.width)
    elif kind == AR_BOOL:
        _ab_set_bit(c.values, c.length, False)
    elif kind == AR_STR or kind == AR_BINARY or kind == AR_TEXT:
        _ac_end_offset(c, c.values.size)
    elif kind == AR_LIST or kind == AR_MAP:
        child = <ArrowColumn>c.children[0]
        _ac_end_offset(c, child.length)
    elif kind == AR_STRUCT:
        for child in c.children:
            _ac_null(child)
    c.length += 1
    return 0


cdef int _ac_rollback(ArrowColumn c, Py_ssize_t n) except -1:
    """Cuts ``c`` (and its children) back to its first ``n`` rows."""
    cdef ArrowColumn child
    cdef int32_t end
    c.length = n
    c.validity.size = (n + 7) >> 3
    kind = c.kind
    if c.width:
        c.values.size = n * c.width
    elif kind == AR_BOOL:
        c.values.size = (n + 7) >> 3
    elif kind == AR_STRUCT:
        for child in c.children:
            _ac_rollback(child, n)
    else:
        c.offsets.size = (n + 1) * 4
        end = (<int32_t*>c.offsets.data)[n]
        if kind == AR_LIST or kind == AR_MAP:
            for child in c.children:
                _ac_rollback(child, end)
        else:
            c.values.size = end
    return 0


cdef inline int64_t _ar_days(int y, int m, int d) noexcept:
    """Days from 1970-01-01 to the proleptic Gregorian date y-m-d."""
    cdef int64_t yy = y - (1 if m <= 2 else 0)
    cdef int64_t era = (yy if yy >= 0 else yy - 399) // 400
    cdef int64_t yoe = yy - era * 400
    cdef int64_t mp = (m + 9) % 12
    cdef int64_t doy = (153 * mp + 2) // 5 + d - 1
    cdef int64_t doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


cdef int _ac_fixed(ArrowColumn c, const void* src) except -1:
    _ab_append(c.values, src, c.width)
    _ab_set_bit(c.validity, c.length, True)
    c.length += 1
    return 0


cdef int _ac_bytes(ArrowColumn c, const char* p, Py_ssize_t n) except -1:
    _ab_append(c.values, p, n)
    _ac_end_offset(c, c.values.size)
    _ab_set_bit(c.validity, c.length, True)
    c.length += 1
    return 0


cdef int _ac_append(ArrowColumn c, object v) except -1:
    """Appends typed value ``v`` as one row of ``c``; raises ``_Invalid`` as
    ``jsv._columns.arrow_value`` does (rows are rolled back by the caller)."""
    cdef int kind = c.kind
    cdef const char* p
    cdef Py_ssize_t n, i, nkeys
    cdef int64_t i64
    cdef int32_t i32
    cdef double f64
    cdef int overflow = 0
    cdef uint64_t two[2]
    cdef ArrowColumn child
    cdef PyObject* pk
    cdef PyObject* pv
    cdef object tz, off, x
    if v is None:
        return _ac_null(c)
    if kind == AR_STR:
        if type(v) is str:
            try:
                p = _ar_utf8(v, &n)
            except UnicodeEncodeError:
                _ar_arrow_value(c.column, v)  # raises the reference's error
                raise AssertionError("unreachable")
            return _ac_bytes(c, p, n)
        x = _ar_arrow_value(c.column, v)
        p = _ar_utf8(x, &n)
        return _ac_bytes(c, p, n)
    if kind == AR_STRUCT:
        nkeys = len(c.keys)
        if c.access == AR_KEY and type(v) is not dict:
            raise _ar_mismatch(c.column, v)
        if c.access == AR_INDEX and (not isinstance(v, tuple) or len(v) != nkeys):
            raise _ar_mismatch(c.column, v)
        i = 0
        try:
            while i < nkeys:
                key = c.keys[i]
                if c.access == AR_ATTR:
                    try:
                        x = getattr(v, key)
                    except AttributeError:
                        x = None
                elif c.access == AR_KEY:
                    x = (<dict>v).get(key)
                else:
                    x = v[i]
                _ac_append(<ArrowColumn>c.children[i], x)
                i += 1
        except _ty_Invalid as e:
            e.segments.append(c.segments[i])
            raise
        _ab_set_bit(c.validity, c.length, True)
        c.length += 1
        return 0
    if kind == AR_LIST:
        child = <ArrowColumn>c.children[0]
        if type(v) is not list and type(v) is not tuple:
            if isinstance(v, (str, bytes, dict)):
                raise _ar_mismatch(c.column, v)
            try:
                v = list(v)
            except TypeError:
                raise _ar_mismatch(c.column, v) from None
        i = 0
        try:
            for x in v:
                _ac_append(child, x)
                i += 1
        except _ty_Invalid as e:
            e.segments.append(f"[{i}]")
            raise
        _ac_end_offset(c, child.length)
        _ab_set_bit(c.validity, c.length, True)
        c.length += 1
        return 0
    if kind == AR_MAP:
        if not isinstance(v, dict):
            raise _ar_mismatch(c.column, v)
        kchild = <ArrowColumn>c.children[0]
        vchild = <ArrowColumn>c.children[1]
        k = None
        try:
            for k, x in (<dict>v).items():
                if k is None:
                    raise _ty_Invalid("Expected a map key, got `null`")
                _ac_append(kchild, k)
                _ac_append(vchild, x)
        except _ty_Invalid as e:
            e.segments.append(_ty_key_segment(k))
            raise
        _ac_end_offset(c, kchild.length)
        _ab_set_bit(c.validity, c.length, True)
        c.length += 1
        return 0
    if kind == AR_TEXT:
        n = len(c.text_objs)
        for i in range(n):
            if <PyObject*>c.text_objs[i] == <PyObject*>v:
                x = c.text_utf8[i]
                return _ac_bytes(c, <const char*>(<bytes>x), len(<bytes>x))
        _ar_arrow_value(c.column, v)  # raises the reference's error
        raise AssertionError("unreachable")
    if kind == AR_INT:
        if type(v) is int:
            i64 = _ar_as_ll_overflow(v, &overflow)
            if not overflow:
                return _ac_fixed(c, &i64)
        i64 = _ar_arrow_value(c.column, v)
        return _ac_fixed(c, &i64)
    if kind == AR_FLOAT:
        if type(v) is not float:
            _ar_arrow_value(c.column, v)
            raise AssertionError("unreachable")
        f64 = _ar_float_as_double(v)
        return _ac_fixed(c, &f64)
    if kind == AR_BOOL:
        if v is True or v is False:
            _ab_set_bit(c.values, c.length, v is True)
            _ab_set_bit(c.validity, c.length, True)
            c.length += 1
            return 0
        _ar_arrow_value(c.column, v)
        raise AssertionError("unreachable")
    if kind == AR_TIMESTAMP:
        if type(v) is not _ar_datetime_type:
            _ar_arrow_value(c.column, v)
            raise AssertionError("unreachable")
        i64 = _ar_days(PyDateTime_GET_YEAR(v), PyDateTime_GET_MONTH(v), PyDateTime_GET_DAY(v))
        i64 = ((i64 * 24 + PyDateTime_DATE_GET_HOUR(v)) * 60 + PyDateTime_DATE_GET_MINUTE(v)) * 60
        i64 = (i64 + PyDateTime_DATE_GET_SECOND(v)) * 1000000 + PyDateTime_DATE_GET_MICROSECOND(v)
        tz = datetime_tzinfo(v)
        if tz is not None and tz is not _ar_utc:
            off = v.utcoffset()
            if off is not None:
                i64 -= ((<int64_t>PyDateTime_DELTA_GET_DAYS(off) * 86400
                         + PyDateTime_DELTA_GET_SECONDS(off)) * 1000000
                        + PyDateTime_DELTA_GET_MICROSECONDS(off))
        return _ac_fixed(c, &i64)
    if kind == AR_DATE:
        if type(v) is not _ar_date_type:
            _ar_arrow_value(c.column, v)
            raise AssertionError("unreachable")
        i32 = <int32_t>_ar_days(PyDateTime_GET_YEAR(v), PyDateTime_GET_MONTH(v), PyDateTime_GET_DAY(v))
        return _ac_fixed(c, &i32)
    if kind == AR_TIME:
        if type(v) is not _ar_time_type:
            _ar_arrow_value(c.column, v)
            raise AssertionError("unreachable")
        i64 = ((<int64_t>PyDateTime_TIME_GET_HOUR(v) * 60 + PyDateTime_TIME_GET_MINUTE(v)) * 60
               + PyDateTime_TIME_GET_SECOND(v)) * 1000000 + PyDateTime_TIME_GET_MICROSECOND(v)
        return _ac_fixed(c, &i64)
    if kind == AR_DURATION:
        if type(v) is _ar_timedelta_type and -100000 < PyDateTime_DELTA_GET_DAYS(v) < 100000:
            i64 = ((<int64_t>PyDateTime_DELTA_GET_DAYS(v) * 86400 + PyDateTime_DELTA_GET_SECONDS(v))
                   * 1000000 + PyDateTime_DELTA_GET_MICROSECONDS(v))
            return _ac_fixed(c, &i64)
        i64 = _ar_arrow_value(c.column, v)
        return _ac_fixed(c, &i64)
    if kind == AR_DECIMAL:
        if type(v) is not _ar_Decimal:
            _ar_arrow_value(c.column, v)
            raise AssertionError("unreachable")
        x = _ar_decimal_units(c.column, v)
        two[0] = _ar_as_ull_mask(x)
        two[1] = _ar_as_ull_mask(x >> 64)
        return _ac_fixed(c, two)
    if kind == AR_UUID:
        if not isinstance(v, _ar_uuid_type):
            _ar_arrow_value(c.column, v)
            raise AssertionError("unreachable")
        x = v.bytes
        return _ac_fixed(c, <const char*>(<bytes>x))
    if kind == AR_BINARY:
        if type(v) is bytes:
            return _ac_bytes(c, <const char*>(<bytes>v), len(<bytes>v))
        x = _ar_arrow_value(c.column, v)
        return _ac_bytes(c, <const char*>(<bytes>x), len(<bytes>x))
    raise AssertionError(f"unknown column kind {kind}")


def arrow_columns(ArrowColumn out, plan, docs, lenient, max_depth, int policy, Py_ssize_t row_base):
    """Decodes ``docs`` with ``plan`` and appends one row each to ``out``.

    The compiled twin of ``decode_many`` followed by ``jsv._columns.arrow_rows``:
    a ``None`` document, and under ``policy`` 1 and 2 a bad one, is a null row.
    Returns the errors of this call's rows (rows counted from ``row_base``).
    """
    global _many_parse_text
    cdef _TyNode node
    cdef bint c_lenient = lenient
    cdef Py_ssize_t limit = _depth_limit(max_depth)
    cdef Py_ssize_t row = row_base
    cdef Py_ssize_t start
    cdef list errors = []
    if not _ty_loaded:
        _ty_load()
    if _many_parse_text is None:
        from jsv import _typed
        _many_parse_text = _typed._parse_text
    bad_cell = _ty_bad_cell
    node = _ty_node(plan)
    for doc in docs:
        if doc is None:
            _ac_null(out)
            row += 1
            continue
        start = out.length
        try:
            if type(doc) is str:
                value = _parse_str(<str>doc, c_lenient, limit, max_depth)
            elif isinstance(doc, (str, bytes, bytearray, memoryview)):
                value = _many_parse_text(doc, lenient, max_depth, False, False)
            else:
                raise bad_cell(row, doc)
            value = _convert_node(node, value)
            try:
                _ac_append(out, value)
            except _ty_Invalid as e:
                _ac_rollback(out, start)
                path = "$" + "".join(reversed(e.segments))
                raise _ty_ValidationError(e.msg, path) from None
        except _ty_JSVError as e:
            err = e.at_row(row)
            if policy == 0:
                raise err from e.__cause__
            errors.append(err)
            _ac_null(out)
        except BaseException:
            _ac_rollback(out, start)
            raise
        row += 1
    return errors
