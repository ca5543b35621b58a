"""WordPress adapter for ``_s``/twentysixteen-derived themes (shared/spec/site_notes.md §2.4).

Posts are ``article.post`` with ``h2.entry-title a[rel=bookmark]``; the reliable date is
``time.entry-date[datetime]``; archives paginate as ``/page/N/`` ("Older posts" is the next page).
"""

from __future__ import annotations

from scrapers.adapters.base import SelectorAdapter


class WordPressAdapter(SelectorAdapter):
    cms = "wordpress"
    DEFAULT_SELECTORS = {
        "list_item": "article.post, article.type-post, article[id^=post-]",
        "list_link": '.entry-title a[rel="bookmark"], .entry-title a, h2 a, h3 a',
        "list_title": ".entry-title a, .entry-title",
        "list_date": "time.entry-date.published, time.entry-date, time",
        "list_date_attr": "datetime",
        "list_lead": ".entry-summary, .entry-content p",
        "next_page": "a.next.page-numbers, .nav-previous a, .nav-links a.next, a.next",
        "pagination": ".pagination, .nav-links, .navigation",
        "article_title": "h1.entry-title, .entry-title",
        "article_date": "time.entry-date.published, time.entry-date, .posted-on time",
        "article_date_attr": "datetime",
        "article_author": ".byline .author a, .author.vcard a, .byline",
        "article_lead": ".entry-summary",
        "article_body": ".entry-content",
        "article_remove": ".sharedaddy, .jp-relatedposts, .yarpp-related, .post-views, .addtoany_share_save_container, .wp-block-buttons, .page-links",
        "article_captions": "figcaption, .wp-caption-text, .wp-element-caption",
    }
