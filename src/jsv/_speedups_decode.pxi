# Typed decoding in one pass, compiled: ``decode(plan, doc, read, form, lenient, max_depth)``.
#
# Included by ``_speedups.pyx`` after the reader (``_quoted``, ``_plain``,
# ``_container``) and the typed runner (``_speedups_typed.pxi``: nodes,
# ``_ty_exec``); module-level names defined here start with ``_tp``.
#
# The reference is ``jsv._typed.decode``: read the document into dicts, lists
# and strings, then convert that tree with the plan.  Here the text is scanned
# once and the typed values are built as the scan goes, from the same nodes
# ``run`` executes: a dataclass's fields are filled as its entries are read,
# lists and str-keyed dicts are built item by item, and nothing of the
# untyped tree is made except the strings a leaf converts (each leaf gets the
# very str the reader would have given it, from the same reader functions, so
# its value is the reference's by construction).  A subtree this file has no
# one-pass code for (a union, a tuple, a TypedDict, a polymorphic class, a map
# given for a list...) is read by the reader's ``_container`` and converted by
# ``_ty_exec``: the two passes, for that subtree only.
#
# Same values, errors and paths as the reference, by this argument:
#
# * Syntax.  Every check of ``_container`` is made here at the same point
#   (key, colon, value, what follows a value, nesting depth against
#   ``max_depth``), with the same reader functions for strings and keys.
# * Order.  Without a repeated key, the reference converts the entries of a
#   map in the order of the text, depth first: the order of this scan.  So the
#   same converters run on the same strings in the same order, and the first
#   error met is the reference's first error.
# * Anything else is redone.  On any exception (a malformed document, a value
#   that does not fit, a recursion limit, an error of user code) and on a
#   repeated key -- where the reference's dict keeps one entry, at the first
#   key's place with the last value -- the one-pass result is dropped and the
#   document is read again by the reference's two steps (``read`` then
#   ``_ty_exec``), whose value or error is the answer.  The redo is what makes
#   errors exact without duplicating the reference's error texts here; the one
#   cost is that, for a document that fails or repeats a key, user code run
#   before the failure (``__post_init__``, default factories, enum
#   ``_missing_``) runs again in the redo.  A document that decodes runs each
#   of them exactly once, in the reference's order.
#
# Depth: each container counts the same units of the recursion budget as
# ``_ty_exec`` (two per dataclass, one per list, dict and Optional), and the
# ``max_depth`` limit of the reader is checked at every container opened, so
# neither limit can be passed here where the reference stops.
#
# Memory safety: as in the reader, every read of the text is at a position
# checked against ``end`` just before; the per-object ``given`` flags are
# indexed by field positions fixed when the node was built (``n_all``).

from libc.string cimport memset
from cpython.unicode cimport PyUnicode_DecodeUTF8

cdef extern from "Python.h":
    Py_UCS4 _tp_read_char "PyUnicode_READ_CHAR"(object s, Py_ssize_t i)

if _TY_RUNNER.forms != (1, 2, 3):
    raise ImportError("jsv._speedups does not match jsv._typed's document forms; rebuild it")

cdef enum:
    TP_FORM_PLAIN = 1   # jsv._typed.FORM_PLAIN: the document is JSV
    TP_FORM_LIST = 2    # FORM_LIST: a list's text, brackets optional
    TP_FORM_MAP = 3     # FORM_MAP: a map's text, braces optional
    TP_GIVEN_SMALL = 64  # fields flagged on the C stack; larger classes allocate


class _TpRedo(Exception):
    """The one-pass read stops here: the document is read again in two passes."""


cdef object _tp_subtree(const uchar_t* s, object doc, Py_ssize_t* ppos, Py_ssize_t end,
                        Py_ssize_t level, Py_ssize_t maxd):
    """The map or list at ``ppos[0]``, read by the reader's ``_container``.

    For what the one pass has no code for; ``level`` containers enclose it,
    and the reader refuses it (and so the one pass redoes) past ``maxd``.
    """
    if level >= maxd:
        raise _TpRedo()
    return _container(s, doc, ppos, end, False, False, False, maxd - level, maxd)


cdef object _tp_value(_TyNode n, const uchar_t* s, object doc, Py_ssize_t* ppos, Py_ssize_t end,
                      unsigned char stop, Py_ssize_t level, Py_ssize_t maxd):
    """``_ty_exec(n, <the value the reader reads at ppos[0]>)``, in one pass.

    ``ppos[0]`` is at the value's first char (not at an empty value); it is
    moved past the value.  ``stop`` ends a plain value (K_MAPSTOP or
    K_LISTSTOP); ``level`` is the number of containers around the value.
    """
    cdef uchar_t c = s[ppos[0]]
    cdef int kind
    if c == CH_LBRACE or c == CH_LBRACKET:
        kind = n.kind
        if kind == TY_OPTIONAL:
            _ty_enter_recursive()
            try:
                return _tp_value(n.inner, s, doc, ppos, end, stop, level, maxd)
            finally:
                _ty_leave_recursive()
        if level >= maxd:  # the reader refuses a container this deep
            raise _TpRedo()
        if c == CH_LBRACE:
            if kind == TY_DATACLASS and (<_TyObject>n).poly is None:
                _ty_enter_recursive()
                try:
                    _ty_enter_recursive()
                    try:
                        return _tp_object(<_TyObject>n, s, doc, ppos, end, level + 1, maxd)
                    finally:
                        _ty_leave_recursive()
                finally:
                    _ty_leave_recursive()
            if kind == TY_DICT:
                _ty_enter_recursive()
                try:
                    return _tp_dict(n, s, doc, ppos, end, level + 1, maxd)
                finally:
                    _ty_leave_recursive()
        elif kind == TY_LIST and not n.flag:
            _ty_enter_recursive()
            try:
                return _tp_list(n, s, doc, ppos, end, level + 1, maxd)
            finally:
                _ty_leave_recursive()
        # No one-pass code for this pair: the subtree in two passes.
        return _ty_exec(n, _tp_subtree(s, doc, ppos, end, level, maxd))
    if c == CH_QUOTE:
        return _ty_exec(n, _quoted(s, doc, ppos, end, False))
    return _ty_exec(n, _plain(s, ppos, end, stop, False, False, False, False))


cdef int _tp_skip(const uchar_t* s, object doc, Py_ssize_t* ppos, Py_ssize_t end,
                  Py_ssize_t level, Py_ssize_t maxd) except -1:
    """Reads the (non-empty) map value at ``ppos[0]`` and drops it: a skipped key's."""
    cdef uchar_t c = s[ppos[0]]
    if c == CH_LBRACE or c == CH_LBRACKET:
        _tp_subtree(s, doc, ppos, end, level, maxd)
    elif c == CH_QUOTE:
        _quoted(s, doc, ppos, end, False)
    else:
        _plain(s, ppos, end, K_MAPSTOP, False, False, False, False)
    return 0


cdef object _tp_key(const uchar_t* s, object doc, Py_ssize_t* ppos, Py_ssize_t end,
                    Py_ssize_t level, Py_ssize_t maxd):
    """The key at ``ppos[0]`` and its colon, as the reader gives it; moves past both.

    Text, quoted or not; ``None`` for an empty key (``{:x}``); for a map or
    list used as a key, its source text (read, and checked, by ``_container``).
    """
    cdef uchar_t c
    cdef Py_ssize_t start = ppos[0]
    if start >= end:
        raise _TpRedo()
    c = s[start]
    if c == CH_QUOTE:
        key = _quoted(s, doc, ppos, end, True)
    elif c == CH_COLON:
        key = None
    elif c == CH_LBRACE or c == CH_LBRACKET:
        _tp_subtree(s, doc, ppos, end, level, maxd)
        key = PyUnicode_Substring(doc, start, ppos[0])
    elif c == CH_RBRACE or c == CH_COMMA:
        raise _TpRedo()
    else:
        key = _plain(s, ppos, end, K_KEYSTOP, False, False, False, True)
    if ppos[0] >= end or s[ppos[0]] != CH_COLON:
        raise _TpRedo()
    ppos[0] += 1
    if ppos[0] >= end:
        raise _TpRedo()
    return key


cdef inline bint _tp_next(const uchar_t* s, Py_ssize_t* ppos, Py_ssize_t end, uchar_t close) except -1:
    """After a value: True past a ``,`` (another entry follows), False past ``close``."""
    cdef uchar_t c
    if ppos[0] >= end:
        raise _TpRedo()
    c = s[ppos[0]]
    ppos[0] += 1
    if c == CH_COMMA:
        return True
    if c == close:
        return False
    raise _TpRedo()


cdef inline PyObject* _tp_seen(_TyObject o, Py_ssize_t idx, const uint8_t* s, Py_ssize_t pos,
                               Py_ssize_t end) noexcept:
    """The field (or None) of entry ``idx``'s key at ``pos`` if it is the text
    remembered for that entry, followed by its colon (see ``_key_here``); else NULL.
    """
    cdef TySeen* e
    if idx >= TY_SEEN_MAX:
        return NULL
    e = &o.seen[idx]
    if not _key_here(s, pos, end, e.text, e.n):
        return NULL
    return e.field


cdef inline void _tp_remember(_TyObject o, Py_ssize_t idx, const uint8_t* s, Py_ssize_t pos,
                              Py_ssize_t n, PyObject* field) noexcept:
    """Remembers the plain key ``s[pos:pos + n]`` of entry ``idx`` and its field."""
    cdef TySeen* e
    if idx >= TY_SEEN_MAX or n <= 0 or n > TY_SEEN_TEXT:
        return
    e = &o.seen[idx]
    e.n = n
    memcpy(e.text, s + pos, n)
    e.field = field


cdef object _tp_choice(_TyNode node, const uchar_t* s, Py_ssize_t* ppos, Py_ssize_t end):
    """``_ty_exec(node, <the plain map value at ppos[0]>)`` for an ENUM or BOOL node.

    With 1-byte text the member is found by the value's chars (``vtext``):
    no str is made for a text met before.  The table hit is what
    ``_ty_exec`` returns first, so only hits are remembered.
    """
    cdef Py_ssize_t start = ppos[0]
    cdef Py_ssize_t i, n
    cdef uint32_t orbits = 0
    cdef TyText* e
    if uchar_t is uint8_t:
        i = jsv_find1(s, start, end, CH_COMMA, CH_RBRACE, CH_RBRACE, &orbits)
        n = i - start
        ppos[0] = i
        e = NULL
        if n <= TY_VTEXT:
            e = &node.vtext[jsv_hash1(s + start, n) & ((1 << TY_VBITS) - 1)]
            if e.value is not NULL and e.n == n and jsv_same(e.text, s + start, n):
                return <object>e.value
        v = _value_str(s + start, n, orbits)
        found = _ty_dict_get(node.table, v)
        if found is NULL or <object>found is None:
            return _ty_exec(node, v)
        if e is not NULL:
            Py_INCREF(<object>found)
            Py_XDECREF(e.value)
            e.value = found
            e.n = n
            memcpy(e.text, s + start, n)
        return <object>found
    else:
        return _ty_exec(node, _plain(s, ppos, end, K_MAPSTOP, False, False, False, False))


cdef int _tp_entries(_TyObject o, const uchar_t* s, object doc, Py_ssize_t* ppos, Py_ssize_t end,
                     Py_ssize_t level, Py_ssize_t maxd, dict out, TyValues* into,
                     unsigned char* given) except -1:
    """``_ty_read`` of the map whose ``{`` is at ``ppos[0]``, read as it goes.

    Values go to ``out`` (name -> value) or ``into`` (an inline node), as
    ``_ty_read`` puts them; ``given`` flags the fields met, one byte each.
    """
    cdef PyObject* fp
    cdef _TyField fld
    cdef _TyNode node
    cdef size_t slot
    cdef uchar_t c
    cdef Py_ssize_t idx = 0
    cdef Py_ssize_t start
    cdef object key, v
    ppos[0] += 1
    if ppos[0] < end and s[ppos[0]] == CH_RBRACE:
        ppos[0] += 1
        return 0
    while True:
        start = ppos[0]
        fp = NULL
        if uchar_t is uint8_t:
            fp = _tp_seen(o, idx, s, start, end)
            if fp is not NULL:
                ppos[0] = start + o.seen[idx].n + 1
                if ppos[0] >= end:
                    raise _TpRedo()
        if fp is NULL:
            key = _tp_key(s, doc, ppos, end, level, maxd)
            if key is None:
                found = _ty_field_of(o, key)
                fp = <PyObject*>found  # owned by o.by_name (or None)
            else:
                slot = _ty_slot(<PyObject*>key, o.cbits)
                if o.ckeys[slot] == <PyObject*>key:
                    fp = o.cfields[slot]
                else:
                    fp = _ty_str_key(o, key, slot)
                if uchar_t is uint8_t:
                    c = s[start]
                    if c != CH_QUOTE and c != CH_LBRACE and c != CH_LBRACKET:
                        _tp_remember(o, idx, s, start, ppos[0] - 1 - start, fp)
        idx += 1
        c = s[ppos[0]]
        if fp == <PyObject*>None:
            if c != CH_COMMA and c != CH_RBRACE:
                _tp_skip(s, doc, ppos, end, level, maxd)
        else:
            fld = <_TyField>fp
            if given[fld.idx]:
                # A field met twice (a repeated key, or two spellings of its
                # name): the reader's dict would not hold them as read.
                raise _TpRedo()
            given[fld.idx] = 1
            if c == CH_COMMA or c == CH_RBRACE:  # an empty value: None
                if fld.none_mode == _ty_SET_NONE:
                    _ty_put(out, into, fld, <PyObject*>None)
                elif fld.none_mode == _ty_FAIL:
                    raise _TpRedo()
            elif c == CH_LBRACE or c == CH_LBRACKET:
                v = _tp_value(fld.node, s, doc, ppos, end, K_MAPSTOP, level, maxd)
                _ty_put(out, into, fld, <PyObject*>v)
            elif c == CH_QUOTE:
                v = _quoted(s, doc, ppos, end, False)
                if not fld.is_str:
                    v = _ty_exec(fld.node, v)
                _ty_put(out, into, fld, <PyObject*>v)
            elif fld.is_str:
                v = _plain(s, ppos, end, K_MAPSTOP, False, False, False, False)
                _ty_put(out, into, fld, <PyObject*>v)
            else:
                node = fld.node
                if node.kind == TY_ENUM or node.kind == TY_BOOL:
                    v = _tp_choice(node, s, ppos, end)
                else:
                    v = _ty_exec(node, _plain(s, ppos, end, K_MAPSTOP, False, False, False, False))
                _ty_put(out, into, fld, <PyObject*>v)
        if not _tp_next(s, ppos, end, CH_RBRACE):
            return 0


cdef object _tp_object(_TyObject o, const uchar_t* s, object doc, Py_ssize_t* ppos,
                       Py_ssize_t end, Py_ssize_t level, Py_ssize_t maxd):
    """``_ty_dataclass`` (no ``type_map``) of the map whose ``{`` is at ``ppos[0]``."""
    cdef TyValues b
    cdef unsigned char small[TP_GIVEN_SMALL]
    cdef unsigned char* given = small
    cdef dict d
    if o.inline:  # at most TY_INLINE_MAX (< TP_GIVEN_SMALL) fields
        memset(small, 0, o.n_all)
        _ty_values_start(o, &b)
        try:
            _tp_entries(o, s, doc, ppos, end, level, maxd, None, &b, given)
            return _ty_inline_build(o, &b)
        finally:
            _ty_values_end(o, &b)
    if o.n_all > TP_GIVEN_SMALL:
        given = <unsigned char*>PyMem_Malloc(o.n_all)
        if given is NULL:
            raise MemoryError()
    try:
        memset(given, 0, o.n_all)
        d = PyDict_Copy(o.template)
        _tp_entries(o, s, doc, ppos, end, level, maxd, d, NULL, given)
    finally:
        if given != small:
            PyMem_Free(given)
    return _ty_dataclass_build(o, d)


cdef object _tp_list(_TyNode n, const uchar_t* s, object doc, Py_ssize_t* ppos,
                     Py_ssize_t end, Py_ssize_t level, Py_ssize_t maxd):
    """``_ty_list`` of the list whose ``[`` is at ``ppos[0]``."""
    cdef list out = []
    cdef _TyNode item = n.inner
    cdef uchar_t c
    ppos[0] += 1
    if ppos[0] < end and s[ppos[0]] == CH_RBRACKET:
        ppos[0] += 1
    else:
        while True:
            if ppos[0] >= end:
                raise _TpRedo()
            c = s[ppos[0]]
            if c == CH_COMMA or c == CH_RBRACKET:  # an empty item: None
                out.append(_ty_exec(item, None))
                ppos[0] += 1
                if c == CH_COMMA:
                    continue
                break
            if item.kind == TY_STR and c != CH_LBRACE and c != CH_LBRACKET:
                if c == CH_QUOTE:
                    out.append(_quoted(s, doc, ppos, end, False))
                else:
                    out.append(_plain(s, ppos, end, K_LISTSTOP, False, False, False, False))
            else:
                out.append(_tp_value(item, s, doc, ppos, end, K_LISTSTOP, level, maxd))
            if not _tp_next(s, ppos, end, CH_RBRACKET):
                break
    if n.build is None:
        return out
    return n.build(out)  # a TypeError is redone: the reference words it


cdef object _tp_dict(_TyNode n, const uchar_t* s, object doc, Py_ssize_t* ppos,
                     Py_ssize_t end, Py_ssize_t level, Py_ssize_t maxd):
    """``_ty_dict`` of the map whose ``{`` is at ``ppos[0]``."""
    cdef dict out = {}
    cdef _TyNode value = n.inner
    cdef Py_ssize_t size
    cdef uchar_t c
    ppos[0] += 1
    if ppos[0] < end and s[ppos[0]] == CH_RBRACE:
        ppos[0] += 1
        return out
    while True:
        key = _tp_key(s, doc, ppos, end, level, maxd)
        if not n.flag or key is None:
            key = _ty_exec(n.key, key)
        c = s[ppos[0]]
        if c == CH_COMMA or c == CH_RBRACE:
            v = _ty_exec(value, None)
        elif value.kind == TY_STR and c != CH_LBRACE and c != CH_LBRACKET:
            if c == CH_QUOTE:
                v = _quoted(s, doc, ppos, end, False)
            else:
                v = _plain(s, ppos, end, K_MAPSTOP, False, False, False, False)
        else:
            v = _tp_value(value, s, doc, ppos, end, K_MAPSTOP, level, maxd)
        size = _ty_dict_size(out)
        out[key] = v
        if _ty_dict_size(out) == size:
            raise _TpRedo()  # a key met twice (before or after conversion)
        if not _tp_next(s, ppos, end, CH_RBRACE):
            return out


cdef object _tp_doc(_TyNode node, const uchar_t* s, object doc, Py_ssize_t n, Py_ssize_t maxd):
    """The typed value of the document ``s[:n]``, which starts with ``{`` or ``[``."""
    cdef Py_ssize_t pos = 0
    value = _tp_value(node, s, doc, &pos, n, K_MAPSTOP, 0, maxd)
    if pos < n:
        pos = _skip_ws(s, pos, n)  # blanks may follow, as the reader allows
        if pos < n:
            raise _TpRedo()
    return value


cdef object _tp_text(_TyNode node, str text, Py_ssize_t maxd):
    JSV_READY(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    if kind == 1:
        return _tp_doc(node, <const uint8_t*>data, text, n, maxd)
    if kind == 2:
        return _tp_doc(node, <const uint16_t*>data, text, n, maxd)
    return _tp_doc(node, <const uint32_t*>data, text, n, maxd)


cdef bint _tp_direct(int form, str text):
    """Whether ``text`` is plain JSV for a plan of document ``form`` that this
    file reads: a map or list, and for the bracket-optional forms, one that
    starts with its bracket (so ``read`` would parse it as it is)."""
    cdef Py_ssize_t n = len(text)
    cdef Py_UCS4 first
    if n == 0:
        return False
    first = _tp_read_char(text, 0)
    if form == TP_FORM_PLAIN:
        return first == CH_LBRACE or first == CH_LBRACKET
    if form == TP_FORM_LIST:
        return first == CH_LBRACKET and _tp_read_char(text, n - 1) == CH_RBRACKET
    if form == TP_FORM_MAP:
        return first == CH_LBRACE
    return False


cdef object _tp_decode(_TyNode node, object doc, object read, int form, bint lenient,
                       Py_ssize_t maxd):
    """``run(plan, read(doc))`` for the node of ``plan``: in one pass when ``doc``
    is str or UTF-8 bytes holding plain JSV, else (or on a redo) in two."""
    cdef object text = None
    if not lenient:
        if type(doc) is str:
            text = doc
        elif type(doc) is bytes:
            try:
                text = PyUnicode_DecodeUTF8(doc, len(<bytes>doc), NULL)
            except UnicodeDecodeError:
                text = None  # read() raises the reference's error
    if text is not None and _tp_direct(form, <str>text):
        try:
            _ty_enter_recursive()  # the frame of the reference's run
            try:
                return _tp_text(node, <str>text, maxd)
            finally:
                _ty_leave_recursive()
        except Exception:
            pass  # redone below, outside this handler: no chained context
    return _convert_node(node, read(doc))


def decode(plan, doc, read, int form, lenient, max_depth):
    """``jsv._typed.decode(plan, doc, read, form, lenient, max_depth)``, compiled:
    the document ``doc`` decoded into the type of ``plan``, read in one pass.

    Raises:
        JSVDecodeError, JSVValidationError: as the reference, with the same
            message, position and path.
    """
    return _tp_decode(_ty_node(plan), doc, read, form, lenient, _depth_limit(max_depth))
