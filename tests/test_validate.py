"""validate.py: one failing fixture per code, each asserting exactly that code at its line."""

import datetime as dt
import re
from pathlib import Path

import pytest

from build_scripts.problems import CODES
from build_scripts.schema import apply_types, is_valid, profile_schema
from build_scripts.load import load_file
from build_scripts.validate import NOT_BLANK, validate_paths
from conftest import FIXTURES, TODAY

PROBLEMS = FIXTURES / "problems"
FIXTURE_FILES = sorted(PROBLEMS.glob("*.yaml"))


def expectation(path: Path) -> tuple[str, int, int]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    m = re.fullmatch(r"# expect: ([A-Z][0-9]{3}) ([0-9]+):([0-9]+)", first)
    assert m, f"{path.name}: first line must be '# expect: CODE line:col'"
    return m.group(1), int(m.group(2)), int(m.group(3))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_code(path):
    code, line, col = expectation(path)
    result = validate_paths([path], root=PROBLEMS, today=TODAY)
    assert [(p.code, p.line, p.col) for p in result.problems] == [(code, line, col)]


def test_every_file_and_profile_code_has_a_fixture():
    covered = {expectation(p)[0] for p in FIXTURE_FILES}
    wanted = {c for c in CODES if c[0] in "PW"}
    assert wanted - covered == set(), "add a failing fixture for each of these codes"


# The fixtures whose YAML loads as a mapping: the ones a schema can judge.
LOADED = [p for p in FIXTURE_FILES if (lambda d: d.ok and isinstance(d.data, dict))(load_file(p))]


@pytest.mark.parametrize("path", LOADED, ids=lambda p: p.stem)
def test_fast_schema_check_agrees_with_the_detailed_one(path):
    # fastjsonschema is the gate: it must reject whatever jsonschema would report
    from build_scripts.schema import profile_validator
    data = apply_types(load_file(path).data, profile_schema())
    assert is_valid(data) == (next(profile_validator().iter_errors(data), None) is None)


def test_only_files_the_loader_refuses_are_left_out_of_the_schema_agreement():
    left_out = {expectation(p)[0] for p in FIXTURE_FILES if p not in LOADED}
    assert left_out == {"P001", "P002", "P003", "P019", "P020", "P021", "P022", "P023"}


def variant(tmp_path, name: str, *replacements: tuple[str, str], append: str = "") -> Path:
    """A copy of a valid profile (the P004 fixture with its one problem fixed), changed as given."""
    text = (PROBLEMS / "p004-unknown-skill.yaml").read_text().replace("Pyhton", "Python")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text + append)
    return path


def problems_of(path: Path) -> list:
    return validate_paths([path], root=path.parent, today=TODAY).problems


def test_shipped_sample_profiles_have_no_errors():
    from build_scripts.clock import consent_today

    result = validate_paths(today=consent_today())          # the day `validate` itself checks against
    assert result.checked >= 40
    assert result.errors == []


def test_all_problems_are_collected_in_one_pass(tmp_path):
    f = variant(tmp_path, "two-problems", ("timezone: Asia/Amman", "timezone: Mars/Base"),
                ("status: available", "status: maybe"), ("  - name: Python", "  - name: Pyhton"))
    assert sorted(p.code for p in problems_of(f)) == ["P004", "P006", "P011"]


def test_language_code_no_is_norwegian_not_false(tmp_path):
    f = variant(tmp_path, "norsk", ("  - code: ar\n    level: native", "  - code: ar\n    level: native\n  - code: no\n    level: B1"))
    result = validate_paths([f], root=tmp_path, today=TODAY)
    assert result.problems == []
    assert result.profiles[0].data["languages"][1]["code"] == "no"


def test_quoted_and_unquoted_times_and_numbers(tmp_path):
    f = variant(tmp_path, "hours", append="working_hours:\n  start: 09:00\n  end: '17:30'\n")
    result = validate_paths([f], root=tmp_path, today=TODAY)
    assert result.problems == []
    data = result.profiles[0].data
    assert data["working_hours"] == {"start": "09:00", "end": "17:30"}
    assert data["availability"]["hours_per_week"] == 20 and data["consent"]["photo"] is False


def test_impossible_calendar_date_is_bad_format(tmp_path):
    f = variant(tmp_path, "feb", ("updated: 2026-05-01", "updated: 2026-02-30"))
    assert [p.code for p in problems_of(f)] == ["P013"]


def test_one_changed_file_is_still_checked_against_every_other_login(tmp_path):
    (tmp_path / "profiles").mkdir()
    base = (PROBLEMS / "p004-unknown-skill.yaml").read_text().replace("Pyhton", "Python")
    (tmp_path / "profiles" / "first.yaml").write_text(base)
    changed = tmp_path / "profiles" / "second.yaml"
    changed.write_text(base)
    result = validate_paths([changed], root=tmp_path, today=TODAY)
    assert [(p.code, p.file) for p in result.problems] == [("P016", "profiles/second.yaml")]


def test_did_you_mean_for_field_names_inside_lists(tmp_path):
    f = variant(tmp_path, "nested", ("    level: advanced", "    levle: advanced"))
    messages = [p.text() for p in problems_of(f)]
    assert any("P008 skills[0].levle: 'levle' is not a profile field; did you mean 'level'?" in m for m in messages)
    assert any("P009 skills[0]: the required field 'level' is missing" in m for m in messages)


# --- ids, consent and what a public file may hold ------------------------------------------------

@pytest.mark.parametrize("pid", ["index", "page", "cards", "search", "assets", "pagefind"])
def test_an_id_the_site_uses_for_its_own_pages_is_refused(tmp_path, pid):
    problems = problems_of(variant(tmp_path, pid))
    assert [(p.code, p.line, p.col) for p in problems] == [("P015", 2, 1)]
    assert "reserved" in problems[0].message


def test_the_contributor_guide_names_every_reserved_id():
    from build_scripts.validate import RESERVED_IDS

    guide = (Path(__file__).parent.parent / "docs" / "contributing" / "profile.md").read_text()
    assert [i for i in sorted(RESERVED_IDS) if f"`{i}`" not in guide] == []


@pytest.mark.parametrize("written", ["", " null", " ~", " ''", " yes", " false", " 2026-03-01", " []", " {}",
                                     " [2026-03-01]", " {date: 2026-03-01}", " 2025-01-01", " 7", " 2026-02-30"])
def test_withdrawn_with_any_value_withdraws(tmp_path, written):
    # a withdrawal is never refused: [] and {} once gave P010, a date before `given` P017
    f = variant(tmp_path, "gone", ("  photo: false\n", f"  withdrawn:{written}\n  photo: false\n"))
    result = validate_paths([f], root=tmp_path, today=TODAY)
    assert [(p.code, p.line) for p in result.problems] == [("W003", 20)]
    assert "withdrawn" in result.problems[0].message


@pytest.mark.parametrize("field,line", [("country", "country: JO\n"), ("photo", "photo: profiles/photos/shown.jpg\n")])
def test_a_field_without_consent_may_not_be_in_the_public_file(tmp_path, field, line):
    from PIL import Image

    (tmp_path / "profiles" / "photos").mkdir(parents=True)
    if field == "photo":
        Image.new("RGB", (64, 64), "teal").save(tmp_path / "profiles" / "photos" / "shown.jpg", "JPEG")
    f = variant(tmp_path, "shown", ("  country: true", "  country: false"), ("timezone: Asia/Amman", "timezone: UTC+3"),
                append=line)
    problems = problems_of(f)
    also = [("P032", 20, 3, "consent.photo")] if field == "photo" else []    # and the file itself is public
    assert [(p.code, p.line, p.col, p.where) for p in problems] == also + [("P025", 23, 1, field)]
    assert "public" in problems[-1].message
    consented = variant(tmp_path, "shown", ("  photo: false", "  photo: true"), append=line)   # country: true already
    assert problems_of(consented) == []


def test_an_untouched_scaffold_fails_with_located_problems(tmp_path):
    from build_scripts.scaffold import new_profile

    path = new_profile("amal-h", root=tmp_path)
    text = path.read_text()
    assert "given: 20" not in text and "expires: 20" not in text
    problems = validate_paths([path], root=tmp_path, today=TODAY).problems
    found = {(p.code, p.where) for p in problems}
    assert {("P026", "name"), ("P026", "headline"), ("P026", "github"),
            ("P009", "consent.given"), ("P009", "consent.expires")} <= found, found
    assert all(p.line > 1 for p in problems)


def test_the_scaffold_fills_in_the_login_it_is_given_and_nothing_else(tmp_path):
    from build_scripts.scaffold import new_profile

    text = new_profile("amal-h", github="amal-h-gh", root=tmp_path).read_text()
    assert "github: amal-h-gh" in text and "name: Your Name" in text


@pytest.mark.parametrize("name,char", [('"Amal\\u202e H."', "U+202E"), ('"Amal\\u2066H."', "U+2066"),
                                       ("Am\u200bal H.", "U+200B"), ('"Amal\\aH."', "U+0007"),
                                       ("Amal\u2060 H.", "U+2060"), ("\ufeffAmal H.", "U+FEFF"),
                                       ('"Amal\\x85H."', "U+0085")])
def test_invisible_characters_in_a_name_are_refused(tmp_path, name, char):
    problems = problems_of(variant(tmp_path, "amal-h", ("name: Test Person", f"name: {name}")))
    assert [(p.code, p.line, p.where) for p in problems] == [("P027", 2, "name")]
    assert char in problems[0].message


def test_invisible_characters_in_a_headline_are_refused(tmp_path):
    problems = problems_of(variant(tmp_path, "amal-h", ("headline: Tester of things", "headline: Tester\u200d of things")))
    assert [(p.code, p.where) for p in problems] == [("P027", "headline")]


# Accepted until the review found them: direction marks, the Arabic letter mark, tag characters,
# invisible operators, the soft hyphen, the Mongolian vowel separator, the combining grapheme joiner,
# Hangul fillers and the blank Braille pattern (a name that renders blank), a variation selector on a letter.
INVISIBLE = ["\u200e", "\u200f", "\u061c", "\U000e0041\U000e0042", "\U000e0001", "\U000e007f", "\u2061", "\u2062",
             "\u2063", "\u2064", "\u00ad", "\u180e", "\u034f", "\u3164", "\u115f", "\u1160", "\uffa0", "\u2800",
             "\ufe0f", "\ufe0e", "\U000e0100", "\u0600", "\u06dd", "\u070f", "\ufff9", "\U0001d173", "\u206a"]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c[0]):04X}")
def test_every_format_character_and_blank_letter_is_refused(tmp_path, char):
    escaped = "".join(f"\\U{ord(c):08x}" for c in char)
    problems = problems_of(variant(tmp_path, "amal-h", ("name: Test Person", f'name: "Aya{escaped}B."')))
    assert [(p.code, p.line, p.col, p.where) for p in problems] == [("P027", 2, 7, "name")]
    assert f"character 4 is U+{ord(char[0]):04X}" in problems[0].message


def test_a_name_of_hangul_fillers_alone_is_refused(tmp_path):
    problems = problems_of(variant(tmp_path, "amal-h", ("name: Test Person", 'name: "\\u3164\\u3164"')))
    assert [p.code for p in problems] == ["P027"]


@pytest.mark.parametrize("name", ["Amal 🌟 H.", "Zoë Ñúñez", "أمل ح.", "مهر\u200cناز", "👩\u200d💻 Amal", "李小龍", "Amal 🇯🇴",
                                  "Amal ❤\ufe0f", "🏳\ufe0f\u200d🌈 Amal", "👍🏽 Amal", "Amal 1\ufe0f\u20e3",
                                  "Jos\u00e9 Nu\u0301\u00f1ez", "ሰላም ተስፋይ"])
def test_any_other_unicode_in_a_name_is_fine(tmp_path, name):
    assert problems_of(variant(tmp_path, "amal-h", ("name: Test Person", f"name: {name}"))) == []


def test_every_file_under_profiles_is_checked_or_refused(tmp_path):
    profiles = tmp_path / "profiles"
    (profiles / "photos").mkdir(parents=True)
    base = (PROBLEMS / "p004-unknown-skill.yaml").read_text().replace("Pyhton", "Python")
    (profiles / "amal-h.yaml").write_text(base)
    (profiles / "photos" / "gone-g.jpg").write_bytes(b"")
    (profiles / "copy-of-amal.yaml").symlink_to("amal-h.yaml")
    (tmp_path / "outside.yaml").write_text(base.replace("p004-unknown-skill", "outsider"))
    (profiles / "outsider.yaml").symlink_to(tmp_path / "outside.yaml")
    (profiles / "notes.txt").write_text("hello")
    (profiles / "old.yml").write_text(base)
    (profiles / "drafts").mkdir()
    (profiles / "drafts" / "x.yaml").write_text(base)
    result = validate_paths(root=tmp_path, today=TODAY)
    assert sorted((p.code, p.file, p.line, p.col) for p in result.problems) == [
        ("P028", "profiles/copy-of-amal.yaml", 1, 1), ("P028", "profiles/drafts", 1, 1),
        ("P028", "profiles/notes.txt", 1, 1), ("P028", "profiles/old.yml", 1, 1),
        ("P028", "profiles/outsider.yaml", 1, 1), ("P032", "profiles/photos/gone-g.jpg", 1, 1)]
    assert [p.id for p in result.profiles if p.ok] == ["amal-h"]


def test_a_named_symlink_is_refused_not_followed(tmp_path):
    (tmp_path / "real.yaml").write_text((PROBLEMS / "p004-unknown-skill.yaml").read_text())
    (tmp_path / "link.yaml").symlink_to("real.yaml")
    assert [p.code for p in problems_of(tmp_path / "link.yaml")] == ["P028"]


# --- time zones as people write them -----------------------------------------------------------

def _offset_on(zone: str, day: dt.date) -> dt.timedelta:
    import zoneinfo
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc).astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()


def _zone_problem(tmp_path, written: str):
    problems = problems_of(variant(tmp_path, "zone", ("timezone: Asia/Amman", f"timezone: {written}")))
    assert [(p.code, p.line, p.col, p.where) for p in problems] == [("P006", 12, 11, "timezone")], problems
    return problems[0]


def _offered(problem) -> list[str]:
    return re.findall(r"'?\b([A-Z][A-Za-z_-]+(?:/[A-Za-z0-9_+-]+)+)\b", problem.message.split(" ", 1)[1])


# (UTC+3 and UTC+5:30, written so, are offsets a profile may use: test_timezones.py)
@pytest.mark.parametrize("written,hours", [("GMT+3", 3), ("'+03:00'", 3), ("utc +3", 3),
                                           ("GMT+5:30", 5.5), ("GMT-5", -5), ("UTC+03", 3)])
def test_an_offset_gets_real_zones_with_that_offset_never_etc(tmp_path, written, hours):
    problem = _zone_problem(tmp_path, written)
    offered = _offered(problem)
    assert len(offered) >= 2, problem.message
    for zone in offered:
        assert not zone.startswith("Etc/"), problem.message
        assert _offset_on(zone, TODAY) == dt.timedelta(hours=hours), (zone, problem.message)


def test_plus_three_offers_the_regions_zones_first(tmp_path):
    offered = _offered(_zone_problem(tmp_path, "GMT+3"))
    assert {"Asia/Amman", "Asia/Baghdad", "Asia/Riyadh", "Africa/Nairobi", "Europe/Istanbul"} <= set(offered), offered


@pytest.mark.parametrize("written,zones", [("Jordan", ["Asia/Amman"]), ("JO", ["Asia/Amman"]),
                                           ("Kenya", ["Africa/Nairobi"]), ("Germany", ["Europe/Berlin", "Europe/Busingen"]),
                                           ("Berlin", ["Europe/Berlin"]), ("amman", ["Asia/Amman"]),
                                           ("Europe/Amman", ["Asia/Amman"]), ("Asia/Aman", ["Asia/Amman"]),
                                           ("Amman, Jordan", ["Asia/Amman"]), ("Addis Ababa", ["Africa/Addis_Ababa"])])
def test_a_country_or_a_city_gets_its_zones(tmp_path, written, zones):
    assert _offered(_zone_problem(tmp_path, written)) == zones


@pytest.mark.parametrize("written,meant", [("Etc/GMT+3", -3), ("Etc/GMT-3", 3), ("EST", -5)])
def test_zones_without_a_place_are_refused_and_never_offered(tmp_path, written, meant):
    problem = _zone_problem(tmp_path, written)
    offered = _offered(problem)
    assert offered and not any(z.startswith("Etc/") for z in offered), problem.message
    assert f"UTC{meant:+d}" in problem.message
    if written.startswith("Etc/"):
        assert "inverted" in problem.message


def test_plain_utc_is_a_zone_etc_utc_is_not(tmp_path):
    assert problems_of(variant(tmp_path, "zone", ("timezone: Asia/Amman", "timezone: UTC"))) == []
    problem = _zone_problem(tmp_path, "Etc/UTC")
    assert "'UTC'" in problem.message


def test_a_word_that_is_no_place_gets_no_made_up_zone(tmp_path):
    problem = _zone_problem(tmp_path, "Mars/Base")
    assert _offered(problem) == [] and "did you mean" not in problem.message


# --- one problem does not hide the others --------------------------------------------------------

def test_a_duplicate_key_does_not_hide_the_other_problems(tmp_path):
    f = variant(tmp_path, "dup", ("  - name: Python", "  - name: Pyhton"), append="headline: Again\n")
    assert sorted((p.code, p.line) for p in problems_of(f)) == [("P002", 23), ("P004", 7)]


def test_a_tab_does_not_hide_the_other_problems(tmp_path):
    f = variant(tmp_path, "tab", ("  - name: Python", "  - name: Pyhton"), ("  status: available", "\tstatus: maybe"))
    assert sorted((p.code, p.line, p.col) for p in problems_of(f)) == [("P001", 14, 1), ("P004", 7, 11), ("P011", 14, 10)]


def test_a_profile_with_a_duplicate_key_or_a_tab_is_never_published(tmp_path):
    from build_scripts.select import select
    dup = variant(tmp_path, "dup", append="headline: Again\n")
    tab = variant(tmp_path, "tab", ("  status: available", "\tstatus: available"), ("github: p004", "github: tab-p004"))
    result = validate_paths([dup, tab], root=tmp_path, today=TODAY)
    assert sorted(p.code for p in result.problems) == ["P001", "P002"]
    assert select(result.profiles, TODAY).published == []


def test_a_long_hostile_time_zone_is_refused_quickly(tmp_path):
    import time
    started = time.perf_counter()
    problem = _zone_problem(tmp_path, ",".join(f"q{i}zz" for i in range(8000)))
    assert time.perf_counter() - started < 2 and _offered(problem) == []


# --- a pattern ends where the value ends ----------------------------------------------------------

@pytest.mark.parametrize("written,where", [
    ("photo: |\n  profiles/photos/nl.jpg\n", "photo"),
    ('photo: "profiles/photos/nl.jpg\\n"\n', "photo"),
    ("github: |\n  someone\n", "github"),
    ("id: |\n  nl\n", "id")])
def test_a_value_ending_in_a_newline_does_not_pass_a_pattern(tmp_path, written, where):
    # Python's `$` matches before a final newline: `photo: |` once skipped every photo check
    (tmp_path / "profiles" / "photos").mkdir(parents=True)
    (tmp_path / "profiles" / "photos" / "nl.jpg").write_bytes(b"not a photo")
    text_before = "github: p004-unknown-skill\n" if where == "github" else "updated: 2026-05-01\n"
    f = variant(tmp_path, "nl", ("  photo: false", "  photo: true"),
                (text_before, written + ("" if where == "github" else text_before)))
    found = [(p.code, p.where) for p in problems_of(f)]
    assert ("P013", where) in found, found


@pytest.mark.parametrize("line", ["name: Test Person", "headline: Tester of things", "summary: Hello, I test."])
def test_a_text_of_spaces_only_is_empty(tmp_path, line):
    field = line.split(":")[0]
    path = variant(tmp_path, f"blank-{field}", (line + "\n", f'{field}: "   "\n'))
    assert [(p.code, p.where) for p in problems_of(path) if p.is_error] == [("P009", field)]


def test_every_schema_pattern_means_the_whole_value():
    from build_scripts.schema import profile_validator

    valid = apply_types(load_file(PROBLEMS / "p004-unknown-skill.yaml").data, profile_schema())
    valid["skills"][0]["name"] = "Python"
    # (NOT_BLANK only asks for more than spaces: what a text field's value may otherwise be is not a pattern's)
    patterned = {k: s for k, s in profile_schema()["properties"].items() if s.get("pattern", NOT_BLANK) != NOT_BLANK}
    assert {"id", "github", "photo"} <= set(patterned)
    for name, sub in patterned.items():
        good = str(sub["examples"][0])
        assert re.search(sub["pattern"], good), name
        for bad in (good + "\n", good + "\r\n"):
            errors = list(profile_validator().iter_errors(dict(valid, **{name: bad})))
            assert [e.validator for e in errors] == ["pattern"], (name, bad)
            assert not is_valid(dict(valid, **{name: bad})), (name, bad)


# --- a photo file nobody shows is still public --------------------------------------------------

def photo_file(root: Path, name: str) -> Path:
    from PIL import Image

    path = root / "profiles" / "photos" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 64), "teal").save(path, "PNG" if name.endswith(".png") else "JPEG")
    return path


def test_a_photo_left_in_the_repository_after_consent_is_revoked_is_refused(tmp_path):
    photo_file(tmp_path, "revoked.jpg")
    problems = problems_of(variant(tmp_path, "revoked"))          # consent.photo: false, no photo line
    assert [(p.code, p.line, p.col, p.where) for p in problems] == [("P032", 20, 3, "consent.photo")]
    assert "profiles/photos/revoked.jpg" in problems[0].message and "public" in problems[0].message
    assert "same pull request" in problems[0].hint and "profiles/photos/revoked.jpg" in problems[0].hint


def test_a_photo_left_after_the_photo_line_is_removed_is_refused(tmp_path):
    photo_file(tmp_path, "unnamed.jpg")
    problems = problems_of(variant(tmp_path, "unnamed", ("  photo: false", "  photo: true")))
    assert [(p.code, p.where) for p in problems] == [("P032", "consent.photo")]


def test_a_second_photo_file_of_the_same_id_is_refused_at_the_photo_line(tmp_path):
    photo_file(tmp_path, "two.png")
    photo_file(tmp_path, "two.jpg")
    problems = problems_of(variant(tmp_path, "two", ("  photo: false", "  photo: true"),
                                   append="photo: profiles/photos/two.png\n"))
    assert [(p.code, p.line, p.where) for p in problems] == [("P032", 23, "photo")]
    assert "profiles/photos/two.jpg" in problems[0].message


def test_a_shown_photo_and_a_withdrawn_profile_keeping_its_photo_are_fine(tmp_path):
    photo_file(tmp_path, "shown.jpg")
    consented = variant(tmp_path, "shown", ("  photo: false", "  photo: true"), append="photo: profiles/photos/shown.jpg\n")
    assert problems_of(consented) == []
    photo_file(tmp_path, "gone.jpg")
    withdrawn = variant(tmp_path, "gone", ("  photo: false", "  withdrawn:\n  photo: true"),
                        append="photo: profiles/photos/gone.jpg\n")
    assert [p.code for p in problems_of(withdrawn)] == ["W003"]


def test_a_photo_whose_profile_is_gone_is_reported_at_the_photo_by_a_full_check(tmp_path):
    base = (PROBLEMS / "p004-unknown-skill.yaml").read_text().replace("Pyhton", "Python")
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "amal-h.yaml").write_text(base)
    photo_file(tmp_path, "gone-g.jpg")
    everything = validate_paths(root=tmp_path, today=TODAY)
    assert [(p.code, p.file, p.line, p.col) for p in everything.problems] == [("P032", "profiles/photos/gone-g.jpg", 1, 1)]
    message, hint = everything.problems[0].message, everything.problems[0].hint
    assert "profiles/gone-g.yaml" in message and "public" in message and "Delete" in hint
    named = validate_paths([tmp_path / "profiles" / "amal-h.yaml"], root=tmp_path, today=TODAY)
    assert named.problems == []


def test_only_a_dollar_that_means_the_end_becomes_the_true_end():
    from build_scripts.schema import whole_value

    assert whole_value(r"^a(b|c$)$") == r"^a(b|c\Z)\Z"
    assert whole_value(r"^[$]\$[^]$]x$") == r"^[$]\$[^]$]x\Z"


# --- contact details (P033): introductions go through the programme -----------------------------

@pytest.mark.parametrize("field,written", [
    ("summary", "Call me on +962 79 123 4567."),
    ("summary", "WhatsApp: 0791234567"),
    ("summary", "Phone (962) 791-234-567 any time"),
    ("summary", "Reach me at noor.k@example.org."),
    ("summary", "[Email me](mailto:noor@example.org)"),
    ("summary", "[Call me](tel:+962791234567)"),
    ("summary", "Message me on https://t.me/noor_k"),
    ("summary", "Or on signal.me/#p/+962791234567"),
    ("headline", "Web developer, +962 79 123 4567"),
    ("headline", "Web developer - wa.me/962791234567"),
])
def test_contact_details_in_text_are_refused(tmp_path, field, written):
    old = {"summary": "summary: Hello, I test.", "headline": "headline: Tester of things"}[field]
    f = variant(tmp_path, "contact", (old, f"{field}: '{written}'"))
    problems = problems_of(f)
    assert [(p.code, p.where) for p in problems] == [("P033", field)], problems
    p = problems[0]
    assert "programme" in p.hint and "privately" in p.hint
    assert "4567" not in p.message + p.hint and "@" not in p.message + p.hint   # never echoed


@pytest.mark.parametrize("append,where", [
    ("links:\n  website: https://wa.me/962791234567\n", "links.website"),
    ("links:\n  website: https://api.whatsapp.com/send?phone=962791234567\n", "links.website"),
    ("experience:\n  - title: Developer\n    organisation: Acme\n    start: 2024-01-01\n"
     "    summary: Clients called me on 0791234567\n", "experience[0].summary"),
    ("education:\n  - title: BSc\n    institution: Uni\n    completed: true\n    note: ask me at me@example.org\n", "education[0].note"),
    ("portfolio:\n  - title: Chat\n    url: https://t.me/noor_k\n", "portfolio[0].url"),
])
def test_contact_details_in_lists_and_links_are_refused_where_written(tmp_path, append, where):
    f = variant(tmp_path, "contact", append=append)
    assert [(p.code, p.where) for p in problems_of(f)] == [("P033", where)]


@pytest.mark.parametrize("written", [
    "Since 2019, 5 h/week on open source.", "Worked 2019-2023, then 2023 - 2025.",
    "From 2021-01-15 to 2023-06-30 (15.01.2021 - 30.06.2023).", "Python 3.11.4 and Node 20.10.0.",
    "Budgets of $1,200,000 and 350 000 JOD.", "Served 12000 users; 99.95% uptime.",
    "Open 09:00-17:00, UTC+3.", "Use https://example.org/me and @noor_k on GitHub.",
])
def test_numbers_that_are_not_phones_pass(tmp_path, written):
    f = variant(tmp_path, "numbers", ("summary: Hello, I test.", f"summary: '{written}'"))
    assert problems_of(f) == []


# --- a fresh template: consent dates and time zone ------------------------------------------------

def test_a_fresh_template_says_to_leave_the_consent_dates_to_the_programme(tmp_path):
    from build_scripts.scaffold import new_profile

    path = new_profile("amal-h", root=tmp_path)
    problems = {p.where: p for p in validate_paths([path], root=tmp_path, today=TODAY).problems}
    for where in ("consent.given", "consent.expires"):
        hint = problems[where].hint
        assert "leave it empty" in hint.casefold() and "programme" in hint and "pull request waits" in hint, hint
        assert "For example" not in hint and "Add a line" not in hint, hint


def test_a_fresh_template_keeps_its_time_zone_public_safe(tmp_path):
    from build_scripts.scaffold import new_profile

    path = new_profile("amal-h", root=tmp_path)
    assert "\ntimezone: UTC+3 " in path.read_text()
    problems = validate_paths([path], root=tmp_path, today=TODAY).problems
    assert not any(p.where == "timezone" for p in problems), problems


@pytest.mark.parametrize("written,offset", [("GMT+3", "UTC+3"), ("Amman", "UTC+3"), ("Jordan", "UTC+3"),
                                            ("Etc/GMT+3", "UTC-3"), ("Kenya", "UTC+3")])
def test_a_private_country_is_offered_its_whole_hour_offset_not_a_city(tmp_path, written, offset):
    f = variant(tmp_path, "zone", ("timezone: Asia/Amman", f"timezone: {written}"), ("  country: true", "  country: false"))
    problems = problems_of(f)
    assert [(p.code, p.where) for p in problems] == [("P006", "timezone")], problems
    text = problems[0].message + " " + problems[0].hint
    assert f"timezone: {offset}" in text, text
    assert not _offered(problems[0]) and "Asia/" not in text and "Africa/" not in text, text


@pytest.mark.parametrize("code", ["ar-SY", "ar-sy", "ar-Arab-SY", "ar-760"])
def test_a_language_region_is_refused_when_the_country_is_private(tmp_path, code):
    private = (("  country: true", "  country: false"), ("timezone: Asia/Amman", "timezone: UTC+3"))
    f = variant(tmp_path, "region", ("  - code: ar\n", f"  - code: {code}\n"), *private)
    problems = problems_of(f)
    assert [(p.code, p.where) for p in problems] == [("P025", "languages[0].code")], problems
    assert "timezone" not in problems[0].hint and "code: ar" in problems[0].hint
    assert problems_of(variant(tmp_path, "script", ("  - code: ar\n", "  - code: ar-Arab\n"), *private)) == []
    assert problems_of(variant(tmp_path, "shown", ("  - code: ar\n", f"  - code: {code}\n"))) == []
