"""ownership.py: who may change what, judged before and after the change."""

import subprocess

import pytest

from build_scripts.ownership import check_pr

PROFILE = "name: A\ngithub: {login}\nheadline: x\n"


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "profiles" / "photos").mkdir(parents=True)
    (tmp_path / "profiles" / "alice-a.yaml").write_text(PROFILE.format(login="alice"))
    (tmp_path / "profiles" / "photos" / "alice-a.jpg").write_bytes(b"jpg")
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(git + ["add", "."], cwd=tmp_path, check=True)
    subprocess.run(git + ["commit", "-qm", "base"], cwd=tmp_path, check=True)
    return tmp_path


def codes(problems):
    return [(p.file, p.code) for p in problems]


def test_owner_may_change_own_profile_and_photo(repo):
    assert check_pr("Alice", ["profiles/alice-a.yaml", "profiles/photos/alice-a.jpg"], base="HEAD", root=repo) == []


def test_someone_else_may_not(repo):
    assert codes(check_pr("mallory", ["profiles/alice-a.yaml", "profiles/photos/alice-a.jpg"], base="HEAD", root=repo)) == [
        ("profiles/alice-a.yaml", "O001"), ("profiles/photos/alice-a.jpg", "O002")]


def test_taking_over_a_profile_by_rewriting_its_login_is_caught_through_the_base(repo):
    (repo / "profiles" / "alice-a.yaml").write_text(PROFILE.format(login="mallory"))
    assert check_pr("mallory", ["profiles/alice-a.yaml"], root=repo) == []      # the head alone is fooled
    assert codes(check_pr("mallory", ["profiles/alice-a.yaml"], base="HEAD", root=repo)) == [
        ("profiles/alice-a.yaml", "O001")]


def test_new_profile_belongs_to_its_author(repo):
    (repo / "profiles" / "bob-b.yaml").write_text(PROFILE.format(login="bob"))
    assert check_pr("bob", ["profiles/bob-b.yaml"], base="HEAD", root=repo) == []
    assert codes(check_pr("eve", ["profiles/bob-b.yaml"], base="HEAD", root=repo)) == [("profiles/bob-b.yaml", "O001")]


def test_deleting_someone_elses_profile_is_caught(repo):
    (repo / "profiles" / "alice-a.yaml").unlink()
    assert codes(check_pr("eve", ["profiles/alice-a.yaml"], base="HEAD", root=repo)) == [("profiles/alice-a.yaml", "O001")]


def test_maintainer_only_and_outside_files(repo):
    assert codes(check_pr("alice", ["data/skills.yml", ".github/workflows/check.yml", "notes.txt", "profiles/README.md"],
                          base="HEAD", root=repo)) == [
        ("data/skills.yml", "O004"), (".github/workflows/check.yml", "O004"), ("notes.txt", "O003"),
        ("profiles/README.md", "O003")]


def test_maintainers_may_change_anything(repo):
    assert check_pr("programme-staff", ["data/skills.yml", "profiles/alice-a.yaml"], base="HEAD", root=repo) == []
