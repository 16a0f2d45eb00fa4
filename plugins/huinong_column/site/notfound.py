"""The 404 page, written to ``404.html`` at the output root.

A web server shows it for any missing address, at any depth, so its links cannot be
relative to its own place: it is rendered with ``relative_urls=False`` (root-relative in
development, absolute under ``publishconf.py``), unlike the other pages.
"""

from __future__ import annotations

from pelican.generators import Generator

SAVE_AS = "404.html"


class NotFoundGenerator(Generator):
    def generate_output(self, writer):
        writer.write_file(
            SAVE_AS,
            self.get_template("404"),
            self.context,
            relative_urls=False,
            template_name="404",
            page_name="404",
        )


def get_generators(pelican):
    return NotFoundGenerator
