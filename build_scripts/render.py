"""Render: selected profiles and reference data in, pages written into the staging docs directory.

The stage's entry points; each job is a module of its own:

- profiles.py: each profile's page, photo and JSON Resume (resume.py), one slice of profiles at a time;
- directory.py and home.py: the pages that show everyone published;
- partner_pages.py: the partners page and home's row of partner logos (partners.py checks and selects them);
- sharing.py: preview images, the shared guides' printed addresses, and the printable talent snapshot;
- reference.py: the contributor pages generated from the schema, problem codes, vocabularies and CLI;
- credentials.py: each verified track completion as a signed Open Badges credential, the keys, the
  status list and the verify page (verify.py checks a credential, as the page's script does);
- pages.py: the Jinja environment every page shares, and writing pages; sanitise.py: contributed
  Markdown made safe (nh3), links kept only if https.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .clock import consent_today
from .config import Config
from .credentials import render_credentials
from .directory import render_directory
from .home import render_home
from .pages import environment, write_page
from .partner_pages import render_partners
from .partners import ShownPartner
from .profiles import render_profile_pages
from .reference import render_reference
from .select import Published
from .sharing import render_sharing
from .vocab import Vocabulary

ROOT = Path(__file__).resolve().parent.parent

# What the pipeline calls: the Jinja environment, the profile pages (per slice) and the shared pages.
__all__ = ["environment", "render_profile_pages", "render_shared"]


def render_shared(published: list[Published], docs: Path, config: Config, vocab: Vocabulary,
                  today: dt.date | None = None, root: Path | None = None, partners: list[ShownPartner] = ()) -> list[str]:
    """The pages that show everyone published (directory, home, their signed credentials) and the pages
    that show no one. `today` (default: the consent day) decides whether a start date is still to come;
    `partners` are the selected partners (select_partners), their logos read from the checkout `root`
    (default: this one). Returns lines for the build log."""
    today = today or consent_today()
    env = environment(config, vocab)
    render_directory(published, docs, env, vocab, today)
    render_home(published, docs, env, vocab, today)
    render_partners(partners, docs, env, root or ROOT)
    write_page(docs / "shortlist.md", env.get_template("shortlist.md.j2").render())
    render_sharing(published, docs, env, config, vocab, today)      # preview images, printed addresses, snapshot
    render_reference(docs, env, vocab)
    return render_credentials(published, docs, env, config, vocab, today)     # credentials/, verify page
