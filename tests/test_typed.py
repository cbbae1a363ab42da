"""The typed layer: untyped JSV values into dataclasses & co. and back.

Written with ``from __future__ import annotations`` on purpose: every dataclass
below has string annotations, which the typed layer must resolve with this
module's globals.
"""

# (`Optional[X]` stays: these string annotations are evaluated at run time by the
# typed layer and by hypothesis, and Python 3.9 cannot evaluate `X | None`.)

from __future__ import annotations

import collections
import dataclasses
import enum
import re
import sys
import uuid
from dataclasses import InitVar, dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import (
    Annotated,
    Any,
    Dict,
    FrozenSet,
    Generic,
    List,
    Literal,
    Mapping,
    NamedTuple,
    NewType,
    Optional,
    Sequence,
    Set,
    Tuple,
    TypeVar,
    Union,
)

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jsv
from helpers import load_example
from jsv import JSVDecodeError, JSVValidationError
from jsv._api import Decoder, Encoder, convert
from jsv._wire import encode_fields, to_builtin
from strategies import subscript

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # typing_extensions ships with mypy and hypothesis' test extras
    from typing_extensions import NotRequired, TypedDict

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


voice = load_example("voice_api", "voice_api")

# The `text/jsv` response sample of the `GET /sessions/{sessionId}` metadata page
# (ServiceStack pretty-prints it with blanks around the punctuation).
SEED_SAMPLE = (
    "{ dialState: None, callState: Disconnected, queueState: None, accountId: String, "
    "accountName: String, customerId: String, "
    "customerBreadcrumb: [ { id: String, name: String } ], "
    "customerName: String, endpointId: String, endpointName: String, dateCompleted: String, "
    "destination: String, toAddress: String, fromAddress: String, fromName: String, "
    "answeredByName: String, queueMemberId: String, channel: Voice, ended: False, outcome: String, "
    "callSid: String, consoleData: String, holdQueueName: String, heldByUserId: String, "
    "holdReason: None, conferenceSid: String, displayName: String, "
    "log: [ { date: String, message: String } ], members: [ { identity: String, "
    "endpointId: String, displayName: String, isOriginalMember: False, avatarUrl: String, "
    "applicationData: { String: String }, callState: None, role: None, callSid: String, "
    "muted: False } ], callbackNumber: String, answeredById: String, direction: Incoming, "
    "fromPhoneNumber: String, mostRecentParticipantCallSid: String, wasMissed: False, "
    "ringQueueId: String, id: String, dateCreated: String, dateLastModified: String, "
    "createdBy: String, lastModifiedBy: String }"
)
# What ServiceStack writes for the same value: no blanks at all.
SEED_COMPACT = re.sub(r"\s*([{}\[\],:])\s*", r"\1", SEED_SAMPLE)


def _error(fn: Any, *args: Any, **kwargs: Any) -> JSVValidationError:
    with pytest.raises(JSVValidationError) as info:
        fn(*args, **kwargs)
    return info.value


# ---------------------------------------------------------------------------
# The seed: generated Voice API DTOs and the metadata page's sample
# ---------------------------------------------------------------------------


def test_seed_sample_reads_into_generated_dtos() -> None:
    session = jsv.loads(SEED_SAMPLE, type=voice.SessionInfo, lenient=True)
    assert isinstance(session, voice.SessionInfo)
    assert session.dial_state is voice.SessionDialState.NONE
    assert session.call_state is voice.SessionCallState.DISCONNECTED
    assert session.queue_state is voice.SessionQueueStates.NONE
    assert session.channel is voice.FlowChannels.VOICE
    assert session.hold_reason is voice.SessionHoldReasons.NONE
    assert session.direction is voice.SessionDirections.INCOMING
    assert session.ended is False and session.was_missed is False
    assert session.customer_breadcrumb == [voice.CustomerBreadcrumb(id="String", name="String")]
    assert session.log == [voice.SessionLogInfo(date="String", message="String")]
    member = session.members[0]
    assert member.application_data == {"String": "String"}
    assert member.call_state is voice.SessionMemberCallState.NONE
    assert member.role is voice.SessionMemberRoles.NONE
    assert member.is_original_member is False and member.muted is False
    # inherited EntityInfo fields come last in the text but fill just the same
    assert session.id == "String" and session.last_modified_by == "String"


def test_seed_written_back_is_what_servicestack_writes() -> None:
    session = jsv.loads(SEED_SAMPLE, type=voice.SessionInfo, lenient=True)
    text = jsv.dumps(session)
    # camelCase keys from the dataclasses-json metadata, derived members first
    assert text == SEED_COMPACT
    assert text.startswith("{dialState:None,callState:Disconnected,")
    assert ",ringQueueId:String,id:String,dateCreated:String," in text
    assert jsv.loads(text, type=voice.SessionInfo) == session
    assert Decoder(voice.SessionInfo).decode(text.encode()) == session


def test_seed_decoder_and_convert_agree() -> None:
    untyped = jsv.loads(SEED_SAMPLE, lenient=True)
    assert untyped["ended"] == "False"  # the reader infers nothing
    decoder = Decoder(voice.SessionInfo, lenient=True)
    assert decoder.type is voice.SessionInfo
    assert decoder.decode(SEED_SAMPLE) == convert(untyped, voice.SessionInfo)
    assert decoder.convert(untyped) == jsv.convert(untyped, voice.SessionInfo)


def test_encode_fields_orders_like_servicestack() -> None:
    pairs = encode_fields(voice.SessionInfo, None)
    wires = [wire for _, wire in pairs]
    assert wires[:3] == ["dialState", "callState", "queueState"]
    assert wires[-6:] == [
        "ringQueueId",
        "id",
        "dateCreated",
        "dateLastModified",
        "createdBy",
        "lastModifiedBy",
    ]
    assert ("most_recent_participant_call_sid", "mostRecentParticipantCallSid") in pairs
    assert encode_fields(voice.SessionInfo, None) is pairs  # cached
    assert dict(encode_fields(voice.SessionInfo, "pascal"))["dial_state"] == "DialState"
    assert dict(encode_fields(voice.SessionInfo, "snake"))["dial_state"] == "dial_state"
    assert dict(encode_fields(voice.SessionInfo, "camel"))["call_sid"] == "callSid"
    renamed = dict(encode_fields(voice.CustomerBreadcrumb, {"name": "Label"}))
    assert renamed == {"id": "id", "name": "Label"}


def test_request_dto_with_ireturn_and_verb_markers() -> None:
    request = voice.GetSession(session_id="abc")
    assert jsv.dumps(request) == "{sessionId:abc}"
    assert jsv.loads("{SessionId:abc}", type=voice.GetSession) == request


# ---------------------------------------------------------------------------
# Scalars
# ---------------------------------------------------------------------------


@dataclass
class Scalars:
    b: bool = False
    i: int = 0
    f: float = 0.0
    d: Decimal = Decimal(0)
    s: str = ""
    u: Optional[uuid.UUID] = None
    dt: Optional[datetime] = None
    da: Optional[date] = None
    t: Optional[time] = None
    td: Optional[timedelta] = None
    by: Optional[bytes] = None
    ba: Optional[bytearray] = None


def test_scalars_from_text() -> None:
    text = (
        "{b:True,i:-42,f:1.5,d:3.30,s:x y,u:99161eec285740318cedeae21f954496,"
        "dt:2013-01-01T12:30:45Z,da:2001-01-13,t:PT13H13M13S,td:PT1H,by:AEFh/w==,ba:AEFh/w==}"
    )
    value = jsv.loads(text, type=Scalars)
    assert value == Scalars(
        b=True,
        i=-42,
        f=1.5,
        d=Decimal("3.30"),
        s="x y",
        u=uuid.UUID("99161eec-2857-4031-8ced-eae21f954496"),
        dt=datetime(2013, 1, 1, 12, 30, 45, tzinfo=timezone.utc),
        da=date(2001, 1, 13),
        t=time(13, 13, 13),
        td=timedelta(hours=1),
        by=b"\x00Aa\xff",
        ba=bytearray(b"\x00Aa\xff"),
    )
    assert type(value.ba) is bytearray
    assert str(value.d) == "3.30"  # scale kept


def test_datetime_with_offset_is_aware() -> None:
    value = jsv.loads("2025-01-15T06:16:03.6874989-05:00", type=datetime)
    assert value.utcoffset() == timedelta(hours=-5)
    assert (value.year, value.month, value.day, value.hour, value.minute) == (2025, 1, 15, 6, 16)
    assert value.microsecond == 687498


def test_xsd_duration() -> None:
    value = jsv.loads("P1DT2H3M4.5S", type=timedelta)
    assert value == timedelta(days=1, hours=2, minutes=3, seconds=4.5)


def test_bytes_from_a_list_of_numbers() -> None:
    assert jsv.loads("[0,65,255]", type=bytes) == b"\x00A\xff"
    assert jsv.loads("[0,65,97,255]", type=bytes) == jsv.loads("AEFh/w==", type=bytes)
    assert jsv.loads("[]", type=bytes) == b""
    err = _error(jsv.loads, "[0,256]", type=bytes)
    assert err.path == "$[1]"
    err = _error(jsv.loads, "[0,x]", type=bytes)
    assert err.msg == "Expected `int`, got `x`" and err.path == "$[1]"


@pytest.mark.parametrize(
    ("text", "tp", "expected"),
    [
        ("123", int, 123),
        ("18446744073709551615", int, 18446744073709551615),
        (" 5", int, 5),
        ('"5"', int, 5),
        ("1e3", Decimal, Decimal(1000)),
        ("TRUE", bool, True),
        ("1", bool, True),
        ("on", bool, True),
        (
            "99161EEC-2857-4031-8CED-EAE21F954496",
            uuid.UUID,
            uuid.UUID(int=0x99161EEC285740318CEDEAE21F954496),
        ),
        ("365.00:00:00", timedelta, timedelta(days=365)),
        ("31536000", timedelta, timedelta(days=365)),
        ("1979-05-09", datetime, datetime(1979, 5, 9)),
        ("2013-01-01T12:30:45", datetime, datetime(2013, 1, 1, 12, 30, 45)),
        ("hello", str, "hello"),
        ('"a,b"', str, "a,b"),
    ],
)
def test_scalar_vectors(text: str, tp: Any, expected: Any) -> None:
    assert jsv.loads(text, type=tp) == expected


@pytest.mark.parametrize(
    ("text", "tp"),
    [
        ("+5", int),
        ("5.0", int),
        ("1,000", int),
        ("NaN", int),
        ("Infinity", int),
        ("yes", bool),
        ("bad", uuid.UUID),
        ("2025-02-30", date),
        ("2025-13-01", datetime),
        ("P99999999999D", timedelta),
        ("P1Y", timedelta),
        ("NaN", Decimal),
        ("9" * 5000, int),
        ("not base64!", bytes),
    ],
)
def test_bad_scalars_are_errors(text: str, tp: Any) -> None:
    err = _error(jsv.loads, text, type=tp)
    assert err.path == "$"
    assert err.msg.startswith(f"Expected `{tp.__name__}`, got `")
    assert isinstance(err.__cause__, ValueError)  # the parser's reason


def test_already_typed_python_values() -> None:
    data = {
        "b": True,
        "i": 7,
        "f": 2,
        "d": 1.1,
        "s": "x",
        "u": uuid.UUID(int=1),
        "dt": datetime(2020, 1, 2, 3, 4, 5),
        "da": date(2020, 1, 2),
        "t": time(1, 2),
        "td": timedelta(seconds=3),
        "by": b"ab",
        "ba": memoryview(b"cd"),
    }
    value = convert(data, Scalars)
    assert value.f == 2.0 and type(value.f) is float
    assert value.d == Decimal("1.1")
    assert value.by == b"ab" and value.ba == bytearray(b"cd")
    assert value.dt == datetime(2020, 1, 2, 3, 4, 5)
    # ambiguous typed input is refused
    assert _error(convert, {"i": True}, Scalars).path == "$.i"
    assert _error(convert, {"i": 1.0}, Scalars).msg == "Expected `int`, got `float`"
    assert _error(convert, {"b": 1}, Scalars).msg == "Expected `bool`, got `int`"
    assert _error(convert, {"da": datetime(2020, 1, 2)}, Scalars).path == "$.da"
    assert _error(convert, {"s": 5}, Scalars).msg == "Expected `str`, got `int`"
    # an instance of the target passes through
    assert convert(value, Scalars) is value


def test_str_field_refuses_maps_and_lists() -> None:
    err = _error(jsv.loads, "{s:{a:b}}", type=Scalars)
    assert str(err) == "Expected `str`, got `object` - at `$.s`"
    err = _error(jsv.loads, "{s:[a,b]}", type=Scalars)
    assert str(err) == "Expected `str`, got `array` - at `$.s`"


# ---------------------------------------------------------------------------
# Enums and literals
# ---------------------------------------------------------------------------


class Color(enum.Enum):
    RED = "Red"
    GREEN = "Green"
    BLUE = "Blue"


class Day(str, enum.Enum):
    SUNDAY = "SUN"
    MONDAY = "MON"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Perm(enum.IntFlag):
    NONE = 0
    READ = 1
    WRITE = 2


class Opt(enum.Flag):
    A = 1
    B = 2


@dataclass
class Enums:
    color: Optional[Color] = None
    day: Day = Day.SUNDAY
    n_day: Optional[Day] = None
    level: Optional[Level] = None
    perm: Perm = Perm.NONE
    opt: Optional[Opt] = None


def test_enums() -> None:
    value = jsv.loads('{color:green,day:SUN,level:2,perm:"Read,Write",opt:3}', type=Enums)
    assert value == Enums(
        Color.GREEN, Day.SUNDAY, None, Level.HIGH, Perm.READ | Perm.WRITE, Opt.A | Opt.B
    )
    assert jsv.loads("{level:HIGH,perm:3}", type=Enums) == Enums(level=Level.HIGH, perm=Perm(3))
    # typed input: members and raw values
    assert convert({"level": 1, "color": "Red", "day": Day.MONDAY}, Enums) == Enums(
        color=Color.RED, day=Day.MONDAY, level=Level.LOW
    )
    err = _error(jsv.loads, "{color:Purple}", type=Enums)
    assert str(err) == "Expected `Color`, got `Purple` - at `$.color`"
    assert _error(convert, {"level": 7}, Enums).path == "$.level"
    assert _error(convert, {"level": True}, Enums).path == "$.level"


def test_enums_written_back() -> None:
    value = Enums(Color.BLUE, Day.MONDAY, None, Level.LOW, Perm.READ | Perm.WRITE, Opt.B)
    text = jsv.dumps(value)
    assert text == "{color:Blue,day:MON,level:1,perm:3,opt:2}"
    assert jsv.loads(text, type=Enums) == value


@dataclass
class Literals:
    mode: Literal["fast", "slow"] = "fast"
    num: Literal[1, 2, 3] = 1
    flag: Literal[True] = True
    either: Literal["a", 5, None] = None


def test_literals() -> None:
    assert jsv.loads("{mode:slow,num:3,flag:True,either:5}", type=Literals) == Literals(
        "slow", 3, True, 5
    )
    assert jsv.loads("{num:03,flag:true,either:a}", type=Literals) == Literals("fast", 3, True, "a")
    assert jsv.loads("{either:}", type=Literals).either is None
    err = _error(jsv.loads, "{mode:medium}", type=Literals)
    assert err.msg == "Expected `'fast' | 'slow'`, got `medium`" and err.path == "$.mode"
    assert _error(jsv.loads, "{num:4}", type=Literals).path == "$.num"
    assert convert({"num": 2}, Literals).num == 2
    assert _error(convert, {"num": True}, Literals).path == "$.num"


# ---------------------------------------------------------------------------
# Collections
# ---------------------------------------------------------------------------


@dataclass
class Collections:
    items: List[int] = field(default_factory=list)
    seq: Sequence[str] = ()
    pair: Optional[Tuple[int, str]] = None
    many: Tuple[float, ...] = ()
    tags: Set[str] = field(default_factory=set)
    frozen: FrozenSet[int] = frozenset()
    grid: List[List[int]] = field(default_factory=list)
    mapping: Mapping[str, int] = field(default_factory=dict)
    deque: Optional[collections.deque[int]] = None


def test_collections() -> None:
    text = (
        "{items:[1,2],seq:[a,b],pair:[1,x],many:[1.5,2],tags:[a,b,a],frozen:[3,1,2],"
        "grid:[[1,2],[],[3]],mapping:{a:1},deque:[1,2]}"
    )
    value = jsv.loads(text, type=Collections)
    assert value.items == [1, 2]
    assert value.seq == ["a", "b"]
    assert value.pair == (1, "x")
    assert value.many == (1.5, 2.0)
    assert value.tags == {"a", "b"}
    assert value.frozen == frozenset({1, 2, 3}) and type(value.frozen) is frozenset
    assert value.grid == [[1, 2], [], [3]]
    assert value.mapping == {"a": 1}
    assert value.deque == collections.deque([1, 2])


def test_collection_errors() -> None:
    err = _error(jsv.loads, "{grid:[[1,2],[3,x]]}", type=Collections)
    assert str(err) == "Expected `int`, got `x` - at `$.grid[1][1]`"
    err = _error(jsv.loads, "{pair:[1,x,3]}", type=Collections)
    assert err.msg == "Expected `array` of length 2, got 3" and err.path == "$.pair"
    # One item without brackets is a one-item list (ServiceStack's list readers),
    # so a non-list value fails at its item.
    assert jsv.loads("{items:1}", type=Collections).items == [1]
    err = _error(jsv.loads, "{items:{a:1}}", type=Collections)
    assert str(err) == "Expected `int`, got `object` - at `$.items[0]`"
    err = _error(jsv.loads, "{items:[1,,2]}", type=Collections)
    assert str(err) == "Expected `int`, got `null` - at `$.items[1]`"


@dataclass
class Maps:
    by_int: Dict[int, str] = field(default_factory=dict)
    by_float: Dict[float, int] = field(default_factory=dict)
    by_bool: Dict[bool, int] = field(default_factory=dict)
    by_enum: Dict[Color, int] = field(default_factory=dict)
    by_uuid: Dict[uuid.UUID, int] = field(default_factory=dict)
    by_date: Dict[date, int] = field(default_factory=dict)
    by_datetime: Dict[datetime, int] = field(default_factory=dict)
    by_decimal: Dict[Decimal, int] = field(default_factory=dict)
    anything: Dict[str, Any] = field(default_factory=dict)


def test_dict_keys_arrive_as_text() -> None:
    assert jsv.loads("{0:zero,1:one}", type=Dict[int, str]) == {0: "zero", 1: "one"}
    text = (
        "{byInt:{0:zero,1:one},byFloat:{1.5:1},byBool:{True:1,False:0},byEnum:{Red:1},"
        "byUuid:{00000000000000000000000000000001:1},byDate:{2020-01-02:1},"
        'byDatetime:{"2020-01-02T03:04:05Z":1},byDecimal:{1.10:1},anything:{a:{b:[c]}}}'
    )
    value = jsv.loads(text, type=Maps)
    assert value.by_int == {0: "zero", 1: "one"}
    assert value.by_float == {1.5: 1}
    assert value.by_bool == {True: 1, False: 0}
    assert value.by_enum == {Color.RED: 1}
    assert value.by_uuid == {uuid.UUID(int=1): 1}
    assert value.by_date == {date(2020, 1, 2): 1}
    assert value.by_datetime == {datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc): 1}
    assert value.by_decimal == {Decimal("1.10"): 1}
    assert value.anything == {"a": {"b": ["c"]}}
    assert jsv.loads(jsv.dumps(value), type=Maps) == value


def test_dict_errors_name_the_key() -> None:
    err = _error(jsv.loads, "{byInt:{0:zero,x:one}}", type=Maps)
    assert err.msg == "Expected `int` key, got `x`" and err.path == '$.byInt["x"]'
    err = _error(jsv.loads, '{anything:{a:1},byDecimal:{"k,1":x}}', type=Maps)
    assert err.path == '$.byDecimal["k,1"]'
    err = _error(jsv.loads, "{k:{a:b}}", type=Dict[str, Dict[str, int]])
    assert str(err) == 'Expected `int`, got `b` - at `$["k"]["a"]`'


@dataclass(frozen=True)
class Key:
    name: Optional[str] = None
    age: int = 0


def test_structured_map_keys() -> None:
    # ServiceStack writes complex keys as nested maps: {{Name:k,Age:0}:1}
    value = jsv.loads("{{Name:k,Age:0}:1}", type=Dict[Key, int])
    assert value == {Key("k", 0): 1}
    assert jsv.loads("{[1,2]:x}", type=Dict[Tuple[int, int], str]) == {(1, 2): "x"}


# ---------------------------------------------------------------------------
# Dataclass features
# ---------------------------------------------------------------------------


@dataclass
class Base:
    id: int
    name: str = "anon"


@dataclass
class Derived(Base):
    tags: List[str] = field(default_factory=list)
    score: float = 0.5


def test_inheritance_defaults_and_factories() -> None:
    value = jsv.loads("{tags:[a],id:3}", type=Derived)
    assert value == Derived(id=3, name="anon", tags=["a"], score=0.5)
    other = jsv.loads("{id:4}", type=Derived)
    assert other.tags == [] and other.tags is not value.tags  # a fresh default
    assert [wire for _, wire in encode_fields(Derived, None)] == ["tags", "score", "id", "name"]
    assert jsv.dumps(value) == "{tags:[a],score:0.5,id:3,name:anon}"


def test_missing_required_field() -> None:
    err = _error(jsv.loads, "{name:x}", type=Derived)
    assert str(err) == "Object missing required field `id` - at `$`"
    err = _error(jsv.loads, "[{id:1},{name:x}]", type=List[Derived])
    assert str(err) == "Object missing required field `id` - at `$[1]`"


@dataclass
class WithPostInit:
    first: str
    last: str
    full: str = field(init=False, default="")
    count: int = field(init=False, default=0)
    calls: List[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.full = f"{self.first} {self.last}"
        self.calls.append("post_init")


def test_post_init_and_init_false() -> None:
    value = jsv.loads("{first:Ada,last:Lovelace}", type=WithPostInit)
    assert value.full == "Ada Lovelace" and value.count == 0 and value.calls == ["post_init"]
    # init=False fields present in the data are set once the instance exists
    value = jsv.loads("{first:Ada,last:Lovelace,count:3,full:given}", type=WithPostInit)
    assert value.count == 3 and value.full == "given" and value.calls == ["post_init"]


@dataclass(frozen=True)
class Frozen:
    x: int
    y: Optional[int] = None
    late: int = field(init=False, default=9)


def test_frozen() -> None:
    value = jsv.loads("{x:1,y:2,late:5}", type=Frozen)
    assert (value.x, value.y, value.late) == (1, 2, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.x = 2
    assert isinstance(hash(value), int)


class CustomInit:
    pass


@dataclass(init=False)
class OwnInit:
    a: int
    b: str = "b"

    def __init__(self, a: int, b: str = "b") -> None:
        self.a = a * 10
        self.b = b


def test_custom_init_is_called() -> None:
    assert jsv.loads("{a:2}", type=OwnInit).a == 20


@dataclass
class Validated:
    n: int

    def __post_init__(self) -> None:
        if self.n < 0:
            raise ValueError("n must not be negative")


def test_post_init_errors_become_validation_errors() -> None:
    err = _error(jsv.loads, "{items:[{n:1},{n:-1}]}", type=Dict[str, List[Validated]])
    assert err.path == '$["items"][1]'
    assert "n must not be negative" in err.msg


if sys.version_info >= (3, 10):

    @dataclass(slots=True)
    class Slotted:
        a: int
        b: List[str] = field(default_factory=list)
        c: int = field(init=False, default=0)

    def test_slots() -> None:
        value = jsv.loads("{a:1,b:[x],c:3}", type=Slotted)
        assert (value.a, value.b, value.c) == (1, ["x"], 3)
        assert not hasattr(value, "__dict__")
        assert jsv.dumps(value) == "{a:1,b:[x],c:3}"


@dataclass
class Node:
    name: str
    children: List[Node] = field(default_factory=list)
    parent_ref: Optional[Node] = None


@dataclass
class Team:
    lead: Optional[Person] = None
    members: List[Person] = field(default_factory=list)


@dataclass
class Person:
    name: str = ""
    team: Optional[Team] = None


def test_self_and_mutually_recursive_types() -> None:
    tree = jsv.loads("{name:a,children:[{name:b,children:[{name:c}]},{name:d}]}", type=Node)
    assert tree.children[0].children[0] == Node("c")
    team = jsv.loads("{lead:{name:x,team:{members:[{name:y}]}}}", type=Team)
    assert team.lead is not None and team.lead.team is not None
    assert team.lead.team.members == [Person("y")]


def test_local_self_referencing_class() -> None:
    @dataclass
    class Local:
        value: int
        next: Optional[Local] = None

    assert jsv.loads("{value:1,next:{value:2}}", type=Local) == Local(1, Local(2))


def test_deep_nesting_is_a_validation_error() -> None:
    data: Dict[str, Any] = {"name": "leaf"}
    for _ in range(20000):
        data = {"name": "n", "children": [data]}
    err = _error(convert, data, Node)
    assert err.path == "$"
    text = "{name:n,children:[" * 3000 + "{name:leaf}" + "]}" * 3000
    err = _error(jsv.loads, text, type=Node, max_depth=100000)
    assert err.msg == "Value is nested too deeply to convert"


T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


@dataclass
class ListResponse(Generic[T]):
    results: List[T] = field(default_factory=list)
    total: int = 0
    first: Optional[T] = None


@dataclass
class Paged(ListResponse[T]):
    page: int = 1


@dataclass
class KeyValuePair(Generic[K, V]):
    key: Optional[K] = None
    value: Optional[V] = None


def test_generic_dataclasses() -> None:
    text = "{results:[{id:1},{id:2,name:b}],total:2,first:{id:1}}"
    value = jsv.loads(text, type=ListResponse[Base])
    assert value.results == [Base(1), Base(2, "b")] and value.first == Base(1)
    paged = jsv.loads("{results:[1,2],page:3}", type=Paged[int])
    assert paged == Paged(results=[1, 2], page=3)
    assert jsv.loads("{Key:k,Value:1}", type=KeyValuePair[str, int]) == KeyValuePair("k", 1)
    err = _error(jsv.loads, "{results:[1,x]}", type=ListResponse[int])
    assert err.path == "$.results[1]"
    # without arguments a type variable means Any
    assert jsv.loads("{results:[1,x]}", type=ListResponse).results == ["1", "x"]
    of_sessions = subscript(ListResponse, voice.SessionInfo)
    generated = jsv.loads(f"{{results:[{SEED_COMPACT}]}}", type=of_sessions)
    assert generated.results[0].channel is voice.FlowChannels.VOICE


class Point(NamedTuple):
    x: int
    y: int
    label: str = ""


class Movie(TypedDict):
    title: str
    year: int
    rating: NotRequired[float]


class Partial(TypedDict, total=False):
    a: int
    b: List[str]


def test_namedtuple_from_list_or_map() -> None:
    assert jsv.loads("[1,2]", type=Point) == Point(1, 2, "")
    assert jsv.loads("[1,2,p]", type=Point) == Point(1, 2, "p")
    assert jsv.loads("{y:2,X:1}", type=Point) == Point(1, 2)
    err = _error(jsv.loads, "[1]", type=Point)
    assert err.msg == "Expected `array` of length 2 to 3, got 1"
    assert _error(jsv.loads, "[1,z]", type=Point).path == "$[1]"
    assert _error(jsv.loads, "{x:1}", type=Point).msg == "Object missing required field `y`"
    assert jsv.loads(jsv.dumps(Point(3, 4, "q")), type=Point) == Point(3, 4, "q")


def test_typeddict_total_and_not() -> None:
    assert jsv.loads("{title:Heat,year:1995}", type=Movie) == {"title": "Heat", "year": 1995}
    assert jsv.loads("{Title:Heat,Year:1995,rating:8.3}", type=Movie)["rating"] == 8.3
    err = _error(jsv.loads, "{title:Heat}", type=Movie)
    assert str(err) == "Object missing required field `year` - at `$`"
    assert jsv.loads("{}", type=Partial) == {}
    assert jsv.loads("{b:[x]}", type=Partial) == {"b": ["x"]}
    assert _error(jsv.loads, "{a:x}", type=Partial).path == "$.a"


@dataclass
class Unions:
    num_or_text: Union[int, str, None] = None
    when: Union[date, datetime, None] = None
    flag_or_text: Union[bool, str, None] = None
    amount: Union[float, Decimal, None] = None
    shape: Union[Base, List[int], None] = None
    many: Union[List[int], Dict[str, int], None] = None


def test_unions_resolve_by_shape_then_specificity() -> None:
    value = jsv.loads(
        "{numOrText:12,when:2020-01-02,flagOrText:y,amount:1.5,shape:{id:1}}", type=Unions
    )
    assert value.num_or_text == 12
    assert value.when == date(2020, 1, 2) and type(value.when) is date
    assert value.flag_or_text == "y"  # only true/false are booleans inside a union
    assert value.amount == 1.5 and type(value.amount) is float
    assert value.shape == Base(1)
    value = jsv.loads(
        "{numOrText:x1,when:2020-01-02T03:04:05,flagOrText:FALSE,shape:[1,2]}", type=Unions
    )
    assert value.num_or_text == "x1"
    assert value.when == datetime(2020, 1, 2, 3, 4, 5)
    assert value.flag_or_text is False
    assert value.shape == [1, 2]
    assert jsv.loads("{many:{a:1}}", type=Unions).many == {"a": 1}
    err = _error(jsv.loads, "{when:someday}", type=Unions)
    assert err.msg == "Expected `date | datetime | None`, got `someday`" and err.path == "$.when"
    # a single candidate of the value's shape reports its own, deeper error
    err = _error(jsv.loads, "{many:[1,x]}", type=Unions)
    assert err.path == "$.many[1]"


@dataclass
class PEP604:
    a: int | None = None
    b: list[int] | None = None
    c: dict[str, list[int]] | None = None


def test_pep604_and_builtin_generics_in_string_annotations() -> None:
    # Python 3.9 cannot evaluate `int | None`: the typed layer rewrites it.
    value = jsv.loads("{a:1,b:[2],c:{x:[3]}}", type=PEP604)
    assert value == PEP604(1, [2], {"x": [3]})
    assert jsv.loads("{a:}", type=PEP604).a is None


def test_any_and_object() -> None:
    assert jsv.loads("{a:[1,{b:}]}", type=Any) == {"a": ["1", {"b": None}]}
    assert jsv.loads("x", type=object) == "x"
    assert jsv.loads("[1,[2]]", type=List[Any]) == ["1", ["2"]]


UserId = NewType("UserId", int)
Bounded = TypeVar("Bounded", bound=int)


@dataclass
class Wrapped:
    uid: UserId = UserId(0)
    annotated: Annotated[int, "metadata is ignored"] = 0
    bounded: Optional[Bounded] = None  # type: ignore[valid-type]  # unbound on purpose


@dataclass
class WithInitVar:
    a: int
    scale: InitVar[int] = 1
    b: int = field(init=False, default=0)

    def __post_init__(self, scale: int) -> None:
        self.b = self.a * scale


def test_newtype_annotated_typevar_initvar() -> None:
    assert jsv.loads("{uid:5,annotated:6,bounded:7}", type=Wrapped) == Wrapped(UserId(5), 6, 7)
    assert _error(jsv.loads, "{bounded:x}", type=Wrapped).path == "$.bounded"
    assert jsv.loads("{a:2,scale:5}", type=WithInitVar).b == 10
    assert jsv.loads("{a:2}", type=WithInitVar).b == 2


# ---------------------------------------------------------------------------
# Empty values and defaults
# ---------------------------------------------------------------------------


@dataclass
class Empties:
    opt: Optional[int] = 5
    count: int = 7
    made: List[int] = field(default_factory=lambda: [1])
    required: Optional[str] = None


@dataclass
class NoDefault:
    count: int


def test_empty_values() -> None:
    value = jsv.loads("{opt:,count:,made:,required:}", type=Empties)
    assert value.opt is None  # Optional: the empty value is None
    assert value.count == 7  # not Optional, has a default: the default stays
    assert value.made == [1]  # same for a default factory
    assert value.required is None
    err = _error(jsv.loads, "{count:}", type=NoDefault)
    assert str(err) == "Expected `int`, got `null` - at `$.count`"
    assert jsv.loads("[1,,2]", type=List[Optional[int]]) == [1, None, 2]
    assert jsv.loads("", type=Optional[Empties]) is None
    assert _error(jsv.loads, "", type=Empties).msg == "Expected `object`, got `null`"


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


@dataclass
class Named:
    dial_state: Optional[str] = None
    from_: Optional[str] = field(
        default=None, metadata={"dataclasses_json": {"letter_case": lambda _: "from"}}
    )
    url_value: Optional[int] = None
    type: Optional[str] = None


@pytest.mark.parametrize(
    "key", ["dial_state", "dialState", "DialState", "DIAL-STATE", "dial-state", "DIALSTATE"]
)
def test_key_spellings(key: str) -> None:
    assert jsv.loads(f"{{{key}:x}}", type=Named).dial_state == "x"


def test_metadata_names_and_keywords() -> None:
    assert jsv.loads("{from:a,URLValue:1}", type=Named) == Named(from_="a", url_value=1)
    assert jsv.loads("{From_:a}", type=Named).from_ == "a"
    assert jsv.dumps(Named(from_="a")) == "{from:a}"
    assert encode_fields(Named, "camel") == (
        ("dial_state", "dialState"),
        ("from_", "from"),
        ("url_value", "urlValue"),
        ("type", "type"),
    )


def test_type_key_is_not_a_field() -> None:
    value = jsv.loads('{__type:"Probe.Named, P1",type:real}', type=Named)
    assert value.type == "real"
    assert jsv.loads('{__type:"Probe.Named, P1"}', type=Named).type is None
    assert (
        jsv.loads('{__type:"Probe.Named, P1"}', type=Named, forbid_unknown_fields=True) == Named()
    )


def test_unknown_fields() -> None:
    text = "{Foo:bar,dialState:x,Bar:{a:[1,2]}}"
    assert jsv.loads(text, type=Named) == Named(dial_state="x")
    err = _error(jsv.loads, text, type=Named, forbid_unknown_fields=True)
    assert str(err) == "Object contains unknown field `Foo` - at `$`"
    err = _error(
        jsv.loads, "[{dialState:x},{nope:1}]", type=List[Named], forbid_unknown_fields=True
    )
    assert str(err) == "Object contains unknown field `nope` - at `$[1]`"
    decoder: Decoder[Named] = Decoder(Named, forbid_unknown_fields=True)
    assert decoder.decode("{DialState:y}") == Named(dial_state="y")


def test_many_spellings_do_not_grow_without_bound() -> None:
    from jsv._typed import _get_plan, _Options

    plan: Any = _get_plan(Named, _Options(False, None, None))
    for i in range(5000):
        convert({f"unknown{i}": 1, f"dIaL_sTaTe{'_' * (i % 7)}": "x"}, Named)
    assert len(plan.lookup) <= 600


def test_rename_for_decoding() -> None:
    assert convert({"Label": "x"}, voice.CustomerBreadcrumb, rename={"name": "Label"}).name == "x"
    assert (
        Decoder(voice.CustomerBreadcrumb, rename={"name": "Label"}).decode("{Label:y}").name == "y"
    )


# ---------------------------------------------------------------------------
# dataclasses-json metadata: real generated DTOs and hand-built metadata
# ---------------------------------------------------------------------------


def _module(name: str, source: str) -> ModuleType:
    module = ModuleType(name)
    sys.modules[name] = module
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    return module


GENERATED_STYLE = """
import datetime
import decimal
from marshmallow.fields import *
from typing import *
from dataclasses import InitVar, dataclass, field
from dataclasses_json import dataclass_json, LetterCase, Undefined, config
from enum import Enum, IntEnum


class EnumType(str, Enum):
    VALUE1 = 'Value1'
    VALUE2 = 'Value2'


class EnumAsInt(IntEnum):
    VALUE1 = 1000
    VALUE2 = 2000


@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)
@dataclass
class SubType:
    id: int = 0
    name: Optional[str] = None


@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)
@dataclass
class AllTypes:
    id: int = 0
    nullable_id: Optional[int] = None
    int_: int = field(metadata=config(field_name='int'), default=0)
    float_: float = field(metadata=config(field_name='float'), default=0.0)
    money: decimal.Decimal = field(metadata=config(mm_field=Decimal()), default=decimal.Decimal(0))
    decimal: Decimal = decimal.Decimal(0)
    string: Optional[str] = None
    date_time: datetime.datetime = datetime.datetime(1, 1, 1)
    old_date_time: DateTime = datetime.datetime(1, 1, 1)
    time_span: datetime.timedelta = datetime.timedelta()
    enum_type: Optional[EnumType] = None
    enum_as_int: Optional[EnumAsInt] = None
    string_list: Optional[List[str]] = None
    string_map: Optional[Dict[str, str]] = None
    int_string_map: Optional[Dict[int, str]] = None
    sub_type: Optional[SubType] = None
    results: List[SubType] = field(default_factory=list)


@dataclass_json(letter_case=LetterCase.PASCAL, undefined=Undefined.EXCLUDE)
@dataclass
class PascalDto:
    user_name: Optional[str] = None
"""


def test_generated_style_dtos_with_dataclasses_json() -> None:
    dtos = _module("jsv_test_generated_dtos", GENERATED_STYLE)
    text = (
        "{id:1,nullableId:2,int:3,float:1.5,money:2.50,decimal:1.10,string:s,"
        "dateTime:2020-01-02T03:04:05Z,oldDateTime:2020-01-02,timeSpan:PT1M,enumType:Value2,"
        "enumAsInt:2000,stringList:[a,b],stringMap:{k:v},intStringMap:{1:one},"
        "subType:{id:7,name:n},results:[{id:8}]}"
    )
    value = jsv.loads(text, type=dtos.AllTypes)
    assert value.int_ == 3 and value.float_ == 1.5
    # `Decimal` here is marshmallow.fields.Decimal (star import): still a Decimal
    assert value.decimal == Decimal("1.10") and type(value.decimal) is Decimal
    assert value.money == Decimal("2.50") and type(value.money) is Decimal
    assert value.date_time == datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert value.old_date_time == datetime(2020, 1, 2)  # marshmallow DateTime annotation
    assert value.time_span == timedelta(minutes=1)
    assert value.enum_type is dtos.EnumType.VALUE2 and value.enum_as_int is dtos.EnumAsInt.VALUE2
    assert value.int_string_map == {1: "one"}
    assert value.sub_type == dtos.SubType(7, "n") and value.results == [dtos.SubType(8)]
    written = jsv.dumps(value)
    assert written.startswith("{id:1,nullableId:2,int:3,float:1.5,money:2.50,decimal:1.10,")
    assert jsv.loads(written, type=dtos.AllTypes) == value
    # what dataclasses-json itself makes of the same values agrees
    assert dtos.AllTypes.from_dict(value.to_dict()).sub_type == value.sub_type
    assert jsv.dumps(dtos.PascalDto(user_name="x")) == "{UserName:x}"
    assert jsv.loads("{userName:y}", type=dtos.PascalDto).user_name == "y"


HAND_BUILT = """
from dataclasses import InitVar, dataclass, field
from typing import Optional


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class FakeMarshmallowDecimal:
    pass


FakeMarshmallowDecimal.__name__ = "Decimal"
FakeMarshmallowDecimal.__module__ = "marshmallow.fields"


@dataclass
class HandBuilt:
    dataclass_json_config = {"letter_case": camel, "undefined": None}

    account_id: Optional[str] = None
    from_: Optional[str] = field(
        default=None, metadata={"dataclasses_json": {"letter_case": lambda _: "from"}}
    )
    price: object = field(
        default=None, metadata={"dataclasses_json": {"mm_field": FakeMarshmallowDecimal()}}
    )


@dataclass
class Child(HandBuilt):
    child_name: Optional[str] = None
"""


def test_hand_built_metadata_without_dataclasses_json() -> None:
    mod = _module("jsv_test_hand_built", HAND_BUILT)
    assert encode_fields(mod.Child, None) == (
        ("child_name", "childName"),
        ("account_id", "accountId"),
        ("from_", "from"),
        ("price", "price"),
    )
    value = jsv.loads("{accountId:a,from:b,price:1.50,childName:c}", type=mod.Child)
    assert value == mod.Child(account_id="a", from_="b", price=Decimal("1.50"), child_name="c")
    assert jsv.dumps(value) == "{childName:c,accountId:a,from:b,price:1.50}"


def test_jsv_never_imports_dataclasses_json() -> None:
    package = Path(jsv.__file__).parent
    sources = sorted(package.glob("*.py")) + sorted(package.glob("*.py[xi]"))
    assert len(sources) > 10
    for path in sources:
        source = path.read_text(encoding="utf-8")
        pattern = r"^\s*(import|from)\s+(dataclasses_json|marshmallow)\b"
        assert not re.search(pattern, source, re.M), path.name


# ---------------------------------------------------------------------------
# __type: never resolved; type_map only
# ---------------------------------------------------------------------------


@dataclass
class Animal:
    name: Optional[str] = None


@dataclass
class Dog(Animal):
    barks: bool = False


@dataclass
class Cat(Animal):
    lives: int = 9


@dataclass
class Zoo:
    star: Optional[Animal] = None
    all: List[Animal] = field(default_factory=list)
    anything: Any = None


ZOO = (
    '{star:{__type:"Probe.Dog, P1",Barks:True,Name:Rex},'
    'all:[{__type:"Probe.Dog, P1",Barks:False,Name:A},'
    '{__type:"Probe.Cat, P1",Name:C,Lives:3},{Name:Z}],'
    'anything:{__type:"Probe.Cat, P1",Lives:1}}'
)


def test_type_is_ordinary_data_without_a_type_map() -> None:
    before = set(sys.modules)
    hostile = (
        '{__type:"subprocess.Popen, System",name:x,'
        'star:{__type:"antigravity.Fly, System",Name:y},'
        'anything:{__type:"this.Zen, mscorlib",args:[rm]}}'
    )
    zoo = jsv.loads(hostile, type=Zoo)
    assert zoo.star == Animal("y") and type(zoo.star) is Animal
    assert zoo.anything == {"__type": "this.Zen, mscorlib", "args": ["rm"]}
    assert jsv.loads(hostile) == jsv.loads(hostile, type=Dict[str, Any])
    assert set(sys.modules) == before  # nothing was imported
    assert jsv.loads(ZOO, type=Zoo).star == Animal("Rex")


def test_type_map_selects_subclasses() -> None:
    type_map = {"Dog": Dog, "Probe.Cat": Cat}
    zoo = jsv.loads(ZOO, type=Zoo, type_map=type_map)
    assert zoo.star == Dog(name="Rex", barks=True)
    assert zoo.all == [Dog(name="A"), Cat(name="C", lives=3), Animal("Z")]
    assert zoo.anything == Cat(lives=1)
    # the full __type text works as a key too
    full = jsv.loads(ZOO, type=Zoo, type_map={"Probe.Dog, P1": Dog})
    assert type(full.star) is Dog and full.anything["__type"] == "Probe.Cat, P1"


def test_type_map_never_escapes_the_declared_type() -> None:
    @dataclass
    class Other:
        name: Optional[str] = None

    zoo = jsv.loads(ZOO, type=Zoo, type_map={"Dog": Other})
    assert type(zoo.star) is Animal  # Other is not an Animal: ignored
    assert zoo.anything == {"__type": "Probe.Cat, P1", "Lives": "1"}
    decoder: Decoder[Zoo] = Decoder(Zoo, type_map={"Cat": Cat})
    assert type(decoder.decode(ZOO).all[1]) is Cat


# ---------------------------------------------------------------------------
# Error paths and "nothing but JSVValidationError"
# ---------------------------------------------------------------------------


def test_error_paths() -> None:
    err = _error(jsv.loads, "{members:[{muted:maybe}]}", type=voice.SessionInfo)
    assert str(err) == "Expected `bool`, got `maybe` - at `$.members[0].muted`"
    assert (err.msg, err.path) == ("Expected `bool`, got `maybe`", "$.members[0].muted")
    err = _error(jsv.loads, "{Members:[{},{ApplicationData:{k:[x]}}]}", type=voice.SessionInfo)
    assert str(err) == 'Expected `str`, got `array` - at `$.Members[1].ApplicationData["k"]`'
    err = _error(jsv.loads, "{dialState:Bogus}", type=voice.SessionInfo)
    assert str(err) == "Expected `SessionDialState`, got `Bogus` - at `$.dialState`"
    err = _error(jsv.loads, '{"a b":{x:1}}', type=Dict[str, Base])
    assert str(err) == 'Object missing required field `id` - at `$["a b"]`'
    long_text = "x" * 500
    assert len(_error(jsv.loads, long_text, type=int).msg) < 100
    assert isinstance(_error(jsv.loads, "x", type=int), ValueError)


def test_unsupported_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        convert("x", CustomInit)
    with pytest.raises(TypeError):
        Decoder(Optional["Nope"])  # noqa: F821


untyped = st.recursive(
    st.none()
    | st.text(max_size=8)
    | st.sampled_from(["True", "1", "-5", "x", "2020-01-02", "P1D", "Red"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["id", "name", "dialState", "members", "muted", "ended", "__type", "Log", "x"]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@SETTINGS
@given(untyped)
def test_any_untyped_value_converts_or_fails_cleanly(value: Any) -> None:
    for tp in (
        voice.SessionInfo,
        subscript(List, voice.SessionMemberInfo),  # a run-time module's class
        Maps,
        Unions,
        Collections,
        Node,
        Point,
        Movie,
    ):
        options: List[Dict[str, Any]] = [
            {},
            {"forbid_unknown_fields": True, "type_map": {"Dog": Dog}},
        ]
        for kwargs in options:
            try:
                got = convert(value, tp, **kwargs)
            except JSVValidationError:
                continue
            # What converts is of the type, and writes text that reads back to a value
            # that writes the same text (a default such as `()` for a Sequence reads
            # back as `[]`, so the values themselves may differ).
            if isinstance(tp, type):
                assert type(got) is tp
            else:
                assert type(got) is list
                assert all(type(item) is voice.SessionMemberInfo for item in got)
            text = jsv.dumps(got)
            assert jsv.dumps(jsv.loads(text, type=tp, **kwargs)) == text


# ---------------------------------------------------------------------------
# Round trips through the writer (hypothesis)
# ---------------------------------------------------------------------------


@dataclass
class Leaf:
    text: str = ""
    number: int = 0
    ratio: float = 0.0
    ok: bool = False
    note: Optional[str] = None


@dataclass
class Everything:
    leaf: Leaf
    leaves: List[Leaf]
    amount: Decimal
    when: datetime
    day: date
    clock: time
    span: timedelta
    ident: uuid.UUID
    blob: bytes
    color: Color
    level: Level
    perm: Perm
    by_key: Dict[str, int]
    by_int: Dict[int, str]
    ints: Set[int]
    pair: Tuple[int, str]
    point: Point
    mode: Literal["fast", "slow"]
    nested: List[List[str]]
    maybe: Optional[Leaf] = None


_text = st.text(max_size=12)
_when = st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)) | st.datetimes(
    min_value=datetime(2, 1, 1),
    max_value=datetime(9998, 12, 31),
    timezones=st.sampled_from(
        [timezone.utc, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
    ),
)
_finite = st.floats(allow_nan=False, allow_infinity=False)
_leaf = st.builds(
    Leaf,
    text=_text,
    number=st.integers(-(2**70), 2**70),
    ratio=_finite,
    ok=st.booleans(),
    note=st.none() | _text,
)
_everything = st.builds(
    Everything,
    leaf=_leaf,
    leaves=st.lists(_leaf, max_size=3),
    amount=st.decimals(allow_nan=False, allow_infinity=False, places=4),
    when=_when,
    day=st.dates(),
    clock=st.times(),
    span=st.timedeltas(min_value=timedelta(days=-(10**6)), max_value=timedelta(days=10**6)),
    ident=st.uuids(),
    blob=st.binary(max_size=16),
    color=st.sampled_from(Color),
    level=st.sampled_from(Level),
    perm=st.sampled_from([Perm.NONE, Perm.READ, Perm.WRITE, Perm.READ | Perm.WRITE]),
    by_key=st.dictionaries(_text, st.integers(), max_size=3),
    by_int=st.dictionaries(st.integers(), _text, max_size=3),
    ints=st.sets(st.integers(), max_size=4),
    pair=st.tuples(st.integers(), _text),
    point=st.builds(Point, x=st.integers(), y=st.integers(), label=_text),
    mode=st.sampled_from(["fast", "slow"]),
    nested=st.lists(st.lists(_text, max_size=3), max_size=3),
    maybe=st.none() | _leaf,
)


@SETTINGS
@given(_everything)
def test_round_trip_typed_values(value: Everything) -> None:
    text = jsv.dumps(value)
    assert jsv.loads(text, type=Everything) == value
    assert Decoder(Everything).decode(text) == value


@SETTINGS
@given(st.builds(Leaf, ratio=_finite), st.sampled_from([None, "camel", "pascal", "snake"]))
def test_round_trip_with_renames(leaf: Leaf, rename: Optional[str]) -> None:
    text = Encoder(rename=rename).encode(leaf)
    assert jsv.loads(text, type=Leaf) == leaf


@SETTINGS
@given(st.builds(voice.SessionInfo))
def test_round_trip_generated_dtos(session: Any) -> None:
    assert jsv.loads(jsv.dumps(session), type=voice.SessionInfo) == session


# ---------------------------------------------------------------------------
# to_builtin
# ---------------------------------------------------------------------------


def test_to_builtin() -> None:
    from jsv._common import Raw

    stamp = to_builtin(datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    assert type(stamp) is Raw and stamp == "2020-01-02T03:04:05Z"
    assert to_builtin(date(2020, 1, 2)) == "2020-01-02"
    assert type(to_builtin(time(13, 13, 13))) is Raw
    assert to_builtin(timedelta(hours=1)) == "PT1H"
    assert to_builtin(uuid.UUID(int=1)) == "00000000000000000000000000000001"
    assert to_builtin(b"\x00Aa\xff") == "AEFh/w==" == to_builtin(bytearray(b"\x00Aa\xff"))
    assert to_builtin(Color.RED) == "Red" and to_builtin(Perm.READ | Perm.WRITE) == 3
    assert to_builtin(object()) is NotImplemented
    assert to_builtin("text") is NotImplemented


# ---------------------------------------------------------------------------
# ServiceStack's POCO vectors (from the team's jsv-vectors, where they fit Python)
# ---------------------------------------------------------------------------


@dataclass
class FloatTypes:
    float_: float = 0.0
    double: float = 0.0
    decimal: Decimal = Decimal(0)


@dataclass
class DayHolder:
    day: Day = Day.SUNDAY
    n_day: Optional[Day] = None


@dataclass
class PermHolder:
    p: Perm = Perm.NONE


@dataclass
class DateTimeHolder:
    d: Optional[datetime] = None


@dataclass
class DateHolder:
    date: Optional[date] = None


@dataclass
class Poco:
    name: Optional[str] = None
    age: int = 0


@dataclass
class NameOnly:
    name: Optional[str] = None


@dataclass
class FooGreet:
    foo: Optional[str] = None
    greet: Optional[str] = None


@dataclass
class SizeHolder:
    size: Optional[str] = None


@dataclass
class ValueHolder:
    value: Optional[str] = None


@dataclass
class Names:
    first_name: Optional[str] = None
    dial_state: int = 0


@dataclass
class Aliased:
    id: int = 0
    name: Optional[str] = field(
        default=None, metadata={"dataclasses_json": {"letter_case": lambda _: "alias"}}
    )


@dataclass
class ObjectHolder:
    obj: Any = None
    objs: Optional[List[Any]] = None
    map: Optional[Dict[str, Any]] = None


@dataclass
class Special:
    t: Optional[str] = None
    e: Optional[str] = None
    kv: Optional[KeyValuePair[str, int]] = None


ZERO_UUID = uuid.UUID(int=0)


class MessageOption(enum.IntFlag):
    NONE = 0
    NOTIFY_ONE_WAY = 1


@dataclass
class Message(Generic[T]):
    id: uuid.UUID = ZERO_UUID
    created_date: datetime = datetime(1, 1, 1)
    priority: int = 0
    retry_attempts: int = 0
    options: MessageOption = MessageOption.NONE
    body: Optional[T] = None


@dataclass
class ZooVector:
    star: Optional[Animal] = None
    all: Optional[List[Animal]] = None


# (jsv, type, expected value, rename for writing it back or None for decode-only)
POCO_VECTORS: List[Tuple[str, Any, Any, Optional[str]]] = [
    (
        "{Float:1.1,Double:2.2,Decimal:3.3}",
        FloatTypes,
        FloatTypes(1.1, 2.2, Decimal("3.3")),
        "pascal",
    ),
    (
        "{Float:111111.1,Double:2222222.22,Decimal:33333333.333}",
        FloatTypes,
        FloatTypes(111111.1, 2222222.22, Decimal("33333333.333")),
        "pascal",
    ),
    (
        '{Float:"1,111.1",Double:"2,222.2",Decimal:"3,333.3"}',
        FloatTypes,
        FloatTypes(1111.1, 2222.2, Decimal("3333.3")),
        None,
    ),
    ("{Day:SUN}", DayHolder, DayHolder(Day.SUNDAY, None), "pascal"),
    ('{P:"Read,Write"}', PermHolder, PermHolder(Perm.READ | Perm.WRITE), None),
    ("{D:}", DateTimeHolder, DateTimeHolder(None), None),
    ("{Date:2001-01-13}", DateHolder, DateHolder(date(2001, 1, 13)), "pascal"),
    ("[[1,0],[0,1]]", List[List[float]], [[1.0, 0.0], [0.0, 1.0]], "pascal"),
    ("[{Name:A,Age:1},{},{Name:B,Age:0}]", List[Poco], [Poco("A", 1), Poco(), Poco("B", 0)], None),
    ("[{Name:k1},,{Name:k2}]", List[Optional[Poco]], [Poco("k1"), None, Poco("k2")], None),
    ("[[1,2],[],[3]]", List[List[int]], [[1, 2], [], [3]], "pascal"),
    ('[[a,"b]"],[c]]', List[List[str]], [["a", "b]"], ["c"]], "pascal"),
    ("[3,1,2]", Set[int], {1, 2, 3}, None),
    (
        "{One:1st,Two:2nd,Three:3rd}",
        Dict[str, str],
        {"One": "1st", "Two": "2nd", "Three": "3rd"},
        "pascal",
    ),
    (
        '{One:"""1st",Two:"2:nd",Three:"3r,d",Four:four%}',
        Dict[str, str],
        {"One": '"1st', "Two": "2:nd", "Three": "3r,d", "Four": "four%"},
        "pascal",
    ),
    ("{}", Dict[str, str], {}, "pascal"),
    ("", Optional[Dict[str, str]], None, None),
    ('{a:,b:""}', Dict[str, Optional[str]], {"a": None, "b": ""}, None),
    ("{ a : 1 , b : 2 }", Dict[str, str], {" a ": " 1 ", " b ": " 2 "}, None),
    ("{1:a,2:b}", Dict[int, str], {1: "a", 2: "b"}, "pascal"),
    ("{a:{Name:A,Age:1}}", Dict[str, Poco], {"a": Poco("A", 1)}, "pascal"),
    ("{{Name:k,Age:0}:1}", Dict[Key, int], {Key("k", 0): 1}, "pascal"),
    ("{Key:k,Value:1}", KeyValuePair[str, int], KeyValuePair("k", 1), "pascal"),
    ('{Name:"Me, Junior"}', NameOnly, NameOnly("Me, Junior"), "pascal"),
    ('{Size:"2"" x 1"""}', SizeHolder, SizeHolder('2" x 1"'), "pascal"),
    ("{Foo:Bar,Greet:Hello World!}", FooGreet, FooGreet("Bar", "Hello World!"), "pascal"),
    ("{Age:3}", Poco, Poco(None, 3), "pascal"),
    ('{Name:"",Age:3}', Poco, Poco("", 3), "pascal"),
    ("{Name:x,Age:0}", Poco, Poco("x", 0), "pascal"),
    ("{vALUE:B}", ValueHolder, ValueHolder("B"), None),
    ("{Foo:bar,Name:x,Bar:{a:[1,2]},Age:5}", Poco, Poco("x", 5), None),
    ("{Name:,Age:5}", Poco, Poco(None, 5), None),
    ("{ Name : x , Age : 5 }", Poco, Poco(" x ", 5), None),
    ("\ufeff{Name:x}", Poco, Poco("x"), None),
    ("{name:A,age:1}", Poco, Poco("A", 1), "camel"),
    ("{first_name:x,dial_state:2}", Names, Names("x", 2), "snake"),
    ("{firstName:x,dialState:2}", Names, Names("x", 2), "camel"),
    ("{Id:1,alias:foo}", Aliased, Aliased(1, "foo"), None),
    ("{Star:{Name:Rex}}", ZooVector, ZooVector(Animal("Rex")), "pascal"),
    (
        "{Obj:5,Objs:[1,a],Map:{k:1.5}}",
        ObjectHolder,
        ObjectHolder("5", ["1", "a"], {"k": "1.5"}),
        "pascal",
    ),
    (
        '{T:"Probe.Poco, P4",E:"boom, bad",Kv:{Key:k,Value:2}}',
        Special,
        Special("Probe.Poco, P4", "boom, bad", KeyValuePair("k", 2)),
        "pascal",
    ),
    (
        "{Id:00000000000000000000000000000000,CreatedDate:0001-01-01,Priority:0,RetryAttempts:0,Options:1,Body:test}",
        Message[str],
        Message(options=MessageOption.NOTIFY_ONE_WAY, body="test"),
        "pascal",
    ),
]


@pytest.mark.parametrize(("text", "tp", "expected", "rename"), POCO_VECTORS)
def test_poco_vectors(text: str, tp: Any, expected: Any, rename: Optional[str]) -> None:
    assert jsv.loads(text, type=tp) == expected
    if rename is not None:
        assert jsv.dumps(expected, rename=rename) == text


def test_poco_vector_alias_written_back() -> None:
    assert jsv.dumps(Aliased(1, "foo"), rename="pascal") == "{Id:1,Name:foo}"
    assert jsv.dumps(Aliased(1, "foo")) == "{id:1,alias:foo}"


def test_poco_vector_polymorphic_list() -> None:
    text = (
        '{Star:{__type:"Probe.Dog, P1",Barks:True,Name:Rex},'
        'All:[{__type:"Probe.Dog, P1",Barks:False,Name:A}]}'
    )
    assert jsv.loads(text, type=ZooVector, type_map={"Dog": Dog}) == ZooVector(
        Dog("Rex", True), [Dog("A", False)]
    )


@pytest.mark.parametrize(
    ("text", "tp", "error"),
    [
        # ServiceStack keeps the default; jsv reports it
        ("{Name:x,Age:abc}", Poco, "Expected `int`, got `abc` - at `$.Age`"),
        # ServiceStack keeps the raw text; jsv reports it
        ("{Name:[a,b],Age:2}", Poco, "Expected `str`, got `array` - at `$.Name`"),
        # a blank between objects
        ("[{Name:a}, {Name:b}]", List[Poco], "Expected `object`, got ` {Name:b}` - at `$[1]`"),
        ("{Name:x,}", Poco, "Expecting a key after ',': line 1 column 9 (char 8)"),
    ],
)
def test_poco_vectors_that_are_errors(text: str, tp: Any, error: str) -> None:
    with pytest.raises((JSVValidationError, JSVDecodeError)) as info:
        jsv.loads(text, type=tp)
    assert str(info.value) == error


@dataclasses.dataclass
class _Child:
    name: str


@dataclasses.dataclass
class _Parent:
    child: Optional[_Child] = None
    kids: List[_Child] = dataclasses.field(default_factory=list)


@pytest.mark.parametrize(
    ("text", "path"),
    [("{child:{}}", "$.child"), ("{kids:[{name:a},{}]}", "$.kids[1]"), ("{}", None)],
)
def test_missing_required_field_names_the_path_of_its_object(
    text: str, path: Optional[str]
) -> None:
    if path is None:
        assert jsv.loads(text, type=_Parent) == _Parent()
        return
    with pytest.raises(jsv.JSVValidationError) as info:
        jsv.loads(text, type=_Parent)
    assert info.value.msg == "Object missing required field `name`"
    assert info.value.path == path
