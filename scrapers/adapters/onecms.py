"""OneCMS adapter (Báo Đắk Nông's current site, "ONECMS - A PRODUCT OF NEKO").

The markup is *inferred*: no public source documents OneCMS (shared/spec/site_notes.md §2.3). The
selectors describe a plausible BEM-style news template, the one the offline mirror serves:
list items ``article.story`` with ``.story__title a``, ``time.story__time[datetime]`` and
``.story__summary``; pages ``?page=N``; article ``h1.detail__title``, meta row
``.detail__meta`` ("Lê Dung| 27/08/2018 10:48"), sapo ``.detail__sapo``, body
``.detail__content`` with inline ad boxes and ``figure > figcaption`` images. Each selector list
ends with class names common to Vietnamese news CMSs (``.article__title``, ``.sapo``,
``.detail-content``…), tried in order, so the adapter has a chance on the live site too; when the
real site is checked, correct these selectors in sources.yaml (per-source overrides) or here.
"""

from __future__ import annotations

from scrapers.adapters.base import SelectorAdapter


class OneCmsAdapter(SelectorAdapter):
    cms = "onecms"
    DEFAULT_SELECTORS = {
        "list_item": "article.story, .story-list .story, .list-news .item, .box-category-item, article.article-item",
        "list_link": ".story__title a, .article__title a, .box-category-link-title, h2 a, h3 a",
        "list_title": ".story__title a, .story__title, .article__title a, .box-category-link-title",
        "list_date": "time.story__time, .story__time, time, .time, .date",
        "list_date_attr": "datetime",
        "list_lead": ".story__summary, .sapo, .article__sapo, .box-category-sapo",
        "next_page": 'a[rel="next"], .pagination a.next',
        "pagination": ".pagination",
        "article_title": "h1.detail__title, h1.article__title, h1.detail-title, h1.article-title, h1",
        "article_date": ".detail__meta time, .detail__time, .detail__meta, .article__meta time, .detail-time, .publish-date",
        "article_date_attr": "datetime",
        "article_author": ".detail__author, .article__author, .detail-author, .author",
        "article_lead": ".detail__sapo, .article__sapo, .detail-sapo, .sapo",
        "article_body": ".detail__content, .article__body, .detail-content, .article-content, .content-detail",
        "article_remove": ".ads, .box-ads, .ad-slot, .detail__related, .related-news, .box-comment, .comment-box, .detail__tags",
        "article_captions": "figcaption, .image-caption, .caption",
    }
