"""Hiring partners (partners.py, partner_pages.py): one failing fixture per R code, consent for quotes and
reference contacts, clean logos, the page and home's row of logos, the check-pr refusal, and axe-core."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from build_scripts import images
from build_scripts.clock import consent_today
from build_scripts.config import load_config
from build_scripts.pages import environment
from build_scripts.partner_pages import render_partners
from build_scripts.partners import check_partners, kind_labels, partner_schema, select_partners
from build_scripts.problems import CODES
from build_scripts.vocab import load_vocabulary
from conftest import FIXTURES, ROOT, TODAY, SiteServer, browser_page, run_cli
from sitefixtures import build, every_file

PARTNERS = FIXTURES / "partners"
FIXTURE_FILES = sorted(PARTNERS.glob("*.yaml"))
STRAY_LOGO = "partners/logos/r011-no-partner.png"      # R011's fixture: a logo no partner names
GOLDEN = ROOT / "tests" / "golden" / "partners"


def expectation(path: Path) -> tuple[str, int, int] | None:
    first = path.read_text().split("\n", 1)[0]
    if first == "# expect: none":
        return None
    m = re.fullmatch(r"# expect: (R[0-9]{3}) ([0-9]+):([0-9]+)", first)
    assert m, f"{path.name}: first line must be '# expect: CODE line:col' or '# expect: none'"
    return m.group(1), int(m.group(2)), int(m.group(3))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_code(path):
    found = check_partners([path], FIXTURES, TODAY).problems
    expected = expectation(path)
    assert [(p.code, p.line, p.col) for p in found] == ([expected] if expected else [])


def test_a_logo_no_partner_names_is_refused_by_a_full_check():
    found = check_partners(None, FIXTURES, TODAY).problems
    assert [p.text() for p in found if p.code == "R011"] == \
        [f"{STRAY_LOGO}:1:1: R011 'r011-no-partner.png' is a logo no partner shows"]


def test_every_partner_code_has_a_fixture():
    covered = {e[0] for e in map(expectation, FIXTURE_FILES) if e} | {"R011"}
    assert (FIXTURES / STRAY_LOGO).is_file()
    assert {c for c in CODES if c.startswith("R")} == covered


def test_anything_else_in_partners_is_refused(tmp_path):
    folder = tmp_path / "partners"
    (folder / "logos" / "old").mkdir(parents=True)
    shutil.copy(PARTNERS / "ok-partner.yaml", folder / "ok-partner.yaml")
    shutil.copy(PARTNERS / "logos" / "ok-partner.png", folder / "logos" / "ok-partner.png")
    (folder / "notes.txt").write_text("call them back\n")
    (folder / "drafts").mkdir()
    (folder / "other.yaml").symlink_to(folder / "ok-partner.yaml")
    (folder / "logos" / "other.png").symlink_to(folder / "logos" / "ok-partner.png")
    found = check_partners(None, tmp_path, TODAY)
    assert sorted((p.file, p.code) for p in found.problems) == [
        ("partners/drafts", "R011"), ("partners/logos/old", "R011"), ("partners/logos/other.png", "R011"),
        ("partners/notes.txt", "R011"), ("partners/other.yaml", "R011")]
    assert [p.id for p in found.partners] == ["ok-partner"]


def test_the_shipped_sample_partners_have_no_errors_and_are_varied():
    found = check_partners(None, ROOT, consent_today())
    assert [p for p in found.problems if p.is_error] == []
    assert len(found.partners) == 6 and all(p.data["synthetic"] is True for p in found.partners)
    assert all("(sample)" in p.data["name"] for p in found.partners)
    assert len({k for p in found.partners for k in p.data["kinds"]}) == len(kind_labels())
    ended = {p.file for p in found.problems if p.code == "R012"}
    assert "partners/cedar-pixel.yaml" in ended          # the expired quote: validate says the site leaves it out
    assert all((ROOT / p.data["logo"]).is_file() for p in found.partners)


def test_the_maintainers_example_is_a_valid_partner(tmp_path):
    help_page = (ROOT / "docs" / "contributing" / "maintainers.md").read_text()
    section = help_page.split("## Add a hiring partner")[1].split("\n## ")[0]
    example = "\n".join(line[8:] for line in section.splitlines() if line.startswith("        ")) + "\n"
    assert example.startswith("name: ") and "contact:" in example
    (tmp_path / "partners" / "logos").mkdir(parents=True)
    (tmp_path / "partners" / "nordlicht-translations.yaml").write_text(example)
    shutil.copy(ROOT / "partners" / "logos" / "nordlicht-translations.png", tmp_path / "partners" / "logos")
    found = check_partners(None, tmp_path, TODAY)
    assert found.problems == []
    assert set(select_partners(found.partners, TODAY)[0].data) == {"name", "about", "logo", "website", "kinds", "since",
                                                                     "quote", "contact"}


# --- select: a person's words and address only with their current consent ---------------------------

def partner_text(quote_consent: str, contact_consent: str = "    given: 2026-01-01\n    expires: 2027-12-31\n") -> str:
    return (f"name: Planted Ltd\nabout: A partner.\nwebsite: https://planted.example\nkinds: [hiring]\nsince: 2020\n"
            f"quote:\n  text: QUOTETOKEN said here.\n  person: Quinn Q.\n  role: Boss\n  consent:\n{quote_consent}"
            f"contact:\n  name: Cora C.\n  email: cora@planted.example\n  consent:\n{contact_consent}")


@pytest.mark.parametrize("consent, shown", [
    ("    given: 2026-01-01\n    expires: 2027-12-31\n", True),
    ("    given: 2026-01-01\n    expires: 2026-06-15\n", False),               # its last day was yesterday
    ("    given: 2026-01-01\n    expires: 2027-12-31\n    withdrawn: 2026-05-01\n", False),
    ("    given: 2026-01-01\n    expires: 2027-12-31\n    withdrawn:\n", False),   # written at all, withdrawn
])
def test_a_quote_is_shown_only_while_its_consent_is_current(tmp_path, consent, shown):
    (tmp_path / "partners").mkdir()
    (tmp_path / "partners" / "planted.yaml").write_text(partner_text(consent))
    found = check_partners(None, tmp_path, TODAY)
    assert [p for p in found.problems if p.is_error] == []
    [view] = select_partners(found.partners, TODAY)
    assert ("quote" in view.data) is shown
    assert view.data["contact"] == {"name": "Cora C.", "email": "cora@planted.example"}
    assert "consent" not in repr(view.data)


def test_impossible_consent_dates_leave_the_partner_out_with_the_place_to_fix(tmp_path):
    (tmp_path / "partners").mkdir()
    (tmp_path / "partners" / "planted.yaml").write_text(
        partner_text("    given: 2026-07-01\n    expires: 2027-12-31\n"))
    found = check_partners(None, tmp_path, TODAY)
    assert [p.text() for p in found.problems if p.is_error] == [
        "partners/planted.yaml:11:12: R006 quote.consent.given: 2026-07-01 is in the future"]
    assert select_partners(found.partners, TODAY) == []


def test_the_kinds_are_one_vocabulary_in_the_schema():
    items = partner_schema()["properties"]["kinds"]["items"]
    assert list(kind_labels()) == items["enum"] == ["hiring", "internship", "mentoring", "training", "equipment"]


# --- logos ----------------------------------------------------------------------------------------

def test_a_logo_is_re_encoded_from_its_pixels_keeping_its_shape_and_transparency(tmp_path):
    source = tmp_path / "wide.png"
    im = Image.new("RGBA", (1000, 200), (0, 0, 0, 0))
    im.paste((200, 30, 30, 255), (0, 0, 200, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    im.save(source, "PNG", exif=exif, pnginfo=_text_chunk("Author", "someone"))
    assert {"EXIF", "GPS location", "text"} <= set(images.inspect(source).metadata)
    size = images.write_logo(source, tmp_path / "out.png")
    assert size == (192, 38)                                  # 5:1 kept inside 192 x 48, not cropped square
    out = Image.open(tmp_path / "out.png")
    assert out.size == (2 * size[0], 2 * size[1])
    assert images.inspect(tmp_path / "out.png").metadata == ()
    rgba = out.convert("RGBA")
    red, clear = rgba.getpixel((0, 0)), rgba.getpixel((out.width - 1, 0))
    assert red[3] >= 250 and abs(red[0] - 200) + abs(red[1] - 30) + abs(red[2] - 30) < 12 and clear[3] == 0   # transparency kept


def test_a_jpeg_logo_with_a_location_comes_out_without_it(tmp_path):
    source = tmp_path / "logo.jpg"
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    Image.new("RGB", (300, 300), (0, 90, 160)).save(source, "JPEG", exif=exif)
    assert "GPS location" in images.inspect(source).metadata
    assert images.write_logo(source, tmp_path / "out.png") == (48, 48)
    assert images.inspect(tmp_path / "out.png").metadata == ()


def _text_chunk(key: str, value: str):
    from PIL import PngImagePlugin
    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return info


def test_the_sample_logos_are_the_drawn_ones():
    from build_scripts.synth_partners import SAMPLE_LOGOS, sample_logo
    for pid in SAMPLE_LOGOS:
        drawn = Image.open(io.BytesIO(sample_logo(pid)))
        committed = Image.open(ROOT / "partners" / "logos" / f"{pid}.png")
        assert committed.size == drawn.size and committed.tobytes() == drawn.tobytes(), pid
        assert images.inspect(ROOT / "partners" / "logos" / f"{pid}.png").metadata == ()


# --- the pages, rendered --------------------------------------------------------------------------

def rendered(tmp_path, partners: dict[str, str], logos: dict[str, bytes] | None = None) -> Path:
    """render_partners on these partner files (id: text) into a staging docs folder with a home page."""
    (tmp_path / "partners" / "logos").mkdir(parents=True)
    for pid, text in partners.items():
        (tmp_path / "partners" / f"{pid}.yaml").write_text(text)
    for pid, data in (logos or {}).items():
        (tmp_path / "partners" / "logos" / f"{pid}.png").write_bytes(data)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n<!-- portal:partners -->\n")
    found = check_partners(None, tmp_path, TODAY)
    render_partners(select_partners(found.partners, TODAY), docs, environment(load_config(), load_vocabulary()), tmp_path)
    return docs


def golden_partners() -> tuple[dict[str, str], dict[str, bytes]]:
    ok = (PARTNERS / "ok-partner.yaml").read_text().split("\n", 1)[1]
    plain = ok.replace("logo: partners/logos/ok-partner.png\n", "").replace("synthetic: true\n", "")
    plain = plain.split("quote:")[0].replace("Test Partner Ltd (sample)", "Ahlan & Co <Tools>").replace(
        "https://partner.example", "https://ahlan.example/en?a=1&b=2")
    return {"ok-partner": ok, "ahlan-co": plain}, {"ok-partner": (PARTNERS / "logos" / "ok-partner.png").read_bytes()}


def test_the_partners_page_and_home_row_match_the_golden_files(tmp_path):
    docs = rendered(tmp_path, *golden_partners())
    stale = []
    for name, path in (("index.md", docs / "partners" / "index.md"), ("home.md", docs / "index.md")):
        golden = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(path.read_text())
        elif not golden.exists() or golden.read_text() != path.read_text():
            stale.append(name)
    assert not stale, f"{stale} differ from tests/golden/partners/: review, then refresh with UPDATE_GOLDEN=1 " \
                      ".venv/bin/python -m pytest tests/test_partners.py -k golden"


def test_home_logos_are_light_sized_lazy_and_named(tmp_path):
    docs = rendered(tmp_path, *golden_partners())
    row = (docs / "index.md").read_text()
    imgs = re.findall(r"<img [^>]*>", row)
    assert imgs == ['<img src="partners/logos/ok-partner.png" alt="Test Partner Ltd (sample)" width="144" height="48" '
                    'loading="lazy" decoding="async">']
    assert '<a href="partners/#ahlan-co">Ahlan &amp; Co &lt;Tools&gt;</a>' in row      # no logo: its name, escaped
    assert "<!-- portal:" not in row


def test_no_partners_leave_no_empty_section_on_home(tmp_path):
    docs = rendered(tmp_path, {})
    assert (docs / "index.md").read_text() == "# Home\n\n\n"
    assert "No partners are listed yet." in (docs / "partners" / "index.md").read_text()


# --- the whole site: consent, clean logos, the byte budget -------------------------------------------

# Planted beside the sample partners: words and addresses whose consent ended, each a unique token.
ENDED = {"expired-quote": ("    given: 2024-01-01\n    expires: 2026-01-01\n", "    given: 2026-01-01\n    expires: 2027-12-31\n"),
         "withdrawn-both": ("    given: 2026-01-01\n    expires: 2027-12-31\n    withdrawn:\n",
                            "    given: 2026-01-01\n    expires: 2027-12-31\n    withdrawn: 2026-03-01\n")}
TOKENS = ["QUOTETOKENEXPIREDQUOTE", "QUOTETOKENWITHDRAWNBOTH", "Quinn Expiredquote", "Quinn Withdrawnboth",
          "cora-withdrawnboth@planted.example", "Cora Withdrawnboth",
          "portfolios that needed little explaining", "as carefully as we do"]       # the sample's own two


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("partners")
    shutil.copytree(ROOT / "partners", root / "partners")
    for pid, (quote, contact) in ENDED.items():
        tag = pid.replace("-", "").capitalize()
        text = partner_text(quote, contact).replace("QUOTETOKEN said here", f"QUOTETOKEN{tag.upper()}")
        text = text.replace("Quinn Q.", f"Quinn {tag}").replace("Cora C.", f"Cora {tag}").replace("cora@", f"cora-{pid.replace('-', '')}@")
        (root / "partners" / f"{pid}.yaml").write_text(text.replace("Planted Ltd", f"Planted {tag} Ltd"))
    return build(root)


def test_ended_consent_leaves_no_trace_in_any_built_file(site):
    text = "\n".join(t for _, t in every_file(site))
    assert [t for t in TOKENS if t in text] == []
    page = (site / "partners" / "index.html").read_text()
    assert "Planted Withdrawnboth Ltd" in page and "Jana M. (sample)" in page          # the partners themselves stay
    assert "references@nordlicht-translations.example" in page


def test_published_logos_are_re_encoded_small_and_clean(site):
    logos = sorted((site / "partners" / "logos").iterdir())
    assert [p.name for p in logos] == sorted(f"{p.stem}.png" for p in (ROOT / "partners" / "logos").iterdir())
    for logo in logos:
        assert images.inspect(logo).metadata == ()
        assert logo.read_bytes() != (ROOT / "partners" / "logos" / logo.name).read_bytes()
        assert Image.open(logo).height <= 96 and Image.open(logo).width <= 384
    assert max(p.stat().st_size for p in logos) <= 8 * 1024
    assert sum(p.stat().st_size for p in logos) <= 30 * 1024                       # home's whole row of logos


def test_home_shows_every_partners_logo_by_name(site):
    home = (site / "index.html").read_text()
    alts = re.findall(r'<img src="partners/logos/[a-z-]+\.png" alt="([^"]+)" width="\d+" height="\d+" loading="lazy"', home)
    assert len(alts) == 8 - 2 and "Nordlicht Translations GmbH (sample)" in alts      # the planted two have no logo
    assert 'href="partners/#withdrawn-both"' in home


def test_the_partners_page_and_home_are_valid_html(site):
    from test_html_valid import THEIRS, check
    ours = [m["message"] for m in check([site / "partners" / "index.html", site / "index.html"])
            if not m["message"].startswith(THEIRS)]
    assert ours == []


# --- the command line: validate and build ------------------------------------------------------------

def test_validate_checks_partners_and_fails_on_their_errors(tmp_path):
    (tmp_path / "partners").mkdir()
    shutil.copy(PARTNERS / "r005-unknown-kind.yaml", tmp_path / "partners" / "bad-kind.yaml")
    named = run_cli("validate", "--repo", str(tmp_path), "--today", "2026-06-15", "partners/bad-kind.yaml")
    assert named.returncode == 1
    assert named.stdout.splitlines()[0] == ("partners/bad-kind.yaml:6:17: R005 kinds[1]: 'volunteering' is not a kind "
                                            "of partnership; did you mean 'mentoring'?")
    everything = run_cli("validate", "--repo", str(tmp_path), "--today", "2026-06-15")
    assert everything.returncode == 1 and "R005" in everything.stdout
    shutil.copy(PARTNERS / "r012-consent-ended.yaml", tmp_path / "partners" / "bad-kind.yaml")
    warned = run_cli("validate", "--repo", str(tmp_path), "--today", "2026-06-15")
    assert warned.returncode == 0 and "R012" in warned.stdout


def test_a_broken_partner_file_is_left_out_and_counted_and_strict_stops(tmp_path):
    # a maintainer's typo must not hold back the hourly build that drops people who withdrew
    (tmp_path / "profiles").mkdir()
    (tmp_path / "partners").mkdir()
    shutil.copy(PARTNERS / "r004-not-https.yaml", tmp_path / "partners" / "insecure.yaml")
    r = run_cli("build", "--profiles", str(tmp_path / "profiles"), "--site-dir", str(tmp_path / "site"))
    assert r.returncode == 0, r.stderr
    assert "1 partner error(s): those partner files are left out." in r.stdout
    assert "partner.example" not in (tmp_path / "site" / "partners" / "index.html").read_text()
    strict = run_cli("build", "--strict", "--profiles", str(tmp_path / "profiles"), "--site-dir", str(tmp_path / "strict"))
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()


# --- check-pr: partners are the maintainers' ---------------------------------------------------------

GIT = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    r = tmp_path / "repo"
    (r / "partners" / "logos").mkdir(parents=True)
    shutil.copy(ROOT / "partners" / "nordlicht-translations.yaml", r / "partners")
    shutil.copy(ROOT / "partners" / "logos" / "nordlicht-translations.png", r / "partners" / "logos")
    git(r, "init", "-q", "-b", "main")
    git(r, "add", "-A")
    git(r, "commit", "-q", "-m", "base")
    git(r, "checkout", "-q", "-b", "pr")
    return r


# Whole changes (a logo with the partner that names it): a maintainer's half change is refused on its
# own grounds (a logo nobody names, R011; a partner renamed without its logo, O011)
def _add_partner_with_logo(r):
    text = (r / "partners" / "nordlicht-translations.yaml").read_text()
    (r / "partners" / "new-one.yaml").write_text(text.replace("logos/nordlicht-translations.png", "logos/new-one.png"))
    (r / "partners" / "logos" / "new-one.png").write_bytes((ROOT / "partners" / "logos" / "sahel-data.png").read_bytes())


def _rename_partner(r):
    old = r / "partners" / "nordlicht-translations.yaml"
    (r / "partners" / "renamed.yaml").write_text(old.read_text().replace("logos/nordlicht-translations.png",
                                                                         "logos/renamed.png"))
    old.unlink()
    (r / "partners" / "logos" / "nordlicht-translations.png").rename(r / "partners" / "logos" / "renamed.png")


CHANGES = {
    "edit": lambda r: (r / "partners" / "nordlicht-translations.yaml").write_text("name: Mine now\n"),
    "add a logo": lambda r: _add_partner_with_logo(r),
    "replace a logo": lambda r: (r / "partners" / "logos" / "nordlicht-translations.png").write_bytes(
        (ROOT / "partners" / "logos" / "sahel-data.png").read_bytes()),
    "rename": lambda r: _rename_partner(r),
    "delete": lambda r: shutil.rmtree(r / "partners"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_partner_file_changed_by_anyone_but_a_maintainer_is_refused(repo, change):
    CHANGES[change](repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", change)
    alum = run_cli("check-pr", "--repo", str(repo), "--base", "main", env={"PR_AUTHOR": "amal-h"})
    assert alum.returncode == 1
    refused = re.findall(r"^(partners/\S+):1:1: O004 only maintainers may change", alum.stdout, re.M)
    changed = subprocess.run(["git", "diff", "--name-only", "--no-renames", "main", "pr"], cwd=repo,
                             capture_output=True, text=True, check=True).stdout.split()
    assert sorted(refused) == sorted(changed) and changed
    maintainer = run_cli("check-pr", "--repo", str(repo), "--base", "main", env={"PR_AUTHOR": "portal-maintainer"})
    assert maintainer.returncode == 0, maintainer.stdout


# --- in the browser ----------------------------------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def server(site):
    s = SiteServer(site)
    yield s
    s.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/partners/", "/"])
def test_the_partners_page_and_home_have_no_accessibility_violations(browser, server, path):
    with browser_page(browser, viewport={"width": 1100, "height": 900}) as pg:
        foreign = []

        def route(r):
            if r.request.url.startswith(server.url):
                return r.continue_()
            foreign.append(r.request.url)
            return r.abort()

        pg.route("**/*", route)
        pg.goto(server.url + path)
        pg.wait_for_load_state("networkidle")
        pg.add_script_tag(path=str(AXE))
        result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
        assert pg.errors == [] and foreign == []


@pytest.mark.browser
def test_the_partners_page_reads_without_javascript_on_a_phone(browser, server):
    with browser_page(browser, java_script_enabled=False, viewport={"width": 390, "height": 844}) as pg:
        pg.goto(server.url + "/partners/")
        body = pg.locator("article").inner_text()
        for expected in ("Nordlicht Translations GmbH (sample)", "Synthetic sample partner", "hires alumni, mentors learners",
                         "Partner since 2021", "paid two-week trial", "references@nordlicht-translations.example",
                         "Become a partner"):
            assert expected in body
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 390                                                     # nothing wider than the phone
        pg.click("text=how partnerships work and what each asks of you")
        assert pg.url.endswith("/employers/partnership-models/")
