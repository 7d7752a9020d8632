"""The analysis chain, without a database: normalisation, bigrams, pinyin, synonyms, query parsing."""

from search import analysis
from search.query import exact_key, parse

GROUPS = (("电焊", "焊接"), ("新能源车", "新能源汽车"), ("plc", "可编程控制器"))


def test_normalise_folds_width_case_and_traditional():
    assert analysis.normalise("ＰＬＣ應用　數控") == "plc应用 数控"
    assert analysis.normalise("") == ""


def test_bigrams_overlap_and_keep_words_and_lone_characters():
    assert analysis.bigrams("焊接结构") == ["焊接", "接结", "结构"]
    assert analysis.bigrams("plc应用 c 语") == ["plc", "应用", "c", "语"]


def test_unigrams_only_han():
    assert analysis.unigrams("焊条a电") == ["焊", "条", "电"]


def test_pinyin_full_initials_and_segmentation():
    assert analysis.pinyin("焊接plc") == ["han", "jie", "plc"]
    assert "".join(analysis.initial_units("焊接结构")) == "hjjg"
    assert analysis.segment_pinyin("shukongchechuang") == ["shu", "kong", "che", "chuang"]
    assert analysis.segment_pinyin("hanjie") == ["han", "jie"]
    assert analysis.segment_pinyin("python") is None
    assert analysis.segment_pinyin("焊接") is None


def test_dictionary_words_are_at_least_two_characters():
    assert {"汽车", "维修"} <= analysis.words("汽车维修")
    assert all(len(word) > 1 for word in analysis.words("焊接结构制作与维修"))


def test_synonym_expansion_replaces_members_inside_a_term():
    assert analysis.expand_synonyms("电焊", GROUPS) == ["电焊", "焊接"]
    assert "新能源汽车技术" in analysis.expand_synonyms("新能源车技术", GROUPS)
    assert analysis.expand_synonyms("钳工", GROUPS) == ["钳工"]


def test_parse_builds_alternatives_per_term():
    parsed = parse("電焊 高级", GROUPS)
    assert [t.text for t in parsed.terms] == ["电焊", "高级"]
    kinds = {(alt.kind, alt.text, alt.synonym) for alt in parsed.terms[0].alternatives}
    assert ("phrase", "电焊", False) in kinds and ("phrase", "焊接", True) in kinds
    single = parse("焊", GROUPS).terms[0]
    assert {alt.kind for alt in single.alternatives} == {"phrase", "unigram"}
    pinyin = parse("hanjie", GROUPS).terms[0]
    assert ("pinyin", ("han", "jie")) in {(alt.kind, alt.tokens) for alt in pinyin.alternatives}


def test_exact_keys_isbn_with_or_without_hyphens_and_program_codes():
    assert exact_key("978-7-5167-4118-4") == "9787516741184"
    assert exact_key("9787111640417") == "9787111640417"
    assert exact_key("0115") == "0115"
    assert exact_key("焊接") == ""
    assert exact_key("2023") == "2023"


def test_variant_characters_become_their_standard_forms_and_everyday_characters_stay():
    assert analysis.normalise("銲接") == "焊接"
    assert analysis.normalise("數控車牀") == "数控车床"  # traditional, then the variant 牀
    assert analysis.normalise("倣真彫刻") == "仿真雕刻"
    # The variant table also lists standard characters as variants of older forms (机 → 几): those stay.
    assert analysis.normalise("机械制图 干燥 面包") == "机械制图 干燥 面包"


def test_typed_initials_are_read_as_fewest_units():
    assert analysis.query_initials("hj") == ["h", "j"]
    assert analysis.query_initials("gongyejqr") == ["g", "y", "j", "q", "r"]
    assert analysis.query_initials("数控cc") == ["s", "k", "c", "c"]
    assert analysis.query_initials("数控chechuang") == ["s", "k", "c", "c"]
    assert analysis.query_initials("hanjie") is None  # plain pinyin: matched as syllables instead
    assert analysis.query_initials("焊接") is None
    assert analysis.initial_units("plc应用") == ["p", "l", "c", "y", "y"]
    assert analysis.readings("氩弧焊技术焊接", ("h", "j"), "initials") == ("焊技", "焊接")


def test_generic_words_are_stripped_from_the_ends_of_a_term_but_never_to_one_character():
    assert analysis.strip_noise("关于焊接的教材") == "焊接"
    assert analysis.strip_noise("机械制图教程") == "机械制图"
    assert analysis.strip_noise("书法教材") == "书法"
    assert analysis.strip_noise("的确") == "的确"
    assert analysis.strip_noise("教材") == "教材"


def test_pinyin_typed_syllable_by_syllable_is_one_term():
    assert [term.text for term in parse("han jie", synonym_groups=()).terms] == ["hanjie"]
    assert [term.text for term in parse("gongye jqr", synonym_groups=()).terms] == ["gongye", "jqr"]
    assert [term.text for term in parse("焊接 教材", synonym_groups=()).terms] == ["焊接"]
    assert [term.text for term in parse("教材", synonym_groups=()).terms] == ["教材"]
