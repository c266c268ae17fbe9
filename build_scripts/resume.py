"""Resume: a published profile as a JSON Resume (jsonresume.org schema 1.0), the resume.json beside its page."""

from __future__ import annotations

from .config import Config
from .sanitise import safe_url
from .select import Published
from .vocab import Vocabulary


def json_resume(p: Published, config: Config, vocab: Vocabulary) -> dict:
    """The profile as a JSON Resume (jsonresume.org schema 1.0), from published fields only."""
    d = p.data
    url = f"{config.site_url.rstrip('/')}/talent/{p.id}/"
    out = {"$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
           "basics": _resume_basics(d, url)}
    out["work"] = [_given({"name": j["organisation"], "position": j["title"], "startDate": j["start"],
                           "endDate": j.get("end"), "summary": j.get("summary")})
                   for j in d.get("experience", [])]
    out["education"] = [_resume_education(e) for e in d.get("education", [])]
    out["certificates"] = [_given({"name": c["name"], "issuer": c["issuer"], "date": c["date"],
                                   "url": safe_url(c.get("url"))})
                           for c in d.get("certificates", [])]
    out["skills"] = [{"name": s["name"], "level": s["level"]} for s in d["skills"]]
    out["languages"] = [{"language": vocab.language_name(l["code"]), "fluency": l["level"]} for l in d["languages"]]
    out["projects"] = [_given({"name": w["title"], "url": safe_url(w["url"]), "description": w.get("description")})
                       for w in d.get("portfolio", [])]
    out["meta"] = _given({"canonical": url + "resume.json", "version": "v1.0.0", "lastModified": d.get("updated", "")})
    return out


# a JSON Resume object without its empty fields (the schema has no nulls)
def _given(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v}


# JSON Resume "basics": name, headline, page, summary, safe links, and the country if shown
def _resume_basics(d: dict, url: str) -> dict:
    basics = {"name": d["name"], "label": d["headline"], "url": url, "summary": d["summary"].strip(),
              "profiles": [{"network": {"linkedin": "LinkedIn", "github": "GitHub", "website": "Website"}[k], "url": u}
                           for k, u in sorted(d.get("links", {}).items()) if safe_url(u)]}
    if d.get("country"):
        basics["location"] = {"countryCode": d["country"]}
    return basics


# one study as JSON Resume "education": completed or not, and the year if given
def _resume_education(e: dict) -> dict:
    return _given({"institution": e["institution"], "area": e["title"],
                   "studyType": "Completed" if e["completed"] else "Not completed",
                   "endDate": str(e["year"]) if e.get("year") else None})
