"""synth: invent valid, varied profiles (labelled synthetic) for samples and scale tests.

The people are invented; the variety is not: where alumni live and work, the languages they
speak, interrupted studies, gaps between jobs, placed and available people side by side.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

from .clock import consent_today
from .validate import _add_years

HEADER = ("# SYNTHETIC SAMPLE: an invented person, not a real alum.\n"
          "# Written by `python -m build_scripts synth`; any likeness to a real person is chance.\n"
          "# yaml-language-server: $schema=../schemas/profile.schema.json\n")

# (weight, country, time zones, first languages, other languages)
REGIONS = [
    (22, "JO", ["Asia/Amman"], ["ar", "ar-SY", "ar-IQ"], ["en", "en", "fr", "tr"]),
    (16, "LB", ["Asia/Beirut"], ["ar", "ar-SY"], ["en", "fr", "fr"]),
    (14, "IQ", ["Asia/Baghdad"], ["ar", "ckb", "kmr", "ku"], ["en", "ar", "tr"]),
    (8, "KE", ["Africa/Nairobi"], ["ti", "so", "sw", "am"], ["en", "sw", "ar"]),
    (7, "UG", ["Africa/Kampala"], ["sw", "fr", "rw"], ["en", "fr", "ln"]),
    (6, "DE", ["Europe/Berlin"], ["ar", "fa", "kmr"], ["de", "en"]),
    (5, "TR", ["Europe/Istanbul"], ["ar", "fa"], ["tr", "en"]),
    (4, "EG", ["Africa/Cairo"], ["ar-SD", "ar"], ["en", "fr"]),
    (3, "ET", ["Africa/Addis_Ababa"], ["ti", "am", "om"], ["en", "ar"]),
    (3, "NO", ["Europe/Oslo"], ["ar", "ti"], ["no", "en"]),
]
FIRST = {
    "ar": ["Amal", "Yousef", "Rania", "Omar", "Lina", "Khaled", "Hiba", "Ahmad", "Nour", "Samir", "Dima", "Tariq",
           "Reem", "Bashar", "Hala", "Firas", "Maya", "Ziad", "Salma", "Mahmoud", "Rasha", "Wael", "Aya", "Fadi"],
    "ku": ["Azad", "Rojin", "Shilan", "Dilan", "Baran", "Zhiyan", "Hozan", "Nareen", "Berivan", "Kawa"],
    "ti": ["Semhar", "Yonas", "Filmon", "Helen", "Tesfay", "Selam", "Merhawi", "Luwam"],
    "sw": ["Amani", "Baraka", "Neema", "Juma", "Zawadi", "Imani", "Grâce", "Dieudonné", "Esther", "Patrick"],
    "so": ["Hodan", "Abdi", "Fadumo", "Ayaan", "Mahad"],
    "fa": ["Farid", "Mursal", "Zahra", "Wahid", "Parisa", "Hamid"],
}
TRACK_SKILLS = {
    "web-development": ["HTML", "CSS", "JavaScript", "React", "Node.js", "PHP", "WordPress", "Git", "TypeScript", "Laravel"],
    "mobile-development": ["Flutter", "Kotlin", "Android development", "Java", "Git", "REST APIs"],
    "data-analysis": ["Excel", "SQL", "Python", "Power BI", "Data visualisation", "Statistics", "Pandas", "Google Sheets", "Kobo Toolbox"],
    "ux-ui-design": ["Figma", "UI design", "UX research", "Adobe Illustrator", "HTML", "CSS"],
    "graphic-design": ["Graphic design", "Adobe Photoshop", "Adobe Illustrator", "Canva", "Motion graphics", "Video editing", "Illustration"],
    "digital-marketing": ["Digital marketing", "Social media management", "SEO", "Google Ads", "Email marketing", "Canva", "Content writing"],
    "content-creation": ["Content writing", "Proofreading", "Video editing", "Social media management", "SEO", "Photography"],
    "translation-localisation": ["Translation", "Localisation", "Proofreading", "Subtitling", "Transcription", "Interpretation"],
    "virtual-assistance": ["Virtual assistance", "Customer support", "Data entry", "Microsoft Office", "Google Sheets", "Notion", "Online research"],
    "it-support": ["IT support", "Linux", "Customer support", "Cloud (AWS)", "Docker", "Microsoft Office"],
    "software-testing": ["Software testing", "Test automation", "SQL", "Agile", "Git", "Python"],
    "data-annotation": ["Data annotation", "Data entry", "Content moderation", "Online research", "Excel"],
}
EXTRA_TRACKS = ["freelancing-essentials", "english-for-work"]
HEADLINES = {
    "web-development": ["Front-end developer building fast, accessible websites", "Full-stack web developer (PHP, Laravel, React)",
                        "WordPress developer for NGOs and small businesses", "JavaScript developer who loves clean, tested code"],
    "mobile-development": ["Flutter developer shipping Android apps that work offline", "Mobile developer (Kotlin, Flutter)"],
    "data-analysis": ["Data analyst turning survey data into clear dashboards", "Excel and Power BI analyst for programme teams",
                      "Junior data analyst (SQL, Python) with M&E experience"],
    "ux-ui-design": ["UX/UI designer focused on low-bandwidth, Arabic-first interfaces", "Product designer: research, Figma, prototypes"],
    "graphic-design": ["Graphic designer for brands, social media and print", "Motion designer making short explainer videos"],
    "digital-marketing": ["Social media manager growing communities in Arabic and English", "Digital marketer: SEO, ads and email"],
    "content-creation": ["Bilingual content writer (Arabic/English)", "Content creator: articles, scripts and short video"],
    "translation-localisation": ["Arabic-English translator and subtitler", "Localisation specialist for apps and websites",
                                 "Translator and interpreter (Kurdish, Arabic, English)"],
    "virtual-assistance": ["Virtual assistant keeping inboxes, calendars and data in order", "Remote operations assistant"],
    "it-support": ["IT support technician: remote help desk and Linux", "Junior cloud and IT support engineer"],
    "software-testing": ["QA tester who finds the bugs before your users do", "Software tester moving into test automation"],
    "data-annotation": ["AI data annotator with a careful eye for quality", "Data annotation and content moderation specialist"],
}
UNIS = ["University of Aleppo", "University of Damascus", "Mosul University", "University of Duhok", "Asmara College",
        "University of Khartoum", "Kabul University", "Al-Baath University", "Tishreen University", "University of Kinshasa",
        "Salahaddin University", "Al-Furat University"]
DEGREES = ["BSc Computer Science", "BA English Literature", "BSc Civil Engineering", "BA Business Administration",
           "BSc Pharmacy", "BA Translation", "Diploma in Accounting", "BSc Mathematics", "BA Journalism",
           "BSc Information Technology", "BA Fine Arts", "Secondary school certificate"]
INTERRUPTED = ["Studies interrupted by displacement after three years",
               "Completed two years before leaving the country",
               "Studies paused; credits recorded, continuing online",
               "Final year interrupted by the war"]
COURSES = [("Google Data Analytics", "Coursera"), ("Responsive Web Design", "freeCodeCamp"), ("Meta Social Media Marketing", "Coursera"),
           ("Google UX Design", "Coursera"), ("CompTIA A+", "CompTIA"), ("ISTQB Foundation", "ISTQB"),
           ("Introduction to Python", "Programme certificate"), ("Freelancing essentials", "Programme certificate"),
           ("AWS Cloud Practitioner", "Amazon Web Services"), ("English for the workplace (B2)", "British Council")]
ORGS = ["Self-employed", "Local NGO", "Family business", "Refugee-led community organisation", "Print shop", "Mobile phone shop",
        "International NGO", "Start-up in Amman", "Translation agency", "Online marketplace clients", "School", "Camp school"]
SUMMARY_BITS = [
    "I completed the programme's {track} track and now work with clients remotely.",
    "Before I had to leave home I was studying; the programme helped me turn that into practical, paid work.",
    "I care about clear communication: I agree the scope in writing, share progress every few days and deliver on time.",
    "I have worked with teams in Europe and the Gulf, across time zones, using Slack, Trello and Google Workspace.",
    "My strongest work is in **{skill}**, and I am growing my skills in **{skill2}**.",
    "I am looking for {engagement} work with a team that values careful, reliable work.",
    "I mentor newer learners in my cohort, which taught me to explain technical work simply.",
    "Power cuts and slow connections taught me to plan ahead: I keep offline copies and work in short, saved steps.",
]


def _pick_region(rng):
    total = sum(r[0] for r in REGIONS)
    x = rng.uniform(0, total)
    for region in REGIONS:
        x -= region[0]
        if x <= 0:
            return region
    return REGIONS[-1]


def make_profile(rng: random.Random, n: int, today: dt.date) -> tuple[str, dict]:
    _, country, zones, firsts, others = _pick_region(rng)
    first_lang = rng.choice(firsts)
    family = {"ckb": "ku", "kmr": "ku", "ku": "ku", "ti": "ti", "am": "ti", "om": "ti", "so": "so", "sw": "sw", "fr": "sw",
              "rw": "sw", "fa": "fa"}.get(first_lang, "ar")
    first = rng.choice(FIRST[family])
    initial = rng.choice("ABDEFGHJKMNRSTYZ")
    pid = f"{first.lower().replace('â', 'a').replace('é', 'e')}-{initial.lower()}-{n:05d}"
    track = rng.choice(list(TRACK_SKILLS))
    tracks = [track] + rng.sample(EXTRA_TRACKS, rng.randint(0, 2))
    skill_names = rng.sample(TRACK_SKILLS[track], rng.randint(3, min(7, len(TRACK_SKILLS[track]))))
    levels = ["beginner", "intermediate", "intermediate", "advanced", "advanced", "expert"]
    skills = [{"name": s, "level": rng.choice(levels), **({"years": rng.choice([0.5, 1, 1, 2, 3, 4, 6])} if rng.random() < 0.7 else {})}
              for s in skill_names]
    langs = [{"code": first_lang, "level": "native"}]
    for code in rng.sample(others, rng.randint(1, min(3, len(others)))):
        if all(code.split("-")[0] != lang["code"].split("-")[0] for lang in langs):
            langs.append({"code": code, "level": rng.choice(["A2", "B1", "B2", "B2", "C1", "C2"])})
    status = rng.choices(["available", "open", "placed", "unavailable"], [45, 20, 25, 10])[0]
    engagement = sorted(set(rng.sample(["freelance", "part-time", "full-time", "internship"], rng.randint(1, 3))))
    start_h = rng.choice([7, 8, 8, 9, 9, 9, 10, 12, 14])
    given = today - dt.timedelta(days=rng.randint(5, 650))
    # consent runs two years, or less; never ending within a month of today (that would warn)
    expires = _add_years(given, 2) - dt.timedelta(days=1)
    if rng.random() < 0.15:
        expires = min(expires, max(today + dt.timedelta(days=45), given + dt.timedelta(days=rng.randint(300, 700))))
    data: dict = {
        "synthetic": True,
        "name": f"{first} {initial}.",
        "github": f"{pid}-demo"[:39].rstrip("-"),
        "headline": rng.choice(HEADLINES[track]),
        "summary": "",
        "skills": skills,
        "languages": langs,
        "timezone": rng.choice(zones),
        "working_hours": {"start": f"{start_h:02d}:00", "end": f"{(start_h + rng.choice([4, 6, 8, 8, 8])) % 24:02d}:00"},
        "availability": {"status": status, "hours_per_week": rng.choice([10, 15, 20, 20, 25, 30, 40, 40]),
                         "engagement": engagement},
        "tracks": tracks,
    }
    if pronoun := rng.choice([None, None, "she/her", "he/him"]):
        data["pronouns"] = pronoun
    if status in ("placed", "unavailable") and rng.random() < 0.5:
        data["availability"]["from"] = str(today + dt.timedelta(days=rng.randint(20, 200)))
    bits = rng.sample(SUMMARY_BITS, 3)
    data["summary"] = "\n\n".join(b.format(track=track.replace("-", " "), skill=skill_names[0], skill2=skill_names[-1],
                                           engagement=" or ".join(engagement)) for b in bits) + "\n"
    # Experience with the gaps that displacement leaves
    year = today.year - rng.randint(0, 2)
    jobs = []
    for _ in range(rng.randint(0, 3)):
        end_y, end_m = year, rng.randint(1, 12)
        dur = rng.randint(3, 30)
        sy, sm = end_y - (dur // 12), max(1, end_m - dur % 12)
        job = {"title": rng.choice(["Freelance " + track.replace("-", " "), skill_names[0] + " specialist", "Volunteer trainer",
                                    "Assistant", "Intern", "Remote contractor"]),
               "organisation": rng.choice(ORGS), "start": f"{sy:04d}-{sm:02d}",
               "remote": rng.random() < 0.6}
        if jobs or rng.random() < 0.5:
            job["end"] = f"{end_y:04d}-{end_m:02d}"
        if rng.random() < 0.6:
            job["summary"] = rng.choice(["Delivered work for clients in three countries.",
                                         "Built and maintained tools used by the whole team.",
                                         "Handled requests in Arabic and English, with a 4.9/5 client rating."])
        jobs.append(job)
        year = sy - rng.randint(0, 3)   # a gap, sometimes of years
    if jobs:
        data["experience"] = jobs
    edu = []
    if rng.random() < 0.85:
        completed = rng.random() < 0.55
        item = {"title": rng.choice(DEGREES), "institution": rng.choice(UNIS), "completed": completed,
                "year": rng.randint(2008, today.year - 1)}
        if not completed:
            item["note"] = rng.choice(INTERRUPTED)
        edu.append(item)
    if rng.random() < 0.4:
        edu.append({"title": rng.choice(["Online diploma in IT", "Vocational certificate in accounting", "English language course (B2)"]),
                    "institution": rng.choice(["University of the People", "Programme partner college", "British Council"]),
                    "completed": rng.random() < 0.7})
    if edu:
        data["education"] = edu
    if rng.random() < 0.6:
        data["certificates"] = [{"name": c, "issuer": i, "date": f"{today.year - rng.randint(0, 3)}-{rng.randint(1, 12):02d}"}
                                for c, i in rng.sample(COURSES, rng.randint(1, 3))]
        for c in data["certificates"]:
            if dt.date.fromisoformat(c["date"] + "-01") > today:
                c["date"] = f"{today.year - 1}-{c['date'][5:]}"
    if rng.random() < 0.6:
        data["portfolio"] = [{"title": t, "url": f"https://example.org/portfolio/{pid}/{i}", "description": d}
                             for i, (t, d) in enumerate(rng.sample([
                                 ("Dashboard for a food-aid programme", "Weekly distribution figures, built in Power BI."),
                                 ("Shop website", "A bilingual online shop that loads fast on 3G."),
                                 ("Brand identity", "Logo, colours and social templates for a women's cooperative."),
                                 ("App prototype", "Figma prototype tested with five users."),
                                 ("Subtitled documentary", "Arabic and English subtitles for a 40-minute film."),
                                 ("Open-source contribution", "Fixed accessibility bugs in a volunteer project.")], rng.randint(1, 3)))]
    if rng.random() < 0.5:
        data["links"] = {"linkedin": f"https://www.linkedin.com/in/{pid}-example"}
    consent = {"given": str(given), "expires": str(expires), "photo": False, "country": rng.random() < 0.6}
    if consent["country"]:          # the file is public: a country is written only where it may be shown
        data["country"] = country
    data["consent"] = consent
    data["updated"] = str(max(given, today - dt.timedelta(days=rng.randint(0, 300))))
    return pid, data


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Readable YAML: multi-line text as a block, keys in the order written."""


def _str(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def dump(data: dict) -> str:
    return HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def write_profiles(out: Path, count: int, seed: int = 1, today: dt.date | None = None, short_ids: bool = False) -> int:
    """Write `count` profiles; short_ids gives readable ids (amal-h) instead of numbered ones."""
    today = today or consent_today()
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for n in range(count):
        pid, data = make_profile(rng, n, today)
        if short_ids:
            base = pid.rsplit("-", 1)[0]
            pid = next(c for c in [base] + [f"{base}{i}" for i in range(2, 99)] if c not in used)
            data["github"] = f"{pid}-demo"
        used.add(pid)
        (out / f"{pid}.yaml").write_text(dump(data), encoding="utf-8")
    return count
