"""The fast build gives exactly the serial build's output, and its caches never go stale.

Every build here goes through the real driver. The serial build (``--workers 1``) is
Pelican's own reader loop and writer with no content cache: the reference that the parallel
build, the content cache and the reuse of unchanged pages must match byte for byte.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import shutil
import time
from types import SimpleNamespace

import pelican.contents
import pytest

from bench.corpus import articles, column_markdown, registry_toml
from conftest import SyntheticSite, run_build, tree
from huinong_column.publishing.build import build
from pelican_fastbuild import pagememo
from pelican_fastbuild.sourcestamps import SourceStamps

# The module, not the function ``pelican_fastbuild.session`` that the package exports.
session_module = importlib.import_module("pelican_fastbuild.session")


def corpus_site(root, n=90) -> SyntheticSite:
    site = SyntheticSite(root, registry=registry_toml())
    for item in articles(n):
        site.write(f"{item.day.year}/{item.stem}.md", column_markdown(item))
    return site


def reference(site: SyntheticSite, tmp_path, name="reference") -> dict:
    """The same site built serially, in a copy without any cache."""
    copy = tmp_path / name
    # .output-*: staging and old trees, which builds remove in the background meanwhile
    skip = shutil.ignore_patterns(".cache", "output*", ".output-*")
    shutil.copytree(site.root, copy, ignore=skip)
    settings = copy / site.settings.name
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(str(site.root), str(copy)), encoding="utf-8"
    )
    result = run_build(settings, copy / "output", "--workers", "1", cwd=copy)
    assert result.returncode == 0, result.stderr
    return tree(result.output)


def timed_build(site, tmp_path, *extra):
    report = tmp_path / "timings.json"
    result = site.build("--workers", "2", "--timings", str(report), *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(report.read_text(encoding="utf-8"))["counts"]


def rename_a_unit(site: SyntheticSite) -> None:
    """A registry change every page shows: a unit renamed, its old name an alias."""
    registry = site.root / "column.toml"
    text = registry.read_text(encoding="utf-8")
    text = text.replace('name = "示例区妇联"', 'name = "示例区妇女联合会（更名）"')
    text = text.replace(
        'aliases = ["示例区妇女联合会"]', 'aliases = ["示例区妇女联合会", "示例区妇联"]'
    )
    registry.write_text(text, encoding="utf-8")


# A Pelican plugin that warns while an article is read: the accelerator knows nothing of
# the column's rules (which run before any caching and stop or warn at every build), so
# its promise is tested with a plugin of its own kind.
READ_WARNING = """
import logging

from pelican import signals

log = logging.getLogger(__name__)


def _read(content):
    if "【读时警告】" in (getattr(content, "_content", "") or ""):
        log.warning("读取 %s 时的警告", content.source_path.rsplit("/", 1)[-1])


def register():
    signals.content_object_init.connect(_read)
"""


def warn_while_reading(site: SyntheticSite) -> str:
    """Have one article warn while it is read; the warning's words."""
    (site.root / "readwarn.py").write_text(READ_WARNING, encoding="utf-8")
    with site.settings.open("a", encoding="utf-8") as handle:
        handle.write(f"PLUGIN_PATHS = [*PLUGIN_PATHS, {str(site.root)!r}]\n")
        handle.write('PLUGINS = [*PLUGINS, "readwarn"]\n')
    article = sorted(site.content.rglob("*.md"))[2]
    article.write_text(article.read_text("utf-8") + "\n合成正文【读时警告】。\n", "utf-8")
    return f"读取 {article.name} 时的警告"


def assert_strict_build_warns(site: SyntheticSite, warning: str) -> None:
    """A warm rebuild in strict mode gives the warning again, and so fails."""
    strict = site.build("--workers", "2", "--strict")
    assert strict.returncode == 1
    assert warning in strict.stderr


@pytest.fixture
def big_site(tmp_path) -> SyntheticSite:
    return corpus_site(tmp_path / "site")


def test_parallel_build_is_identical_to_serial_build(big_site, tmp_path):
    counts = timed_build(big_site, tmp_path)
    assert counts["files_converted"] == 90  # converted by the workers, not read from a cache
    assert counts["pages_written"] > 64  # more than one slice of pages per worker
    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_warm_rebuild_after_an_edit_reuses_only_unchanged_pages(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    edited = sorted(big_site.content.rglob("*.md"))[7]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("。", "。修订后的句子。", 1), encoding="utf-8")

    counts = timed_build(big_site, tmp_path)

    assert counts.get("files_converted") == 1  # every other article came from the cache
    assert 0 < counts["pages_reused"] < counts["pages_written"]
    page = big_site.output / "articles" / edited.stem / "index.html"
    assert "修订后的句子" in page.read_text(encoding="utf-8")
    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_rebuild_keeps_articles_whole_and_reads_only_the_edited_one(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    unchanged = timed_build(big_site, tmp_path)
    # Articles kept whole describe the site exactly as freshly read ones (the same author
    # object shared by all of an author's articles…): every page is reused.
    assert unchanged["articles_reused"] == 90
    assert unchanged["pages_reused"] == unchanged["pages_written"]
    edited = sorted(big_site.content.rglob("*.md"))[11]
    edited.write_text(edited.read_text("utf-8").replace("Title: ", "Title: 更正：", 1), "utf-8")

    counts = timed_build(big_site, tmp_path)

    assert counts["articles_reused"] == 89
    page = big_site.output / "articles" / edited.stem / "index.html"
    assert "更正：" in page.read_text(encoding="utf-8")
    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_rebuild_keeps_feeds_whose_articles_did_not_change(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    timed_build(big_site, tmp_path)
    edited = sorted(big_site.content.rglob("*.md"))[-1]  # the newest: in its unit's feed
    feeds = {p: p.stat() for p in big_site.output.glob("units/*/atom.xml")}
    edited.write_text(edited.read_text("utf-8").replace("。", "。补充说明。", 1), "utf-8")

    timed_build(big_site, tmp_path)

    changed = {p for p, st in feeds.items() if (p.stat().st_ino, p.stat().st_ctime_ns)
               != (st.st_ino, st.st_ctime_ns)}  # fmt: skip
    assert len(changed) == 1  # the edited article's unit's feed only
    assert "补充说明" in changed.pop().read_text(encoding="utf-8")
    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_unchanged_files_are_not_read_but_any_write_is_seen(big_site, tmp_path):
    time.sleep(1.1)  # only files changed a second before a build are trusted by their stat
    first = timed_build(big_site, tmp_path)
    assert first["sources_read"] == 90
    assert timed_build(big_site, tmp_path).get("sources_read", 0) == 0
    edited = sorted(big_site.content.rglob("*.md"))[9]
    before = edited.stat()
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("。", "！", 1), "utf-8")  # same size, same time:
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -d` would

    counts = timed_build(big_site, tmp_path)

    assert counts["sources_read"] == 1  # its change time gave it away
    page = big_site.output / "articles" / edited.stem / "index.html"
    assert "！" in page.read_text(encoding="utf-8")
    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_feed_links_are_made_as_the_serial_writer_makes_them(big_site, tmp_path):
    articles = sorted(big_site.content.rglob("*.md"))
    newest, other = articles[-1], articles[0]
    head, body = newest.read_text("utf-8").split("\n\n", 1)
    link = f"导语见[另一篇]({{filename}}/articles/{other.parent.name}/{other.name})。"
    newest.write_text(f"{head}\n\n{link}\n\n{body}", "utf-8")  # its summary has a link

    timed_build(big_site, tmp_path)

    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_wrong_guess_with_nothing_to_reuse_still_builds(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    timed_build(big_site, tmp_path)
    for page in big_site.output.rglob("*"):  # new inodes, same bytes: as after a restore
        if page.is_file():
            data = page.read_bytes()
            page.unlink()
            page.write_bytes(data)
    rename_a_unit(big_site)

    counts = timed_build(big_site, tmp_path)

    assert counts.get("pages_reused", 0) == 0
    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_file_changed_while_read_is_never_kept_under_its_older_bytes(big_site, monkeypatch):
    big_site.configure(CACHE_PATH=str(big_site.root / "cache"))
    edited = sorted(big_site.content.rglob("*.md"))[6]
    first = edited.read_text("utf-8")
    second = first.replace("Title: ", "Title: 第二版：", 1)
    looked = SourceStamps.digest

    def saved_meanwhile(self, path):  # the editor saves again once the prefetch has looked
        digest = looked(self, path)
        if path == str(edited):
            edited.write_text(second, "utf-8")
        return digest

    monkeypatch.setattr(SourceStamps, "digest", saved_meanwhile)
    assert build(str(big_site.settings), str(big_site.output), workers=2) == 0
    monkeypatch.setattr(SourceStamps, "digest", looked)
    edited.write_text(first, "utf-8")  # and then undoes it

    assert build(str(big_site.settings), str(big_site.output), workers=2) == 0

    page = (big_site.output / "articles" / edited.stem / "index.html").read_text("utf-8")
    assert "第二版" not in page


def test_warning_given_once_in_a_process_is_given_again_by_the_next_build(big_site):
    warning = warn_while_reading(big_site)
    big_site.configure(CACHE_PATH=str(big_site.root / "output.cache"))
    for _ in range(2):  # the second time, Pelican's logger drops the repeated warning
        assert build(str(big_site.settings), str(big_site.output), workers=2) == 0

    assert_strict_build_warns(big_site, warning)


def test_template_changed_just_before_a_build_is_not_trusted(big_site, tmp_path, monkeypatch):
    """A template saved less than a second before the build started may still be changing
    while it is read: that build reuses nothing and records nothing. The build's clock is
    set from the template's own change time, so how long the process took to start on a
    busy machine plays no part."""
    overrides = big_site.root / "overrides"
    overrides.mkdir()
    template = overrides / "article.html"
    template.write_text('{% extends "!theme/article.html" %}', encoding="utf-8")
    big_site.configure(
        THEME_TEMPLATES_OVERRIDES=[str(overrides)], CACHE_PATH=str(tmp_path / "cache")
    )
    started = {"ns": template.stat().st_ctime_ns + 5_000_000_000}  # long settled

    def clock():
        return started["ns"]

    monkeypatch.setattr(session_module, "time", SimpleNamespace(time_ns=clock))

    def counts():
        report = tmp_path / "timings.json"
        assert build(str(big_site.settings), str(big_site.output), workers=2,
                     timings_file=str(report)) == 0  # fmt: skip
        return json.loads(report.read_text(encoding="utf-8"))["counts"]

    counts()
    template.write_text(template.read_text("utf-8"), "utf-8")  # the same bytes, just saved
    started["ns"] = template.stat().st_ctime_ns + 500_000_000  # the build starts 0.5 s later
    racy = counts()
    started["ns"] = template.stat().st_ctime_ns + 1_500_000_000
    counts()  # renders every page again: the last build recorded nothing
    settled = counts()

    assert racy.get("pages_reused", 0) == 0
    assert settled["pages_reused"] == settled["pages_written"]


def test_template_saved_during_a_build_is_not_recorded_for_the_next(big_site, monkeypatch):
    overrides = big_site.root / "overrides"
    overrides.mkdir()
    template = overrides / "article.html"
    version = (
        '{% extends "!theme/article.html" %}{% block content %}{{ super() }}'
        '<p id="version">{}</p>{% endblock %}'
    )
    template.write_text(version.replace("{}", "第一版"), encoding="utf-8")
    big_site.configure(
        THEME_TEMPLATES_OVERRIDES=[str(overrides)], CACHE_PATH=str(big_site.root / "cache")
    )
    time.sleep(1.1)
    start = pagememo.PendingDigest.__init__

    def saved_meanwhile(self, context, files):  # once the templates are read, not yet used
        start(self, context, files)
        template.write_text(version.replace("{}", "第二版"), encoding="utf-8")

    monkeypatch.setattr(pagememo.PendingDigest, "__init__", saved_meanwhile)
    assert build(str(big_site.settings), str(big_site.output), workers=2) == 0
    monkeypatch.setattr(pagememo.PendingDigest, "__init__", start)
    template.write_text(version.replace("{}", "第一版"), encoding="utf-8")  # undone
    time.sleep(1.1)
    timings = big_site.root / "timings.json"

    code = build(str(big_site.settings), str(big_site.output), workers=2, timings_file=timings)

    assert code == 0
    for page in (big_site.output / "articles").glob("*/index.html"):
        assert "第一版" in page.read_text(encoding="utf-8"), page
    counts = json.loads(timings.read_text(encoding="utf-8"))["counts"]
    assert counts.get("pages_reused", 0) == 0  # had the page memo trusted its own files


def test_warning_while_rendering_is_given_at_every_build(big_site, tmp_path):
    # A file that exists but is not published (no article, page or static path holds it):
    # Pelican warns when the page is rendered that it cannot link it.
    notes = big_site.content / "notes"
    notes.mkdir()
    (notes / "nope.md").write_text("合成笔记。\n", encoding="utf-8")
    article = sorted(big_site.content.rglob("articles/**/*.md"))[-1]  # in its feeds too
    article.write_text(
        article.read_text("utf-8") + "\n详见[旧文]({filename}/notes/nope.md)。\n", "utf-8"
    )
    time.sleep(1.1)  # every file settled: pages are reused unless they warned
    first = timed_build(big_site, tmp_path)
    assert first["pages_written"] > 0

    assert_strict_build_warns(big_site, "nope.md")


def test_an_editors_lock_file_beside_the_templates_is_ignored(big_site, tmp_path):
    overrides = big_site.root / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text('{% extends "!theme/article.html" %}', "utf-8")
    (overrides / ".#article.html").symlink_to("editor@host.1234")  # Emacs: a link to nothing
    big_site.configure(THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    time.sleep(1.1)
    timed_build(big_site, tmp_path)  # fails if the link is taken for a template file

    counts = timed_build(big_site, tmp_path)

    assert counts["pages_reused"] == counts["pages_written"]


class _Clock(datetime.datetime):
    """Pelican's clock, set by the test: it decides which future-dated articles are drafts."""

    at = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)

    @classmethod
    def now(cls, tz=None):
        return cls.at.astimezone(tz) if tz else cls.at.replace(tzinfo=None)


def test_future_article_is_published_once_its_date_has_come(big_site, monkeypatch):
    big_site.configure(WITH_FUTURE_DATES=False, CACHE_PATH=str(big_site.root / "cache"))
    article = sorted(big_site.content.rglob("*.md"))[5]
    lines = article.read_text("utf-8").splitlines(keepends=True)
    lines = ["Date: 2030-06-01\n" if line.startswith("Date: ") else line for line in lines]
    article.write_text("".join(lines), "utf-8")
    page = big_site.output / "articles" / article.stem / "index.html"
    clock = SimpleNamespace(datetime=_Clock, UTC=datetime.UTC)
    monkeypatch.setattr(pelican.contents, "datetime", clock)
    assert build(str(big_site.settings), str(big_site.output), workers=2) == 0
    assert not page.exists()  # a draft until 1 June 2030

    monkeypatch.setattr(_Clock, "at", datetime.datetime(2030, 7, 1, tzinfo=datetime.UTC))
    assert build(str(big_site.settings), str(big_site.output), workers=2) == 0

    assert page.exists()  # not the draft the first build read


def test_changed_setting_reads_every_article_again(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    big_site.configure(DEFAULT_DATE_FORMAT="%Y年%m月%d日")  # shapes every article's date

    counts = timed_build(big_site, tmp_path)

    assert counts.get("articles_reused", 0) == 0
    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_article_whose_reading_warned_warns_at_every_build(big_site, tmp_path):
    warning = warn_while_reading(big_site)
    first = big_site.build("--workers", "2")
    assert first.returncode == 0, first.stderr
    assert warning in first.stderr

    again = big_site.build("--workers", "2")

    assert again.returncode == 0, again.stderr
    assert warning in again.stderr


def test_digest_computed_aside_is_that_of_the_context_rendered(big_site, monkeypatch):
    """The page memo's digest is computed in a forked process once the generators have built
    the context: anything changing the context later would have pages reused stale."""
    compared = []
    aside = pagememo.PendingDigest.result

    def result(self, context):
        digest = aside(self, context)
        compared.append((digest, pagememo.site_digest(context, self.files)))
        return digest

    monkeypatch.setattr(pagememo.PendingDigest, "result", result)
    big_site.configure(CACHE_PATH=str(big_site.root / "cache"))  # not the environment:
    # pelicanconf, imported once per process, would keep it for the tests that follow
    for _ in range(2):  # cold, then with pages to reuse (the digest is needed first)
        assert build(str(big_site.settings), str(big_site.output), workers=2) == 0

    assert len(compared) == 2
    assert all(digest is not None and digest == inline for digest, inline in compared)


def test_registry_change_reaches_every_page(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    rename_a_unit(big_site)

    counts = timed_build(big_site, tmp_path)

    assert counts.get("pages_reused", 0) == 0
    unit_page = (big_site.output / "units" / "shili-fulian" / "index.html").read_text("utf-8")
    assert "示例区妇女联合会（更名）" in unit_page
    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_changed_themes_reach_related_articles(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    timed_build(big_site, tmp_path)  # related articles now come from the cache
    tagged = [p for p in sorted(big_site.content.rglob("*.md")) if "Themes: " in p.read_text()]
    for path in tagged[::3]:  # a third of the articles move to one theme
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines = ["Themes: 志愿服务\n" if line.startswith("Themes: ") else line for line in lines]
        path.write_text("".join(lines), encoding="utf-8")

    timed_build(big_site, tmp_path)

    assert tree(big_site.output) == reference(big_site, tmp_path)  # reference: no cache


def test_page_showing_another_articles_text_is_never_reused_stale(big_site, tmp_path):
    overrides = big_site.root / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        '{% extends "!theme/article.html" %}{% block content %}{{ super() }}'
        '<aside id="oldest">{{ articles[-1].content|safe }}</aside>{% endblock %}',
        encoding="utf-8",
    )
    with open(big_site.settings, "a", encoding="utf-8") as fh:
        fh.write(f"THEME_TEMPLATES_OVERRIDES = [{str(overrides)!r}]\n")
    timed_build(big_site, tmp_path)
    oldest = next(big_site.content.rglob("*-00001.md"))  # the corpus's first date
    oldest.write_text(oldest.read_text("utf-8") + "\n新增的结尾段落。\n", encoding="utf-8")

    timed_build(big_site, tmp_path)

    for page in (big_site.output / "articles").glob("*/index.html"):
        assert "新增的结尾段落" in page.read_text(encoding="utf-8"), page
    assert tree(big_site.output) == reference(big_site, tmp_path)


def test_failed_build_after_reuse_leaves_output_untouched(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    timed_build(big_site, tmp_path)  # pages of this output now come from the one before
    before = tree(big_site.output)
    broken = sorted(big_site.content.rglob("*.md"))[3]
    broken.write_text(broken.read_text("utf-8").replace("Date: ", "Date: 2024-13-45 #"), "utf-8")

    result = big_site.build("--workers", "2")

    assert result.returncode == 1
    assert "Date" in result.stderr
    assert tree(big_site.output) == before


def folders(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_dir())


def test_rebuild_updates_output_in_place_and_removes_what_is_gone(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    timed_build(big_site, tmp_path)  # the pages of this output now come from the one before
    kept_page = sorted(big_site.output.glob("articles/*/index.html"))[0]
    before = kept_page.stat()
    fragments = set(big_site.output.glob("pagefind/fragment/*"))
    edited = sorted(big_site.content.rglob("*.md"))[7]
    edited.write_text(edited.read_text("utf-8").replace("。", "。再次修订。", 1), "utf-8")

    counts = timed_build(big_site, tmp_path)

    assert counts["pages_reused"] > 0
    # Left where it was: not rewritten, renamed or linked (each would change the inode's
    # change time, or the inode).
    after = kept_page.stat()
    assert (after.st_ino, after.st_ctime_ns) == (before.st_ino, before.st_ctime_ns)
    assert "再次修订" in (big_site.output / "articles" / edited.stem / "index.html").read_text()
    # The search index was made anew: the old bundle's files that it no longer has are gone.
    assert fragments - set(big_site.output.glob("pagefind/fragment/*"))
    assert tree(big_site.output) == reference(big_site, tmp_path)
    assert folders(big_site.output) == folders(tmp_path / "reference" / "output")
    assert not list(big_site.root.glob(".output-new-*"))  # the staging folder is gone


def test_update_in_place_removes_files_no_build_recorded(big_site, tmp_path):
    timed_build(big_site, tmp_path)
    timed_build(big_site, tmp_path)
    records = list((big_site.root / "output.cache" / "huinong").glob("files-*.pickle"))
    assert len(records) == 1
    records[0].unlink()  # as after an update cut short that had no record to start from
    stray = big_site.output / "articles" / "stray" / "index.html"
    stray.parent.mkdir()
    stray.write_text("left over", encoding="utf-8")
    edited = sorted(big_site.content.rglob("*.md"))[5]
    edited.write_text(edited.read_text("utf-8").replace("。", "。第三次修订。", 1), "utf-8")

    counts = timed_build(big_site, tmp_path)

    assert counts["pages_reused"] > 0
    assert not stray.parent.exists()
    assert tree(big_site.output) == reference(big_site, tmp_path)
