"""synth: invent valid, varied profiles (labelled synthetic) for samples and scale tests.

The people are invented; the variety is not: where alumni come from and where they live now,
the languages they speak, studies interrupted by leaving, gaps between jobs explained in their
own words, placed and available people side by side. The facts in one profile agree: a beginner
has a year or two at a skill and an expert five or more, the hours a week fit the working day,
pronouns (when given) fit the name, a summary's "available from" is the profile's date.

No two people read alike: every headline, summary and portfolio item is dealt from what is
least used so far. Headlines and portfolio titles come from a finite set, so at a few thousand
people some repeat, a few times each at most; summaries and portfolio links never do.

The shipped sample (profiles/*.yaml and data/verified-tracks.yml) is this module's output:

    python -m build_scripts synth --sample --out profiles --verified data/verified-tracks.yml
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from .clock import consent_today
from .validate import _add_years
from .vocab import load_vocabulary, whole_hour_offset

HEADER = ("# SYNTHETIC SAMPLE: an invented person, not a real alum.\n"
          "# Written by `python -m build_scripts synth`; any likeness to a real person is chance.\n"
          "# yaml-language-server: $schema=../schemas/profile.schema.json\n")

REGISTRY_HEADER = (
    "# Tracks the programme confirms each person completed. Maintainer-owned: only this file\n"
    "# makes a track show as \"verified by the programme\"; a track in a profile alone shows as\n"
    "# \"self-reported\". Each entry is keyed by profile id and names the GitHub login the tracks\n"
    "# were confirmed for: both must match the profile, so someone who later takes a freed id (or\n"
    "# a file renamed to it) inherits nothing. When a person changes login, update it here.\n"
    "# Each confirmed track names the day it was completed, the number of the signed credential the\n"
    "# site issues for it (the next number never used before) and, when known, the skills its\n"
    "# assessment confirmed (shown only where the person's profile lists them too). See\n"
    "# docs/contributing/maintainers.md, \"Signed credentials\".\n"
    "# SYNTHETIC SAMPLE DATA: written with the sample profiles by\n"
    "# `python -m build_scripts synth --sample --out profiles --verified data/verified-tracks.yml`.\n")


REVOKED_HEADER = (
    "# Credentials revoked: number: the day. A credential once issued is revoked here, never deleted,\n"
    "# and its number is never given again (the build stops on a number missing or used twice).\n")


@dataclass(frozen=True)
class Origin:
    """Where a group of alumni come from, and what tends to follow from it."""
    weight: int
    places: tuple[str, ...]                      # towns people grew up in
    left: tuple[int, int]                        # the years people left in
    native: tuple[str, ...]                      # first languages (one is drawn)
    also: tuple[tuple[str, float, tuple[str, ...]], ...]   # (language, how often, levels)
    lives: dict[str, int]                        # country lived in now -> weight
    universities: tuple[str, ...]
    names: dict[str, tuple[str, ...]]            # "f", "m", or "x" (either) -> first names


ENGLISH = ("A2", "B1", "B2", "B2", "C1", "C1", "C2")
ORIGINS = {
    "syria": Origin(
        30, ("Aleppo", "Homs", "Deir ez-Zor", "Idlib", "Daraa", "Raqqa"), (2012, 2017), ("ar-SY",),
        (("en", 0.9, ENGLISH), ("fr", 0.15, ("A2", "B1")), ("tr", 0.1, ("A2", "B1"))),
        {"LB": 45, "JO": 40, "TR": 8, "DE": 5, "EG": 2},
        ("University of Aleppo", "University of Damascus", "Al-Baath University", "Tishreen University",
         "Al-Furat University"),
        {"f": ("Amal", "Rania", "Lina", "Hiba", "Dima", "Reem", "Hala", "Maya", "Salma", "Rasha", "Aya", "Rahaf",
               "Yara", "Dana", "Ghalia"),
         "m": ("Yousef", "Omar", "Khaled", "Ahmad", "Samir", "Tariq", "Bashar", "Firas", "Ziad", "Mahmoud", "Wael",
               "Fadi", "Majd", "Hassan", "Anas", "Mazen"),
         "x": ("Nour",)}),
    "kurdish": Origin(
        12, ("Qamishli", "Kobani", "Afrin", "Hasakah", "Sinjar"), (2013, 2019), ("kmr", "kmr", "ckb"),
        (("ar", 0.85, ("B2", "C1", "C2")), ("en", 0.75, ENGLISH), ("tr", 0.1, ("A2", "B1"))),
        {"IQ": 75, "DE": 15, "TR": 10},
        ("University of Aleppo", "Al-Furat University", "University of Duhok", "Salahaddin University",
         "University of Mosul"),
        {"f": ("Berivan", "Rojin", "Shilan", "Dilan", "Nareen", "Zozan", "Avin", "Jiyan", "Hevi"),
         "m": ("Azad", "Baran", "Hozan", "Kawa", "Rezan", "Shvan", "Dilshad", "Rebin"),
         "x": ("Zhiyan",)}),
    "iraq": Origin(
        12, ("Mosul", "Ramadi", "Fallujah", "Tikrit", "Baiji"), (2014, 2017), ("ar-IQ",),
        (("en", 0.85, ENGLISH), ("ckb", 0.15, ("A2", "B1")), ("tr", 0.1, ("A2", "B1"))),
        {"IQ": 55, "JO": 30, "LB": 10, "TR": 5},
        ("University of Mosul", "University of Baghdad", "University of Anbar", "Tikrit University"),
        {"f": ("Zainab", "Shahad", "Hawraa", "Mariam", "Aya", "Hala", "Rusul"),
         "m": ("Mustafa", "Ali", "Haider", "Karrar", "Yasir", "Omar", "Ahmad", "Samir", "Hussein"),
         "x": ("Noor",)}),
    "sudan": Origin(
        10, ("Khartoum", "Omdurman", "El Geneina", "Nyala", "Wad Madani"), (2019, 2024), ("ar-SD",),
        (("en", 0.9, ENGLISH), ("fr", 0.05, ("A2",))),
        {"JO": 35, "EG": 40, "UG": 15, "LB": 10},
        ("University of Khartoum", "Sudan University of Science and Technology", "Al-Neelain University",
         "University of Gezira"),
        {"f": ("Amna", "Sara", "Mawahib", "Hiba", "Samah", "Tasneem", "Hala", "Rasha", "Salma", "Widad"),
         "m": ("Mohamed", "Mujtaba", "Osman", "Elfatih", "Musab", "Abubakr", "Khaled", "Mazin")}),
    "yemen": Origin(
        8, ("Taiz", "Sana'a", "Hodeidah", "Aden", "Ibb"), (2015, 2020), ("ar-YE",),
        (("en", 0.85, ENGLISH),),
        {"JO": 50, "EG": 40, "LB": 10},
        ("Sana'a University", "University of Aden", "Taiz University", "Hodeidah University"),
        {"f": ("Afrah", "Bushra", "Ghadeer", "Rania", "Nada", "Arwa"),
         "m": ("Nabil", "Waleed", "Akram", "Hamza", "Khaled", "Wael", "Fuad")}),
    "eritrea": Origin(
        9, ("Asmara", "Keren", "Massawa", "Mendefera", "Barentu"), (2010, 2021), ("ti", "ti", "ti", "tig"),
        (("en", 0.9, ENGLISH), ("ar", 0.35, ("A2", "B1", "B2")), ("am", 0.3, ("A2", "B1", "B2"))),
        {"ET": 30, "UG": 25, "KE": 15, "EG": 10, "DE": 12, "NO": 8},
        ("Eritrea Institute of Technology", "College of Business and Economics, Halhale",
         "Orotta College of Medicine", "Asmara College of Health Sciences"),
        {"f": ("Semhar", "Helen", "Selam", "Luwam", "Senait", "Ruta", "Winta", "Feven"),
         "m": ("Yonas", "Filmon", "Tesfay", "Merhawi", "Dawit", "Henok", "Mebrahtu", "Robel")}),
    "somalia": Origin(
        6, ("Mogadishu", "Kismayo", "Baidoa", "Beledweyne"), (2008, 2019), ("so",),
        (("en", 0.85, ENGLISH), ("ar", 0.5, ("A2", "B1", "B2")), ("sw", 0.3, ("A2", "B1", "B2"))),
        {"KE": 50, "JO": 15, "UG": 15, "ET": 20},
        ("Somali National University", "SIMAD University", "Mogadishu University", "Amoud University"),
        {"f": ("Hodan", "Fadumo", "Ayaan", "Hibo", "Nimco", "Sagal", "Ifrah"),
         "m": ("Abdi", "Mahad", "Abdirahman", "Liban", "Guled", "Yusuf")}),
    "afghanistan": Origin(
        7, ("Kabul", "Herat", "Mazar-i-Sharif", "Jalalabad"), (2021, 2022), ("prs", "prs", "ps"),
        (("en", 0.85, ENGLISH), ("ps", 0.3, ("A2", "B1", "B2")), ("prs", 0.4, ("B1", "B2", "C1")),
         ("ur", 0.1, ("A2", "B1"))),
        {"TR": 30, "DE": 25, "PK": 30, "CA": 15},
        ("Kabul University", "Herat University", "Balkh University", "Kabul Polytechnic University"),
        {"f": ("Mursal", "Zahra", "Parisa", "Farzana", "Mahbooba", "Shabnam", "Sodaba"),
         "m": ("Farid", "Wahid", "Hamid", "Sohrab", "Naweed", "Jawad", "Mustafa")}),
    "drc": Origin(
        8, ("Goma", "Bukavu", "Uvira", "Beni", "Bunia"), (2012, 2023), ("sw", "ln"),
        (("fr", 0.95, ("B2", "C1", "C2")), ("en", 0.7, ENGLISH), ("sw", 0.3, ("B1", "B2"))),
        {"UG": 55, "KE": 20, "RW": 25},
        ("University of Kinshasa", "Université Officielle de Bukavu", "University of Goma",
         "University of Lubumbashi"),
        {"f": ("Esther", "Grâce", "Neema", "Zawadi", "Furaha", "Chantal", "Josephine"),
         "m": ("Dieudonné", "Patrick", "Baraka", "Juma", "Espoir", "Moïse", "Olivier"),
         "x": ("Imani", "Amani")}),
}
# A first name's usual gender: "f", "m", or "x" for names given to anyone.
GENDER = {name: g for origin in ORIGINS.values() for g, names in origin.names.items() for name in names}
PRONOUNS = {"f": ("she/her",) * 11 + ("they/them",), "m": ("he/him",) * 11 + ("they/them",), "x": ("they/them",)}

# country lived in -> (time zone, towns, the local language people pick up there)
COUNTRIES = {
    "JO": ("Asia/Amman", ("Amman", "Irbid", "Zarqa", "Mafraq"), None),
    "LB": ("Asia/Beirut", ("Beirut", "Tripoli", "Saida", "Zahle"), None),
    "IQ": ("Asia/Baghdad", ("Erbil", "Duhok", "Sulaymaniyah", "Baghdad"), None),
    "EG": ("Africa/Cairo", ("Cairo", "Giza", "Alexandria"), None),
    "TR": ("Europe/Istanbul", ("Gaziantep", "Istanbul", "Ankara"), "tr"),
    "DE": ("Europe/Berlin", ("Berlin", "Leipzig", "Bochum"), "de"),
    "NO": ("Europe/Oslo", ("Oslo", "Bergen"), "no"),
    "UG": ("Africa/Kampala", ("Kampala", "Mbarara"), "sw"),
    "KE": ("Africa/Nairobi", ("Nairobi", "Kakuma"), "sw"),
    "ET": ("Africa/Addis_Ababa", ("Addis Ababa", "Adama"), "am"),
    "RW": ("Africa/Kigali", ("Kigali", "Huye"), "rw"),
    "PK": ("Asia/Karachi", ("Islamabad", "Peshawar"), "ur"),
    "CA": ("America/Toronto", ("Toronto", "Ottawa"), None),
}
LANGUAGE_NAMES = {"ar": "Arabic", "kmr": "Kurmanji", "ckb": "Sorani", "ti": "Tigrinya", "tig": "Tigre", "so": "Somali",
                  "prs": "Dari", "ps": "Pashto", "sw": "Swahili", "ln": "Lingala", "fr": "French", "en": "English"}


@dataclass(frozen=True)
class Track:
    """A training track: how common it is, its skills, and the words people use for the work."""
    weight: int
    skills: tuple[str, ...]
    roles: tuple[str, ...]                  # "{pair}" is the person's own language pair
    focuses: tuple[str, ...]                # what follows the role in a headline
    projects: tuple[tuple[str, str], ...]   # (title, description); {client}, {native}


TRACKS = {
    "web-development": Track(
        14, ("HTML", "CSS", "JavaScript", "React", "Node.js", "PHP", "WordPress", "Git", "TypeScript", "Laravel",
             "Python", "Django"),
        ("Front-end developer", "Web developer", "Full-stack web developer", "WordPress developer",
         "JavaScript developer", "PHP and Laravel developer", "Python and Django developer", "Back-end developer"),
        ("building fast, accessible websites", "for NGOs and small businesses",
         "making sites that work on slow connections", "turning designs into clean, tested code",
         "for online shops and booking systems", "who keeps old sites fast and secure", "building bilingual sites",
         "with a habit of documented, reviewed code"),
        (("Online shop for {client}", "A bilingual shop that loads on a 3G connection."),
         ("Booking site for {client}", "Appointments are taken online instead of by phone."),
         ("Website rebuild for {client}", "Moved an old site to a faster host; pages now load in under two seconds."),
         ("Volunteer sign-up portal for {client}", "Forms, reminders and an export for the coordinator."),
         ("Accessibility fixes for {client}", "Keyboard use, contrast and screen-reader labels fixed across the site."),
         ("Landing page for {client}", "One fast page with a contact form."))),
    "mobile-development": Track(
        5, ("Flutter", "Kotlin", "Android development", "Java", "Git", "REST APIs"),
        ("Flutter developer", "Android developer", "Mobile developer", "Kotlin developer"),
        ("shipping apps that work offline", "building apps for low-end phones", "for delivery and field-work apps",
         "who tests on real, older devices", "turning prototypes into store-ready apps",
         "for small teams that need one app on two platforms"),
        (("Offline-first app for {client}", "Works without a connection and syncs later."),
         ("Delivery tracker for {client}", "Drivers mark drops on an old Android phone."),
         ("Android app update for {client}", "Crash fixes and a simpler sign-in."),
         ("Stock-taking app for {client}", "Scans barcodes and works on a shared tablet."),
         ("Appointment reminders app for {client}", "Sends reminders the day before."))),
    "data-analysis": Track(
        12, ("Excel", "SQL", "Python", "Power BI", "Data visualisation", "Statistics", "Pandas", "Google Sheets",
             "Kobo Toolbox"),
        ("Data analyst", "Junior data analyst", "M&E data analyst", "Reporting analyst", "Survey data analyst"),
        ("turning survey data into clear dashboards", "for humanitarian programme teams",
         "who cleans messy spreadsheets for a living", "building monthly reports people read",
         "with a background in field data collection", "helping small businesses read their sales",
         "automating reports that took days"),
        (("Monitoring dashboard for {client}", "Monthly figures on one page, built."),
         ("Survey analysis for {client}", "Cleaned 1,200 responses and wrote up the findings."),
         ("Sales report automation for {client}", "A weekly report that took a day now takes minutes."),
         ("Attendance data clean-up for {client}", "Merged three years of sign-in sheets into one table."),
         ("Budget tracker for {client}", "Spending against budget, updated every Monday."))),
    "ux-ui-design": Track(
        7, ("Figma", "UI design", "UX research", "Adobe Illustrator", "HTML", "CSS"),
        ("UX/UI designer", "Product designer", "UX researcher", "UI designer"),
        ("for low-bandwidth, mobile-first products", "who tests with real users before building",
         "designing clear forms and sign-up flows", "making services work for first-time internet users",
         "from research to Figma prototype", "for multilingual interfaces"),
        (("App prototype for {client}", "A clickable prototype tested with five users."),
         ("Usability study for {client}", "Eight interviews and a ranked list of fixes."),
         ("Website redesign for {client}", "Simpler navigation and larger text for phone users."),
         ("Sign-up flow for {client}", "Cut the form from twelve fields to five; designed."),
         ("Design system for {client}", "Buttons, forms and colours in one shared library."))),
    "graphic-design": Track(
        10, ("Graphic design", "Adobe Photoshop", "Adobe Illustrator", "Canva", "Motion graphics", "Video editing",
             "Illustration"),
        ("Graphic designer", "Brand designer", "Motion designer", "Illustrator and designer", "Visual designer"),
        ("for brands, social media and print", "making short explainer videos", "for NGO campaigns and reports",
         "who turns data into clear infographics", "for small food and craft businesses",
         "making posters people stop to read"),
        (("Brand identity for {client}", "Logo, colours and social templates."),
         ("Campaign posters for {client}", "A series of six posters for a city-wide campaign."),
         ("Explainer animation for {client}", "A 90-second animation with subtitles."),
         ("Menu and packaging for {client}", "Labels and a printed menu in two languages."),
         ("Annual report layout for {client}", "Forty pages of charts and photos laid out."),
         ("Social media templates for {client}", "Twelve reusable templates the team edits itself."))),
    "digital-marketing": Track(
        11, ("Digital marketing", "Social media management", "SEO", "Google Ads", "Email marketing", "Canva",
             "Content writing"),
        ("Digital marketer", "Social media manager", "SEO specialist", "Performance marketer", "Community manager"),
        ("growing communities in two languages", "for small shops selling online",
         "with measurable results on small budgets", "who writes posts people share",
         "running email and ad campaigns", "for NGO fundraising campaigns"),
        (("Social media campaign for {client}", "Three months of posts; followers up by a third."),
         ("Search ranking work for {client}", "From page three to page one for their main search."),
         ("Email newsletter for {client}", "A monthly newsletter with a 45% open rate."),
         ("Ad campaign for {client}", "A small-budget campaign that paid for itself in a month."),
         ("Launch plan for {client}", "A six-week plan for a new product."))),
    "content-creation": Track(
        8, ("Content writing", "Proofreading", "Video editing", "Social media management", "SEO", "Photography"),
        ("Content writer", "Copywriter", "Content creator", "Video editor and writer", "Copy editor"),
        ("writing articles, scripts and short video", "for education and health campaigns",
         "who writes plainly about technical topics", "telling small businesses' stories",
         "making short videos for social media", "for websites that need to rank"),
        (("Blog series for {client}", "Ten articles on one theme, researched and edited."),
         ("Video scripts for {client}", "Scripts for six short videos."),
         ("Website copy for {client}", "Every page rewritten in plain language."),
         ("Photo essay for {client}", "Twenty photographs with captions, shot and edited on a phone."),
         ("Newsletter writing for {client}", "A monthly letter to supporters."))),
    "translation-localisation": Track(
        8, ("Translation", "Localisation", "Proofreading", "Subtitling", "Transcription", "Interpretation"),
        ("{pair} translator", "{pair} translator and subtitler", "{pair} interpreter",
         "Localisation specialist ({pair})", "{pair} transcriber and translator"),
        ("for NGOs, courts and clinics", "for apps and websites", "for films and training videos",
         "with a careful eye for meaning", "for legal and medical documents", "working to tight deadlines"),
        (("Subtitles for {client}", "{native} and English subtitles for a short film."),
         ("Website localisation for {client}", "The whole site in {native}, checked by native readers."),
         ("Interview transcripts for {client}", "Forty hours of {native} interviews transcribed."),
         ("Training manual translation for {client}", "A 60-page manual in {native}, with a glossary."),
         ("Information leaflets for {client}", "Leaflets in {native}, written for easy reading."))),
    "virtual-assistance": Track(
        10, ("Virtual assistance", "Customer support", "Data entry", "Microsoft Office", "Google Sheets", "Notion",
             "Online research"),
        ("Virtual assistant", "Remote operations assistant", "Executive assistant", "Customer support agent",
         "Admin and data assistant"),
        ("keeping inboxes, calendars and data in order", "for founders who need a second pair of hands",
         "for online shops' orders and returns", "who answers customers in their own language",
         "who is organised, quick and discreet", "for small teams across time zones"),
        (("Inbox and calendar management for {client}", "Two inboxes and a shared calendar kept clear."),
         ("Supplier list for {client}", "Three hundred suppliers checked and organised."),
         ("Customer support inbox for {client}", "Replies within a day, in two languages."),
         ("Event admin for {client}", "Invitations, sign-ups and follow-up for a two-day event."),
         ("Market research for {client}", "Prices and contacts for forty competitors."))),
    "it-support": Track(
        6, ("IT support", "Linux", "Customer support", "Cloud (AWS)", "Docker", "Microsoft Office"),
        ("IT support technician", "Help-desk engineer", "Junior cloud engineer", "Linux and network technician",
         "IT support engineer"),
        ("for small offices and remote teams", "who explains fixes without jargon",
         "setting up networks, backups and laptops", "keeping Linux servers patched and running",
         "with hands-on AWS and Docker", "on call across Middle East and Europe hours"),
        (("Office network set-up for {client}", "Wi-Fi, a printer and shared folders for twelve people."),
         ("Laptop clean-up for {client}", "Twenty laptops updated, backed up and encrypted."),
         ("Help-desk runbook for {client}", "Step-by-step fixes for the twenty most common requests."),
         ("Backup plan for {client}", "Nightly backups with a tested restore."),
         ("Server move for {client}", "An old server moved to the cloud without a day of downtime."))),
    "software-testing": Track(
        4, ("Software testing", "Test automation", "SQL", "Agile", "Git", "Python"),
        ("QA tester", "Software tester", "Test automation engineer", "Manual and automated tester", "QA analyst"),
        ("who finds the bugs before your users do", "moving into test automation", "for web and mobile releases",
         "writing clear, reproducible bug reports", "for teams shipping every week",
         "with an eye for accessibility problems"),
        (("Test plan for {client}", "Two hundred test cases for a new release."),
         ("Automated checks for {client}", "Sign-up and payment checked automatically on every change."),
         ("Bug hunt for {client}", "Forty bugs found and written up before launch."),
         ("Release checklist for {client}", "A one-page checklist the team now runs before each release."))),
    "data-annotation": Track(
        5, ("Data annotation", "Data entry", "Content moderation", "Online research", "Excel"),
        ("AI data annotator", "Data annotation specialist", "Content moderator and annotator",
         "Annotation quality reviewer", "Data labelling team lead"),
        ("with a careful eye for quality", "for image, text and audio data", "in {native} and English",
         "who writes clear labelling guidelines", "for speech and transcription projects",
         "keeping 98% accuracy on review"),
        (("Image labelling for {client}", "Twelve thousand images labelled and double-checked."),
         ("{native} text classification for {client}", "Five thousand posts sorted into twelve topics."),
         ("Labelling guidelines for {client}", "A ten-page guide that cut disagreements by half."),
         ("Audio transcription set for {client}", "Thirty hours of {native} speech transcribed."))),
}
EXTRA_TRACKS = (("freelancing-essentials", 0.35), ("english-for-work", 0.3))
# skills that are tools a piece of work is "made with" (the others are what the work is)
TOOLS = {"HTML", "CSS", "JavaScript", "React", "Node.js", "PHP", "WordPress", "TypeScript", "Laravel", "Flutter",
         "Kotlin", "Java", "Excel", "SQL", "Python", "Django", "Power BI", "Pandas", "Google Sheets", "Kobo Toolbox", "Figma",
         "Adobe Illustrator", "Adobe Photoshop", "Canva", "Google Ads", "Linux", "Docker", "Cloud (AWS)",
         "Microsoft Office", "Notion"}
CLIENTS = ("a women's sewing cooperative", "a family bakery", "a youth football club", "a legal-aid NGO",
           "a dental clinic", "a second-hand bookshop", "a solar-panel installer", "a language school",
           "a community radio station", "a coffee roaster", "a tailoring workshop", "a phone-repair shop",
           "a medical-supplies distributor", "a community library", "a driving school", "a wedding photographer",
           "a honey producer", "a vocational training centre", "a microfinance lender", "a primary school",
           "a refugee-led theatre group", "a food-aid programme", "a tour guide collective",
           "an olive-oil cooperative", "a veterinary clinic", "a furniture workshop", "a women's health centre",
           "a small hotel", "a spice trader", "a children's charity", "a bicycle repair shop", "a music school",
           "a pharmacy chain", "a housing rights group", "a recycling start-up", "a local newspaper",
           "a family-run restaurant", "an architecture studio", "a cleaning company", "a mental-health helpline")

LEVELS = {"junior": ("beginner",) * 3 + ("intermediate",) * 3 + ("advanced",),
          "mid": ("beginner",) + ("intermediate",) * 3 + ("advanced",) * 3 + ("expert",),
          "senior": ("intermediate",) + ("advanced",) * 3 + ("expert",) * 2}
YEARS = {"beginner": (0.5, 1, 1, 1.5, 2), "intermediate": (1, 2, 2, 3, 4),
         "advanced": (3, 4, 5, 6, 8), "expert": (5, 6, 7, 8, 10, 12)}
RANK = {"beginner": 0, "intermediate": 1, "advanced": 2, "expert": 3}
# the main kind of work sought -> hours a week that fit it
HOURS = {"full-time": (35, 40, 40, 40), "part-time": (15, 20, 20, 25), "freelance": (10, 15, 20, 25, 30),
         "internship": (20, 25, 30)}

DEGREES = (("BSc Computer Science", 4), ("BA English Literature", 4), ("BSc Civil Engineering", 5),
           ("BA Business Administration", 4), ("BSc Pharmacy", 5), ("BA Translation", 4), ("Diploma in Accounting", 2),
           ("BSc Mathematics", 4), ("BA Journalism", 4), ("BSc Information Technology", 4), ("BA Fine Arts", 4),
           ("BSc Nursing", 4), ("BA Economics", 4), ("BSc Agriculture", 4), ("BA Law", 4),
           ("Diploma in Electrical Engineering", 2))
UNFINISHED = ("Completed {k} of {n} years before I had to leave",
              "Completed {k} of {n} years; the university cannot issue my transcripts",
              "Completed {k} of {n} years; studies stopped when the university closed",
              "Completed {k} of {n} years; hoping to finish through a scholarship")
# (title, organisation, what they say about it): jobs before leaving, and while settling in
BEFORE_JOBS = (("Mathematics teacher", "Secondary school", "Taught three classes of forty students."),
               ("Accountant", "Family business", "Kept the accounts and the stock records."),
               ("Pharmacy assistant", "Community pharmacy", "Ran the counter on my own in the last year."),
               ("Site engineer", "Construction company", "Supervised two housing projects."),
               ("Radio presenter", "Local radio station", "Presented a weekly programme for young people."),
               ("Office administrator", "Import-export company", "Handled shipping papers and customs forms."),
               ("Bank clerk", "Commercial bank", "Left when it was no longer safe to stay."),
               ("Shop manager", "Family shop", "Ran the shop with my father until we left."),
               ("Lab technician", "District hospital", "Ran blood tests on night shifts."),
               ("Primary school teacher", "Public school", "Left when the school closed."))
ARRIVAL_JOBS = (("Community mobiliser", "International NGO",
                 "Helped new arrivals find services, in {native} and English."),
                ("Data collector", "UN agency implementing partner", "Ran household surveys on a tablet."),
                ("Interpreter", "Medical NGO", "Interpreted between {native} and English at a clinic."),
                ("Teaching assistant", "Camp school", "Helped run classes of fifty children."),
                ("Sales assistant", "Mobile phone shop", "Sold and set up phones; fixed small faults."),
                ("Warehouse assistant", "Food-aid distributor", "Kept stock and distribution records."),
                ("Cashier", "Supermarket", "Trained two newer colleagues."),
                ("Community health volunteer", "Refugee-led community organisation",
                 "Visited families and referred them to clinics."),
                ("Receptionist", "Hotel", "Answered guests in three languages."),
                ("Tailor", "Women's sewing cooperative", "Made school uniforms to order."))
# (title, organisations, what they say about it) in the field trained for, from the first job to the last
FIELD_JOBS = (("{Role} intern", ("Digital agency (remote)", "Local start-up", "International NGO", "Social enterprise"),
               ("Paired with a senior colleague on client work.",
                "Shipped small pieces of work from the second week.")),
              ("Junior {role}", ("Digital agency (remote)", "Local start-up", "E-commerce company (remote)",
                                 "Software company (remote)", "Family business"),
               ("Built and kept up tools the whole team used.", "Worked to weekly deadlines with a team in three time "
                                                                "zones.")),
              ("Freelance {role}", ("Online clients (freelance)", "Self-employed (freelance)"),
               ("Delivered work for clients in {n} countries.",
                "Handled requests in {native} and English, with a 4.9/5 client rating.")),
              ("{Role} (contract)", ("International NGO", "Social enterprise", "E-commerce company (remote)",
                                     "Software company (remote)"),
               ("Delivered a six-month project on time and on budget.", "Worked to weekly deadlines with a team in "
                                                                         "three time zones.")))
CURRENT_JOBS = {"placed": ("{Role}", ("Employer met through the programme (remote)",),
                           ("Part of a remote team of {n}.", "Hired after an introduction by the programme.")),
                "open": ("{Role}", ("Digital agency (remote)", "Software company (remote)", "International NGO",
                                    "Social enterprise", "Local start-up"),
                         ("Part of a team of {n}.", "My main job at the moment."))}
COURSES = {"web-development": (("Responsive Web Design", "freeCodeCamp"), ("JavaScript Algorithms", "freeCodeCamp")),
           "mobile-development": (("Android Basics with Compose", "Google"),),
           "data-analysis": (("Google Data Analytics", "Coursera"),
                             ("Introduction to Python", "Programme certificate")),
           "ux-ui-design": (("Google UX Design", "Coursera"),),
           "graphic-design": (("Adobe Certified Professional: Illustrator", "Adobe"),),
           "digital-marketing": (("Meta Social Media Marketing", "Coursera"), ("Google Ads Search", "Google")),
           "content-creation": (("Content Marketing", "HubSpot Academy"),),
           "translation-localisation": (("Community interpreting", "Programme certificate"),),
           "virtual-assistance": (("Google Workspace Essentials", "Google"),),
           "it-support": (("CompTIA A+", "CompTIA"), ("AWS Cloud Practitioner", "Amazon Web Services")),
           "software-testing": (("ISTQB Foundation", "ISTQB"),),
           "data-annotation": (("Data annotation quality", "Programme certificate"),)}
SHARED_COURSES = (("English for the workplace (B2)", "British Council"),
                  ("Freelancing essentials", "Programme certificate"))

# how a summary opens: for people with paid work in their field since the programme, and for the others
OPENERS = {True: ("I trained in the programme's {track} track in {cohort} and have worked with clients since {since}.",
                  "Since the programme's {track} track ({cohort}), I have delivered paid work for clients in {n} "
                  "countries.",
                  "I joined the programme's {track} track in {cohort}; my first paid job in it came {k} months later.",
                  "I have done {area} work since {since}, most of it remotely for clients I have never met in person."),
           False: ("I came to {area} through the programme's {cohort} cohort, after {before}.",
                   "{Area} is my second career: I moved into it through the programme in {cohort}, after {before}.",
                   "I trained in the programme's {track} track in {cohort} and am building my first portfolio of "
                   "paid work.")}
ORIGIN_LINES = ("I grew up in {place} and have lived in {city} since {arrived}.",
                "I left {place} in {left}; {city} has been home since {arrived}.",
                "Home was {place} until {left}. I now live and work in {city}.")
GAP_LINES = ("From {y1} to {y2} I had no paid work: {reason}.",
             "There is a gap in my work history between {y1} and {y2}: {reason}.")
GAP_REASONS = {"short": ("I was caring for my parents after we arrived", "I studied English full-time",
                         "I had no work permit while my residency was processed",
                         "my family moved twice in those years",
                         "I volunteered at a community centre while waiting for papers",
                         "I was recovering from an injury", "I was waiting for my refugee status to be decided"),
               "long": ("refugees could not work legally where I lived, so I took day jobs I cannot list here",
                        "I was raising my children, and I studied online when they slept",
                        "I cared for a family member full-time",
                        "I had no right to work until my residency came through, and volunteered meanwhile")}
STUDY_LINES = ("I finished {k} of {n} years of {degree} before I had to leave, and I still hope to complete it.",
               "My {degree} stopped after year {k}; what I learned there still shapes how I work.")
STRENGTH_LINES = ("My strongest work is in **{top}**, and I am growing my skills in **{weak}**.",
                  "Clients usually come to me for **{top}**; I am still building up my **{weak}**.",
                  "I am at my best with **{top}** and **{second}**.",
                  "Most of my paid work uses **{top}**; I am learning more **{weak}** in the evenings.")
STYLE_LINES = ("I agree the scope in writing, share progress every few days and deliver on time.",
               "Power cuts taught me to plan ahead: I keep offline copies and save my work in small steps.",
               "I mentor newer learners in my cohort, which taught me to explain my work simply.",
               "I have worked with teams in Europe and the Gulf, across time zones, in Slack and Google Workspace.",
               "I ask questions early, so there are fewer surprises late.",
               "I write short notes on every job, so someone else can pick it up after me.",
               "Clients say I am calm under deadlines; I say I plan for them.",
               "I work best with a clear brief and a weekly check-in.",
               "My connection is reliable, and I have a backup for the days it is not.",
               "Most of my clients are NGOs and small family businesses, and I like work that helps people.")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

# The shipped sample: who is in it and where they come from. The ids stay from one generation to
# the next, because photos, bookmarks and tests name them.
SAMPLE = {
    "ahmad-m": "syria", "ahmad-r": "iraq", "amal-r": "syria", "aya-b": "syria", "aya-s": "iraq", "azad-g": "kurdish",
    "baraka-y": "drc", "bashar-n": "syria", "berivan-s": "kurdish", "dima-m": "syria", "dima-z": "syria",
    "esther-a": "drc", "esther-b": "drc", "fadi-f": "syria", "fadi-m": "syria", "firas-m": "syria", "hala-f": "iraq",
    "hala-k": "syria", "hala-s": "sudan", "helen-n": "eritrea", "hozan-b": "kurdish", "kawa-a": "kurdish",
    "kawa-b": "kurdish", "khaled-a": "sudan", "khaled-d": "yemen", "khaled-h": "syria", "lina-j": "syria",
    "luwam-a": "eritrea", "mahad-f": "somalia", "maya-e": "syria", "maya-n": "syria", "nareen-g": "kurdish",
    "nareen-t": "kurdish", "nareen-z": "kurdish", "neema-e": "drc", "omar-g": "iraq", "rania-f": "yemen",
    "rasha-e": "sudan", "rojin-z": "kurdish", "salma-d": "sudan", "samir-m": "iraq", "selam-t": "eritrea",
    "semhar-d": "eritrea", "semhar-y": "eritrea", "tesfay-h": "eritrea", "tesfay-j": "eritrea", "wael-r": "yemen",
    "yonas-z": "eritrea", "zahra-b": "afghanistan", "zhiyan-a": "kurdish", "ziad-m": "syria", "ziad-t": "syria",
    "amna-k": "sudan", "mujtaba-o": "sudan", "afrah-s": "yemen", "nabil-q": "yemen", "farid-n": "afghanistan",
    "mursal-h": "afghanistan", "hodan-w": "somalia", "patrick-m": "drc",
}
SAMPLE_PHOTOS = ("ahmad-m", "azad-g", "dima-z", "firas-m", "hozan-b", "khaled-h", "maya-n", "omar-g")
SAMPLE_EXPIRED, SAMPLE_WITHDRAWN = "zahra-b", "ziad-t"
SAMPLE_DAY = dt.date(2026, 12, 1)        # the day the shipped sample is written for


@dataclass(frozen=True)
class Cast:
    """A person the sample needs: the id, where they come from, and any consent they must have."""
    pid: str
    origin: str
    photo: bool = False
    consent: str = "current"             # "current", "expired" or "withdrawn"


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _lower_first(text: str) -> str:
    """'Data analysis' -> 'data analysis', but 'IT support' and 'UX/UI design' stay as they are."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _ym(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def _month_name(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


# the longest stretch without work since arriving, as (from, to) months: before the first job after
# arriving, between jobs, or since the last one ended
def _longest_gap(after: list, arrived: int, now: int) -> tuple[int, int]:
    edges = [(arrived, after[0][4] if after else now)]
    edges += [(a[5], b[4]) for a, b in zip(after, after[1:])]
    if after and after[-1][5] is not None:
        edges.append((after[-1][5], now))
    return max(edges, key=lambda e: e[1] - e[0])


# the summary's last line: the work they look for, how many hours and from when
def _looking(availability: dict) -> str:
    status, hours = availability["status"], availability["hours_per_week"]
    kinds = " or ".join(availability["engagement"])
    start = dt.date.fromisoformat(availability["from"]) if "from" in availability else None
    if status == "placed":
        return (f"I found my current work through the programme, and have room for about {hours} hours a week "
                f"of {kinds} work.")
    if status == "unavailable":
        return (f"I am not taking work until {_month_name(start)}; after that I can give {hours} hours a week "
                f"to {kinds} work." if start else "I am not taking new work at the moment.")
    if status == "open":
        return (f"I have regular work, but I am open to {kinds} offers of up to {hours} hours a week"
                + (f" from {_month_name(start)}." if start else "."))
    return (f"I am looking for {kinds} work, about {hours} hours a week, "
            + (f"from {_month_name(start)}." if start else "and can start now."))


# ("Arabic-English", "Arabic"): the language pair a translator works in, and the first language
def _language_pair(languages: list[dict]) -> tuple[str, str]:
    codes = [lang["code"].split("-")[0] for lang in languages]
    second = next((c for c in ("en", "fr", "ar") if c in codes[1:]), "en")
    native = LANGUAGE_NAMES.get(codes[0], "Arabic")
    return f"{native}-{LANGUAGE_NAMES[second]}", native


# a headline for a role and focus, plain and with each strong skill the role doesn't already name
_NO_HEADLINE = {"Git"}          # skills every developer has: no headline names them


def _role_lines(role_text: str, focus_text: str, strongest: list[dict]) -> list[str]:
    """The headline, and with a tool the role leaves open: "Web developer (React) ...", never "translator
    (Translation)", "WordPress developer (Django)" (the role names its tool) or a second bracket."""
    lines = [f"{role_text} {focus_text}"]
    names_a_tool = "(" in role_text or any(t.casefold() in role_text.casefold() for t in TOOLS)
    for s in strongest:
        if not names_a_tool and s["name"] not in _NO_HEADLINE and s["name"][:6].casefold() not in role_text.casefold():
            lines.append(f"{role_text} ({s['name']}) {focus_text}")
    return lines


class _Deck:
    """Deals the least used of a finite set of choices: repeats come as late, and as evenly, as they can."""

    def __init__(self):
        self.used: Counter = Counter()

    def deal(self, rng: random.Random, options: list):
        least = min(self.used[o] for o in options)
        pick = rng.choice([o for o in options if self.used[o] == least])
        self.used[pick] += 1
        return pick


class _Shares:
    """Deals keys in proportion to their weights, so even a small sample has the spread the weights
    describe (a random draw of ten could put six people in one country)."""

    def __init__(self):
        self.used: Counter = Counter()

    def deal(self, rng: random.Random, weights: dict, group: str = ""):
        def behind(key):
            return (self.used[group, key] + 1) / weights[key]
        least = min(behind(k) for k in weights)
        pick = rng.choice([k for k in weights if behind(k) == least])
        self.used[group, pick] += 1
        return pick


class Synth:
    """Invents people one at a time, and remembers what it dealt so that no two read alike."""

    def __init__(self, seed: int, today: dt.date, sample: bool = False):
        self.rng = random.Random(seed)
        self.today = today
        self.sample = sample
        self.tracks = load_vocabulary().tracks
        self.headlines = _Deck()
        self.projects = _Deck()
        self.shares = _Shares()
        self.summaries: set[str] = set()

    def person(self, n: int, cast: Cast | None = None) -> tuple[str, dict, dict]:
        """(id, profile, the tracks the programme confirms: track -> (completion day, assessed skills))
        for the n-th person."""
        if not (cast and cast.consent == "expired"):
            return self._invent(n, cast)
        today = self.today              # written two years ago and never touched since: all of it as of then
        self.today = _add_years(today, -2) - dt.timedelta(days=self.rng.randint(20, 100))
        try:
            return self._invent(n, cast)
        finally:
            self.today = today

    def _invent(self, n: int, cast: Cast | None) -> tuple[str, dict, dict]:
        rng, today = self.rng, self.today
        origin_key, first, initial, pid = self._identity(n, cast)
        origin = ORIGINS[origin_key]
        country = self.shares.deal(rng, origin.lives, group=origin_key)
        zone, towns, local = COUNTRIES[country]
        now = today.year * 12 + today.month - 1
        left, arrived, cohort, cohort_month = self._dates(origin, now)

        track = self.shares.deal(rng, {k: t.weight for k, t in TRACKS.items()})
        tracks = [track] + [t for t, p in EXTRA_TRACKS if rng.random() < p]
        languages = self._languages(origin, local, now - arrived, "english-for-work" in tracks)
        native = LANGUAGE_NAMES.get(languages[0]["code"].split("-")[0], "Arabic")
        # years at the work: since the programme, plus any self-taught or earlier work before it
        practice = (now - cohort_month) / 12 + rng.choice([0, 0, 0, 0, 1, 1, 2, 3])
        seniority = "junior" if practice < 2 else "mid" if practice < 5 else "senior"
        skills = self._skills(track, practice, seniority)
        availability = self._availability()
        experience, gap, first_field = self._experience(track, left, arrived, cohort_month, availability["status"],
                                                        native)
        education, unfinished = self._education(origin, left)
        consent = self._consent(cast)
        data = self._name(first, initial, pid)
        data["headline"] = self._headline(track, seniority, skills, languages)
        data["summary"] = ""            # written last, from everything else; here for the order of the file
        data["skills"] = skills
        self._add_languages_and_hours(data, languages, zone, consent, availability)
        data["tracks"] = tracks
        self._add_record(data, experience, education, track, cohort_month, now)
        self._add_work_shown(data, pid, track, skills, native)
        if cast and cast.photo:
            data["photo"] = f"profiles/photos/{pid}.jpg"
        if consent["country"]:        # the file is public: a country is written only where it may be shown
            data["country"] = country
        data["consent"] = consent
        data["updated"] = self._updated(data, consent)
        place = self._place(origin, towns, left, arrived) if consent["country"] else None
        data["summary"] = self._summary(track, cohort, cohort_month, skills, availability, place, gap, unfinished,
                                        experience, first_field, power_cuts=country not in ("DE", "NO", "CA"))
        verified = [t for t in tracks if rng.random() < (0.6 if t == track else 0.5)]
        return pid, data, self._completions(verified, track, skills, cohort_month, now)

    # what the programme's records say of each confirmed track: the day it ended (the main track about
    # five months after the cohort began, the short ones alongside it; never this month) and, for the
    # main track, the person's skills its assessment covered (no draw: the sample stays as it was)
    @staticmethod
    def _completions(verified: list[str], track: str, skills: list[dict], cohort_month: int,
                     now: int) -> dict[str, tuple[dt.date, list[str]]]:
        ended = min(cohort_month + 5, now - 1) + 1
        day = dt.date(ended // 12, ended % 12 + 1, 1) - dt.timedelta(days=1)
        assessed = [s["name"] for s in skills if s["name"] in TRACKS[track].skills][:3]
        return {t: (day, assessed if t == track else []) for t in verified}

    # origin key, first name, initial and id: the cast's if given, else drawn
    def _identity(self, n: int, cast: Cast | None) -> tuple[str, str, str, str]:
        rng = self.rng
        if cast:
            origin = ORIGINS[cast.origin]
            first_slug, initial = cast.pid.rsplit("-", 1)
            first = next(name for names in origin.names.values() for name in names if _slug(name) == first_slug)
            return cast.origin, first, initial.upper(), cast.pid
        origin_key = _weighted(rng, {k: o.weight for k, o in ORIGINS.items()})
        origin = ORIGINS[origin_key]
        gender = rng.choices(["f", "m", "x"], [48, 48, 4 if "x" in origin.names else 0])[0]
        first = rng.choice(origin.names[gender])
        initial = rng.choice("ABDEFGHJKMNRSTYZ")
        return origin_key, first, initial, f"{_slug(first)}-{initial.lower()}-{n:05d}"

    # months (year * 12 + month - 1) they left and arrived; the cohort's year and month
    def _dates(self, origin: Origin, now: int) -> tuple[int, int, int, int]:
        rng, today = self.rng, self.today
        left = min(rng.randint(*origin.left) * 12 + rng.randint(0, 11), now - 18)
        arrived = left + rng.choice([0, 0, 1, 2, 6, 12])
        cohort = rng.randint(max(arrived // 12 + 1, today.year - 6), today.year) if arrived // 12 < today.year \
            else today.year
        cohort_month = min(cohort * 12 + rng.randint(0, 11), now - 1)
        return left, arrived, cohort, cohort_month

    # the profile's first keys: the synthetic label, name, GitHub login and perhaps pronouns
    def _name(self, first: str, initial: str, pid: str) -> dict:
        data: dict = {"synthetic": True, "name": f"{first} {initial}.", "github": f"{pid}-demo"[:39].rstrip("-")}
        if pronouns := self.rng.choice(PRONOUNS[GENDER[first]] + (None,) * 8):
            data["pronouns"] = pronouns
        return data

    # languages, time zone, working hours (usually) and availability
    def _add_languages_and_hours(self, data: dict, languages: list[dict], zone: str, consent: dict,
                                 availability: dict) -> None:
        # the file is public: without country consent, no language region (ar-SY names Syria) and the
        # zone as a whole-hour offset (P025)
        data["languages"] = languages if consent["country"] else [
            {**lang, "code": lang["code"].split("-")[0]} for lang in languages]
        data["timezone"] = zone if consent["country"] else whole_hour_offset(zone, self.today)
        if self.rng.random() < 0.85:
            data["working_hours"] = self._working_hours(availability["hours_per_week"])
        data["availability"] = availability

    # experience and education when there are any; certificates for most
    def _add_record(self, data: dict, experience: list[dict], education: list[dict], track: str, cohort_month: int,
                    now: int) -> None:
        if experience:
            data["experience"] = experience
        if education:
            data["education"] = education
        if self.rng.random() < 0.6:
            data["certificates"] = self._certificates(track, cohort_month, now)

    # a portfolio for most (fewer in tracks whose work is hard to show) and a website for some
    def _add_work_shown(self, data: dict, pid: str, track: str, skills: list[dict], native: str) -> None:
        rng = self.rng
        portfolio_odds = 0.5 if track in ("virtual-assistance", "it-support", "data-annotation") else 0.85
        if rng.random() < portfolio_odds:
            data["portfolio"] = self._portfolio(pid, track, skills, native)
        if rng.random() < 0.3:
            data["links"] = {"website": f"https://{pid}.example.net/"}

    # last checked on or after consent was given and the newest month the profile mentions
    def _updated(self, data: dict, consent: dict) -> str:
        mentioned = [d for item in data.get("experience", []) + data.get("certificates", [])
                     for d in (item.get("start"), item.get("end"), item.get("date")) if d]
        checked = self.today - dt.timedelta(days=self.rng.randint(0, 300))
        return str(max([dt.date.fromisoformat(consent["given"]), checked]
                       + [dt.date.fromisoformat(f"{d}-01") for d in mentioned]))

    # where they grew up and live now, and the years they left and arrived, for the summary
    def _place(self, origin: Origin, towns: tuple[str, ...], left: int, arrived: int) -> dict:
        return {"place": self.rng.choice(origin.places), "city": self.rng.choice(towns), "left": left // 12,
                "arrived": arrived // 12}

    def _languages(self, origin: Origin, local: str | None, months_there: int, english_track: bool) -> list[dict]:
        rng = self.rng
        langs = [{"code": rng.choice(origin.native), "level": "native"}]
        extra = [(code, ("B1", "B2", "B2", "C1") if code == "en" and english_track else levels)
                 for code, odds, levels in origin.also if rng.random() < odds or (code == "en" and english_track)]
        if local and months_there >= 24 and rng.random() < 0.7:
            extra.append((local, ("A2", "B1", "B2")))
        for code, levels in extra:
            if all(code.split("-")[0] != lang["code"].split("-")[0] for lang in langs) and len(langs) < 4:
                langs.append({"code": code, "level": rng.choice(levels)})
        return langs

    def _skills(self, track: str, practice: float, seniority: str) -> list[dict]:
        """Self-assessed levels that fit the years: no more years at a skill than at the work."""
        rng = self.rng
        pool = TRACKS[track].skills
        skills = []
        for name in rng.sample(pool, rng.randint(3, min(7, len(pool)))):
            level = rng.choice(LEVELS[seniority])
            while RANK[level] and min(YEARS[level]) > practice:
                level = next(k for k, r in RANK.items() if r == RANK[level] - 1)
            skill = {"name": name, "level": level}
            if rng.random() < 0.7:
                skill["years"] = rng.choice([y for y in YEARS[level] if y <= max(practice, 0.5)] or [0.5])
            skills.append(skill)
        return sorted(skills, key=lambda s: -RANK[s["level"]])

    def _availability(self) -> dict:
        rng, today = self.rng, self.today
        status = rng.choices(["available", "open", "placed", "unavailable"], [40, 20, 25, 15])[0]
        if status == "placed":          # in work through the programme: room for a little freelance work
            engagement, hours = ["freelance"], rng.choice([5, 5, 10, 10, 15])
        else:
            main = rng.choices(list(HOURS), [30, 30, 30, 10])[0]
            engagement = sorted({main} | ({rng.choice(["freelance", "part-time"])} if rng.random() < 0.4 else set()))
            if main != "full-time":
                engagement = [e for e in engagement if e != "full-time"] or [main]
            hours = rng.choice(HOURS[main])
        availability = {"status": status, "hours_per_week": hours, "engagement": engagement}
        # "from": the day they can start, if not now
        starts = {"available": 0.15, "open": 0.3, "placed": 0, "unavailable": 0.85}[status]
        if rng.random() < starts:
            availability["from"] = str(today + dt.timedelta(days=rng.randint(14, 40) if status == "available"
                                                             else rng.randint(45, 240)))
        return availability

    def _working_hours(self, hours_per_week: int) -> dict:
        """A working day long enough for the hours a week over five days; some late, for clients further west."""
        rng = self.rng
        length = max(-(-hours_per_week // 5), rng.choice([4, 5, 6, 8, 8, 8]))
        start = rng.choice([7, 8, 8, 9, 9, 9, 10, 12, 14, 16])
        return {"start": f"{start:02d}:00", "end": f"{(start + length) % 24:02d}:00"}

    def _headline(self, track: str, seniority: str, skills: list[dict], languages: list[dict]) -> str:
        """A role that fits the seniority, what they focus on, and perhaps their strongest skill."""
        t = TRACKS[track]
        pair, native = _language_pair(languages)
        options = []
        roles = [r for r in t.roles if ("Junior" not in r or seniority == "junior")
                 and ("lead" not in r or seniority == "senior")]
        strongest = [s for s in skills[:2] if RANK[s["level"]] >= RANK["intermediate"]]
        for role in roles:
            for focus in t.focuses:
                options += _role_lines(role.format(pair=pair), focus.format(native=native), strongest)
        return self.headlines.deal(self.rng, [o for o in options if len(o) <= 90])

    def _portfolio(self, pid: str, track: str, skills: list[dict], native: str) -> list[dict]:
        rng = self.rng
        items, kinds = [], list(TRACKS[track].projects)
        for _ in range(rng.choice([1, 1, 2, 2, 3])):        # a different kind of project each time
            title, description = self.projects.deal(rng, [(t.format(client=c, native=native), d)
                                                          for t, d in kinds for c in CLIENTS])
            kinds = [k for k in kinds if k[1] != description]
            tools = [s["name"] for s in skills if s["name"] in TOOLS]
            made_with = rng.sample(tools, min(len(tools), rng.choice([0, 1, 2])))
            if made_with:
                description += f" Made with {' and '.join(made_with)}."
            items.append({"title": title, "url": f"https://example.org/portfolio/{pid}/{_slug(title)}",
                          "description": description.format(native=native)})
        return items

    def _experience(self, track: str, left: int, arrived: int, cohort_month: int, status: str, native: str):
        """Jobs newest first; the longest gap since arriving (months) for the summary to explain, if a
        year or more; and when the first paid work in the field trained for began (month), if it did."""
        rng, today = self.rng, self.today
        now = today.year * 12 + today.month - 1
        role = _lower_first(rng.choice(TRACKS[track].roles).format(pair="freelance"))
        words = {"role": role, "Role": role[:1].upper() + role[1:]}
        jobs = []           # (kind, title, organisation, note, start, end or None for ongoing, remote)
        if rng.random() < 0.35:
            title, org, note = rng.choice(BEFORE_JOBS)
            jobs.append(["before", title, org, note, left - rng.randint(12, 60), left - rng.randint(0, 3), False])
        t = self._add_arrival_jobs(jobs, arrived, cohort_month, now, native)
        t = max(t, cohort_month + rng.randint(1, 9))
        self._add_field_jobs(jobs, t, now, words, native)
        self._add_current_job(jobs, status, cohort_month, now, words)
        gap = _longest_gap([j for j in jobs if j[0] != "before"], arrived, now)
        written = []
        for kind, title, org, note, start, end, remote in reversed(jobs):
            item = {"title": title, "organisation": org, "start": _ym(start)}
            if end is not None:
                item["end"] = _ym(end)
            item["remote"] = remote
            if rng.random() < 0.5:
                item["summary"] = note
            written.append(item)
        long_gap = gap[1] - gap[0] >= 12 and gap[1] // 12 > gap[0] // 12
        return written, (gap if long_gap else None), min((j[4] for j in jobs if j[0] == "field"), default=None)

    # jobs while settling in, before the programme; returns the month the next job may start
    def _add_arrival_jobs(self, jobs: list, arrived: int, cohort_month: int, now: int, native: str) -> int:
        rng = self.rng
        t = arrived + rng.choice([2, 4, 8, 12, 18, 24, 30])
        settling = (cohort_month - arrived) // 36 + rng.choice([0, 0, 1])
        for title, org, note in rng.sample(ARRIVAL_JOBS, min(3, settling)):
            if t >= cohort_month:
                break
            end = min(t + rng.randint(4, 30), cohort_month, now)
            jobs.append(["arrival", title, org, note.format(native=native), t, end, False])
            t = end + rng.choice([0, 1, 2, 3, 6, 12, 18, 24])
        return t

    # none, one or two jobs in the field trained for, from month t on, ending by now
    def _add_field_jobs(self, jobs: list, t: int, now: int, words: dict, native: str) -> None:
        rng = self.rng
        for title, orgs, notes in sorted(rng.sample(FIELD_JOBS, rng.choice([0, 1, 1, 2])), key=FIELD_JOBS.index):
            if t >= now:
                break
            end = min(t + rng.randint(4, 30), now)
            org = rng.choice(orgs)
            note = rng.choice(notes).format(n=rng.randint(2, 5), native=native)
            remote = "remote" in org or "freelance" in org or rng.random() < 0.4
            jobs.append(["field", title.format(**words), org, note, t, end, remote])
            t = end + rng.choice([0, 1, 2, 3, 6, 12])

    # placed or open: a job going on now; otherwise the last job has ended a month or more ago
    def _add_current_job(self, jobs: list, status: str, cohort_month: int, now: int, words: dict) -> None:
        rng = self.rng
        if status in CURRENT_JOBS:
            title, orgs, notes = CURRENT_JOBS[status]
            start = min(now, max(cohort_month, now - rng.randint(2, 14), *(j[5] for j in jobs)))
            note = rng.choice(notes).format(n=rng.randint(3, 12))
            jobs.append(["field", title.format(**words), rng.choice(orgs), note, start, None, True])
        elif jobs and jobs[-1][5] >= now:
            jobs[-1][5] = max(jobs[-1][4], now - rng.randint(1, 3))

    def _education(self, origin: Origin, left: int) -> tuple[list[dict], dict | None]:
        """Studies, with what was left unfinished and why; and the unfinished degree, if any."""
        rng, today = self.rng, self.today
        education, unfinished = [], None
        roll = rng.random()
        if roll < 0.75:
            degree, years = rng.choice(DEGREES)
            if rng.random() < 0.45:
                education.append({"title": degree, "institution": rng.choice(origin.universities), "completed": True,
                                  "year": left // 12 - rng.randint(0, 4)})
            else:
                k = rng.randint(1, years - 1)
                unfinished = {"degree": degree, "k": k, "n": years}
                education.append({"title": degree, "institution": rng.choice(origin.universities),
                                  "completed": False, "year": left // 12,
                                  "note": rng.choice(UNFINISHED).format(k=k, n=years)})
        elif roll < 0.9:
            education.append({"title": "Secondary school certificate", "institution": "Public secondary school",
                              "completed": True, "year": left // 12 - rng.randint(0, 6)})
        later = rng.random()
        if later < 0.15:
            k = rng.randint(1, 3)
            education.append({"title": rng.choice(["BSc Computer Science", "BSc Business Administration"]),
                              "institution": "University of the People (online)", "completed": False,
                              "note": f"In progress: {k} of 4 years done, studying in the evenings"})
        elif later < 0.3:
            education.append({"title": rng.choice(["Vocational certificate in accounting",
                                                   "Vocational certificate in IT"]),
                              "institution": "Programme partner college", "completed": True,
                              "year": rng.randint(min(left // 12 + 1, today.year - 1), today.year - 1)})
        return education, unfinished

    def _certificates(self, track: str, cohort_month: int, now: int) -> list[dict]:
        rng = self.rng
        pool = list(COURSES[track]) + list(SHARED_COURSES)
        return [{"name": name, "issuer": issuer, "date": _ym(rng.randint(min(cohort_month, now), now))}
                for name, issuer in rng.sample(pool, rng.randint(1, min(2, len(pool))))]

    def _consent(self, cast: Cast | None) -> dict:
        rng, today = self.rng, self.today
        kind = cast.consent if cast else "current"
        given = today - dt.timedelta(days=rng.randint(5, 365 if self.sample else 650))
        expires = _add_years(given, 2) - dt.timedelta(days=1)
        if not self.sample and rng.random() < 0.15:    # a shorter consent, never ending within a month (that warns)
            expires = min(expires, max(today + dt.timedelta(days=45), given + dt.timedelta(days=rng.randint(300, 700))))
        consent = {"given": str(given), "expires": str(expires)}
        if kind == "withdrawn":
            withdrawn = given + dt.timedelta(days=rng.randint(30, 200))
            consent["withdrawn"] = str(min(today - dt.timedelta(days=3), withdrawn))
        consent["photo"] = bool(cast and cast.photo)
        consent["country"] = rng.random() < 0.65
        return consent

    def _summary(self, track, cohort, cohort_month, skills, availability, place, gap, unfinished, experience,
                 first_field, power_cuts) -> str:
        rng = self.rng
        name = self.tracks[track]["name"]
        before = (f"studying {unfinished['degree']}" if unfinished
                  else f"working as {_a(experience[-1]['title'].lower())}" if experience else "finishing school")
        facts = {"track": name, "area": _lower_first(name), "Area": name, "cohort": cohort, "before": before,
                 "n": rng.randint(2, 6), "since": first_field and first_field // 12,
                 "k": first_field and max(1, first_field - cohort_month)}
        looking = _looking(availability)
        for _ in range(50):
            opening = [rng.choice(OPENERS[first_field is not None]).format(**facts)]
            if place:
                opening.append(rng.choice(ORIGIN_LINES).format(**place))
            history = self._history(gap, unfinished)
            strengths = self._strengths(skills, power_cuts)
            text = "\n\n".join(" ".join(p) for p in (opening, history, strengths, [looking]) if p) + "\n"
            if text not in self.summaries:
                break
        self.summaries.add(text)
        return text

    # the summary's lines on a long gap between jobs and on studies left unfinished, when there are any
    def _history(self, gap: tuple[int, int] | None, unfinished: dict | None) -> list[str]:
        rng = self.rng
        history = []
        if gap:
            reasons = GAP_REASONS["long" if gap[1] - gap[0] > 36 else "short"]
            history.append(rng.choice(GAP_LINES).format(y1=gap[0] // 12, y2=gap[1] // 12,
                                                        reason=rng.choice(reasons)))
        if unfinished and rng.random() < 0.5:
            history.append(rng.choice(STUDY_LINES).format(**unfinished))
        return history

    # the summary's lines on their strongest skills and how they work (no power cuts where there are none)
    def _strengths(self, skills: list[dict], power_cuts: bool) -> list[str]:
        rng = self.rng
        top, weak = skills[0]["name"], skills[-1]["name"]
        second = skills[1]["name"]
        strengths = [rng.choice(STRENGTH_LINES).format(top=top, weak=weak, second=second)]
        strengths += rng.sample([s for s in STYLE_LINES if power_cuts or "Power cuts" not in s], rng.randint(1, 2))
        return strengths


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Readable YAML: multi-line text as a block, keys in the order written."""


def _str(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def dump(data: dict) -> str:
    return HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def registry_text(verified: dict[str, tuple[str, dict]]) -> str:
    """data/verified-tracks.yml for these people: id -> (GitHub login, {track: (completed, skills)}),
    each completion with the next credential number."""
    lines, number = [REGISTRY_HEADER, "verified:\n"], 0
    for pid in sorted(verified):
        login, tracks = verified[pid]
        if not tracks:
            continue
        lines.append(f"  {pid}:\n    github: {login}\n    tracks:\n")
        for track, (completed, skills) in tracks.items():
            number += 1
            assessed = f", skills: [{', '.join(json.dumps(s) for s in skills)}]" if skills else ""
            lines.append(f"      {track}: {{completed: {completed}, credential: {number}{assessed}}}\n")
    lines.append(REVOKED_HEADER + "revoked: {}\n")
    return "".join(lines)


def write_profiles(out: Path, count: int, seed: int = 1, today: dt.date | None = None, short_ids: bool = False,
                   verified: Path | None = None) -> int:
    """Write `count` profiles; short_ids gives readable ids (amal-h) instead of numbered ones.
    verified: also write the registry of the tracks the programme confirms for them."""
    synth = Synth(seed, today or consent_today())
    out.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    confirmed = {}
    for n in range(count):
        pid, data, tracks = synth.person(n)
        if short_ids:
            base = pid.rsplit("-", 1)[0]
            pid = next(c for c in [base] + [f"{base}{i}" for i in range(2, 99)] if c not in used)
            data["github"] = f"{pid}-demo"
            for item in data.get("portfolio", []):
                item["url"] = re.sub(r"/portfolio/[^/]+/", f"/portfolio/{pid}/", item["url"])
            if "links" in data:
                data["links"]["website"] = f"https://{pid}.example.net/"
        used.add(pid)
        confirmed[pid] = (data["github"], tracks)
        (out / f"{pid}.yaml").write_text(dump(data), encoding="utf-8")
    if verified:
        verified.write_text(registry_text(confirmed), encoding="utf-8")
    return count


def write_sample(out: Path, verified: Path | None = None, seed: int = 1, today: dt.date | None = None) -> int:
    """Write the shipped sample: the people in SAMPLE, photos for SAMPLE_PHOTOS, one expired and one
    withdrawn consent, as of SAMPLE_DAY unless `today` is given."""
    synth = Synth(seed, today or SAMPLE_DAY, sample=True)
    out.mkdir(parents=True, exist_ok=True)
    confirmed = {}
    for n, (pid, origin) in enumerate(SAMPLE.items()):
        consent = "expired" if pid == SAMPLE_EXPIRED else "withdrawn" if pid == SAMPLE_WITHDRAWN else "current"
        pid, data, tracks = synth.person(n, Cast(pid, origin, photo=pid in SAMPLE_PHOTOS, consent=consent))
        confirmed[pid] = (data["github"], tracks)
        (out / f"{pid}.yaml").write_text(dump(data), encoding="utf-8")
    if verified:
        verified.write_text(registry_text(confirmed), encoding="utf-8")
    return len(SAMPLE)
