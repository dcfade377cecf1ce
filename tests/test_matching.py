"""Normalization of identifiers and titles, and the scores and kinds of matches (matching.py)."""

import time

import pytest

from aistd_kg.linking.matching import Designation, Query, best, designations, identifier_key, looks_like_identifier, search_text, title_key


@pytest.mark.parametrize("text, key", [
    ("ISO/IEC 42001:2023", "ISO/IEC42001:2023"),
    ("iso/iec 42001 : 2023", "ISO/IEC42001:2023"),
    ("ＩＳＯ／ＩＥＣ　４２００１：２０２３", "ISO/IEC42001:2023"),  # full-width
    ("GB 45438—2025", "GB45438-2025"),  # em dash
    ("GB/T 45288.1－2025", "GB/T45288.1-2025"),  # full-width hyphen
    ("SAC/TC 260", "SAC/TC260"),
])
def test_identifier_key_unifies_width_case_dashes_and_spaces(text, key):
    assert identifier_key(text) == key


@pytest.mark.parametrize("text, undated, year, base, number", [
    ("ISO/IEC 42001:2023", "ISO/IEC42001", "2023", "ISO/IEC42001", "42001"),
    ("BS ISO/IEC 42001:2023", "BSISO/IEC42001", "2023", "ISO/IEC42001", "42001"),
    ("BS EN ISO/IEC 22989:2023", "BSENISO/IEC22989", "2023", "ISO/IEC22989", "22989"),
    ("DIN EN 12345:2020", "DINEN12345", "2020", "EN12345", "12345"),
    ("ISO/IEC TR 24029-1:2021", "ISO/IECTR24029-1", "2021", "ISO/IECTR24029-1", "24029-1"),
    ("GB/T 45288.1-2025", "GB/T45288.1", "2025", "GB/T45288.1", "45288.1"),
    ("IEEE 7000-2021", "IEEE7000", "2021", "IEEE7000", "7000"),
    ("IEEE P3110", "IEEEP3110", None, "IEEEP3110", "3110"),
    ("ITU-T F.748.46", "ITU-TF.748.46", None, "ITU-TF.748.46", "748.46"),
    ("ISO/IEC JTC 1/SC 42", "ISO/IECJTC1/SC42", None, "ISO/IECJTC1/SC42", None),
])
def test_designation_forms(text, undated, year, base, number):
    designation = Designation(text)
    assert (designation.undated, designation.year, designation.base, designation.number) == (undated, year, base, number)


def test_dual_designation_is_two():
    assert [d.key for d in designations("GB/T 19001-2016/ISO 9001:2015")] == ["GB/T19001-2016", "ISO9001:2015"]
    assert [d.key for d in designations("ISO/IEC JTC 1/SC 42")] == ["ISO/IECJTC1/SC42"]


@pytest.mark.parametrize("query, identifier, score, kind", [
    ("ISO/IEC 42001:2023", "ISO/IEC 42001:2023", 1.0, "identifier"),
    ("ISO/IEC 42001", "ISO/IEC 42001:2023", 0.95, "identifier-undated"),
    ("ISO/IEC 42001:2022", "ISO/IEC 42001:2023", 0.7, "identifier-other-year"),
    ("BS ISO/IEC 42001", "BS ISO/IEC 42001:2023", 0.95, "identifier-undated"),
    ("BS ISO/IEC 42001", "ISO/IEC 42001:2023", 0.8, "adopted"),
    ("ISO/IEC 42001:2023", "BS ISO/IEC 42001:2023", 0.8, "adopted"),
    ("BS ISO/IEC 42001:2022", "ISO/IEC 42001:2023", 0.6, "adopted"),
    ("42001", "ISO/IEC 42001:2023", 0.85, "number"),
    ("42001", "BS ISO/IEC 42001:2023", 0.8, "number"),
    ("GB/T 45288", "GB/T 45288.1-2025", 0.75, "series"),
    ("45288", "GB/T 45288.1-2025", 0.75, "series"),
    ("GB 45438—2025", "GB 45438-2025", 1.0, "identifier"),
    ("4200", "ISO/IEC 42001:2023", 0.5444, "identifier-substring"),
])
def test_identifier_scores(query, identifier, score, kind):
    match = Query(query).compare("identifier", identifier)
    assert (match.score, match.kind, match.field) == (score, kind, "identifier")


@pytest.mark.parametrize("query, identifier", [("ISO/IEC 4200", "ISO/IEC 42001:2023"), ("GB/T 4528", "GB/T 45288.1-2025")])
def test_unfinished_designations_match_only_as_substrings(query, identifier):
    match = Query(query).compare("identifier", identifier)
    assert match.kind == "identifier-substring" and match.score < 0.75  # below every designation match


def test_another_number_does_not_match():
    assert Query("42001").compare("identifier", "ISO/IEC 42005:2025") is None
    assert Query("ISO/IEC 42001").compare("identifier", "BS ISO/IEC 42005:2025") is None


def test_title_key_ignores_width_case_punctuation_and_spacing():
    assert title_key("Information technology — Artificial intelligence — Management system") == \
        title_key("information technology: artificial intelligence, management SYSTEM")
    assert title_key("人工智能 大模型 第1部分：通用要求") == "人工智能大模型第1部分通用要求"
    assert title_key("ＡＩ　管理") == "ai管理"


def test_search_text_keeps_en_words_and_joins_zh():
    assert search_text("人工智能 大模型 第1部分：通用要求") == "人工智能大模型第1部分通用要求"
    assert search_text("ISO/IEC JTC 1/SC 42 人工智能分委会") == "iso iec jtc 1 sc 42人工智能分委会"
    assert search_text("Risk-management, Guidance") == "risk management guidance"


@pytest.mark.parametrize("query, label, score, kind", [
    ("人工智能管理体系", "人工智能管理体系", 0.9, "label"),
    ("全国网络安全标准化技术委员会", "全国网络安全标准化技术委员会（TC260）", 0.88, "label"),
    ("National Cybersecurity Standardization Technical Committee",
     "National Cybersecurity Standardization Technical Committee (SAC/TC 260)", 0.88, "label"),
    ("人工智能风险", "人工智能风险管理", 0.7875, "label-prefix"),
    ("管理体系", "人工智能管理体系", 0.6, "label-substring"),
    ("management artificial", "Information technology — Artificial intelligence — Management system", 0.4517,
     "label-words"),
])
def test_title_scores(query, label, score, kind):
    match = Query(query).compare("label", label, "zh")
    assert (match.score, match.kind, match.lang) == (score, kind, "zh")


def test_alternative_label_scores_below_label():
    assert Query("信标委").compare("altLabel", "信标委").score == 0.85
    assert Query("信标委").compare("altLabel", "信标委").field == "altLabel"


def test_code_matches_only_whole():
    assert Query("tc260").compare("code", "TC260").score == 0.9
    assert Query("TC26").compare("code", "TC260") is None


def test_best_prefers_score_then_identifier():
    query = Query("TC260")
    matches = [query.compare("label", "TC260", "en"), query.compare("code", "TC260"), None]
    assert best(matches).field == "code"  # equal scores: the code wins over the label
    assert best([None]) is None


def test_only_designation_text_is_read_as_an_identifier():
    assert looks_like_identifier("BS ISO/IEC 42001") and looks_like_identifier("42001")
    assert not looks_like_identifier("人工智能 42001") and not looks_like_identifier("management system")
    assert Query("管理体系").designations == ()


@pytest.mark.parametrize("text", ["1" * 100_000 + "!", "1" + " " * 100_000 + "!", "ISO/IEC " * 20_000 + "é",
                                  "1-" * 50_000 + "x"])
def test_preparing_a_query_is_linear_in_its_length(text):
    """Texts that made a backtracking pattern take quadratic time (49 s for the first) are prepared at once."""
    started = time.monotonic()
    Query(text).compare("identifier", "ISO/IEC 42001:2023")
    looks_like_identifier(text)
    assert time.monotonic() - started < 1
