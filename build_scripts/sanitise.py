"""Sanitise: contributed text made safe for a page. Markdown from a profile becomes HTML cleaned with an
allowlist (nh3); a link is kept only if it is https; text for a page's front matter is quoted for YAML.

Jinja autoescapes everything else (pages.py installs these as its filters).
"""

from __future__ import annotations

import re

import jinja2
from markdown_it import MarkdownIt
import nh3

from .schema import is_https_url

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote",
                "h3", "h4", "hr"}


# CommonMark, as on GitHub; raw HTML in a profile is shown as text, never passed through.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def sanitise_markdown(text: str) -> str:
    """Markdown from a contributor -> safe HTML: allowlisted tags, https links only, rel=nofollow ugc noopener.

    No mailto: or tel: links: the site publishes no contact details (validate refuses them, P033).

    Plain paragraphs, as most summaries are, skip the parser: their HTML is known, and a
    property test holds both ways to the same output.
    """
    text = text or ""
    return _plain_html(text) if is_plain(text) else _parsed_html(text)


# Characters that start any Markdown or HTML construct (or that the sanitiser would rewrite),
# lines that start like a block (list, heading, code, quote) and lines ending in a hard break.
_MARKUP = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\xa0#*_`\[\]<>&\\~|=+]")
_BLOCK_START = re.compile(r"^(?!\n)[\s\d-]", re.MULTILINE)
_LINE_END_SPACE = re.compile(r"[^\S\n]$", re.MULTILINE)


def is_plain(text: str) -> bool:
    return not (_MARKUP.search(text) or _BLOCK_START.search(text) or _LINE_END_SPACE.search(text))


def _plain_html(text: str) -> str:
    return "".join(f"<p>{para}</p>\n" for para in re.split(r"\n{2,}", text.strip("\n")) if para)


def _parsed_html(text: str) -> str:
    html = _MARKDOWN.render(text)
    html = re.sub(r"<h[12]\b", "<h3", re.sub(r"</h[12]>", "</h3>", html))  # page owns h1/h2
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"https"}, link_rel="nofollow ugc noopener", strip_comments=True)


# Characters YAML will not read as themselves inside double quotes: controls, its own line breaks,
# a byte-order mark, non-characters, and halves of a surrogate pair.
_YAML_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def front_matter_text(value) -> jinja2.filters.Markup:
    """Text as a YAML double-quoted string for a page's front matter, every other character as itself.

    (Jinja's tojson writes an emoji as two \\ud83c-style escapes, which YAML reads as two broken
    characters: MkDocs then dropped the whole front matter.) Autoescape has run before this filter.
    """
    text = _SURROGATE.sub("\ufffd", str(value)).replace("\\", "\\\\").replace('"', '\\"')
    return jinja2.filters.Markup('"' + _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + '"')


def safe_url(url) -> str:
    """An https URL as given, or '' for anything else: the schema's https-url rule, so a link that passes
    the check is on the page (the validator reports the others; render never trusts them)."""
    return url if is_https_url(url) else ""
