"""jsv.querystring: ServiceStack's query strings, byte for byte, and back.

The expected strings are the ones ServiceStack's own tests assert (repository
ServiceStack/ServiceStack; each test names the file and the test), with the C#
classes written as dataclasses whose fields have the C# property names.
Every ``encode`` case is also read back with ``decode``.
"""

from __future__ import annotations

import contextlib
import doctest
import enum
import urllib.parse
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, List, Literal, Optional, Set, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jsv.querystring
from jsv import JSVValidationError
from jsv.querystring import decode, encode, encode_value

QS_TEXT_TESTS = "ServiceStack.Text/tests/ServiceStack.Text.Tests/QueryStringSerializerTests.cs"
QS_WRITER_TESTS = "ServiceStack.Text/tests/ServiceStack.Text.Tests/QueryStringWriterTests.cs"
QS_COMMON_TESTS = "ServiceStack/tests/ServiceStack.Common.Tests/QueryStringSerializerTests.cs"
URL_TESTS = "ServiceStack/tests/ServiceStack.Common.Tests/UrlExtensionTests.cs"
CLIENT_TESTS = "ServiceStack/tests/ServiceStack.WebHost.Endpoints.Tests/ServiceClientTests.cs"


# -- the C# classes of those tests ---------------------------------------------------------


@dataclass
class C:
    A: Optional[int] = None
    B: Optional[int] = None


@dataclass
class D:
    A: Optional[str] = None
    B: Optional[str] = None


@dataclass
class B:
    Property: Optional[str] = None
    Property2: Optional[str] = None
    Property3: Optional[str] = None


@dataclass
class A:
    ListOfB: Optional[List[B]] = None


@dataclass
class TestPocos:
    __test__ = False  # a C# class name, not a pytest class
    ListOfA: Optional[List[A]] = None


@dataclass
class Empty:
    pass


@dataclass
class Newline:  # new { newline = "\r\n" }
    newline: str


@dataclass
class Tab:  # new { tab = "\t" }
    tab: str


@dataclass
class ListHolder:  # new { list = t }
    list: List[str]


@dataclass
class Movie:
    Id: Optional[str] = None
    Title: Optional[str] = None
    Rating: Optional[Decimal] = None
    Director: Optional[str] = None
    ReleaseDate: Optional[datetime] = None
    TagLine: Optional[str] = None
    Genres: Optional[List[str]] = None


class Gender(enum.Enum):
    None_ = "None"
    Male = "Male"
    Female = "Female"


@dataclass
class RequestWithValueTypes:  # Id is the route's path variable
    Gender1: Optional[Gender] = None
    Gender2: Optional[Gender] = None


@dataclass
class JustId:
    Id: int


@dataclass
class FallbackJustId:  # Id is the route's path variable
    Name: Optional[str] = None


@dataclass
class RequestWithIgnoredDataMembers:  # Id in the path, Excluded [IgnoreDataMember]
    Included: Optional[str] = None


@dataclass
class GetCustomer:
    CustomerId: int


MOVIE = Movie(
    Id="tt0110912",
    Title="Pulp Fiction",
    Rating=Decimal("8.9"),
    Director="Quentin Tarantino",
    ReleaseDate=datetime(1994, 10, 24),
    TagLine="Girls like me don't make invitations like this to just anyone!",
    Genres=["Crime", "Drama", "Thriller"],
)
MOVIE_QS = (
    "Id=tt0110912&Title=Pulp+Fiction&Rating=8.9&Director=Quentin+Tarantino&ReleaseDate=1994-10-24"
    "&TagLine=Girls+like+me+don%27t+make+invitations+like+this+to+just+anyone%21"
    "&Genres=Crime,Drama,Thriller"
)
UNICODE_A = "믬㼼摄䰸蠧蛛㙷뇰믓堐锗멮ᙒ덃"
UNICODE_B = "八敁喖䉬ڵẀ똦⌀羭䥀主䧒蚭㾐타"

# (where, test name, value, expected query string)
SERIALIZER_CASES: List[Tuple[str, str, Any, str]] = [
    (QS_TEXT_TESTS, "Can_serialize_query_string", C(1, 2), "A=1&B=2"),
    (QS_TEXT_TESTS, "Can_serialize_query_string", C(None, 2), "B=2"),
    (
        QS_TEXT_TESTS,
        "Can_Serialize_Unicode_Query_String",
        D(UNICODE_A, UNICODE_B),
        "A=%eb%af%ac%e3%bc%bc%e6%91%84%e4%b0%b8%e8%a0%a7%e8%9b%9b%e3%99%b7%eb%87%b0%eb%af%93%e5%a0"
        "%90%e9%94%97%eb%a9%ae%e1%99%92%eb%8d%83&B=%e5%85%ab%e6%95%81%e5%96%96%e4%89%ac%da%b5%e1%ba"
        "%80%eb%98%a6%e2%8c%80%e7%be%ad%e4%a5%80%e4%b8%bb%e4%a7%92%e8%9a%ad%e3%be%90%ed%83%80",
    ),
    (
        QS_TEXT_TESTS,
        "Can_Serialize_Unicode_Query_String",
        D("崑⨹堡ꁀᢖ㤹ì㭡줪銬"),
        "A=%e5%b4%91%e2%a8%b9%e5%a0%a1%ea%81%80%e1%a2%96%e3%a4%b9%c3%ac%e3%ad%a1%ec%a4%aa%e9%8a%ac",
    ),
    (
        QS_TEXT_TESTS,
        "Does_serialize_Poco_and_string_dictionary_with_encoded_data",
        D("Field with comma, to demo. "),
        "A=Field+with+comma,+to+demo.+",
    ),
    (
        QS_TEXT_TESTS,
        "Does_serialize_Poco_and_string_dictionary_with_encoded_data",
        {"A": "Field with comma, to demo. "},  # .ToStringDictionary()
        "A=Field+with+comma,+to+demo.+",
    ),
    (QS_TEXT_TESTS, "Can_serialize_empty_object", Empty(), ""),
    (QS_TEXT_TESTS, "Can_serialize_newline", Newline("\r\n"), "newline=%0d%0a"),
    (
        QS_TEXT_TESTS,
        "Can_serialize_array_of_strings_with_colon",
        ListHolder(["Foo:Bar", "Get:Out"]),
        "list=Foo%3aBar,Get%3aOut",
    ),
    (QS_TEXT_TESTS, "Can_serialize_tab", Tab("\t"), "tab=%09"),
    (
        QS_TEXT_TESTS,
        "Deos_serialize_QueryStrings",
        TestPocos([A([B("prop1"), B("prop2")])]),
        "ListOfA={ListOfB:[{Property:prop1},{Property:prop2}]}",
    ),
    (
        QS_TEXT_TESTS,
        "Can_serialize_quoted_strings",
        B('"quoted content"'),
        "Property=%22quoted+content%22",
    ),
    (
        QS_TEXT_TESTS,
        "Can_serialize_quoted_strings",
        B('"quoted content, and with a comma"'),
        "Property=%22quoted+content,+and+with+a+comma%22",
    ),
    (
        QS_TEXT_TESTS,
        "Can_serialize_with_comma_in_property_in_list",
        TestPocos([A([B("Doe, John", "Doe", "John")])]),
        "ListOfA={ListOfB:[{Property:%22Doe,+John%22,Property2:Doe,Property3:John}]}",
    ),
    (QS_TEXT_TESTS, "Can_serialize_Poco_with_comma_in_string", B("Foo,Bar"), "Property=Foo,Bar"),
    (QS_TEXT_TESTS, "Does_urlencode_Poco_with_escape_char", B("Foo&Bar"), "Property=Foo%26Bar"),
    (QS_WRITER_TESTS, "Can_Write_QueryString", MOVIE, MOVIE_QS),
    (QS_WRITER_TESTS, "Can_write_AnonymousType_to_QueryString", MOVIE, MOVIE_QS),
    (
        QS_WRITER_TESTS,
        "Can_write_dictionary_to_QueryString",
        {
            "Id": "tt0110912",
            "Title": "Pulp Fiction",
            "Rating": "8.9",
            "Director": "Quentin Tarantino",
            "ReleaseDate": "1994-10-24",
            "TagLine": "Girls like me don't make invitations like this to just anyone!",
            "Genres": "Crime,Drama,Thriller",
        },
        MOVIE_QS,
    ),
    (
        QS_COMMON_TESTS,
        "QueryStringSerializer_TestRequest_output",
        TestPocos([A([B("prop1"), B("prop2")])]),
        "ListOfA={ListOfB:[{Property:prop1},{Property:prop2}]}",
    ),
]

# The .NET clients camelCase parameter names: rename="camel".
CLIENT_CASES: List[Tuple[str, str, Any, str]] = [
    (URL_TESTS, "Can_generate_OneWay_path / Can_generate_Reply_path", JustId(1), "id=1"),
    (URL_TESTS, "Can_create_url_with_FallbackJustId", FallbackJustId("foo"), "name=foo"),
    (
        URL_TESTS,
        "Cannot_include_ignored_data_members_on_querystring",
        RequestWithIgnoredDataMembers("Yes"),
        "included=Yes",
    ),
    (
        URL_TESTS,
        "Can_use_non_default_for_non_nullable_value_types_on_querystring",
        RequestWithValueTypes(Gender1=Gender.Male),
        "gender1=Male",
    ),
    (
        URL_TESTS,
        "Can_use_default_for_nullable_value_types_on_querystring",
        RequestWithValueTypes(Gender2=Gender.None_),
        "gender2=None",
    ),
    (
        URL_TESTS,
        "Can_use_non_default_for_nullable_value_types_on_querystring",
        RequestWithValueTypes(Gender2=Gender.Male),
        "gender2=Male",
    ),
    (
        URL_TESTS,
        "Cannot_use_null_for_nullable_value_types_on_querystring",
        RequestWithValueTypes(),
        "",
    ),
    (CLIENT_TESTS, "Does_allow_sending_Cached_Response", GetCustomer(5), "customerId=5"),
]


@pytest.mark.parametrize("where,test,value,expected", SERIALIZER_CASES)
def test_serializer_style_matches_servicestack(
    engine: str, where: str, test: str, value: Any, expected: str
) -> None:
    assert encode(value, style="serializer") == expected
    assert decode(expected, Dict[str, str] if isinstance(value, dict) else type(value)) == value


@pytest.mark.parametrize("where,test,value,expected", CLIENT_CASES)
def test_client_style_matches_servicestack(
    engine: str, where: str, test: str, value: Any, expected: str
) -> None:
    assert encode(value, rename="camel") == expected
    assert decode(expected, type(value)) == value


def test_dictionary_query_reads_into_a_dto(engine: str) -> None:
    # QueryStringWriterTests.Can_write_dictionary_to_QueryString: the same text
    # as the Movie DTO, so it binds to it.
    assert decode(MOVIE_QS, Movie) == MOVIE


def test_encode_value_matches_servicestack(engine: str) -> None:
    # UrlExtensionTests.Can_create_url_with_ArrayIds: "/route/{Ids}" -> "/route/1%2C2%2C3"
    assert encode_value([1, 2, 3]) == "1%2C2%2C3"
    # UrlExtensionTests.Show_what_uri_escaping_encodes (Uri.EscapeDataString)
    data = "amp&mod%space comma,dot.colon:semicolon;slash/"
    assert encode_value(data) == "amp%26mod%25space%20comma%2Cdot.colon%3Asemicolon%3Bslash%2F"
    # QueryStringSerializerTests.Can_serialize_with_comma_in_property_in_list
    assert encode_value([A([B("Doe, John")])], style="serializer") == (
        "{ListOfB:[{Property:%22Doe,+John%22}]}"
    )
    assert encode_value(None) == ""
    assert encode_value([]) == "%5B%5D"  # the empty list keeps its brackets


# -- decoding what ServiceStack's server decodes ------------------------------------------


def test_decode_servicestack_server_cases(engine: str) -> None:
    # QS_COMMON_TESTS: Can_deserialize_TestRequest_QueryStringSerializer_output
    request = decode("ListOfA={ListOfB:[{Property:prop1},{Property:prop2}]}", TestPocos)
    assert request.ListOfA is not None and len(request.ListOfA) == 1
    assert request.ListOfA[0].ListOfB == [B("prop1"), B("prop2")]
    # QS_TEXT_TESTS: Can_deserialize_quoted_strings
    assert decode("Property=%22%22quoted%20content%22%22", B).Property == '""quoted content""'
    assert decode("Property=%22%22quoted%20content,%20and%20with%20a%20comma%22%22", B) == B(
        '""quoted content, and with a comma""'
    )
    # QS_TEXT_TESTS: Can_deserialize_with_comma_in_property_in_list_from_static
    text = 'ListOfA={ListOfB:[{Property:"Doe,%20John",Property2:Doe,Property3:John}]}'
    assert decode(text, TestPocos) == TestPocos([A([B("Doe, John", "Doe", "John")])])


@dataclass
class Line:
    Sku: str
    Qty: int = 1


@dataclass
class Order:
    Ids: List[int] = field(default_factory=list)
    Tags: List[str] = field(default_factory=list)
    Lines: List[Line] = field(default_factory=list)
    Limits: Dict[str, int] = field(default_factory=dict)
    Name: str = "?"
    Note: Optional[str] = None
    Count: Optional[int] = 7
    Urgent: bool = False
    When: Optional[datetime] = None


def test_decode_issue_examples(engine: str) -> None:
    order = decode('?Ids=4,5,6&Tags=x,"y, z"&Lines={Sku:a1,Qty:2}', Order)
    assert order.Ids == [4, 5, 6]
    assert order.Tags == ["x", "y, z"]
    assert order.Lines == [Line("a1", 2)]


def test_decode_rules(engine: str) -> None:
    # names in any case; strings verbatim (no JSV unquoting); repeated names joined
    order = decode("ids=1&IDS=2&name=%22quoted%22&limits=Read:5,Write:2&urgent=true,false", Order)
    assert order.Ids == [2]  # two spellings are two parameters: the last wins
    assert decode("Ids=1&Ids=2", Order).Ids == [1, 2]
    assert order.Name == '"quoted"'
    assert order.Limits == {"Read": 5, "Write": 2}
    assert order.Urgent is True  # an HTML checkbox posts true,false
    # empty texts: '' for strings; absent for the rest (ServiceStack skips them)
    empty = decode("Name=&Note=&Count=&Tags=", Order)
    assert (empty.Name, empty.Note, empty.Count) == ("", "", 7)
    assert empty.Tags == []
    # dates in every shape the typed layer reads, + as a space
    assert decode("When=03/15/2021+08:30:00", Order).When == datetime(2021, 3, 15, 8, 30)
    # a mapping, as parse_qs gives it
    parsed = urllib.parse.parse_qs("Ids=1&Ids=2&Tags=a,b", keep_blank_values=True)
    assert decode(parsed, Order) == Order(Ids=[1, 2], Tags=["a", "b"])
    assert decode({"Name": "x", "Note": None}, Order) == Order(Name="x")
    # unknown names are skipped, as ServiceStack does
    assert decode("Nope=1&&=x", Order) == Order()
    assert decode("a=1&b=x", Dict[str, str]) == {"a": "1", "b": "x"}


def test_decode_errors_name_the_parameter(engine: str) -> None:
    with pytest.raises(JSVValidationError) as info:
        decode("Ids=1,x", Order)
    assert (info.value.msg, info.value.path) == ("Expected `int`, got `x`", "$.Ids[1]")
    with pytest.raises(JSVValidationError) as info:
        decode("lines={Sku:a1,Qty:", Order)
    assert info.value.path == "$.lines"
    assert info.value.msg.startswith("Invalid value `{Sku:a1,Qty:`: ")
    with pytest.raises(JSVValidationError) as info:
        decode("Qty=2", Line)
    assert (info.value.msg, info.value.path) == ("Object missing required field `Sku`", "$")
    with pytest.raises(JSVValidationError) as info:
        decode("Sku=a&Qty=", Dict[str, int])
    assert (info.value.msg, info.value.path) == ("Expected `int`, got `a`", '$["Sku"]')
    with pytest.raises(TypeError):
        decode(42, Order)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        encode([1, 2])
    with pytest.raises(ValueError):
        encode(Order(), style="form")


def test_client_style_keeps_brackets_where_trimming_loses(engine: str) -> None:
    # ServiceStack's client trims every bracket at both ends ([[1,2],[3]] -> 1,2],[3);
    # jsv keeps the outer pair where trimmed text would read differently.
    @dataclass
    class Grid:
        Rows: List[List[int]]
        Tags: List[str] = field(default_factory=list)

    assert encode(Grid([[1, 2], [3]])) == "Rows=%5B%5B1%2C2%5D%2C%5B3%5D%5D&Tags=%5B%5D"
    assert encode(Grid([[1]], [" a", "b"])).endswith("&Tags=%5B%20a%2Cb%5D")
    assert encode(Grid([[1]], ["a", "b"])).endswith("&Tags=a%2Cb")
    # the serializer style is ServiceStack's, lossy as documented
    assert encode(Grid([[1, 2], [3]]), style="serializer") == "Rows=1,2],[3&Tags="


# -- round trips ------------------------------------------------------------------------------

NASTY = st.text(alphabet=st.sampled_from(list('&=?%+,:"{}[] \t\r\nab\xe9\u4e2d;/#')), max_size=8)


class Color(enum.Enum):
    Red = "Red"
    DarkBlue = "DarkBlue"


class Level(enum.IntEnum):
    Low = 1
    High = 2


class Perm(enum.IntFlag):
    Read = 1
    Write = 2


@dataclass
class Leaf:
    Name: Optional[str] = None
    Tags: Optional[List[str]] = None
    Size: Optional[int] = None


#: Leaf under another name: Dto has a member called Leaf, as ServiceStack DTOs do.
LeafItem = Leaf


@dataclass
class Dto:
    Text: Optional[str] = None
    Count: Optional[int] = None
    Ratio: Optional[float] = None
    Price: Optional[Decimal] = None
    Flag: Optional[bool] = None
    When: Optional[datetime] = None
    Day: Optional[date] = None
    Span: Optional[timedelta] = None
    Guid: Optional[uuid.UUID] = None
    Blob: Optional[bytes] = None
    Color: Optional[Color] = None
    Level: Optional[Level] = None
    Perm: Optional[Perm] = None
    Mode: Optional[Literal["fast", "slow"]] = None
    Clock: Optional[time] = None
    Tags: Optional[List[str]] = None
    Ids: Optional[Set[int]] = None
    Grid: Optional[List[List[str]]] = None
    Map: Optional[Dict[str, str]] = None
    Nested: Optional[Dict[str, List[str]]] = None
    Leaf: Optional[LeafItem] = None
    Leaves: Optional[List[LeafItem]] = None


def _datetimes() -> st.SearchStrategy[datetime]:
    naive = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))
    offsets = st.sampled_from(
        [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
    )
    return st.one_of(naive, st.builds(lambda d, z: d.replace(tzinfo=z), naive, offsets))


def _leaves(text: st.SearchStrategy[str]) -> st.SearchStrategy[Leaf]:
    return st.builds(
        Leaf,
        Name=st.none() | text,
        Tags=st.none() | st.lists(text, max_size=3),
        Size=st.none() | st.integers(),
    )


def _dtos(text: st.SearchStrategy[str], lossy_scalars: bool) -> st.SearchStrategy[Dto]:
    opt = st.none().__or__
    floats = st.floats(allow_nan=False, allow_infinity=True)
    if not lossy_scalars:
        floats = st.floats(min_value=-1e14, max_value=1e14, allow_nan=False)
    datetimes = _datetimes() if lossy_scalars else st.datetimes(min_value=datetime(1, 1, 2))
    return st.builds(
        Dto,
        Text=opt(NASTY),
        Count=opt(st.integers()),
        Ratio=opt(floats),
        Price=opt(st.decimals(allow_nan=False, allow_infinity=False, places=4)),
        Flag=opt(st.booleans()),
        When=opt(datetimes),
        Day=opt(st.dates()),
        Span=opt(st.timedeltas()),
        Guid=opt(st.uuids()),
        Blob=opt(st.binary(max_size=6)) if lossy_scalars else st.none(),
        Color=opt(st.sampled_from(Color)),
        Level=opt(st.sampled_from(Level)),
        Perm=opt(st.sampled_from([Perm(0), Perm.Read, Perm.Write, Perm.Read | Perm.Write])),
        Mode=opt(st.sampled_from(["fast", "slow"])),
        Clock=opt(st.times()),
        Tags=opt(st.lists(text, min_size=0 if lossy_scalars else 1, max_size=4)),
        Ids=opt(st.sets(st.integers(), min_size=0 if lossy_scalars else 1, max_size=4)),
        Grid=opt(st.lists(st.lists(text, max_size=3), max_size=3)) if lossy_scalars else st.none(),
        Map=opt(st.dictionaries(text, text, max_size=3)),
        Nested=opt(st.dictionaries(text, st.lists(text, max_size=3), max_size=3)),
        Leaf=opt(_leaves(text)),
        Leaves=opt(st.lists(_leaves(text), min_size=0 if lossy_scalars else 1, max_size=3)),
    )


_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_SETTINGS
@given(_dtos(NASTY, lossy_scalars=True))
def test_client_style_round_trips(engine: str, dto: Dto) -> None:
    assert decode(encode(dto), Dto) == dto
    assert decode(encode(dto, rename="camel"), Dto) == dto


# What ServiceStack's QueryStringSerializer can carry: strings inside values
# without " { } [ ] : or line breaks and without outer blanks (only commas are
# protected), non-empty lists that are not lists of lists, and no '+' in
# scalars (floats below 1E+15, naive datetimes, no base64).
SAFE_INNER = st.text(alphabet=st.sampled_from(list("&=?%+,ab \xe9\u4e2d;/#")), max_size=8).filter(
    lambda s: s == s.strip()
)


@_SETTINGS
@given(_dtos(SAFE_INNER, lossy_scalars=False))
def test_serializer_style_round_trips_what_servicestack_carries(engine: str, dto: Dto) -> None:
    assert decode(encode(dto, style="serializer"), Dto) == dto


def test_module_examples_run(engine: str) -> None:
    failures, tried = doctest.testmod(jsv.querystring)
    assert tried >= 8 and failures == 0


QUERY_JUNK = st.text(alphabet=st.sampled_from(list('?&=%+,:"{}[]ab1 \u00e9')), max_size=40)


@_SETTINGS
@given(QUERY_JUNK)
def test_any_query_decodes_or_raises_a_jsv_error(engine: str, query: str) -> None:
    with contextlib.suppress(JSVValidationError):
        decode(query, Order)
