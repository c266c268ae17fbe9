"""Site: staged pages in, the finished site out. The one module that builds with the site generator (MkDocs).

The data step leaves a complete staging directory that any generator reading mkdocs.yml could
build: `run_mkdocs(docs, site)`. (fast/streaming.py feeds MkDocs pages while they are written.)
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config as mkdocs_config

from .config import load_config

ROOT = Path(__file__).resolve().parent.parent


def run_mkdocs(docs: Path, site: Path, quiet: bool = True, streamed=None) -> None:
    """Build the staged docs into site with MkDocs' Python API; `streamed`: a plugin that adds pages
    still being written (fast/streaming.py)."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING if quiet else logging.INFO)
    config = load_config()
    cfg = mkdocs_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site),
                        site_name=config.programme_name, site_url=config.site_url,
                        extra={"generator": False, "sample_data": config.sample_data, "tagline": config.tagline,
                               "contact_email": config.contact_email,
                               "introduction_form_url": config.introduction_form_url,
                               "reply_within": config.reply_within})
    if streamed is not None:
        cfg.plugins["portal-streamed-pages"] = streamed
    build(cfg)


