"""Photo: the photo attached to the form, fetched from GitHub's attachment addresses only, and remade.

GitHub writes an attached image into the answer as a link to https://github.com/user-attachments/...,
which redirects to its image store. Each address, the first and every redirect, must be https on one
of GitHub's attachment hosts (Policy.hosts), a redirect judged before fetch follows it; the download
is fetch.get's (timeouts, a deadline, a byte cap, a minimum rate), with no token sent anywhere; the
answer must be an image by its content type and by its content (a JPEG, PNG or WebP that decodes).
What is kept is a new JPEG made from the pixels alone (images.portrait: upright, square, nothing
hidden), whatever the file held. Each refusal, the download's own failures too, is one of the form's
messages (words.MESSAGES), said in the replies' language.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from .. import fetch, images
from . import words

SIZE = 2 * images.SIZE                    # pixels a side: twice what the site publishes
_IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
_URL = re.compile(r"https?://[^\s<>\"')\]]+")


class PhotoRefused(fetch.FetchError):
    """The photo cannot be used: the form's message `key` (words.MESSAGES) with its values, addresses
    without their query; str() is the English message."""

    def __init__(self, key: str, **values: str):
        self.key, self.values = key, values
        super().__init__(words.MESSAGES[key][0].format(**values))


@dataclass(frozen=True)
class Policy:
    """Where an attached photo may come from, and how long and large its download may be."""
    hosts: frozenset = frozenset({"github.com", "user-images.githubusercontent.com",
                                  "private-user-images.githubusercontent.com", "objects.githubusercontent.com"})
    # github.com serves only attachments: /user-attachments/assets/<id>, or /<owner>/<repo>/assets/<n>/<id>
    github_paths: re.Pattern = re.compile(r"/user-attachments/assets/[0-9A-Fa-f-]{8,64}|"
                                          r"/[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}/assets/[0-9]{1,12}/[0-9A-Fa-f-]{8,64}")
    limits: fetch.Policy = fetch.Policy(connect_timeout=10, read_timeout=20, retries=2, backoff=1.0,
                                        max_bytes=images.MAX_SOURCE_BYTES, max_redirects=3, deadline=60)

    def allows(self, url: str) -> bool:
        """Whether url is an attachment address of GitHub's (https; plain http only to this machine)."""
        u = urlsplit(url)
        host = (u.hostname or "").lower()
        local = u.scheme == "http" and host in fetch.LOOPBACK
        if not (u.scheme == "https" or local) or host not in self.hosts or u.username or u.password:
            return False
        return host != "github.com" or bool(self.github_paths.fullmatch(u.path))

    def check(self, url: str) -> None:
        """PhotoRefused unless the policy allows url."""
        if not self.allows(url):
            raise PhotoRefused("photo-address", url=fetch.shown(url))


def attachment(answer: str) -> str | None:
    """The one address in the photo answer; PhotoRefused when there are several. None when there is none."""
    urls = list(dict.fromkeys(_URL.findall(answer)))
    if len(urls) > 1:
        raise PhotoRefused("photo-several", count=str(len(urls)))
    return urls[0] if urls else None


class _Session(requests.Session):
    """A session that asks only attachment addresses, refuses a redirect anywhere else before fetch follows
    it (fetch would refuse plain http in its own, outcomes', words), and keeps only image answers."""

    def __init__(self, policy: Policy):
        super().__init__()
        self.trust_env = False                  # no proxy or .netrc credentials from the environment
        self.policy = policy

    def get(self, url, **kwargs):
        self.policy.check(url)
        response = super().get(url, **kwargs)
        location = response.headers.get("Location")
        if response.is_redirect and location and not self.policy.allows(urljoin(url, location)):
            response.close()
            raise PhotoRefused("photo-moved", url=fetch.shown(url), target=fetch.shown(urljoin(url, location)))
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if response.status_code == 200 and kind not in _IMAGE_TYPES:
            response.close()
            if kind:
                raise PhotoRefused("photo-not-image", url=fetch.shown(url), kind=kind)
            raise PhotoRefused("photo-no-type", url=fetch.shown(url))
        return response


def download(url: str, policy: Policy = Policy()) -> bytes:
    """The attached photo, remade as a JPEG from its pixels; PhotoRefused with the reason."""
    policy.check(url)
    with tempfile.TemporaryDirectory(prefix="form-photo-") as work, _Session(policy) as session:
        source = Path(work) / "attached"
        try:
            fetch.get(url, source, policy=policy.limits, session=session)
        except PhotoRefused:
            raise
        except fetch.FetchError as e:           # no answer, an error, too large, too slow: fetch's words inside ours
            raise PhotoRefused("photo-download", reason=str(e)) from e
        try:
            images.inspect(source)              # a JPEG, PNG or WebP that decodes, under 8 MB
            picture = images.portrait(source, SIZE)
        except images.PhotoError as e:
            raise PhotoRefused("photo-unreadable", reason=e.reason) from e
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=True)
    if images.inspect_bytes(out.getvalue()).metadata:      # never expected: Pillow was given pixels only
        raise PhotoRefused("photo-remade")
    return out.getvalue()
