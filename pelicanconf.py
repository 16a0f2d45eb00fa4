"""Settings for the column “讲政治 转作风 强责任 抓落实” on 惠农清风 (development build).

Build with ``make html``; production settings are in ``publishconf.py``.
"""

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
        "huinong_column.markdown_ext",
    ],
    "output_format": "html5",
}

# Every piece of metadata is escaped; article bodies are made safe by markdown_ext.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
# Templates do not change during a build: no stat() of every template at every include.
JINJA_ENVIRONMENT["auto_reload"] = False

# --- Speed (issue 8; see README “构建速度”) ---
# The column's content cache keeps converted Markdown under CACHE_PATH (outside the source
# tree, gitignored), keyed by each file's bytes; see plugins/huinong_column/contentcache.py.
# Pelican's own content cache stays off: it keys entries by path and pickles the settings.
COLUMN_CONTENT_CACHE = True
CACHE_PATH = ".cache"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# Worker processes for reading and rendering; None = every CPU, 1 = serial.
COLUMN_WORKERS = None
# Pelican slugifies every title (unidecode of Chinese) before tagging gives the real slug;
# the file name is the same placeholder at a tenth of the cost.
SLUGIFY_SOURCE = "basename"
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = True
