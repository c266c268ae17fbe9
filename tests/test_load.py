"""load.py: values with positions, and every unsafe YAML construct as a located problem."""

from build_scripts.load import MAX_BYTES, MAX_FLOW_DEPTH, load_bytes, load_text


def codes(doc):
    return [(p.code, p.line, p.col) for p in doc.problems]


def test_scalars_stay_text_until_the_schema_says_otherwise():
    doc = load_text("code: no\nstart: 09:00\nzip: 0123\nflag: yes\nwhen: 2026-01-01\nn: 5\n", "f.yaml")
    assert doc.data == {"code": "no", "start": "09:00", "zip": "0123", "flag": "yes", "when": "2026-01-01", "n": "5"}
    assert all(type(v) is not bool for v in doc.data.values())
    assert doc.problems == []


def test_positions_of_keys_and_values_are_one_based():
    doc = load_text("name: A\nskills:\n  - name: B\n    level: expert\n", "f.yaml")
    assert doc.key_at[("skills", 0, "level")] == (4, 5)
    assert doc.value_at[("skills", 0, "level")] == (4, 12)
    assert doc.position(("skills", 0, "missing")) == (3, 5)   # falls back to the parent


def test_duplicate_key_is_reported_at_the_second_and_the_first_value_kept():
    doc = load_text("name: a\nheadline: x\nname: b\n", "f.yaml")
    assert codes(doc) == [("P002", 3, 1)]
    assert "first on line 1" in doc.problems[0].message
    assert doc.data["name"] == "a"


def test_anchor_and_alias_are_both_reported():
    doc = load_text("a: &x 1\nb: *x\n", "f.yaml")
    assert codes(doc) == [("P003", 1, 4), ("P003", 2, 4)]


def test_billion_laughs_is_rejected_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    doc = load_text(bomb, "f.yaml")
    assert {p.code for p in doc.problems} == {"P003"}


def test_explicit_tags_are_refused():
    doc = load_text("a: !!python/object:os.system echo\n", "f.yaml")
    assert codes(doc) == [("P003", 1, 4)]


def test_second_document_is_refused():
    assert codes(load_text("a: 1\n---\nb: 2\n", "f.yaml")) == [("P021", 2, 1)]


def test_nesting_is_bounded():
    doc = load_text("a: " + "[" * 5000 + "]" * 5000 + "\n", "f.yaml")
    assert [p.code for p in doc.problems] == ["P022"]


def test_size_cap_comes_before_parsing():
    doc = load_bytes(b"a: b\n" + b"#" * MAX_BYTES, "f.yaml")
    assert codes(doc) == [("P019", 1, 1)]


def test_non_utf8_is_located():
    doc = load_bytes(b"name: ok\nheadline: caf\xe9\n", "f.yaml")
    assert codes(doc) == [("P020", 2, 14)]


def test_bom_and_crlf_are_fine():
    doc = load_bytes("\ufeffname: A\r\nheadline: B\r\n".encode(), "f.yaml")
    assert doc.problems == [] and doc.data == {"name": "A", "headline": "B"}


def test_syntax_error_is_located_with_a_hint():
    doc = load_text("name: A\nheadline: Design: web\n", "f.yaml")
    assert codes(doc) == [("P001", 2, 17)]
    assert "quotes" in doc.problems[0].hint


def test_tab_indentation_gets_a_tab_hint():
    doc = load_text("availability:\n\tstatus: open\n", "f.yaml")
    assert doc.problems[0].code == "P001" and "tabs" in doc.problems[0].hint


def test_control_character_is_a_problem_not_an_exception():
    doc = load_text("name: a\x07b\n", "f.yaml")
    assert codes(doc) == [("P001", 1, 8)]


def test_empty_and_non_mapping_files():
    assert [p.code for p in load_text("", "f.yaml").problems] == ["P023"]
    assert [p.code for p in load_text("# only a comment\n", "f.yaml").problems] == ["P023"]
    assert [p.code for p in load_text("just text\n", "f.yaml").problems] == ["P023"]


def test_empty_value_means_absent():
    doc = load_text("end:\nname: ''\n", "f.yaml")
    assert doc.data == {"end": None, "name": ""}


def test_deep_flow_nesting_is_refused_before_parsing():
    # libyaml takes time quadratic in the depth: 64 KiB of '[' took 10-13 s before this check
    import time
    for opener in "[{":
        started = time.perf_counter()
        doc = load_text("name: A\nlinks: " + opener * 60000 + "\n", "f.yaml")
        assert time.perf_counter() - started < 0.5, opener
        assert codes(doc) == [("P022", 2, 8 + MAX_FLOW_DEPTH)], opener


def test_brackets_in_quotes_comments_and_text_are_not_nesting():
    text = ("name: A\n"
            "headline: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n"
            "summary: \"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\\\"[[\"\n"
            "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
            "note: it's a plain text with [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ in it\n"
            "links: [[[[[]]]]]\n")
    doc = load_text(text, "f.yaml")
    assert doc.problems == []
    assert doc.data["headline"].startswith("[[[") and doc.data["summary"].endswith('"[[')


def test_a_tab_is_reported_at_each_line_it_indents_and_the_rest_still_read():
    doc = load_text("name: A\navailability:\n\tstatus: open\n\thours_per_week: 20\nheadline: B\n", "f.yaml")
    assert codes(doc) == [("P001", 3, 1), ("P001", 4, 1)]
    assert all("tab" in p.message and "tabs" in p.hint for p in doc.problems)
    assert doc.data == {"name": "A", "availability": {"status": "open", "hours_per_week": "20"}, "headline": "B"}
    assert doc.value_at[("availability", "status")] == (3, 10)   # the column in the file as written
    assert doc.checkable and not doc.ok


def test_a_tab_after_spaces_is_located_at_the_tab():
    doc = load_text("skills:\n  - name: P\n  \tlevel: advanced\n", "f.yaml")
    assert codes(doc) == [("P001", 3, 3)]
    assert doc.data == {"skills": [{"name": "P", "level": "advanced"}]}


def test_a_file_that_stays_broken_without_its_tabs_is_not_checked_further():
    doc = load_text("name: A\n\tstatus: open\nheadline: Design: web\n", "f.yaml")
    assert [p.code for p in doc.problems] == ["P001"]
    assert not doc.checkable


def test_a_duplicate_key_leaves_the_rest_checkable_other_problems_do_not():
    assert load_text("name: a\nname: b\n", "f.yaml").checkable
    assert not load_text("a: &x 1\nb: *x\n", "f.yaml").checkable
    assert not load_text("a: 1\n---\nb: 2\n", "f.yaml").checkable


def test_an_anchor_or_tag_before_the_bracket_does_not_lift_the_nesting_cap():
    # '&a' or '!tag' before '[' once stopped the count: 32,000 levels then took 2.5-4.9 s to parse
    import time
    for before in ("&a ", "! ", "!!seq ", "!<tag:yaml.org,2002:seq> ", "&a !!seq ", "!!seq &a "):
        for opener in "[{":
            started = time.perf_counter()
            doc = load_text("name: A\nlinks: " + (before + opener) * 32000 + "\n", "f.yaml")
            assert time.perf_counter() - started < 0.5, (before, opener)
            assert [p.code for p in doc.problems if p.code == "P022"] == ["P022"], (before, opener)
    started = time.perf_counter()
    doc = load_text("name: &a " + "[" * 32000 + "\n", "f.yaml")
    assert time.perf_counter() - started < 0.5 and "P022" in [p.code for p in doc.problems]
    doc = load_text("- &a [\n" + "[&b " * 32000 + "\n", "f.yaml")
    assert "P022" in [p.code for p in doc.problems]
    for start in ("--- ", "--- &a ", "%YAML 1.1\n--- ", "\ufeff\ufeff"):   # a document marker or a second BOM
        started = time.perf_counter()
        doc = load_text(start + "[" * 32000 + "\n", "f.yaml")
        assert time.perf_counter() - started < 0.5 and "P022" in [p.code for p in doc.problems], start


def test_anchors_and_tags_still_parse_when_shallow():
    doc = load_text("a: &x [[1]]\nb: !!str [x]\n", "f.yaml")
    assert "P022" not in [p.code for p in doc.problems] and {p.code for p in doc.problems} <= {"P003", "P001"}


def test_a_list_or_an_alias_used_as_a_key_is_refused_and_its_value_skipped():
    doc = load_text("name: A\n? [a, b]\n: c\nheadline: B\n", "f.yaml")
    assert codes(doc) == [("P001", 2, 3)]
    assert doc.data == {"name": "A", "headline": "B"}
    doc = load_text("name: &n A\n*n : x\nheadline: B\n", "f.yaml")
    assert codes(doc) == [("P003", 1, 7), ("P003", 2, 1)]
    assert doc.data == {"name": "A", "headline": "B"}


def test_nesting_too_deep_is_reported_once_and_the_rest_still_read():
    doc = load_text("x:" + " [" * 12 + " ]" * 12 + "\ny:" + " [" * 12 + " ]" * 12 + "\nz: 1\n", "f.yaml")
    assert codes(doc) == [("P022", 1, 22)]
    assert doc.data["z"] == "1" and doc.data["x"] == doc.data["y"] == [[[[[[[[[None]]]]]]]]]


def test_brackets_in_a_block_scalar_are_text_but_not_those_after_it():
    assert codes(load_text("summary: |\n  " + "[" * 70 + "\n  {{\nname: A\n", "f.yaml")) == []
    assert codes(load_text("summary: >\n  x\nlinks: " + "[" * 70, "f.yaml")) == [("P022", 3, 72)]
