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
from dataclasses import dataclass, field

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
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


_WORD = re.compile(r"\w+")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# TCVN 5712:1993 "VN3" (the ABC / .VnTime font encoding of pre-Unicode Vietnamese pages), lower-case
# table: byte -> letter; other bytes read as Windows-1252. Capitals with tones came from a separate
# upper-case font (.VnTimeH) with the same bytes, so they decode as lower case.
TCVN3_LETTERS = dict(
    zip(
        [
            0xA1,
            0xA2,
            0xA3,
            0xA4,
            0xA5,
            0xA6,
            0xA7,
            0xA8,
            0xA9,
            0xAA,
            0xAB,
            0xAC,
            0xAD,
            0xAE,
            0xB5,
            0xB6,
            0xB7,
            0xB8,
            0xB9,
            0xBB,
            0xBC,
            0xBD,
            0xBE,
            0xC6,
            0xC7,
            0xC8,
            0xC9,
            0xCA,
            0xCB,
            0xCC,
            0xCE,
            0xCF,
            0xD0,
            0xD1,
            0xD2,
            0xD3,
            0xD4,
            0xD5,
            0xD6,
            0xD7,
            0xD8,
            0xDC,
            0xDD,
            0xDE,
            0xDF,
            0xE1,
            0xE2,
            0xE3,
            0xE4,
            0xE5,
            0xE6,
            0xE7,
            0xE8,
            0xE9,
            0xEA,
            0xEB,
            0xEC,
            0xED,
            0xEE,
            0xEF,
            0xF1,
            0xF2,
            0xF3,
            0xF4,
            0xF5,
            0xF6,
            0xF7,
            0xF8,
            0xF9,
            0xFA,
            0xFB,
            0xFC,
            0xFD,
            0xFE,
        ],
        "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
    )
)
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
    score = -5 * sum(
        1 for word in _WORD.findall(text) if sum(1 for c in unicodedata.normalize("NFD", word) if c in _TONE_MARKS) > 1
    )
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
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(body[:200_000]).best()
    return best.encoding if best else None


# VNI (VNI-Windows font encoding): a Vietnamese letter is a base letter followed by one or two
# Windows-1252 characters that the VNI fonts draw as marks. Modifier characters after a vowel:
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_SHAPES = {"â": "\u0302", "ê": "\u0306"}  # circumflex (a, e, o), breve (a)
# One character for shape and tone together: circumflex + tone, breve + tone.
_VNI_COMBINED = {
    "á": "\u0302\u0301",
    "à": "\u0302\u0300",
    "å": "\u0302\u0309",
    "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
    "é": "\u0306\u0301",
    "è": "\u0306\u0300",
    "ú": "\u0306\u0309",
    "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
}
# Letters VNI spells as one character: ơ, ư, đ and the i/y with a tone.
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_VNI_MARKS = "".join(sorted(set(_VNI_TONES) | set(_VNI_SHAPES) | set(_VNI_COMBINED)))
_VNI_SEQUENCE = re.compile("([aeiouyAEIOUYơưƠƯ])([" + re.escape(_VNI_MARKS + _VNI_MARKS.upper()) + "]{1,2})")


def _vni_marks(marks: str) -> str | None:
    combining = ""
    for mark in marks.lower():
        piece = _VNI_TONES.get(mark) or _VNI_SHAPES.get(mark) or _VNI_COMBINED.get(mark)
        if piece is None:
            return None
        combining += piece
    return combining


def decode_vni(body: bytes) -> str:
    """Decode VNI-Windows bytes: Windows-1252, then base letter + mark characters composed into letters."""
    text = body.decode("cp1252", "replace")
    letters = {**_VNI_LETTERS, **{key.upper(): value.upper() for key, value in _VNI_LETTERS.items()}}
    # One-character letters first (ơ and ư take tone marks after them), then a vowel and its marks.
    text = re.sub("[" + "".join(letters) + "]", lambda m: letters[m.group(0)], text)

    def compose(match: re.Match) -> str:
        marks = _vni_marks(match.group(2))
        return match.group(0) if marks is None else unicodedata.normalize("NFC", match.group(1) + marks)

    return unicodedata.normalize("NFC", _VNI_SEQUENCE.sub(compose, text))


def _load_common_syllables() -> frozenset[str]:
    from pathlib import Path

    path = Path(__file__).with_name("data") / "common_syllables.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:  # pragma: no cover - shipped with the package
        return frozenset()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


COMMON_SYLLABLES = _load_common_syllables()


def syllable_score(text: str) -> int:
    """How many words with diacritics are common Vietnamese syllables (x3), minus the ones that are not.

    The decisive evidence between legacy encodings: a wrong table still yields Vietnamese-looking
    letters ("Quaềng Ngaịi", "thụng tin nóm"), but not real syllables ("Quảng Ngãi", "thông tin năm")."""
    score = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text).lower()):
        if word.isascii() or not word.isalpha():
            continue
        score += 3 if word in COMMON_SYLLABLES else -1
    return score


LEGACY_CANDIDATES = ("cp1258", "tcvn3", "vni", "cp1252")


@dataclass(frozen=True)
class DecodedPage:
    """A page's text and how it was decoded: what a parse record says about its encoding.

    ``source``: ``bom`` | ``utf-8`` (valid UTF-8) | ``declared`` (HTTP charset) | ``meta`` (``<meta
    charset>``) | ``detected`` (no usable declaration: the best-scoring candidate). ``runner_up`` and
    ``margin`` tell how close the second-best candidate came when the encoding was detected.
    """

    text: str
    encoding: str
    source: str
    runner_up: str | None = None
    margin: int | None = None
    scores: dict = field(default_factory=dict)

    @property
    def uncertain(self) -> bool:
        """A detected legacy encoding that barely beat another one: say so, it may be wrong."""
        return self.source == "detected" and self.margin is not None and self.margin < 6

    def note(self) -> str | None:
        if self.source in ("bom", "utf-8", "declared", "meta"):
            return None
        text = f"encoding detected: {self.encoding} (no usable charset declared"
        if self.runner_up is not None:
            text += f"; {self.runner_up} scored {self.margin} lower"
        return text + ")"


def _decode_candidate(body: bytes, encoding: str) -> str:
    if encoding == "tcvn3":
        return decode_tcvn3(body)
    if encoding == "vni":
        return decode_vni(body)
    return body.decode(encoding)


def decode_html_report(body: bytes, declared_charset: str | None = None) -> DecodedPage:
    """Decode an HTML page to NFC text and say which encoding was used and why.

    1. A BOM decides. 2. Valid UTF-8 wins outright (legacy text is almost never valid UTF-8).
    3. A specific declared charset (HTTP header or meta; not the Latin-1 family servers default
    to) is trusted when it decodes cleanly and reads at least neutrally. 4. Otherwise candidates
    (declared, meta, Windows-1258, charset_normalizer's guess, TCVN3, VNI, Windows-1252) are scored
    by common Vietnamese syllables, then ``vietnamese_plausibility``; the best wins, ties going to
    the earlier candidate. Step 4 is what reads a Windows-1258 page served as ISO-8859-1 or with no
    charset, and .VnTime (TCVN3) and VNI pages; the record keeps the runner-up and the margin.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return DecodedPage(
                unicodedata.normalize("NFC", body.decode(encoding, errors="replace").lstrip("\ufeff")), encoding, "bom"
            )
    try:
        return DecodedPage(unicodedata.normalize("NFC", body.decode("utf-8")), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _codec_name(declared_charset)
    meta = _codec_name(sniff_meta_charset(body))
    # A specific declaration (not the Latin-1 family that servers default to) is trusted when it
    # decodes cleanly and does not read worse than nothing.
    for trusted, source in ((declared, "declared"), (meta, "meta")):
        if trusted and trusted not in ("cp1252", "utf-8"):
            try:
                text = body.decode(trusted)
            except (UnicodeDecodeError, LookupError):
                continue
            if vietnamese_plausibility(text) >= 0:
                return DecodedPage(unicodedata.normalize("NFC", text), trusted, source)
    candidates: list[str] = []
    for label in (declared, meta, "cp1258", _codec_name(_detector_guess(body)), "tcvn3", "vni", "cp1252"):
        if label and label not in candidates and label != "utf-8":
            candidates.append(label)
    scored = []
    for encoding in candidates:
        try:
            text = unicodedata.normalize("NFC", _decode_candidate(body, encoding))
        except (UnicodeDecodeError, LookupError):
            continue
        # Syllables first (they tell real words from look-alike letters), letters second.
        scored.append(((syllable_score(text), vietnamese_plausibility(text)), encoding, text))
    if not scored:
        encoding = declared or "utf-8"
        return DecodedPage(unicodedata.normalize("NFC", body.decode(encoding, errors="replace")), encoding, "fallback")
    best = max(scored, key=lambda item: item[0])  # max keeps the first of equal scores
    others = [item for item in scored if item is not best]
    runner = max(others, key=lambda item: item[0]) if others else None
    margin = (best[0][0] - runner[0][0]) if runner else None
    source = "declared" if best[1] == declared else "meta" if best[1] == meta else "detected"
    return DecodedPage(
        best[2],
        best[1],
        source,
        runner[1] if runner else None,
        margin,
        {encoding: score[0] for score, encoding, _ in scored},
    )


def decode_html(body: bytes, declared_charset: str | None = None) -> str:
    """Decode an HTML page to NFC text (``decode_html_report`` without the report)."""
    return decode_html_report(body, declared_charset).text


# ---------------------------------------------------------------------------------------------
# Mojibake (UTF-8 read as Windows-1252/Latin-1 and saved again: "Káº¿t quáº£" for "Kết quả")
# ---------------------------------------------------------------------------------------------

_MOJIBAKE_HINT = re.compile("[ÃÂÄÅÆáºá»Ä‘Æ°Æ¡]")


def looks_like_mojibake(text: str) -> bool:
    """ftfy's badness test: sequences that UTF-8 read through a single-byte codec leaves behind."""
    if not text or not _MOJIBAKE_HINT.search(text):
        return False
    from ftfy.badness import is_bad

    return any(is_bad(line) for line in text.splitlines() if _MOJIBAKE_HINT.search(line))


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo double-encoded UTF-8 line by line with ``ftfy.fix_encoding``; (text, lines repaired).

    Only lines ftfy judges bad are touched, so correct Vietnamese (and the HTML around it) is left
    exactly as it was; ``fix_encoding`` changes encodings only (no quote uncurling, no width folding)."""
    if not looks_like_mojibake(text):
        return text, 0
    from ftfy import fix_encoding
    from ftfy.badness import is_bad

    repaired = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line) and is_bad(line):
            fixed = fix_encoding(line)
            if fixed != line:
                lines[index] = fixed
                repaired += 1
    return unicodedata.normalize("NFC", "\n".join(lines)), repaired


def declared_charset(content_type: str | None) -> str | None:
    """The charset an HTTP ``Content-Type`` header declares, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^;\"'\s]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def decode_page(body: bytes, content_type: str | None = None) -> str:
    """HTML text of a landed page, decoded from its bytes and its ``Content-Type`` header."""
    return decode_html(body, declared_charset(content_type))
