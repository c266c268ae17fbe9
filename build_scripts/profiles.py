"""Profiles: each published profile's own folder under talent/: its photo, its JSON Resume and its page.

Runs on one slice of the profiles at a time (in each build worker), needing nothing but that slice.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .cards import card_facts
from .clock import consent_today
from .config import Config
from .credentials import links as credential_links, signing_state
from .images import PhotoError, write_photo
from .links import link_dates, report_path
from .pages import environment, write_whole
from .resume import json_resume
from .select import Published
from .vocab import Vocabulary

# "Edit this profile" leads to the contributor help's form section (from talent/<id>/), never to the file: the
# file is public anyway, but a link from every page sends employers to read it raw.
EDIT_HELP = "../../contributing/profile/#edit-your-profile-with-a-form-without-git"


def render_profile_pages(published: list[Published], docs: Path, config: Config, vocab: Vocabulary,
                         repo: Path, today: dt.date | None = None, stories=None) -> list[str]:
    """Each profile's photo, JSON Resume and page, in that order. Returns messages for the log.
    `stories`: the published stories (select_stories.StorySelection); a profile links to those about it.

    Called on a slice of the profiles in each build worker, so it needs nothing but its own slice.
    The page comes last and appears whole (written aside, then renamed): MkDocs may be reading
    pages while this runs, and a page that exists means its profile is complete. `today` (default:
    the consent day) decides whether a start date is still to come. Beside each link, the day the
    last link check found it working, when repo has a report (links.py).
    """
    today = today or consent_today()
    env = environment(config, vocab)
    template = env.get_template("profile.md.j2")
    talent = docs / "talent"
    talent.mkdir(parents=True, exist_ok=True)
    messages, about = [], stories.backlinks() if stories is not None else {}
    checked = link_dates(report_path(repo))       # the day each link last worked: {} without a link report
    signed = signing_state(today)[0] is not None  # the credentials offered are signed, or previews
    for p in published:
        (talent / p.id).mkdir(exist_ok=True)
        photo = None
        if p.data.get("photo"):          # present only with photo consent (select.public_view)
            try:
                photo = write_photo(repo / p.data["photo"], talent / p.id)
            except (PhotoError, OSError) as e:
                messages.append(f"{p.file}: photo left out: {e}")
        (talent / p.id / "resume.json").write_text(
            json.dumps(json_resume(p, config, vocab), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        page = template.render(p=p, d=p.data, c=card_facts(p, vocab, today), verified=p.verified, photo=photo,
                               edit_url=EDIT_HELP, stories=about.get(p.id, []), checked=checked.get(p.id, {}),
                               credentials=credential_links(p, vocab, today, signed))
        write_whole(talent / f"{p.id}.md", page)
    return messages
