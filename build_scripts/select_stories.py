"""Select, for stories: which stories are published, and where. Render trusts it, as for profiles.

A story is published when it has no errors and its consent is current (select.consent_state: given,
not expired, not withdrawn), and then only where its consent's scope allows:

- web: its page, the stories index and filters, the links from its profile and the impact page;
  without web a story is on no page at all, so it is published nowhere;
- social: the stories feed, and a preview image and share links for its page;
- print: its page prints (without it the printed page only says the story is not for print).

Only the fields in STORY_FIELDS leave this module; the photo only with its own consent. A story holding a
character no page or feed can hold is left out (validate refuses it, S017; were that check to miss one, a
single story would otherwise stop every build, and with it the removal of people whose consent ended).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from .select import WITH_ERRORS, consent_state
from .stories import Story, strings, unwritable_at

STORY_FIELDS = ("title", "person", "profile", "quote", "role", "organisation", "date", "cohort", "track", "site",
                "outcome", "photo", "synthetic")
SCOPES = ("web", "social", "print")
WITHOUT_WEB = "without web in its consent scope"
UNWRITABLE = "with characters no page can hold (run: python -m build_scripts validate)"


@dataclass(frozen=True)
class PublishedStory:
    id: str
    file: str
    data: dict
    body: str                    # Markdown, sanitised when rendered
    scope: frozenset             # the uses agreed: web, social, print

    def allows(self, use: str) -> bool:
        return use in self.scope


@dataclass
class StorySelection:
    published: list[PublishedStory] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    read: int = 0

    def report(self) -> str:
        lines = [f"Stories: {self.read} read, {len(self.published)} published, {sum(self.left_out.values())} left out"]
        lines += [f"  {n} {reason}" for reason, n in sorted(self.left_out.items())]
        return "\n".join(lines)

    def by_track(self) -> dict[str, int]:
        """Track id -> how many stories are published from it (the impact page links to them)."""
        return dict(sorted(Counter(s.data["track"] for s in self.published).items()))

    def backlinks(self) -> dict[str, list[dict]]:
        """Profile id -> [{id, title}] of the stories about them, for the profile pages."""
        out: dict[str, list[dict]] = {}
        for s in self.published:
            if s.data.get("profile"):
                out.setdefault(s.data["profile"], []).append({"id": s.id, "title": s.data["title"]})
        return out


def select_stories(stories: list[Story], today: dt.date) -> StorySelection:
    """The stories that may be published, newest first, each with the uses its consent allows."""
    sel = StorySelection(read=len(stories))
    for s in stories:
        why = WITH_ERRORS if not s.ok else consent_state(s.data, today)
        scope = frozenset(s.data.get("consent", {}).get("scope") or ()) & frozenset(SCOPES) if not why else frozenset()
        if not why and "web" not in scope:
            why = WITHOUT_WEB
        if not why and any(unwritable_at(text) is not None for _, text in strings([s.data, s.body])):
            why = UNWRITABLE
        if why:
            sel.left_out[why] += 1
            continue
        data = {k: s.data[k] for k in STORY_FIELDS if k in s.data}
        if s.data["consent"].get("photo") is not True:
            data.pop("photo", None)
        sel.published.append(PublishedStory(s.id, s.file, data, s.body, scope))
    sel.published.sort(key=lambda p: (p.data["date"], p.id), reverse=True)
    return sel
