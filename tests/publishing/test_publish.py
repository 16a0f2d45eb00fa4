"""``huinong publish``: strict, checked, precompressed, fingerprinted, swapped in atomically."""

from __future__ import annotations

import fcntl
import gzip
import os
import re
import shutil
import subprocess
import sys

import brotli
import feedparser
import pytest
from pelican.settings import DEFAULT_CONFIG, read_settings

from conftest import REPO, synthetic_article, tree
from huinong_column.publishing.fingerprint import fingerprint
from huinong_column.publishing.precompress import TEXT_SUFFIXES
from huinong_column.publishing.publish import identity_warnings
from huinong_column.publishing.sitecheck import check_site
from huinong_column.publishing.sitetree import SiteTree
from huinong_column.site.siteinfo import IDENTITY_FIELDS
from theme_support import FOOTER

SITEURL = "https://hnqf.example.org"
ENV = {"SITEURL": SITEURL}
FINGERPRINTED = re.compile(r"\.[0-9a-f]{10}\.css$")


PLAIN = "示例区团委强化政治意识。\n\n志愿者开展志愿服务。"
LINKED = PLAIN + "[跳到正文](/articles/a0/#main)"


def write_articles(site, count=4, body=LINKED):
    for i in range(count):
        site.write(
            f"a{i}.md",
            synthetic_article(
                f"第{i}篇",
                body,
                date="2024-02-01",  # same date: order needs tie-breakers
                organization=None if i % 2 else "示例区团委",
                themes=None if i % 3 else "讲政治, 志愿服务",
                slug=f"a{i}",
            ),
        )


@pytest.fixture
def published(site):
    write_articles(site)
    result = site.publish(env=ENV)
    assert result.returncode == 0, result.stderr
    return site, result


def test_publish_swaps_a_symlink_to_a_release_named_by_its_contents(published):
    site, result = published
    public = result.output
    assert public.is_symlink()
    release = public.resolve()
    assert release.parent == site.root / "public.releases"
    assert re.fullmatch(r"[0-9a-f]{16}", release.name)
    assert "发布完成" in result.stderr and "Traceback" not in result.stderr
    assert not list(release.parent.glob(".work-*"))  # no work folder left behind
    modes = {p.stat().st_mode & 0o777 for p in release.rglob("*")}
    assert modes == {0o644, 0o755}  # a web server (or GitHub Pages) can read everything


def test_pages_use_absolute_urls_and_fingerprinted_stylesheets(published):
    _, result = published
    page = result.page("articles/a1/")
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert sheets and all(href.startswith(f"{SITEURL}/theme/css/") for href in sheets)
    for href in sheets:
        name = href.rsplit("/", 1)[1]
        assert FINGERPRINTED.search(name), name
        assert (result.output / "theme/css" / name).is_file()
    assert not (result.output / "theme/css/site.css").exists()  # no stale unhashed copy
    feed_link = page.select_one('link[type="application/atom+xml"]')["href"]
    assert feed_link == f"{SITEURL}/feeds/all.atom.xml"


def test_feeds_have_absolute_links_to_published_pages(published):
    _, result = published
    root = result.output.resolve()
    feeds = [*root.rglob("atom.xml"), root / "feeds/all.atom.xml"]
    assert len(feeds) > 3
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.bozo_exception)
        for entry in parsed.entries:
            assert entry.link.startswith(f"{SITEURL}/articles/")
            local = entry.link.removeprefix(f"{SITEURL}/")
            assert (result.output / local / "index.html").is_file()


def test_every_text_file_has_reproducible_gz_and_br_beside_it(published):
    _, result = published
    root = result.output.resolve()
    texts = [p for p in root.rglob("*") if p.suffix in (".html", ".css", ".xml")]
    assert texts
    for path in texts:
        data = path.read_bytes()
        gz = path.with_name(path.name + ".gz").read_bytes()
        br = path.with_name(path.name + ".br").read_bytes()
        assert gzip.decompress(gz) == data
        assert brotli.decompress(br) == data
        assert len(gz) < len(data) and len(br) < len(data)
        flags, mtime = gz[3], gz[4:8]
        assert mtime == b"\0\0\0\0", path  # no time in the gzip header
        assert not flags & 0x08, path  # and no file name


def test_two_publishes_are_byte_identical_whatever_hash_seed_and_file_times(site, tmp_path):
    write_articles(site, count=6)
    first = site.publish(tmp_path / "one", env={**ENV, "PYTHONHASHSEED": "1"})
    assert first.returncode == 0, first.stderr
    for path in site.content.rglob("*.md"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    second = site.publish(tmp_path / "two", env={**ENV, "PYTHONHASHSEED": "4242"})
    assert second.returncode == 0, second.stderr

    one, two = tree(first.output), tree(second.output)
    assert any(p.suffix == ".br" for p in one) and any(p.suffix == ".gz" for p in one)
    assert sorted(one) == sorted(two)
    for path in one:
        assert one[path] == two[path], path
    assert first.output.resolve().name == second.output.resolve().name


def test_a_warm_content_cache_publishes_the_same_tree(site, tmp_path):
    write_articles(site)
    public = tmp_path / "public"
    cold = site.publish(public, env=ENV)
    assert cold.returncode == 0, cold.stderr
    cache = tmp_path / "public.cache"
    assert list(cache.glob("fastbuild/content-*.pickle"))  # the content cache was written
    assert list(cache.glob("huinong/compressed-*.pickle"))  # and the compressed forms
    assert "（0 个文件的压缩取自缓存）" in cold.stderr
    before = tree(public)
    texts = sum(1 for p in public.resolve().rglob("*") if p.name.endswith(TEXT_SUFFIXES))
    shutil.rmtree(public.resolve())  # force the warm publish to rebuild the release
    warm = site.publish(public, env=ENV)
    assert warm.returncode == 0, warm.stderr
    assert tree(public) == before  # compressed forms from the cache are the same bytes
    assert f"（{texts} 个文件的压缩取自缓存）" in warm.stderr


def test_source_date_epoch_sets_every_file_time(site):
    write_articles(site, count=2)
    result = site.publish(env={**ENV, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    root = result.output.resolve()
    times = {int(p.stat().st_mtime) for p in [root, *root.rglob("*")]}
    assert times == {1_700_000_000}


def test_a_broken_article_fails_and_leaves_the_published_tree_untouched(published):
    site, result = published
    before, link = tree(result.output), os.readlink(result.output)

    site.write("bad.md", synthetic_article("日期错误", date="2024/13/45", slug="bad"))
    failed = site.publish(env=ENV)

    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    errors = [line for line in failed.stderr.splitlines() if line.startswith("错误: ")]
    assert len(errors) == 1 and "bad.md:2" in errors[0] and "Date" in errors[0], failed.stderr
    assert "发布失败" in failed.stderr
    assert os.readlink(result.output) == link
    assert tree(result.output) == before
    assert not list((site.root / "public.releases").glob(".work-*"))


# What is wrong, and where the one error line says it: the rulebook finds a missing page or
# image in the source, at its line; the check of the finished tree finds a missing anchor.
BROKEN_LINKS = {
    "missing-page": (
        "[见](/articles/nowhere/)",
        "content/articles/broken.md:8: 链接: ",
        "站内链接“/articles/nowhere/”指向的页面不存在",
    ),
    "missing-anchor": (
        "[见](/articles/a0/#nowhere)",
        "articles/broken/index.html: 锚点: ",
        "没有 id 为“nowhere”",
    ),
    "missing-image": (
        "![图](/images/missing.png)",
        "content/articles/broken.md:8: 图片: ",
        "图片“/images/missing.png”找不到",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_LINKS))
def test_a_failing_check_fails_the_publish_and_leaves_the_tree_untouched(published, case):
    site, result = published
    before, link = tree(result.output), os.readlink(result.output)
    markdown, where, message = BROKEN_LINKS[case]
    site.write("broken.md", synthetic_article("坏链接", f"正文。{markdown}", slug="broken"))

    failed = site.publish(env=ENV)

    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    errors = [line for line in failed.stderr.splitlines() if line.startswith("错误: ")]
    assert len(errors) == 1, failed.stderr
    assert errors[0].startswith(f"错误: {where}"), errors[0]
    assert message in errors[0], errors[0]
    assert os.readlink(result.output) == link
    assert tree(result.output) == before


def test_a_broken_template_link_is_reported_once_for_all_pages(site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    footer = theme / "templates/partials/footer.html"
    footer.write_text(
        footer.read_text(encoding="utf-8").replace(
            "</div>", '<a href="{{ SITEURL }}/about/">关于</a></div>'
        ),
        encoding="utf-8",
    )
    write_articles(site, count=2)
    result = site.publish(env=ENV, extra=f"THEME = {str(theme)!r}\n")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误: ")]
    assert len(errors) == 1, result.stderr
    assert "/about/index.html 不存在" in errors[0] and "另有" in errors[0]
    assert not result.output.exists()


def test_a_site_under_a_path_keeps_every_link_under_that_path(site):
    """On GitHub Pages a project site lives at /<repo>/: a root-relative link leaves it."""
    url = "https://example.github.io/hnqf"
    write_articles(site, count=2, body=PLAIN + "[上一篇]({filename}/articles/a0.md)")
    result = site.publish(env={"SITEURL": url + "/"})
    assert result.returncode == 0, result.stderr
    page = result.page("articles/a1/")
    assert page.select_one('link[rel="stylesheet"]')["href"].startswith(f"{url}/theme/css/")
    assert page.find("a", string="上一篇")["href"] == f"{url}/articles/a0/"

    site.write("rooted.md", synthetic_article("根路径链接", "[见](/articles/a0/)", slug="rooted"))
    failed = site.publish(env={"SITEURL": url})
    errors = [line for line in failed.stderr.splitlines() if line.startswith("错误: ")]
    assert failed.returncode == 1 and len(errors) == 1, failed.stderr
    assert f"指向站点 {url} 之外" in errors[0]


@pytest.mark.parametrize(
    "env, field",
    [
        ({"SITEURL": "hnqf.example.org"}, "SITEURL"),
        ({"SOURCE_DATE_EPOCH": "昨天"}, "SOURCE_DATE_EPOCH"),
    ],
)
def test_bad_publish_settings_give_one_line(published, env, field):
    site, result = published
    before = tree(result.output)
    failed = site.publish(env={**ENV, **env})
    assert failed.returncode == 1
    errors = [line for line in failed.stderr.splitlines() if line.startswith("错误: ")]
    assert len(errors) == 1 and f": {field}: " in errors[0], failed.stderr
    assert tree(result.output) == before


def test_make_html_then_publish_then_make_html_into_the_same_folder(site):
    write_articles(site, count=2)
    site.output = site.root / "public"
    assert site.build().returncode == 0  # a plain folder, as `make html` leaves it
    published = site.publish(env=ENV)
    assert published.returncode == 0, published.stderr
    assert published.output.is_symlink()
    release = published.output.resolve()
    rebuilt = site.build()
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert not rebuilt.output.is_symlink() and rebuilt.output.is_dir()
    assert any(p.suffix == ".br" for p in release.rglob("*"))  # the release was not built over


def test_older_releases_are_pruned_and_the_previous_one_kept(published):
    site, result = published
    names = []
    for i in range(3):
        site.write(f"new{i}.md", synthetic_article(f"新文章{i}", slug=f"new{i}"))
        again = site.publish(env=ENV)
        assert again.returncode == 0, again.stderr
        names.append(again.output.resolve().name)
    releases = {p.name for p in (site.root / "public.releases").iterdir()}
    assert releases - {".lock"} == set(names[-2:])
    assert result.output.resolve().name == names[-1]


def test_checks_and_fingerprints_leave_a_pagefind_index_alone(published, tmp_path):
    """The search index (Pagefind) lives in pagefind/: its files keep their names and pass."""
    _, result = published
    root = tmp_path / "tree"
    shutil.copytree(result.output.resolve(), root)
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(root)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pagefind = sorted(p.relative_to(root) for p in (root / "pagefind").rglob("*"))
    assert any(p.suffix == ".css" for p in pagefind) and any(p.suffix == ".js" for p in pagefind)
    index = root / "index.html"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "</head>",
            '<link rel="stylesheet" href="pagefind/pagefind-ui.css">'
            '<script src="pagefind/pagefind-ui.js"></script></head>',
        ),
        encoding="utf-8",
    )

    tree_ = SiteTree(root, SITEURL)
    assert fingerprint(tree_) == {}
    assert sorted(p.relative_to(root) for p in (root / "pagefind").rglob("*")) == pagefind
    assert check_site(tree_) == []


def test_publishconf_holds_production_settings_only(monkeypatch):
    monkeypatch.setenv("SITEURL", "https://hnqf.example.org/")
    settings = read_settings(str(REPO / "publishconf.py"))
    assert settings["SITEURL"] == "https://hnqf.example.org"
    assert settings["FEED_DOMAIN"] == settings["SITEURL"]
    assert settings["RELATIVE_URLS"] is False
    assert settings["COLUMN_STRICT"] is True
    # Pelican's own cache (keyed by file times) stays off; the column's is keyed by bytes
    assert settings["CACHE_CONTENT"] is False and settings["FASTBUILD_CACHE"] is True
    development = ("127.0.0.1", "localhost", "8000")
    for key, value in settings.items():
        if isinstance(value, str) and value != DEFAULT_CONFIG.get(key):
            assert not any(d in value for d in development), (key, value)


def test_a_second_publish_into_the_same_folder_waits_its_turn(published):
    site, result = published
    before = tree(result.output)
    releases = site.root / "public.releases"
    (releases / ".work-killed").mkdir()  # left by a publish that was killed
    with open(releases / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # a publish under way
        blocked = site.publish(env=ENV)
    assert blocked.returncode == 1
    assert "另一个发布正在写入" in blocked.stderr and "Traceback" not in blocked.stderr
    assert (releases / ".work-killed").exists()  # not its to clean while another runs
    assert tree(result.output) == before

    again = site.publish(env=ENV)
    assert again.returncode == 0, again.stderr
    assert not (releases / ".work-killed").exists()


def test_a_release_edited_by_hand_is_replaced_by_the_next_publish(published):
    site, result = published
    before = tree(result.output)
    (result.output / "index.html").write_text("手工改动", encoding="utf-8")
    again = site.publish(env=ENV)
    assert again.returncode == 0, again.stderr
    assert tree(result.output) == before


def test_publish_refuses_to_run_without_a_public_address(site):
    """publishconf.py ships no placeholder address: SITEURL must be given, and is then
    used as given."""
    write_articles(site, count=1, body=PLAIN)
    failed = site.publish(env={"SITEURL": ""})
    errors = [line for line in failed.stderr.splitlines() if line.startswith("错误: ")]
    assert failed.returncode == 1 and len(errors) == 1, failed.stderr
    assert ": SITEURL: " in errors[0] and "SITEURL=https://" in errors[0]
    assert failed.stderr.splitlines()[0].startswith("错误: ")  # no English warning first
    assert "Traceback" not in failed.stderr and "example.org" not in failed.stderr
    assert not failed.output.exists()

    given = "http://192.0.2.7:8080/lanmu"
    result = site.publish(env={"SITEURL": given})
    assert result.returncode == 0, result.stderr
    assert result.page("index.html").select_one('link[rel="canonical"]')["href"] == f"{given}/"


def test_publish_summary_warns_about_each_empty_identity_field(site):
    write_articles(site, count=1)
    result = site.publish(env=ENV)
    assert result.returncode == 0, result.stderr  # a warning, not a refusal
    warnings = [line for line in result.stderr.splitlines() if line.startswith("警告: ")]
    fields = {line.split(": ")[2] for line in warnings}
    # FOOTER_SPONSOR is set in pelicanconf.py; the other fields await their issued values
    assert fields == set(IDENTITY_FIELDS) - {"FOOTER_SPONSOR"}, warnings
    assert all("不要填写猜测的号码" in line for line in warnings if "ERROR_REPORT" not in line)
    footer = result.page("index.html").select_one("footer").get_text()
    assert "备" not in footer and "标识码" not in footer  # nothing was made up

    filled = "".join(f"{name} = {value!r}\n" for name, value in FOOTER.items())
    filled += "ERROR_REPORT_URL = 'mailto:jiucuo@example.org'\n"
    result = site.publish(env=ENV, extra=filled)
    assert result.returncode == 0, result.stderr
    assert "警告: " not in result.stderr
    link = result.page("index.html").select_one("a.footer-error-report")
    assert link["href"] == "mailto:jiucuo@example.org"


def test_identity_warnings_name_the_settings_line(monkeypatch):
    monkeypatch.setenv("SITEURL", SITEURL)
    settings = read_settings(str(REPO / "publishconf.py"))
    lines = (REPO / "pelicanconf.py").read_text("utf-8").splitlines()
    for warning in identity_warnings(str(REPO / "publishconf.py"), settings):
        assert warning.path == "pelicanconf.py"
        assert lines[warning.line - 1].startswith(f"{warning.field} = "), warning


def test_a_draft_is_previewed_but_never_published(site):
    """An undated import or an article held back (Status: draft) has a page in the
    development build only: the published tree holds no trace of it."""
    write_articles(site, count=2)
    site.write("held.md", synthetic_article("尚未发布的稿件", "合成正文，暂缓发布。",
                                            slug="held-back", extra="Status: draft"))  # fmt: skip
    built = site.build()
    assert built.returncode == 0, built.stderr
    assert (built.output / "drafts" / "held-back" / "index.html").is_file()

    published = site.publish(env=ENV)
    assert published.returncode == 0, published.stderr
    root = published.output.resolve()
    assert not (root / "drafts").exists()
    texts = [
        p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".json"}
    ]
    assert not any("尚未发布的稿件".encode() in t or b"held-back" in t for t in texts)
