"""The review page as HTML: the data of `extract.review.view` poured into the Jinja2 templates of
`templates/`, with the style sheet and the script of `static/`.

Every value is escaped as it is filled in (autoescape, with `html.escape`'s entities, quotes
included): text from the PDF never becomes markup. The style sheet and the script are inlined,
and the Content-Security-Policy admits only them (by their SHA-256), so that markup that slipped
through still could not run, and the page works opened from a folder or an e-mail attachment
alike (a script beside the page would need `'self'`, which on a `file:` page admits any local
file). Nothing is loaded from the network: images are the page's own files, or data: URIs in a
single file. The same inputs always give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from extract.corrections.read import CorrectionSet
from extract.review.changes import ReviewChanges
from extract.review.drawing import PageView, num
from extract.review.links import LinkMark
from extract.review.view import review_page
from extract.review.words import DEFAULT_LANG, Lang, Words
from schemas.models import Catalogue

STATIC = ("review.css", "review.js")


def escaped(value: object) -> Markup:
    """Every value a template prints: markup already made by a template as it is, anything
    else escaped (nothing for None)."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("extract.review", "templates"),
        autoescape=True,
        finalize=escaped,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = num
    return env


@cache
def static(name: str) -> str:
    return (resources.files("extract.review") / "static" / name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(style: str, script: str, *, embedded: bool) -> str:
    images = "data:" if embedded else "'self'"
    return (
        f"default-src 'none'; img-src {images}; style-src {csp_hash(style)}; "
        f"script-src {csp_hash(script)}; base-uri 'none'; form-action 'none'"
    )


def render_html(
    catalogue: Catalogue,
    views: Sequence[PageView],
    changes: ReviewChanges | None = None,
    links: Mapping[str, LinkMark] | None = None,
    *,
    lang: Lang = DEFAULT_LANG,
    corrections: CorrectionSet | None = None,
) -> str:
    """The review page for the rendered `views` of the catalogue's PDF; `links` marks each
    address with what a link report found of it; `corrections` is the file applied to the
    catalogue, whose rows the page's export repeats. Views whose images are data: URIs make a
    page that stands alone."""
    words = Words(lang)
    page = review_page(catalogue, views, words, changes, links, corrections)
    style, script = static("review.css"), static("review.js")
    embedded = bool(views) and all(v.src.startswith("data:") for v in views)
    return (
        environment()
        .get_template("review.html.j2")
        .render(
            page=page,
            t=words,
            style=Markup(style),
            script=Markup(script),
            policy=policy(style, script, embedded=embedded),
        )
    )
