"""jsv.appsettings: ServiceStack's AppSettings getters and text-file settings.

Expected values come from ServiceStack's own tests (repository
ServiceStack/ServiceStack, ``ServiceStack/tests/ServiceStack.Common.Tests/
Configuration/AppSettingsTests.cs`` and ``ServiceStack.Text/tests/
ServiceStack.Text.Tests/StringExtensionsTests.cs``), cited per test, or are
literals derived from the source of ``AppSettingsBase``/``ConfigUtils``.
"""

from __future__ import annotations

import doctest
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import pytest

import jsv.appsettings
from jsv import JSVDecodeError, JSVValidationError
from jsv.appsettings import AppSettings, read_text_settings


def config_dictionary() -> Dict[str, Optional[str]]:
    """AppSettingsTest.GetConfigDictionary()."""
    return {
        "NullableKey": None,
        "EmptyKey": "",
        "RealKey": "This is a real value",
        "ListKey": "A,B,C,D,E",
        "IntKey": "42",
        "BadIntegerKey": "This is not an integer",
        "DictionaryKey": "A:1,B:2,C:3,D:4,E:5",
        "BadDictionaryKey": "A1,B:",
        "ObjectNoLineFeed": "{SomeSetting:Test,SomeOtherSetting:12,FinalSetting:Final}",
        "ObjectWithLineFeed": "{SomeSetting:Test,\r\nSomeOtherSetting:12,\r\nFinalSetting:Final}",
        "Email": "{From:test@email.com,Subject:The Subject}",
    }


@dataclass
class SimpleAppSettings:
    SomeSetting: Optional[str] = None
    SomeOtherSetting: int = 0
    FinalSetting: Optional[str] = None


SIMPLE = SimpleAppSettings("Test", 12, "Final")


def test_get_string(engine: str) -> None:
    settings = AppSettings(config_dictionary())
    # GetString_Returns_Value
    assert settings.get("RealKey") == "This is a real value"
    # GetNullable_String_Returns_Null / GetString_returns_null_On_Nonexistent_Key
    assert settings.get_text("NullableKey") is None
    assert settings.get_text("GarbageKey") is None
    # Get_Returns_Default_Value_On_Null_Key
    assert settings.get("NullableKey", str, "default") == "default"
    assert settings.get("EmptyKey") == ""


def test_missing_key_raises_key_error_naming_it(engine: str) -> None:
    settings = AppSettings(config_dictionary())
    # GetRequiredString_Throws_Exception_On_Nonexistent_Key: the message names the key
    with pytest.raises(KeyError) as info:
        settings.get("GarbageKey")
    assert info.value.args == ("GarbageKey",)
    with pytest.raises(KeyError) as info:
        settings.get("NullableKey", int)
    assert info.value.args == ("NullableKey",)
    with pytest.raises(KeyError):
        settings.get("EmptyKey", int)  # empty counts as missing for non-strings
    assert settings.get("EmptyKey", int, default=3) == 3


def test_get_typed(engine: str) -> None:
    settings = AppSettings(config_dictionary())
    # Get_Casts_To_Specified_Type
    assert settings.get("IntKey", int, 1) == 42
    # Can_Get_List_From_Setting_using_generics
    assert settings.get("ListKey", List[str]) == ["A", "B", "C", "D", "E"]
    assert settings.get("DictionaryKey", Dict[str, int]) == {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}
    # Get_Returns_ObjectNoLineFeed
    assert settings.get("ObjectNoLineFeed", SimpleAppSettings) == SIMPLE
    assert settings.get("ObjectNoLineFeed", SimpleAppSettings, SimpleAppSettings()) == SIMPLE
    # a quoted string is unquoted for str, as Get<string> does
    assert AppSettings({"K": '"a, b"'}).get("K") == "a, b"
    assert AppSettings({"K": "{A:1}"}).get("K") == "{A:1}"


def test_get_bad_value_names_the_key(engine: str) -> None:
    settings = AppSettings(config_dictionary())
    # Get_Throws_Exception_On_Bad_Value: even with a default
    with pytest.raises(JSVValidationError) as info:
        settings.get("BadIntegerKey", int, 1)
    expected = "The BadIntegerKey setting: Expected `int`, got `This is not an integer`"
    assert info.value.msg == expected
    with pytest.raises(JSVDecodeError) as info2:
        AppSettings({"Ids": "1,[2"}).get("Ids", List[List[int]])
    assert info2.value.msg.startswith("The Ids setting is not valid JSV: ")


def test_collapse_new_lines(engine: str) -> None:
    # Get_Returns_ObjectWithLineFeed (ParsingStrategy = AppSettingsStrategy.CollapseNewLines)
    settings = AppSettings(config_dictionary(), collapse_new_lines=True)
    assert settings.get("ObjectWithLineFeed", SimpleAppSettings) == SIMPLE
    assert settings.get("RealKey") == "This is a real value"
    assert AppSettings({"K": "a\n"}, collapse_new_lines=True).get("K") == "a\n"  # one line


def test_get_list(engine: str) -> None:
    settings = AppSettings(config_dictionary())
    # GetList_Parses_List_From_Setting
    assert settings.get_list("ListKey") == ["A", "B", "C", "D", "E"]
    # GetList_returns_empty_list_On_Null_Key
    assert settings.get_list("GarbageKey") == []
    # ConfigUtils.GetListFromAppSettingValue: Split(','), no quoting, no trimming
    assert AppSettings({"K": 'a, "b,c"'}).get_list("K") == ["a", ' "b', 'c"']
    assert AppSettings({"K": ""}).get_list("K") == [""]


def test_get_dict(engine: str) -> None:
    settings = AppSettings(config_dictionary())
    # GetDictionary_Parses_Dictionary_From_Setting
    assert settings.get_dict("DictionaryKey") == {"A": "1", "B": "2", "C": "3", "D": "4", "E": "5"}
    assert list(settings.get_dict("DictionaryKey")) == ["A", "B", "C", "D", "E"]
    # GetKeyValuePairs_Parses_Dictionary_From_Setting
    assert settings.get_key_value_pairs("DictionaryKey")[:2] == [("A", "1"), ("B", "2")]
    # GetDictionary_Throws_Exception_On_Null_Key
    with pytest.raises(KeyError) as info:
        settings.get_dict("GarbageKey")
    assert info.value.args == ("GarbageKey",)
    # GetDictionary_Throws_Exception_On_Bad_Value: the message names the key
    with pytest.raises(ValueError, match="The BadDictionaryKey setting had an invalid Key/Value"):
        settings.get_dict("BadDictionaryKey")
    # ConfigUtils: item.Split(':') -> [0] and [1]; Dictionary.Add rejects repeats
    assert AppSettings({"K": "Url:http://x, B :"}).get_dict("K") == {"Url": "http", " B ": ""}
    with pytest.raises(ValueError):
        AppSettings({"K": "A:1,A:2"}).get_dict("K")
    assert AppSettings({"K": "A:1,A:2"}).get_key_value_pairs("K") == [("A", "1"), ("A", "2")]


def test_tier_and_keys(engine: str) -> None:
    settings = AppSettings({"Port": "1", "Live.Port": "2", "Host": "h", "Gone": None}, tier="Live")
    assert settings.get("Port", int) == 2
    assert settings.get("Host") == "h"
    assert settings.keys() == ["Port", "Host"]
    assert settings.get_all() == {"Port": "2", "Host": "h"}
    assert settings.exists("Host") and "Host" in settings and "Gone" not in settings


TEXT_FILE = "\n".join(
    [
        "",
        "EmptyKey  ",
        "RealKey This is a real value",
        "ListKey A,B,C,D,E",
        "IntKey 42",
        "DictionaryKey A:1,B:2,C:3,D:4,E:5",
        "ObjectKey {SomeSetting:Test,SomeOtherSetting:12,FinalSetting:Final}",
    ]
)


def test_text_file_settings(engine: str, tmp_path: Path) -> None:
    # DictionarySettingsTest.Does_work_with_ParseKeyValueText
    path = tmp_path / "app.settings"
    path.write_text(TEXT_FILE, encoding="utf-8")
    settings = AppSettings(read_text_settings(path))
    assert settings.get_text("EmptyKey") is None
    assert settings.get("RealKey") == "This is a real value"
    assert settings.get("IntKey", int, default=1) == 42
    assert settings.get_list("ListKey") == ["A", "B", "C", "D", "E"]
    assert settings.get_dict("DictionaryKey") == {"A": "1", "B": "2", "C": "3", "D": "4", "E": "5"}
    assert settings.get("ObjectKey", SimpleAppSettings, SimpleAppSettings()) == SIMPLE


def test_parse_key_value_text() -> None:
    # StringExtensionsTests.Can_ParseKeyValueText
    def parse(text: str) -> Dict[str, Optional[str]]:
        return read_text_settings(io.StringIO(text))

    assert parse("") == {}
    assert parse("a") == {"a": None}
    assert parse("a ") == {"a": None}
    assert parse("a b")["a"] == "b"
    assert parse("a b c")["a"] == "b c"
    assert parse("a  b c ")["a"] == "b c"
    assert parse("a b\nc d")["c"] == "d"
    assert parse("a b\r\nc d")["c"] == "d"
    # comments, blank lines, CR line ends, later lines win, other delimiters
    assert parse("# x y\n\n  \r a 1\ra 2\n #b 3") == {"a": "2"}
    assert read_text_settings(io.StringIO("Host=db1 \nPort = 5432"), delimiter="=") == {
        "Host": "db1",
        "Port": "5432",
    }
    assert read_text_settings(io.StringIO("aXb"), delimiter="x") == {"a": "b"}  # ignoring case
    assert read_text_settings(io.BytesIO(b"\xef\xbb\xbfK \xc3\xa9")) == {"K": "\xe9"}
    with pytest.raises(ValueError):
        read_text_settings(io.StringIO("a b"), delimiter="")


def test_module_examples_run(engine: str) -> None:
    failures, tried = doctest.testmod(jsv.appsettings)
    assert tried >= 5 and failures == 0
