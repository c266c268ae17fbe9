"""Every word of the profile form, in English, in one place: the fields' labels, what the form adds to
the schema's descriptions, the choices it offers, and the phrases of its comments.

A field's description is the schema's own (the field reference page shows the same words); NOTES
adds what only the form needs to say, such as how to write a list. Paths are the schema's, with `[]`
for the fields of each item of a list: `skills[].level`. A translation of the form is the same tables in
build_scripts/translations/<lang>.yml, under `form:` (translate.py): `in_language` reads them, and a test
fails when a word there is missing or its English has changed since it was translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# The form's heading for each field it asks for. A field of the schema missing here is not asked.
LABELS = {
    "id": "Profile id",
    "name": "Your name",
    "pronouns": "Pronouns",
    "headline": "Headline",
    "summary": "About your work",
    "skills": "Skills",
    "skills[].name": "skill",
    "skills[].level": "level",
    "skills[].years": "years",
    "languages": "Languages",
    "languages[].code": "language",
    "languages[].level": "level",
    "timezone": "Time zone",
    "working_hours.start": "Working hours: start",
    "working_hours.end": "Working hours: end",
    "availability.status": "Availability",
    "availability.hours_per_week": "Hours a week",
    "availability.engagement": "Kinds of work",
    "availability.from": "Available from",
    "tracks": "Programme tracks",
    "experience": "Work experience",
    "experience[].title": "Title",
    "experience[].organisation": "Organisation",
    "experience[].start": "Start",
    "experience[].end": "End",
    "experience[].remote": "Remote",
    "experience[].summary": "What you did",
    "education": "Studies",
    "education[].title": "Title",
    "education[].institution": "Institution",
    "education[].year": "Year",
    "education[].completed": "Completed",
    "education[].note": "Note",
    "certificates": "Certificates",
    "certificates[].name": "Name",
    "certificates[].issuer": "Issuer",
    "certificates[].date": "Date",
    "certificates[].url": "Link",
    "portfolio": "Work samples",
    "portfolio[].title": "Title",
    "portfolio[].url": "Link",
    "portfolio[].description": "Description",
    "links.linkedin": "LinkedIn",
    "links.github": "GitHub page",
    "links.website": "Website",
    "photo": "Photo",
    "country": "Country",
    "consent": "Consent",
    "consent.photo": "Show my photo on the site: I agreed this with the programme",
    "consent.country": "Show the country where I live: I agreed this with the programme",
    "consent.given": "Consent given on",
    "consent.expires": "Consent expires on",
}

# Where the schema's description speaks of the file (its name, other fields, data/), the form's own words.
DESCRIPTIONS = {
    "id": "The last part of your profile's address on the site.",
    "skills": "Your skills, named as on the site's \"Skills and tracks\" page.",
    "tracks": "Programme tracks you took part in.",
    "country": "Where you live now, as the two capital letters of the country: JO, LB, IQ, KE.",
    "consent.expires": "When your consent ends.",
    # {value}: the choice's name, as the form's dropdown shows it
    "availability.status": "Where you are with work now. {available}: you are looking for work. {open}: you have "
                           "work, and would consider another job. {placed}: you are in work through the programme. "
                           "{unavailable}: you are not taking work.",
}

# The form's example of a field where the schema's own would mislead (a start equal to its end, a LinkedIn
# address on another site): values, the same in every language.
EXAMPLES = {
    "experience[].start": "2021-09",
    "experience[].end": "2023-05",
    "links.linkedin": "https://www.linkedin.com/in/amal-h",
    "links.github": "https://github.com/amal-h",
    "consent.expires": "2028-03-01",
}

# What the form says besides the schema's description of a field.
NOTES = {
    "timezone": "For example Asia/Amman, Africa/Nairobi or Europe/Berlin.",
    "id": "Leave this empty. It is made from your name (Amal H. becomes amal-h), or it is the id of the "
          "profile you already have. Write one only if the check asks you to: 2 to 40 lowercase letters, "
          "digits and hyphens.",
    "languages": "Write the language's English name (Arabic) or its code (ar).",
    "summary": "Links start with https://. No phone numbers or email addresses: employers ask the programme.",
    "tracks": "Tick the programme's tracks you took part in. The programme confirms them before they show as verified.",
    "photo": "Optional. Drag one photo into this box (JPEG, PNG or WebP, under 8 MB). It is shown only with "
             "\"Show my photo\" below, ticked now or kept from before. The site shows a small square copy made from "
             "its pixels alone. Leave the box empty to keep the photo you have, or write none to delete it. A photo "
             "attached here is public at once, in this issue, with whatever the file "
             "holds (phones store where a photo was taken): if that matters, send the photo to the programme instead.",
    "country": "Optional, and only with \"Show the country where I live\" below, ticked now or kept from before: "
               "this issue and your profile file are public.",
    "consent": "Tick only what you agreed with the programme. With \"Keep\" above, a box left empty changes "
               "nothing. With \"Change\", what is not ticked is not shown, and a photo that is not shown is "
               "deleted from the repository.",
    "consent.given": "The date the programme recorded your consent, as YYYY-MM-DD. Leave it empty if it has not "
                     "recorded it yet: the programme fills in the dates with you.",
    "consent.expires": "At most two years after the date above, as YYYY-MM-DD. Leave it empty if the programme "
                       "has not recorded your consent yet.",
}

# Choices of the first question, what the form does.
ACTION = {"label": "What do you want to do?",
          "description": "Remove takes your profile and your photo out of the repository and off the site; "
                         "the rest of the form is then not read.",
          "update": "Add or update my profile",
          "remove": "Remove my profile and my photo"}

# The question just before the consent boxes: what a box left empty means. Keep (the default) changes only what
# is ticked; change makes consent what is ticked, and withdraws the rest.
CONSENT_CHOICE = {
    "label": "Consent: keep or change",
    "description": "Your profile keeps the consent it has unless you change it here. \"Keep\": a box left empty "
                   "below changes nothing, and a box you tick is added. \"Change\": your consent becomes what you "
                   "tick below, and a box left empty is withdrawn (your photo is then deleted from the repository, "
                   "and your country taken out of your profile).",
    "keep": "Keep my consent choices as they are (and add what I tick below)",
    "change": "Change my consent choices to what I tick below (an empty box withdraws it)",
}

# The form's second question: the language of the comments the issue gets. Its choices are the languages
# translate.py knows, each by its own name (English, العربية); a form in a language starts on that language.
REPLY = {"label": "Language of our replies / لغة الرد",
         "description": "The comments on this issue (what to fix, and the check's result) come in this language."}

# The other words the form and its comments use.
TEXT = {
    "form_name": "Add or update my profile",
    "form_description": "Your profile on the talent portal, without git: this form becomes a pull request "
                        "that a maintainer publishes.",
    "title": "My profile",
    "intro": (
        "Fill in this form to add your profile to the talent portal, or to change it. When you send it, "
        "a check reads your answers and says here what to fix, if anything; then it opens a pull request "
        "with your profile file, and a maintainer of the programme publishes it.\n\n"
        "**This issue is public, at once, with every earlier version of it.** Write only what you want "
        "anyone to read. Never write a phone number or an email address: employers ask the programme. "
        "If a public issue could put you at risk, do not use this form: write to the programme privately "
        "and a maintainer adds your profile for you.\n\n"
        "**Changing your profile?** Leave a field empty to keep what your profile says now; write `none` "
        "to remove an optional answer. To fix an answer, edit this issue (the `...` menu, **Edit**) and "
        "save it: the check runs again."),
    "needed": "Needed for a new profile.",
    "one_per_line": "One per line: {columns}. For example: {example}.",
    "choices": "The {name}: {choices}.",
    "blocks": "One item as a few lines of \"Name: value\", and an empty line between items: {columns}. "
              "Fields marked * are needed. For example:",
    "this_form": "This form in English",          # how the form in another language links to this one
    "separator": ", ",                             # between the names of a list's fields
    "none": "none",
    "yes": ("yes", "true"),
    "no": ("no", "false"),
}

# What the issue is told (comment.py). {login} and {id} are filled in; text in `...` shows as written.
COMMENT = {
    "fix": "**@{login}, your form needs a change.** Edit this issue (the `...` menu at its top, **Edit**), change "
           "the answers named below, and save it: the form is read again, and it becomes a pull request once "
           "nothing is left to fix.",
    "ready": "**@{login}, your profile `{id}` is ready for a maintainer.** It goes into a pull request, and a "
             "maintainer of the programme checks it with you and publishes it.",
    "remove": "**@{login}, your profile `{id}` will be removed, with your photo if it has one.** A pull request "
              "deletes them; when a maintainer merges it, the next build takes you off the site. Earlier versions stay in the "
              "repository's history, and this issue and its earlier versions stay public: write to the programme "
              "privately to have them removed.",
    "nothing": "**@{login}, no profile has your GitHub login, so there is nothing to remove.**",
    "errors": "To fix:",
    "warnings": "Good to know (these never stop your profile):",
    "waiting": "**Waiting for the programme:** the consent dates are empty. Nothing is published until the "
               "programme records your consent with you and fills them in; there is nothing for you to change.",
    "photo-removed": "Your photo is deleted from the repository, as your profile no longer shows it: you withdrew "
                     "\"Show my photo\", or wrote none in the photo box.",
    "country-removed": "Your country is taken out of your profile, as \"Show the country where I live\" is not chosen.",
    "consent-kept": "Your consent choices are kept as your profile had them: a box left empty changed nothing. To "
                    "withdraw one, edit this issue, choose \"Change\" in the consent question, and leave that box empty.",
    # before the notes below when the form is not ready: none of them is done yet
    "not-yet": "**Nothing changes yet:** your profile stays as it is until the answers above are fixed (to have "
               "something taken off the site sooner, write to the programme). Then the form also does this:",
    # what would still name a country the form no longer shows (withdraw.py); {label[timezone]}: the question
    "zone-offset": "Your time zone becomes `{offset}` instead of `{zone}`, as a city's time zone would tell "
                   "readers your country: `{offset}` is the offset from UTC of `{zone}` today. An offset does not "
                   "follow summer time: when your clocks change, write the new one in {label[timezone]} with the form.",
    "zone-half-hour": "Your time zone becomes `{offset}` instead of `{zone}`: a city's time zone would tell "
                      "readers your country, and so would its offset today, `{exact}`, as few countries use it. "
                      "`{offset}` is the nearest whole hour; if `{other}` suits your working hours better, write it "
                      "in {label[timezone]} with the form. An offset does not follow summer time.",
    "offset-half-hour": "Your time zone becomes `{offset}` instead of `{zone}`: few countries use `{zone}`, so "
                        "it would tell readers your country. `{offset}` is the nearest whole hour; if `{other}` suits "
                        "your working hours better, write it in {label[timezone]} with the form.",
    "language-region": "Your language `{code}` becomes `{language}`: the part after the hyphen names a country.",
    "check": "**The check every pull request gets**, run on this one:",
    "check-passed": "passed.",
    "check-waiting": "passed, but for the consent dates the programme fills in.",
    "check-failed": "it found problems, so no pull request is made. A maintainer will look; you can also edit "
                    "this issue and save it again.",
    "unchanged": "Nothing to change: your profile on the main branch already says all this.",
    "pull-request": "Pull request:",        # before its address, added by the workflow once it is open
    "not-made": "The pull request could not be made: a maintainer will look at this run.",
    # added by the workflow, before the address of the pull request it closed because the form no longer matches it
    "closed": "**The pull request made from your earlier form is closed:** it no longer matches what you ask now, so "
              "nothing in it will be published. The closed pull request:",
    # the workflow's comment on that pull request as it closes it; {issue}: the form's issue number
    "pull-request-closed": "Closed by the profile form: the latest form its author sent (#{issue}) no longer matches "
                           "this pull request. A new pull request is made when that form is ready.",
}

# The form's own problems: (message, hint), filled in with str.format. Problems found by validate keep its words.
MESSAGES = {
    "body": ("the issue's text is missing or longer than any filled-in form", ""),
    "not-the-form": ("the question '{question}' is not in the issue's text",
                     "Open a new issue with the profile form, and keep the lines that start with ###."),
    "too-long": ("is {length} characters long; the limit is {limit}", "Shorten it."),
    "photo-long": ("the answer is longer than one attached photo",
                   "Leave only the photo in this box: drag it in, or choose it with the paperclip."),
    "parts": ("line {n} has {parts} parts separated by commas; this list has {count}: {columns}", "{description}"),
    "item-name": ("line {n} does not start with one of: {names}", "{description}"),
    "twice": ("line {n}: '{name}' is written twice in this item",
              "Keep one of the two lines, and leave an empty line between items."),
    "not-a-choice": ("'{text}' is not one of the choices: {choices}",
                     "Choose one of the form's choices; do not type over them."),
    "not-a-box": ("line {n}, '{text}', is not one of the form's choices",
                  "Tick the boxes in the form; do not type over them."),
    "sender": ("this form was changed by {sender}, not by its author {author}: it changes only its author's "
               "profile, when they send it", "Ask the author to edit and save the form again."),
    "own-id": ("your profile is '{own}': the form changes it, and cannot give it another id",
               "Leave {question} empty, or write {own}. To change the id, ask a maintainer."),
    "no-id": ("no profile id can be made from your name",
              "Write an id in {question}: your first name, a hyphen and the first letter of your family name, "
              "in lowercase Latin letters, like amal-h."),
    "no-name-id": ("the form has no name, so no profile id can be made",
                "Write your name in {name}, or an id in {question}, like amal-h."),
    "id-reserved": ("{what} is used by the site's own pages", "Write another id in {question}, like amal-h."),
    "id-invalid": ("{what} is not 2 to 40 lowercase letters, digits and hyphens",
                   "Write another id in {question}, like amal-h."),
    "taken": ("{what} is taken by another person's profile: profiles/{id}.yaml",
              "Write another id in {question}, for example {free}. If profiles/{id}.yaml is yours, send the form "
              "from the GitHub account written in it, or ask the programme."),
    "taken-unreadable": ("{what} is taken by a profile whose owner cannot be read: profiles/{id}.yaml",
                         "Write another id in {question}, for example {free}. If profiles/{id}.yaml is yours, ask "
                         "the programme."),
    "photo-unticked": ("a photo is attached, but \"{tick}\" is not ticked",
                       "Tick \"{tick}\" under {consent}, or take the photo out of the {photo} box."),
    # the attached photo refused (photo.py): {url} and {target} as fetch.shown writes them, {photo} the question
    "photo-address": ("{url} is not an address of a photo attached on GitHub",
                      "Drag the photo file into the {photo} box (or paste it there): GitHub writes its address "
                      "itself. A link to a photo elsewhere cannot be used."),
    "photo-moved": ("{url} leads on to {target}, which is not where GitHub keeps attached photos",
                    "Take the photo out of the {photo} box and attach it again: drag the file in from your phone "
                    "or computer."),
    "photo-several": ("the answer holds {count} addresses; attach one photo only", "Leave one photo in the {photo} box."),
    "photo-not-image": ("{url} is not a JPEG, PNG or WebP image (it is {kind})",
                        "Attach a photo saved as JPEG, PNG or WebP."),
    "photo-no-type": ("{url} does not say that it is an image", "Attach a photo saved as JPEG, PNG or WebP."),
    "photo-unreadable": ("the attached file {reason}", "Attach a photo saved as JPEG, PNG or WebP, under 8 MB."),
    "photo-download": ("the attached photo could not be downloaded: {reason}",
                       "Try again in a few minutes: edit this issue and save it. If it fails again, attach the "
                       "photo again, or send it to the programme."),
    "photo-remade": ("the photo could not be remade without hidden information",
                     "Send the photo to the programme instead."),
}

# How the form names an id in a message, what a problem is placed at, and the hints that replace
# validate's where it speaks of the file rather than the form.
PLACES = {
    "written-id": "'{id}'",
    "made-id": "the id '{id}', made from your name,",
    "photo-tick": "Show my photo",
    "form": "the form",
    "file": "your profile file",
    "line": "{field}, line {line}",
}
FORM_HINTS = {
    "P008": "This field is in your profile file but not in the form: ask a maintainer to remove it.",
    "P009": "Answer {label} as the form shows under it.",
    "P025": "This issue and your profile file are public. Leave {label} empty, or tick it under Consent if you "
            "agreed it with the programme.",
}


# --- the same words in another language ---------------------------------------------------------------

TABLES = ("labels", "descriptions", "notes", "action", "consent_choice", "reply", "text", "comment", "messages",
          "places", "form_hints")


@dataclass(frozen=True)
class Words:
    """The form's words in one language: the tables above, by their lowercase names. `choices` names
    the schema's choices and the programme's tracks ("availability.status=open"; in English the schema's
    x-labels and data/tracks.yml say them); `fields` the schema's descriptions by path (translate.py)."""
    lang: str
    labels: dict
    descriptions: dict
    notes: dict
    action: dict
    consent_choice: dict
    reply: dict
    text: dict
    comment: dict
    messages: dict
    places: dict
    form_hints: dict
    choices: dict
    fields: dict

    def described(self, key: str, english: str) -> str:
        """A field's description from the schema (`english`), in this language; none where it is none."""
        return self.fields.get(key, english) if english else ""


def english_tables() -> dict[str, dict]:
    return {"labels": LABELS, "descriptions": DESCRIPTIONS, "notes": NOTES, "action": ACTION,
            "consent_choice": CONSENT_CHOICE, "reply": REPLY, "text": TEXT, "comment": COMMENT, "messages": MESSAGES, "places": PLACES, "form_hints": FORM_HINTS}


def english_parts() -> dict[str, dict[str, dict[str, str]]]:
    """Every English word of the tables as a translation file holds it: section -> key -> part -> text. A
    message is its text and hint; a set of accepted words (yes, true) one text, the words separated by |."""
    out: dict = {}
    for section, table in english_tables().items():
        out[section] = {key: ({"text": value[0], "hint": value[1]} if section == "messages" else
                              {"text": "|".join(value) if isinstance(value, tuple) else value})
                        for key, value in table.items()}
    return out


@lru_cache(maxsize=None)
def in_language(lang: str) -> Words:
    """The form's words in `lang`; English where its translation lacks a word (a test fails then)."""
    if lang == "en":
        return Words("en", **{name: dict(table) for name, table in english_tables().items()}, choices={}, fields={})
    from ..translate import translation
    t = translation(lang)
    tables = {}
    for section, table in english_tables().items():
        mine = t.form.get(section, {})
        tables[section] = {key: _translated(section, value, mine.get(key)) for key, value in table.items()}
    choices = {key: e["text"] for key, e in t.form.get("choices", {}).items() if e.get("text")}
    return Words(lang, **tables, choices=choices, fields={path: text for path, (text, _) in t.fields.items() if text})


def _translated(section: str, english, entry: dict | None):
    if not entry or not entry.get("text"):
        return english
    if section == "messages":
        return entry["text"], (entry.get("hint") or "") if english[1] else ""
    return tuple(entry["text"].split("|")) if isinstance(english, tuple) else entry["text"]
