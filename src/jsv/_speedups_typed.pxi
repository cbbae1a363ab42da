# Typed decoding, compiled: ``run(plan, obj)``.
#
# Included at the end of ``_speedups.pyx``; it also compiles on its own inside
# any .pyx (``include "_speedups_typed.pxi"``), so it declares everything it
# uses and every module-level name it defines starts with ``_ty`` (or ``Ty``).
#
# The reference is ``jsv._typed.run(plan, obj)``: the plans compiled by
# :mod:`jsv._typed` say what to do, and this file only executes the hot kinds
# of plans faster.  It sees a plan only through the declared interface of
# jsv._typed: ``plan_view(plan)``, a PlanView record (kind, name, reference
# ``convert``, tables, child plans; an ObjectView for a dataclass), and the
# ``RUNNER`` record of shared helpers.  For each plan it meets, ``run`` builds
# once a *node* from that view: a cdef object holding the plan's tables in
# C-accessible fields (kind, converter callables, child nodes, the key -> field
# table of a dataclass), kept in the plan's ``compiled`` slot, so it lives and
# dies with the plan.  Executing a node does no Python attribute lookups per value.
#
# Kinds with a compiled path: dataclasses (the DataclassPlan steps in the
# reference's order: defaults, key lookup, factories, required fields,
# ``object.__new__``, the attributes, ``__post_init__``), lists, dicts with
# str keys, Optional, str, bool, enums, scalars (their ``parse`` called
# directly; int text of up to 18 ASCII digits read here), Any.  Every other
# plan (KIND_DELEGATE: unions, literals, tuples, TypedDicts, NamedTuples, ``type_map``...)
# -- and every value of an unusual shape (a tuple for a list, a Mapping for a
# dict, a str subclass...) -- goes to the plan's own ``convert``, the
# reference code, which then handles that subtree.  A map or text given for a
# list (one item without brackets) and a text given for a dict (entries without
# braces, read by ``RUNNER.map_from_text``) stay on the compiled path.
#
# Per value the hot loop does no hashing: map keys and short enum/bool texts
# are found by the address of the str object (the reader shares one object
# between equal keys and short values) in small caches that hold strong
# references; misses go to the dict tables.
#
# Errors mirror the reference step by step rather than being recomputed: the
# same internal ``RUNNER.Invalid`` is raised where the reference raises it (often
# by the same Python helper, ``RUNNER.mismatch``), each container appends the same
# path segment as its Python counterpart, and ``run`` turns it into the same
# ``JSVValidationError`` as ``run``.  So no user code (``__post_init__``,
# default factories, enum hooks) ever runs twice, on success or on error.
#
# Nesting depth is counted one unit per Python frame the reference spends
# (``run``; two per dataclass, one per list, dict and Optional) against the
# thread's Python recursion budget -- the counter Python frames use -- so both
# engines give up ("Value is nested too deeply to convert") at the same depth
# on every CPython; Py_EnterRecursiveCall also guards the C stack.
#
# Memory safety: every array is indexed by a slot computed modulo its size or
# by a field index fixed at build time and bounded by TY_INLINE_MAX; input is
# only read through PyDict_Next, list iteration with a size check, and
# borrowed references that are taken strong before any Python code can run.

cimport cython
import weakref as _ty_weakref
from datetime import timezone as _ty_timezone
from decimal import Decimal as _ty_Decimal
from cpython.datetime cimport import_datetime, datetime_new, date_new
from cpython.object cimport PyObject
from cpython.dict cimport PyDict_Copy, PyDict_Next
from cpython.ref cimport Py_INCREF, Py_XINCREF, Py_XDECREF
from cpython.mem cimport PyMem_Malloc, PyMem_Free

cdef extern from *:
    """
    /* One level of conversion depth: a unit of the thread's Python
       recursion budget, as a Python frame of the reference takes one, and a
       unit of the C recursion guard.  Before 3.12 the two are one counter,
       which Py_EnterRecursiveCall maintains; from 3.12 Python frames count
       in py_recursion_remaining, which this maintains as CPython's own
       frame entry does. */
    static int jsv_ty_enter(void) {
    #if PY_VERSION_HEX >= 0x030C0000
        PyThreadState* ts = PyThreadState_Get();
        if (ts->py_recursion_remaining <= 0) {
            PyErr_SetString(PyExc_RecursionError,
                            "maximum recursion depth exceeded while converting");
            return -1;
        }
        if (Py_EnterRecursiveCall(" while converting"))
            return -1;
        ts->py_recursion_remaining--;
        return 0;
    #else
        return Py_EnterRecursiveCall(" while converting") ? -1 : 0;
    #endif
    }

    static void jsv_ty_leave(void) {
    #if PY_VERSION_HEX >= 0x030C0000
        PyThreadState_Get()->py_recursion_remaining++;
    #endif
        Py_LeaveRecursiveCall();
    }

    /* Before 3.13, object.__new__(cls) for a class whose __new__ is
       object.__new__, minus the inline attribute values: the class's
       tp_alloc, as object_new calls it once it has checked its arguments
       (none here) and that the class is not abstract (left to object_new,
       which raises the TypeError).  The caller installs the instance dict at
       once: an instance with neither values nor dict is a state CPython
       supports for any tp_alloc'ed object.  From 3.13 tp_alloc sets up the
       inline values itself and a dict installed by hand would sit behind
       them unseen, so there JSV_TY_INSTALL_DICT is 0 and this is not used. */
    #define JSV_TY_INSTALL_DICT (PY_VERSION_HEX < 0x030D0000)
    static PyObject* jsv_ty_alloc(PyObject* cls, PyObject* no_args) {
        PyTypeObject* tp = (PyTypeObject*)cls;
        if (PyType_HasFeature(tp, Py_TPFLAGS_IS_ABSTRACT))
            return PyBaseObject_Type.tp_new(tp, no_args, NULL);
        return tp->tp_alloc(tp, 0);
    }

    /* object.__new__(cls), exactly: object_new's checks, then tp_alloc. */
    static PyObject* jsv_ty_object_new(PyObject* cls, PyObject* no_args) {
        return PyBaseObject_Type.tp_new((PyTypeObject*)cls, no_args, NULL);
    }

    /* Slot of a str object's address in a key cache of 2**bits slots. */
    static inline size_t jsv_ty_slot(void* p, int bits) {
        return (size_t)((((uint64_t)(uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
    }
    """
    int _ty_enter_recursive "jsv_ty_enter"() except -1
    void _ty_leave_recursive "jsv_ty_leave"()
    size_t _ty_slot "jsv_ty_slot"(void* p, int bits) noexcept nogil
    object _ty_object_new "jsv_ty_object_new"(object cls, object no_args)
    bint _ty_install_dict "JSV_TY_INSTALL_DICT"
    object _ty_alloc "jsv_ty_alloc"(object cls, object no_args)

cdef extern from "Python.h":
    # Aliased names: _speedups.pyx declares some of these under their own names.
    int _ty_dict_set "PyDict_SetItem"(object d, object key, PyObject* value) except -1
    int _ty_generic_setattr "PyObject_GenericSetAttr"(object obj, PyObject* name, PyObject* value) except -1
    int _ty_set_dict "PyObject_GenericSetDict"(object obj, object value, void* context) except -1
    bint _ty_is_str "PyUnicode_CheckExact"(PyObject* o)
    PyObject* _ty_dict_get "PyDict_GetItemWithError"(object d, object key) except? NULL
    Py_ssize_t _ty_dict_size "PyDict_GET_SIZE"(object d)
    bint _ty_compact_ascii "PyUnicode_IS_COMPACT_ASCII"(object s)
    Py_ssize_t _ty_ulen "PyUnicode_GET_LENGTH"(object s)
    const unsigned char* _ty_udata1 "PyUnicode_1BYTE_DATA"(object s)
    object _ty_long_from_ll "PyLong_FromLongLong"(long long v)


# ---------------------------------------------------------------------------
# The declared interface: this file reads plans only through the records of
# jsv._typed -- ``plan_view(plan)`` (a PlanView, with an ObjectView for a
# dataclass) and ``RUNNER`` (the shared helpers and markers) -- and keeps the
# node it builds for a plan in the plan's ``compiled`` slot.  It names no plan
# class and no private attribute.
# ---------------------------------------------------------------------------

from jsv._typed import RUNNER as _TY_RUNNER, plan_view as _ty_plan_view

cdef object _ty_Invalid = _TY_RUNNER.Invalid
cdef object _ty_ValidationError = _TY_RUNNER.ValidationError
cdef object _ty_mismatch = _TY_RUNNER.mismatch  # (expected, v, cause=None) -> Invalid
cdef object _ty_got = _TY_RUNNER.got
cdef object _ty_field_segment = _TY_RUNNER.field_segment
cdef object _ty_key_segment = _TY_RUNNER.key_segment
cdef object _ty_poly_lookup = _TY_RUNNER.poly_lookup
cdef object _ty_FACTORY = _TY_RUNNER.FACTORY
cdef object _ty_MISSING = _TY_RUNNER.MISSING
cdef object _ty_BAD_VALUE = _TY_RUNNER.BAD_VALUE
cdef object _ty_map_from_text = _TY_RUNNER.map_from_text  # entries given without braces
cdef object _ty_object_setattr = object.__setattr__
cdef Py_ssize_t _ty_spelling_limit = _TY_RUNNER.spelling_cache_limit
cdef Py_ssize_t _ty_spelling_maxlen = _TY_RUNNER.spelling_max_length
cdef int _ty_SET_NONE = _TY_RUNNER.SET_NONE
cdef int _ty_FAIL = _TY_RUNNER.FAIL
cdef tuple _ty_no_args = ()
cdef object _ty_utc = _ty_timezone.utc

import_datetime()

cdef enum:
    TY_TEXT_NONE = 0
    TY_TEXT_DATETIME     # parse_datetime
    TY_TEXT_DATE         # parse_date
    TY_TEXT_DECIMAL      # parse_decimal

cdef dict _ty_text_forms = {
    "": TY_TEXT_NONE, "datetime": TY_TEXT_DATETIME, "date": TY_TEXT_DATE, "decimal": TY_TEXT_DECIMAL,
}
cdef object _ty_JSVError = _TY_RUNNER.JSVError
cdef object _ty_bad_cell = _TY_RUNNER.bad_cell  # (row, doc) -> TypeError


# ---------------------------------------------------------------------------
# Nodes
# ---------------------------------------------------------------------------

cdef enum:
    TY_DELEGATE = 0   # plan.convert(v): the reference does it all
    TY_ANY            # AnyPlan without type_map: the value as it is
    TY_STR            # StrPlan
    TY_BOOL           # BoolPlan (not strict)
    TY_ENUM           # EnumPlan
    TY_SCALAR         # ScalarPlan (int, float, Decimal, UUID, dates...)
    TY_OPTIONAL       # OptionalPlan
    TY_LIST           # ListPlan
    TY_DICT           # DictPlan
    TY_DATACLASS      # DataclassPlan

# The kinds are jsv._typed's KIND_* numbers: refuse to run on a mismatch.
if _TY_RUNNER.kinds != (TY_DELEGATE, TY_ANY, TY_STR, TY_BOOL, TY_ENUM, TY_SCALAR,
                        TY_OPTIONAL, TY_LIST, TY_DICT, TY_DATACLASS):
    raise ImportError("jsv._speedups does not match jsv._typed's plan kinds; rebuild it")


cdef enum:
    TY_VBITS = 5  # log2 of the slots of the value caches of enum and bool nodes
    TY_CKEY_MAXLEN = 48  # the longest key the reader shares (its KEY_CACHE_MAXLEN)
    # Dataclasses of at most this many fields are built attribute by attribute
    # (see _TyObject.inline); larger ones from a copy of the template dict.
    TY_INLINE_MAX = 24


cdef enum:
    # The one-pass reader (_speedups_decode.pxi) remembers, per dataclass node,
    # the key text met at each of the first TY_SEEN_MAX entries of a map (up to
    # TY_SEEN_TEXT chars) with its field, and per enum or bool node the member
    # of up to 2**TY_VBITS recent texts of up to TY_VTEXT chars, by their chars.
    TY_SEEN_MAX = 64
    TY_SEEN_TEXT = 48
    TY_VTEXT = 24


cdef struct TySeen:
    Py_ssize_t n             # chars of ``text``; 0: nothing remembered
    PyObject* field          # borrowed: a _TyField owned by ``by_name``, or None
    unsigned char text[TY_SEEN_TEXT]


cdef struct TyText:
    Py_ssize_t n             # chars of ``text``
    PyObject* value          # strong: what the node's table gives that text; NULL: empty
    unsigned char text[TY_VTEXT]


cdef struct TyValues:
    # The field values of an object being read, for an ``inline`` node:
    # strong references by field index (NULL: not given, no default).
    PyObject* vals[TY_INLINE_MAX]
    # Indexes of the fields without default, in the order the input gave
    # them: the order the reference's dict would have them in.
    int order[TY_INLINE_MAX]
    int n_order


@cython.auto_pickle(False)
cdef class _TyNode:
    """The C-side copy of one plan (fields used depend on ``kind``)."""
    cdef object __weakref__  # for _ty_nodes
    cdef int kind
    cdef object plan
    # The fields below come from the plan's PlanView (``view.<name>``).
    cdef object convert      # view.convert: the reference for this plan
    cdef object name         # view.name
    cdef object table        # BOOL, ENUM: view.table
    cdef object parse        # SCALAR: view.parse
    cdef bint int_text       # SCALAR: view.int_text: short digit runs read here
    cdef int text_form       # SCALAR: view.text_form (TY_TEXT_*): canonical spellings read here
    cdef _TyNode inner       # OPTIONAL: inner; LIST: item; DICT: value (view.children)
    cdef _TyNode key         # DICT: key plan (unused for str keys given as str)
    cdef object key_name     # DICT: the key plan's name
    cdef bint flag           # LIST, DICT: view.as_is
    cdef object build        # LIST: view.build
    # ENUM, BOOL: the members found in ``table`` for recent str objects, by
    # address (the reader shares one str object between equal short values).
    # Both hold strong references: a cached address is never reused by
    # another string, and the member stays alive.
    cdef PyObject* vkeys[1 << TY_VBITS]
    cdef PyObject* vvals[1 << TY_VBITS]
    # ENUM, BOOL: the same, found by the chars of the text (1-byte text only),
    # for the one-pass reader, which then makes no str at all.
    cdef TyText vtext[1 << TY_VBITS]

    def __dealloc__(self):
        _ty_forget_values(self)


cdef void _ty_forget_values(_TyNode n) noexcept:
    """Empties the value cache of ``n`` (it refills as values come)."""
    cdef int i
    cdef PyObject* k
    cdef PyObject* v
    for i in range(1 << TY_VBITS):
        k, v = n.vkeys[i], n.vvals[i]
        n.vkeys[i] = NULL
        n.vvals[i] = NULL
        Py_XDECREF(k)
        Py_XDECREF(v)
        v = n.vtext[i].value
        n.vtext[i].value = NULL
        n.vtext[i].n = 0
        Py_XDECREF(v)


@cython.auto_pickle(False)
@cython.final
cdef class _TyField:
    """One field of a dataclass node: what a key that names it does."""
    cdef object name         # attribute name
    cdef int idx             # position in the plan's fields
    cdef _TyNode node        # node of the field's plan (Optional removed)
    cdef bint is_str         # plain str field: text is stored as it is
    cdef int none_mode       # _SET_NONE, _KEEP_DEFAULT or _FAIL
    cdef object plan_name    # the field plan's name, for "Expected `x`, got `null`"


@cython.auto_pickle(False)
@cython.final
cdef class _TyObject(_TyNode):
    """A DataclassPlan's tables."""
    cdef dict keys           # exact str spelling -> _TyField, or None (skipped key)
    cdef dict by_name        # attribute name -> _TyField
    # From the plan's ObjectView (``view.object.<name>``):
    cdef object lookup       # lookup (the reference's own spelling table)
    cdef object miss         # miss(key): the reference's handling of a new spelling
    cdef object missing_required  # missing_required(present) -> the error
    cdef object convert_other     # convert_other(v): a value that is not a dict
    cdef dict template       # template
    cdef tuple factories     # factories
    cdef object late         # late (frozenset)
    cdef object late_defaults
    cdef tuple late_factories
    cdef Py_ssize_t n_init
    cdef bint fast
    cdef bint post_init
    cdef object cls
    cdef object poly         # poly: None or the type_map table
    cdef bint has_late       # late is not empty
    cdef bint has_factories  # factories is not empty
    cdef bint plain_attrs    # no data descriptor in the class under a field name
    # ``inline``: the instance is made by object.__new__ and gets its fields
    # with PyObject_GenericSetAttr, in the order the reference's dict has
    # them, instead of a dict copied from the template and then installed.
    # On CPython 3.11+ small instances then keep their attributes as inline
    # values sharing the class's keys (like instances built by __init__):
    # no dict is made at all, which is much faster to build, to free and
    # for the garbage collector to traverse.  The
    # attribute values are the same as with ``__dict__.update``; only taken
    # for classes where the two cannot differ: the dataclass ``fast`` path,
    # no ``init=False`` fields, at most TY_INLINE_MAX fields, and no data
    # descriptor in the class under a field's name.
    cdef bint inline
    cdef Py_ssize_t n_all  # every field (``view.object.fields``)
    cdef int n_fields
    cdef int n_tmpl                          # fields with a default
    cdef int tmpl[TY_INLINE_MAX]             # their indexes, in template order
    cdef PyObject* defaults[TY_INLINE_MAX]   # strong: default, _FACTORY or NULL
    cdef PyObject* names[TY_INLINE_MAX]      # borrowed from the _TyFields
    cdef int fact_idx[TY_INLINE_MAX]         # index of each of factories
    # A cache in front of ``keys`` by the address of the key object: the
    # reader gives every occurrence of a key in a document the same str
    # object, so after the first record a key is found with one pointer
    # comparison (no hashing, no string comparison).  ``ckeys`` holds strong
    # references (so an address is never reused by another string while
    # cached); ``cfields`` borrows the _TyField (owned by ``by_name``, never
    # changed after the build) or None.
    cdef PyObject** ckeys
    cdef PyObject** cfields
    cdef int cbits
    # For the one-pass reader: the key text met at each entry position
    # (TY_SEEN_MAX of them, see TySeen).  Records of one type mostly give
    # their keys in the same order, so a key is mostly found by comparing
    # its chars with those remembered for its position.
    cdef TySeen* seen

    def __dealloc__(self):
        cdef int j
        if self.ckeys is not NULL:
            _ty_forget_keys(self)
            PyMem_Free(self.ckeys)
        PyMem_Free(self.cfields)
        PyMem_Free(self.seen)
        for j in range(TY_INLINE_MAX):
            Py_XDECREF(self.defaults[j])


cdef void _ty_forget_keys(_TyObject o) noexcept:
    """Empties the address cache of ``o`` (it refills as keys come)."""
    cdef size_t i
    cdef PyObject* k
    if o.ckeys is NULL:
        return
    for i in range(<size_t>1 << o.cbits):
        k = o.ckeys[i]
        o.ckeys[i] = NULL
        o.cfields[i] = NULL
        Py_XDECREF(k)


# Every node alive, weakly: _ty_clear_caches() reaches their caches through it.
cdef object _ty_nodes = _ty_weakref.WeakSet()


cdef int _ty_clear_caches() except -1:
    """Empties the str caches of every node (for the leak test: see _clear_caches)."""
    for node in list(_ty_nodes):
        _ty_forget_values(<_TyNode>node)
        if isinstance(node, _TyObject):
            _ty_forget_keys(<_TyObject>node)
    return 0


cdef _TyNode _ty_node(object plan):
    """The node of ``plan``: kept in its ``compiled`` slot, built (with its children) once."""
    node = plan.compiled
    if isinstance(node, _TyNode) and (<_TyNode>node).plan is plan:
        return <_TyNode>node
    memo = {}
    root = _ty_build(plan, memo)
    # Published only once the whole graph is complete, so another thread never
    # sees a half-built node; two threads building at once both publish
    # complete, equivalent graphs.
    for built in memo.values():
        try:
            (<_TyNode>built).plan.compiled = built
        except AttributeError:  # a plan class that takes no attributes: rebuilt per call
            pass
    return root


cdef _TyNode _ty_build(object plan, dict memo):
    """Builds the node of ``plan`` and of the plans it refers to (memo: id -> node)."""
    cdef _TyNode n
    cdef _TyObject o
    cdef _TyField fld
    cdef int kind
    found = memo.get(id(plan))
    if found is not None:
        return <_TyNode>found
    cached = plan.compiled
    if isinstance(cached, _TyNode) and (<_TyNode>cached).plan is plan:
        return <_TyNode>cached
    view = _ty_plan_view(plan)
    kind = view.kind
    if kind == TY_DATACLASS:
        o = _TyObject.__new__(_TyObject)
        n = o
    else:
        n = _TyNode.__new__(_TyNode)
    n.kind = kind
    n.plan = plan
    n.convert = view.convert
    n.name = view.name
    memo[id(plan)] = n  # before the children: recursive types point back here
    _ty_nodes.add(n)
    if kind == TY_BOOL or kind == TY_ENUM:
        n.table = view.table
    elif kind == TY_SCALAR:
        n.parse = view.parse
        n.int_text = view.int_text
        n.text_form = _ty_text_forms[view.text_form]
    elif kind == TY_OPTIONAL:
        n.inner = _ty_build(view.children[0], memo)
    elif kind == TY_LIST:
        n.inner = _ty_build(view.children[0], memo)
        n.flag = view.as_is
        n.build = view.build
    elif kind == TY_DICT:
        n.key = _ty_build(view.children[0], memo)
        n.key_name = n.key.name
        n.inner = _ty_build(view.children[1], memo)
        n.flag = view.as_is
    elif kind == TY_DATACLASS:
        ov = view.object
        o.cls = ov.cls
        o.template = ov.template
        o.factories = ov.factories
        o.late = ov.late
        o.has_late = bool(ov.late)
        o.has_factories = bool(ov.factories)
        o.late_defaults = ov.late_defaults
        o.late_factories = ov.late_factories
        o.n_init = ov.n_init
        o.fast = ov.fast
        o.post_init = ov.post_init
        o.plain_attrs = not any(_ty_data_descriptor(ov.cls, f.name) for f in ov.fields)
        o.poly = ov.poly
        o.lookup = ov.lookup
        o.miss = ov.miss
        o.missing_required = ov.missing_required
        o.convert_other = ov.convert_other
        o.by_name = {}
        o.n_all = len(ov.fields)
        for i, f in enumerate(ov.fields):
            fld = _TyField.__new__(_TyField)
            fld.name = f.name
            fld.idx = i
            fld.is_str = f.is_str
            fld.none_mode = f.none_mode
            fld.plan_name = f.null_name
            fld.node = _ty_build(f.plan, memo)
            o.by_name[f.name] = fld
        o.keys = {}
        for spelling, entry in list(ov.lookup.items()):
            if type(spelling) is str:
                o.keys[spelling] = None if entry is None else o.by_name[entry[0]]
        # Room for about eight times as many spellings as there are fields
        # (few collisions), between 16 and 1024 slots.
        o.cbits = 4
        while o.cbits < 10 and (1 << o.cbits) < 8 * len(ov.fields):
            o.cbits += 1
        _ty_setup_inline(o, ov)
        o.ckeys = <PyObject**>PyMem_Malloc(sizeof(PyObject*) << o.cbits)
        o.cfields = <PyObject**>PyMem_Malloc(sizeof(PyObject*) << o.cbits)
        o.seen = <TySeen*>PyMem_Malloc(sizeof(TySeen) * TY_SEEN_MAX)
        if o.ckeys is NULL or o.cfields is NULL or o.seen is NULL:
            raise MemoryError()
        for i in range(TY_SEEN_MAX):
            o.seen[i].n = 0
        for i in range(1 << o.cbits):
            o.ckeys[i] = NULL
            o.cfields[i] = NULL
    return n


# ---------------------------------------------------------------------------
# Execution: _ty_exec(node, v) returns what node.plan.convert(v) returns, and
# raises what it raises.
# ---------------------------------------------------------------------------

cdef object _ty_exec(_TyNode n, object v):
    cdef int kind = n.kind
    cdef PyObject* found
    cdef size_t slot
    if kind == TY_STR:
        if type(v) is str:
            return v
        return n.convert(v)
    if kind == TY_ENUM or kind == TY_BOOL:
        # EnumPlan: ``exact.get(v)``; BoolPlan: ``_BOOL_TEXT.get(v)``; both
        # return a hit that is not None, else fall through to the full code.
        # (The tables never change, so a hit may be cached by str object.)
        if type(v) is str:
            slot = _ty_slot(<PyObject*>v, TY_VBITS)
            if n.vkeys[slot] == <PyObject*>v:
                return <object>n.vvals[slot]
            found = _ty_dict_get(n.table, v)
            if found is not NULL and <object>found is not None:
                Py_INCREF(v)
                Py_INCREF(<object>found)
                Py_XDECREF(n.vkeys[slot])
                Py_XDECREF(n.vvals[slot])
                n.vkeys[slot] = <PyObject*>v
                n.vvals[slot] = found
                return <object>found
        return n.convert(v)
    if kind == TY_SCALAR:
        if type(v) is str:
            if n.int_text:
                r = _ty_short_int(v)
                if r is not None:
                    return r
            elif n.text_form != TY_TEXT_NONE:
                r = _ty_canonical(n.text_form, v)
                if r is not None:
                    return r
            try:
                return n.parse(v)
            except _ty_BAD_VALUE as e:
                raise _ty_mismatch(n.name, v, e) from None
        return n.convert(v)
    if kind == TY_ANY:
        return v
    if kind == TY_DELEGATE:
        return n.convert(v)
    if kind == TY_OPTIONAL:
        if v is None:
            return None
        _ty_enter_recursive()
        try:
            return _ty_exec(n.inner, v)
        finally:
            _ty_leave_recursive()
    _ty_enter_recursive()
    try:
        if kind == TY_DATACLASS:
            # Two frames in the reference (convert and _read): count two here.
            _ty_enter_recursive()
            try:
                return _ty_dataclass(<_TyObject>n, v)
            finally:
                _ty_leave_recursive()
        if kind == TY_LIST:
            return _ty_list(n, v)
        if kind == TY_DICT:
            return _ty_dict(n, v)
        return n.convert(v)  # not reached: every kind is handled above
    finally:
        _ty_leave_recursive()


cdef bint _ty_data_descriptor(object cls, object name):
    """Whether ``cls`` (or a base) holds a data descriptor under ``name``."""
    for klass in cls.__mro__:
        attr = klass.__dict__.get(name, _ty_MISSING)
        if attr is not _ty_MISSING:
            t = type(attr)
            return hasattr(t, "__set__") or hasattr(t, "__delete__")
    return False


cdef int _ty_setup_inline(_TyObject o, object ov) except -1:
    """Fills the ``inline`` tables of ``o`` when the class qualifies (``ov``: its ObjectView)."""
    cdef int i, n
    cdef _TyField fld
    fields = ov.fields
    n = len(fields)
    o.inline = False
    if not ov.fast or ov.late or n > TY_INLINE_MAX or len(o.by_name) != n:
        return 0
    if not o.plain_attrs or any(not f.init for f in fields):
        return 0
    names = list(ov.template)  # init fields with a default, in template order
    if len(names) > n or len(ov.factories) > n:
        return 0
    o.n_fields = n
    o.n_tmpl = len(names)
    for i in range(o.n_tmpl):
        o.tmpl[i] = (<_TyField>o.by_name[names[i]]).idx
    for f in fields:
        fld = <_TyField>o.by_name[f.name]
        o.names[fld.idx] = <PyObject*>fld.name
        if f.name in ov.template:
            default = ov.template[f.name]
            Py_INCREF(default)
            o.defaults[fld.idx] = <PyObject*>default
    for i, (name, factory) in enumerate(ov.factories):
        o.fact_idx[i] = (<_TyField>o.by_name[name]).idx
    o.inline = True
    return 0


cdef inline int _ty_digits(const unsigned char* p, int n) noexcept:
    """The value of the ``n`` ASCII digits at ``p``, or -1 if one is not a digit."""
    cdef int i, acc = 0
    for i in range(n):
        if p[i] < 48 or p[i] > 57:
            return -1
        acc = acc * 10 + (p[i] - 48)
    return acc


cdef inline int _ty_days_in(int y, int m) noexcept:
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if (m == 4 or m == 6 or m == 9 or m == 11) else 31


cdef object _ty_canonical(int form, str v):
    """``parse_datetime(v)``, ``parse_date(v)`` or ``parse_decimal(v)`` (``form``)
    for the canonical spellings, else None (left to the reference's parser).

    Dates and times: ``yyyy-MM-dd``, and for a datetime also
    ``yyyy-MM-ddTHH:mm:ss``, then optionally ``.`` and 1 to 7 fraction digits
    (the seventh truncated) and ``Z``, every part in range; what the reference
    reads from those is a naive value or one in UTC, built the same way here.
    Decimals: ``-?[0-9]+(.[0-9]+)?`` of up to 64 chars, which the reference
    hands to ``Decimal`` unchanged.
    """
    cdef Py_ssize_t n, i, start
    cdef const unsigned char* p
    cdef int y, mo, d, h, mi, sec, us, nd
    if not _ty_compact_ascii(v):
        return None
    n = _ty_ulen(v)
    p = _ty_udata1(v)
    if form == TY_TEXT_DECIMAL:
        if n == 0 or n > 64:
            return None
        i = 1 if p[0] == 45 else 0  # '-'
        start = i
        while i < n and 48 <= p[i] <= 57:
            i += 1
        if i == start:
            return None
        if i < n:
            if p[i] != 46:  # '.'
                return None
            i += 1
            start = i
            while i < n and 48 <= p[i] <= 57:
                i += 1
            if i == start or i != n:
                return None
        return _ty_Decimal(v)
    if n < 10 or p[4] != 45 or p[7] != 45:
        return None
    y = _ty_digits(p, 4)
    mo = _ty_digits(p + 5, 2)
    d = _ty_digits(p + 8, 2)
    if y <= 0 or mo < 1 or mo > 12 or d < 1 or d > _ty_days_in(y, mo):
        return None
    if n == 10:
        if form == TY_TEXT_DATE:
            return date_new(y, mo, d)
        return datetime_new(y, mo, d, 0, 0, 0, 0, None)
    if form != TY_TEXT_DATETIME or n < 19 or p[10] != 84 or p[13] != 58 or p[16] != 58:
        return None  # 'T', ':'
    h = _ty_digits(p + 11, 2)
    mi = _ty_digits(p + 14, 2)
    sec = _ty_digits(p + 17, 2)
    if h < 0 or h > 23 or mi < 0 or mi > 59 or sec < 0 or sec > 59:
        return None
    i = 19
    us = 0
    if i < n and p[i] == 46:  # '.'
        i += 1
        start = i
        while i < n and 48 <= p[i] <= 57:
            i += 1
        nd = <int>(i - start)
        if nd == 0 or nd > 7:
            return None
        us = _ty_digits(p + start, 6 if nd > 6 else nd)
        while nd < 6:
            us *= 10
            nd += 1
    if i < n and p[i] == 90:  # 'Z'
        if i + 1 != n:
            return None
        return datetime_new(y, mo, d, h, mi, sec, us, _ty_utc)
    if i != n:
        return None
    return datetime_new(y, mo, d, h, mi, sec, us, None)


cdef object _ty_short_int(str v):
    """``parse_int(v)`` for an optional ``-`` and 1..18 ASCII digits, else None.

    Anything else (whitespace, longer numbers, errors) is left to parse_int.
    """
    cdef Py_ssize_t n, i
    cdef const unsigned char* p
    cdef long long acc = 0
    cdef bint negative
    if not _ty_compact_ascii(v):
        return None
    n = _ty_ulen(v)
    if n == 0 or n > 19:
        return None
    p = _ty_udata1(v)
    negative = p[0] == 45  # '-'
    i = 1 if negative else 0
    if i == n or n - i > 18:
        return None
    while i < n:
        if p[i] < 48 or p[i] > 57:
            return None
        acc = acc * 10 + (p[i] - 48)
        i += 1
    return _ty_long_from_ll(-acc if negative else acc)


cdef object _ty_list(_TyNode n, object v):
    """ListPlan.convert."""
    cdef list out
    cdef _TyNode item
    if type(v) is not list:
        if type(v) is dict or type(v) is str:
            v = [v]  # _as_list: one item given without brackets
        else:
            return n.convert(v)  # tuples, sets... and the error for non-lists
    if n.flag:
        out = list(<list>v)
    else:
        item = n.inner
        out = []
        try:
            # Cython re-reads the list's size each step (like a list iterator),
            # so a list changed meanwhile is never read out of bounds.
            for x in <list>v:
                out.append(_ty_exec(item, x))
        except _ty_Invalid as e:
            e.segments.append(f"[{len(out)}]")
            raise
    if n.build is None:
        return out
    try:
        return n.build(out)
    except TypeError as e:
        raise _ty_Invalid(f"Cannot build `{n.name}`: {e}", e) from None


cdef object _ty_dict(_TyNode n, object v):
    """DictPlan.convert."""
    cdef dict out
    cdef _TyNode value = n.inner
    cdef bint str_keys = n.flag
    if type(v) is not dict:
        if type(v) is str:
            v = _ty_map_from_text(v)  # entries given without braces
        else:
            return n.convert(v)  # other Mappings, and the error for non-maps
    out = {}
    k = None
    try:
        for k, x in (<dict>v).items():
            if str_keys and type(k) is str:
                ck = k
            else:
                try:
                    ck = _ty_exec(n.key, k)
                except _ty_Invalid as e:
                    msg = e.msg
                    if msg.startswith("Expected `"):
                        msg = f"Expected `{n.key_name}` key, got `{_ty_got(k)}`"
                    raise _ty_Invalid(msg, e.cause) from None
            out[ck] = _ty_exec(value, x)
    except _ty_Invalid as e:
        e.segments.append(_ty_key_segment(k))
        raise
    except TypeError as e:  # unhashable key
        raise _ty_Invalid(f"Invalid key `{_ty_got(k)}`: {e}", e) from None
    return out


cdef object _ty_field_of(_TyObject o, object key):
    """The field a key not in ``o.keys`` fills (or None), as the reference finds it.

    The reference's own table first (it may know the spelling), then its
    ``_miss``, which folds spellings and raises for unknown keys under
    ``forbid_unknown_fields``.  Exact str keys are remembered (bounded as the
    reference bounds its own table).
    """
    entry = o.lookup.get(key, _ty_MISSING)
    if entry is _ty_MISSING:
        entry = o.miss(key)
    fld = None if entry is None else o.by_name[entry[0]]
    if (type(key) is str and len(o.keys) < _ty_spelling_limit
            and _ty_ulen(key) <= _ty_spelling_maxlen):
        o.keys[key] = fld
    return fld


cdef PyObject* _ty_str_key(_TyObject o, object key, size_t slot) except NULL:
    """The field (or None) of an exact str key missing from the address cache.

    Returns a borrowed reference: fields are owned by ``o.by_name``.
    """
    found = _ty_dict_get(o.keys, key)
    f = <object>found if found is not NULL else _ty_field_of(o, key)
    if _ty_ulen(key) > TY_CKEY_MAXLEN:
        # The reader never shares a key this long, so its address would not
        # be seen again: caching it would only keep the string alive.
        return <PyObject*>f
    Py_INCREF(key)
    Py_XDECREF(o.ckeys[slot])
    o.ckeys[slot] = <PyObject*>key
    o.cfields[slot] = <PyObject*>f
    return <PyObject*>f


cdef inline int _ty_put(dict out, TyValues* into, _TyField fld, PyObject* value) except -1:
    """``out[fld.name] = value``, or the same into the values of an inline node."""
    cdef PyObject* old
    if into is NULL:
        return _ty_dict_set(out, fld.name, value)
    old = into.vals[fld.idx]
    Py_INCREF(<object>value)
    into.vals[fld.idx] = value
    if old is NULL:  # a field without default, given for the first time
        into.order[into.n_order] = fld.idx
        into.n_order += 1
    else:
        Py_XDECREF(old)
    return 0


cdef int _ty_read(_TyObject o, dict v, dict out, TyValues* into) except -1:
    """_ObjectPlan._read: the entries of ``v`` into ``out`` (name -> value),
    or into ``into`` (by field index) for an inline node.

    The loop reads the dict with PyDict_Next and borrowed references while
    only C code runs (finding the field, storing text, a cached enum member,
    None).  Before anything that may run Python code (a converter, the
    reference's ``_miss``) or raise, it takes strong references to the key
    and value, as the reference's loop variables are, and afterwards checks
    that ``v`` kept its size, raising what iterating a changed dict raises.
    PyDict_Next itself never reads past the dict's current table.
    """
    cdef Py_ssize_t pos = 0
    cdef Py_ssize_t size = _ty_dict_size(v)
    cdef PyObject* kp
    cdef PyObject* rp
    cdef PyObject* fp
    cdef PyObject* np
    cdef _TyField fld
    cdef size_t slot
    key = None  # the current key (strong) whenever an error may follow
    try:
        while PyDict_Next(v, &pos, &kp, &rp):
            if _ty_is_str(kp):
                slot = _ty_slot(kp, o.cbits)
                if o.ckeys[slot] == kp:
                    fp = o.cfields[slot]
                else:
                    key = <object>kp
                    fp = _ty_str_key(o, key, slot)
            else:
                key = <object>kp
                f = _ty_field_of(o, key)
                fp = <PyObject*>f  # owned by o.by_name (or None)
            if fp == <PyObject*>None:
                continue
            # fp is used through casts, which take no reference: the field
            # is owned by o.by_name for as long as o lives.
            if _ty_is_str(rp):
                if (<_TyField>fp).is_str:
                    _ty_put(out, into, <_TyField>fp, rp)
                    continue
                np = <PyObject*>(<_TyField>fp).node
                if (<_TyNode>np).kind == TY_ENUM or (<_TyNode>np).kind == TY_BOOL:
                    slot = _ty_slot(rp, TY_VBITS)
                    if (<_TyNode>np).vkeys[slot] == rp:
                        _ty_put(out, into, <_TyField>fp, (<_TyNode>np).vvals[slot])
                        continue
            elif rp == <PyObject*>None:
                if (<_TyField>fp).none_mode == _ty_SET_NONE:
                    _ty_put(out, into, <_TyField>fp, rp)
                elif (<_TyField>fp).none_mode == _ty_FAIL:
                    key = <object>kp
                    raise _ty_mismatch((<_TyField>fp).plan_name, None)
                continue
            key = <object>kp
            raw = <object>rp
            fld = <_TyField>fp  # a strong reference while Python code may run
            value = _ty_exec(fld.node, raw)
            _ty_put(out, into, fld, <PyObject*>value)
            if _ty_dict_size(v) != size:
                raise RuntimeError("dictionary changed size during iteration")
    except _ty_Invalid as e:
        # As the reference: an error about the object itself (unknown or
        # missing field, flagged ``here``) gets no key segment, once.
        if e.here:
            e.here = False
        else:
            e.segments.append(_ty_field_segment(key))
        raise
    return 0


cdef object _ty_dataclass(_TyObject o, object v):
    """DataclassPlan.convert."""
    cdef dict d
    if type(v) is not dict:
        return o.convert_other(v)
    if o.poly is not None:
        target = _ty_poly_lookup(o.poly, v.get("__type"))
        if target is not None and target is not o.plan:
            return _ty_exec(_ty_node(target), v)
    if o.inline:
        return _ty_dataclass_inline(o, <dict>v)
    d = PyDict_Copy(o.template)
    _ty_read(o, <dict>v, d, NULL)
    return _ty_dataclass_build(o, d)


cdef object _ty_dataclass_build(_TyObject o, dict d):
    """The instance from ``d`` (the template updated with the entries read): the
    reference's steps after its ``_read`` (factories, required fields, the build)."""
    cdef Py_ssize_t pos
    cdef PyObject* kp
    cdef PyObject* rp
    if o.has_factories:
        for name, factory in o.factories:
            if d[name] is _ty_FACTORY:
                d[name] = factory()
    late = None
    if o.has_late:
        late = {nm: d.pop(nm) for nm in o.late if nm in d}
    if _ty_dict_size(d) != o.n_init:
        raise o.missing_required(d)
    try:
        if o.fast:
            # As the reference: object.__new__, then the attributes as
            # ``__dict__.update(d)`` stores them (in d's order, no
            # __setattr__).  Before 3.13 the fresh instance takes d itself
            # as its __dict__ (the same contents, without the copy).  From
            # 3.13, where no data descriptor of the class shares a field's
            # name, storing each with PyObject_GenericSetAttr does the same
            # into the instance's inline values.
            if _ty_install_dict:
                obj = _ty_alloc(o.cls, _ty_no_args)
                _ty_set_dict(obj, d, NULL)
            else:
                obj = _ty_object_new(o.cls, _ty_no_args)
                if o.plain_attrs:
                    pos = 0
                    while PyDict_Next(d, &pos, &kp, &rp):
                        _ty_generic_setattr(obj, kp, rp)
                else:
                    obj.__dict__.update(d)
            if late is not None:
                od = obj.__dict__
                od.update(o.late_defaults)
                for name, factory in o.late_factories:
                    od[name] = factory()
            if o.post_init:
                obj.__post_init__()
        else:
            obj = o.cls(**d)
        if late:
            for name, value in late.items():
                _ty_object_setattr(obj, name, value)
    except (TypeError, ValueError) as e:
        raise _ty_Invalid(f"Cannot build `{o.name}`: {e}", e) from None
    return obj


cdef inline void _ty_values_start(_TyObject o, TyValues* b) noexcept:
    """Fills ``b`` with the defaults of an inline node (strong references)."""
    cdef int i
    cdef PyObject* p
    b.n_order = 0
    for i in range(o.n_fields):
        p = o.defaults[i]
        Py_XINCREF(p)
        b.vals[i] = p


cdef inline void _ty_values_end(_TyObject o, TyValues* b) noexcept:
    """Releases the references ``b`` holds."""
    cdef int i
    for i in range(o.n_fields):
        Py_XDECREF(b.vals[i])
        b.vals[i] = NULL


cdef object _ty_dataclass_inline(_TyObject o, dict v):
    """DataclassPlan.convert for an ``inline`` node: the same steps, with the
    values in a C array instead of a dict (and no ``init=False`` fields)."""
    cdef TyValues b
    _ty_values_start(o, &b)
    try:
        _ty_read(o, v, None, &b)
        return _ty_inline_build(o, &b)
    finally:
        _ty_values_end(o, &b)


cdef object _ty_inline_build(_TyObject o, TyValues* b):
    """The instance from the values read into ``b``: as _ty_dataclass_build."""
    cdef int i
    if o.has_factories:
        i = 0
        for name, factory in o.factories:
            if b.vals[o.fact_idx[i]] == <PyObject*>_ty_FACTORY:
                value = factory()
                Py_INCREF(value)
                Py_XDECREF(b.vals[o.fact_idx[i]])
                b.vals[o.fact_idx[i]] = <PyObject*>value
            i += 1
    if o.n_tmpl + b.n_order != o.n_fields:
        present = {}
        for i in range(o.n_fields):
            if b.vals[i] is not NULL:
                present[<object>o.names[i]] = <object>b.vals[i]
        raise o.missing_required(present)
    try:
        obj = _ty_object_new(o.cls, _ty_no_args)
        for i in range(o.n_tmpl):
            _ty_generic_setattr(obj, o.names[o.tmpl[i]], b.vals[o.tmpl[i]])
        for i in range(b.n_order):
            _ty_generic_setattr(obj, o.names[b.order[i]], b.vals[b.order[i]])
        if o.post_init:
            obj.__post_init__()
    except (TypeError, ValueError) as e:
        raise _ty_Invalid(f"Cannot build `{o.name}`: {e}", e) from None
    return obj


def run(plan, obj):
    """``jsv._typed.run(plan, obj)``, compiled: ``obj`` converted by ``plan``.

    Raises:
        JSVValidationError: as ``run`` does, with the same message and path.
    """
    cdef _TyNode node
    node = _ty_node(plan)
    try:
        # One level for the frame of the reference's run, so that on CPython
        # 3.11 both give up at the same depth.
        _ty_enter_recursive()
        try:
            return _ty_exec(node, obj)
        finally:
            _ty_leave_recursive()
    except _ty_Invalid as e:
        path = "$" + "".join(reversed(e.segments))
        raise _ty_ValidationError(e.msg, path) from e.cause
    except RecursionError:
        raise _ty_ValidationError("Value is nested too deeply to convert", "$") from None
