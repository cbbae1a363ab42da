"""Writes the conformance cases in ``cases/`` and the table in ``README.md``.

The case files are the source of truth that ``test_conformance.py`` reads; this
script only exists so that exact bytes (CR, LF, TAB, no trailing newline) are
easy to review and to regenerate.  Run it from anywhere:

    python tests/conformance/_generate.py

It deletes every ``*.jsv`` / ``*.json`` in ``cases/`` first.

Prefixes (JSONTestSuite style):

* ``y_``  must be accepted by ``jsv.loads(text)``; the value is in the sibling ``.json``.
* ``n_``  must be rejected by ``jsv.loads(text)`` with ``JSVDecodeError``.
* ``i_``  implementation-defined: ServiceStack.Text reads it differently (or
  rejects it); the ``.json`` holds jsv's decision and README.md says what
  ServiceStack does.
* ``l_``  must be accepted by ``jsv.loads(text, lenient=True)``; value in ``.json``.
* ``ln_`` must be rejected by ``jsv.loads(text, lenient=True)`` as well.

JSON cannot express a ``None`` dictionary key, so an expected value of the form
``{"__jsv_pairs__": [[key, value], ...]}`` stands for the dict built from those
pairs (``null`` key -> ``None``).
"""

# ruff: noqa: E501
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"

NO = object()  # marks "no expected value" (n_ / ln_ cases)


def pairs(*items: Tuple[Any, Any]) -> Dict[str, Any]:
    return {"__jsv_pairs__": [list(p) for p in items]}


# (name, text, expected, ServiceStack comment for i_ cases / notes for n_ cases)
YES: List[Tuple[str, str, Any]] = [
    # --- top level -------------------------------------------------------------
    ("empty_document", "", None),
    ("string_plain", "hello", "hello"),
    ("string_plain_comma", "a,b", "a,b"),
    ("string_plain_spaces_around", " x ", " x "),
    ("string_plain_two_spaces_around", "  x  ", "  x  "),
    ("string_plain_leading_space", " lead", " lead"),
    ("string_plain_trailing_space", "trail ", "trail "),
    ("string_plain_close_bracket", "a]", "a]"),
    ("string_plain_close_brace", "a}", "a}"),
    ("string_plain_colon", "a:b", "a:b"),
    ("string_plain_inner_quote", 'a"b', 'a"b'),
    ("string_plain_trailing_quote", 'ab"', 'ab"'),
    ("string_plain_tab", "tab\tx", "tab\tx"),
    ("string_plain_null_word", "null", "null"),
    ("string_plain_true_word", "True", "True"),
    ("string_plain_single_quotes", "'single'", "'single'"),
    ("string_plain_percent", "four%", "four%"),
    ("string_plain_backslashes", "a\\b\\n", "a\\b\\n"),
    ("string_plain_lf", "a\nb", "a\nb"),
    ("string_plain_crlf", "a\r\nb", "a\r\nb"),
    ("string_plain_cr_only", "\r", "\r"),
    ("string_plain_lf_only", "\n", "\n"),
    ("string_plain_whitespace_only", "   ", "   "),
    ("string_plain_tab_only", "\t", "\t"),
    ("string_plain_close_brace_only", "}", "}"),
    ("string_plain_close_bracket_only", "]", "]"),
    ("string_plain_comma_only", ",", ","),
    ("string_plain_colon_only", ":", ":"),
    ("string_plain_unicode", "Zoë Straße 東京", "Zoë Straße 東京"),
    ("string_plain_emoji", "😀👍🏽", "😀👍🏽"),
    ("string_plain_nbsp", "\u00a0x\u00a0", "\u00a0x\u00a0"),
    ("string_plain_control_chars", "\x00\x01\x1f\x7f", "\x00\x01\x1f\x7f"),
    ("string_plain_int", "123", "123"),
    ("string_plain_negative", "-5", "-5"),
    ("string_plain_float", "1.5", "1.5"),
    ("string_plain_exponent", "1E+20", "1E+20"),
    ("string_plain_nan", "NaN", "NaN"),
    ("string_plain_uint64", "18446744073709551615", "18446744073709551615"),
    ("string_plain_guid", "99161eec285740318cedeae21f954496", "99161eec285740318cedeae21f954496"),
    ("string_plain_datetime", "2013-01-01T12:30:45Z", "2013-01-01T12:30:45Z"),
    ("string_plain_duration", "P1DT2H3M4.5670001S", "P1DT2H3M4.5670001S"),
    ("string_plain_base64", "AEFh/w==", "AEFh/w=="),
    ("string_plain_rfc1123", "Tue, 12 Nov 2013 14:32:07 GMT", "Tue, 12 Nov 2013 14:32:07 GMT"),
    (
        "string_plain_query_string",
        "Id=tt0110912&Title=Pulp+Fiction&Genres=Crime,Drama,Thriller",
        "Id=tt0110912&Title=Pulp+Fiction&Genres=Crime,Drama,Thriller",
    ),
    ("string_quoted", '"a,b"', "a,b"),
    ("string_quoted_empty", '""', ""),
    ("string_quoted_colon", '"x:y"', "x:y"),
    ("string_quoted_url", '"https://url.com"', "https://url.com"),
    ("string_quoted_doubled_quote", '"a""b"', 'a"b'),
    ("string_quoted_quoted_word", '"""q"""', '"q"'),
    ("string_quoted_one_quote", '""""', '"'),
    ("string_quoted_two_quotes", '""""""', '""'),
    ("string_quoted_brackets", '"[x]"', "[x]"),
    ("string_quoted_braces", '"{a:b}"', "{a:b}"),
    ("string_quoted_lf", '"line\nbreak"', "line\nbreak"),
    ("string_quoted_cr", '"a\rb"', "a\rb"),
    ("string_quoted_crlf", '"a\r\nb"', "a\r\nb"),
    ("string_quoted_spaces", '" a "', " a "),
    ("string_quoted_all_escape_chars", '""" : , { } [ ] \r \n"', '" : , { } [ ] \r \n'),
    (
        "string_quoted_struct",
        '"96d7a49f7a0f46918661217995c5e4cc:1:1:1:1:16"',
        "96d7a49f7a0f46918661217995c5e4cc:1:1:1:1:16",
    ),
    ("string_quoted_unicode", '"é,ü"', "é,ü"),
    ("string_bom_then_map", "\ufeff{Name:x}", {"Name": "x"}),
    ("string_bom_then_plain", "\ufeffhello", "hello"),
    ("list_trailing_whitespace", "[a] \t\r\n", ["a"]),
    ("list_trailing_newline", "[a]\n", ["a"]),
    # --- maps ------------------------------------------------------------------
    ("map_empty", "{}", {}),
    ("map_single", "{a:b}", {"a": "b"}),
    ("map_three", "{One:1st,Two:2nd,Three:3rd}", {"One": "1st", "Two": "2nd", "Three": "3rd"}),
    ("map_value_empty", "{a:}", {"a": None}),
    ("map_values_all_empty", "{a:,b:}", {"a": None, "b": None}),
    ("map_value_empty_then_more", "{Name:,Age:5}", {"Name": None, "Age": "5"}),
    ("map_null_and_empty_string", '{a:,b:""}', {"a": None, "b": ""}),
    ("map_quoted_value_comma", '{Name:"Me, Junior"}', {"Name": "Me, Junior"}),
    ("map_quoted_value_doubled_quotes", '{Size:"2"" x 1"""}', {"Size": '2" x 1"'}),
    (
        "map_acceptance_example",
        '{Name:"Me, Junior",Size:"2"" x 1""",Id:urn:x:1,A:,B:""}',
        {"Name": "Me, Junior", "Size": '2" x 1"', "Id": "urn:x:1", "A": None, "B": ""},
    ),
    (
        "map_value_colons",
        "{Id:urn:post:42,Url:http://x/y}",
        {"Id": "urn:post:42", "Url": "http://x/y"},
    ),
    ("map_value_first_colon_splits", "{Two:2:nd}", {"Two": "2:nd"}),
    (
        "map_special_chars",
        '{One:"""1st",Two:"2:nd",Three:"3r,d",Four:four%}',
        {"One": '"1st', "Two": "2:nd", "Three": "3r,d", "Four": "four%"},
    ),
    (
        "map_special_chars_unquoted_colon",
        '{One:"""1st",Two:2:nd,Three:"3r,d"}',
        {"One": '"1st', "Two": "2:nd", "Three": "3r,d"},
    ),
    ("map_value_leading_space", "{A: b}", {"A": " b"}),
    ("map_value_trailing_space", "{A:b }", {"A": "b "}),
    (
        "map_value_inner_spaces",
        "{Foo:Bar,Greet:Hello World!}",
        {"Foo": "Bar", "Greet": "Hello World!"},
    ),
    ("map_value_close_bracket", "{a:x]}", {"a": "x]"}),
    ("map_value_open_bracket_inside", "{a:x[y}", {"a": "x[y"}),
    ("map_value_open_brace_inside", "{a:x{y}", {"a": "x{y"}),
    ("map_value_inner_quote", '{A:a"b}', {"A": 'a"b'}),
    ("map_value_trailing_quote", '{A:ab"}', {"A": 'ab"'}),
    ("map_value_leading_space_then_quotes", '{A: "b"}', {"A": ' "b"'}),
    ("map_value_lf", "{a:x\ny}", {"a": "x\ny"}),
    ("map_value_trailing_lf", "{a:x\n}", {"a": "x\n"}),
    ("map_value_tab", "{a:\tx}", {"a": "\tx"}),
    ("map_value_only_space", "{a: }", {"a": " "}),
    ("map_value_null_word", "{a:null}", {"a": "null"}),
    (
        "map_value_numbers_stay_text",
        "{a:1.5,b:-2,c:1E+20,d:True}",
        {"a": "1.5", "b": "-2", "c": "1E+20", "d": "True"},
    ),
    ("map_value_unicode", "{name:Zoë,city:東京,e:😀}", {"name": "Zoë", "city": "東京", "e": "😀"}),
    ("map_value_control_chars", "{a:\x01\x1f\x7f}", {"a": "\x01\x1f\x7f"}),
    ("map_value_backslashes", "{d:\\/Date(978307200000)\\/}", {"d": "\\/Date(978307200000)\\/"}),
    ("map_value_quoted_empty", '{a:""}', {"a": ""}),
    ("map_value_quoted_one_quote", '{a:""""}', {"a": '"'}),
    ("map_value_quoted_brackets", '{a:"[x]",b:"{y}"}', {"a": "[x]", "b": "{y}"}),
    ("map_value_quoted_colon", '{a:"x:y"}', {"a": "x:y"}),
    ("map_value_quoted_lf", '{a:"line\nbreak"}', {"a": "line\nbreak"}),
    ("map_value_quoted_crlf", '{a:"x\r\ny"}', {"a": "x\r\ny"}),
    (
        "map_value_quoted_rfc1123",
        '{d:"Tue, 12 Nov 2013 14:32:07 GMT"}',
        {"d": "Tue, 12 Nov 2013 14:32:07 GMT"},
    ),
    ("map_value_quoted_then_more", '{Name:"a",Age:1}', {"Name": "a", "Age": "1"}),
    (
        "map_value_quoted_thousands",
        '{Float:"1,111.1",Double:"2,222.2",Decimal:"3,333.3"}',
        {"Float": "1,111.1", "Double": "2,222.2", "Decimal": "3,333.3"},
    ),
    ("map_value_quoted_flags", '{P:"Read,Write"}', {"P": "Read,Write"}),
    ("map_nested_map", "{a:{b:c}}", {"a": {"b": "c"}}),
    ("map_nested_list", "{a:[b,c]}", {"a": ["b", "c"]}),
    ("map_nested_empty", "{a:{},b:[]}", {"a": {}, "b": []}),
    ("map_nested_then_more", "{a:{b:c},d:e}", {"a": {"b": "c"}, "d": "e"}),
    ("map_nested_quoted_inside", '{a:{b:"c,d}"},e:f}', {"a": {"b": "c,d}"}, "e": "f"}),
    ("map_nested_deep", "{a:{b:{c:{d:e}}}}", {"a": {"b": {"c": {"d": "e"}}}}),
    ("map_nested_empty_map_first", "{a:{},b:1}", {"a": {}, "b": "1"}),
    ("map_list_value_kept_as_list", "{Name:[a,b],Age:2}", {"Name": ["a", "b"], "Age": "2"}),
    (
        "map_list_of_maps",
        "{Kids:[{Name:k1},{Name:k2}]}",
        {"Kids": [{"Name": "k1"}, {"Name": "k2"}]},
    ),
    ("map_list_value_close_brace_item", "{A:[a}b]}", {"A": ["a}b"]}),
    ("map_key_quoted", '{"a,b":1}', {"a,b": "1"}),
    ("map_key_quoted_colon", '{"k:x":v}', {"k:x": "v"}),
    ("map_key_quoted_doubled_quote", '{"a""b":c}', {'a"b': "c"}),
    ("map_key_quoted_braces", '{"{x}":y}', {"{x}": "y"}),
    ("map_key_map", "{{Name:k,Age:0}:1}", {"{Name:k,Age:0}": "1"}),
    ("map_key_list", "{[a,b]:1}", {"[a,b]": "1"}),
    ("map_key_map_with_quotes", '{{a:"x,y"}:1}', {'{a:"x,y"}': "1"}),
    ("map_key_map_nested", "{{a:{b:c}}:1}", {"{a:{b:c}}": "1"}),
    ("map_key_empty_map", "{{}:1}", {"{}": "1"}),
    ("map_key_empty_list", "{[]:1}", {"[]": "1"}),
    ("map_key_map_value_map", "{{a:b}:{c:d}}", {"{a:b}": {"c": "d"}}),
    ("map_key_map_two_entries", "{{a:b}:1,{c:d}:2}", {"{a:b}": "1", "{c:d}": "2"}),
    ("map_keys_and_values_untrimmed", "{ a : 1 , b : 2 }", {" a ": " 1 ", " b ": " 2 "}),
    ("map_key_numeric", "{1:a,2:b}", {"1": "a", "2": "b"}),
    ("map_key_close_bracket", "{a]:1}", {"a]": "1"}),
    ("map_key_inner_quote", '{a"b:1}', {'a"b': "1"}),
    ("map_key_inner_space", "{a b:1}", {"a b": "1"}),
    ("map_key_lf", "{a\nb:1}", {"a\nb": "1"}),
    ("map_key_unicode", "{ключ:значение}", {"ключ": "значение"}),
    ("map_key_case_kept", "{vALUE:B}", {"vALUE": "B"}),
    ("map_key_snake_case", "{first_name:x,dial_state:2}", {"first_name": "x", "dial_state": "2"}),
    (
        "map_key_type_marker_nested",
        '{Star:{__type:"Probe.Dog, P1",Barks:True,Name:Rex},All:[{__type:"Probe.Dog, P1",Barks:False,Name:A}]}',
        {
            "Star": {"__type": "Probe.Dog, P1", "Barks": "True", "Name": "Rex"},
            "All": [{"__type": "Probe.Dog, P1", "Barks": "False", "Name": "A"}],
        },
    ),
    ("map_duplicate_keys", "{a:1,a:2}", {"a": "2"}),
    ("map_duplicate_keys_three", "{a:1,b:2,a:3}", {"a": "3", "b": "2"}),
    ("map_duplicate_keys_replace_container", "{a:[x],a:{y:z}}", {"a": {"y": "z"}}),
    (
        "map_poco_message",
        "{Id:00000000000000000000000000000000,CreatedDate:0001-01-01,Priority:0,RetryAttempts:0,Options:1,Body:test}",
        {
            "Id": "00000000000000000000000000000000",
            "CreatedDate": "0001-01-01",
            "Priority": "0",
            "RetryAttempts": "0",
            "Options": "1",
            "Body": "test",
        },
    ),
    (
        "map_poco_floats",
        "{Float:1.1,Double:2.2,Decimal:3.3}",
        {"Float": "1.1", "Double": "2.2", "Decimal": "3.3"},
    ),
    ("map_key_value_pair", "{Key:k,Value:1}", {"Key": "k", "Value": "1"}),
    (
        "map_unknown_nested",
        "{Foo:bar,Name:x,Bar:{a:[1,2]},Age:5}",
        {"Foo": "bar", "Name": "x", "Bar": {"a": ["1", "2"]}, "Age": "5"},
    ),
    (
        "map_object_values",
        "{Obj:5,Objs:[1,a],Map:{k:1.5}}",
        {"Obj": "5", "Objs": ["1", "a"], "Map": {"k": "1.5"}},
    ),
    (
        "map_type_finder_values",
        '{T:"Probe.Poco, P4",E:"boom, bad",Kv:{Key:k,Value:2}}',
        {"T": "Probe.Poco, P4", "E": "boom, bad", "Kv": {"Key": "k", "Value": "2"}},
    ),
    (
        "map_primitive_like_values",
        '{a:-5,b:300,c:40000,k:0,x:x,n:false,m:"x,y",i:99161eec285740318cedeae21f954496}',
        {
            "a": "-5",
            "b": "300",
            "c": "40000",
            "k": "0",
            "x": "x",
            "n": "false",
            "m": "x,y",
            "i": "99161eec285740318cedeae21f954496",
        },
    ),
    (
        "map_whitespace_issue",
        "{Number:10330,CountryKey:DE,FederalStateKey:\"\",Salutation:,City:''}",
        {
            "Number": "10330",
            "CountryKey": "DE",
            "FederalStateKey": "",
            "Salutation": None,
            "City": "''",
        },
    ),
    (
        "map_datetime_values",
        "{dt:2020-01-02T03:04:05Z,t:12:30,o:2013-01-01T12:30:45.0000000+02:00}",
        {"dt": "2020-01-02T03:04:05Z", "t": "12:30", "o": "2013-01-01T12:30:45.0000000+02:00"},
    ),
    (
        "map_query_nested",
        "{ListOfA:[{ListOfB:[{Property:x}]}]}",
        {"ListOfA": [{"ListOfB": [{"Property": "x"}]}]},
    ),
    ("map_nullable_date_empty", "{D:}", {"D": None}),
    # --- lists -----------------------------------------------------------------
    ("list_empty", "[]", []),
    ("list_single", "[a]", ["a"]),
    ("list_five", "[One,Two,Three,Four,Five]", ["One", "Two", "Three", "Four", "Five"]),
    ("list_null_middle", "[a,,b]", ["a", None, "b"]),
    ("list_trailing_comma", "[a,]", ["a", None]),
    ("list_trailing_comma_hello", "[hello,]", ["hello", None]),
    ("list_two_commas", "[,,]", [None, None, None]),
    ("list_leading_empty", "[,a]", [None, "a"]),
    ("list_numbers_null", "[1,,3]", ["1", None, "3"]),
    ("list_quoted_empty", '[""]', [""]),
    ("list_quoted_empty_then_null", '["",]', ["", None]),
    ("list_two_quoted_empty", '["",""]', ["", ""]),
    ("list_null_vs_empty", '[a,"b,c",,"",d]', ["a", "b,c", None, "", "d"]),
    ("list_special_chars", '["""1st","2:nd","3r,d",four%]', ['"1st', "2:nd", "3r,d", "four%"]),
    ("list_unquoted_colon", '["""1st",2:nd,"3r,d",four%]', ['"1st', "2:nd", "3r,d", "four%"]),
    ("list_nested", "[[1,2],[],[3]]", [["1", "2"], [], ["3"]]),
    ("list_nested_matrix", "[[1,0],[0,1]]", [["1", "0"], ["0", "1"]]),
    ("list_nested_quoted_bracket", '[[a,"b]"],[c]]', [["a", "b]"], ["c"]]),
    (
        "list_maps",
        "[{Name:A,Age:1},{},{Name:B,Age:0}]",
        [{"Name": "A", "Age": "1"}, {}, {"Name": "B", "Age": "0"}],
    ),
    ("list_maps_null_slot", "[{Name:k1},,{Name:k2}]", [{"Name": "k1"}, None, {"Name": "k2"}]),
    ("list_empty_map_item", "[{}]", [{}]),
    ("list_empty_list_item", "[[]]", [[]]),
    ("list_empty_containers", "[[],{},[],{}]", [[], {}, [], {}]),
    ("list_nested_nulls", "[[,],[a,]]", [[None, None], ["a", None]]),
    ("list_deep", "[[[[[a]]]]]", [[[[["a"]]]]]),
    ("list_item_open_brace_inside", "[a{b]", ["a{b"]),
    ("list_item_open_bracket_inside", "[a[b]", ["a[b"]),
    ("list_item_colon", "[a:b]", ["a:b"]),
    ("list_item_inner_quote", '[a"b]', ['a"b']),
    ("list_item_lf", "[a\nb]", ["a\nb"]),
    ("list_item_quoted_crlf", '["a\r\nb"]', ["a\r\nb"]),
    ("list_item_quoted_close_bracket", '["]"]', ["]"]),
    ("list_item_null_word", "[null]", ["null"]),
    ("list_item_tab", "[\t]", ["\t"]),
    ("list_unicode", "[é,ß,中,😀]", ["é", "ß", "中", "😀"]),
    ("list_bytes_like", "[0,65,97,255]", ["0", "65", "97", "255"]),
    ("list_set_order_kept", "[3,1,2]", ["3", "1", "2"]),
    ("list_map_with_list_value", "[{a:[b,{c:d}]}]", [{"a": ["b", {"c": "d"}]}]),
]

IMPL: List[Tuple[str, str, Any, str]] = [
    (
        "map_trailing_newline",
        "{a:b}\n",
        {"a": "b"},
        "IndexOutOfRangeException: nothing, not even a newline, may follow the closing `}` of a map",
    ),
    (
        "map_trailing_crlf",
        "{a:b}\r\n",
        {"a": "b"},
        "IndexOutOfRangeException (trailing whitespace after `}`)",
    ),
    (
        "map_trailing_space",
        "{Name:x} ",
        {"Name": "x"},
        "IndexOutOfRangeException (trailing whitespace after `}`)",
    ),
    (
        "map_trailing_tab",
        "{a:b}\t",
        {"a": "b"},
        "IndexOutOfRangeException (trailing whitespace after `}`)",
    ),
    (
        "string_quoted_trailing_newline",
        '"abc"\n',
        "abc",
        'unquoting drops the first and last char blindly: `abc"`',
    ),
    (
        "string_quoted_trailing_space",
        '"a" ',
        "a",
        'unquoting drops the first and last char blindly: `a"`',
    ),
    (
        "string_zwsp",
        "\u200b",
        "\u200b",
        'a value that is exactly U+200B (its internal empty-string marker) reads as `""`',
    ),
    ("map_value_zwsp", "{a:\u200b}", {"a": "\u200b"}, 'the value U+200B reads as `""`'),
    ("map_key_quoted_empty", '{"":x}', {"": "x"}, "Dictionary<string,string> gets the key U+200B"),
    (
        "map_key_quoted_empty_written",
        '{One:1st,"":"","k,x":"v:y"}',
        {"One": "1st", "": "", "k,x": "v:y"},
        'Dictionary<string,string> reads the `""` key as U+200B',
    ),
    (
        "map_key_empty",
        "{:a}",
        pairs((None, "a")),
        "the plain-key scanner skips the first char before looking for `:`, runs off the end: IndexOutOfRangeException",
    ),
    (
        "map_key_empty_twice",
        "{:a,:b}",
        pairs((None, "b")),
        "`:` is skipped as the first key char, so the key becomes `:a,` and the value `b`",
    ),
    (
        "map_key_quoted_json_style",
        '{"Name":x}',
        {"Name": "x"},
        'HEAD keeps the quotes (`"Name"`, matches no POCO property); newer ServiceStack strips them like jsv',
    ),
    (
        "map_type_key",
        '{__type:"Probe.Poco, P2",Name:x,Age:2}',
        {"__type": "Probe.Poco, P2", "Name": "x", "Age": "2"},
        "untyped (`object`) target: `__type` selects and instantiates a .NET type; jsv keeps it as an ordinary key",
    ),
    (
        "map_nested_values_parsed",
        '{a:1,b:{c:2},d:[1,2],e:True,f:"x,y",g:,h:""}',
        {"a": "1", "b": {"c": "2"}, "d": ["1", "2"], "e": "True", "f": "x,y", "g": None, "h": ""},
        'Dictionary<string,object> returns nested maps/lists as their raw text (`"{c:2}"`, `"[1,2]"`)',
    ),
    (
        "list_mixed_nested",
        '[1,a,{b:c},[d],"e,f",]',
        ["1", "a", {"b": "c"}, ["d"], "e,f", None],
        'List<object> returns nested items as raw text (`"{b:c}"`, `"[d]"`)',
    ),
    (
        "list_only_comma",
        "[,]",
        [None, None],
        "List<string>: [null, null] (same); List<object>/List<int?>: one null",
    ),
    (
        "list_item_close_brace",
        "[a}b,c]",
        ["a}b", "c"],
        "an unquoted `}` also ends a list item: `a`, `b`, `c`",
    ),
    (
        "list_whitespace_items",
        "[ a , b ]",
        [" a ", " b "],
        "HEAD skips the blank after `[`: `a `, ` b `; newer ServiceStack keeps it like jsv",
    ),
    ("list_leading_space_item", "[ A ]", [" A "], "HEAD: `A `; newer ServiceStack: ` A ` like jsv"),
    ("list_space_only", "[ ]", [" "], "an empty list (the blank after `[` is skipped)"),
    (
        "list_space_before_quote",
        '[ "a"]',
        [' "a"'],
        "HEAD skips the blank and unquotes: `a`; jsv reads a plain item (it does not start with a quote)",
    ),
    (
        "list_spaces_around_quoted",
        '[ "a" , b]',
        [' "a" ', " b"],
        "`a`, ` `, ` b` (the blank after the closing quote becomes an extra item)",
    ),
    (
        "list_blank_before_map_item",
        "[{Name:a}, {Name:b}]",
        [{"Name": "a"}, " {Name:b}"],
        "List<POCO>: SerializationException (exactly one char is skipped after each item)",
    ),
    (
        "string_leading_space_then_map",
        " {Name:x}",
        " {Name:x}",
        "POCO target: SerializationException (must start with `{`); Dictionary target: a garbage key",
    ),
    (
        "string_map_without_braces",
        "Name:x",
        "Name:x",
        "POCO target: SerializationException; Dictionary target: {Name: x}",
    ),
    (
        "string_dict_without_braces",
        "a:1,b:2",
        "a:1,b:2",
        "Dictionary target: {a: 1, b: 2} (missing `{` tolerated)",
    ),
    (
        "string_list_without_brackets",
        "x,y,z",
        "x,y,z",
        "list target: three items (brackets optional); object target: the same string",
    ),
]

NO_: List[Tuple[str, str, str]] = [
    ("map_unclosed", "{a:1", "ServiceStack tolerates a missing `}`"),
    ("map_lone_open", "{", "ServiceStack reads an empty object"),
    ("map_unclosed_after_comma", "{a:1,", ""),
    ("map_unclosed_nested", "{a:{b:c}", ""),
    ("map_unclosed_deep", "{a:{b:{c:d}}", ""),
    ("map_unclosed_after_key", "{a", ""),
    ("map_unclosed_after_colon", "{a:", ""),
    ("map_unclosed_after_quoted_value", '{a:"b"', ""),
    (
        "map_closed_by_bracket",
        "{a:b]",
        "jsv: the plain value `b]` runs to the end, so the `}` is missing",
    ),
    (
        "map_list_closed_by_brace",
        "{a:[b}",
        "jsv: the list item `b}` runs to the end, so both closers are missing",
    ),
    ("map_list_unclosed", "{a:[b,c}", ""),
    ("map_trailing_comma", "{Name:x,}", "IndexOutOfRangeException in ServiceStack too"),
    ("map_no_colon", "{Name}", "IndexOutOfRangeException in ServiceStack too"),
    ("map_no_colon_second_entry", "{a:1,b}", ""),
    ("map_key_comma", "{a,b:1}", ""),
    ("map_only_comma", "{,}", ""),
    ("map_leading_comma", "{,a:1}", ""),
    ("map_double_comma", "{a:1,,b:2}", ""),
    ("map_raw_comma_char", "{C:,,S:s}", "ServiceStack: C = '\\0', S lost (a `,` char written raw)"),
    ("map_space_only", "{ }", "ServiceStack reads `{ }` as empty; jsv only in lenient mode"),
    ("map_space_key_only", "{ a }", ""),
    ("map_garbage_after", "{Name:x}garbage", "IndexOutOfRangeException in ServiceStack too"),
    ("map_entry_after_close", "{Name:x}Age:5", "ServiceStack parses Age as a second property"),
    ("map_entry_after_close_dict", "{a:1}b:2", "ServiceStack parses b as a second entry"),
    ("map_xyz_after_close", "{a:1}xyz", ""),
    ("map_two_maps", "{a:1}{b:2}", ""),
    ("map_space_then_garbage", "{a:b} x", ""),
    ("map_then_comma", "{},", ""),
    ("map_empty_then_colon", "{}:1}", ""),
    (
        "map_unterminated_quote_value",
        '{Name:"abc,Age:5}',
        "ServiceStack: the value swallows the rest of the text",
    ),
    ("map_unterminated_quote_empty", '{a:"}', ""),
    (
        "map_char_after_quote",
        '{Name:"a"b,Age:1}',
        "ServiceStack silently drops `b` and the next property",
    ),
    ("map_space_after_quote", '{Name:"a" }', ""),
    (
        "map_space_before_quoted_comma",
        '{Name: "a,b"}',
        "IndexOutOfRangeException in ServiceStack too",
    ),
    ("map_space_before_nested_map", "{A: {b:c}}", ""),
    ("map_space_before_nested_list", "{A: [b,c]}", ""),
    ("map_char_after_nested_map", "{a:{b:c}x}", ""),
    ("map_space_after_nested_map", "{a:{b:c} }", ""),
    ("map_char_after_nested_list", "{a:[b]x}", ""),
    ("map_trailing_comma_nested", "{a:{b:c,}}", ""),
    ("map_quoted_key_then_char", '{"a"b:1}', ""),
    ("map_quoted_key_unterminated", '{"a:1}', ""),
    ("map_quoted_key_no_colon", '{"a"}', ""),
    ("map_quoted_key_space_before_colon", '{"a" :1}', ""),
    ("map_key_map_malformed", "{{a}:1}", ""),
    ("map_key_map_then_char", "{{a:b}x:1}", ""),
    ("map_key_map_no_colon", "{{a:b}}", ""),
    ("map_key_list_unclosed", "{[a:1}", ""),
    ("list_unclosed", "[a,b", "ServiceStack drops the last char: [a, null]"),
    ("list_lone_open", "[", ""),
    ("list_unclosed_trailing_comma", "[a,", ""),
    ("list_unclosed_nested", "[[a]", ""),
    ("list_unclosed_after_quoted", '["b"', ""),
    (
        "list_closed_by_brace",
        "[a}",
        "jsv: the plain item `a}` runs to the end, so the `]` is missing",
    ),
    (
        "list_map_closed_by_bracket",
        "[{a:b]",
        "jsv: the map value `b]` runs to the end, so both closers are missing",
    ),
    ("list_extra_close", "[a]]", ""),
    ("list_garbage_after", "[a]x", ""),
    ("list_two_lists", "[a][b]", ""),
    ("list_newline_then_garbage", "[a]\nx", ""),
    ("list_quote_then_space", '["a" ,b]', ""),
    ("list_quote_then_char", '["a"b]', ""),
    ("list_quote_then_close_brace", '["a"}]', ""),
    ("list_unterminated_quote", '["abc]', ""),
    ("list_space_after_map_item", "[{Name:a} ,{Name:b}]", ""),
    ("list_char_after_nested_list", "[[a]b]", ""),
    ("list_space_after_nested_list", "[[a] ]", ""),
    ("string_unterminated", '"abc', "ServiceStack: `ab` (last char dropped blindly)"),
    ("string_unterminated_lone", '"', ""),
    ("string_unterminated_after_escape", '"a""', ""),
    ("string_three_quotes", '"""', ""),
    ("string_doubled_then_text_unterminated", '"a""b', ""),
    ("string_char_after_quote", '"a"b"', 'ServiceStack unquotes blindly: `a"b`'),
    ("string_text_after_quote", '"a" b', ""),
    ("string_quoted_then_map", '"a"{b:c}', ""),
    ("string_two_quoted", '"a","b"', ""),
]

LEN: List[Tuple[str, str, Any]] = [
    ("map_spaces_everywhere", "{ A : hello world }", {"A": "hello world"}),
    ("map_space_only", "{ }", {}),
    ("map_newline_only", "{\n}", {}),
    ("list_space_only", "[ ]", []),
    ("list_spaces", "[ a , b ]", ["a", "b"]),
    ("list_blank_item", "[a, ,b]", ["a", None, "b"]),
    ("list_maps_blank_after_comma", "[{Name:a}, {Name:b}]", [{"Name": "a"}, {"Name": "b"}]),
    ("list_maps_blank_before_comma", "[{Name:a} , {Name:b} ]", [{"Name": "a"}, {"Name": "b"}]),
    ("map_quoted_value_spaces", '{Name: "a,b" }', {"Name": "a,b"}),
    ("map_crlf", "{\r\n\tId: 1,\r\n\tName: x\r\n}", {"Id": "1", "Name": "x"}),
    ("doc_spaces_around_map", "  {a:b}  ", {"a": "b"}),
    ("doc_newlines_around_list", "\n[a]\n", ["a"]),
    ("doc_crlf_after_map", "{a:b}\r\n", {"a": "b"}),
    ("string_trimmed", "  x  ", "x"),
    ("string_inner_space_kept", " a b ", "a b"),
    ("string_whitespace_only", " \t\r\n ", None),
    ("string_quoted_spaces_around", '  " x "  ', " x "),
    ("empty_document", "", None),
    ("map_strict_text", "{a:b,c:[d]}", {"a": "b", "c": ["d"]}),
    ("format_flat", "{\n\tId: 1,\n\tName: Name\n}", {"Id": "1", "Name": "Name"}),
    (
        "format_nested",
        "{\n\tChild: \n\t{\n\t\tName: c,\n\t\tAge: 1\n\t},\n\tKids: \n\t[\n\t\t{\n\t\t\tName: k1,\n\t\t\tAge: 0\n\t\t}\n\t],"
        '\n\tGrid: [],\n\tTags: \n\t[\n\t\ta,\n\t\t"b,c"\n\t]\n}',
        {
            "Child": {"Name": "c", "Age": "1"},
            "Kids": [{"Name": "k1", "Age": "0"}],
            "Grid": [],
            "Tags": ["a", "b,c"],
        },
    ),
    ("format_empty_map", "{\n\t\n}", {}),
    ("format_empty_list", "[\n\t\n]", []),
    ("format_list", "[\n\t1,\n\t2\n]", ["1", "2"]),
    ("format_list_with_map", '[\n\t"x:y",\n\t{\n\t\tA: 1\n\t}\n]', ["x:y", {"A": "1"}]),
    (
        "format_three_levels",
        "{\n\ta: \n\t{\n\t\tb: \n\t\t{\n\t\t\tc: d\n\t\t}\n\t}\n}",
        {"a": {"b": {"c": "d"}}},
    ),
    ("format_quoted_blank_string", '{\n\tA: " x",\n\tB: ""\n}', {"A": " x", "B": ""}),
    (
        "format_crlf",
        "{\r\n\tId: 1,\r\n\tTags: \r\n\t[\r\n\t\ta\r\n\t]\r\n}",
        {"Id": "1", "Tags": ["a"]},
    ),
    ("map_quoted_key_spaces", '{ "a b" : 1 }', {"a b": "1"}),
    ("map_key_inner_space", "{ a b : c }", {"a b": "c"}),
    ("map_value_empty_with_space", "{a: ,b:c}", {"a": None, "b": "c"}),
    ("map_value_empty_at_end", "{a: }", {"a": None}),
    ("map_key_empty_with_spaces", "{ : a }", pairs((None, "a"))),
    ("list_comma_spaces", "[ , ]", [None, None]),
    ("list_trailing_comma_space", "[a, ]", ["a", None]),
    ("list_null_first_spaces", "[ , a]", [None, "a"]),
    ("list_quoted_spaces", '[ "a" , "b" ]', ["a", "b"]),
    ("list_quoted_inner_whitespace", '[ " a " ]', [" a "]),
    ("map_nested_spaces", "{ a : [ 1 , 2 ] , b : { c : d } }", {"a": ["1", "2"], "b": {"c": "d"}}),
    ("map_value_inner_newline", "{a: x\n y }", {"a": "x\n y"}),
    ("map_tabs", "{\tA\t:\tB\t}", {"A": "B"}),
    ("map_value_inner_double_space", "{A:hello  world}", {"A": "hello  world"}),
    ("list_nested_blanks", "[ [ a ] , [ ] ]", [["a"], []]),
    ("map_nested_blank_before_close", "{a:{b:c} }", {"a": {"b": "c"}}),
    ("map_value_colon_trimmed", "{ Url : http://x/y }", {"Url": "http://x/y"}),
    ("map_key_map_spaces", "{ {a:b} : c }", {"{a:b}": "c"}),
    ("map_quoted_empty_value", '{ a : "" }', {"a": ""}),
    ("map_duplicate_keys", "{ a : 1 , a : 2 }", {"a": "2"}),
    ("map_value_nbsp_kept", "{a:\u00a0x\u00a0}", {"a": "\u00a0x\u00a0"}),
    ("map_quoted_value_crlf_kept", '{ a : " x\r\n" }', {"a": " x\r\n"}),
]

LEN_NO: List[Tuple[str, str]] = [
    ("unterminated_quote", '{ a : "x }'),
    ("unterminated_string_top", '  "abc  '),
    ("missing_bracket", "[ a , b "),
    ("missing_brace", "{ a : b "),
    ("no_colon", "{ a }"),
    ("no_colon_comma", "{ a , b : c }"),
    ("trailing_comma_map", "{ a : b , }"),
    ("garbage_after_map", "{a:b} x"),
    ("char_after_quote", '[ "a" b ]'),
    ("extra_close", "[a] ]"),
    ("two_maps", "{a:b} {c:d}"),
    ("char_after_nested", "{ a : { b : c } x }"),
]


#: What each `n_`/`ln_` case must raise: JSVDecodeError's msg and pos (in chars of the
#: text after any BOM).  Written out by hand-checked literal, never computed by jsv.
REJECTED: Dict[str, Tuple[str, int]] = {
    "n_map_unclosed": ("Unterminated map: expecting ',' or '}'", 4),
    "n_map_lone_open": ("Unterminated map: expecting a key", 1),
    "n_map_unclosed_after_comma": ("Unterminated map: expecting a key", 5),
    "n_map_unclosed_nested": ("Unterminated map: expecting ',' or '}'", 8),
    "n_map_unclosed_deep": ("Unterminated map: expecting ',' or '}'", 12),
    "n_map_unclosed_after_key": ("Expecting ':' after the key", 2),
    "n_map_unclosed_after_colon": ("Unterminated map: expecting a value", 3),
    "n_map_unclosed_after_quoted_value": ("Unterminated map: expecting ',' or '}'", 6),
    "n_map_closed_by_bracket": ("Unterminated map: expecting ',' or '}'", 5),
    "n_map_list_closed_by_brace": ("Unterminated list: expecting ',' or ']'", 6),
    "n_map_list_unclosed": ("Unterminated list: expecting ',' or ']'", 8),
    "n_map_trailing_comma": ("Expecting a key after ','", 8),
    "n_map_no_colon": ("Expecting ':' after the key", 5),
    "n_map_no_colon_second_entry": ("Expecting ':' after the key", 6),
    "n_map_key_comma": ("Expecting ':' after the key", 2),
    "n_map_only_comma": ("Expecting a key after ','", 1),
    "n_map_leading_comma": ("Expecting a key after ','", 1),
    "n_map_double_comma": ("Expecting a key after ','", 5),
    "n_map_raw_comma_char": ("Expecting a key after ','", 4),
    "n_map_space_only": ("Expecting ':' after the key", 2),
    "n_map_space_key_only": ("Expecting ':' after the key", 4),
    "n_map_garbage_after": ("Extra data after the top-level value", 8),
    "n_map_entry_after_close": ("Extra data after the top-level value", 8),
    "n_map_entry_after_close_dict": ("Extra data after the top-level value", 5),
    "n_map_xyz_after_close": ("Extra data after the top-level value", 5),
    "n_map_two_maps": ("Extra data after the top-level value", 5),
    "n_map_space_then_garbage": ("Extra data after the top-level value", 6),
    "n_map_then_comma": ("Extra data after the top-level value", 2),
    "n_map_empty_then_colon": ("Extra data after the top-level value", 2),
    "n_map_unterminated_quote_value": ("Unterminated quoted string", 6),
    "n_map_unterminated_quote_empty": ("Unterminated quoted string", 3),
    "n_map_char_after_quote": ("Expecting ',' or '}' after a map value", 9),
    "n_map_space_after_quote": ("Expecting ',' or '}' after a map value", 9),
    "n_map_space_before_quoted_comma": ("Expecting ':' after the key", 12),
    "n_map_space_before_nested_map": ("Extra data after the top-level value", 9),
    "n_map_space_before_nested_list": ("Expecting ':' after the key", 9),
    "n_map_char_after_nested_map": ("Expecting ',' or '}' after a map value", 8),
    "n_map_space_after_nested_map": ("Expecting ',' or '}' after a map value", 8),
    "n_map_char_after_nested_list": ("Expecting ',' or '}' after a map value", 6),
    "n_map_trailing_comma_nested": ("Expecting a key after ','", 8),
    "n_map_quoted_key_then_char": ("Expecting ':' after the key", 4),
    "n_map_quoted_key_unterminated": ("Unterminated quoted string", 1),
    "n_map_quoted_key_no_colon": ("Expecting ':' after the key", 4),
    "n_map_quoted_key_space_before_colon": ("Expecting ':' after the key", 4),
    "n_map_key_map_malformed": ("Expecting ':' after the key", 3),
    "n_map_key_map_then_char": ("Expecting ':' after the key", 6),
    "n_map_key_map_no_colon": ("Expecting ':' after the key", 6),
    "n_map_key_list_unclosed": ("Unterminated list: expecting ',' or ']'", 6),
    "n_list_unclosed": ("Unterminated list: expecting ',' or ']'", 4),
    "n_list_lone_open": ("Unterminated list: expecting ',' or ']'", 1),
    "n_list_unclosed_trailing_comma": ("Unterminated list: expecting ',' or ']'", 3),
    "n_list_unclosed_nested": ("Unterminated list: expecting ',' or ']'", 4),
    "n_list_unclosed_after_quoted": ("Unterminated list: expecting ',' or ']'", 4),
    "n_list_closed_by_brace": ("Unterminated list: expecting ',' or ']'", 3),
    "n_list_map_closed_by_bracket": ("Unterminated map: expecting ',' or '}'", 6),
    "n_list_extra_close": ("Extra data after the top-level value", 3),
    "n_list_garbage_after": ("Extra data after the top-level value", 3),
    "n_list_two_lists": ("Extra data after the top-level value", 3),
    "n_list_newline_then_garbage": ("Extra data after the top-level value", 4),
    "n_list_quote_then_space": ("Expecting ',' or ']' after a list item", 4),
    "n_list_quote_then_char": ("Expecting ',' or ']' after a list item", 4),
    "n_list_quote_then_close_brace": ("Expecting ',' or ']' after a list item", 4),
    "n_list_unterminated_quote": ("Unterminated quoted string", 1),
    "n_list_space_after_map_item": ("Expecting ',' or ']' after a list item", 9),
    "n_list_char_after_nested_list": ("Expecting ',' or ']' after a list item", 4),
    "n_list_space_after_nested_list": ("Expecting ',' or ']' after a list item", 4),
    "n_string_unterminated": ("Unterminated quoted string", 0),
    "n_string_unterminated_lone": ("Unterminated quoted string", 0),
    "n_string_unterminated_after_escape": ("Unterminated quoted string", 0),
    "n_string_three_quotes": ("Unterminated quoted string", 0),
    "n_string_doubled_then_text_unterminated": ("Unterminated quoted string", 0),
    "n_string_char_after_quote": ("Extra data after the top-level value", 3),
    "n_string_text_after_quote": ("Extra data after the top-level value", 4),
    "n_string_quoted_then_map": ("Extra data after the top-level value", 3),
    "n_string_two_quoted": ("Extra data after the top-level value", 3),
    "ln_unterminated_quote": ("Unterminated quoted string", 6),
    "ln_unterminated_string_top": ("Unterminated quoted string", 2),
    "ln_missing_bracket": ("Unterminated list: expecting ',' or ']'", 7),
    "ln_missing_brace": ("Unterminated map: expecting ',' or '}'", 7),
    "ln_no_colon": ("Expecting ':' after the key", 4),
    "ln_no_colon_comma": ("Expecting ':' after the key", 4),
    "ln_trailing_comma_map": ("Expecting a key after ','", 10),
    "ln_garbage_after_map": ("Extra data after the top-level value", 6),
    "ln_char_after_quote": ("Expecting ',' or ']' after a list item", 6),
    "ln_extra_close": ("Extra data after the top-level value", 4),
    "ln_two_maps": ("Extra data after the top-level value", 6),
    "ln_char_after_nested": ("Expecting ',' or '}' after a map value", 16),
}

def _rejected(name: str) -> Dict[str, Any]:
    msg, pos = REJECTED[name]
    return {"error": msg, "pos": pos}


def write(name: str, text: str, expected: Any = NO) -> None:
    (CASES / f"{name}.jsv").write_bytes(text.encode("utf-8"))
    if expected is not NO:
        (CASES / f"{name}.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=None) + "\n", encoding="utf-8"
        )


def main() -> None:
    CASES.mkdir(exist_ok=True)
    for p in list(CASES.glob("*.jsv")) + list(CASES.glob("*.json")):
        p.unlink()
    for name, text, expected in YES:
        write(f"y_{name}", text, expected)
    for name, text, expected, _ in IMPL:
        write(f"i_{name}", text, expected)
    for name, text, _ in NO_:
        write(f"n_{name}", text, _rejected(f"n_{name}"))
    for name, text, expected in LEN:
        write(f"l_{name}", text, expected)
    for name, text in LEN_NO:
        write(f"ln_{name}", text, _rejected(f"ln_{name}"))
    names = [p.stem for p in CASES.glob("*.jsv")]
    assert (
        len(names) == len(set(names)) == len(YES) + len(IMPL) + len(NO_) + len(LEN) + len(LEN_NO)
    ), "duplicate case name"

    lines = [
        "# JSV conformance cases",
        "",
        "JSONTestSuite-style cases for `jsv.loads`, run by `test_conformance.py` as `str`, as UTF-8 `bytes`",
        "and as `bytes` with a UTF-8 BOM.  Each case is one file in `cases/`; its exact bytes are the input",
        "(no trailing newline unless the case is about one).  `_generate.py` writes them all.",
        "",
        "| prefix | meaning | expected value |",
        "|---|---|---|",
        "| `y_` | must be accepted by `jsv.loads(text)` | sibling `.json` |",
        "| `n_` | must be rejected with `jsv.JSVDecodeError` | sibling `.json`: its `msg` and `pos` |",
        "| `i_` | implementation-defined: ServiceStack.Text reads it differently; jsv's decision | sibling `.json` |",
        "| `l_` | must be accepted by `jsv.loads(text, lenient=True)` | sibling `.json` |",
        "| `ln_` | must be rejected by `jsv.loads(text, lenient=True)` too | sibling `.json`: its `msg` and `pos` |",
        "",
        "Expected values are JSON (`null` = `None`).  JSON has no `None` key, so",
        '`{"__jsv_pairs__": [[key, value], ...]}` stands for the dict built from those pairs.',
        'A rejected case\'s `.json` is `{"error": msg, "pos": pos}`: the exact message and the',
        "position in characters of the text after any BOM, so a rejection for another reason fails.",
        "",
        f"Counts: {len(YES)} `y_`, {len(NO_)} `n_`, {len(IMPL)} `i_`, {len(LEN)} `l_`, {len(LEN_NO)} `ln_` "
        f"({len(YES) + len(NO_) + len(IMPL) + len(LEN) + len(LEN_NO)} cases).",
        "",
        "Reference for the ServiceStack column: ServiceStack.Text HEAD 6.0.3 / 5.4 runtime, as described in",
        "JSV-SPEC.md (typed targets `Dictionary<string,string>`, `List<string>`, POCOs, unless stated).",
        "",
        "## `i_` cases: what ServiceStack does",
        "",
    ]
    for name, text, _, comment in IMPL:
        lines.append(f"- `i_{name}` {json.dumps(text)}: {comment}")
    lines += ["", "## Notes on `n_` cases (what ServiceStack does, or why jsv rejects)", ""]
    for name, text, comment in NO_:
        if comment:
            lines.append(f"- `n_{name}` {json.dumps(text)}: {comment}")
    lines.append("")
    (HERE / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(names)} cases written")


if __name__ == "__main__":
    main()
