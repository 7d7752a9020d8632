"""Behaviour tests shared by every engine: subclasses (or parametrised fixtures) run them per engine."""

from search.models import Synonym
from search.service import Search, TextbookSearch


def titles(results):
    return [hit.doc.title for hit in results.hits]


class EngineBehaviour:
    """Expectations on the small corpus in `conftest.corpus`; `engine` is a fixture of the concrete test class."""

    def search(self, q, engine, cls=TextbookSearch, **filters):
        return cls(q, engine=engine).filter(**filters).execute(per_page=20)

    def test_two_characters_find_longer_titles(self, corpus, engine):
        found = titles(self.search("焊接", engine))
        assert found == ["焊接结构制作（高级）", "焊条电弧焊"]  # the second through its program, 焊接加工

    def test_one_character_matches_short_fields(self, corpus, engine):
        assert set(titles(self.search("焊", engine))) == {"焊接结构制作（高级）", "焊条电弧焊"}

    def test_pinyin_and_traditional(self, corpus, engine):
        assert titles(self.search("shukongchechuang", engine)) == ["数控车床编程与操作"]
        assert titles(self.search("數控車床", engine)) == ["数控车床编程与操作"]
        assert "焊接结构制作（高级）" in titles(self.search("hanjie", engine))

    def test_synonyms_and_admin_edits_apply_without_restart(self, corpus, engine):
        assert titles(self.search("电焊", engine))[0] == "焊接结构制作（高级）"
        assert titles(self.search("底盘件", engine)) == []
        Synonym.objects.create(terms="底盘件,底盘构造")
        assert titles(self.search("底盘件", engine)) == ["汽车底盘构造"]

    def test_two_terms_rank_complete_matches_before_near_matches(self, corpus, engine):
        found = titles(self.search("汽车 维修", engine))
        assert found[:2] == ["汽车电器维修", "新能源汽车高压安全"] or found[0] == "汽车电器维修"
        assert set(found[:3]) == {"汽车电器维修", "新能源汽车高压安全", "发动机维修实训"}
        assert "汽车底盘构造" in found

    def test_level_and_publisher_qualifiers(self, corpus, engine):
        assert titles(self.search("焊 高级", engine))[0] == "焊接结构制作（高级）"
        assert titles(self.search("劳动社会保障 焊接", engine))[0] == "焊接结构制作（高级）"

    def test_exact_isbn_with_hyphens_and_program_code_first(self, corpus, engine):
        assert titles(self.search("978-7-5167-0000-3", engine)) == ["汽车电器维修"]
        assert titles(self.search("9787516700003", engine)) == ["汽车电器维修"]
        everything = self.search("0401", engine, cls=Search)
        assert everything.hits[0].doc.doc_type == "program" and everything.hits[0].doc.key == "0401"
        assert {hit.doc.title for hit in everything.hits[1:]} >= {"汽车电器维修", "汽车底盘构造"}

    def test_drafts_and_unpublished_never_appear(self, corpus, engine):
        for query in ("焊接机器人草稿", "焊接检验未发布", "焊接", ""):
            assert not {"焊接机器人草稿", "焊接检验未发布"} & set(titles(self.search(query, engine)))

    def test_filters_and_facet_counts(self, corpus, engine):
        results = self.search("汽车", engine, level="advanced")
        assert set(titles(results)) == {"汽车底盘构造", "新能源汽车高压安全", "发动机维修实训"}
        facets = {
            facet["name"]: {v["value"]: v["count"] for v in facet["values"]} for facet in results.facets
        }
        assert facets["level"] == {"advanced": 3, "intermediate": 1}
        assert facets["program"] == {"0401": 2, "0404": 1}
        assert facets["category"] == {"04": 3}

    def test_highlighting_marks_the_original_text(self, corpus, engine):
        hit = self.search("數控", engine).hits[0]
        assert str(hit.title_html) == "<mark>数控</mark>车床编程与操作"
        assert "<mark>数控</mark>" in str(hit.snippet_html)

    def test_stable_pagination(self, corpus, engine):
        pages = [TextbookSearch("", engine=engine).execute(page=n, per_page=3) for n in (1, 2, 3)]
        keys = [hit.doc.key for page in pages for hit in page.hits]
        assert keys == sorted(keys) and len(set(keys)) == 7 and pages[0].total == 7
        again = [hit.doc.key for hit in TextbookSearch("", engine=engine).execute(page=2, per_page=3).hits]
        assert again == keys[3:6]
        first = [h.doc.key for h in TextbookSearch("汽车", engine=engine).execute(page=1, per_page=2).hits]
        second = [h.doc.key for h in TextbookSearch("汽车", engine=engine).execute(page=2, per_page=2).hits]
        assert len(first) == 2 and not set(first) & set(second)

    # How teachers type: initials, variant characters, generic words, sound-alike slips.

    def test_initials_find_the_title_whose_characters_they_begin(self, corpus, engine):
        assert titles(self.search("hj", engine))[0] == "焊接结构制作（高级）"
        assert titles(self.search("skcc", engine)) == ["数控车床编程与操作"]
        assert titles(self.search("数控cc", engine)) == ["数控车床编程与操作"]
        assert titles(self.search("shukong cc", engine)) == ["数控车床编程与操作"]
        assert titles(self.search("qcdp", engine)) == ["汽车底盘构造"]

    def test_a_variant_character_finds_its_standard_form(self, corpus, engine):
        assert titles(self.search("銲接", engine)) == titles(self.search("焊接", engine)) != []

    def test_generic_words_are_dropped_when_other_terms_remain(self, corpus, engine):
        welding = titles(self.search("焊接", engine))
        assert titles(self.search("焊接 教材", engine)) == welding
        assert titles(self.search("关于焊接的教材", engine)) == welding
        assert self.search("焊接 教材", engine).total == len(welding)
        assert "汽车电器维修" in titles(self.search("教材", engine))  # alone, the word is the query

    def test_a_sound_alike_slip_is_searched_by_its_pinyin_and_said(self, corpus, engine):
        results = self.search("汗接", engine)
        assert titles(results)[0] == "焊接结构制作（高级）"
        assert (results.respelled.shown, results.respelled.typed) == ("焊接", "汗接")
        exact = TextbookSearch("汗接", engine=engine, respell=False).execute(per_page=20)
        assert titles(exact) == [] and exact.respelled is None
        assert self.search("焊接", engine).respelled is None

    def test_completion_is_narrowed_by_the_index(self, corpus, engine):
        from search import completion

        assert {"焊接结构制作（高级）", "焊接加工"} <= set(completion.complete("hanj", engine=engine))
        assert "数控车床编程与操作" in completion.complete("数控c", engine=engine)
        assert completion.complete("qqqq", engine=engine) == []
