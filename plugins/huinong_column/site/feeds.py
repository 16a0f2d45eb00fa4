"""Feed entries carry their unit and themes as Atom categories.

Pelican's feed writer turns an article's ``category`` and ``tags`` into ``<category>``
elements. The column has no categories or tags of its own (their pages are switched off in
``pelicanconf.py``), so once the articles are tagged each one gets its unit as ``category``
and its themes as ``tags``. Every feed, the whole column's and each unit's and theme's,
then lists 单位 and 主题 for each entry without a custom feed writer.
"""

from __future__ import annotations


def categorise(articles) -> None:
    """Give each article its unit as ``category`` and its themes as ``tags``."""
    for article in articles:
        article.category = article.unit
        article.tags = list(article.topics)
