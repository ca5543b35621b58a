"""Scraping: the source registry, polite fetching, crawling, web-archive captures and page parsing.

Crawling (``registry``, ``robots``, ``urls``, ``fetch``, ``crawl``) lands raw pages; parsing
(``adapters``, ``textnorm``, ``dates``, ``parse_articles``) turns landed pages into articles and
hands their text to ``extraction``. Command line: ``vnict --help``.
"""
