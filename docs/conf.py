"""Sphinx configuration of the nnreg lessons site."""

import os
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

# The project's addresses are written once, in pyproject.toml's [project.urls].
with open(HERE.parent / "pyproject.toml", "rb") as _f:
    PROJECT_URLS = tomllib.load(_f)["project"]["urls"]
REPO_URL = PROJECT_URLS["Repository"]  # the source repository
SITE_URL = PROJECT_URLS["Documentation"]  # where this site is hosted, ending in /

# The lessons train small networks, for which one thread is as fast as several;
# more threads only spin against each other and against BLAS. The variable is
# inherited by the exercise pages' kernels; torch reads it when first imported.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import nnreg

project = "nnreg lessons"
author = "The nnreg authors"
copyright = "2026, the nnreg authors"
release = version = nnreg.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
    "myst_nb",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx-mathjax-offline",
    "nnreg_site",
    "nnreg_freshness",
    # lessons and exercise pages in parallel workers (NNREG_JOBS), and shards
    "nnreg_parallel",
]

# -- Sources ----------------------------------------------------------------
exclude_patterns = [
    "_build",
    "jupyter_execute",
    "**.ipynb_checkpoints",
    # sphinx-gallery writes a notebook next to each generated page; those are
    # downloads, not sources for myst-nb.
    "auto_examples/*.ipynb",
    "auto_examples/**/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
]
templates_path = ["_templates"]
html_static_path = ["_static"]
suppress_warnings = ["mystnb.unknown_mime_type"]

# -- API reference ----------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# -- Lessons (sphinx-gallery) -----------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "image_scrapers": ("matplotlib", "nnreg_site.gif_scraper"),
    # before each lesson, in the worker that runs it: one torch thread, Agg, and
    # a record of the GIFs it writes (only those are its figures)
    "reset_modules": ("matplotlib", "nnreg_site.before_example"),
    "doc_module": ("nnreg",),
    "backreferences_dir": "generated/backreferences",
    "reference_url": {"nnreg": None},
    "abort_on_example_error": True,
    "download_all_examples": True,
    "remove_config_comments": True,
    "min_reported_time": 0,
    "show_memory": False,
    "capture_repr": ("_repr_html_", "__repr__"),
    "matplotlib_animations": False,
}

# -- Exercises (myst-nb) ----------------------------------------------------
nb_execution_mode = os.environ.get("NNREG_NB_EXECUTION", "cache")
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]

# -- HTML -------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "nnreg lessons"
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "footer_start": ["copyright", "build-versions"],
    "footer_end": ["sphinx-version"],
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc", "sg_download_links", "sourcelink"],
}
# pydata-sphinx-theme reads the default light/dark mode from the page context;
# without it a first visit logs a console error and falls back to "auto".
html_context = {"default_mode": "auto"}
html_favicon = "_static/favicon.svg"
html_show_sourcelink = False
html_last_updated_fmt = None

# -- Learner: what a reader takes home (docs/_ext/nnreg_learner.py) ----------
# The wheel and the lock file served under install/, the "Run it on your
# machine" box of every lesson and exercise page, notebooks that install what
# they need, and a link from every page to its source in the repository.
extensions.append("nnreg_learner")
nnreg_site_url = SITE_URL
nnreg_repo_url = REPO_URL
from nnreg_learner import first_notebook_cell

sphinx_gallery_conf["first_notebook_cell"] = first_notebook_cell(SITE_URL, release)
html_theme_options["github_url"] = REPO_URL
html_theme_options["secondary_sidebar_items"] = [
    *html_theme_options["secondary_sidebar_items"],
    "nnreg-source-link",
]

# -- Publishing ---------------------------------------------------------------
# Where the site is hosted, written once: SITE_URL (from pyproject.toml) gives
# the sitemap's and the social cards' absolute addresses and the 404 page's
# path prefix.
from urllib.parse import urlsplit as _urlsplit

from nnreg._versions import build_info as _build_info

extensions += ["notfound.extension", "sphinx_sitemap", "sphinxext.opengraph"]
html_baseurl = SITE_URL

# The footer's stamp: nnreg's version, the commit and the build date (which
# SOURCE_DATE_EPOCH fixes for a reproducible build), beside the libraries.
html_context["nnreg_stamp"] = _build_info()
html_context["nnreg_commit_url"] = f"{REPO_URL}/commit/"

# 404 page: GitHub Pages serves 404.html for any missing path, so its links
# and assets are absolute, under the site's path (e.g. "/nnreg/").
notfound_urls_prefix = _urlsplit(SITE_URL).path or "/"
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>\n"
        "<p>There is no page at this address. It may have moved: start again "
        f'from <a href="{notfound_urls_prefix}index.html">the lessons</a>, '
        "or search the site.</p>"
    ),
}

# Sitemap: every page at its address under SITE_URL.
sitemap_url_scheme = "{link}"
sitemap_excludes = ["404.html", "search.html", "genindex.html", "py-modindex.html"]

# Social cards (OpenGraph): each lesson's card shows its gallery thumbnail and
# the first sentence of its introduction; other pages show their first words.
ogp_site_url = SITE_URL
ogp_site_name = html_title
ogp_social_cards = {"enable": False}  # no generated cards: they need fonts
ogp_enable_meta_description = True

# Animations: pause, play and step controls (docs/_static/nnreg-anim.js).
html_js_files = ["omggif.js", "nnreg-anim.js"]
html_css_files = ["nnreg-publish.css"]


def _first_sentence(doctree) -> str:
    """The first sentence of a page's first paragraph (its summary)."""
    from docutils import nodes

    for para in doctree.findall(nodes.paragraph):
        # not a note around the text (sphinx-gallery's "Go to the end" note)
        parent = para.parent
        while parent is not None and not isinstance(parent, nodes.Admonition):
            parent = parent.parent
        if parent is not None:
            continue
        text = " ".join(para.astext().split())
        if text:
            end = text.find(". ")
            return text if end < 0 else text[: end + 1]
    return ""


def _lesson_card(app, pagename, templatename, context, doctree) -> None:
    """Give a lesson page's card its thumbnail and its first sentence."""
    name = pagename.rsplit("/", 1)[-1]
    if doctree is None or not pagename.startswith("auto_examples/plot_"):
        return
    meta = dict(context.get("meta") or {})
    meta["og:image"] = f"{SITE_URL}_images/sphx_glr_{name}_thumb.png"
    meta["og:image:alt"] = f"Thumbnail of the lesson {context.get('title', '')}"
    sentence = _first_sentence(doctree)
    if sentence:
        meta["og:description"] = sentence
    context["meta"] = meta


def _fresh_module_pages(app) -> None:
    """Make viewcode write its source pages again, with this build's footer.

    viewcode skips a page whose module is older than it, which would keep the
    stamp of an earlier build in that page's footer; the pages are cheap.
    """
    import shutil

    shutil.rmtree(Path(app.outdir) / "_modules", ignore_errors=True)


def setup(app):
    # before sphinxext-opengraph (priority 500) reads the page's fields
    app.connect("html-page-context", _lesson_card, priority=400)
    app.connect("builder-inited", _fresh_module_pages)
