"""Text normalisation for Vietnamese web text: Unicode NFC, look-alike letters, whitespace, and decoding.

Why this matters: the same word can arrive as precomposed letters (NFC), as a base letter plus
combining tone marks (Windows-1258 pages, some editors), or with look-alike letters typed on old
keyboards/fonts (Icelandic "Ð" for Vietnamese "Đ"). Deduplication by body hash, fact extraction and
search all need one canonical spelling, so every text leaving a parser goes through ``normalize_text``.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

# Look-alikes seen in Vietnamese text produced by legacy fonts (VNI/TCVN3 conversions) and keyboards.
# Each maps a letter that *renders* like a Vietnamese letter but is a different code point.
LOOKALIKE_LETTERS = {
    "\u00d0": "\u0110",  # Ð LATIN CAPITAL LETTER ETH -> Đ LATIN CAPITAL LETTER D WITH STROKE
    "\u00f0": "\u0111",  # ð latin small letter eth -> đ (converters map the pair together)
    "\u0189": "\u0110",  # Ɖ LATIN CAPITAL LETTER AFRICAN D -> Đ
    "\u0256": "\u0111",  # ɖ latin small letter d with tail -> đ
    # Combining marks that old Vietnamese encodings used in place of the standard ones.
    "\u0340": "\u0300",  # COMBINING GRAVE TONE MARK -> COMBINING GRAVE ACCENT (NFC then composes)
    "\u0341": "\u0301",  # COMBINING ACUTE TONE MARK -> COMBINING ACUTE ACCENT
}
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKE_LETTERS)

# Invisible characters that break word matching; soft hyphens and zero-width spaces come from CMS editors.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# str.translate with a dict walks the whole string in Python-level lookups (~0.1 ms per 10 kB), and
# almost no text has any of these characters: a regex scan (C speed) decides whether to translate.
_TRANSLATE_TABLE = {**_INVISIBLE, **_LOOKALIKE_TABLE}
_NEEDS_TRANSLATE = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE_TABLE))) + "]")


def normalize_text(text: str | None) -> str:
    """Return ``text`` in NFC with look-alikes fixed, spaces collapsed and paragraphs separated by one blank line."""
    if not text:
        return ""
    if _NEEDS_TRANSLATE.search(text):
        text = text.translate(_TRANSLATE_TABLE)  # the two tables share no character: one pass is the same
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Horizontal space never spans a newline, so collapsing it over the whole text equals per line.
    lines = [line.strip() for line in _HORIZONTAL_SPACE.sub(" ", text).split("\n")]
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalize_inline(text: str | None) -> str:
    """Like ``normalize_text`` but on one line: titles, authors, leads."""
    return " ".join(normalize_text(text).split())


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------

VIETNAMESE_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
# Letters only Vietnamese text has (not in Latin-1): the evidence that a decoding is right. Latin-1
# letters such as "ê" or "ò" also appear when Windows-1258 bytes are misread as Windows-1252.
_LATIN1_LETTERS = frozenset(bytes(range(0xC0, 0x100)).decode("latin-1"))
VIETNAMESE_ONLY_LETTERS = VIETNAMESE_LETTERS - _LATIN1_LETTERS
# Non-ASCII characters that are normal in Vietnamese pages and say nothing about the encoding.
_NEUTRAL_NON_ASCII = frozenset("\u00a0“”‘’–—…•·©®°€™«»×÷±²³½¼¾§¶→←↑↓▪►▼●○■□✓")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


_WORD = re.compile(r"\w+")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# TCVN 5712:1993 "VN3" (the ABC / .VnTime font encoding of pre-Unicode Vietnamese pages), lower-case
# table: byte -> letter; other bytes read as Windows-1252. Capitals with tones came from a separate
# upper-case font (.VnTimeH) with the same bytes, so they decode as lower case.
TCVN3_LETTERS = dict(zip(
    [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE,
     0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB,
     0xCC, 0xCE, 0xCF, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE,
     0xDF, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE,
     0xEF, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE],
    "ĂÂÊÔƠƯĐăâêôơưđ" "àảãáạằẳẵắặầẩẫấậ" "èẻẽéẹềểễếệìỉĩíị" "òỏõóọồổỗốộờởỡớợ" "ùủũúụừửữứựỳỷỹýỵ",
))
_TCVN3_TABLE = {bytes([byte]).decode("cp1252", "replace"): letter for byte, letter in TCVN3_LETTERS.items()}


def decode_tcvn3(body: bytes) -> str:
    """Decode TCVN3 (VN3/ABC) bytes: Windows-1252, then its look-alike characters mapped to Vietnamese letters."""
    return body.decode("cp1252", "replace").translate(str.maketrans(_TCVN3_TABLE))


def sniff_meta_charset(body: bytes) -> str | None:
    """Charset declared by ``<meta charset>`` or ``<meta http-equiv=Content-Type>`` in the first 4 KB."""
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    # WHATWG maps these labels to windows-1252; lookup keeps them distinct, so alias them here.
    if label in ("iso-8859-1", "latin1", "latin-1", "ascii", "us-ascii"):
        label = "windows-1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def vietnamese_plausibility(text: str) -> int:
    """Score how much ``text`` reads as Vietnamese: +2 per Vietnamese-only letter, -3 per odd non-ASCII
    char, -5 per word with two tone marks.

    A page decoded with the wrong single-byte codec shows letters such as "Ð", "õ" or "Þ" next to
    Latin letters instead of "Đ", "ơ", "₫": those count as odd characters.
    """
    text = unicodedata.normalize("NFC", text)
    # A Vietnamese syllable carries at most one tone mark; a wrong 8-bit table breaks that rule.
    score = -5 * sum(1 for word in _WORD.findall(text)
                     if sum(1 for c in unicodedata.normalize("NFD", word) if c in _TONE_MARKS) > 1)
    for char in text:
        if char < "\u0080":
            continue
        if char in VIETNAMESE_ONLY_LETTERS:
            score += 2
        elif char in VIETNAMESE_LETTERS:
            continue
        elif char in _NEUTRAL_NON_ASCII:
            continue
        else:
            # Stray combining marks, control characters, Latin-1 look-alikes, U+FFFD.
            score -= 3
    return score


def _detector_guess(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - shipped with requests
        return None
    best = from_bytes(body[:200_000]).best()
    return best.encoding if best else None


def decode_html(body: bytes, declared_charset: str | None = None) -> str:
    """Decode an HTML page to NFC text, surviving missing and wrong charset declarations.

    1. A BOM decides. 2. Valid UTF-8 wins outright (legacy text is almost never valid UTF-8).
    3. A specific declared charset (HTTP header or meta; not the Latin-1 family servers default
    to) is trusted when it decodes cleanly and reads at least neutrally. 4. Otherwise candidates
    (declared, meta, Windows-1258, charset_normalizer's guess, Windows-1252, TCVN3) are scored by
    ``vietnamese_plausibility``; the best wins, ties going to the earlier candidate. Step 4 is what
    fixes a Windows-1258 page served as ISO-8859-1 or with no charset, and .VnTime (TCVN3) pages.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return unicodedata.normalize("NFC", body.decode(encoding, errors="replace").lstrip("\ufeff"))
    try:
        return unicodedata.normalize("NFC", body.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _codec_name(declared_charset)
    meta = _codec_name(sniff_meta_charset(body))
    # A specific declaration (not the Latin-1 family that servers default to) is trusted when it
    # decodes cleanly and does not read worse than nothing.
    for trusted in (declared, meta):
        if trusted and trusted not in ("cp1252", "utf-8"):
            try:
                text = body.decode(trusted)
            except (UnicodeDecodeError, LookupError):
                continue
            if vietnamese_plausibility(text) >= 0:
                return unicodedata.normalize("NFC", text)
    candidates: list[str] = []
    for label in (declared, meta, "cp1258", _codec_name(_detector_guess(body)), "cp1252"):
        if label and label not in candidates and label != "utf-8":
            candidates.append(label)
    candidates.append("tcvn3")  # never declared: pages relied on the .VnTime font
    best_text, best_score = None, None
    for encoding in candidates:
        try:
            text = decode_tcvn3(body) if encoding == "tcvn3" else body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = vietnamese_plausibility(text)
        if best_score is None or score > best_score:
            best_text, best_score = text, score
    if best_text is None:
        best_text = body.decode(declared or "utf-8", errors="replace")
    return unicodedata.normalize("NFC", best_text)
