"""jsv.servicestack: ServiceStack's framework tables and CsvRequestLogger files.

The CSV below is written by hand the way ServiceStack's CsvSerializer writes a
List<RequestLogEntry>: a header of member names, CRLF row ends, a cell quoted
(quotes doubled) when it holds '"', ',', a line break or starts with '[' or '{',
string members raw and every other member as its JSV text.
"""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path
from typing import Dict, List

import pytest

import jsv
from jsv._wire import encode_fields
from jsv.servicestack import (
    CacheEntry,
    ConfigSetting,
    RequestLogEntry,
    RequestLogError,
    UserAuth,
    UserAuthDetails,
    UserAuthRole,
    read_request_logs,
)

#: Every test here reads or writes through the engine: each runs on both.
pytestmark = pytest.mark.usefixtures("engine")

UTC = datetime.timezone.utc

HEADER = (
    "Id,DateTime,StatusCode,StatusDescription,HttpMethod,AbsoluteUri,PathInfo,RequestBody,"
    "RequestDto,UserAuthId,SessionId,IpAddress,ForwardedFor,Referer,Headers,FormData,Items,"
    "ResponseHeaders,Session,ResponseDto,ErrorResponse,ExceptionSource,ExceptionData,"
    "RequestDuration,Meta\r\n"
)
ROW1 = (
    "1,2024-05-01T10:00:00.1234567Z,200,,GET,http://localhost:5000/hello/World?format=json,"
    '/hello/World,,"{Name:World}",,"ab,cd",127.0.0.1,,,'
    '"{Host:""localhost:5000"",Accept:""text/html,application/xhtml+xml""}",,,,,'
    '"{Result:""Hello, World!""}",,,,PT0.0151723S,\r\n'
)
ROW2 = (
    "2,2024-05-01T10:00:01Z,400,Bad Request,POST,http://localhost:5000/json/reply/Hello,"
    '/json/reply/Hello,"{\r\n""Name"":""""\r\n}","{Name:""""}",7,,::1,"10.0.0.1, 10.0.0.2",'
    "http://localhost:5000/,,,,,,,"
    '"{ResponseStatus:{ErrorCode:ArgumentException,Message:Name is required,Errors:[]}}",'
    "ServiceStack,\"{Param:Name}\",PT0.002S,\"{tenant:acme}\"\r\n"
)

EXPECTED = [
    RequestLogEntry(
        id=1,
        date_time=datetime.datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=UTC),
        status_code=200,
        http_method="GET",
        absolute_uri="http://localhost:5000/hello/World?format=json",
        path_info="/hello/World",
        request_dto={"Name": "World"},
        session_id="ab,cd",
        ip_address="127.0.0.1",
        headers={"Host": "localhost:5000", "Accept": "text/html,application/xhtml+xml"},
        response_dto={"Result": "Hello, World!"},
        request_duration=datetime.timedelta(microseconds=15172),
    ),
    RequestLogEntry(
        id=2,
        date_time=datetime.datetime(2024, 5, 1, 10, 0, 1, tzinfo=UTC),
        status_code=400,
        status_description="Bad Request",
        http_method="POST",
        absolute_uri="http://localhost:5000/json/reply/Hello",
        path_info="/json/reply/Hello",
        request_body='{\r\n"Name":""\r\n}',
        request_dto={"Name": ""},
        user_auth_id="7",
        ip_address="::1",
        forwarded_for="10.0.0.1, 10.0.0.2",
        referer="http://localhost:5000/",
        error_response={
            "ResponseStatus": {
                "ErrorCode": "ArgumentException",
                "Message": "Name is required",
                "Errors": [],
            }
        },
        exception_source="ServiceStack",
        exception_data={"Param": "Name"},
        request_duration=datetime.timedelta(milliseconds=2),
        meta={"tenant": "acme"},
    ),
]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_reads_a_csv_request_logger_file(tmp_path: Path) -> None:
    f = write(tmp_path / "requestlogs/2024-05/2024-05-01.csv", HEADER + ROW1 + ROW2)
    assert list(read_request_logs(f)) == EXPECTED
    assert list(read_request_logs(str(f))) == EXPECTED


def test_glob_reads_files_in_order_and_columns_by_name(tmp_path: Path) -> None:
    write(tmp_path / "requestlogs/2024-05/2024-05-02.csv", HEADER + ROW2)
    write(tmp_path / "requestlogs/2024-05/2024-05-01.csv", HEADER + ROW1)
    # an older logger without ResponseHeaders, a newer one with an unknown column,
    # columns in another order: matched by name
    write(
        tmp_path / "requestlogs/2024-06/2024-06-01.csv",
        "StatusCode,Id,TraceId,PathInfo\r\n404,3,abc,/missing\r\n",
    )
    got = list(read_request_logs(tmp_path / "requestlogs/**/*.csv"))
    assert got == [*EXPECTED, RequestLogEntry(id=3, status_code=404, path_info="/missing")]
    assert list(read_request_logs(tmp_path / "nothing-*.csv")) == []


def test_empty_file_has_no_rows(tmp_path: Path) -> None:
    assert list(read_request_logs(write(tmp_path / "e.csv", ""))) == []
    assert list(read_request_logs(write(tmp_path / "h.csv", HEADER))) == []


def test_bad_cell_raises_with_file_line_and_column(tmp_path: Path) -> None:
    bad = ROW1.replace("PT0.0151723S", "P1Y").replace("1,", "5,", 1)
    f = write(tmp_path / "bad.csv", HEADER + ROW2 + bad + ROW1)
    rows = read_request_logs(f)
    assert next(rows) == EXPECTED[1]
    with pytest.raises(RequestLogError) as info:
        next(rows)
    err = info.value
    # ROW2 spans lines 2-4 (its RequestBody holds two line breaks): the bad row is line 5
    assert (err.path, err.line, err.column) == (str(f), 5, "RequestDuration")
    assert isinstance(err, jsv.JSVError) and err.__cause__ is err.error
    assert str(err).startswith(f"{f}:5: column RequestDuration: ")
    back = pickle.loads(pickle.dumps(err))
    assert (back.path, back.line, back.column, str(back)) == (err.path, 5, err.column, str(err))


def test_bad_rows_can_be_skipped(tmp_path: Path) -> None:
    bad = ROW1.replace("200,", "OK,", 1)
    f = write(tmp_path / "bad.csv", HEADER + bad + ROW2 + bad)
    assert list(read_request_logs(f, on_error="skip")) == [EXPECTED[1]]
    with pytest.raises(ValueError, match="on_error"):
        list(read_request_logs(f, on_error="ignore"))


def test_user_auth_reads_ormlite_text_and_writes_servicestack_names() -> None:
    text = (
        "{Id:1,UserName:admin,Email:admin@example.org,Roles:[Admin,Manager],"
        "Permissions:[],CreatedDate:2024-01-02T03:04:05.1234567Z,ModifiedDate:2024-01-02,"
        "InvalidLoginAttempts:2,Meta:{Theme:dark}}"
    )
    user = jsv.loads(text, type=UserAuth)
    assert user == UserAuth(
        id=1,
        user_name="admin",
        email="admin@example.org",
        roles=["Admin", "Manager"],
        created_date=datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
        modified_date=datetime.datetime(2024, 1, 2),
        invalid_login_attempts=2,
        meta={"Theme": "dark"},
    )
    assert jsv.dumps(UserAuth(id=2, user_name="x", roles=["a,b"])) == (
        '{Id:2,UserName:x,Roles:["a,b"],Permissions:[],CreatedDate:0001-01-01,'
        "ModifiedDate:0001-01-01,InvalidLoginAttempts:0}"
    )


# ServiceStack's C# members of each class, in declaration order.
MEMBERS = {
    UserAuth: "Id UserName Email PrimaryEmail PhoneNumber FirstName LastName DisplayName Company "
    "BirthDate BirthDateRaw Address Address2 City State Country Culture FullName Gender Language "
    "MailAddress Nickname PostalCode TimeZone Salt PasswordHash DigestHa1Hash Roles Permissions "
    "CreatedDate ModifiedDate InvalidLoginAttempts LastLoginAttempt LockedDate RecoveryToken "
    "RefId RefIdStr Meta",
    UserAuthDetails: "Id UserAuthId Provider UserId UserName FullName DisplayName FirstName "
    "LastName Company Email PhoneNumber BirthDate BirthDateRaw Address Address2 City State "
    "Country Culture Gender Language MailAddress Nickname PostalCode TimeZone RefreshToken "
    "RefreshTokenExpiry RequestToken RequestTokenSecret Items AccessToken AccessTokenSecret "
    "CreatedDate ModifiedDate RefId RefIdStr Meta",
    UserAuthRole: "Id UserAuthId Role Permission CreatedDate ModifiedDate RefId RefIdStr Meta",
    CacheEntry: "Id Data ExpiryDate CreatedDate ModifiedDate",
    ConfigSetting: "Id Value",
    RequestLogEntry: "Id DateTime StatusCode StatusDescription HttpMethod AbsoluteUri PathInfo "
    "RequestBody RequestDto UserAuthId SessionId IpAddress ForwardedFor Referer Headers FormData "
    "Items ResponseHeaders Session ResponseDto ErrorResponse ExceptionSource ExceptionData "
    "RequestDuration Meta",
}


@pytest.mark.parametrize("cls", list(MEMBERS), ids=lambda c: c.__name__)
def test_every_field_is_written_under_its_csharp_name(cls: type) -> None:
    assert [wire for _, wire in encode_fields(cls, None)] == MEMBERS[cls].split()
    # An all-empty row: None where the member is nullable, else the default.
    empty = jsv.loads("{" + ",".join(f"{n}:" for n in MEMBERS[cls].split()) + "}", type=cls)
    expected = cls()
    if cls is UserAuthDetails:
        expected.items = None  # C# initialises it to {}
    assert empty == expected


def test_user_auth_details_round_trip() -> None:
    details = UserAuthDetails(id=1, user_auth_id=2, provider="github", items={"a": "b"})
    assert jsv.loads(jsv.dumps(details), type=UserAuthDetails) == details
    assert jsv.dumps(details).startswith("{Id:1,UserAuthId:2,Provider:github,Items:{a:b},")


def test_cache_entry_and_config_setting_values() -> None:
    assert CacheEntry(id="k", data="[1,2,3]").get(List[int]) == [1, 2, 3]
    assert CacheEntry(id="k").get(List[int]) is None
    assert ConfigSetting(id="Servers", value="{a:1,b:2}").get(Dict[str, int]) == {"a": 1, "b": 2}
    assert ConfigSetting(id="Name", value="Acme, Inc").get(str) == "Acme, Inc"
    with pytest.raises(jsv.JSVValidationError):
        ConfigSetting(id="N", value="x").get(int)
