"""ownership.py: who may change what, read from git as the pull request's data.

Each test builds a real git repository: a base commit on main, then a pull request branch,
and runs `python -m build_scripts check-pr` on it as the workflow does (the author in
PR_AUTHOR, the changed files found by git, never passed as command-line words).
"""

import os
import subprocess
from pathlib import Path

import pytest

from build_scripts.images import synthetic_photo
from build_scripts.load import load_bytes
from build_scripts.ownership import check_pr
from build_scripts.validate import check_profile, github_login, validate_paths
from build_scripts.vocab import load_vocabulary
from conftest import FIXTURES, TODAY, run_cli

PROFILE = "name: A\ngithub: {login}\nheadline: x\n"
BOM = b"\xef\xbb\xbf"
CRLF_PROFILE = b"name: Carol C.\r\ngithub: carol\r\nheadline: x\r\n"
BOM_PROFILE = BOM + b"github: bob\nname: Bob B.\n"
GIT = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "core.autocrlf=false",
       "-c", "commit.gpgsign=false"]


def photo(fmt: str = "JPEG", seed: int = 1) -> bytes:
    """A real, clean photo: check-pr looks inside every photo it is given."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.open(io.BytesIO(synthetic_photo(seed))).save(buf, fmt)
    return buf.getvalue()


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def write(repo: Path, path: str, content: bytes | str) -> None:
    f = repo / path
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_bytes(content.encode() if isinstance(content, str) else content)


def commit(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "pull request")


@pytest.fixture
def repo(tmp_path):
    """main holds alice's, carol's (CRLF) and bob's (BOM) profiles; the branch `pr` starts there."""
    r = tmp_path / "repo"
    r.mkdir()
    git(r, "init", "-q", "-b", "main")
    write(r, "profiles/alice-a.yaml", PROFILE.format(login="alice"))
    write(r, "profiles/photos/alice-a.jpg", b"jpg")
    write(r, "profiles/carol-c.yaml", CRLF_PROFILE)
    write(r, "profiles/bob-b.yaml", BOM_PROFILE)
    write(r, "profiles/photos/gone-g.jpg", b"an orphan: its profile was deleted earlier")
    write(r, "data/skills.yml", "skills: []\n")
    commit(r)
    git(r, "checkout", "-q", "-b", "pr")
    return r


def check(repo: Path, author: str, *args: str) -> subprocess.CompletedProcess:
    return run_cli("check-pr", "--repo", str(repo), "--base", "main", *args, env={"PR_AUTHOR": author})


def codes(repo: Path, author: str) -> list[tuple[str, str]]:
    return sorted((p.file, p.code) for p in check_pr(author, "main", root=repo).problems)


# --- the attacks on the old gate: file names that were command-line words -------------------------

def test_a_file_named_dash_h_does_not_switch_the_check_off(repo):
    write(repo, "-h", "")
    write(repo, "profiles/alice-a.yaml", PROFILE.format(login="alice") + "summary: mine now\n")
    commit(repo)
    r = check(repo, "mallory")
    assert r.returncode == 1, r.stdout
    assert "usage:" not in r.stdout + r.stderr
    assert r.stdout.splitlines()[0] == "-h:1:1: O005 the name '-h' starts with '-'"
    assert "profiles/alice-a.yaml:2:9: O001 github: this profile belongs to 'alice', not to 'mallory'" in r.stdout


def test_a_file_named_like_the_author_option_does_not_make_the_author_a_maintainer(repo):
    write(repo, "--author=programme-staff", "")
    write(repo, "data/skills.yml", "skills: [Anything]\n")
    commit(repo)
    r = check(repo, "mallory")
    assert r.returncode == 1
    assert codes(repo, "mallory") == [("--author=programme-staff", "O005"), ("data/skills.yml", "O004")]


def test_a_file_named_like_the_base_option_does_not_move_the_base_to_the_pull_request(repo):
    write(repo, "--base=HEAD", "")
    write(repo, "profiles/alice-a.yaml", PROFILE.format(login="mallory"))
    commit(repo)
    assert codes(repo, "mallory") == [("--base=HEAD", "O005"), ("profiles/alice-a.yaml", "O001")]
    assert check(repo, "mallory").returncode == 1


def test_the_author_comes_from_the_environment_only(repo):
    write(repo, "profiles/alice-a.yaml", PROFILE.format(login="alice") + "summary: x\n")
    commit(repo)
    r = run_cli("check-pr", "--repo", str(repo), "--base", "main", env={"PR_AUTHOR": ""})
    assert r.returncode == 2
    assert r.stderr.startswith("error: set PR_AUTHOR to the pull request author's GitHub login")
    refused = run_cli("check-pr", "--repo", str(repo), "--base", "main", "--author", "programme-staff",
                      env={"PR_AUTHOR": "mallory"})
    assert refused.returncode == 2 and "unrecognized arguments: --author" in refused.stderr


def test_an_unknown_or_option_like_revision_is_a_usage_error_not_a_pass(repo):
    for base in ("no-such-branch", "--output=/tmp/x"):
        r = run_cli("check-pr", "--repo", str(repo), f"--base={base}", env={"PR_AUTHOR": "alice"})
        assert r.returncode == 2 and r.stderr.startswith("error: "), (base, r.stdout, r.stderr)


def test_changed_files_come_from_the_merge_base_not_from_main_moving_on(repo):
    write(repo, "profiles/alice-a.yaml", PROFILE.format(login="alice") + "summary: x\n")
    commit(repo)
    git(repo, "checkout", "-q", "main")
    write(repo, "data/skills.yml", "skills: [Later]\n")       # main moves on after the branch started
    commit(repo)
    git(repo, "checkout", "-q", "pr")
    assert codes(repo, "alice") == []


# --- one reader: github read through the YAML loader, as the build reads it -----------------------

@pytest.mark.parametrize("author", ["mallory", "carol"])
def test_a_crlf_profile_still_has_its_owner(repo, author):
    write(repo, "profiles/carol-c.yaml", CRLF_PROFILE.replace(b"carol", author.encode()) + b"summary: x\r\n")
    commit(repo)
    assert codes(repo, author) == ([] if author == "carol" else [("profiles/carol-c.yaml", "O001")])


def test_a_crlf_profile_cannot_be_deleted_by_someone_else(repo):
    (repo / "profiles" / "carol-c.yaml").unlink()
    commit(repo)
    r = check(repo, "mallory")
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == (
        "profiles/carol-c.yaml:2:9: O001 github: this profile belongs to 'carol', not to 'mallory'")


def test_a_profile_with_a_bom_and_github_on_line_one_still_has_its_owner(repo):
    write(repo, "profiles/bob-b.yaml", BOM + b"github: mallory\nname: Bob B.\n")
    commit(repo)
    assert codes(repo, "mallory") == [("profiles/bob-b.yaml", "O001")]
    (repo / "profiles" / "bob-b.yaml").unlink()
    commit(repo)
    assert codes(repo, "mallory") == [("profiles/bob-b.yaml", "O001")]
    assert codes(repo, "bob") == []


def test_a_new_profile_claiming_someone_elses_login_with_a_bom_is_refused(repo):
    # the squat: the regex saw no owner here, the build reads 'alice'
    write(repo, "profiles/zz-z.yaml", BOM + b"github: alice\nname: Z\n")
    commit(repo)
    assert codes(repo, "mallory") == [("profiles/zz-z.yaml", "O001")]


@pytest.mark.parametrize("text", [
    b"github: alice\n",
    b"github: alice\r\nname: A\r\n",
    BOM + b"github: alice\n",
    BOM + b"github: alice\r\n",
    b"github: 'alice'  # mine\n",
    b'"github": alice\n',
    b"{github: alice, name: A}\n",
    b"name: A\ngithub:\n  alice\n",
    b"github: alice\ngithub: mallory\n",
    b"github: [alice]\n",
    b"github: ~\n",
    b"name: A\n# github: alice\n",
    b"github: alice\n---\ngithub: mallory\n",
    b"\xff\xfegithub: alice\n",
    "github: alice\n".encode("utf-16"),
])
def test_ownership_reads_the_login_the_build_reads(text):
    build = check_profile(load_bytes(text, "profiles/x-x.yaml"), load_vocabulary(), TODAY).data.get("github")
    assert github_login(load_bytes(text, "profiles/x-x.yaml")) == (build if isinstance(build, str) else None)


def test_fail_closed_when_the_base_profile_has_no_readable_owner(repo):
    write(repo, "profiles/odd-o.yaml", "name: O\ngithub: [\n")
    commit(repo)
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "pr")                         # say a maintainer merged it
    git(repo, "checkout", "-q", "-B", "pr")
    write(repo, "profiles/odd-o.yaml", PROFILE.format(login="mallory"))
    commit(repo)
    assert codes(repo, "mallory") == [("profiles/odd-o.yaml", "O008")]
    (repo / "profiles" / "odd-o.yaml").unlink()
    commit(repo)
    assert codes(repo, "mallory") == [("profiles/odd-o.yaml", "O008")]
    assert codes(repo, "portal-maintainer") == []


# --- names git hands us: symlinks, odd names under profiles/ ----------------------------------------

def test_a_symlink_is_refused_even_when_it_points_at_the_authors_own_file(repo):
    os.symlink("alice-a.yaml", repo / "profiles" / "alice-b.yaml")
    os.symlink("../alice-a.yaml", repo / "profiles" / "photos" / "alice-a.png")
    commit(repo)
    assert codes(repo, "alice") == [("profiles/alice-b.yaml", "O006"), ("profiles/photos/alice-a.png", "O006")]
    assert codes(repo, "programme-staff") == [("profiles/alice-b.yaml", "O006"),
                                               ("profiles/photos/alice-a.png", "O006")]
    review = check_pr("alice", "main", root=repo)
    assert review.profiles == []                              # never handed to validate


def test_a_file_turned_into_a_symlink_is_refused(repo):
    (repo / "profiles" / "alice-a.yaml").unlink()
    os.symlink("carol-c.yaml", repo / "profiles" / "alice-a.yaml")
    commit(repo)
    assert ("profiles/alice-a.yaml", "O006") in codes(repo, "alice")


@pytest.mark.parametrize("name", ["profiles/Alice-a.yaml", "profiles/alice_a.yaml", "profiles/a.yaml",
                                  "profiles/sub/alice-a.yaml", "profiles/alice-a.yml", "profiles/README.md",
                                  "profiles/photos/alice-a.gif", "profiles/photos/alice-a.JPG",
                                  "profiles/photos/x/alice-a.jpg", "profiles/photos/alice-a.jpg.yaml",
                                  "profiles/ali\u0441e-a.yaml"])
def test_odd_names_under_profiles_are_refused_for_everyone(repo, name):
    write(repo, name, PROFILE.format(login="alice"))
    commit(repo)
    assert codes(repo, "alice") == [(name, "O007")]
    assert codes(repo, "programme-staff") == [(name, "O007")]


def test_control_characters_in_a_name_are_refused_and_shown_escaped(repo):
    write(repo, "docs/a\nb.md", "x")
    commit(repo)
    r = check(repo, "programme-staff")
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == "docs/a\\nb.md:1:1: O005 the name 'docs/a\\nb.md' contains a control character"


def test_the_profiles_to_validate_are_written_for_the_next_step(repo, tmp_path):
    write(repo, "profiles/alice-a.yaml", PROFILE.format(login="alice") + "summary: x\n")
    write(repo, "profiles/alice-b.yaml", PROFILE.format(login="alice"))
    (repo / "profiles" / "carol-c.yaml").unlink()
    commit(repo)
    out = tmp_path / "profiles.z"
    check(repo, "alice", "--profiles-out", str(out))
    assert out.read_bytes() == b"profiles/alice-a.yaml\0profiles/alice-b.yaml\0"


# --- profiles and photos ------------------------------------------------------------------------------

def test_owner_may_change_own_profile_and_photo(repo):
    write(repo, "profiles/alice-a.yaml", PROFILE.format(login="Alice") + "summary: x\n")
    write(repo, "profiles/photos/alice-a.jpg", photo(seed=2))
    commit(repo)
    assert codes(repo, "ALICE") == []


def test_someone_else_may_not(repo):
    write(repo, "profiles/alice-a.yaml", PROFILE.format(login="alice") + "summary: x\n")
    write(repo, "profiles/photos/alice-a.jpg", photo(seed=2))
    commit(repo)
    assert codes(repo, "mallory") == [("profiles/alice-a.yaml", "O001"), ("profiles/photos/alice-a.jpg", "O002")]


def test_new_profile_belongs_to_its_author(repo):
    write(repo, "profiles/bob-z.yaml", PROFILE.format(login="bobz"))
    commit(repo)
    assert codes(repo, "bobz") == []
    assert codes(repo, "eve") == [("profiles/bob-z.yaml", "O001")]


def test_deleting_own_profile_may_delete_its_photo(repo):
    (repo / "profiles" / "alice-a.yaml").unlink()
    (repo / "profiles" / "photos" / "alice-a.jpg").unlink()
    commit(repo)
    assert codes(repo, "alice") == []
    assert codes(repo, "mallory") == [("profiles/alice-a.yaml", "O001"), ("profiles/photos/alice-a.jpg", "O002")]


def test_an_orphaned_photo_may_be_deleted_by_anyone_but_not_changed(repo):
    (repo / "profiles" / "photos" / "gone-g.jpg").unlink()
    commit(repo)
    assert codes(repo, "whoever-deleted-it") == []
    git(repo, "reset", "-q", "--hard", "main")
    write(repo, "profiles/photos/gone-g.jpg", photo(seed=3))
    commit(repo)
    assert codes(repo, "mallory") == [("profiles/photos/gone-g.jpg", "O002")]


def test_a_photo_for_a_new_profile_of_ones_own(repo):
    write(repo, "profiles/dan-d.yaml", PROFILE.format(login="dan"))
    write(repo, "profiles/photos/dan-d.webp", photo("WEBP"))
    commit(repo)
    assert codes(repo, "dan") == []
    assert codes(repo, "eve") == [("profiles/dan-d.yaml", "O001"), ("profiles/photos/dan-d.webp", "O002")]


def test_a_photo_of_a_profile_with_no_readable_owner_is_maintainers_only(repo):
    write(repo, "profiles/photos/carol-c.jpg", photo(seed=4))
    commit(repo)
    assert codes(repo, "carol") == []                  # CRLF: carol is read as the owner
    git(repo, "reset", "-q", "--hard", "main")
    write(repo, "profiles/odd-o.yaml", "github: [\n")
    commit(repo)
    git(repo, "branch", "-q", "-f", "main", "HEAD")
    write(repo, "profiles/photos/odd-o.jpg", photo(seed=5))
    commit(repo)
    assert codes(repo, "mallory") == [("profiles/photos/odd-o.jpg", "O008")]


def test_maintainer_only_and_outside_files(repo):
    for name in ("data/skills.yml", ".github/workflows/check.yml", "notes.txt", ".gitattributes"):
        write(repo, name, "x\n")
    commit(repo)
    assert codes(repo, "alice") == [(".gitattributes", "O003"), (".github/workflows/check.yml", "O004"),
                                    ("data/skills.yml", "O004"), ("notes.txt", "O003")]


def test_maintainers_may_change_anything_well_named(repo):
    write(repo, "data/skills.yml", "x\n")
    write(repo, "profiles/alice-a.yaml", PROFILE.format(login="someone"))
    (repo / "profiles" / "carol-c.yaml").unlink()
    commit(repo)
    assert codes(repo, "Programme-Staff") == []


# --- the cross-file scan reads logins the same way ---------------------------------------------------

def test_a_login_squatted_with_a_bom_is_caught_when_the_real_profile_arrives(tmp_path):
    valid = (FIXTURES / "problems" / "p004-unknown-skill.yaml").read_text().replace("Pyhton", "Python")
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    squat = valid.replace("github: p004-unknown-skill\n", "")
    (profiles / "aa-squat.yaml").write_bytes(BOM + b"github: alice\r\n" + squat.replace("\n", "\r\n").encode())
    (profiles / "alice-a.yaml").write_text(valid.replace("github: p004-unknown-skill", "github: alice"))
    named = validate_paths([profiles / "alice-a.yaml"], root=tmp_path, today=TODAY)
    assert [(p.code, p.file) for p in named.problems] == [("P016", "profiles/alice-a.yaml")]
    everything = validate_paths(None, root=tmp_path, today=TODAY)        # the build leaves alice-a out too
    assert [(p.code, p.file) for p in everything.problems] == [("P016", "profiles/alice-a.yaml")]


def test_every_photo_added_or_changed_is_looked_inside_whoever_sends_it(repo):
    # a photo alone in a pull request, named by no profile line yet, is public once merged
    from test_images import encoded, phone_exif

    write(repo, "profiles/photos/alice-a.jpg", encoded("JPEG", exif=phone_exif(gps=True)))
    write(repo, "profiles/photos/dan-d.png", b"GIF89a not a photo")
    write(repo, "profiles/dan-d.yaml", PROFILE.format(login="dan"))
    commit(repo)
    assert ("profiles/photos/alice-a.jpg", "P031") in codes(repo, "alice")
    assert ("profiles/photos/alice-a.jpg", "P031") in codes(repo, "programme-staff")     # maintainers too
    out = check(repo, "alice").stdout
    assert "GPS location" in out and "clean-photo profiles/photos/alice-a.jpg" in out
    assert ("profiles/photos/dan-d.png", "P030") in codes(repo, "dan")


# --- a photo belongs to the profile it was uploaded for, not to its id --------------------------------

def test_deleting_a_profile_without_its_photo_is_refused(repo):
    # the photo would stay public, and show on the page of whoever takes the freed id next
    (repo / "profiles" / "alice-a.yaml").unlink()
    commit(repo)
    for author in ("alice", "programme-staff"):
        assert codes(repo, author) == [("profiles/photos/alice-a.jpg", "O009")], author
    r = check(repo, "alice")
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith("profiles/photos/alice-a.jpg:1:1: O009 ")
    assert "profiles/alice-a.yaml" in r.stdout and "Delete profiles/photos/alice-a.jpg" in r.stdout


def test_deleting_a_profile_must_delete_every_photo_of_its_id(repo):
    write(repo, "profiles/photos/alice-a.png", photo("PNG"))
    commit(repo)
    git(repo, "branch", "-q", "-f", "main", "HEAD")
    (repo / "profiles" / "alice-a.yaml").unlink()
    (repo / "profiles" / "photos" / "alice-a.jpg").unlink()
    commit(repo)
    assert codes(repo, "alice") == [("profiles/photos/alice-a.png", "O009")]


def test_taking_an_id_whose_photo_stayed_behind_is_refused(repo):
    # repro_orphan: gone-g left without deleting its photo; a stranger takes gone-g and names that photo
    write(repo, "profiles/gone-g.yaml", PROFILE.format(login="mallory") + "photo: profiles/photos/gone-g.jpg\n")
    commit(repo)
    for author in ("mallory", "programme-staff"):
        assert codes(repo, author) == [("profiles/gone-g.yaml", "O010")], author
    r = check(repo, "mallory")
    assert r.returncode == 1
    assert "profiles/photos/gone-g.jpg" in r.stdout and "another id" in r.stdout and "maintainer" in r.stdout


@pytest.mark.parametrize("photo_change", ["replace", "delete"])
def test_taking_a_freed_id_is_fine_when_the_pull_request_replaces_or_deletes_the_old_photo(repo, photo_change):
    write(repo, "profiles/gone-g.yaml", PROFILE.format(login="mallory"))
    if photo_change == "replace":
        write(repo, "profiles/photos/gone-g.jpg", photo(seed=7))
    else:
        (repo / "profiles" / "photos" / "gone-g.jpg").unlink()
    commit(repo)
    assert codes(repo, "mallory") == []


def test_a_photo_left_behind_on_main_after_the_branch_started_still_counts(repo):
    write(repo, "profiles/new-n.yaml", PROFILE.format(login="newcomer"))
    commit(repo)
    git(repo, "checkout", "-q", "main")
    write(repo, "profiles/photos/new-n.jpg", photo(seed=8))     # main gains a photo for that id meanwhile
    commit(repo)
    git(repo, "checkout", "-q", "pr")
    assert codes(repo, "newcomer") == [("profiles/new-n.yaml", "O010")]



def test_a_changed_photo_sends_its_profile_to_validate(repo, tmp_path):
    # a photo added alone is checked against its profile's consent (P032 there if it does not show it)
    write(repo, "profiles/photos/alice-a.png", photo("PNG"))
    write(repo, "profiles/photos/gone-g.jpg", photo(seed=9))
    commit(repo)
    out = tmp_path / "profiles.z"
    check(repo, "alice", "--profiles-out", str(out))
    assert out.read_bytes() == b"profiles/alice-a.yaml\0"


def test_a_new_profile_with_the_wrong_github_line_says_what_to_write(repo):
    write(repo, "profiles/noor-k.yaml", PROFILE.format(login="your-github-login"))
    write(repo, "profiles/photos/noor-k.jpg", photo())
    commit(repo)
    found = {p.file: p for p in check_pr("noor-k-gh", "main", root=repo).problems}
    profile, own_photo = found["profiles/noor-k.yaml"], found["profiles/photos/noor-k.jpg"]
    assert profile.code == "O001" and profile.message == (
        "the github: line says 'your-github-login', but this pull request comes from 'noor-k-gh'")
    assert "if this is your profile, write github: noor-k-gh" in profile.hint.casefold()
    assert own_photo.code == "O002" and "Name your photo after your own profile id" not in own_photo.hint
    assert "github: noor-k-gh" in own_photo.hint and "profiles/noor-k.yaml" in own_photo.message


def test_someone_elses_existing_profile_keeps_its_ownership_message(repo):
    write(repo, "profiles/alice-a.yaml", PROFILE.format(login="alice").replace("headline: x", "headline: changed"))
    commit(repo)
    [problem] = check_pr("mallory", "main", root=repo).problems
    assert problem.message == "this profile belongs to 'alice', not to 'mallory'"


# --- story photos and partner logos: maintainers' files, held to the rules of profile photos (issue #12) ------

STORY = (FIXTURES / "stories" / "stories" / "s004-story-bad-value.md").read_text().replace(
    "cohort: 2024-C", "cohort: 2024-B").replace("  photo: false", "  photo: true").replace(
    "outcome: employed\n", "outcome: employed\nphoto: stories/photos/pictured.jpg\n")
PARTNER = (FIXTURES / "partners" / "ok-partner.yaml").read_text()
LOGO = (FIXTURES / "partners" / "logos" / "ok-partner.png").read_bytes()


def gps_photo(fmt: str = "JPEG") -> bytes:
    from test_images import encoded, phone_exif

    return encoded(fmt, exif=phone_exif(gps=True))


@pytest.fixture
def media(repo):
    """`repo`, with a story that shows its photo and a partner that shows its logo on main."""
    write(repo, "stories/pictured.md", STORY)
    write(repo, "stories/photos/pictured.jpg", photo(seed=4))
    write(repo, "partners/ok-partner.yaml", PARTNER)
    write(repo, "partners/logos/ok-partner.png", LOGO)
    commit(repo)
    git(repo, "branch", "-q", "-f", "main", "HEAD")
    return repo


def validate_out(repo: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / "validate.z"
    check(repo, "programme-staff", "--validate-out", str(out))
    return out.read_bytes().decode().split("\0")[:-1]


def test_the_media_repository_is_valid_to_start_with(media):
    result = run_cli("validate", "--repo", str(media), "--today", TODAY.isoformat(), "--",
                     "stories/pictured.md", "partners/ok-partner.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_story_photo_or_a_logo_added_or_changed_is_looked_inside_like_a_profile_photo(media):
    write(media, "stories/photos/pictured.jpg", gps_photo())
    write(media, "partners/logos/ok-partner.png", gps_photo("PNG"))
    commit(media)
    assert codes(media, "programme-staff") == [("partners/logos/ok-partner.png", "R010"),
                                               ("stories/photos/pictured.jpg", "S012")]
    r = check(media, "programme-staff")
    assert r.returncode == 1
    assert "partners/logos/ok-partner.png:1:1: R010 the logo 'partners/logos/ok-partner.png' holds hidden " \
           "information: GPS location" in r.stdout
    assert "clean-photo stories/photos/pictured.jpg" in r.stdout
    write(media, "partners/logos/ok-partner.png", b"GIF89a not a logo")
    write(media, "stories/photos/pictured.jpg", photo(seed=5))
    commit(media)
    assert codes(media, "programme-staff") == [("partners/logos/ok-partner.png", "R009")]


def test_a_story_photo_whose_story_is_absent_is_refused_and_looked_inside(media):
    # repro: a photo with GPS added alone passed, where the same file under profiles/photos/ gets P031
    write(media, "stories/photos/secret-person.jpg", gps_photo())
    write(media, "partners/logos/nobody-co.png", LOGO)
    commit(media)
    assert codes(media, "programme-staff") == [("partners/logos/nobody-co.png", "R011"),
                                               ("stories/photos/secret-person.jpg", "S012"),
                                               ("stories/photos/secret-person.jpg", "S013")]
    r = check(media, "programme-staff")
    assert ("stories/photos/secret-person.jpg:1:1: S013 no story shows this photo: stories/secret-person.md will not "
            "exist once this pull request is merged, yet the photo would be public in the repository") in r.stdout
    # with its story in the same pull request, it is the story's (validate then holds it to the story's consent)
    write(media, "stories/photos/secret-person.jpg", photo(seed=6))
    write(media, "stories/secret-person.md", STORY.replace("pictured.jpg", "secret-person.jpg"))
    (media / "partners" / "logos" / "nobody-co.png").unlink()
    commit(media)
    assert codes(media, "programme-staff") == []


def test_a_file_in_a_folder_inside_the_photos_folder_is_refused(media):
    write(media, "stories/photos/pictured/extra.jpg", photo(seed=7))
    commit(media)
    [problem] = check_pr("programme-staff", "main", root=media).problems
    assert (problem.file, problem.code) == ("stories/photos/pictured/extra.jpg", "S013")
    assert "in a folder inside stories/photos/" in problem.message


@pytest.mark.parametrize("owner, left", [("stories/pictured.md", "stories/photos/pictured.jpg"),
                                         ("partners/ok-partner.yaml", "partners/logos/ok-partner.png")])
def test_deleting_a_story_or_a_partner_without_its_photo_or_logo_is_refused(media, owner, left):
    # as O009 for profiles: the file would stay public, and show for whichever story or partner takes the id next
    (media / owner).unlink()
    commit(media)
    assert codes(media, "programme-staff") == [(left, "O011")]
    r = check(media, "programme-staff")
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith(f"{left}:1:1: O011 this pull request deletes {owner} but not its ")
    assert f"Delete {left} in this pull request too." in r.stdout
    (media / left).unlink()
    commit(media)
    assert codes(media, "programme-staff") == []


def test_deleting_a_story_and_changing_its_photo_is_said_once(media):
    (media / "stories" / "pictured.md").unlink()
    write(media, "stories/photos/pictured.jpg", photo(seed=8))
    commit(media)
    assert codes(media, "programme-staff") == [("stories/photos/pictured.jpg", "O011")]


def test_a_photo_left_on_main_after_the_branch_started_counts_when_its_story_is_deleted(media):
    git(media, "checkout", "-q", "-b", "side", "main")
    write(media, "stories/photos/pictured.png", photo("PNG", seed=9))
    commit(media)
    git(media, "checkout", "-q", "pr")
    git(media, "branch", "-q", "-f", "main", "side")
    (media / "stories" / "pictured.md").unlink()
    (media / "stories" / "photos" / "pictured.jpg").unlink()
    commit(media)
    assert codes(media, "programme-staff") == [("stories/photos/pictured.png", "O011")]


def test_renaming_a_story_without_its_photo_is_refused_and_the_new_story_validated(media, tmp_path):
    git(media, "mv", "stories/pictured.md", "stories/pictured-again.md")
    commit(media)
    assert codes(media, "programme-staff") == [("stories/photos/pictured.jpg", "O011")]
    assert validate_out(media, tmp_path) == ["stories/pictured-again.md"]


def test_a_renamed_story_photo_sends_its_story_to_validate_which_finds_it_broken(media, tmp_path):
    # repro: the story still names the old file; check-pr said "All good" and gave validate nothing
    git(media, "mv", "stories/photos/pictured.jpg", "stories/photos/pictured-2.jpg")
    commit(media)
    assert codes(media, "programme-staff") == [("stories/photos/pictured-2.jpg", "S013")]
    paths = validate_out(media, tmp_path)
    assert paths == ["stories/pictured.md"]
    result = run_cli("validate", "--repo", str(media), "--today", TODAY.isoformat(), "--", *paths)
    assert result.returncode == 1
    assert "stories/pictured.md:13:8: S011 photo: the photo 'stories/photos/pictured.jpg' does not exist" in result.stdout


@pytest.mark.parametrize("change", ["changed", "deleted"])
def test_a_changed_or_deleted_logo_sends_its_partner_to_validate(media, tmp_path, change):
    if change == "changed":
        write(media, "partners/logos/ok-partner.png", photo("PNG", seed=10))
    else:
        (media / "partners" / "logos" / "ok-partner.png").unlink()
    commit(media)
    assert codes(media, "programme-staff") == []
    assert validate_out(media, tmp_path) == ["partners/ok-partner.yaml"]
    result = run_cli("validate", "--repo", str(media), "--today", TODAY.isoformat(), "--", "partners/ok-partner.yaml")
    assert (result.returncode, "R008" in result.stdout) == ((0, False) if change == "changed" else (1, True))
