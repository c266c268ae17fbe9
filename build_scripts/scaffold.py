"""new-profile: write profiles/<id>.yaml from the template, ready to fill in.

Only what the command knows is filled in: the GitHub login when given, and today's date as
`updated`. Name, headline and consent are left as the template has them, so an untouched file
fails `validate` (P026 for the example text, P009 for the empty consent dates) and is never
published; the consent dates are written with the programme, never by a tool.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .clock import consent_today
from .schema import checked_schema
from .validate import ID_RE, RESERVED_IDS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "docs" / "contributing" / "profile-template.yaml"


def new_profile(profile_id: str, github: str = "", today: dt.date | None = None, root: Path = ROOT) -> Path:
    today = today or consent_today()
    if not ID_RE.fullmatch(profile_id):
        raise ValueError(f"'{profile_id}' is not a valid id: use 2 to 40 lowercase letters, digits and hyphens, "
                         "starting with a letter or a digit")
    if profile_id in RESERVED_IDS:
        raise ValueError(f"'{profile_id}' is reserved for the site's own pages: choose another id")
    field = checked_schema()["properties"]["github"]
    if github and not re.search(field["pattern"], github):
        raise ValueError(f"'{github}' is not a GitHub login. {field['x-hint']}")
    path = root / "profiles" / f"{profile_id}.yaml"
    if path.exists():
        raise ValueError(f"{path.relative_to(root)} already exists; edit it instead")
    text = TEMPLATE.read_text(encoding="utf-8")
    if github:
        text = re.sub(r"^github: your-github-login", f"github: {github}", text, flags=re.M)
    text = re.sub(r"^updated: \d{4}-\d{2}-\d{2}", f"updated: {today}", text, flags=re.M)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
