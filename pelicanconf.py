"""Settings for the column “讲政治 转作风 强责任 抓落实” on 惠农清风 (development build).

Build with ``make html``; production settings are in ``publishconf.py``.
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "惠农清风"
SITEURL = ""
AUTHOR = "惠农清风"
PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
LOCALE = ("C.UTF-8", "C")
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# The column's registry of units and topics (see data/column.toml).
COLUMN_REGISTRY = str(HERE / "data" / "column.toml")
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["huinong_column"]

# Dates come only from an article's own Date: field: never from file names or file times.
DEFAULT_DATE = None
FILENAME_METADATA = ""
PATH_METADATA = ""
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"

UNIT_URL = "units/{slug}/"
UNIT_SAVE_AS = "units/{slug}/index.html"
UNIT_FEED_ATOM = "units/{slug}/atom.xml"
UNIT_FEED_ATOM_URL = "units/{slug}/atom.xml"
UNITS_URL = "units/"
UNITS_SAVE_AS = "units/index.html"
TOPIC_URL = "topics/{slug}/"
TOPIC_SAVE_AS = "topics/{slug}/index.html"
TOPIC_FEED_ATOM = "topics/{slug}/atom.xml"
TOPIC_FEED_ATOM_URL = "topics/{slug}/atom.xml"
TOPICS_URL = "topics/"
TOPICS_SAVE_AS = "topics/index.html"

# Units and topics replace Pelican's categories, tags and authors.
DIRECT_TEMPLATES = ["index", "archives"]
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""

# Feeds need absolute links; the development server listens here (publishconf overrides).
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "unit": None, "topic": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

MARKDOWN = {
    "extensions": [
        "markdown.extensions.meta",
        "markdown.extensions.tables",
        "markdown.extensions.sane_lists",
        "huinong_column.column.markdown_ext",
    ],
    "output_format": "html5",
}

# Every piece of metadata is escaped; article bodies are made safe by markdown_ext.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
# Templates do not change during a build: no stat() of every template at every include.
JINJA_ENVIRONMENT["auto_reload"] = False

# --- Speed (issue 8; see docs/performance.md) ---
# The column's content cache keeps converted Markdown under CACHE_PATH (outside the source
# tree, gitignored), keyed by each file's bytes; see plugins/pelican_fastbuild/contentcache.py.
# Pelican's own content cache stays off: it keys entries by path and pickles the settings.
FASTBUILD_CACHE = True
CACHE_PATH = os.environ.get("COLUMN_CACHE_PATH", str(HERE / ".cache"))
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# Worker processes for reading and rendering; None = every CPU, 1 = serial.
FASTBUILD_WORKERS = None
# Pelican slugifies every title (unidecode of Chinese) before tagging gives the real slug;
# the file name is the same placeholder at a tenth of the cost.
SLUGIFY_SOURCE = "basename"
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = True

# --- Theme: head, footer, archives, 404 (issue 3) ------------------------------------------
# Government page metadata (《政府网站网页设计规范》): every page carries SiteName, SiteDomain,
# ColumnName… SiteDomain and the canonical, Open Graph and QR addresses come from SITEURL
# when it is absolute (publishconf.py), else from FEED_DOMAIN (the development server).
COLUMN_TYPE = "专题专栏"  # ColumnType meta tag
# --- Government identity (issue 16): masthead and footer, from these settings only ---------
# Fill in only real, issued values; a field left empty shows nothing, and `make publish` lists
# every empty one as a warning in its summary. Never guess a number: a wrong 备案号 or 标识码 on
# a government site is worse than none. docs/reader.md describes each field.
MAIN_SITE_NAME = "惠农清风"  # the main site the column belongs to; masthead link text
MAIN_SITE_URL = ""  # its home page, e.g. "https://www.example.gov.cn/"; empty: no link back
# An SVG file under theme/static/images/ shown left of the site's name (no outside images);
# empty: the masthead shows the names only.
SITE_EMBLEM = ""
SITE_ID_CODE = ""  # 网站标识码 (10 characters, e.g. "640205XXXX"); also the SiteIDCode meta
FOOTER_SPONSOR = "惠农区纪委监委"  # 主办单位
FOOTER_ORGANIZER = ""  # 承办单位
FOOTER_ADDRESS = ""  # 地址
FOOTER_PHONE = ""  # 电话, e.g. "0952-XXXXXXX"
FOOTER_EMAIL = ""  # 邮箱, shown as a mailto: link
ICP_LICENSE = ""  # ICP备案号, e.g. "宁ICP备XXXXXXXX号-1"; links to the MIIT 备案 site
PSB_LICENSE = ""  # 公安备案号, e.g. "宁公网安备 64020502XXXXXX号"; links to its MPS record
GOV_MARK_URL = ""  # 党政机关网站标识: the site's record on bszs.conac.cn (any other host fails)
# 我要纠错: an address of the site's own (a form, or "mailto:…"); empty: the national
# government-site error form (政府网站找错) for SITE_ID_CODE; both empty: no link.
ERROR_REPORT_URL = ""

# Editorial marks (推定日期，待核实; 推断 next to an inferred unit or theme) help editors
# review a development build and the devserver; publishconf.py turns them off, so readers,
# feeds and print never see them.
COLUMN_EDITORIAL_MARKS = True

# Year and month archives (theme/templates/period_archives.html), paginated like lists.
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
PAGINATED_TEMPLATES = {**PAGINATED_TEMPLATES, "period_archives": None}

# The rulebook (column/rules.py, image-alt) reports images without alt text in the
# editor's words; this drops Pelican's English duplicate (30 = logging.WARNING).
LOG_FILTER = [(30, "Empty alt attribute for image %s in %s")]

# An article's summary (page description, feeds) is its lead paragraph: Pelican's default of
# 50 "words" means whole clauses in Chinese, which has no spaces between words.
SUMMARY_MAX_PARAGRAPHS = 1
SUMMARY_MAX_LENGTH = None

# Finding things: search page, statistics (信息报送统计), sitemap, freshness reminders.
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "search", "subscribe"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# 订阅: a page explaining the Atom feeds and listing their addresses (a browser shows a feed
# itself as raw XML; Chromium no longer styles it with XSLT).
SUBSCRIBE_URL = "subscribe/"
SUBSCRIBE_SAVE_AS = "subscribe/index.html"
STATS_URL = "stats/"
STATS_SAVE_AS = "stats/index.html"
STATS_CSV_SAVE_AS = "stats/xinxi-baosong-tongji.csv"
COLUMN_STATS_MONTHS = 12  # the statistics cover the 12 months that end with 本月
COLUMN_STATS_MONTH = None  # "YYYY-MM" fixes 本月; by default the newest article's month
COLUMN_TITLE_MAX = 40  # characters: a longer title is a warning (fails make publish)
COLUMN_FRESHNESS_DAYS = 14  # remind when the column has had nothing new for this long
COLUMN_PILLAR_FRESHNESS_DAYS = 30  # ... and when a pillar has had nothing new for this long
COLUMN_PILLARS = None  # None: the themes named in the column's name (讲政治, 转作风…)
COLUMN_TODAY = None  # "YYYY-MM-DD" (or the environment variable) fixes "today" for reminders
# Find any Chinese substring of up to 4 characters; 0 turns it off (docs/search.md): it roughly
# doubles the index's time and memory. The environment variable overrides it.
COLUMN_SEARCH_SHINGLE = int(os.environ.get("COLUMN_SEARCH_SHINGLE", "4"))
# The index is built and cached in shards of whole months of about this many articles, so that
# an edit re-indexes one shard (about 1 s at 500) and Pagefind's memory stays bounded
# (docs/search.md). Readers' browsers fetch a little from every shard at each search: no smaller.
COLUMN_SEARCH_SHARD_SIZE = int(os.environ.get("COLUMN_SEARCH_SHARD_SIZE", "500"))
# COLUMN_SEARCH_INDEX=0 leaves the index out (the search page then says search is unavailable):
# for a quick local build, and for the benchmark's build without it.
COLUMN_SEARCH_INDEX = os.environ.get("COLUMN_SEARCH_INDEX", "1") != "0"
