"""Whatever bytes a contributor sends, validation answers with problems, never a traceback."""

import datetime as dt

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.load import load_bytes
from build_scripts.problems import CODES
from build_scripts.validate import check_profile
from build_scripts.vocab import load_vocabulary
from conftest import FIXTURES

VOCAB = load_vocabulary()
BASE = (FIXTURES / "problems" / "w004-skill-alias.yaml").read_text()
TOKENS = list(":-[]{}&*!|>'\"#\n \t?,%@`\\~") + ["name", "skills", "  ", "- ", "no", "0", "true", "2026-01-01", "é", "\u202e"]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=150).map("".join)
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=4),
                           max_leaves=20)
FIELDS = ["name", "github", "headline", "summary", "skills", "languages", "timezone", "availability", "consent",
          "working_hours", "experience", "education", "certificates", "portfolio", "links", "photo", "country", "tracks"]


def check(raw: bytes):
    doc = check_profile(load_bytes(raw, "prop.yaml"), VOCAB, dt.date(2026, 6, 15)).doc
    for p in doc.problems:
        assert p.code in CODES and p.line >= 1 and p.col >= 1 and p.message
    return doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(raw):
    check(raw)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_yaml_shaped_text(text):
    check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FIELDS), JSON_VALUES)
def test_any_value_in_any_field_of_a_real_profile(field, value):
    data = yaml.safe_load(BASE)
    data[field] = value
    doc = check(yaml.safe_dump(data, allow_unicode=True).encode())
    if value in (None, "", [], {}) and field in ("name", "skills"):
        assert not doc.ok


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FIELDS), JSON_VALUES)
def test_any_value_nested_in_list_items(field, value):
    data = yaml.safe_load(BASE)
    data["skills"][0]["years"] = value
    data["languages"].append({"code": value, "level": value})
    check(yaml.safe_dump(data, allow_unicode=True).encode())
