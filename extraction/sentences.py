"""Split article text into sentences with character offsets, leaving page clutter out.

Scraped article text carries clutter between the paragraphs: advertising slots
("ADQuảng cáo"), comment counters ("(0) Bình luận"), loading messages ("Đang xử lý....."),
logo URLs, image paths and photo captions. None of it may produce a fact, so it never
becomes a sentence. Offsets always point into the text as given, so evidence can be shown.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

HEADER_LINE = re.compile(r"^(URL|TITLE|SOURCE|PUBLISHED|DATE|AUTHOR)\s*:\s*(.*)$", re.IGNORECASE)

_CLUTTER_LINE = re.compile(
    r"^(?:AD\s*)?Quảng cáo$|^\(\d+\)\s*Bình luận|^Bình luận|^Đang xử lý|^ĐÁNH GIÁ BÀI VIẾT|^POWERED BY"
    r"|^Nổi bật$|^Đừng bỏ lỡ$|^Tin liên quan|^Tin cùng chuyên mục|^Xem thêm|^Chia sẻ|^In bài|^Gửi bài"
    r"|^Tags?\s*:|^Từ khóa|^Từ khoá|^Theo\s+[\w.\-]+\.(?:vn|com|net|org)\.?$|^Nguồn\s*:|^\|$|^Ảnh\s*:"
    r"|^Video\s*:|^Bản quyền|^Copyright|^©|^Tin mới hơn|^Tin cũ hơn|^Tin khác|^Các tin khác|^Bài viết liên quan"
    r"|^Trang chủ\s*[>»/]|^Lượt xem|^A-\s*A\+|^Facebook$|^Zalo$|^Twitter$"
    r"|\(\d{1,2}/\d{1,2}/\d{4}\)$",  # a related article's headline with its date
    re.IGNORECASE,
)
# A URL or an image path inside a line: cut out, and a sentence boundary.
_URL_OR_IMAGE = re.compile(
    r"(?:https?://|www\.)\S+|\S*/\S+\.(?:jpe?g|png|gif|webp|svg|bmp)\b|\S+\.(?:jpe?g|png|gif|webp)\b", re.IGNORECASE
)
# cheap test first: the full link pattern backtracks on every word
_LINK_HINT = re.compile(r"https?:|www\.|\.(?:jpe?g|png|gif|webp|svg|bmp)\b", re.IGNORECASE)
_PHOTO_CAPTION_OPENING = re.compile(r"Ảnh\s*:|Ảnh minh họa|Ảnh minh hoạ|Hình\s*\d*\s*:")
_PHOTO_CREDIT = re.compile(r"\((?:ảnh|Ảnh|ẢNH|nguồn ảnh)\s*:")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]*\s+")
_WORD_BEFORE_STOP = re.compile(r"([\w.]+)[.!?…]*$")
_LIST_ITEM = re.compile(r"^(?:[-–+•*]|\d{1,2}[.)]|[a-zđ]\))\s")
_TERMINAL_CHARACTERS = frozenset('.!?…:;"”)')
# Abbreviations followed by a period that do not end a sentence ("TP. HCM", "TS. Nguyễn").
_ABBREVIATIONS = {"tp", "ts", "ths", "pgs", "gs", "bs", "th.s", "p", "q", "tx", "tt", "ks", "ông", "bà", "st", "nxb"}
# A line without final punctuation and shorter than this is a heading or a caption.
MIN_WORDS_OF_UNPUNCTUATED_PARAGRAPH = 30


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int  # index of the paragraph (line) it belongs to
    position_in_paragraph: int


@dataclass(frozen=True)
class Line:
    text: str
    start: int
    end: int


def iter_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            leading = len(body) - len(body.lstrip())
            lines.append(Line(stripped, offset + leading, offset + leading + len(stripped)))
        offset += len(raw)
    return lines


def read_header(text: str) -> tuple[dict[str, str], int]:
    """Header lines such as ``URL: …`` and ``TITLE: …`` at the very top; returns them and where the body starts."""
    header: dict[str, str] = {}
    body_start = 0
    for line in iter_lines(text):
        match = HEADER_LINE.match(line.text.lstrip("\ufeff"))
        if not match:
            break
        header[match.group(1).upper()] = match.group(2).strip()
        body_start = line.end
    return header, body_start


@functools.lru_cache(maxsize=4096)
def is_clutter_line(line: str) -> bool:
    if _CLUTTER_LINE.search(line):
        return True
    without_links = (_URL_OR_IMAGE.sub("", line) if _LINK_HINT.search(line) else line).strip(" |-–")
    return len(without_links) < 3


def _split_piece(text: str, base: int) -> list[tuple[str, int, int]]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end() : match.end() + 1]
        if not following or not (following.isupper() or following.isdigit() or following in "\"“'("):
            continue
        word_before = _WORD_BEFORE_STOP.search(text[max(start, match.start() - 12) : match.start() + 1])
        if word_before and word_before.group(1).lower().rstrip(".") in _ABBREVIATIONS and text[match.start()] == ".":
            continue
        out.append(
            (text[start : match.end()].rstrip(), base + start, base + start + len(text[start : match.end()].rstrip()))
        )
        start = match.end()
    if start < len(text) and text[start:].strip():
        rest = text[start:].rstrip()
        out.append((rest, base + start, base + start + len(rest)))
    return out


def _is_photo_caption(sentence: str) -> bool:
    # plain substring tests first: these patterns are rare and the sentences many
    return bool(
        (sentence.startswith(("Ảnh", "Hình")) and _PHOTO_CAPTION_OPENING.match(sentence))
        or ("(" in sentence and _PHOTO_CREDIT.search(sentence))
    )


def split_sentences(text: str, body_start: int = 0) -> list[Sentence]:
    """Sentences of the body (from ``body_start``), clutter, captions and headings left out."""
    sentences: list[Sentence] = []
    paragraph = 0
    list_open = False  # the previous paragraph ended with ':' or was an item of the list it opened
    for line in iter_lines(text):
        if line.start < body_start or is_clutter_line(line.text):
            continue
        if line.text[-1] not in _TERMINAL_CHARACTERS and len(line.text.split()) < MIN_WORDS_OF_UNPUNCTUATED_PARAGRAPH:
            continue  # a heading, a caption or a byline: no complete statement to take a fact from
        # "chỉ tiêu như sau:" then "- 100% ...": the items belong to the paragraph that announced them
        is_item = bool(_LIST_ITEM.match(line.text))
        if list_open and is_item and paragraph > 0:
            paragraph -= 1
        list_open = line.text.endswith(":") or (list_open and is_item)
        pieces, cursor = [], 0
        links = _URL_OR_IMAGE.finditer(line.text) if _LINK_HINT.search(line.text) else ()
        for link in links:
            if line.text[link.start() - 1 : link.start()] == "(" and (
                link.group(0).endswith(")") or line.text[link.end() : link.end() + 1] == ")"
            ):
                continue  # "Cổng thông tin điện tử X (www.x.gov.vn) đạt ...": an aside, the sentence goes on
            pieces.append((line.text[cursor : link.start()], line.start + cursor))
            cursor = link.end()
        pieces.append((line.text[cursor:], line.start + cursor))
        position = 0
        for piece, piece_start in pieces:
            leading = len(piece) - len(piece.lstrip())
            for sentence_text, start, end in _split_piece(piece.strip(), piece_start + leading):
                if _is_photo_caption(sentence_text):
                    continue
                sentences.append(Sentence(sentence_text, start, end, paragraph, position))
                position += 1
        paragraph += 1
    return sentences


def split_clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a sentence: parts separated by ';' (each often carries its own fact)."""
    if ";" not in sentence:
        return [(0, len(sentence))] if sentence.strip() else []
    if "(" not in sentence:  # no brackets to skip over: every ';' splits (the common case, and cheap)
        spans, start = [], 0
        for part in sentence.split(";"):
            spans.append((start, start + len(part)))
            start += len(part) + 1
        return [(s, e) for s, e in spans if sentence[s:e].strip()]
    spans, start = [], 0
    depth = 0
    for index, char in enumerate(sentence):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(sentence)))
    return [(s, e) for s, e in spans if sentence[s:e].strip()]
