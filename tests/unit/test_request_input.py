"""Cleaning what a request carries: control characters out, JSON depth measured without parsing."""

from __future__ import annotations

from talentmatch.request_input import CleanMultiDict, json_depth, without_control_characters


def test_control_characters_go_but_tab_and_line_breaks_stay():
    assert without_control_characters("a\x00b\x1bc\x7fd\x85e\tf\r\ng") == "abcde\tf\r\ng"


def test_form_data_is_cleaned_in_names_and_every_value():
    cleaned = CleanMultiDict({"skills\x00": ["SQL\x00", "Py\x07thon"], "q": "a\x00b"})

    assert cleaned.getlist("skills") == ["SQL", "Python"]
    assert cleaned["q"] == "ab"


def test_json_depth_counts_nesting_and_ignores_brackets_in_strings():
    assert json_depth(b'{"a": [1, {"b": []}]}') == 4
    assert json_depth(b'{"text": "[[[[{{{{ \\" [[["}') == 1
    assert json_depth(b"[" * 50_000 + b"]" * 50_000) == 50_000
    assert json_depth(b'"just text"') == 0


def test_a_value_of_only_spaces_is_empty():
    assert CleanMultiDict([("size", " "), ("level", "\u00a0\t"), ("name", " Ana ")]).to_dict() == {
        "size": "",
        "level": "",
        "name": " Ana ",
    }


def test_bidirectional_overrides_go_but_right_to_left_text_stays():
    spoofed = "Invoice\u202eFDP.exe"  # displays as "Invoiceexe.PDF"
    assert without_control_characters(spoofed) == "InvoiceFDP.exe"
    arabic = "مهندسة برمجيات"  # noqa: RUF001 (real right-to-left text)
    assert without_control_characters(arabic) == arabic
