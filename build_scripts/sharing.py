"""Sharing: the pages made to be passed on, on a phone or on paper.

- Each hand-written page whose front matter says `share: true` (the employer guides) gets, in its
  staged copy, its own preview image (images.share_card: its title and the programme's name) named
  in the front matter as `og_image`, and for paper its address as text and as a QR code.
- The printable talent snapshot (snapshot/): the home page's figures (home.snapshot, one source),
  how to hire, and a QR code to the directory, on one A4 page for an event.

The theme (overrides/main.html) reads `share`, `og_image` and `description` from any page's front
matter and writes the share links and the preview tags; profile and story pages set those keys in
their own templates, and print their own address.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

import jinja2

from .config import Config
from .home import snapshot
from .images import share_card
from .load import load_text
from .pages import write_page
from .select import Published
from .vocab import Vocabulary

# The preview image of every page without its own (profiles among them: their consent has no social
# scope), and where the shared pages' own preview images go, from the site root.
GENERIC_CARD = PurePosixPath("assets/portal/og-card.png")
CARDS = PurePosixPath("assets/portal/og")
# Staged folders of pages generated per person, never touched here: profiles (still being written in the
# fast path) and stories (a story's consent decides whether it has a preview image and prints at all).
GENERATED = ("talent", "stories")


def render_sharing(published: list[Published], docs: Path, env: jinja2.Environment, config: Config,
                   vocab: Vocabulary, today: dt.date) -> None:
    """The generic preview image (every page without its own), the shared hand-written pages' own preview
    images and printed addresses, and the talent snapshot."""
    share_card(config.programme_name, config.tagline, docs / GENERIC_CARD)
    for page, fields in shared_pages(docs):
        prepare_shared_page(docs, page, fields, env, config)
    render_snapshot(published, docs, env, config, vocab, today)


def render_snapshot(published: list[Published], docs: Path, env: jinja2.Environment, config: Config,
                    vocab: Vocabulary, today: dt.date) -> None:
    """snapshot.md: who is published today, counted as the home page counts them, ready to print."""
    directory = f"{config.site_url.rstrip('/')}/talent/"
    write_page(docs / "snapshot.md", env.get_template("talent-snapshot.md.j2").render(
        s=snapshot(published, vocab, today), today=today.isoformat(), directory_url=directory))


def shared_pages(docs: Path) -> list[tuple[PurePosixPath, dict]]:
    """(path from docs, front matter) of each staged page that says `share: true`, in path order."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        rel = PurePosixPath(path.relative_to(docs).as_posix())
        if rel.parts[0] in GENERATED:
            continue
        fields = front_matter(path.read_text(encoding="utf-8"))
        if str(fields.get("share", "")).lower() == "true":
            found.append((rel, fields))
    return found


def front_matter(text: str) -> dict:
    """A page's front matter as fields ({} when it has none, or none that reads as fields)."""
    if not text.startswith("---\n") or (end := text.find("\n---\n", 3)) < 0:
        return {}
    doc = load_text(text[4:end + 1], "front matter")
    return doc.data if doc.ok and isinstance(doc.data, dict) else {}


def page_url(rel: PurePosixPath) -> str:
    """A page's address from the site root, as MkDocs makes it with use_directory_urls: a/b.md is a/b/,
    a/index.md is a/."""
    stem = rel.with_suffix("")
    parts = stem.parts[:-1] if stem.name == "index" else stem.parts
    return "/".join(parts) + "/" if parts else ""


def page_title(fields: dict, text: str) -> str:
    """The page's title as MkDocs takes it: the front matter's, else the first level-one heading."""
    if fields.get("title"):
        return str(fields["title"])
    heading = next((line for line in text.splitlines() if line.startswith("# ")), "")
    return heading[2:].split(" {", 1)[0].strip()


def prepare_shared_page(docs: Path, rel: PurePosixPath, fields: dict, env: jinja2.Environment,
                        config: Config) -> None:
    """Give one staged page its own preview image (unless it names one) and, for paper, its address and
    a QR code (unless it prints its own)."""
    path = docs / rel
    text = path.read_text(encoding="utf-8")
    url = page_url(rel)
    if not fields.get("og_image"):
        card = CARDS / f"{url.strip('/').replace('/', '-') or 'home'}.png"
        share_card(page_title(fields, text) or config.programme_name, config.programme_name, docs / card)
        text = text.replace("\n---\n", f"\nog_image: {card}\n---\n", 1)
    if 'class="tp-print-ref"' not in text:
        aside = env.get_template("print-ref.html.j2").render(url=config.site_url.rstrip("/") + "/" + url)
        text = text.rstrip("\n") + "\n\n" + aside
    path.write_text(text, encoding="utf-8")
