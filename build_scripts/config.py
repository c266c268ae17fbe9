"""The site's settings from portal.yml: programme name, contact, URLs, maintainers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .load import load_file

ROOT = Path(__file__).resolve().parent.parent


class SettingsError(Exception):
    """A maintainer's file (portal.yml, data/) cannot be used; the message says where and why.
    Library code raises it; the command line prints it and exits with 2."""


@dataclass(frozen=True)
class Config:
    programme_name: str
    tagline: str
    contact_email: str
    site_url: str
    repository_url: str
    branch: str = "main"
    introduction_form_url: str = ""
    reply_within: str = ""           # "two working days": how soon the programme answers an employer
    maintainers: tuple = ()
    maintainer_only: tuple = ()
    sample_data: bool = False
    extra: dict = field(default_factory=dict)

    def edit_url(self, path: str) -> str:
        return f"{self.repository_url.rstrip('/')}/edit/{self.branch}/{path}"


@lru_cache(maxsize=None)
def load_config(path: Path = ROOT / "portal.yml") -> Config:
    doc = load_file(path)
    if not doc.ok:
        raise SettingsError("\n".join(p.text() for p in doc.problems))
    d = dict(doc.data)
    known = set(Config.__dataclass_fields__) - {"extra"}
    kwargs = {k: d.pop(k) for k in list(d) if k in known}
    for k in ("maintainers", "maintainer_only"):
        kwargs[k] = tuple(str(x) for x in kwargs.get(k) or ())
    kwargs["sample_data"] = str(kwargs.get("sample_data", "false")).lower() == "true"
    for k in ("programme_name", "tagline", "contact_email", "site_url", "repository_url", "branch", "introduction_form_url",
              "reply_within"):
        if k in kwargs:
            kwargs[k] = str(kwargs[k] or "")
    return Config(**kwargs, extra=d)
