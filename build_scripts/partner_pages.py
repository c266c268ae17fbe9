"""Partner pages: the partners page (partners/index.md) and the row of partners' logos on home, at its
<!-- portal:partners --> marker, with each logo re-encoded from its pixels (images.write_logo).

The partners' own stages come first, in partners.py, called by the pipeline: load and check every file
of partners/ (a file with errors is left out, and counted in the build's log, as a profile is; --strict
stops), then select what may be shown.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from .images import write_logo
from .pages import write_page
from .partners import ShownPartner, kind_labels

MARKER = "<!-- portal:partners -->"


def render_partners(shown: list[ShownPartner], docs: Path, env: jinja2.Environment, root: Path) -> None:
    """partners/index.md and its logos in the staging docs, and the logos' row on the staged home page."""
    cards = [_card(p, root, docs) for p in shown]
    write_page(docs / "partners" / "index.md", env.get_template("partners.md.j2").render(partners=cards, kinds=kind_labels()))
    home = docs / "index.md"
    if home.exists():
        row = env.get_template("partner-logos.md.j2").render(partners=cards).strip()
        home.write_text(home.read_text(encoding="utf-8").replace(MARKER, row), encoding="utf-8")


def _card(p: ShownPartner, root: Path, docs: Path) -> dict:
    """What the templates show of a partner: its selected data, its website's host name, and its
    logo's CSS size (None without a logo), the logo written beside the page."""
    logo = p.data.get("logo")
    size = write_logo(root / logo, docs / "partners" / "logos" / f"{p.id}.png") if logo else None
    text = {k: " ".join(v.split()) if isinstance(v, str) else v for k, v in p.data.items()}   # one line each: raw HTML blocks
    for part in ("quote", "contact"):
        if part in text:
            text[part] = {k: " ".join(v.split()) for k, v in text[part].items()}
    return {"id": p.id, "data": text, "host": urlsplit(p.data["website"]).hostname or p.data["website"], "logo": size}
