"""Text of the Chromium designs as HTML, broken by the browser only where the records allow.

A reflowed field is its source lines joined (`samples.expected.join_lines`) and set as one
paragraph that Chromium breaks at the column width. Joining the lines Chromium then prints must
give the same text back, so a line may end only at a space or after a hyphen glued to its word.
Chromium's line breaker (UAX #14) also breaks after `/`, after dashes, before `-word`…: every
token holding such a character is kept whole in a `white-space: nowrap` span. The producer still
verifies each field after layout (`Fields` records what each must read).

With `no_space_glyphs`, words are inline blocks spaced by a margin: Chromium then writes no space
glyph between them, yet may still break the line between any two. Used by `chromium_html`;
built with `python -m samples.designs.zoo --only html-portrait-1col-under`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from samples.expected import glued_hyphen, join_lines

# Characters Chromium never breaks a word at (quotes and closing punctuation glue to their word).
_SAFE = frozenset("’'.,;:()«»\"")


def _risky(token: str) -> bool:
    for i, ch in enumerate(token):
        if ch.isalnum() or ch in _SAFE:
            continue
        glued = 0 < i < len(token) - 1 and token[i - 1].isalnum() and token[i + 1].isalnum()
        if ch == "-" and glued:
            continue  # a break after it joins back without a space: allowed
        return True
    return False


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Fields:
    """Builds the HTML of text runs and remembers the text each reflowed field must read."""

    no_space: bool = False
    expected: dict[str, str] = field(default_factory=dict)

    def words(self, text: str) -> str:
        """`text` as HTML whose only break opportunities are its spaces (and glued hyphens)."""
        tokens = [t for t in text.split(" ") if t]
        marked = [f'<span class="nb">{esc(t)}</span>' if _risky(t) else esc(t) for t in tokens]
        if self.no_space:
            return "".join(f'<span class="w">{m}</span>' for m in marked)
        return " ".join(marked)

    def _gap(self) -> str:
        return "" if self.no_space else " "

    def field(
        self,
        lines: Sequence[str],
        reflow: bool,
        links: dict[int, list[str]] | None = None,
        keep_links_whole: bool = True,
    ) -> str:
        """A field's lines as HTML: one paragraph to reflow, or the source lines with `<br>`.

        `links` maps a line index to the addresses printed on that line's words.
        """
        links = links or {}
        fid = f"f{len(self.expected)}"
        self.expected[fid] = join_lines(lines)
        if not reflow:
            body = "<br>".join(
                anchor(self.words(line.strip()), links.get(i, []), keep_links_whole)
                for i, line in enumerate(lines)
            )
            return f'<span class="field lines" data-field="{fid}">{body}</span>'
        # Words of the joined text, each with the addresses of the source line it starts on; a
        # word split by a glued hyphen at a line end is one word again.
        words: list[tuple[str, tuple[str, ...]]] = []
        glue = False
        for i, raw in enumerate(lines):
            line = raw.strip()
            if not line:
                continue
            urls = tuple(links.get(i, []))
            for k, token in enumerate(t for t in line.split(" ") if t):
                if k == 0 and glue and words:
                    words[-1] = (words[-1][0] + token, words[-1][1])
                else:
                    words.append((token, urls))
            glue = glued_hyphen(line)
        runs: list[str] = []
        for urls, run in groupby(words, key=lambda word: word[1]):
            runs.append(anchor(self.words(" ".join(w for w, _ in run)), urls, keep_links_whole))
        return f'<span class="field" data-field="{fid}">{self._gap().join(runs)}</span>'

    def phrase(self, text: str) -> str:
        """One printed line that may wrap (a heading), checked like a field."""
        return self.field([text], reflow=True)


def anchor(inner: str, urls: Sequence[str], whole: bool = True) -> str:
    """`inner` linked to `urls`; a second address is an empty link laid over the same box.

    A whole link is one inline block: Chromium writes one annotation per box of an `<a>`, and a
    run of words broken into spans would otherwise give several. Otherwise the `<a>` is a block
    (a title over several lines: still one box, one annotation).
    """
    if not urls:
        return inner
    cls = "whole" if whole else "block"
    first = f'<a href="{esc(urls[0])}" class="{cls}">{inner}</a>'
    if len(urls) == 1:
        return first
    overlays = "".join(f'<a class="over" href="{esc(url)}"></a>' for url in urls[1:])
    return f'<span class="multi">{first}{overlays}</span>'


def url_text(url: str) -> str:
    """A printed address that may wrap only after a `/` (the next line goes on with the URL)."""
    parts = [p for p in re.split(r"(?<=/)", url) if p]
    return "<wbr>".join(f'<span class="nb">{esc(p)}</span>' for p in parts)
