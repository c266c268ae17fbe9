"""Render, for stories: what select_stories published, where its scope allows, into stories/.

- each story's folder (its photo, and with social its preview image) and then its page, stories/<id>.md;
- the pages that list them: the index and one page per track, outcome and site, filters that are plain
  links (no JavaScript), each saying how many stories it has (one with none is plain text, its page still
  written); each card and page tagged with what its consent does not allow (scope_tag);
- the Atom feed of the stories with social scope (story_feed.py).

Every page is written whole (pages.write_whole) after the files it links to, the index last: MkDocs may
be reading them while they are written (fast/streaming.py).
"""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .images import PhotoError, portrait, wrapped, write_photo
from .pages import environment, write_whole
from .schema import story_schema
from .select import Selection
from .select_stories import PublishedStory, StorySelection
from .story_feed import FEED, write_feed
from .story_figures import published_table, story_figure
from .vocab import Vocabulary

FILTERS = (("track", "By track"), ("outcome", "By outcome"), ("site", "By where they trained"))
_INTAKE = {"A": "January", "B": "July"}


def labels() -> dict[str, dict[str, str]]:
    """The words for each site and outcome: the story schema's x-labels (one source)."""
    props = story_schema()["properties"]
    return {"site": props["site"]["x-labels"], "outcome": props["outcome"]["x-labels"]}


def filter_values(vocab: Vocabulary) -> list[tuple[str, str, str]]:
    """(dimension, value, label) of every filter page: every track, outcome and site, with stories or not."""
    words = labels()
    return ([("track", t, vocab.tracks[t]["name"]) for t in vocab.tracks]
            + [(dim, v, label) for dim in ("outcome", "site") for v, label in words[dim].items()])


def story_sources(selection: StorySelection, vocab: Vocabulary) -> list[tuple[str, str | None]]:
    """The pages render_stories writes, in the order it writes them, each with the folder of the files
    it brings (for MkDocs reading them as they are written)."""
    return ([(f"stories/{s.id}.md", f"stories/{s.id}") for s in selection.published]
            + [(f"stories/{dim}/{value}.md", None) for dim, value, _ in filter_values(vocab)]
            + [("stories/index.md", "stories")])


def describe(s: PublishedStory, vocab: Vocabulary) -> str:
    """A story in one sentence, naming the person: the description of a story with social scope, and its feed entry."""
    d, site = s.data, labels()["site"][s.data["site"]]
    where = "online" if d["site"] == "online" else f"in {site}"
    return f"{d['person']} trained in the programme's {_track_name(s, vocab)} track {where}; now: {d['role']}, {d['organisation']}."


def describe_without_person(s: PublishedStory, vocab: Vocabulary) -> str:
    """The description of a story without social scope: what search results and link previews may read
    (no name, no role, no employer; the page itself shows them)."""
    where = "online" if s.data["site"] == "online" else f"in {labels()['site'][s.data['site']]}"
    return f"A story of someone who trained in the programme's {_track_name(s, vocab)} track {where}."


def _track_name(s: PublishedStory, vocab: Vocabulary) -> str:
    return vocab.tracks.get(s.data["track"], {}).get("name", s.data["track"])


def intake(cohort: str) -> str:
    """A cohort as people say it: 2024-B -> the July 2024 intake."""
    year, half = cohort.split("-")
    return f"the {_INTAKE.get(half, half)} {year} intake"


def render_stories(selection: StorySelection, docs: Path, config: Config, vocab: Vocabulary, repo: Path,
                   profiles: Selection, outcomes: Path) -> list[str]:
    """Every published story's page and files, the index and filters, the feed. `profiles`: who is
    published (a story links only to a published profile); `outcomes`: the folder of the published
    outcomes table (impact/data: each story's figure), when there is one. Messages for the log."""
    published, table = {p.id for p in profiles.published}, published_table(outcomes)
    env = environment(config, vocab)
    folder, words, messages = docs / "stories", labels(), []
    folder.mkdir(parents=True, exist_ok=True)
    template = env.get_template("story.md.j2")
    for s in selection.published:
        photo = _files(s, folder / s.id, config, repo, messages)
        name = _track_name(s, vocab)
        profile = s.data.get("profile") if s.data.get("profile") in published else None
        description = describe(s, vocab) if s.allows("social") else describe_without_person(s, vocab)
        write_whole(folder / f"{s.id}.md", template.render(
            s=s, d=s.data, photo=photo, labels=words, description=description, cohort=intake(s.data["cohort"]),
            figure=story_figure(table, s.data["track"], s.data["cohort"], name, intake(s.data["cohort"])),
            profile=profile, tag=scope_tag(s), page_url=f"{config.site_url.rstrip('/')}/stories/{s.id}/"))
    _lists(selection.published, folder, env, vocab, words)
    messages += write_feed(selection.published, config, lambda s: describe(s, vocab), docs / FEED)
    _list_page(folder / "index.md", env, "Stories", selection.published, None, "", _counts(selection.published, vocab))
    return messages


def _files(s: PublishedStory, out: Path, config: Config, repo: Path, messages: list[str]) -> dict | None:
    """The story's photo (with its consent), and its preview image (with social scope)."""
    out.mkdir(parents=True, exist_ok=True)
    photo, source = None, repo / s.data["photo"] if s.data.get("photo") else None
    if source is not None:
        try:
            photo = write_photo(source, out)
        except (PhotoError, OSError) as e:
            messages.append(f"{s.file}: photo left out: {e}")
            source = None
    if s.allows("social"):
        story_card(s.data["title"], s.data["person"], config.programme_name, source, out / "preview.png")
    return photo


def _counts(stories: list[PublishedStory], vocab: Vocabulary) -> dict[str, list[tuple[str, str, int]]]:
    """dimension -> [(value, label, how many stories)] in the vocabulary's order."""
    out: dict = {dim: [] for dim, _ in FILTERS}
    for dim, value, label in filter_values(vocab):
        out[dim].append((value, label, sum(s.data[dim] == value for s in stories)))
    return out


def _lists(stories: list[PublishedStory], folder: Path, env, vocab: Vocabulary, words: dict) -> None:
    """One page per track, outcome and site: its stories, or a line saying there are none yet."""
    counts = _counts(stories, vocab)
    for dim in ("track", "outcome", "site"):
        (folder / dim).mkdir(exist_ok=True)
    for dim, value, label in filter_values(vocab):
        heading, empty = _filter_words(dim, value, label)
        _list_page(folder / dim / f"{value}.md", env, heading, [s for s in stories if s.data[dim] == value],
                   (dim, value), "../../", counts, empty)


def _filter_words(dim: str, value: str, label: str) -> tuple[str, str]:
    """A filter page's heading, and what it says when it has no story."""
    if dim == "track":
        return f"Stories from the {label} track", f"No published stories from the {label} track yet."
    if dim == "outcome":
        return f"Stories: {label}", f"No published stories with the outcome '{label}' yet."
    where = "online" if value == "online" else f"in {label}"
    return f"Stories of people who trained {where}", f"No published stories of people who trained {where} yet."


def _list_page(path: Path, env, heading: str, stories: list, chosen, base: str, counts: dict, empty: str = "") -> None:
    write_whole(path, env.get_template("stories.md.j2").render(
        heading=heading, stories=stories, chosen=chosen, base=base, counts=counts, filters=FILTERS, labels=labels(),
        empty=empty, synthetic=any(s.data.get("synthetic") for s in stories), scope_tag=scope_tag,
        unprinted=sum(not s.allows("print") for s in stories)))


def scope_tag(s: PublishedStory) -> str:
    """What the person did not agree to, in a few words for the story's card and page ('' when nothing):
    an advocate sees which stories may be shared on social media or printed, without JavaScript."""
    social, paper = s.allows("social"), s.allows("print")
    return "" if social and paper else "Not for print" if social else "Not for social media" if paper else "Online only"


def story_card(title: str, person: str, programme: str, photo: Path | None, target: Path) -> None:
    """The 1200x630 preview image of a story shared as a link: its title, the person's name as consented
    and the programme's name, in words only; the photo only when the caller has consent for it."""
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("RGB", (1200, 630), (0, 77, 64))
    draw = ImageDraw.Draw(im)
    left = 80
    if photo is not None:
        im.paste(portrait(photo, 320), (80, 155))
        left = 440
    big, name, small = (ImageFont.load_default(size=s) for s in (58, 40, 30))
    lines = wrapped(draw, title, big, 4, width=1120 - left)
    top = 315 - (len(lines) * 70 + 60) // 2
    for i, line in enumerate(lines):
        draw.text((left, top + i * 70), line, font=big, fill=(255, 255, 255))
    draw.text((left, top + len(lines) * 70 + 10), person, font=name, fill=(178, 223, 219))
    draw.text((80, 560), programme, font=small, fill=(224, 242, 241))
    target.parent.mkdir(parents=True, exist_ok=True)
    im.save(target, "PNG", optimize=True)
