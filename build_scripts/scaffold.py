"""new-profile: write profiles/<id>.yaml from the template, ready to fill in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .validate import ID_RE, _add_years

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "docs" / "contributing" / "profile-template.yaml"


def new_profile(profile_id: str, github: str = "", today: dt.date | None = None, root: Path = ROOT) -> Path:
    today = today or dt.date.today()
    if not ID_RE.fullmatch(profile_id):
        raise ValueError(f"'{profile_id}' is not a valid id: use 2 to 40 lowercase letters, digits and hyphens")
    path = root / "profiles" / f"{profile_id}.yaml"
    if path.exists():
        raise ValueError(f"{path.relative_to(root)} already exists; edit it instead")
    text = TEMPLATE.read_text(encoding="utf-8")
    text = re.sub(r"^github: your-github-login", f"github: {github or profile_id}", text, flags=re.M)
    text = re.sub(r"^(  given|updated): \d{4}-\d{2}-\d{2}", lambda m: f"{m.group(1)}: {today}", text, flags=re.M)
    text = re.sub(r"^  expires: \d{4}-\d{2}-\d{2}", f"  expires: {_add_years(today, 2) - dt.timedelta(days=1)}", text, flags=re.M)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
