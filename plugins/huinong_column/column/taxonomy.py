"""Units and topics as Pelican URL wrappers, so templates link them like tags.

The classes are named ``Unit`` and ``Topic``: their URL settings are ``UNIT_URL``,
``UNIT_SAVE_AS``, ``TOPIC_URL``… A class named ``Theme`` would read ``THEME_*`` settings,
which Pelican already uses for the site theme.
"""

from __future__ import annotations

from pelican.urlwrappers import URLWrapper

from .registry import TopicSpec, UnitSpec


class _RegisteredWrapper(URLWrapper):
    """A URL wrapper whose slug comes from the registry, never from slugifying Chinese."""

    def __init__(self, spec: UnitSpec | TopicSpec, settings: dict):
        super().__init__(spec.name, settings)
        self.slug = spec.slug
        self.spec = spec

    @property
    def description(self) -> str:
        return self.spec.description

    @property
    def feed_url(self) -> str:
        return self._from_settings("FEED_ATOM_URL")

    @property
    def feed_save_as(self) -> str:
        return self._from_settings("FEED_ATOM")


class Unit(_RegisteredWrapper):
    """A reporting unit (单位)."""

    @property
    def parent(self) -> str:
        return self.spec.parent


class Topic(_RegisteredWrapper):
    """A theme of the column (主题), such as 讲政治."""
