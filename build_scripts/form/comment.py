"""Comment: what the form's issue is told, in Markdown, in the language the form chose (its "Language of
our replies"). Each problem is named by the question of the form to fix (and the line of a list), with
its code linked to the problem codes page. In English, in validate's words; in another language, as
`validate --lang` says it: the code's summary and fix in that language, and validate's English message
as the detail (the form's own messages and hints are said in that language). Everything the issue's
author wrote that a message quotes is escaped: it shows as written.
"""

from __future__ import annotations

import re

from ..problems import CODES, _md_text
from ..translate import translation
from . import words
from .request import Outcome, waiting

MARK = "<!-- profile-form -->"            # every comment of the form's starts with it


def render(outcome: Outcome, docs_url: str) -> str:
    """The comment on the issue after its form was read ("" for an issue that is not a person's form);
    docs_url is the problem codes page in the comment's language."""
    if outcome.action == "ignored":
        return ""
    w, login = words.in_language(outcome.lang), outcome.login
    c = w.comment
    pid = ", ".join(outcome.ids)
    if outcome.action == "remove":
        head = c["remove"] if outcome.ready else c["nothing"]
    else:
        head = c["ready"] if outcome.ready else c["fix"]
    errors = [p for p in outcome.problems if p.is_error and not waiting(p)]
    warnings = [p for p in outcome.problems if not p.is_error]
    parts = [MARK, head.format(login=login, id=pid)]
    if errors:
        parts.append(c["errors"] + "\n\n" + _items(errors, docs_url, w))
    if warnings:
        parts.append(c["warnings"] + "\n\n" + _items(warnings, docs_url, w))
    if any(waiting(p) for p in outcome.problems) and not errors:
        parts.append(c["waiting"])
    if outcome.notes and not outcome.ready:
        parts.append(c["not-yet"])
    parts += [_note(note, w) for note in outcome.notes]
    return "\n\n".join(parts) + "\n"


# A note of what the form did: a key of the comment's words, or a Note with the values to fill in (and the
# form's labels, as {label[timezone]}).
def _note(note, w: words.Words) -> str:
    if isinstance(note, str):
        return w.comment[note]
    return w.comment[note.key].format(**dict(note.values), label=w.labels)


def _items(problems, docs_url: str, w: words.Words) -> str:
    lines = []
    for n, p in enumerate(problems, start=1):
        code = f"[{p.code}]({docs_url}#{p.code.lower()})" if docs_url else p.code
        if w.lang == "en":
            lines.append(f"{n}. **{_md_text(p.place)}**: {_md_text(p.message)} ({code} {CODES[p.code].name})")
            if p.hint:
                lines.append(f"   {_md_text(p.hint)}")
        else:
            lines += _translated_item(n, p, code, w)
    return "\n".join(lines)


def _translated_item(n: int, p, code: str, w: words.Words) -> list[str]:
    """A problem in another language: the place and the code's summary, then the detail (the form's own
    message in this language, or validate's English one), then how to fix it (the form's hint in this
    language where it has one, else the code's fix)."""
    t = translation(w.lang)
    entry = t.entry(p.code)
    message, hint = p.said_in(w)
    if message is None:         # validate's English, in an item of its own: it reads left to right
        english = p.message + (f" ({p.hint})" if p.hint and hint is None else "")
        detail = f"{t.words['english']}:\n     - {_md_text(english)}"
    else:
        detail = _md_text(message)
    fix = _md_text(hint) if hint else _md_ours(entry.fix)
    return [f"{n}. **{_md_text(p.place_in(w))}**: {_md_ours(entry.summary)} ({code} {CODES[p.code].name})",
            f"   - {detail}",
            f"   - {t.words['fix']}: {fix}"]


# A translation's own text (never the author's): its `code` spans kept, to show as code, the rest escaped.
def _md_ours(text: str) -> str:
    parts = re.split(r"(`+[^`]*`+)", text)
    return "".join(part if i % 2 else _md_text(part) for i, part in enumerate(parts))


def check_section(status: str, problems, lang: str = "en") -> str:
    """What the pull request's check found: status is passed, waiting, failed or unchanged; each problem as
    validate prints it in `lang`."""
    c = words.in_language(lang).comment
    if status == "unchanged":
        return c["unchanged"] + "\n"
    text = f"{c['check']} {c['check-' + status]}"
    shown = [p for p in problems if p.is_error or status == "failed"]
    if status == "failed" and shown:
        if lang == "en":
            report = "\n".join(p.text() + (f"\n    hint: {p.hint}" if p.hint else "") for p in shown)
        else:
            report = "".join(translation(lang).text(p) for p in shown).rstrip("\n")
        fence = "`" * max(3, 1 + _longest_backticks(report))
        text += f"\n\n{fence}text\n{report}\n{fence}"
    return text + "\n"


def _longest_backticks(text: str) -> int:
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return longest
