"""How heavy each page of a built site is, with the images and GIFs it shows.

A page's weight is its HTML plus every local image it embeds (``<img>``,
``<source>``, ``<video>``); the style sheets, scripts and fonts every page
shares are counted apart, since a browser fetches them once for the whole
site.

    python benchmarks/page_weight.py [docs/_build/html] [--limit-mb 3]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
MEDIA_TAGS = {"img": "src", "source": "src", "video": "src"}
ASSET_TAGS = {"link": "href", "script": "src"}


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.media: set[str] = set()
        self.assets: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attrs_d = dict(attrs)
        if tag in MEDIA_TAGS and attrs_d.get(MEDIA_TAGS[tag]):
            self.media.add(attrs_d[MEDIA_TAGS[tag]])
        elif tag in ASSET_TAGS and attrs_d.get(ASSET_TAGS[tag]):
            if tag == "link" and "stylesheet" not in (attrs_d.get("rel") or ""):
                return
            self.assets.add(attrs_d[ASSET_TAGS[tag]])


def _local(page: Path, ref: str) -> Path | None:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (page.parent / unquote(parts.path)).resolve()
    return path if path.is_file() else None


@dataclass
class Weight:
    page: str
    html: int
    media: int
    n_media: int
    assets: int

    @property
    def total(self) -> int:
        """The page and its images: what a reader downloads for this page."""
        return self.html + self.media


def weigh(site: Path) -> list[Weight]:
    """The weight of every HTML page of ``site``, heaviest first."""
    weights = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        if rel.parts[0] in ("_static", "_sources", "_images", "_downloads"):
            continue
        refs = _References()
        refs.feed(page.read_text(encoding="utf-8", errors="replace"))
        media = {p for p in (_local(page, r) for r in refs.media) if p}
        assets = {p for p in (_local(page, r) for r in refs.assets) if p}
        weights.append(
            Weight(
                page=rel.as_posix(),
                html=page.stat().st_size,
                media=sum(p.stat().st_size for p in media),
                n_media=len(media),
                assets=sum(p.stat().st_size for p in assets),
            )
        )
    return sorted(weights, key=lambda w: w.total, reverse=True)


def report(site: Path, limit_mb: float = 3.0, top: int = 8) -> Weight:
    """Print the heaviest pages; return the heaviest."""
    weights = weigh(site)
    if not weights:
        raise SystemExit(f"no HTML pages under {site}")
    print(f"page weight (HTML + its images and GIFs), {len(weights)} pages in {site}:")
    for w in weights[:top]:
        print(
            f"  {w.total / 1e6:6.2f} MB  {w.page}  ({w.n_media} images, "
            f"{w.media / 1e6:.2f} MB; HTML {w.html / 1e3:.0f} kB)"
        )
    heaviest = weights[0]
    shared = max(w.assets for w in weights)
    verdict = "MET" if heaviest.total < limit_mb * 1e6 else "NOT MET"
    print(
        f"heaviest page: {heaviest.page}, {heaviest.total / 1e6:.2f} MB "
        f"(target < {limit_mb:g} MB)  {verdict}"
    )
    print(
        f"shared style sheets and scripts, fetched once for the site: "
        f"up to {shared / 1e6:.2f} MB"
    )
    return heaviest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=ROOT / "docs" / "_build" / "html")
    parser.add_argument("--limit-mb", type=float, default=3.0)
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").exists():
        sys.exit(f"no built site in {site}: build it with `nox -s docs` first")
    report(site, args.limit_mb)


if __name__ == "__main__":
    main()
