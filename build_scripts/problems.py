"""Problems are data: a stable code, a location and a message. Text is made only by the printers.

Every code is declared once in CODES with what it means, why it matters and how to fix it;
the contributor docs page of problem codes is generated from those declarations.
"""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, TextIO

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: str
    summary: str
    why: str
    fix: str


def _c(code, name, severity, summary, why, fix):
    return Code(code, name, severity, summary, why, fix)


_DECLARED = [
    # The file itself
    _c("P001", "yaml-syntax", ERROR, "The file is not valid YAML.",
       "Nothing in the file can be read until the YAML is valid, so the profile cannot be published.",
       "Look at the line named and the one above it. Common causes: a tab instead of spaces, "
       "a missing space after a colon, or text with a colon in it that needs quotes."),
    _c("P002", "duplicate-key", ERROR, "The same field appears twice in one place.",
       "Only one of the two values could be used, and we will not guess which one you meant.",
       "Keep one of the two lines and delete the other."),
    _c("P003", "anchor-or-alias", ERROR, "The file uses YAML anchors (&name), aliases (*name) or tags (!tag).",
       "These advanced YAML features can hide content and make files expensive to read, so profiles do not allow them.",
       "Write the value out in full where you need it and remove the & , * or ! marker."),
    _c("P004", "unknown-skill", ERROR, "A skill name is not in the skills list.",
       "Employers filter by skill, so every skill has one spelling, kept in data/skills.yml.",
       "Use the suggested spelling, or pick the nearest skill from the list on the 'Skills and tracks' page. "
       "To propose a new skill, open an issue."),
    _c("P005", "unknown-track", ERROR, "A programme track is not in the tracks list.",
       "Tracks are the programme's own courses; only names from data/tracks.yml are known.",
       "Use the suggested track id, or remove the line."),
    _c("P006", "unknown-timezone", ERROR,
       "The time zone is not one a profile can name: the IANA name of a place (Region/City), a whole-hour "
       "offset written like UTC+3, or UTC.",
       "Employers see how many of their working hours overlap with yours, so the site needs your clock. "
       "Etc/ zones have their sign inverted (Etc/GMT+3 is UTC-3), and names like GMT+3 or EET are read "
       "differently by different programs.",
       "If your country is private (consent.country: false), write a whole-hour offset like UTC+3: a "
       "city would name your country, in a file anyone can read. Otherwise write the zone of the city you "
       "work from, for example Asia/Amman, Asia/Beirut, Asia/Baghdad or Africa/Nairobi (it follows summer "
       "time); for an offset or a country the check lists the zones that match. Write UTC only if you "
       "keep UTC hours."),
    _c("P007", "unknown-language", ERROR, "A language code is not a known ISO 639 / BCP 47 code.",
       "Employers filter by language; codes keep 'Arabic', 'arabic' and 'AR' from becoming three languages.",
       "Use the two- or three-letter code, for example ar (Arabic), en (English), fr (French), ku (Kurdish), "
       "ckb (Sorani), ti (Tigrinya), sw (Swahili)."),
    _c("P008", "unknown-field", ERROR, "A field name is not part of the profile format.",
       "A misspelt field would be silently ignored, so its content would never appear on the site.",
       "Use the suggested name, or see the field reference for the names that exist."),
    _c("P009", "missing-field", ERROR, "A required field is missing or empty.",
       "Every profile needs these fields to be shown to employers.",
       "Add the field named; the field reference shows an example."),
    _c("P010", "wrong-type", ERROR, "A value is the wrong kind: for example text where a list or a number belongs.",
       "The site would show the value wrongly or not at all.",
       "Follow the hint: lists start each item with '- ', numbers have no quotes, yes/no fields take true or false."),
    _c("P011", "not-allowed-value", ERROR, "A value is not one of the allowed choices.",
       "Fields such as level and availability have a fixed set of choices so that employers can filter on them.",
       "Use one of the values listed in the message."),
    _c("P012", "too-long", ERROR, "A text or a list is longer than allowed, or a number is out of range.",
       "Cards and pages have room for a set amount; very long entries are cut off or crowd out others.",
       "Shorten the text or the list to the limit in the message."),
    _c("P013", "bad-format", ERROR, "A value is not in the expected format (a date, a time, a login, a code).",
       "Dates, times and codes are read by the site; a different format cannot be understood.",
       "Write it like the example in the message: dates as YYYY-MM-DD, times as HH:MM."),
    _c("P014", "not-https", ERROR, "A link does not start with https://.",
       "Plain http links and other kinds of links can be intercepted or abused; the site only links to https pages.",
       "Start the link with https:// (most sites support it), or remove it."),
    _c("P015", "bad-file-name", ERROR, "The file name is not a valid profile id, or the id field does not match it.",
       "The file name is the profile's id and its address on the site.",
       "Name the file with 2 to 40 lowercase letters, digits and hyphens, like amal-h.yaml; "
       "if the file has an id field, make it the same as the file name."),
    _c("P016", "duplicate-profile", ERROR, "Another profile has the same id or the same GitHub login.",
       "Each person has one profile, and each profile one owner who can edit it.",
       "Edit your existing profile instead of adding a second one."),
    _c("P017", "bad-consent", ERROR, "The consent dates are not possible.",
       "Nothing is published without valid consent, and consent lasts at most two years before it is renewed.",
       "Make 'expires' later than 'given' and at most two years after it. (A 'withdrawn' line is never refused, "
       "whatever it holds.)"),
    _c("P018", "dates-out-of-order", ERROR, "An end date is before its start date, or a date is in the future where it cannot be.",
       "Employers read dates to understand a career; impossible dates undermine trust in the whole profile.",
       "Check the two dates named in the message."),
    _c("P019", "file-too-large", ERROR, "The file is larger than 64 KiB.",
       "Profiles are read on slow phones; a profile this large is almost certainly a mistake.",
       "Shorten the summaries. A complete profile is usually under 5 KiB."),
    _c("P020", "not-utf8", ERROR, "The file is not UTF-8 text.",
       "The site cannot show text in an unknown encoding; names could turn into garbage.",
       "Save the file as UTF-8 (the GitHub web editor always does)."),
    _c("P021", "several-documents", ERROR, "The file holds more than one YAML document ('---' separates them).",
       "One file is one profile; a second document would be ignored.",
       "Remove the '---' line and everything after it that does not belong to your profile."),
    _c("P022", "too-deep", ERROR, "Lists or fields are nested deeper than a profile ever needs.",
       "Deep nesting is a sign of a broken indentation or of hostile input.",
       "Check the indentation around the line named."),
    _c("P023", "not-a-profile", ERROR, "The file is empty or is not a set of 'field: value' lines.",
       "A profile is a YAML mapping at the top level.",
       "Start from the profile template and fill in the fields."),
    _c("P024", "missing-photo", ERROR, "The photo file does not exist or is not under profiles/photos/.",
       "A photo that cannot be found cannot be shown.",
       "Upload the photo to profiles/photos/ and give its path, like profiles/photos/amal-h.jpg."),
    _c("P025", "withheld-in-public-file", ERROR,
       "The file holds your country or photo, or something that names your country (a city's time zone, a "
       "language's region like ar-SY), but your consent says it must not be shown.",
       "This file is public: anyone can read it in the repository, its history and every fork, even though "
       "the site hides the field. Only what you agreed to show may be written here.",
       "Delete the line named (country: or photo:). If you do want it shown, agree it with the programme "
       "and set consent.country or consent.photo to true."),
    _c("P026", "template-placeholder", ERROR, "A field still holds the example text of the profile template.",
       "A profile that still says 'Your Name' would be published under that name, and a wrong GitHub login "
       "gives someone else control of your file.",
       "Replace the example text with your own: your name, your headline, your GitHub login."),
    _c("P027", "invisible-character", ERROR,
       "A name or headline holds a character that shows nothing or changes how the text reads: a control "
       "character, a text-direction mark or override, a zero-width or other formatting character, a "
       "blank letter (like the Hangul filler) or a stray variation selector.",
       "These characters are invisible: they can make text read differently from what it says, or make two "
       "names that look the same be different.",
       "Retype the name or headline by hand, without copying and pasting it; the message says which character "
       "was found and where."),
    _c("P028", "not-a-profile-file", ERROR,
       "The profiles folder holds something that is not a profile: a link to another file, a folder, "
       "or a file whose name does not end in .yaml.",
       "Everything in profiles/ is either checked as a profile or refused; a link could make one person's "
       "file show another's, and a stray file would be published in the repository unchecked.",
       "Keep only your profile (profiles/<your-id>.yaml) and your photo (in profiles/photos/); "
       "remove the file named, or rename it to end in .yaml."),
    _c("P029", "not-your-photo-file", ERROR,
       "The photo line names a file other than your own photo, or the photo is a link to another file.",
       "A photo shown on your page must be yours: naming or linking to someone else's photo would show "
       "a person who did not agree to it.",
       "Write photo: profiles/photos/<your-id>.jpg (or .jpeg, .png, .webp), and upload the photo itself "
       "under that name, not a link."),
    _c("P030", "photo-not-an-image", ERROR,
       "The photo is not a JPEG, PNG or WebP image, or is larger than 8 MB.",
       "The site reads only these three formats; other files (GIF, TIFF, EPS, PDF, a renamed file) "
       "are not read at all, whatever their name says.",
       "Save the photo as JPEG, PNG or WebP, under 8 MB (any photo app's 'Export' or 'Save as' can), "
       "and upload it again."),
    _c("P031", "photo-metadata", ERROR,
       "The photo file holds hidden information: EXIF, GPS location, XMP, IPTC, a comment, a thumbnail "
       "or device details.",
       "Phones store where and when a photo was taken, and which phone took it, inside the file. "
       "This repository and its pull requests are public: anyone could read that from your file, "
       "even though the site shows only a cleaned copy.",
       "Run python -m build_scripts clean-photo profiles/photos/<your-id>.jpg, or export the photo again "
       "without location and camera details, and upload the cleaned file."),
    _c("P032", "photo-still-public", ERROR,
       "A photo file is still in the repository though no profile shows it: consent.photo is false, the "
       "photo line was removed, or the profile itself is gone.",
       "The repository is public: a photo file stays readable by anyone until it is deleted, whatever "
       "consent says. A photo left behind by a deleted profile would also show on the page of whoever "
       "takes that id next.",
       "Delete the photo file (profiles/photos/<your-id>.jpg) in the same pull request. Older versions "
       "stay in the repository's history: ask a maintainer privately to have them removed."),
    _c("P033", "contact-details", ERROR,
       "The profile holds contact details: a phone number, an email address, a mailto: or tel: link, or a "
       "WhatsApp, Telegram or Signal link.",
       "The site publishes no phone numbers or addresses: employers ask the programme, and introductions go "
       "through the programme. This file is public, so anything written here can be read and copied by anyone.",
       "Delete the number, address or link named. If it was already pushed, it stays in the repository's "
       "history: write to the programme privately to have it removed."),
    # Warnings: reported, never failing the build unless --strict.
    _c("W001", "consent-expiring", WARNING, "Consent expires within 30 days.",
       "When consent expires the profile disappears from the site at the next build.",
       "Renew consent with the programme, then update consent.given and consent.expires."),
    _c("W002", "profile-stale", WARNING, "The profile has not been updated for 12 months.",
       "Employers trust current profiles; old availability wastes everyone's time.",
       "Check every field, then set 'updated' to today's date."),
    _c("W003", "consent-expired", WARNING, "Consent has expired or was withdrawn; the profile is not published.",
       "Nothing is published without current consent. The site no longer shows the profile, but this file "
       "(and a photo file) stays public in the repository until it is deleted.",
       "To be listed again, renew consent with the programme and update the consent dates. To be gone from "
       "the repository's current files too, delete your profile file and your photo in one pull request; "
       "older versions stay in its history until a maintainer has them removed."),
    _c("W004", "skill-alias", WARNING, "A skill is written with an alias; it is shown with its usual name.",
       "One spelling per skill keeps filters accurate.",
       "Use the usual name given in the message."),
    # Outcomes microdata (python -m build_scripts outcomes): file:row:field CODE message, never a value
    _c("D001", "data-type", ERROR, "A value in the outcomes data is not of its column's type.",
       "Aggregates computed from mistyped values would be wrong.",
       "Fix the value at the row and column named, in the source system, and export again."),
    _c("D002", "data-constraint", ERROR, "A value breaks its column's rule: allowed values, pattern, range, or required.",
       "Unknown categories or impossible values would be counted wrongly or not at all.",
       "Check the value at the row and column named against the data package's schema."),
    _c("D003", "data-duplicate", ERROR, "A key is repeated: a learner twice, or a follow-up twice.",
       "Everyone must be counted once, or rates and medians are wrong.",
       "Remove the duplicate row, or correct its id or months_after."),
    _c("D004", "data-unknown-learner", ERROR, "A follow-up refers to a learner who is not in learners.",
       "A follow-up without its learner cannot be placed in any cohort, track or site.",
       "Add the learner, or correct the learner_id."),
    _c("D005", "data-columns", ERROR, "Columns are missing, extra, misnamed or out of order, or a row is malformed.",
       "The data cannot be read column by column as the schema describes.",
       "Export the table with exactly the columns of the data package's schema."),
    _c("D006", "data-package", ERROR, "The data package descriptor (datapackage.json) is invalid.",
       "Without a valid descriptor the tables cannot be checked or read.",
       "Start from outcomes/sample/datapackage.json and keep its schemas."),
    _c("D007", "data-tracked", ERROR, "Learner-level data is tracked by git and is not marked synthetic.",
       "Microdata in the repository would be public forever; only invented sample data may live there.",
       "Remove the files from the repository (and its history), keep them outside it, and point outcomes.source at them."),
    _c("D008", "data-fetch", ERROR, "The outcomes data package could not be fetched.",
       "Without data the impact page shows no figures.",
       "Check the source address and the access token named in outcomes.token_env; the message says what failed."),
    _c("D009", "data-other", ERROR, "The outcomes data is invalid in another way.",
       "Aggregates from invalid data would be wrong.",
       "Run `python -m build_scripts outcomes` and fix what it names."),
    # Pull-request ownership (check-pr)
    _c("O001", "not-your-profile", ERROR, "The pull request changes a profile that belongs to someone else.",
       "Only the person a profile describes (or a maintainer) may change it.",
       "Change only the profile whose 'github' field is your GitHub login."),
    _c("O002", "not-your-photo", ERROR, "The pull request changes a photo that belongs to someone else.",
       "Photos are personal data; only their owner may change them.",
       "Name your photo after your profile id, like profiles/photos/<your-id>.jpg."),
    _c("O003", "outside-profiles", ERROR, "The pull request changes files outside profiles/.",
       "Alumni pull requests are checked and merged quickly when they only touch their own profile.",
       "Keep only your profile and photo in this pull request; open an issue for anything else."),
    _c("O004", "maintainer-only", ERROR, "The pull request changes a file only maintainers may change.",
       "Vocabularies, settings, workflows and registries decide what everyone's profile means.",
       "Open an issue describing the change you need; a maintainer will make it."),
    _c("O005", "unsafe-file-name", ERROR,
       "A changed file's name, or a folder in it, starts with '-' or holds a control character.",
       "Names like these can be mistaken for command options by tools, or hide what a file really is; "
       "no file in this repository needs one.",
       "Rename the file: start each name with a letter or a digit, and use only letters, digits, hyphens "
       "and dots."),
    _c("O006", "not-a-plain-file", ERROR, "The pull request adds a symbolic link or a submodule.",
       "A link can point at another person's file, or outside the repository: what the check reads would not "
       "be what the site publishes.",
       "Upload the file itself, not a link to it."),
    _c("O007", "bad-profile-path", ERROR, "A file under profiles/ is not named like a profile or a profile photo.",
       "The build reads everything under profiles/; only profiles/<id>.yaml and profiles/photos/<id>.jpg "
       "(or .jpeg, .png, .webp) belong there, with the id in lowercase letters, digits and hyphens.",
       "Rename your profile like amal-h.yaml and your photo like profiles/photos/amal-h.jpg (lowercase, also "
       "the extension); keep nothing else in profiles/."),
    _c("O008", "owner-unreadable", ERROR,
       "No owner can be read from this profile as it is on the main branch, so only a maintainer may change "
       "or delete it (or its photo).",
       "A profile belongs to the GitHub login in its github field, read as the site reads it. When the file "
       "cannot be read that way, nobody can show that it is theirs, so the check refuses rather than guess.",
       "Ask a maintainer to make the change: open an issue, or write to the programme's contact address."),
    _c("O009", "photo-left-behind", ERROR, "The pull request deletes a profile but not its photo.",
       "The photo would stay public in the repository, and the next person to use the same id would have "
       "your photo at their photo path: it could show on their page.",
       "Delete the photo file named (profiles/photos/<your-id>.jpg) in the same pull request as the profile."),
    _c("O010", "earlier-photo", ERROR,
       "The pull request adds a profile whose id already has a photo file, left by an earlier profile.",
       "That photo shows someone else. A new profile with the same id would show it as its own, on a page "
       "of a person who never agreed to it.",
       "Choose another id (rename your file), or replace or delete that photo file in the same pull request, "
       "or ask a maintainer to remove it first."),
    _c("O011", "story-photo-or-logo-left-behind", ERROR,
       "The pull request deletes (or renames) a story or a partner but not its photo or logo.",
       "The photo or logo would stay public in the repository, and a story or partner added later with the same "
       "id would show it as its own: a photo of someone who never agreed to that story.",
       "Delete the photo or logo file named (stories/photos/<id>.jpg, partners/logos/<id>.png) in the same pull "
       "request as the story or partner. When you rename a story, rename its photo and its photo line to the new "
       "id too."),
    # Stories (stories/<id>.md): written by the programme's advocates with the person they are about
    _c("S001", "story-front-matter", ERROR,
       "The story does not start with front matter between two '---' lines, or its front matter cannot be "
       "read: a YAML syntax error, a tab, a field written twice, an anchor, alias or tag, or text that is not UTF-8.",
       "The front matter holds the person's consent; a story whose consent cannot be read is never published.",
       "Start the file with a line '---', then the fields, then another '---' line, then the story. Look at "
       "the line named and the one above it: quotes around text with a colon in it, spaces instead of tabs."),
    _c("S002", "story-unknown-field", ERROR, "A field name in the front matter is not part of the story format.",
       "A misspelt field would be silently ignored: a misspelt consent scope could publish what was not agreed.",
       "Use the suggested name; the maintainers' page lists every story field."),
    _c("S003", "story-missing-field", ERROR, "A required field is missing or empty, or the story has no text.",
       "A story without its person, track, outcome or consent cannot be shown honestly, or at all.",
       "Add the field named (the maintainers' page has an example of every field), or write the story below "
       "the front matter."),
    _c("S004", "story-bad-value", ERROR,
       "A value is the wrong kind or in the wrong format (a date, a cohort, a profile id), or a date is in the future.",
       "Dates and cohorts are read by the site: the story's figure comes from its cohort and track.",
       "Write it like the example in the message: dates as YYYY-MM-DD, cohorts as YYYY-A or YYYY-B."),
    _c("S005", "story-not-allowed-value", ERROR,
       "A track, site, outcome or consent scope is not one of the allowed values.",
       "The stories index is filtered by track, site and outcome, and consent by scope: each has one spelling.",
       "Use one of the values listed in the message: tracks from data/tracks.yml, sites jordan, lebanon, iraq "
       "or online, scopes web, social and print."),
    _c("S006", "story-unknown-profile", ERROR, "The profile named is not a file in profiles/.",
       "The story would link to a profile that does not exist, or to the wrong person.",
       "Write the profile's file name without .yaml, or remove the profile line."),
    _c("S007", "story-too-long", ERROR, "The file, a field or the story text is longer than allowed.",
       "A story is read on slow phones and prints on one A4 page; a longer one would not fit.",
       "Shorten the text named to the limit in the message."),
    _c("S008", "story-not-https", ERROR, "A link in the story does not start with https://, or is an image.",
       "Plain http links and other kinds of links can be intercepted or abused; images are not shown from "
       "other sites (no third-party requests).",
       "Start the link with https://, or remove it. A photo goes in the photo field."),
    _c("S009", "story-bad-consent", ERROR, "The consent dates are not possible.",
       "Nothing is published without valid consent, and consent lasts at most two years before it is renewed.",
       "Make 'given' the day consent was recorded, and 'expires' later than 'given' and at most two years after it."),
    _c("S010", "story-bad-file-name", ERROR,
       "The file name is not a valid story id, the id is one the site uses for its own pages, or the stories "
       "folder holds something that is not a story (a folder, a link, a file not ending in .md).",
       "The file name is the story's address on the site; a stray file would be public in the repository unchecked.",
       "Name the file with 2 to 60 lowercase letters, digits and hyphens, ending in .md, like "
       "rania-translator.md; keep only stories and the photos/ folder in stories/."),
    _c("S011", "story-photo", ERROR,
       "The photo cannot be used: it is missing, named after another story, a link, not a JPEG, PNG or WebP "
       "image, or written without consent.photo: true.",
       "A photo shown with a story must be this person's, agreed to, and readable; the file is public in the "
       "repository even when the site does not show it.",
       "Put the photo at stories/photos/<story-id>.jpg as a JPEG, PNG or WebP under 8 MB, and set consent.photo: "
       "true only when the person agreed; otherwise delete the photo line."),
    _c("S012", "story-photo-metadata", ERROR,
       "The photo file holds hidden information: EXIF, GPS location, XMP, IPTC, a comment, a thumbnail or "
       "device details.",
       "The repository is public: where and when the photo was taken, and with which phone, could be read from it.",
       "Run python -m build_scripts clean-photo stories/photos/<story-id>.jpg and commit the cleaned file."),
    _c("S013", "story-photo-still-public", ERROR,
       "A photo file in stories/photos/ is shown by no story: its story is gone, has no photo line, or "
       "consent.photo is not true.",
       "The repository is public: the photo stays readable by anyone until the file is deleted, whatever "
       "consent says.",
       "Delete the photo file in the same change. Older versions stay in the repository's history: have a "
       "maintainer remove them if the person asks."),
    _c("S014", "story-contact-details", ERROR,
       "The story holds contact details: a phone number, an email address, or a mailto:, tel: or messenger link.",
       "The site publishes no phone numbers or addresses: employers write to the programme, which introduces them.",
       "Delete the number, address or link named."),
    _c("S015", "story-not-published", WARNING,
       "The story is not published: its consent expired, was withdrawn or is not yet given, or its scope has no web.",
       "Nothing is published without current consent, and a story goes only where its scope allows; without "
       "web it has no page, so it is in no feed and on no print view either. The file stays public in the "
       "repository.",
       "To publish it again, renew consent with the person and update the dates and scope. To remove it from "
       "the repository too, delete the file and its photo."),
    _c("S016", "story-consent-expiring", WARNING, "The story's consent expires within 30 days.",
       "When consent expires the story disappears from the site, the feed and print at the next build.",
       "Ask the person whether they agree to renew it; if they do, update consent.given and consent.expires."),
    _c("S017", "story-invisible-character", ERROR,
       "The title, the person's name, the quote, the role or the organisation holds a character that shows nothing "
       "or changes how the text reads (a control character, a text-direction override, a zero-width or other "
       "formatting character, a blank letter); or any text of the story holds a character that no web page or "
       "feed can hold (a control character or a Unicode noncharacter).",
       "Invisible characters can make a story say something other than what its readers see. A character no "
       "page or feed can hold would stop the whole site from building, and with it the removal of anyone whose "
       "consent has ended.",
       "Retype the text named by hand, without copying and pasting it; the message says which character was "
       "found and where."),
    _c("S018", "story-text-direction", ERROR,
       "The story text holds a character that overrides, embeds or isolates the direction of the text "
       "(U+202A to U+202E, U+2066 to U+2069).",
       "These characters are invisible and reorder what readers see: a sentence, a name or a link can show "
       "something other than what is written, on the site, in the feed and on paper. Arabic and other "
       "right-to-left text shows in its right order without them.",
       "Retype the line named by hand, without copying and pasting it; the message gives the column. Write "
       "Arabic words as they are: they need no direction character."),
    # Hiring partners (partners/<id>.yaml): written by maintainers; YAML the loader refuses keeps its P code
    _c("R001", "partner-unknown-field", ERROR, "A field name is not part of the partner format.",
       "A misspelt field would be silently ignored: a misspelt consent line could publish a quote nobody agreed to.",
       "Use the suggested name; schemas/partner.schema.json lists every field, and the maintainers' page has an example."),
    _c("R002", "partner-missing-field", ERROR, "A required field of a partner, a quote, a contact or a consent is missing or empty.",
       "The partners page says who each partner is, what the partnership is and since when; a quote or a contact "
       "needs the person's name and consent.",
       "Add the field named; the maintainers' page has an example of every field."),
    _c("R003", "partner-bad-value", ERROR,
       "A value is the wrong kind, too long, empty, or not in its format (a date, a year, an email address, a logo "
       "path), or the partnership starts in the future.",
       "The page shows these values as they are written; a value it cannot read is shown wrongly or not at all.",
       "Write it like the hint says: since as 2022 or 2022-03-15, dates as YYYY-MM-DD, the logo as "
       "partners/logos/<id>.png."),
    _c("R004", "partner-not-https", ERROR, "The website does not start with https://.",
       "Plain http links can be intercepted or changed on the way; the site links only to https pages.",
       "Write the website's https:// address (almost every organisation has one)."),
    _c("R005", "partner-unknown-kind", ERROR,
       "A kind of partnership is not one of hiring, internship, mentoring, training or equipment.",
       "Employers and advocates read the kinds as the programme's own words for what a partner does; a new "
       "spelling would show as a new kind.",
       "Use one of the kinds listed in the message. To add a kind, add it to the kinds in "
       "schemas/partner.schema.json, with its label."),
    _c("R006", "partner-bad-consent", ERROR,
       "The consent dates of a quote or a reference contact are not possible: given in the future, expires not "
       "after given, or more than two years after it.",
       "A quote or a contact is a person's words or address: published only with their consent, which lasts at "
       "most two years before they are asked again.",
       "Write the day the person agreed as given, and an expires date after it and at most two years later."),
    _c("R007", "partner-bad-file-name", ERROR, "The file name is not a valid partner id.",
       "The file name is the partner's id: its logo is named after it, and the partners page links to it.",
       "Name the file with 2 to 40 lowercase letters, digits and hyphens, ending in .yaml, like "
       "nordlicht-translations.yaml."),
    _c("R008", "partner-logo-missing", ERROR,
       "The logo file does not exist, is named after another partner, or is a link to another file.",
       "A logo that cannot be found cannot be shown, and a logo must be this partner's own file.",
       "Put the logo at partners/logos/<id>.png (or .jpg, .jpeg, .webp) and write that path in the logo line, "
       "or remove the line: the partner is then shown by its name."),
    _c("R009", "partner-logo-not-an-image", ERROR, "The logo is not a JPEG, PNG or WebP image, or is larger than 8 MB.",
       "The site reads only these three formats, by their content whatever the name says; SVG, GIF or PDF "
       "files are not read at all.",
       "Export the logo as PNG (it keeps a transparent background), at least 200 pixels wide, and add it again."),
    _c("R010", "partner-logo-metadata", ERROR,
       "The logo file holds hidden information: EXIF, GPS location, XMP, IPTC, a comment, a thumbnail or "
       "device details.",
       "The repository is public: whatever the file holds can be read by anyone, even though the site shows "
       "only a copy re-encoded from its pixels.",
       "Run python -m build_scripts clean-photo partners/logos/<id>.png and commit the cleaned file."),
    _c("R011", "not-a-partner-file", ERROR,
       "partners/ holds something that is not a partner file or a logo a partner names: a link, a folder, "
       "another kind of file, or a logo no partner's logo line names.",
       "Everything in partners/ is checked or refused: a stray file would be public in the repository "
       "unchecked, and a leftover logo would show for whoever takes its id next.",
       "Delete the file named, or name the logo in its partner's logo line."),
    _c("R012", "partner-consent-ended", WARNING,
       "Consent to a quote or a reference contact has expired or was withdrawn (the site leaves it out), or "
       "ends within 30 days.",
       "Nothing a person said or an address they gave is shown without their current consent; the partner "
       "itself stays on the page. The file is public in the repository all the same.",
       "Ask the person again and write the new dates, or delete the quote or contact block."),
    # The profile form (an issue that becomes a pull request): a problem is named by the form's question to fix
    _c("F001", "form-not-your-profile", ERROR,
       "The form would change a profile that belongs to another GitHub account, or someone other than the "
       "issue's author sent it.",
       "A profile belongs to the GitHub account in its github line. The form writes only the profile of the "
       "account that opened the issue, so nobody can change someone else's profile with it.",
       "If the id you wrote, or the one made from your name, is someone else's, write another id in the form's "
       "'Profile id' question (the message suggests a free one). To change your own profile, send the form from "
       "the GitHub account written in it, or ask the programme."),
    _c("F002", "form-answer-unreadable", ERROR,
       "An answer of the form cannot be read as the form asks: a line of a list with too many parts, a line "
       "that does not start with one of the item's names, or a choice the form does not offer.",
       "Each answer becomes a field of your profile; an answer that cannot be read is not guessed at.",
       "Edit the issue and write the answer as the question's description shows, for example one skill a "
       "line: Python, intermediate, 2."),
    _c("F003", "form-photo", ERROR,
       "The photo attached to the form cannot be used: it is not a GitHub attachment, cannot be downloaded, "
       "is larger than 8 MB or not a JPEG, PNG or WebP image, or \"Show my photo\" is not ticked.",
       "A photo is fetched only from GitHub's own attachment addresses and remade from its pixels alone; "
       "anything else could be something other than your photo, or hold hidden information.",
       "Attach one JPEG, PNG or WebP photo under 8 MB by dragging it into the Photo box, and tick \"Show my "
       "photo\". Or leave the Photo box empty."),
    _c("F004", "form-bad-id", ERROR,
       "No profile id can be used: the one written is not 2 to 40 lowercase letters, digits and hyphens, or is "
       "one of the site's own pages; none can be made from the name; or it is not the id of the profile you have.",
       "The id is your profile's file name and its address on the site, and each person has one profile.",
       "Write an id like amal-h (your first name, a hyphen, the first letter of your family name) in the "
       "'Profile id' question, or leave it empty to keep the one you have."),
    _c("F005", "form-not-the-form", ERROR,
       "The issue does not hold the profile form's answers: its text was replaced, or the form's questions "
       "were changed.",
       "The answers are read under the form's questions (the lines starting with ###); without them nothing "
       "can be read safely.",
       "Open a new issue with the \"Add or update my profile\" form and fill it in, keeping the lines that "
       "start with ###."),
]

CODES: dict[str, Code] = {c.code: c for c in _DECLARED}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located in a YAML file by line and column (where: the field's path), or in a
    table (the outcomes' CSV files) by row and field: col is None, line the row (None: the whole
    file), where the field. Text, GitHub annotations and JSON print both."""
    file: str
    line: int | None
    col: int | None
    code: str
    message: str
    where: str = ""
    hint: str = field(default="", compare=False)

    @classmethod
    def in_table(cls, file: str, row: int | None, field_name: str, code: str, message: str) -> "Problem":
        return cls(file, row, None, code, message, where=field_name)

    def __post_init__(self):
        if self.code not in CODES:          # a code is declared above (with its page) before it is used
            raise ValueError(f"undeclared problem code {self.code!r}")

    @property
    def severity(self) -> str:
        return CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def text(self) -> str:
        if self.col is None:            # a table's row and field: learners.csv:6:gender D002 ...
            return f"{self.file}:{self.line if self.line is not None else '-'}:{self.where or '-'} {self.code} {self.message}"
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}:{self.col}: {self.code} {where}{self.message}"


def sort_key(p: Problem):
    return (not p.is_error, p.file, p.line, p.col, p.code)


def _in(lang: str):
    """The translation of `lang` (translate.py), for the printers below; None for English, declared here."""
    if lang == "en":
        return None
    from .translate import translation
    return translation(lang)


def print_text(problems: Iterable[Problem], out: TextIO, lang: str = "en") -> None:
    """file:line:col: CODE where: message, then an indented hint line where there is one. In another
    language: the same place and code, the code's summary and fix in it, the English message as the detail."""
    if t := _in(lang):
        out.write("".join(t.text(p) for p in problems))
        return
    for p in problems:
        out.write(p.text() + "\n")
        if p.hint:
            out.write(f"    hint: {p.hint}\n")


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def print_github(problems: Iterable[Problem], out: TextIO, lang: str = "en") -> None:
    """GitHub workflow commands, so each problem is shown on its line in the pull request."""
    if t := _in(lang):
        out.write("".join(t.github(p) for p in problems))
        return
    for p in problems:
        level = "error" if p.is_error else "warning"
        where = f"{p.where}: " if p.where else ""
        body = f"{where}{p.message}" + (f"\n{p.hint}" if p.hint else "")
        place = "".join(f",{k}={v}" for k, v in (("line", p.line), ("col", p.col)) if v is not None)
        out.write(
            f"::{level} file={_gh_escape(p.file, True)}{place},"
            f"title={_gh_escape(p.code + ' ' + CODES[p.code].name, True)}::{_gh_escape(body)}\n"
        )


def summary_line(problems: list[Problem], files_checked: int, lang: str = "en") -> str:
    if t := _in(lang):
        return t.summary_line(problems, files_checked)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    if not problems:
        return f"All good: {files_checked} file{'s' if files_checked != 1 else ''} checked, no problems."
    return (f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''} ({files_checked} checked).")


class StrictFailure(Exception):
    """--strict and the profiles, the stories or the outcomes data have problems: nothing is built."""


def report_problems(problems: list[Problem], strict: bool, log, kind: str = "profile") -> None:
    """A build's word on the problems of its profile (or story) files: how many have errors (validate has
    the details); with --strict any problem stops the build."""
    if strict and problems:
        raise StrictFailure(f"{len(problems)} problem(s) in {kind} files and --strict was given")
    if errors := sum(p.is_error for p in problems):
        log(f"{errors} {kind} error(s): those {kind} files are left out. "
            "Run `python -m build_scripts validate` for the details.")


# Text a contributor wrote (a file name, a field, a value quoted in a message) as Markdown that shows
# it as written: every ASCII punctuation mark escaped (the backslash too, so no '|' is left bare for
# the table), so it opens no heading, link, image, HTML tag, emphasis, code or table cell; a line
# break or control character written out as \\n, \\x0b...
def _md_text(text: str) -> str:
    out = []
    for ch in text:
        if ch in _MD_PUNCTUATION:
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append("\\\\" + ch.encode("unicode_escape").decode("ascii")[1:])
        else:
            out.append(ch)
    return "".join(out)


_MD_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def summary_markdown(problems: list[Problem], files_checked: int, docs_url: str = "", lang: str = "en") -> str:
    """A Markdown table for $GITHUB_STEP_SUMMARY: what to fix, in which file, at which line. Every
    text in it that a pull request can influence is escaped (_md_text): it shows as written."""
    if t := _in(lang):
        return t.summary_markdown(problems, files_checked, docs_url)
    lines = ["## Profile check", "", summary_line(problems, files_checked), ""]
    if problems:
        lines += ["| | File | Line | Code | What to fix |", "|---|---|---|---|---|"]
        for p in problems:
            mark = "❌" if p.is_error else "⚠️"
            code = f"[{p.code}]({docs_url}#{p.code.lower()})" if docs_url else p.code
            where = f"<code>{_md_text(p.where)}</code>: " if p.where else ""
            text = where + _md_text(p.message) + (f"<br>{_md_text(p.hint)}" if p.hint else "")
            lines.append(f"| {mark} | <code>{_md_text(p.file)}</code> | {p.line} | {code} | {text} |")
    return "\n".join(lines) + "\n"


def write_step_summary(markdown: str) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(markdown)


def to_json(problems: Iterable[Problem], lang: str = "en") -> str:
    if t := _in(lang):      # message and hint in the language; the check's own words under "english"
        return json.dumps([t.json_item(p) for p in problems], ensure_ascii=False, indent=2)
    return json.dumps([
        {"file": p.file, "line": p.line, "col": p.col, "code": p.code, "severity": p.severity,
         "where": p.where, "message": p.message, "hint": p.hint}
        for p in problems
    ], ensure_ascii=False, indent=2)
