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
import uuid as _ar_uuid

cdef extern from "Python.h":
    const char* _ar_utf8 "PyUnicode_AsUTF8AndSize"(object s, Py_ssize_t* size) except NULL
    long long _ar_as_ll_overflow "PyLong_AsLongLongAndOverflow"(object v, int* overflow) except? -1
    unsigned long long _ar_as_ull_mask "PyLong_AsUnsignedLongLongMask"(object v) except? <unsigned long long>-1
    double _ar_float_as_double "PyFloat_AS_DOUBLE"(object v)

import_datetime()

from jsv import _columns as _ar_columns_module

cdef object _ar_columns = _ar_columns_module                 # jsv._columns
cdef object _ar_arrow_value = _ar_columns_module.arrow_value  # (col, v)
cdef object _ar_mismatch = _ar_columns_module._mismatch       # (col, v)
cdef object _ar_decimal_units = _ar_columns_module.decimal_units  # (col, v)
cdef object _ar_uuid_type = _ar_uuid.UUID
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

cdef struct OpKey:
    uint64_t hash
    Py_ssize_t at      # offset of the spelling in key_pool
    Py_ssize_t n       # its length in bytes; 0: free slot
    int index          # field index, -1: a key no field takes

cdef enum:
    OP_KEYS_BITS = 10          # slots of a struct's key table: 1024
    OP_KEYS_MAX = 512          # spellings remembered per struct
    OP_KEY_MAXLEN = 64         # the longest spelling remembered
    OP_MAX_DEPTH = 32          # deeper documents go to the reference path

cdef enum:
    OP_GENERIC = 0             # parse the value's text, convert it with the plan
    OP_STR
    OP_TEXT
    OP_BOOL
    OP_INT
    OP_FLOAT
    OP_DECIMAL
    OP_TIMESTAMP
    OP_DATE
    OP_LIST
    OP_MAP
    OP_STRUCT

cdef enum:
    AR_ATTR = 0
    AR_KEY = 1
    AR_INDEX = 2

# The largest offset an int32-offset column (string, binary, list, map) can hold.
cdef int64_t AR_MAX_OFFSET = 2147483647


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
    # --- the one-pass reader (see "Reading JSV text straight into buffers") ---
    cdef object plan             # column.plan
    cdef object node             # its _TyNode, made on first use
    cdef bint nullable
    cdef int onepass             # OP_* : how the one-pass reader takes a value
    cdef int precision, scale
    cdef tuple exact_in          # TEXT/BOOL: the exact texts read without a parser (bytes)
    cdef tuple exact_out         # TEXT: the text written for each (bytes); BOOL: True/False
    cdef list none_modes         # STRUCT: per field, what an empty value does
    cdef list defaults           # STRUCT: per field, the default, _FACTORY or _MISSING
    cdef list factories          # STRUCT: per field, the default factory or None
    cdef dict names              # STRUCT: attribute name -> field index
    cdef dict lookup             # STRUCT: the plan's key spelling table (ObjectView.lookup)
    cdef object miss             # STRUCT: ObjectView.miss(key), for a spelling not in lookup
    cdef Py_ssize_t* spans       # STRUCT: per field, start and end of its value (-1: absent)
    cdef OpKey* keys_table       # STRUCT: key spelling -> field index, by hash
    cdef int n_keys
    cdef ArrowBuffer key_pool    # STRUCT: the bytes of the remembered spellings

    def __dealloc__(self):
        PyMem_Free(self.spans)
        PyMem_Free(self.keys_table)

    def __cinit__(self, column):
        cdef int32_t zero = 0
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
        _op_setup(self, column)

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


def arrow_columns(ArrowColumn out, plan, docs, read, int form, lenient, max_depth, int policy,
                  Py_ssize_t row_base):
    # (For plain JSV documents, the one-pass reader is tried first for each str document, see _op_row.)
    """Decodes ``docs`` with ``plan`` and appends one row each to ``out``.

    The compiled twin of ``run_many`` followed by ``jsv._columns.arrow_rows``:
    a ``None`` document, and under ``policy`` 1 and 2 a bad one, is a null row.
    ``read`` and ``form`` as for ``run_many``.  Returns the errors of this
    call's rows (rows counted from ``row_base``).
    """
    cdef _TyNode node
    cdef bint c_fast = form == TP_FORM_PLAIN
    cdef bint c_lenient = lenient
    cdef Py_ssize_t limit = _depth_limit(max_depth)
    cdef Py_ssize_t row = row_base
    cdef Py_ssize_t start
    cdef list errors = []
    bad_cell = _ty_bad_cell
    node = _ty_node(plan)
    for doc in docs:
        if doc is None:
            _ac_null(out)
            row += 1
            continue
        start = out.length
        if c_fast and type(doc) is str and not c_lenient and _op_row(out, <str>doc):
            row += 1
            continue
        try:
            if not isinstance(doc, (str, bytes, bytearray, memoryview)):
                raise bad_cell(row, doc)
            value = _tp_decode(node, doc, read, form, c_lenient, limit)
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


# =============================================================================
# Reading JSV text straight into buffers (the one-pass reader)
# =============================================================================
#
# For a str document whose root is a map or list, arrow_columns first tries
# this reader: it walks the document's UTF-8 bytes once per nesting level and
# writes each value into its column, making no Python object for a text,
# number, date, enum or struct.  It takes only what it is sure of -- plain
# keys, the canonical spellings of numbers, dates and enums, dataclasses that
# are built field by field -- and says "not mine" (1) for anything else; a
# value of a type it has no reader for (``time``, ``UUID``, a set...) is parsed
# and converted on its own by the engine (``OP_GENERIC``).  When it says "not
# mine", the row is cut back and decoded by the reference path (parse, convert,
# arrow_value), which gives the exact value or error.  So the result of a row
# never depends on which path took it; the tests compare both on every input.

from libc.stdlib cimport strtod

cdef extern from *:
    """
    typedef unsigned __int128 jsv_u128;

    static int64_t jsv_days(int64_t y, int m, int d) {
        y -= m <= 2;
        const int64_t era = (y >= 0 ? y : y - 399) / 400;
        const int64_t yoe = y - era * 400;
        const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    static int jsv_month_days(int y, int m) {
        static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return 29;
        return days[m - 1];
    }

    static inline int jsv_digit(unsigned char c) { return c >= '0' && c <= '9'; }

    static int jsv_digits(const unsigned char* p, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            if (!jsv_digit(p[i])) return -1;
            v = v * 10 + (p[i] - '0');
        }
        return v;
    }

    /* -?[0-9]{1,18}: 0 and the value, else -1. */
    static int jsv_op_int(const unsigned char* p, Py_ssize_t n, int64_t* out) {
        Py_ssize_t i = 0;
        int neg = 0;
        int64_t v = 0;
        if (n > 0 && p[0] == '-') { neg = 1; i = 1; }
        if (n - i < 1 || n - i > 18) return -1;
        for (; i < n; i++) {
            if (!jsv_digit(p[i])) return -1;
            v = v * 10 + (p[i] - '0');
        }
        *out = neg ? -v : v;
        return 0;
    }

    /* -?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?, at most 40 bytes: strtod, which is
       correctly rounded like Python's float(). */
    static int jsv_op_float(const unsigned char* p, Py_ssize_t n, double* out) {
        char buf[48];
        Py_ssize_t i = 0, d;
        if (n < 1 || n > 40) return -1;
        if (p[0] == '-') i = 1;
        d = i;
        while (i < n && jsv_digit(p[i])) i++;
        if (i == d) return -1;
        if (i < n && p[i] == '.') {
            d = ++i;
            while (i < n && jsv_digit(p[i])) i++;
            if (i == d) return -1;
        }
        if (i < n && (p[i] == 'e' || p[i] == 'E')) {
            i++;
            if (i < n && (p[i] == '+' || p[i] == '-')) i++;
            d = i;
            while (i < n && jsv_digit(p[i])) i++;
            if (i == d) return -1;
        }
        if (i != n) return -1;
        memcpy(buf, p, n);
        buf[n] = 0;
        *out = strtod(buf, NULL);
        return 0;
    }

    /* -?[0-9]+(\\.[0-9]+)? with at most `scale` places that fits decimal128(precision,
       scale): the 128-bit two's complement count of 10**-scale, else -1. */
    static int jsv_op_decimal(const unsigned char* p, Py_ssize_t n, int precision, int scale,
                              uint64_t out[2]) {
        Py_ssize_t i = 0, d;
        int neg = 0, places = 0;
        jsv_u128 v = 0, limit = 1, cap;
        for (int k = 0; k < precision; k++) limit *= 10;
        cap = limit / 10;  /* past it, v * 10 reaches the limit: never wraps */
        if (n > 0 && p[0] == '-') { neg = 1; i = 1; }
        d = i;
        for (; i < n && jsv_digit(p[i]); i++) {
            if (v > cap) return -1;
            v = v * 10 + (p[i] - '0');
        }
        if (i == d) return -1;
        if (i < n && p[i] == '.') {
            d = ++i;
            for (; i < n && jsv_digit(p[i]); i++) {
                if (++places > scale || v > cap) return -1;
                v = v * 10 + (p[i] - '0');
            }
            if (i == d) return -1;
        }
        if (i != n) return -1;
        for (; places < scale; places++) {
            if (v > cap) return -1;
            v *= 10;
        }
        if (v >= limit) return -1;
        if (neg) v = (jsv_u128)0 - v;
        out[0] = (uint64_t)v;
        out[1] = (uint64_t)(v >> 64);
        return 0;
    }

    /* yyyy-MM-dd, the year 0001..9999: days since 1970-01-01, else -1. */
    static int jsv_op_date(const unsigned char* p, Py_ssize_t n, int64_t* days) {
        int y, m, d;
        if (n != 10 || p[4] != '-' || p[7] != '-') return -1;
        y = jsv_digits(p, 4); m = jsv_digits(p + 5, 2); d = jsv_digits(p + 8, 2);
        if (y < 1 || m < 1 || m > 12 || d < 1 || d > jsv_month_days(y, m)) return -1;
        *days = jsv_days(y, m, d);
        return 0;
    }

    /* yyyy-MM-dd, or yyyy-MM-ddTHH:mm:ss[.f{1,7}][Z|+hh:mm|-hh:mm] within
       .NET's +-14:00: microseconds since 1970-01-01T00:00Z (a naive value
       taken as UTC; fraction digits past the sixth dropped), else -1. */
    static int jsv_op_timestamp(const unsigned char* p, Py_ssize_t n, int64_t* us) {
        int64_t days;
        int h, mi, s, micro = 0, off = 0;
        Py_ssize_t i;
        if (n == 10) {
            if (jsv_op_date(p, 10, &days)) return -1;
            *us = days * 86400 * 1000000;
            return 0;
        }
        if (n < 19 || p[10] != 'T' || p[13] != ':' || p[16] != ':') return -1;
        if (jsv_op_date(p, 10, &days)) return -1;
        h = jsv_digits(p + 11, 2); mi = jsv_digits(p + 14, 2); s = jsv_digits(p + 17, 2);
        if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return -1;
        i = 19;
        if (i < n && p[i] == '.') {
            int k = 0;
            i++;
            while (i < n && jsv_digit(p[i])) {
                if (k < 6) micro = micro * 10 + (p[i] - '0');
                k++; i++;
            }
            if (k < 1 || k > 7) return -1;
            for (; k < 6; k++) micro *= 10;
        }
        if (i < n && p[i] == 'Z') {
            i++;
        } else if (i < n && (p[i] == '+' || p[i] == '-')) {
            int oh, om;
            if (n - i != 6 || p[i + 3] != ':') return -1;
            oh = jsv_digits(p + i + 1, 2); om = jsv_digits(p + i + 4, 2);
            if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 14 * 60) return -1;
            off = (oh * 60 + om) * (p[i] == '-' ? -1 : 1);
            i += 6;
        }
        if (i != n) return -1;
        *us = (((days * 24 + h) * 60 + mi) * 60 + s - (int64_t)off * 60) * 1000000 + micro;
        return 0;
    }

    static Py_ssize_t jsv_op_container_end(const unsigned char* s, Py_ssize_t pos,
                                           Py_ssize_t end, int depth);

    /* Where the value starting at `pos` ends (the delimiter after it, not
       checked), in a map (stop at ',' or '}') or a list (',' or ']'); -1 for
       what the reference reader rejects or this reader leaves to it. */
    static Py_ssize_t jsv_op_value_end(const unsigned char* s, Py_ssize_t pos,
                                       Py_ssize_t end, int in_map, int depth) {
        unsigned char close = in_map ? '}' : ']';
        if (pos >= end) return -1;
        unsigned char c = s[pos];
        if (c == '"') {
            Py_ssize_t i = pos + 1;
            for (;;) {
                const unsigned char* q = memchr(s + i, '"', end - i);
                if (q == NULL) return -1;
                i = q - s;
                if (i + 1 < end && s[i + 1] == '"') { i += 2; continue; }
                return i + 1;
            }
        }
        if (c == '{' || c == '[') return jsv_op_container_end(s, pos, end, depth + 1);
        for (Py_ssize_t i = pos; i < end; i++) {
            if (s[i] == ',' || s[i] == close) return i;
        }
        return -1;
    }

    /* Where the plain key starting at `pos` ends (its ':'), else -1. */
    static Py_ssize_t jsv_op_key_end(const unsigned char* s, Py_ssize_t pos, Py_ssize_t end) {
        if (pos >= end) return -1;
        unsigned char c = s[pos];
        if (c == '"' || c == '{' || c == '[' || c == ':' || c == ',' || c == '}') return -1;
        for (Py_ssize_t i = pos; i < end; i++) {
            c = s[i];
            if (c == ':') return i;
            if (c == ',' || c == '}') return -1;
        }
        return -1;
    }

    /* The position after the map or list opening at `pos`, checked as the
       reference reader checks it; -1 otherwise. */
    static Py_ssize_t jsv_op_container_end(const unsigned char* s, Py_ssize_t pos,
                                           Py_ssize_t end, int depth) {
        int in_map = s[pos] == '{';
        unsigned char close = in_map ? '}' : ']';
        if (depth > 32) return -1;
        pos++;
        if (pos < end && s[pos] == close) return pos + 1;
        for (;;) {
            if (in_map) {
                pos = jsv_op_key_end(s, pos, end);
                if (pos < 0) return -1;
                pos++;
            }
            pos = jsv_op_value_end(s, pos, end, in_map, depth);
            if (pos < 0 || pos >= end) return -1;
            if (s[pos] == close) return pos + 1;
            if (s[pos] != ',') return -1;
            pos++;
        }
    }

    static inline uint64_t jsv_op_hash(const unsigned char* p, Py_ssize_t n) {
        uint64_t h = 1469598103934665603ULL;
        for (Py_ssize_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211ULL; }
        return h | 1;
    }
    """
    int _op_int "jsv_op_int"(const unsigned char* p, Py_ssize_t n, int64_t* out) noexcept nogil
    int _op_float "jsv_op_float"(const unsigned char* p, Py_ssize_t n, double* out) noexcept nogil
    int _op_decimal "jsv_op_decimal"(const unsigned char* p, Py_ssize_t n, int precision, int scale, uint64_t* out) noexcept nogil
    int _op_date "jsv_op_date"(const unsigned char* p, Py_ssize_t n, int64_t* days) noexcept nogil
    int _op_timestamp "jsv_op_timestamp"(const unsigned char* p, Py_ssize_t n, int64_t* us) noexcept nogil
    Py_ssize_t _op_value_end "jsv_op_value_end"(const unsigned char* s, Py_ssize_t pos, Py_ssize_t end, int in_map, int depth) noexcept nogil
    Py_ssize_t _op_key_end "jsv_op_key_end"(const unsigned char* s, Py_ssize_t pos, Py_ssize_t end) noexcept nogil
    Py_ssize_t _op_container_end "jsv_op_container_end"(const unsigned char* s, Py_ssize_t pos, Py_ssize_t end, int depth) noexcept nogil
    uint64_t _op_hash "jsv_op_hash"(const unsigned char* p, Py_ssize_t n) noexcept nogil

cdef extern from "Python.h":
    object _op_decode_utf8 "PyUnicode_DecodeUTF8"(const char* s, Py_ssize_t size, const char* errors)


cdef bint _op_struct_ok(object ov, ArrowColumn c):
    """A dataclass the one-pass reader builds itself: no hooks, one child per field."""
    return (ov.fast and not ov.post_init and ov.poly is None and not ov.late
            and len(ov.fields) == len(c.children))


cdef int _op_setup(ArrowColumn c, object column) except -1:
    """Chooses how the one-pass reader takes values of ``c`` (OP_GENERIC: parse them)."""
    cdef int i, n
    plan = column.plan
    c.plan = plan
    c.nullable = column.nullable
    c.onepass = OP_GENERIC
    view = _ty_plan_view(plan)
    vkind = view.kind
    kind = c.kind
    if kind == AR_STR and vkind == TY_STR:
        c.onepass = OP_STR
    elif kind == AR_BOOL and vkind == TY_BOOL:
        c.onepass = OP_BOOL
    elif kind == AR_TEXT and vkind == TY_ENUM:
        out_of = {id(m): text.encode("utf-8") for m, text in column.texts}
        pairs = [(k.encode("utf-8"), out_of[id(v)]) for k, v in view.table.items()
                 if type(k) is str and id(v) in out_of]
        c.exact_in = tuple(k for k, _ in pairs)
        c.exact_out = tuple(o for _, o in pairs)
        c.onepass = OP_TEXT
    elif vkind == TY_SCALAR and kind in (AR_INT, AR_FLOAT, AR_DECIMAL, AR_TIMESTAMP, AR_DATE):
        c.onepass = {AR_INT: OP_INT, AR_FLOAT: OP_FLOAT, AR_DECIMAL: OP_DECIMAL,
                     AR_TIMESTAMP: OP_TIMESTAMP, AR_DATE: OP_DATE}[kind]
        c.precision = column.precision
        c.scale = column.scale
    elif kind == AR_LIST and vkind == TY_LIST and view.build is None and not view.as_is:
        c.onepass = OP_LIST
    elif (kind == AR_MAP and vkind == TY_DICT
          and _ty_plan_view(view.children[0]).kind == TY_STR
          and (<ArrowColumn>c.children[0]).kind == AR_STR):
        c.onepass = OP_MAP
    elif kind == AR_STRUCT and vkind == TY_DATACLASS and _op_struct_ok(view.object, c):
        ov = view.object
        n = len(ov.fields)
        c.names = {f.name: i for i, f in enumerate(ov.fields)}
        c.none_modes = [f.none_mode for f in ov.fields]
        factories = dict(ov.factories)
        c.defaults = [ov.template.get(f.name, _ty_MISSING) for f in ov.fields]
        c.factories = [factories.get(f.name) for f in ov.fields]
        c.lookup = ov.lookup
        c.miss = ov.miss
        c.spans = <Py_ssize_t*>PyMem_Malloc(sizeof(Py_ssize_t) * 2 * (n + 1))
        c.keys_table = <OpKey*>PyMem_Malloc(sizeof(OpKey) << OP_KEYS_BITS)
        if c.spans == NULL or c.keys_table == NULL:
            raise MemoryError()
        memset(c.keys_table, 0, sizeof(OpKey) << OP_KEYS_BITS)
        c.key_pool = ArrowBuffer()
        c.onepass = OP_STRUCT
    return 0


cdef int _op_key_index(ArrowColumn c, const unsigned char* s, Py_ssize_t ks, Py_ssize_t ke) except -2:
    """The field index of the key s[ks:ke] (-1: no field), remembered by spelling.

    Raises ``_Invalid`` where the plan rejects the key (``forbid_unknown_fields``).
    """
    cdef Py_ssize_t n = ke - ks
    cdef uint64_t h = _op_hash(s + ks, n)
    cdef size_t mask = (1 << OP_KEYS_BITS) - 1
    cdef size_t slot = <size_t>(h & mask)
    cdef OpKey* k
    cdef int index
    while True:
        k = &c.keys_table[slot]
        if k.n == 0:
            break
        if k.hash == h and k.n == n and memcmp(c.key_pool.data + k.at, s + ks, n) == 0:
            return k.index
        slot = (slot + 1) & mask
    key = _op_decode_utf8(<const char*>(s + ks), n, NULL)
    entry = c.lookup.get(key, _ty_MISSING)
    if entry is _ty_MISSING:
        entry = c.miss(key)
    index = -1 if entry is None else c.names[entry[0]]
    if n <= OP_KEY_MAXLEN and c.n_keys < OP_KEYS_MAX:
        k.hash = h
        k.at = c.key_pool.size
        k.n = n
        k.index = index
        _ab_append(c.key_pool, s + ks, n)
        c.n_keys += 1
    return index


cdef int _op_generic(ArrowColumn c, const unsigned char* s, Py_ssize_t vs, Py_ssize_t ve) except -1:
    """Parses s[vs:ve] on its own and converts it with the column's plan.

    As a document of its own, the text would lose a leading byte order mark
    that belongs to the value: such a value is left to the reference path.
    """
    if ve - vs >= 3 and s[vs] == 0xEF and s[vs + 1] == 0xBB and s[vs + 2] == 0xBF:
        return 1
    try:
        text = _op_decode_utf8(<const char*>(s + vs), ve - vs, NULL)
        value = parse(text)  # no BOM here
        if c.node is None:
            c.node = _ty_node(c.plan)
        value = _convert_node(<_TyNode>c.node, value)
        _ac_append(c, value)
    except (_ty_JSVError, _ty_Invalid):
        return 1
    return 0


cdef int _op_str(ArrowColumn c, const unsigned char* s, Py_ssize_t vs, Py_ssize_t ve) except -1:
    cdef Py_ssize_t i, start
    if s[vs] != 34:  # plain text, as it is
        return _ac_bytes(c, <const char*>(s + vs), ve - vs)
    # quoted: drop the quotes, un-double the inner ones
    i = vs + 1
    start = i
    while i < ve - 1:
        if s[i] == 34:
            _ab_append(c.values, s + start, i + 1 - start)
            i += 2
            start = i
        else:
            i += 1
    _ab_append(c.values, s + start, ve - 1 - start)
    _ac_end_offset(c, c.values.size)
    _ab_set_bit(c.validity, c.length, True)
    c.length += 1
    return 0


cdef int _op_value(ArrowColumn c, const unsigned char* s, Py_ssize_t vs, Py_ssize_t ve,
                   int depth) except -1:
    """Appends the non-empty JSV value s[vs:ve] to ``c``: 0, or 1 to leave the row
    to the reference path (nothing is undone here: the caller cuts the row back)."""
    cdef int op = c.onepass
    cdef unsigned char first = s[vs]
    cdef int64_t i64
    cdef int32_t i32
    cdef double f64
    cdef uint64_t two[2]
    cdef Py_ssize_t n = ve - vs
    cdef Py_ssize_t i
    if op == OP_STR:
        if first == 123 or first == 91:  # '{' '['
            return 1
        return _op_str(c, s, vs, ve)
    if op == OP_GENERIC:
        return _op_generic(c, s, vs, ve)
    if op == OP_LIST or op == OP_MAP or op == OP_STRUCT:
        return _op_container(c, s, vs, ve, depth)
    if first == 34 or first == 123 or first == 91:  # quoted or a container: the parser decides
        return _op_generic(c, s, vs, ve)
    if op == OP_TEXT:
        for i in range(len(c.exact_in)):
            key = <bytes>c.exact_in[i]
            if len(key) == n and memcmp(<const char*>key, s + vs, n) == 0:
                out = <bytes>c.exact_out[i]
                return _ac_bytes(c, <const char*>out, len(out))
        return _op_generic(c, s, vs, ve)
    if op == OP_BOOL:
        if (n == 4 and (memcmp(s + vs, b"True", 4) == 0 or memcmp(s + vs, b"true", 4) == 0)):
            _ab_set_bit(c.values, c.length, True)
        elif (n == 5 and (memcmp(s + vs, b"False", 5) == 0 or memcmp(s + vs, b"false", 5) == 0)):
            _ab_set_bit(c.values, c.length, False)
        else:
            return _op_generic(c, s, vs, ve)
        _ab_set_bit(c.validity, c.length, True)
        c.length += 1
        return 0
    if op == OP_INT:
        if _op_int(s + vs, n, &i64) == 0:
            return _ac_fixed(c, &i64)
    elif op == OP_TIMESTAMP:
        if _op_timestamp(s + vs, n, &i64) == 0:
            return _ac_fixed(c, &i64)
    elif op == OP_DATE:
        if _op_date(s + vs, n, &i64) == 0:
            i32 = <int32_t>i64
            return _ac_fixed(c, &i32)
    elif op == OP_DECIMAL:
        if _op_decimal(s + vs, n, c.precision, c.scale, two) == 0:
            return _ac_fixed(c, two)
    elif op == OP_FLOAT:
        if _op_float(s + vs, n, &f64) == 0:
            return _ac_fixed(c, &f64)
    return _op_generic(c, s, vs, ve)


cdef int _op_empty(ArrowColumn c) except -1:
    """An empty item or map value: null where the type takes None, else not mine."""
    if c.nullable:
        return _ac_null(c)
    return 1


cdef int _op_container(ArrowColumn c, const unsigned char* s, Py_ssize_t vs, Py_ssize_t ve,
                       int depth) except -1:
    cdef int op = c.onepass
    cdef bint is_map = op != OP_LIST
    cdef unsigned char close = 125 if is_map else 93  # '}' ']'
    cdef Py_ssize_t pos, e, j, a, b, a2, b2
    cdef Py_ssize_t ks = 0, ke = 0, k0 = 0
    cdef int index, r, i
    cdef int nf = 0
    cdef ArrowColumn child = None, kchild = None, vchild = None
    cdef Py_ssize_t* spans = NULL
    if s[vs] != (123 if is_map else 91) or depth > OP_MAX_DEPTH:
        return _op_generic(c, s, vs, ve)
    pos = vs + 1
    if op == OP_STRUCT:
        nf = len(c.children)
        spans = c.spans
        for i in range(nf):
            spans[2 * i] = -1
    elif op == OP_MAP:
        kchild = <ArrowColumn>c.children[0]
        vchild = <ArrowColumn>c.children[1]
        k0 = kchild.length
    else:
        child = <ArrowColumn>c.children[0]
    if pos < ve and s[pos] == close:
        pos += 1
    else:
        while True:
            if is_map:
                ks = pos
                ke = _op_key_end(s, pos, ve)
                if ke < 0:
                    return 1
                pos = ke + 1
            e = _op_value_end(s, pos, ve, is_map, depth)
            if e < 0 or e >= ve:
                return 1
            if op == OP_STRUCT:
                try:
                    index = _op_key_index(c, s, ks, ke)
                except _ty_Invalid:
                    return 1
                if index >= 0:
                    if spans[2 * index] != -1:
                        return 1  # a field given twice: the reference keeps the last
                    spans[2 * index] = pos
                    spans[2 * index + 1] = e
            elif op == OP_MAP:
                # a key given twice: the reference keeps its first place, last value
                if kchild.length - k0 > 16:
                    return 1
                for j in range(k0, kchild.length):
                    a = (<int32_t*>kchild.offsets.data)[j]
                    b = (<int32_t*>kchild.offsets.data)[j + 1]
                    if b - a == ke - ks and memcmp(kchild.values.data + a, s + ks, ke - ks) == 0:
                        return 1
                _ac_bytes(kchild, <const char*>(s + ks), ke - ks)
                r = _op_empty(vchild) if e == pos else _op_value(vchild, s, pos, e, depth + 1)
                if r:
                    return 1
            else:
                r = _op_empty(child) if e == pos else _op_value(child, s, pos, e, depth + 1)
                if r:
                    return 1
            pos = e
            if s[pos] == close:
                pos += 1
                break
            if s[pos] != 44:  # ','
                return 1
            pos += 1
    if pos != ve:
        return 1  # text after the closing bracket
    if op == OP_STRUCT:
        for i in range(nf):
            child = <ArrowColumn>c.children[i]
            a2 = spans[2 * i]
            b2 = spans[2 * i + 1]
            if a2 >= 0 and a2 != b2:
                if _op_value(child, s, a2, b2, depth + 1):
                    return 1
                continue
            if a2 >= 0:  # an empty value
                mode = c.none_modes[i]
                if mode == _ty_SET_NONE:
                    _ac_null(child)
                    continue
                if mode == _ty_FAIL:
                    return 1
            default = c.defaults[i]
            if default is _ty_MISSING:
                return 1  # a required field missing: the reference names it
            if default is _ty_FACTORY:
                default = c.factories[i]()
            try:
                _ac_append(child, default)
            except _ty_Invalid:
                return 1
    elif op == OP_MAP:
        _ac_end_offset(c, kchild.length)
    else:
        _ac_end_offset(c, child.length)
    _ab_set_bit(c.validity, c.length, True)
    c.length += 1
    return 0


cdef bint _op_row(ArrowColumn out, str doc) except -1:
    """Appends ``doc`` with the one-pass reader: True, or False with nothing
    appended when the row is left to the reference path."""
    cdef Py_ssize_t n
    cdef const char* p
    cdef Py_ssize_t start = out.length
    cdef int r
    if out.onepass != OP_STRUCT and out.onepass != OP_LIST and out.onepass != OP_MAP:
        return False
    try:
        p = _ar_utf8(doc, &n)
    except UnicodeEncodeError:
        return False
    if n < 2 or (p[0] != 123 and p[0] != 91):
        return False
    try:
        r = _op_value(out, <const unsigned char*>p, 0, n, 1)
    except BaseException:
        _ac_rollback(out, start)
        raise
    if r:
        _ac_rollback(out, start)
        return False
    return True
