# cython: language_level=3
"""The compiled JSV engine: the same contract as :mod:`jsv._reader` and :mod:`jsv._writer`.

``parse`` reads the ``str`` buffer directly at its own width (1, 2 or 4 bytes a
character, one specialisation each), with an explicit stack of open containers
bounded by ``max_depth``, so no input can exhaust the C stack.  Every string is
created once at its final width (the scan ORs the chars together, which tells
the width).  Map keys and short values go through two small caches, so
repeated keys and enum-like values are one shared object each.  1-byte text is
scanned eight chars at a time.

``encode`` writes into one growing buffer that widens (1 -> 2 -> 4 bytes a
character) only when a wider string arrives, and turns it into a ``str`` once at
the end.  The exact builtin types are written here, and so are dataclasses
(their ``(attribute, key text)`` pairs come from the reference writer's
``_fields``, once per class and ``rename``) and enum members (the text the
reference's ``_writable`` gives a member, remembered per member).  Everything
else goes to the reference writer's own helpers (``_writable``, ``_key``), so
the two engines cannot drift apart on datetimes, UUIDs, bytes or ``default=``.

Memory safety: every read of the input goes through a position that was checked
against ``end`` (``end <= len(doc)``) just before; nothing here indexes Python
sequences without checking (``boundscheck`` is left on for the module).
"""

cimport cython
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_DECREF, Py_XDECREF
from cpython.dict cimport PyDict_SetItem, PyDict_Next
from cpython.list cimport PyList_Append
from cpython.mem cimport PyMem_Malloc, PyMem_Realloc, PyMem_Free
from libc.string cimport memchr, memcpy, memcmp
from libc.stdint cimport uint8_t, uint16_t, uint32_t
from libc.math cimport isnan, isinf, signbit

from decimal import Decimal as _Decimal
from enum import Enum as _Enum

from jsv._errors import JSVDecodeError as _JSVDecodeError
from jsv._common import DEFAULT_MAX_DEPTH, MAX_DEFAULT_NESTING, ESCAPE_CHARS as _ESCAPE_CHARS, Raw as _Raw
from jsv._common import (
    MSG_AFTER_LIST_ITEM, MSG_AFTER_MAP_VALUE, MSG_EXPECTING_COLON, MSG_EXTRA_DATA,
    MSG_KEY_AFTER_COMMA, MSG_MAP_EXPECTING_KEY, MSG_MAP_EXPECTING_VALUE, MSG_TOO_DEEP,
    MSG_UNTERMINATED_LIST, MSG_UNTERMINATED_MAP, MSG_UNTERMINATED_STRING,
)
# The writer's side of the declared interface: one record of the reference
# writer's helpers (jsv._writer.WRITER), as the typed runner takes _typed.RUNNER.
from jsv._writer import WRITER as _WRITER

cdef object _writable = _WRITER.writable
cdef object _fields_of = _WRITER.fields
cdef object _key_text = _WRITER.key
cdef object _Unsupported = _WRITER.Unsupported
cdef object _format_int = _WRITER.format_int
cdef object _format_decimal = _WRITER.format_decimal
cdef object _too_many_defaults = _WRITER.too_many_defaults
cdef int _MAP_KIND = _WRITER.MAP
cdef int _LIST_KIND = _WRITER.LIST
cdef int _FIELDS_KIND = _WRITER.FIELDS

__all__ = ["parse", "encode"]

# The exact unpacking of ``for k, v in it`` (its error messages included), for
# the rare item that is not an exact 2-tuple.
cdef dict _unpack_ns = {}
exec("def _unpack2(item):\n    a, b = item\n    return a, b\n", _unpack_ns)
cdef object _unpack2 = _unpack_ns["_unpack2"]


cdef extern from *:
    """
    #if PY_VERSION_HEX < 0x030C0000
    #define JSV_READY(o) PyUnicode_READY(o)
    #else
    #define JSV_READY(o) 0
    #endif

    /* Scanning 1-byte text eight chars at a time (SWAR) where the compiler and
       the byte order allow; plain byte loops otherwise.  Loads never reach
       past `end`. */
    #if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) \
        && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    #define JSV_SWAR 1
    #else
    #define JSV_SWAR 0
    #endif
    #define JSV_ONES 0x0101010101010101ULL
    #define JSV_HIGH 0x8080808080808080ULL

    /* The lowest set bit marks the first byte of x equal to c (higher bits may
       be false positives, the lowest never is). */
    static inline uint64_t jsv_eq8(uint64_t x, uint8_t c) {
        uint64_t v = x ^ (JSV_ONES * c);
        return (v - JSV_ONES) & ~v & JSV_HIGH;
    }

    /* Index of the first of a, b, c in s[i:end] (end if none); ORs 0x80 into
       *orbits when a char before it is not ASCII. */
    static inline Py_ssize_t jsv_find1(const uint8_t *s, Py_ssize_t i, Py_ssize_t end,
                                       uint8_t a, uint8_t b, uint8_t c, uint32_t *orbits) {
        uint64_t acc = 0;
        uint32_t o = 0;
    #if JSV_SWAR
        while (end - i >= 8) {
            uint64_t x, m;
            memcpy(&x, s + i, 8);
            m = jsv_eq8(x, a) | jsv_eq8(x, b) | jsv_eq8(x, c);
            if (m) {
                int k = __builtin_ctzll(m) >> 3;
                if (k)
                    acc |= x & ((1ULL << (8 * k)) - 1);
                *orbits |= (acc & JSV_HIGH) ? 0x80u : 0u;
                return i + k;
            }
            acc |= x;
            i += 8;
        }
    #endif
        while (i < end) {
            uint8_t ch = s[i];
            if (ch == a || ch == b || ch == c)
                break;
            o |= ch;
            i++;
        }
        *orbits |= o | ((acc & JSV_HIGH) ? 0x80u : 0u);
        return i;
    }

    /* Index of the first of the nine chars that make the writer quote a
       string (" : , { } [ ] CR LF) in the 1-byte text p[:n], or n: sixteen
       chars at a time with SSE2 where the compiler offers it.  '[' and ']'
       are '{' and '}' with bit 0x20 cleared, so OR-ing 0x20 folds them
       together (no other byte folds onto '{' or '}'). */
    #if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
    #include <emmintrin.h>
    #define JSV_SSE2 1
    #else
    #define JSV_SSE2 0
    #endif
    #if JSV_SSE2
    static inline __attribute__((always_inline)) int jsv_escape_mask16(__m128i x) {
        const __m128i quote = _mm_set1_epi8('"'), colon = _mm_set1_epi8(':'),
                      comma = _mm_set1_epi8(','), lbrace = _mm_set1_epi8('{'),
                      rbrace = _mm_set1_epi8('}'), cr = _mm_set1_epi8(13),
                      lf = _mm_set1_epi8(10), fold = _mm_set1_epi8(0x20);
        __m128i xf = _mm_or_si128(x, fold);
        __m128i m = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, colon)),
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(xf, lbrace)),
                _mm_or_si128(_mm_cmpeq_epi8(xf, rbrace),
                             _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)))));
        return _mm_movemask_epi8(m);
    }
    #endif

    #if defined(__GNUC__) || defined(__clang__)
    #define JSV_ALWAYS_INLINE inline __attribute__((always_inline))
    #else
    #define JSV_ALWAYS_INLINE inline
    #endif
    static inline Py_ssize_t jsv_escape_bytes(const uint8_t *p, Py_ssize_t i, Py_ssize_t n) {
        for (; i < n; i++) {
            uint8_t c = p[i];
            if (c == '"' || c == ':' || c == ',' || c == '{' || c == '}' || c == '['
                || c == ']' || c == 13 || c == 10)
                return i;
        }
        return n;
    }

    static JSV_ALWAYS_INLINE Py_ssize_t jsv_first_escape1(const uint8_t *p, Py_ssize_t n) {
        Py_ssize_t i = 0;
    #if JSV_SSE2
        int mask;
        for (; n - i >= 16; i += 16) {
            mask = jsv_escape_mask16(_mm_loadu_si128((const __m128i *)(p + i)));
            if (mask)
                return i + __builtin_ctz((unsigned)mask);
        }
        if (i < n) {
            /* The last n - i (< 16) chars, read from the string itself (not
               past its end): as two overlapping 8- or 4-byte words put side
               by side, so the first match in the low lanes is the first of
               all; a few chars by hand. */
            Py_ssize_t k = n - i;
            const uint8_t *q = p + i;
            uint64_t a, b;
            uint32_t c4, d4;
            if (k >= 8) {
                memcpy(&a, q, 8);
                memcpy(&b, q + k - 8, 8);
                mask = jsv_escape_mask16(_mm_set_epi64x((long long)b, (long long)a));
                if (mask & 0xFF)
                    return i + __builtin_ctz((unsigned)mask);
                if (mask)
                    return i + k - 8 + __builtin_ctz((unsigned)mask >> 8);
                return n;
            }
            if (k >= 4) {
                memcpy(&c4, q, 4);
                memcpy(&d4, q + k - 4, 4);
                mask = jsv_escape_mask16(_mm_set_epi32(0, 0, (int)d4, (int)c4)) & 0xFF;
                if (mask & 0xF)
                    return i + __builtin_ctz((unsigned)mask);
                if (mask)
                    return i + k - 4 + __builtin_ctz((unsigned)mask >> 4);
                return n;
            }
            return jsv_escape_bytes(p, i, n);
        }
        return n;
    #else
        return jsv_escape_bytes(p, 0, n);
    #endif
    }

    /* memcpy for the short runs a writer copies most (keys, ids, names):
       up to 32 bytes as two possibly overlapping fixed-size moves, which the
       compiler inlines, instead of a call into the C library. */
    static inline void jsv_copy(char *d, const char *s, Py_ssize_t n) {
        uint64_t a, b, c, e;
        uint32_t x, y;
        if (n > 32) {
            memcpy(d, s, (size_t)n);
        } else if (n > 16) {
            memcpy(&a, s, 8); memcpy(&b, s + 8, 8);
            memcpy(&c, s + n - 16, 8); memcpy(&e, s + n - 8, 8);
            memcpy(d, &a, 8); memcpy(d + 8, &b, 8);
            memcpy(d + n - 16, &c, 8); memcpy(d + n - 8, &e, 8);
        } else if (n >= 8) {
            memcpy(&a, s, 8); memcpy(&b, s + n - 8, 8);
            memcpy(d, &a, 8); memcpy(d + n - 8, &b, 8);
        } else if (n >= 4) {
            memcpy(&x, s, 4); memcpy(&y, s + n - 4, 4);
            memcpy(d, &x, 4); memcpy(d + n - 4, &y, 4);
        } else if (n > 0) {
            d[0] = s[0]; d[n / 2] = s[n / 2]; d[n - 1] = s[n - 1];
        }
    }

    /* The bytes of a short string as two words, by fixed-size loads only (a
       variable-size memcpy is a libc call): its first and last eight bytes;
       of a shorter one its first and last four, or each of its (at most
       three) bytes.  For n <= 16 every byte is in a word, so two strings of
       the same length n <= 16 are equal exactly when their words are. */
    static inline void jsv_pack16(const uint8_t *p, Py_ssize_t n, uint64_t *a, uint64_t *b) {
        uint32_t x, y;
        *a = 0;
        *b = 0;
        if (n >= 8) {
            memcpy(a, p, 8);
            memcpy(b, p + n - 8, 8);
        } else if (n >= 4) {
            memcpy(&x, p, 4);
            memcpy(&y, p + n - 4, 4);
            *a = (uint64_t)x | ((uint64_t)y << 32);
        } else if (n > 0) {
            *a = (uint64_t)p[0] | ((uint64_t)p[n / 2] << 8) | ((uint64_t)p[n - 1] << 16);
        }
    }

    /* Whether the n bytes at pa and pb are equal: memcmp, inlined for the
       short strings the readers compare most (keys, names). */
    static inline int jsv_same(const void *pa, const void *pb, Py_ssize_t n) {
        uint64_t a0, a1, b0, b1;
        if (n > 16)
            return memcmp(pa, pb, (size_t)n) == 0;
        jsv_pack16((const uint8_t *)pa, n, &a0, &a1);
        jsv_pack16((const uint8_t *)pb, n, &b0, &b1);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }

    /* A cheap hash of a short 1-byte key: its packed words and its length. */
    static inline uint32_t jsv_hash1(const uint8_t *p, Py_ssize_t n) {
        uint64_t a, b, h;
        jsv_pack16(p, n, &a, &b);
        h = a * 0x9E3779B97F4A7C15ULL;
        h ^= (b + (uint64_t)n) * 0xC2B2AE3D27D4EB4FULL;
        h ^= h >> 29;
        h *= 0x165667B19E3779F9ULL;
        return (uint32_t)(h >> 32);
    }
    """
    int JSV_READY(object) except -1
    Py_ssize_t jsv_find1(const uint8_t* s, Py_ssize_t i, Py_ssize_t end,
                         uint8_t a, uint8_t b, uint8_t c, uint32_t* orbits) noexcept nogil
    uint32_t jsv_hash1(const uint8_t* p, Py_ssize_t n) noexcept nogil
    Py_ssize_t jsv_first_escape1(const uint8_t* p, Py_ssize_t n) noexcept nogil
    void jsv_copy(char* d, const char* s, Py_ssize_t n) noexcept nogil
    bint jsv_same(const void* a, const void* b, Py_ssize_t n) noexcept nogil


cdef extern from "Python.h":
    int PyUnicode_KIND(object)
    void* PyUnicode_DATA(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    uint32_t PyUnicode_MAX_CHAR_VALUE(object)
    object PyUnicode_New(Py_ssize_t size, uint32_t maxchar)
    object PyUnicode_Substring(object s, Py_ssize_t start, Py_ssize_t end)
    uint32_t PyUnicode_READ(int kind, void* data, Py_ssize_t index)
    void PyUnicode_WRITE(int kind, void* data, Py_ssize_t index, uint32_t value)
    object PyFloat_FromString(object)
    object PyLong_FromLongLong(long long)
    long long PyLong_AsLongLongAndOverflow(object, int*) except? -1
    char* PyOS_double_to_string(double val, char format_code, int precision,
                                int flags, int* ptype) except NULL
    double PyFloat_AS_DOUBLE(object)
    Py_ssize_t PyDict_GET_SIZE(object)
    bint PyUnicode_IS_COMPACT_ASCII(PyObject* op)
    # PyDict_Next on a dict held elsewhere: no reference is taken for the call.
    int PyDict_Next_borrowed "PyDict_Next"(PyObject* d, Py_ssize_t* pos,
                                           PyObject** key, PyObject** value) noexcept
    Py_ssize_t PyList_GET_SIZE(object)
    PyObject* PyList_GET_ITEM(object, Py_ssize_t)
    Py_ssize_t PyTuple_GET_SIZE(object)
    PyObject* PyTuple_GET_ITEM(object, Py_ssize_t)
    PyObject* PyIter_Next(object) except? NULL
    object PyLong_FromVoidPtr(void*)
    object PyObject_GenericGetDict(object, void*)
    PyObject* _w_type_of "(PyObject*)Py_TYPE"(PyObject* o)
    char* PyBytes_AS_STRING(object)
    Py_ssize_t PyBytes_GET_SIZE(object)
    PyObject* _w_dict_get "PyDict_GetItemWithError"(object d, object key) except? NULL
    Py_ssize_t PY_SSIZE_T_MAX


ctypedef fused uchar_t:
    uint8_t
    uint16_t
    uint32_t


# Character classes of the ASCII delimiters (every delimiter is ASCII).
cdef enum:
    K_MAPSTOP = 1     # ',' '}'           end of a plain map value
    K_LISTSTOP = 2    # ',' ']'           end of a plain list item
    K_KEYSTOP = 4     # ':' ',' '}'       end of a plain key
    K_WS = 8          # ' ' TAB CR LF     lenient whitespace
    K_ESC = 16        # " : , { } [ ] CR LF   the nine chars that make the writer quote

cdef enum:
    CH_QUOTE = 34
    CH_COMMA = 44
    CH_COLON = 58
    CH_LBRACKET = 91
    CH_RBRACKET = 93
    CH_LBRACE = 123
    CH_RBRACE = 125

cdef unsigned char CLS[256]


cdef int _init_classes() except -1:
    cdef int i
    for i in range(256):
        CLS[i] = 0
    CLS[CH_COMMA] = K_MAPSTOP | K_LISTSTOP | K_KEYSTOP
    CLS[CH_RBRACE] = K_MAPSTOP | K_KEYSTOP
    CLS[CH_RBRACKET] = K_LISTSTOP
    CLS[CH_COLON] = K_KEYSTOP
    CLS[13] = K_WS
    CLS[10] = K_WS
    CLS[32] = K_WS
    CLS[9] = K_WS
    # The writer's escape set is spelled once, in jsv._common (all ASCII).
    for ch in _ESCAPE_CHARS:
        i = ord(ch)
        if i >= 128:
            raise ValueError("escape characters must be ASCII")
        CLS[i] |= K_ESC
    return 0


_init_classes()


cdef inline bint _has(uchar_t c, unsigned char flag) noexcept nogil:
    if uchar_t is uint8_t:
        return (CLS[c] & flag) != 0
    else:
        return c < 128 and (CLS[c] & flag) != 0


cdef inline uint32_t _class_max(uint32_t orbits) noexcept nogil:
    """The canonical max char of a string whose chars OR together to ``orbits``."""
    if orbits < 128:
        return 127
    if orbits < 256:
        return 255
    if orbits < 65536:
        return 65535
    return 1114111


# =============================================================================
# parse
# =============================================================================

cdef object _decode_error(str msg, object doc, Py_ssize_t pos):
    raise _JSVDecodeError(msg, doc, pos)


cdef inline Py_ssize_t _skip_ws(const uchar_t* s, Py_ssize_t pos, Py_ssize_t end) noexcept nogil:
    while pos < end and _has(s[pos], K_WS):
        pos += 1
    return pos


cdef object _mkstr(const uchar_t* p, Py_ssize_t n, uint32_t orbits):
    """A new str of the ``n`` chars at ``p`` (all OR-ing to ``orbits``), at its final width."""
    cdef object out = PyUnicode_New(n, _class_max(orbits))
    cdef int kind
    cdef void* data
    cdef Py_ssize_t i
    if n == 0:
        return out
    kind = PyUnicode_KIND(out)
    data = PyUnicode_DATA(out)
    if kind == sizeof(uchar_t):
        jsv_copy(<char*>data, <const char*>p, n * sizeof(uchar_t))
    elif kind == 1:
        for i in range(n):
            (<uint8_t*>data)[i] = <uint8_t>p[i]
    elif kind == 2:
        for i in range(n):
            (<uint16_t*>data)[i] = <uint16_t>p[i]
    else:
        for i in range(n):
            (<uint32_t*>data)[i] = <uint32_t>p[i]
    return out


# Two caches of recently seen short strings, indexed by a hash of their chars:
# map keys, and short values (enum names, "True", ...).  A hit returns the
# shared str object instead of allocating an equal one.
cdef enum:
    KEY_CACHE_SIZE = 512
    KEY_CACHE_MAXLEN = 48
    VALUE_CACHE_SIZE = 1024
    VALUE_CACHE_MAXLEN = 16

# A slot keeps the whole hash and the length of its string beside it: a
# lookup that misses (a string seen once, such as an id or a phone number)
# is told so without reading the cached object, which is often out of cache.
ctypedef struct StrSlot:
    PyObject* obj  # a strong reference, or NULL
    uint32_t tag   # the hash of its chars, before masking
    uint32_t n     # its length

cdef StrSlot KEY_CACHE[KEY_CACHE_SIZE]
cdef StrSlot VALUE_CACHE[VALUE_CACHE_SIZE]


cdef object _cached(const uchar_t* p, Py_ssize_t n, uint32_t orbits, StrSlot* cache,
                    uint32_t mask):
    """The str of the ``n`` chars at ``p``, shared through ``cache`` (``mask + 1`` slots)."""
    cdef uint32_t h
    cdef Py_ssize_t i
    cdef StrSlot* slot
    cdef PyObject* hit
    cdef int kind
    cdef void* data
    cdef object key
    if uchar_t is uint8_t:
        h = jsv_hash1(p, n)
    else:
        h = 2166136261u ^ <uint32_t>n
        for i in range(n):
            h = (h ^ <uint32_t>p[i]) * 16777619u
        h = h ^ (h >> 15)
    slot = &cache[h & mask]
    hit = slot.obj
    if hit != NULL and slot.tag == h and slot.n == <uint32_t>n:
        kind = PyUnicode_KIND(<object>hit)
        data = PyUnicode_DATA(<object>hit)
        if kind == sizeof(uchar_t):
            if jsv_same(data, p, n * sizeof(uchar_t)):
                return <object>hit
        else:
            i = 0
            while i < n and PyUnicode_READ(kind, data, i) == <uint32_t>p[i]:
                i += 1
            if i == n:
                return <object>hit
    key = _mkstr(p, n, orbits)
    Py_INCREF(key)
    slot.obj = <PyObject*>key
    slot.tag = h
    slot.n = <uint32_t>n
    Py_XDECREF(hit)
    return key


def _clear_caches():
    """Empties every str cache: the reader's key and value caches and those of
    the typed nodes (each bounded: a fixed number of short strings).

    For the leak test, which must tell a leak from whichever strings the
    caches hold at the moment it looks; reading refills them as it goes.
    """
    cdef Py_ssize_t i, j
    cdef PyObject* old
    for i in range(KEY_CACHE_SIZE):
        old = KEY_CACHE[i].obj
        KEY_CACHE[i].obj = NULL
        Py_XDECREF(old)
    for i in range(VALUE_CACHE_SIZE):
        old = VALUE_CACHE[i].obj
        VALUE_CACHE[i].obj = NULL
        Py_XDECREF(old)
    for i in range(KEYPOS_DEPTH):
        for j in range(KEYPOS_ENTRIES):
            old = KEYPOS[i][j]
            KEYPOS[i][j] = NULL
            Py_XDECREF(old)
    _ty_clear_caches()


cdef inline object _cached_key(const uchar_t* p, Py_ssize_t n, uint32_t orbits):
    if n > KEY_CACHE_MAXLEN:
        return _mkstr(p, n, orbits)
    return _cached(p, n, orbits, KEY_CACHE, KEY_CACHE_SIZE - 1)


cdef inline object _value_str(const uchar_t* p, Py_ssize_t n, uint32_t orbits):
    if n > VALUE_CACHE_MAXLEN:
        return _mkstr(p, n, orbits)
    return _cached(p, n, orbits, VALUE_CACHE, VALUE_CACHE_SIZE - 1)


cdef object _quoted(const uchar_t* s, object doc, Py_ssize_t* ppos, Py_ssize_t end, bint as_key):
    """The quoted string whose opening quote is at ``ppos[0]``; moves ``ppos`` past it.

    ``""`` inside stands for one quote.  A string with no closing quote before
    ``end`` is an error at its opening quote.
    """
    cdef Py_ssize_t start = ppos[0]
    cdef Py_ssize_t i = start + 1
    cdef Py_ssize_t pairs = 0
    cdef Py_ssize_t n, j, k
    cdef uint32_t orbits = 0
    cdef uchar_t c
    cdef object out
    cdef int kind
    cdef void* data
    while True:
        if uchar_t is uint8_t:
            i = jsv_find1(s, i, end, CH_QUOTE, CH_QUOTE, CH_QUOTE, &orbits)
        else:
            while i < end:
                c = s[i]
                if c == CH_QUOTE:
                    break
                orbits |= c
                i += 1
        if i >= end:
            return _decode_error(MSG_UNTERMINATED_STRING, doc, start)
        if i + 1 < end and s[i + 1] == CH_QUOTE:
            pairs += 1
            i += 2
            continue
        break
    ppos[0] = i + 1
    n = i - start - 1
    if pairs == 0:
        if as_key:
            return _cached_key(s + start + 1, n, orbits)
        return _value_str(s + start + 1, n, orbits)
    # Unquote while copying: each "" becomes ".
    out = PyUnicode_New(n - pairs, _class_max(orbits | CH_QUOTE))
    kind = PyUnicode_KIND(out)
    data = PyUnicode_DATA(out)
    j = start + 1
    k = 0
    while j < i:
        c = s[j]
        PyUnicode_WRITE(kind, data, k, c)
        k += 1
        if c == CH_QUOTE:
            j += 2
        else:
            j += 1
    return out


cdef inline bint _digit(uchar_t c) noexcept nogil:
    return c >= 48 and c <= 57


cdef bint _ascii_ieq(const uchar_t* p, Py_ssize_t n, const char* word) noexcept nogil:
    """``p[:n].lower() == word`` for an ASCII ``word`` (non-ASCII never lowers to it)."""
    cdef Py_ssize_t i
    cdef uint32_t c
    for i in range(n):
        c = p[i]
        if c >= 65 and c <= 90:
            c += 32
        if c != <uint8_t>word[i]:
            return False
    return True


cdef bint _same_ascii(const uchar_t* p, Py_ssize_t n, const char* word, Py_ssize_t wn) noexcept nogil:
    cdef Py_ssize_t i
    if n != wn:
        return False
    for i in range(n):
        if p[i] != <uint8_t>word[i]:
            return False
    return True


cdef object _infer(const uchar_t* p, Py_ssize_t n, uint32_t orbits, bint use_decimal):
    """``_reader._infer`` for the plain text at ``p``: int, float/Decimal, bool or the text."""
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t ndigits
    cdef bint neg = False
    cdef bint is_float = False
    cdef long long v
    cdef object text
    if orbits >= 128 or n == 0:
        return _mkstr(p, n, orbits)
    if p[0] == 45:  # '-'
        neg = True
        i = 1
    if i < n and _digit(p[i]):
        if p[i] == 48:  # '0'
            i += 1
        else:
            while i < n and _digit(p[i]):
                i += 1
        ndigits = i - neg
        if i == n:
            if ndigits <= 18:
                v = 0
                for i in range(neg, n):
                    v = v * 10 + (p[i] - 48)
                return PyLong_FromLongLong(-v if neg else v)
            text = _mkstr(p, n, orbits)
            try:
                return int(text)
            except ValueError:  # more digits than the interpreter converts
                return _Decimal(text)
        # A fraction and/or an exponent.
        if p[i] == 46:  # '.'
            i += 1
            if i >= n or not _digit(p[i]):
                return _mkstr(p, n, orbits)
            while i < n and _digit(p[i]):
                i += 1
            if i == n:
                is_float = True
        if not is_float and (p[i] == 101 or p[i] == 69):  # e E
            i += 1
            if i < n and (p[i] == 43 or p[i] == 45):
                i += 1
            if i >= n or not _digit(p[i]):
                return _mkstr(p, n, orbits)
            while i < n and _digit(p[i]):
                i += 1
            if i == n:
                is_float = True
        if not is_float:
            return _mkstr(p, n, orbits)
    elif not (_same_ascii(p, n, "NaN", 3) or _same_ascii(p + neg, n - neg, "Infinity", 8)):
        if n == 4 and _ascii_ieq(p, 4, "true"):
            return True
        if n == 5 and _ascii_ieq(p, 5, "false"):
            return False
        return _mkstr(p, n, orbits)
    text = _mkstr(p, n, orbits)
    if use_decimal:
        try:
            return _Decimal(text)
        except ArithmeticError:  # an exponent beyond what Decimal holds
            return text
    return PyFloat_FromString(text)


cdef inline object _plain(const uchar_t* s, Py_ssize_t* ppos, Py_ssize_t end, unsigned char stop,
                          bint lenient, bint infer, bint use_decimal, bint as_key):
    """The plain text from ``ppos[0]`` to the first ``stop`` char (lenient: trimmed)."""
    cdef Py_ssize_t start = ppos[0]
    cdef Py_ssize_t i = start
    cdef Py_ssize_t stop_at
    cdef uint32_t orbits = 0
    cdef uchar_t c
    if uchar_t is uint8_t:
        if stop == K_MAPSTOP:
            i = jsv_find1(s, i, end, CH_COMMA, CH_RBRACE, CH_RBRACE, &orbits)
        elif stop == K_LISTSTOP:
            i = jsv_find1(s, i, end, CH_COMMA, CH_RBRACKET, CH_RBRACKET, &orbits)
        else:
            i = jsv_find1(s, i, end, CH_COLON, CH_COMMA, CH_RBRACE, &orbits)
    else:
        while i < end:
            c = s[i]
            if _has(c, stop):
                break
            orbits |= c
            i += 1
    stop_at = i
    if lenient:
        # The first char is not a blank (skipped before), so this stays > start.
        while i > start and _has(s[i - 1], K_WS):
            i -= 1
    ppos[0] = stop_at
    if as_key:
        return _cached_key(s + start, i - start, orbits)
    if infer:
        return _infer(s + start, i - start, orbits, use_decimal)
    return _value_str(s + start, i - start, orbits)


cdef struct PFrame:
    PyObject* cont        # the enclosing container (a strong reference)
    Py_ssize_t keystart   # >= 0: the child being read is a map key starting here
    Py_ssize_t entry      # the number of its entries read so far
    bint is_map


# The plain key last read at each entry position of a map at each nesting
# depth, in strict reading (1-byte text only; strong references).  The maps of a list of records
# give their keys in the same order, so a key is mostly found by comparing its
# chars with the key remembered for its place, followed by its ':' -- no scan
# for its end, no hashing -- and shared as the key cache would share it.
cdef enum:
    KEYPOS_DEPTH = 8
    KEYPOS_ENTRIES = 64
cdef PyObject* KEYPOS[KEYPOS_DEPTH][KEYPOS_ENTRIES]


cdef inline bint _key_here(const uint8_t* s, Py_ssize_t pos, Py_ssize_t end,
                           const void* text, Py_ssize_t n) noexcept:
    """Whether the key at ``pos`` is the ``n`` chars at ``text``, followed by its ':'.

    How both readers find a key remembered for its place: the untyped one
    here (KEYPOS), the typed one-pass reader per class (``_tp_seen``).  A
    remembered key was read as a plain key, so its chars hold none that end
    one: the reader would read exactly these chars as the key.
    """
    return n > 0 and pos + n < end and s[pos + n] == CH_COLON and jsv_same(s + pos, text, n)


cdef inline object _keypos_hit(const uchar_t* s, Py_ssize_t pos, Py_ssize_t end,
                               Py_ssize_t depth, Py_ssize_t entry):
    """The key remembered for (``depth``, ``entry``) if the text at ``pos`` is
    that key followed by ':', else None."""
    cdef PyObject* k
    if uchar_t is uint8_t:
        if depth < KEYPOS_DEPTH and entry < KEYPOS_ENTRIES:
            k = KEYPOS[depth][entry]
            if k != NULL and _key_here(s, pos, end, PyUnicode_DATA(<object>k),
                                       PyUnicode_GET_LENGTH(<object>k)):
                return <object>k
    return None


cdef inline void _keypos_keep(object key, Py_ssize_t depth, Py_ssize_t entry) noexcept:
    """Remembers the plain key ``key`` (read from 1-byte text) for its place."""
    cdef PyObject* old
    if depth < KEYPOS_DEPTH and entry < KEYPOS_ENTRIES and PyUnicode_KIND(key) == 1:
        old = KEYPOS[depth][entry]
        Py_INCREF(key)
        KEYPOS[depth][entry] = <PyObject*>key
        Py_XDECREF(old)


cdef enum:
    S_OPENED = 0   # a container was just opened
    S_ENTRY = 1    # expecting a map entry / list item
    S_COLON = 2    # a container key was read: expecting ':' and the value
    S_CLOSED = 3   # `cur` is complete


cdef object _container(const uchar_t* s, object doc, Py_ssize_t* ppos, Py_ssize_t end,
                       bint lenient, bint infer, bint use_decimal,
                       Py_ssize_t max_depth, object max_depth_obj):
    """Reads the map or list opening at ``ppos[0]``: ``_reader._container`` without regexes."""
    cdef PFrame* frames = NULL
    cdef PFrame* grown
    cdef Py_ssize_t nframes = 0
    cdef Py_ssize_t cap = 0
    cdef Py_ssize_t pos = ppos[0]
    cdef Py_ssize_t keystart
    cdef Py_ssize_t inkey = 0   # how many key containers enclose the one being read
    cdef Py_ssize_t entry = 0   # entries of `cur` read so far (a map's)
    cdef bint is_map
    cdef int state
    cdef uchar_t c
    cdef object root, cur, key = None, value, child
    is_map = s[pos] == CH_LBRACE
    root = {} if is_map else []
    cur = root
    pos += 1
    state = S_OPENED
    try:
        while True:
            if state == S_OPENED:
                if lenient:
                    pos = _skip_ws(s, pos, end)
                if pos < end and s[pos] == <uchar_t>(CH_RBRACE if is_map else CH_RBRACKET):
                    pos += 1
                    state = S_CLOSED
                else:
                    state = S_ENTRY
            if state != S_CLOSED:
                keystart = -1
                child = None
                if is_map:
                    while True:
                        if state == S_ENTRY:
                            # ---- the key ----
                            if lenient:
                                pos = _skip_ws(s, pos, end)
                            if pos >= end:
                                _decode_error(MSG_MAP_EXPECTING_KEY, doc, pos)
                            c = s[pos]
                            if c == CH_QUOTE:
                                key = _quoted(s, doc, &pos, end, True)
                            elif c == CH_LBRACE or c == CH_LBRACKET:
                                # A container used as a key: read it, keep its source text.
                                keystart = pos
                                break
                            elif c == CH_COLON:
                                key = None
                            elif c == CH_RBRACE or c == CH_COMMA:
                                _decode_error(MSG_KEY_AFTER_COMMA, doc, pos)
                            else:
                                # Strict reading only: leniently, a key is
                                # trimmed, and a remembered key may end in a blank.
                                key = None
                                if not lenient:
                                    key = _keypos_hit(s, pos, end, nframes, entry)
                                if key is not None:
                                    pos += PyUnicode_GET_LENGTH(key)
                                else:
                                    key = _plain(s, &pos, end, K_KEYSTOP, lenient, False, False, True)
                                    if uchar_t is uint8_t:
                                        if not lenient:
                                            _keypos_keep(key, nframes, entry)
                            entry += 1
                        state = S_ENTRY
                        # ---- ':' then the value ----
                        if lenient:
                            pos = _skip_ws(s, pos, end)
                        if pos >= end or s[pos] != CH_COLON:
                            _decode_error(MSG_EXPECTING_COLON, doc, pos)
                        pos += 1
                        if lenient:
                            pos = _skip_ws(s, pos, end)
                        if pos >= end:
                            _decode_error(MSG_MAP_EXPECTING_VALUE, doc, pos)
                        c = s[pos]
                        if c == CH_COMMA:
                            PyDict_SetItem(cur, key, None)
                            pos += 1
                            continue
                        if c == CH_RBRACE:
                            PyDict_SetItem(cur, key, None)
                            pos += 1
                            state = S_CLOSED
                            break
                        if c == CH_LBRACE or c == CH_LBRACKET:
                            child = {} if c == CH_LBRACE else []
                            break
                        if c == CH_QUOTE:
                            value = _quoted(s, doc, &pos, end, False)
                        else:
                            value = _plain(s, &pos, end, K_MAPSTOP, lenient, infer, use_decimal, False)
                        PyDict_SetItem(cur, key, value)
                        if lenient:
                            pos = _skip_ws(s, pos, end)
                        if pos < end:
                            c = s[pos]
                            if c == CH_COMMA:
                                pos += 1
                                continue
                            if c == CH_RBRACE:
                                pos += 1
                                state = S_CLOSED
                                break
                            _decode_error(MSG_AFTER_MAP_VALUE, doc, pos)
                        _decode_error(MSG_UNTERMINATED_MAP, doc, pos)
                else:
                    while True:
                        if lenient:
                            pos = _skip_ws(s, pos, end)
                        if pos >= end:
                            _decode_error(MSG_UNTERMINATED_LIST, doc, pos)
                        c = s[pos]
                        if c == CH_COMMA:
                            PyList_Append(cur, None)
                            pos += 1
                            continue
                        if c == CH_RBRACKET:
                            # a comma right before ']' leaves an empty item
                            PyList_Append(cur, None)
                            pos += 1
                            state = S_CLOSED
                            break
                        if c == CH_LBRACE or c == CH_LBRACKET:
                            child = {} if c == CH_LBRACE else []
                            break
                        if c == CH_QUOTE:
                            value = _quoted(s, doc, &pos, end, False)
                        else:
                            value = _plain(s, &pos, end, K_LISTSTOP, lenient, infer, use_decimal, False)
                        PyList_Append(cur, value)
                        if lenient:
                            pos = _skip_ws(s, pos, end)
                        if pos < end:
                            c = s[pos]
                            if c == CH_COMMA:
                                pos += 1
                                continue
                            if c == CH_RBRACKET:
                                pos += 1
                                state = S_CLOSED
                                break
                            _decode_error(MSG_AFTER_LIST_ITEM, doc, pos)
                        _decode_error(MSG_UNTERMINATED_LIST, doc, pos)

                if state != S_CLOSED:
                    # ---- open a nested container (a value, an item or a key) ----
                    if nframes + 2 > max_depth:
                        _decode_error(
                            MSG_TOO_DEEP.format(max_depth_obj), doc, pos
                        )
                    if nframes == cap:
                        cap = 16 if cap == 0 else cap * 2
                        grown = <PFrame*>PyMem_Realloc(frames, cap * sizeof(PFrame))
                        if grown == NULL:
                            raise MemoryError()
                        frames = grown
                    if keystart >= 0:
                        child = {} if s[pos] == CH_LBRACE else []
                    elif is_map:
                        PyDict_SetItem(cur, key, child)
                    else:
                        PyList_Append(cur, child)
                    Py_INCREF(cur)
                    frames[nframes].cont = <PyObject*>cur
                    frames[nframes].keystart = keystart
                    frames[nframes].entry = entry
                    frames[nframes].is_map = is_map
                    nframes += 1
                    entry = 0
                    if keystart >= 0:
                        inkey += 1
                    is_map = s[pos] == CH_LBRACE
                    cur = child
                    pos += 1
                    state = S_OPENED
                    continue

            # ---- `cur` is complete: back to the enclosing containers ----
            while True:
                if nframes == 0:
                    ppos[0] = pos
                    return root
                nframes -= 1
                cur = <object>frames[nframes].cont
                Py_DECREF(cur)  # the frame's reference; `cur` holds its own
                is_map = frames[nframes].is_map
                entry = frames[nframes].entry
                if frames[nframes].keystart >= 0:
                    # Only the outermost key container's text is kept (see _reader).
                    inkey -= 1
                    key = PyUnicode_Substring(doc, frames[nframes].keystart, pos) if inkey == 0 else None
                    state = S_COLON
                    break
                if lenient:
                    pos = _skip_ws(s, pos, end)
                if pos < end:
                    c = s[pos]
                    if c == CH_COMMA:
                        pos += 1
                        state = S_ENTRY
                        break
                    if c == <uchar_t>(CH_RBRACE if is_map else CH_RBRACKET):
                        pos += 1
                        continue
                    _decode_error(
                        MSG_AFTER_MAP_VALUE
                        if is_map
                        else MSG_AFTER_LIST_ITEM,
                        doc,
                        pos,
                    )
                _decode_error(
                    MSG_UNTERMINATED_MAP
                    if is_map
                    else MSG_UNTERMINATED_LIST,
                    doc,
                    pos,
                )
    finally:
        while nframes > 0:
            nframes -= 1
            Py_DECREF(<object>frames[nframes].cont)
        PyMem_Free(frames)


cdef object _parse_doc(const uchar_t* s, object doc, Py_ssize_t n, bint lenient,
                       Py_ssize_t max_depth, object max_depth_obj, bint infer, bint use_decimal):
    cdef Py_ssize_t end = n
    cdef Py_ssize_t pos = 0
    cdef Py_ssize_t i
    cdef uint32_t orbits = 0
    cdef uchar_t c
    cdef object value
    if lenient:
        pos = _skip_ws(s, 0, end)
        while end > pos and _has(s[end - 1], K_WS):
            end -= 1
    if pos >= end:
        return None
    c = s[pos]
    if c == CH_LBRACE or c == CH_LBRACKET:
        value = _container(s, doc, &pos, end, lenient, infer, use_decimal, max_depth, max_depth_obj)
    elif c == CH_QUOTE:
        value = _quoted(s, doc, &pos, end, False)
    else:
        # A plain top-level value is the whole (lenient: trimmed) document.
        for i in range(pos, end):
            orbits |= s[i]
        if infer:
            return _infer(s + pos, end - pos, orbits, use_decimal)
        return _mkstr(s + pos, end - pos, orbits)
    if pos < end:
        # Blanks may follow a closed top-level value (files end in newlines).
        pos = _skip_ws(s, pos, end)
        if pos < end:
            _decode_error(MSG_EXTRA_DATA, doc, pos)
    return value


cdef Py_ssize_t _depth_limit(object max_depth) except? -2:
    """``max_depth`` as a C size, clamped; the reference compares it with ``>``."""
    cdef object limit
    if isinstance(max_depth, float):
        if max_depth != max_depth or max_depth == float("inf"):
            return PY_SSIZE_T_MAX
        if max_depth == float("-inf"):
            return -1
        import math
        limit = math.floor(max_depth)
    else:
        limit = max_depth.__index__()
    if limit > PY_SSIZE_T_MAX:
        return PY_SSIZE_T_MAX
    if limit < -1:
        return -1
    return limit


def parse(doc, lenient=False, max_depth=DEFAULT_MAX_DEPTH, infer=False, use_decimal=False):
    """Reads one JSV document into dicts, lists, strings and ``None``; the compiled
    twin of :func:`jsv._reader.parse` (same values, same errors).
    """
    if not isinstance(doc, str):
        raise TypeError(f"the JSV document must be str, not {type(doc).__name__}")
    JSV_READY(doc)
    cdef bint c_lenient = lenient
    cdef bint c_infer = infer
    cdef bint c_use_decimal = use_decimal
    cdef Py_ssize_t limit = _depth_limit(max_depth)
    cdef int kind = PyUnicode_KIND(doc)
    cdef void* data = PyUnicode_DATA(doc)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(doc)
    if kind == 1:
        return _parse_doc(<const uint8_t*>data, doc, n, c_lenient, limit, max_depth,
                          c_infer, c_use_decimal)
    if kind == 2:
        return _parse_doc(<const uint16_t*>data, doc, n, c_lenient, limit, max_depth,
                          c_infer, c_use_decimal)
    return _parse_doc(<const uint32_t*>data, doc, n, c_lenient, limit, max_depth,
                      c_infer, c_use_decimal)


# =============================================================================
# encode
# =============================================================================

cdef struct WBuf:
    char* data
    Py_ssize_t n        # chars written
    Py_ssize_t cap      # chars allocated
    int kind            # 1, 2 or 4 bytes a char
    uint32_t maxc       # 127, 255, 65535 or 1114111: the canonical max of what was written


cdef int _wb_reserve(WBuf* b, Py_ssize_t extra) except -1:
    cdef Py_ssize_t need
    cdef Py_ssize_t cap
    cdef char* grown
    if extra > PY_SSIZE_T_MAX // 4 - b.n:
        raise MemoryError()
    need = b.n + extra
    if need <= b.cap:
        return 0
    cap = b.cap + (b.cap >> 1)
    if cap < need:
        cap = need
    if cap < 256:
        cap = 256
    if cap > PY_SSIZE_T_MAX // 4:
        cap = need
    grown = <char*>PyMem_Realloc(b.data, cap * b.kind)
    if grown == NULL:
        raise MemoryError()
    b.data = grown
    b.cap = cap
    return 0


# The buffer of the last encode() that finished, kept for the next one (up to
# W_KEEP_BYTES): a large document then costs no reallocations and no fresh pages
# per call.  encode() takes it (leaving NULL, so a concurrent or nested call
# allocates its own) and gives its buffer back when done.
cdef enum:
    W_KEEP_BYTES = 8 << 20
cdef char* _w_spare = NULL
cdef Py_ssize_t _w_spare_bytes = 0


cdef void _wb_take_spare(WBuf* b) noexcept:
    global _w_spare, _w_spare_bytes
    if _w_spare != NULL:
        b.data = _w_spare
        b.cap = _w_spare_bytes  # chars of 1 byte
        _w_spare = NULL
        _w_spare_bytes = 0


cdef void _wb_give_back(WBuf* b) noexcept:
    global _w_spare, _w_spare_bytes
    cdef Py_ssize_t nbytes = b.cap * b.kind
    if b.data != NULL and _w_spare == NULL and nbytes <= W_KEEP_BYTES:
        _w_spare = b.data
        _w_spare_bytes = nbytes
    else:
        PyMem_Free(b.data)
    b.data = NULL


cdef int _wb_widen(WBuf* b, int kind) except -1:
    """Re-encodes what was written at ``kind`` bytes a char."""
    cdef Py_ssize_t cap = b.cap if b.cap > 0 else 256
    cdef char* wide = <char*>PyMem_Malloc(cap * kind)
    cdef Py_ssize_t i
    if wide == NULL:
        raise MemoryError()
    for i in range(b.n):
        PyUnicode_WRITE(kind, wide, i, PyUnicode_READ(b.kind, b.data, i))
    PyMem_Free(b.data)
    b.data = wide
    b.cap = cap
    b.kind = kind
    return 0


cdef inline int _wb_ascii(WBuf* b, const char* text, Py_ssize_t n) except -1:
    cdef Py_ssize_t i
    if b.n + n > b.cap:
        _wb_reserve(b, n)
    if b.kind == 1:
        jsv_copy(b.data + b.n, text, n)
    else:
        for i in range(n):
            PyUnicode_WRITE(b.kind, b.data, b.n + i, <uint8_t>text[i])
    b.n += n
    return 0


cdef inline int _wb_char(WBuf* b, uint32_t c) except -1:
    """Writes one ASCII char."""
    if b.n >= b.cap:
        _wb_reserve(b, 1)
    if b.kind == 1:
        b.data[b.n] = <char>c
    else:
        PyUnicode_WRITE(b.kind, b.data, b.n, c)
    b.n += 1
    return 0


cdef inline int _wb_comma(WBuf* b) except -1:
    """Writes ',' (the hot case inline: room left in a 1-byte buffer)."""
    if b.n < b.cap and b.kind == 1:
        b.data[b.n] = 44
        b.n += 1
        return 0
    return _wb_char(b, CH_COMMA)


cdef inline int _wb_fit(WBuf* b, object s) except -1:
    """Makes the buffer wide enough for the chars of ``s``."""
    cdef uint32_t m = PyUnicode_MAX_CHAR_VALUE(s)
    cdef int kind
    if m > b.maxc:
        b.maxc = m
        kind = PyUnicode_KIND(s)
        if kind > b.kind:
            _wb_widen(b, kind)
    return 0


cdef inline void _copy(WBuf* b, int skind, const char* sdata, Py_ssize_t start, Py_ssize_t n) noexcept:
    """Copies ``n`` chars from ``sdata[start:]`` (no wider than the buffer); room reserved."""
    cdef Py_ssize_t i
    if skind == b.kind:
        memcpy(b.data + b.n * skind, sdata + start * skind, n * skind)
    elif skind == 1 and b.kind == 2:
        for i in range(n):
            (<uint16_t*>b.data)[b.n + i] = (<const uint8_t*>sdata)[start + i]
    elif skind == 1:
        for i in range(n):
            (<uint32_t*>b.data)[b.n + i] = (<const uint8_t*>sdata)[start + i]
    else:
        for i in range(n):
            (<uint32_t*>b.data)[b.n + i] = (<const uint16_t*>sdata)[start + i]
    b.n += n


cdef int _wb_str(WBuf* b, object s) except -1:
    """Writes the chars of ``s`` (a str, or a str subclass such as Raw) as they are."""
    cdef Py_ssize_t n
    if not isinstance(s, str):  # the reference's "".join would refuse it too
        raise TypeError(f"expected str instance, {type(s).__name__} found")
    JSV_READY(s)
    n = PyUnicode_GET_LENGTH(s)
    if n == 0:
        return 0
    _wb_fit(b, s)
    _wb_reserve(b, n)
    _copy(b, PyUnicode_KIND(s), <const char*>PyUnicode_DATA(s), 0, n)
    return 0


cdef Py_ssize_t _first_escape(int kind, const void* data, Py_ssize_t n) noexcept:
    """Index of the first of the nine escape chars in the string, or -1."""
    cdef Py_ssize_t i
    cdef const uint8_t* p1
    cdef const uint16_t* p2
    cdef const uint32_t* p4
    if kind == 1:
        i = jsv_first_escape1(<const uint8_t*>data, n)
        return -1 if i == n else i
    elif kind == 2:
        p2 = <const uint16_t*>data
        for i in range(n):
            if p2[i] < 128 and CLS[p2[i]] & K_ESC:
                return i
    else:
        p4 = <const uint32_t*>data
        for i in range(n):
            if p4[i] < 128 and CLS[p4[i]] & K_ESC:
                return i
    return -1


cdef int _wb_quoted(WBuf* b, object s) except -1:
    """Writes ``s`` as ``_writer.quote`` does: bare unless it holds an escape char."""
    cdef Py_ssize_t n
    cdef int kind
    cdef const char* data
    cdef Py_ssize_t first, i, quotes, seg
    JSV_READY(s)
    n = PyUnicode_GET_LENGTH(s)
    if n == 0:
        return _wb_ascii(b, '""', 2)
    kind = PyUnicode_KIND(s)
    data = <const char*>PyUnicode_DATA(s)
    if kind == 1:
        first = jsv_first_escape1(<const uint8_t*>data, n)
        if first == n:
            first = -1
            if b.kind == 1:  # the common case: a plain copy
                if b.n + n > b.cap:
                    _wb_reserve(b, n)
                if PyUnicode_MAX_CHAR_VALUE(s) > b.maxc:
                    b.maxc = PyUnicode_MAX_CHAR_VALUE(s)
                jsv_copy(b.data + b.n, data, n)
                b.n += n
                return 0
        elif b.kind == 1 and memchr(data + first, CH_QUOTE, n - first) == NULL:
            # Quoted, with no '"' inside to double: one copy between quotes.
            if b.n + n + 2 > b.cap:
                _wb_reserve(b, n + 2)
            if PyUnicode_MAX_CHAR_VALUE(s) > b.maxc:
                b.maxc = PyUnicode_MAX_CHAR_VALUE(s)
            b.data[b.n] = CH_QUOTE
            jsv_copy(b.data + b.n + 1, data, n)
            b.data[b.n + n + 1] = CH_QUOTE
            b.n += n + 2
            return 0
    else:
        first = _first_escape(kind, data, n)
    _wb_fit(b, s)
    if first < 0:
        _wb_reserve(b, n)
        _copy(b, kind, data, 0, n)
        return 0
    quotes = 0
    for i in range(first, n):
        if PyUnicode_READ(kind, <void*>data, i) == CH_QUOTE:
            quotes += 1
    _wb_reserve(b, n + quotes + 2)
    PyUnicode_WRITE(b.kind, b.data, b.n, CH_QUOTE)
    b.n += 1
    if quotes == 0:
        _copy(b, kind, data, 0, n)
    else:
        seg = 0
        for i in range(first, n):
            if PyUnicode_READ(kind, <void*>data, i) == CH_QUOTE:
                _copy(b, kind, data, seg, i + 1 - seg)
                PyUnicode_WRITE(b.kind, b.data, b.n, CH_QUOTE)
                b.n += 1
                seg = i + 1
        _copy(b, kind, data, seg, n - seg)
    PyUnicode_WRITE(b.kind, b.data, b.n, CH_QUOTE)
    b.n += 1
    return 0


cdef char* _DIGIT_PAIRS = (
    b"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    b"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    b"8081828384858687888990919293949596979899"
)


cdef inline int _wb_ll(WBuf* b, long long v) except -1:
    """Writes the decimal digits of ``v`` (as ``str(int)``), two at a time."""
    cdef unsigned long long u
    cdef char buf[24]
    cdef int i = 24
    cdef unsigned int r
    u = <unsigned long long>0 - <unsigned long long>v if v < 0 else <unsigned long long>v
    while u >= 100:
        r = <unsigned int>(u % 100)
        u //= 100
        i -= 2
        memcpy(buf + i, _DIGIT_PAIRS + 2 * r, 2)
    if u >= 10:
        i -= 2
        memcpy(buf + i, _DIGIT_PAIRS + 2 * u, 2)
    else:
        i -= 1
        buf[i] = <char>(48 + u)
    if v < 0:
        i -= 1
        buf[i] = 45
    return _wb_ascii(b, buf + i, 24 - i)


cdef int _wb_int(WBuf* b, object value) except -1:
    cdef int overflow = 0
    cdef long long v = PyLong_AsLongLongAndOverflow(value, &overflow)
    if overflow:
        return _wb_str(b, _format_int(value))
    return _wb_ll(b, v)


cdef int format_double(double x, char* out) except -1:
    """``_writer.format_float`` into ``out`` (at least 40 bytes); returns the length.

    Shortest round-trip digits (the interpreter's ``repr`` algorithm), then fixed
    notation for exponents -4..14, otherwise ``d.dddE+XX``.
    """
    cdef char* r
    cdef char digits[32]
    cdef int nd = 0          # significant digits collected
    cdef int nwhole = 0      # digits before the point in the repr
    cdef int lead = 0        # leading zeros of whole+frac
    cdef int exp10 = 0
    cdef int exp_sign = 1
    cdef int exp
    cdef int i, k = 0, j
    cdef bint seen_nonzero = False
    cdef bint in_frac = False
    cdef char c
    cdef int e
    if isnan(x):
        memcpy(out, b"NaN", 3)
        return 3
    if isinf(x):
        if x > 0:
            memcpy(out, b"Infinity", 8)
            return 8
        memcpy(out, b"-Infinity", 9)
        return 9
    if x == 0.0:
        if signbit(x):
            memcpy(out, b"-0", 2)
            return 2
        out[0] = 48
        return 1
    r = PyOS_double_to_string(x, b'r', 0, 0, NULL)
    try:
        i = 0
        if r[0] == 45:
            out[k] = 45
            k += 1
            i = 1
        # mantissa: digits with an optional '.', then an optional exponent
        while r[i] != 0 and r[i] != 101 and r[i] != 69:
            c = r[i]
            if c == 46:
                in_frac = True
            else:
                if not in_frac:
                    nwhole += 1
                if c != 48 or seen_nonzero:
                    seen_nonzero = True
                    if nd < 31:
                        digits[nd] = c
                        nd += 1
                else:
                    lead += 1
            i += 1
        if r[i] != 0:
            i += 1
            if r[i] == 45:
                exp_sign = -1
                i += 1
            elif r[i] == 43:
                i += 1
            while r[i] != 0:
                exp10 = exp10 * 10 + (r[i] - 48)
                i += 1
    finally:
        PyMem_Free(r)
    exp = exp_sign * exp10 + nwhole - 1 - lead
    while nd > 1 and digits[nd - 1] == 48:
        nd -= 1
    if -4 <= exp < 15:
        if exp >= 0:
            if nd <= exp + 1:
                memcpy(out + k, digits, nd)
                k += nd
                for j in range(exp + 1 - nd):
                    out[k] = 48
                    k += 1
                return k
            memcpy(out + k, digits, exp + 1)
            k += exp + 1
            out[k] = 46
            k += 1
            memcpy(out + k, digits + exp + 1, nd - exp - 1)
            return k + nd - exp - 1
        out[k] = 48
        out[k + 1] = 46
        k += 2
        for j in range(-exp - 1):
            out[k] = 48
            k += 1
        memcpy(out + k, digits, nd)
        return k + nd
    out[k] = digits[0]
    k += 1
    if nd > 1:
        out[k] = 46
        k += 1
        memcpy(out + k, digits + 1, nd - 1)
        k += nd - 1
    out[k] = 69  # 'E'
    k += 1
    out[k] = 43 if exp >= 0 else 45
    k += 1
    e = exp if exp >= 0 else -exp
    if e >= 100:
        out[k] = <char>(48 + e // 100)
        k += 1
    out[k] = <char>(48 + (e // 10) % 10)
    out[k + 1] = <char>(48 + e % 10)
    return k + 2


def _format_float(x):
    """``_writer.format_float`` as compiled here (exposed for the differential tests)."""
    cdef char buf[48]
    cdef int n = format_double(x, buf)
    return buf[:n].decode("ascii")


# ---- typed values: what the writer knows of a class, computed once per class ----

cdef enum:
    WK_OTHER = 0      # the reference's _writable decides, value by value
    WK_FIELDS = 1     # a dataclass: its fields, in _fields order
    WK_ENUM = 2       # an Enum member: the reference's text, remembered per member

cdef enum:
    W_CLASS_CACHE_MAX = 4096   # classes remembered (as the reference's _field_cache)
    W_MEMBER_CACHE_MAX = 1024  # member texts remembered per enum class
    W_MEMBER_SLOTS = 16        # the first members met, found by address


@cython.auto_pickle(False)
@cython.final
cdef class _WClass:
    """How the writer writes instances of one class (``kind``: a WK_* value)."""
    cdef int kind
    cdef object cls
    # WK_FIELDS, for ``rename=None``: the reference's ``_fields(cls, None)``
    # split into attribute names and ``key:`` texts.
    cdef tuple attrs
    cdef tuple keys
    # The same key texts as ASCII bytes when every one is ASCII (else None):
    # copied into the buffer with memcpy, without looking at the str.
    cdef tuple keys_ascii
    cdef Py_ssize_t n
    # The items of ``attrs`` and the chars and lengths of ``keys_ascii`` as C
    # arrays (borrowed: the tuples hold them), for the writer's field loop;
    # kchars is NULL when keys_ascii is None.
    cdef PyObject** names
    cdef const char** kchars
    cdef Py_ssize_t* klens
    # True when reading an attribute from the instance ``__dict__`` is what
    # getattr does (see _w_fields): then values are read from the dict, and
    # only a name missing there goes to getattr.
    cdef bint via_dict
    # An instance dict's key order, learnt from the first instance whose dict
    # holds exactly the fields: ``dpos[j]`` is the position in that dict of
    # field ``attrs[j]``.  Fields of an instance whose dict has that size are
    # read at those positions (see _w_ordered).
    cdef Py_ssize_t* dpos
    cdef bint order_tried
    # WK_ENUM: the first members met and their texts, found by address (strong
    # references, so an address is never reused while cached), then
    # id(member) -> (member, text) for the rest.
    cdef PyObject* mkeys[W_MEMBER_SLOTS]
    cdef PyObject* mtexts[W_MEMBER_SLOTS]
    cdef int nm
    cdef dict members

    def __dealloc__(self):
        cdef int i
        for i in range(self.nm):
            Py_XDECREF(self.mkeys[i])
            Py_XDECREF(self.mtexts[i])
        PyMem_Free(self.dpos)
        PyMem_Free(self.names)
        PyMem_Free(self.kchars)
        PyMem_Free(self.klens)


cdef dict _w_classes = {}


cdef _WClass _w_fields(object cls, object rename):
    """The attribute names and key texts of a dataclass, from the reference's ``_fields``."""
    cdef _WClass w = _WClass.__new__(_WClass)
    pairs = _fields_of(cls, rename)
    w.kind = WK_FIELDS
    w.cls = cls
    w.attrs = tuple([a for a, _ in pairs])
    w.keys = tuple([k for _, k in pairs])
    w.n = len(pairs)
    w.keys_ascii = None
    if all(type(k) is str and k.isascii() for k in w.keys):
        w.keys_ascii = tuple([k.encode("ascii") for k in w.keys])
    _w_arrays(w)
    # getattr(obj, name) finds obj.__dict__[name] first when the class has
    # the generic attribute lookup (no __getattribute__ or __getattr__ of its
    # own), instances have a __dict__, and no class in the MRO holds a data
    # descriptor (a property, a slot...) under that name.
    w.via_dict = (
        getattr(cls, "__getattribute__", None) is object.__getattribute__
        and not hasattr(cls, "__getattr__")
        and getattr(cls, "__dictoffset__", 0) != 0
        and not any(_w_data_descriptor(cls, a) for a in w.attrs)
    )
    return w


cdef int _w_arrays(_WClass w) except -1:
    """Fills ``w.names``, ``w.kchars`` and ``w.klens`` from its tuples."""
    cdef Py_ssize_t j
    cdef Py_ssize_t size = w.n if w.n else 1
    w.names = <PyObject**>PyMem_Malloc(sizeof(PyObject*) * size)
    if w.names is NULL:
        raise MemoryError()
    for j in range(w.n):
        w.names[j] = PyTuple_GET_ITEM(w.attrs, j)
    if w.keys_ascii is not None:
        w.kchars = <const char**>PyMem_Malloc(sizeof(char*) * size)
        w.klens = <Py_ssize_t*>PyMem_Malloc(sizeof(Py_ssize_t) * size)
        if w.kchars is NULL or w.klens is NULL:
            raise MemoryError()
        for j in range(w.n):
            w.kchars[j] = PyBytes_AS_STRING(<object>PyTuple_GET_ITEM(w.keys_ascii, j))
            w.klens[j] = PyBytes_GET_SIZE(<object>PyTuple_GET_ITEM(w.keys_ascii, j))
    return 0


cdef int _w_learn_order(_WClass w, dict d) except -1:
    """Learns ``w.dpos`` from ``d``, if its keys are exactly the fields' names."""
    cdef Py_ssize_t pos = 0
    cdef Py_ssize_t k
    cdef PyObject* pk
    cdef PyObject* pv
    index = {a: j for j, a in enumerate(w.attrs)}
    where = {}
    while PyDict_Next(d, &pos, &pk, &pv):
        j = index.get(<object>pk)
        if j is None or w.attrs[j] is not <object>pk or j in where:
            return 0
        where[j] = pos - 1  # PyDict_Next moved past the entry it gave
    if len(where) != w.n:
        return 0
    w.dpos = <Py_ssize_t*>PyMem_Malloc(sizeof(Py_ssize_t) * (w.n if w.n else 1))
    if w.dpos is NULL:
        raise MemoryError()
    for k in range(w.n):
        w.dpos[k] = where[k]
    return 0


cdef bint _w_ordered(_WClass w, dict d) except -1:
    """Whether the fields of an instance whose dict is ``d`` may be read at the
    learnt positions (``w.dpos``): its dict has as many entries as there are
    fields.  Each read still checks that the key found there is the field's
    own name object (else that field is looked up by name), so what is read is
    what ``d[name]`` holds at that moment, whatever happened to ``d``.
    """
    if w.dpos is NULL:
        if w.order_tried:
            return False
        w.order_tried = True
        _w_learn_order(w, d)
        if w.dpos is NULL:
            return False
    return PyDict_GET_SIZE(d) == w.n


cdef bint _w_data_descriptor(object cls, object name):
    """Whether ``cls`` (or a base) holds a data descriptor under ``name``."""
    for klass in cls.__mro__:
        attr = klass.__dict__.get(name, _w_missing)
        if attr is not _w_missing:
            t = type(attr)
            return hasattr(t, "__set__") or hasattr(t, "__delete__")
    return False


cdef object _w_missing = object()


# A direct-mapped cache in front of _w_classes, by the address of the class:
# slots hold borrowed references to _WClass objects that _w_classes owns (and
# never drops), and a _WClass holds its class, so an address is never reused.
cdef enum:
    W_SLOT_BITS = 5
cdef PyObject* _w_slot_type[1 << W_SLOT_BITS]
cdef PyObject* _w_slot_class[1 << W_SLOT_BITS]


cdef inline _WClass _w_class(object t):
    cdef size_t slot = (<size_t><void*>t >> 4) & ((1 << W_SLOT_BITS) - 1)
    if _w_slot_type[slot] == <PyObject*>t:
        return <_WClass>_w_slot_class[slot]
    return _w_class_slow(t, slot)


cdef _WClass _w_class_slow(object t, size_t slot):
    """What the writer does with instances of ``t``: as the reference's ``_writable``
    asks, a dataclass first, then an enum, else the reference itself."""
    cdef _WClass w
    found = _w_classes.get(t)
    if found is not None:
        _w_slot_type[slot] = <PyObject*>t
        _w_slot_class[slot] = <PyObject*>found
        return <_WClass>found
    if hasattr(t, "__dataclass_fields__") and not issubclass(t, type):
        w = _w_fields(t, None)
    else:
        w = _WClass.__new__(_WClass)
        w.cls = t
        w.kind = WK_ENUM if issubclass(t, _Enum) else WK_OTHER
        if w.kind == WK_ENUM:
            w.members = {}
    if len(_w_classes) < W_CLASS_CACHE_MAX:
        _w_classes[t] = w
        _w_slot_type[slot] = <PyObject*>t
        _w_slot_class[slot] = <PyObject*>w
    return w


cdef object _w_member_text(_WClass w, object member, object rename):
    """The text the reference writes for an enum member (as a value), remembered."""
    cdef int i
    for i in range(w.nm):
        if w.mkeys[i] == <PyObject*>member:
            return <object>w.mtexts[i]
    found = w.members.get(id(member))
    if found is not None and (<tuple>found)[0] is member:
        return (<tuple>found)[1]
    text, opened = _writable(member, rename, False)
    if opened is not None:
        return None
    if w.nm < W_MEMBER_SLOTS:
        Py_INCREF(member)
        Py_INCREF(text)
        w.mkeys[w.nm] = <PyObject*>member
        w.mtexts[w.nm] = <PyObject*>text
        w.nm += 1
    elif len(w.members) < W_MEMBER_CACHE_MAX:
        w.members[id(member)] = (member, text)
    return text


cdef enum:
    F_DICT = 0      # an exact dict, read with PyDict_Next
    F_LIST = 1      # an exact list, by index
    F_TUPLE = 2     # an exact tuple, by index
    F_ITER_MAP = 3  # an iterator of (key, value) from _writable
    F_ITER_LIST = 4  # an iterator of items from _writable
    F_ITER_FIELDS = 5  # an iterator of (key text, value) from _writable (dataclasses)
    F_OBJECT = 6    # a dataclass instance, field by field (``aux``: its _WClass)


cdef struct EFrame:
    PyObject* obj      # the container or its iterator (a strong reference)
    PyObject* aux      # F_OBJECT: the _WClass of its fields (a strong reference)
    PyObject* attrs    # F_OBJECT with via_dict: the instance __dict__ (strong)
    void* ident        # id() of the container, for the circular-reference check
    Py_ssize_t index   # PyDict_Next position or list/tuple index
    Py_ssize_t size    # F_DICT: the dict's size when opened
    Py_ssize_t left    # F_DICT: the entries a dict iterator would still expect;
                       # F_OBJECT: 1 while fields are read at the learnt positions
    Py_ssize_t ends    # how many objects handed to default= end with this container
    int kind
    char closer


cdef enum:
    LINEAR_IDS = 48   # the first frames' ids are checked by a scan, deeper ones in a set


cdef class _Stack:
    """The frames of the containers being written; owns their references."""
    cdef EFrame* frames
    cdef Py_ssize_t n
    cdef Py_ssize_t cap
    cdef set deep_ids

    def __dealloc__(self):
        while self.n > 0:
            self.n -= 1
            Py_XDECREF(self.frames[self.n].obj)
            Py_XDECREF(self.frames[self.n].aux)
            Py_XDECREF(self.frames[self.n].attrs)
        PyMem_Free(self.frames)

    cdef bint active(self, void* ident) except -1:
        cdef Py_ssize_t i
        cdef Py_ssize_t m = self.n if self.n < LINEAR_IDS else LINEAR_IDS
        for i in range(m):
            if self.frames[i].ident == ident:
                return True
        if self.n > LINEAR_IDS:
            return PyLong_FromVoidPtr(ident) in self.deep_ids
        return False

    cdef int push(self, object obj, void* ident, int kind, char closer, Py_ssize_t size) except -1:
        cdef EFrame* grown
        if self.n == self.cap:
            self.cap = 16 if self.cap == 0 else self.cap * 2
            grown = <EFrame*>PyMem_Realloc(self.frames, self.cap * sizeof(EFrame))
            if grown == NULL:
                raise MemoryError()
            self.frames = grown
        if self.n >= LINEAR_IDS:
            if self.deep_ids is None:
                self.deep_ids = set()
            self.deep_ids.add(PyLong_FromVoidPtr(ident))
        Py_INCREF(obj)
        self.frames[self.n].obj = <PyObject*>obj
        self.frames[self.n].aux = NULL
        self.frames[self.n].attrs = NULL
        self.frames[self.n].ident = ident
        self.frames[self.n].index = 0
        self.frames[self.n].size = size
        self.frames[self.n].left = size
        self.frames[self.n].ends = 0
        self.frames[self.n].kind = kind
        self.frames[self.n].closer = closer
        self.n += 1
        return 0

    cdef int pop(self) except -1:
        self.n -= 1
        if self.n >= LINEAR_IDS:
            self.deep_ids.discard(PyLong_FromVoidPtr(self.frames[self.n].ident))
        Py_DECREF(<object>self.frames[self.n].obj)
        self.frames[self.n].obj = NULL
        Py_XDECREF(self.frames[self.n].aux)
        self.frames[self.n].aux = NULL
        Py_XDECREF(self.frames[self.n].attrs)
        self.frames[self.n].attrs = NULL
        return 0


cdef int _close(WBuf* b, _Stack stack) except -1:
    """Ends the top container: its trailing separator becomes the closing bracket."""
    cdef char closer = stack.frames[stack.n - 1].closer
    if b.n > 0 and PyUnicode_READ(b.kind, b.data, b.n - 1) == CH_COMMA:
        PyUnicode_WRITE(b.kind, b.data, b.n - 1, <uint8_t>closer)
    else:
        _wb_char(b, <uint8_t>closer)
    stack.pop()
    if stack.n > 0:
        _wb_char(b, CH_COMMA)
    return 0


cdef int _write_key(WBuf* b, object k, object rename) except -1:
    """Writes ``_writer._key(k, rename) + ":"``."""
    if type(k) is str:
        _wb_quoted(b, k)
    else:
        _wb_str(b, _key_text(k, rename))
    return _wb_char(b, CH_COLON)


cdef int _release(list converted, set ids, Py_ssize_t n) except -1:
    """``_writer._release``: unmarks the last ``n`` objects handed to ``default``."""
    cdef Py_ssize_t i
    for i in range(n):
        ids.discard(id(converted.pop()))
    return 0


cdef inline bint _w_simple(WBuf* b, PyObject* pv) except -1:
    """Writes ``pv`` if it is a str, a 64-bit int, a bool, a float or None (which
    writes nothing), exactly as the main loop of ``encode`` writes them, and
    says whether it did; any other value is left to the main loop.

    For the loops over a container's items, which then write plain values
    without going through the main loop.  Runs no Python code, so a borrowed
    ``pv`` stays valid throughout.
    """
    cdef PyObject* t = _w_type_of(pv)
    cdef int overflow = 0
    cdef long long v
    cdef int n
    cdef char fbuf[48]
    if t == <PyObject*>str:
        _wb_quoted(b, <object>pv)
        return True
    if t == <PyObject*>int:
        v = PyLong_AsLongLongAndOverflow(<object>pv, &overflow)
        if overflow:
            return False  # _format_int is Python code: the main loop holds a reference
        _wb_ll(b, v)
        return True
    if t == <PyObject*>bool:
        if (<object>pv) is True:
            _wb_ascii(b, "True", 4)
        else:
            _wb_ascii(b, "False", 5)
        return True
    if pv == <PyObject*>None:
        return True
    if t == <PyObject*>float:
        n = format_double(PyFloat_AS_DOUBLE(<object>pv), fbuf)
        _wb_ascii(b, fbuf, n)
        return True
    return False


cdef inline int _w_key(WBuf* b, PyObject* wp, Py_ssize_t i) except -1:
    """Writes the ``key:`` text of field ``i`` of the _WClass at ``wp``."""
    if (<_WClass>wp).kchars != NULL:
        return _wb_ascii(b, (<_WClass>wp).kchars[i], (<_WClass>wp).klens[i])
    return _wb_str(b, <object>PyTuple_GET_ITEM((<_WClass>wp).keys, i))


cdef inline bint _w_ascii_value(WBuf* b, PyObject* pv) noexcept:
    """Writes the str at ``pv`` and its comma when it is compact ASCII with no
    char that makes ServiceStack quote, into a 1-byte buffer with room; says
    whether it did.  The common value of a typed write, without the general
    path of _wb_quoted (an ASCII str never widens the buffer)."""
    cdef Py_ssize_t n
    cdef const char* data
    if b.kind != 1 or not PyUnicode_IS_COMPACT_ASCII(pv):
        return False
    n = PyUnicode_GET_LENGTH(<object>pv)
    if n == 0 or b.n + n + 1 > b.cap:
        return False
    data = <const char*>PyUnicode_DATA(<object>pv)
    if jsv_first_escape1(<const uint8_t*>data, n) != n:
        return False
    jsv_copy(b.data + b.n, data, n)
    b.data[b.n + n] = 44
    b.n += n + 1
    return True


cdef inline PyObject* _w_member_known(PyObject* member) noexcept:
    """The text already remembered for an enum member (borrowed), or NULL."""
    cdef size_t slot
    cdef PyObject* t = _w_type_of(member)
    cdef _WClass w
    cdef int i
    slot = (<size_t>t >> 4) & ((1 << W_SLOT_BITS) - 1)
    if _w_slot_type[slot] != t:
        return NULL
    w = <_WClass>_w_slot_class[slot]
    if w.kind != WK_ENUM:
        return NULL
    for i in range(w.nm):
        if w.mkeys[i] == member:
            return w.mtexts[i]
    return NULL


def encode(obj, default=None, rename=None):
    """Writes ``obj`` as compact JSV text; the compiled twin of :func:`jsv._writer.encode`
    (same text, same errors).
    """
    cdef WBuf b
    cdef _Stack stack = _Stack()
    cdef object value = obj
    cdef object t, text, opened, k, v, item, result
    # As in _writer.encode: the objects handed to default= whose replacement is
    # still being written, their ids, and how many of the last led to `value`.
    cdef list converted = None
    cdef set converted_ids = None
    cdef Py_ssize_t pending = 0
    cdef Py_ssize_t ends
    cdef Py_ssize_t pos
    cdef PyObject* wcp
    cdef PyObject* pk
    cdef PyObject* pv
    cdef PyObject* nxt
    cdef EFrame* f
    cdef char fbuf[48]
    cdef int n, kind
    cdef bint wrote
    cdef bint found
    cdef _WClass wc
    cdef bytes kb
    b.data = NULL
    b.n = 0
    b.cap = 0
    b.kind = 1
    b.maxc = 127
    try:
        _wb_take_spare(&b)
        _wb_reserve(&b, 1024)
        while True:
            # ---- write `value`: a scalar, or open a container ----
            t = type(value)
            wrote = True
            if t is str:
                _wb_quoted(&b, value)
            elif t is int:
                _wb_int(&b, value)
            elif t is bool:
                if value is True:
                    _wb_ascii(&b, "True", 4)
                else:
                    _wb_ascii(&b, "False", 5)
            elif value is None:
                pass
            elif t is dict:
                wrote = False
                if stack.active(<void*>value):
                    raise ValueError("Circular reference detected")
                _wb_char(&b, CH_LBRACE)
                stack.push(value, <void*>value, F_DICT, CH_RBRACE, PyDict_GET_SIZE(value))
            elif t is list:
                wrote = False
                if stack.active(<void*>value):
                    raise ValueError("Circular reference detected")
                _wb_char(&b, CH_LBRACKET)
                stack.push(value, <void*>value, F_LIST, CH_RBRACKET, 0)
            elif t is float:
                n = format_double(PyFloat_AS_DOUBLE(value), fbuf)
                _wb_ascii(&b, fbuf, n)
            elif t is tuple:
                wrote = False
                if stack.active(<void*>value):
                    raise ValueError("Circular reference detected")
                _wb_char(&b, CH_LBRACKET)
                stack.push(value, <void*>value, F_TUPLE, CH_RBRACKET, 0)
            elif t is _Decimal:
                _wb_str(&b, _format_decimal(value))
            elif t is _Raw:
                _wb_str(&b, value)
            else:
                wc = _w_class(t)
                if wc.kind == WK_FIELDS:
                    wrote = False
                    if stack.active(<void*>value):
                        raise ValueError("Circular reference detected")
                    if rename is not None:
                        wc = _w_fields(t, rename)
                    _wb_char(&b, CH_LBRACE)
                    stack.push(value, <void*>value, F_OBJECT, CH_RBRACE, 0)
                    Py_INCREF(wc)
                    stack.frames[stack.n - 1].aux = <PyObject*>wc
                    if wc.via_dict:
                        v = PyObject_GenericGetDict(value, NULL)
                        if type(v) is dict:
                            Py_INCREF(v)
                            stack.frames[stack.n - 1].attrs = <PyObject*>v
                            if rename is None and _w_ordered(wc, <dict>v):
                                stack.frames[stack.n - 1].left = 1
                elif wc.kind == WK_ENUM and (text := _w_member_text(wc, value, rename)) is not None:
                    _wb_str(&b, text)
                else:
                    try:
                        text, opened = _writable(value, rename, False)
                    except _Unsupported:
                        if default is None:
                            raise TypeError(
                                f"Object of type {t.__name__} is not JSV serializable"
                            ) from None
                        if converted is None:
                            converted = []
                            converted_ids = set()
                        elif id(value) in converted_ids:
                            raise ValueError("Circular reference detected") from None
                        if len(converted) >= MAX_DEFAULT_NESTING:
                            raise ValueError(_too_many_defaults) from None
                        converted.append(value)
                        converted_ids.add(id(value))
                        pending += 1
                        value = default(value)
                        continue
                    if opened is not None:
                        wrote = False
                        if stack.active(<void*>value):
                            raise ValueError("Circular reference detected")
                        kind = opened[1]
                        if opened[2] == "}":
                            _wb_char(&b, CH_LBRACE)
                        else:
                            _wb_char(&b, CH_LBRACKET)
                        stack.push(
                            opened[0],
                            <void*>value,
                            F_ITER_MAP if kind == _MAP_KIND
                            else F_ITER_FIELDS if kind == _FIELDS_KIND
                            else F_ITER_LIST,
                            CH_RBRACE if opened[2] == "}" else CH_RBRACKET,
                            0,
                        )
                    else:
                        _wb_str(&b, text)
            if pending:
                if not wrote:  # a container opened: they end with it
                    stack.frames[stack.n - 1].ends = pending
                else:
                    _release(converted, converted_ids, pending)
                pending = 0
            if wrote:
                if stack.n == 0:
                    break
                _wb_char(&b, CH_COMMA)

            # ---- find the next value, closing finished containers ----
            found = False
            while stack.n > 0:
                f = &stack.frames[stack.n - 1]
                if f.kind == F_DICT:
                    while True:
                        if PyDict_GET_SIZE(<object>f.obj) != f.size:
                            f.size = -1
                            raise RuntimeError("dictionary changed size during iteration")
                        if not PyDict_Next(<object>f.obj, &f.index, &pk, &pv):
                            break
                        if f.left == 0:  # as dict iterators do: more entries than expected
                            f.size = -1
                            raise RuntimeError("dictionary keys changed during iteration")
                        f.left -= 1
                        if pv != <PyObject*>None:
                            # The key is written here, and a plain value
                            # after it; any other value goes to the main loop.
                            if _w_type_of(pk) == <PyObject*>str:
                                _wb_quoted(&b, <object>pk)
                                _wb_char(&b, CH_COLON)
                                if _w_simple(&b, pv):
                                    _wb_comma(&b)
                                    continue
                                value = <object>pv
                            else:
                                # Held before _key_text runs Python code.
                                k = <object>pk
                                value = <object>pv
                                _write_key(&b, k, rename)
                            found = True
                            break
                elif f.kind == F_OBJECT:
                    # As the reference's ``(kt, getattr(value, a)) for a, kt in
                    # fields``, skipping None: one attribute read per field.
                    # ``attrs``: the instance dict, whose fields are read at
                    # the learnt positions while ``left`` (see _w_ordered).
                    # The class record is read through a borrowed pointer
                    # (the frame holds it) and plain values are written here.
                    wcp = f.aux
                    while f.index < (<_WClass>wcp).n:
                        pv = NULL
                        if f.left:
                            pos = (<_WClass>wcp).dpos[f.index]
                            if not (PyDict_Next_borrowed(f.attrs, &pos, &pk, &pv)
                                    and pk == (<_WClass>wcp).names[f.index]):
                                pv = NULL
                                f.left = 0  # not where it was learnt: look names up
                        if pv == NULL and f.attrs != NULL:
                            pv = _w_dict_get(
                                <object>f.attrs,
                                <object>PyTuple_GET_ITEM((<_WClass>wcp).attrs, f.index),
                            )
                        if pv == NULL:
                            v = getattr(
                                <object>f.obj,
                                <object>PyTuple_GET_ITEM((<_WClass>wcp).attrs, f.index),
                            )
                            pv = <PyObject*>v  # v holds it
                        if pv == <PyObject*>None:
                            f.index += 1
                            continue
                        _w_key(&b, wcp, f.index)
                        f.index += 1
                        if rename is None:
                            # A plain value or an enum member already met.
                            if _w_type_of(pv) == <PyObject*>str:
                                if not _w_ascii_value(&b, pv):
                                    _wb_quoted(&b, <object>pv)
                                    _wb_comma(&b)
                                continue
                            if _w_simple(&b, pv):
                                _wb_comma(&b)
                                continue
                            nxt = _w_member_known(pv)
                            if nxt != NULL:
                                _wb_str(&b, <object>nxt)
                                _wb_comma(&b)
                                continue
                        value = <object>pv
                        found = True
                        break
                elif f.kind == F_LIST:
                    while f.index < PyList_GET_SIZE(<object>f.obj):
                        pv = PyList_GET_ITEM(<object>f.obj, f.index)
                        f.index += 1
                        if _w_simple(&b, pv):
                            _wb_comma(&b)
                            continue
                        value = <object>pv
                        found = True
                        break
                elif f.kind == F_TUPLE:
                    if f.index < PyTuple_GET_SIZE(<object>f.obj):
                        value = <object>PyTuple_GET_ITEM(<object>f.obj, f.index)
                        f.index += 1
                        found = True
                elif f.kind == F_ITER_LIST:
                    nxt = PyIter_Next(<object>f.obj)
                    if nxt != NULL:
                        value = <object>nxt
                        Py_DECREF(value)
                        found = True
                else:
                    while True:
                        nxt = PyIter_Next(<object>stack.frames[stack.n - 1].obj)
                        if nxt == NULL:
                            break
                        item = <object>nxt
                        Py_DECREF(item)
                        if type(item) is tuple and PyTuple_GET_SIZE(item) == 2:
                            k = <object>PyTuple_GET_ITEM(item, 0)
                            v = <object>PyTuple_GET_ITEM(item, 1)
                        else:
                            k, v = _unpack2(item)
                        if v is not None:
                            value = v
                            if stack.frames[stack.n - 1].kind == F_ITER_MAP:
                                _write_key(&b, k, rename)
                            else:
                                _wb_str(&b, k)
                            found = True
                            break
                if found:
                    break
                ends = stack.frames[stack.n - 1].ends
                _close(&b, stack)
                if ends:
                    _release(converted, converted_ids, ends)
            if not found:
                break
        result = PyUnicode_New(b.n, b.maxc)
        if b.n:
            memcpy(PyUnicode_DATA(result), b.data, b.n * b.kind)
        if b.n and b.kind != 1 and PyUnicode_READ(b.kind, b.data, 0) == 0xFEFF:
            # See _writer.encode: a bare top-level string starting with U+FEFF.
            return '"' + result + '"'
        return result
    finally:
        _wb_give_back(&b)


# ---- typed decoding: the compiled twin of jsv._typed.run ----
include "_speedups_typed.pxi"


# =============================================================================
# run_many: the compiled twin of jsv._typed.run_many
# =============================================================================
#
# One loop over the documents with the plan's node looked up once.  Each
# document is decoded as ``decode`` decodes it (in one pass when it is plain
# JSV, see _speedups_decode.pxi; anything else -- a byte order mark, the
# bracket-less forms of a list or map type -- through ``read``, the public
# API's reader).  Errors are re-made with their row exactly as the reference
# does it.

cdef object _convert_node(_TyNode node, object value):
    """What ``run(plan, value)`` does, for a node already looked up."""
    try:
        _ty_enter_recursive()
        try:
            return _ty_exec(node, value)
        finally:
            _ty_leave_recursive()
    except _ty_Invalid as e:
        path = "$" + "".join(reversed(e.segments))
        raise _ty_ValidationError(e.msg, path) from e.cause
    except RecursionError:
        raise _ty_ValidationError("Value is nested too deeply to convert", "$") from None


# ---- typed decoding in one pass: the compiled twin of jsv._typed.decode ----
include "_speedups_decode.pxi"


def run_many(plan, docs, read, int form, lenient, max_depth, int policy):
    """``jsv._typed.run_many(plan, docs, read, form, lenient, max_depth, policy)``,
    compiled: ``(values, errors)`` with the same values, errors and rows.
    """
    cdef _TyNode node
    cdef bint c_lenient = lenient
    cdef Py_ssize_t limit = _depth_limit(max_depth)
    cdef Py_ssize_t row = 0
    cdef list values = []
    cdef list errors = []
    node = _ty_node(plan)
    for doc in docs:
        if doc is None:
            values.append(None)
            row += 1
            continue
        try:
            if not isinstance(doc, (str, bytes, bytearray, memoryview)):
                raise _ty_bad_cell(row, doc)
            values.append(_tp_decode(node, doc, read, form, c_lenient, limit))
        except _ty_JSVError as e:
            err = e.at_row(row)
            if policy == 0:
                raise err from e.__cause__
            errors.append(err)
            values.append(None)
        row += 1
    return values, errors


# ---- Arrow columns: the compiled twin of jsv._columns ----
include "_speedups_arrow.pxi"
