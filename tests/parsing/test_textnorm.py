"""scrapers.textnorm: NFC, look-alike letters, whitespace, and decoding of legacy-encoded pages."""

from __future__ import annotations

import unicodedata

import pytest

from scrapers.textnorm import decode_html, normalize_inline, normalize_text, sniff_meta_charset, vietnamese_plausibility


def test_nfc_composes_combining_tone_marks():
    decomposed = unicodedata.normalize("NFD", "Ứng dụng công nghệ thông tin")
    assert decomposed != "Ứng dụng công nghệ thông tin"
    assert normalize_text(decomposed) == "Ứng dụng công nghệ thông tin"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("\u00d0iện Biên", "Điện Biên"),  # Icelandic ETH used for Đ
        ("\u00f0ồng bộ", "đồng bộ"),  # lowercase eth for đ
        ("\u0189ắk Nông", "Đắk Nông"),  # African D
        ("ca\u0341p huye\u0302\u0340n", "cáp huyền"),  # deprecated combining tone marks
    ],
)
def test_lookalike_letters_are_fixed(raw, expected):
    assert normalize_text(raw) == expected


def test_whitespace_and_invisible_characters():
    raw = "  Sở\u00a0TT&TT\u200b  Hà   Tĩnh \r\n\r\n\r\n\r\nĐoạn\u00ad hai\t\t "
    assert normalize_text(raw) == "Sở TT&TT Hà Tĩnh\n\nĐoạn hai"
    assert normalize_inline("Dòng một\n\nDòng   hai") == "Dòng một Dòng hai"
    assert normalize_text(None) == "" and normalize_text("") == ""


def test_windows_1258_page_without_charset_is_decoded(fixture_bytes):
    body = fixture_bytes("nukeviet3_detail_cp1258_no_charset.html")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = decode_html(body, None)
    assert "Đắk Lắk: Ứng dụng công nghệ thông tin trong cơ quan nhà nước năm 2009" in text
    assert text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("wrong_header", ["ISO-8859-1", "windows-1252", "utf-8", "latin1", "bogus-charset"])
def test_windows_1258_page_with_a_wrong_charset_header_is_decoded(fixture_bytes, wrong_header):
    text = decode_html(fixture_bytes("nukeviet3_detail_cp1258_no_charset.html"), wrong_header)
    assert "Tỷ lệ cán bộ, công chức sử dụng thư điện tử trong công việc đạt 45%" in text


def test_meta_charset_is_honoured_when_the_header_is_missing():
    body = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head><body>Vi\xea\xf2t Nam</body></html>'.encode(
        "latin-1"
    )
    assert sniff_meta_charset(body) == "windows-1258"
    assert "Việt Nam" in decode_html(body, None)


def test_utf8_wins_over_a_legacy_header_when_bytes_are_valid_utf8():
    body = "<p>Chuyển đổi số</p>".encode()
    assert decode_html(body, "iso-8859-1") == "<p>Chuyển đổi số</p>"
    assert decode_html(b"\xef\xbb\xbf<p>An to\xc3\xa0n</p>", None) == "<p>An toàn</p>"


def test_plausibility_prefers_vietnamese_letters():
    assert vietnamese_plausibility("Đắk Nông") > vietnamese_plausibility("Ðãk Nông")


def _to_tcvn3(text: str) -> bytes:
    from scrapers.textnorm import TCVN3_LETTERS

    reverse = {letter: byte for byte, letter in TCVN3_LETTERS.items()}
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        byte = reverse.get(char) or reverse.get(char.lower())
        out += bytes([byte]) if byte else char.encode("cp1252")
    return bytes(out)


def test_tcvn3_pages_are_decoded():
    """Pre-Unicode pages in TCVN3 (the .VnTime font encoding) read as "ViÖt Nam" in Windows-1252."""
    from scrapers.textnorm import TCVN3_LETTERS

    assert len(TCVN3_LETTERS) == 74
    sentence = (
        "Ứng dụng công nghệ thông tin trong các cơ quan hành chính Nhà nước: tạo cơ sở thiết lập chính quyền điện tử"
    )
    body = b"<html><head><title>x</title></head><body><p>" + _to_tcvn3(sentence) + b"</p></body></html>"
    assert "c\xb8c".encode("latin-1").decode("cp1252") in body.decode("cp1252")  # "c¸c": the classic garble
    text = decode_html(body, "iso-8859-1")
    assert "ứng dụng công nghệ thông tin trong các cơ quan hành chính nhà nước" in text.lower()


def test_windows_1258_is_not_mistaken_for_tcvn3(fixture_bytes):
    text = decode_html(fixture_bytes("nukeviet3_detail_cp1258_no_charset.html"), None)
    assert "Đắk Lắk: Ứng dụng công nghệ thông tin trong cơ quan nhà nước năm 2009" in text
