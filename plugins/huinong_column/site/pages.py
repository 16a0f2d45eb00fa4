"""Unit and topic pages and feeds, written the way Pelican writes tag pages.

``ColumnGenerator`` runs after Pelican's article generator. It groups the published
articles by unit and by topic and writes, mirroring ``ArticlesGenerator.generate_tags``:

* ``units.html`` – every unit with its article count, grouped under its parent;
* one paginated ``unit.html`` page per unit, newest first, and an Atom feed per unit;
* ``topics.html`` and one paginated ``topic.html`` page and Atom feed per topic.

URLs come from ``UNIT_URL``/``UNIT_SAVE_AS``, ``TOPIC_URL``/``TOPIC_SAVE_AS``,
``UNIT_FEED_ATOM``… exactly like Pelican's ``TAG_*`` settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from pelican.generators import Generator

from ..column.registry import Registry
from ..column.state import column_build


@dataclass
class UnitGroup:
    """A parent unit (or a top-level one) with the units listed under it."""

    unit: object
    count: int
    children: list


def group_units(registry: Registry, units: dict, counts: dict) -> list[UnitGroup]:
    """Top-level units in registry order, each with its child units beneath it."""
    groups = {
        u.name: UnitGroup(units[u.name], counts[u.name], [])
        for u in registry.units
        if not u.parent or u.parent not in units
    }
    for spec in registry.units:
        if spec.parent and spec.parent in groups:
            groups[spec.parent].children.append((units[spec.name], counts[spec.name]))
    return list(groups.values())


class ColumnGenerator(Generator):
    """Writes the unit and topic indexes, pages and feeds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tagger = column_build(self.settings).tagger

    def generate_context(self):
        articles = self.context.get("articles", [])
        by_unit = {name: [] for name in self.tagger.units}
        by_topic = {name: [] for name in self.tagger.topics}
        for article in articles:  # already newest first, with Pelican's tie-breakers
            by_unit[article.unit.name].append(article)
            for topic in article.topics:
                by_topic[topic.name].append(article)
        self.unit_articles = [(self.tagger.units[n], arts) for n, arts in by_unit.items()]
        self.topic_articles = [(self.tagger.topics[n], arts) for n, arts in by_topic.items()]
        counts = {name: len(arts) for name, arts in by_unit.items()}
        self.context["column_units"] = self.unit_articles
        self.context["column_topics"] = self.topic_articles
        self.context["column_unit_groups"] = group_units(
            self.tagger.registry, self.tagger.units, counts
        )

    def _write_taxonomy(self, write, kind: str, items) -> None:
        template = self.get_template(kind)
        for term, articles in items:
            if not articles:
                continue
            write(
                term.save_as,
                template,
                self.context,
                url=term.url,
                articles=articles,
                dates=articles,
                template_name=kind,
                blog=True,
                page_name=term.page_name,
                all_articles=self.context["articles"],
                **{kind: term},
            )

    def _write_index(self, write, kind: str) -> None:
        save_as = self.settings[f"{kind.upper()}_SAVE_AS"]
        write(
            save_as,
            self.get_template(kind),
            self.context,
            url=self.settings[f"{kind.upper()}_URL"],
            template_name=kind,
            page_name=save_as.rsplit(".", 1)[0],
        )

    def _write_feeds(self, writer, items) -> None:
        for term, articles in items:
            if articles and term.feed_save_as:
                writer.write_feed(
                    articles,
                    self.context,
                    term.feed_save_as,
                    term.feed_url,
                    feed_title=f"{self.tagger.registry.column.name} · {term.name}",
                )

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        self._write_index(write, "units")
        self._write_index(write, "topics")
        self._write_taxonomy(write, "unit", self.unit_articles)
        self._write_taxonomy(write, "topic", self.topic_articles)
        self._write_feeds(writer, self.unit_articles)
        self._write_feeds(writer, self.topic_articles)
