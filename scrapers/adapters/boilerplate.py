"""Boilerplate that Vietnamese CMS pages mix into article text, and the cleaners that drop it.

Selectors remove most clutter; these patterns catch what sits inside the body container itself
(ad labels, comment counters, ratings, loading indicators, CMS credits, bare logo/image URLs,
"related articles" headings) and work on any site, including the generic fallback.
"""

from __future__ import annotations

import re

from scrapers.textnorm import normalize_inline, normalize_text

# A whole line matching one of these is dropped.
BOILERPLATE_LINES = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(AD\s*)?Quảng cáo$",
        r"^Advertisement$",
        r"^\(?\s*\d+\s*\)?\s*Bình luận$",
        r"^Bình luận\s*\(\s*\d+\s*\)$",
        r"^(Gửi|Viết) bình luận.*$",
        r"^Đang (xử lý|tải)\s*[.…]*$",
        r"^Loading\s*[.…]*$",
        r"^POWERED BY\b.*$",
        r"^(Thiết kế|Phát triển) bởi\b.{0,80}$",
        r"^ĐÁNH GIÁ BÀI VIẾT\s*\(?\s*\d*\s*\)?$",
        r"^(Đánh giá|Bình chọn)\s*:?\s*(\d+([.,]\d+)?\s*(/\s*\d+)?\s*)?(sao)?$",
        r"^\d+([.,]\d+)?\s*/\s*5\s*(sao)?$",
        r"^(Lượt xem|Số lượt xem|Lượt đọc)\s*:?\s*[\d.,]*$",
        r"^(Nổi bật|Đừng bỏ lỡ|Tin liên quan|Bài liên quan|Tin cùng chuyên mục|Các tin khác|Tin khác|Xem thêm|Tin mới nhất|Đọc nhiều|Tin đọc nhiều)\s*:?$",
        r"^(Chia sẻ|Share|Tweet|Like|Thích|In bài( viết)?|In trang|Lưu bài|Gửi email|Email|Bản in|Quay lại|Về đầu trang|Facebook|Zalo)\s*:?$",
        r"^(Từ khóa|Tags?)\s*:.*$",
        r"^\|$",
        r"^(https?:)?//\S+$",
        r"^\S+\.(png|jpe?g|gif|webp|svg|bmp)(\?\S*)?$",
    )
]

# Inline clutter: image/logo URLs that text dumps glue onto words ("Điện Biênhttp://…/logo.png").
INLINE_IMAGE_URL = re.compile(
    r"\s*(?:https?://|/)[^\s\"'<>]+?\.(?:png|jpe?g|gif|webp|svg|bmp)\b(?:\?\S*)?", re.IGNORECASE
)


# Clutter glued onto a text line by broken markup: removed wherever it appears.
INLINE_CLUTTER = re.compile(
    r"\s*(Đang (xử lý|tải)\s*\.{3,}|AD\s*Quảng cáo|\(\s*\d+\s*\)\s*Bình luận|POWERED BY [A-Z0-9 .-]+)", re.IGNORECASE
)


def is_boilerplate_line(line: str) -> bool:
    stripped = line.strip()
    return any(pattern.match(stripped) for pattern in BOILERPLATE_LINES)


def clean_body(text: str) -> str:
    """Drop boilerplate lines and inline image URLs; return NFC text with one blank line between paragraphs."""
    text = INLINE_CLUTTER.sub("", INLINE_IMAGE_URL.sub("", normalize_text(text)))
    kept = [line for line in text.split("\n") if not is_boilerplate_line(line)]
    return normalize_text("\n".join(kept))


def clean_lead(text: str | None) -> str | None:
    cleaned = clean_body(text or "")
    return normalize_inline(cleaned) or None


AUTHOR_LABEL = re.compile(
    r"^(Tác giả bài viết|Tác giả|Người viết|Người đăng|Đăng bởi|Nguồn tin|Nguồn|Bài và ảnh|Bài, ảnh|Bài|Theo|bởi|Posted by|by)\s*:?\s+",
    re.IGNORECASE,
)


def clean_author(text: str | None) -> str | None:
    """Author/byline text without labels ("Tác giả:") and trailing separators."""
    text = normalize_inline(text)
    text = AUTHOR_LABEL.sub("", text).strip(" |-–:")
    return text or None


def extract_main_text(html: str) -> str:
    """Main text of an article page by trafilatura (precision-leaning), NFC, boilerplate removed."""
    import trafilatura

    text = (
        trafilatura.extract(
            html,
            include_comments=False,
            include_tables=True,
            include_images=False,
            favor_precision=True,
            deduplicate=False,
        )
        or ""
    )
    if len(text) < 200:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or text
    # trafilatura separates paragraphs with one newline; the project's body text uses a blank line.
    return clean_body(text.replace("\n", "\n\n"))
