"""The Atom feed of stories (stories/feed.xml): the published stories whose consent has social scope.

Absolute URLs from portal.yml's site_url; dates from the stories themselves, never the build's clock,
so the same stories give the same bytes. An entry the feed cannot hold is left out, and said, rather than
stopping the build (select_stories already leaves out text no page can hold).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from feedgen.feed import FeedGenerator

from .config import Config
from .select_stories import PublishedStory

FEED = "stories/feed.xml"


def write_feed(stories: list[PublishedStory], config: Config, describe, target: Path) -> list[str]:
    """stories: newest first; describe(story): its one-sentence description. Messages for the log."""
    base = config.site_url.rstrip("/") + "/"
    social = [s for s in stories if s.allows("social")]
    fg = FeedGenerator()
    fg.id(base + "stories/")
    fg.title(f"Stories: {config.programme_name}")
    fg.subtitle("People who trained with the programme, at work: each story published with their consent.")
    fg.author({"name": config.programme_name, "email": config.contact_email})
    fg.link(href=base + "stories/", rel="alternate", type="text/html")
    fg.link(href=base + FEED, rel="self", type="application/atom+xml")
    fg.language("en")
    fg.updated(_moment(max((s.data["date"] for s in social), default="2000-01-01")))
    messages = []
    for s in social:
        page = f"{base}stories/{s.id}/"
        entry = fg.add_entry(order="append")
        entry.id(page)
        entry.title(s.data["title"])
        # one link, the page: feedgen 1.0.0 writes an entry link's href only (python-feedgen issue #135),
        # and a link without rel is the entry's alternate; a second one (the preview image) would be another
        entry.link(href=page)
        entry.published(_moment(s.data["date"]))
        entry.updated(_moment(s.data["date"]))
        entry.summary(("Synthetic sample story (an invented person): " if s.data.get("synthetic") else "") + describe(s))
        try:
            entry.atom_entry()           # what atom_str() makes of it: lxml refuses text no XML can hold
        except ValueError as e:
            fg.remove_entry(entry)
            messages.append(f"{s.file}: left out of the feed: {e}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(fg.atom_str(pretty=True))
    return messages


def _moment(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone.utc)
