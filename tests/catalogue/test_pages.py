"""The public catalogue pages as a teacher uses them: no login, Chinese pages, old codes still findable."""

import csv
import io
from io import StringIO

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from catalogue.diff import DIFF_HEADER
from catalogue.factories import ProgramFactory
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.django_db

INDEX = reverse("catalogue:index")
COMPARE = reverse("catalogue:compare")


def _soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def _listed_codes(response):
    """The program codes in the index's tables, as the teacher sees them."""
    return {row["data-code"] for row in _soup(response).select("table.programs tr[data-code]")}


def _row_text(response, code):
    return _soup(response).select_one(f'tr[data-code="{code}"]').get_text(" ", strip=True)


def _demo_programs():
    with open(DEMO_DATA / "programs.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _program_page(client, code):
    response = client.get(reverse("catalogue:program", args=[code]))
    assert response.status_code == 200
    return response


# --- catalogue index ----------------------------------------------------------------------------------------


def test_index_shows_the_latest_edition_169_programs_grouped_by_category(client, catalogue_2025):
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "共 <strong>169</strong> 个专业" in html
    assert len(_listed_codes(response)) == 169
    headings = [h.get_text(" ", strip=True) for h in _soup(response).select("section.category h2")]
    assert headings[0].startswith("01 机械类") and len(headings) == 15
    selected = _soup(response).select_one('select[name="edition"] option[selected]')
    assert selected["value"] == "2025"


def test_edition_2018_lists_167_programs_with_their_names_then(client, catalogue_2025):
    old = client.get(INDEX, {"edition": "2018"})
    assert old.status_code == 200
    assert len(_listed_codes(old)) == 167 and old.context["count"] == 167
    assert "铸造" in _row_text(old, "0117") and "智能铸造技术" not in _row_text(old, "0117")
    assert "0306" in _listed_codes(old) and "0316" not in _listed_codes(old)
    assert "这不是最新版本" in old.content.decode()
    new = client.get(INDEX, {"edition": "2025"})
    assert "智能铸造技术" in _row_text(new, "0117")
    assert "0306" not in _listed_codes(new) and "0316" in _listed_codes(new)


def test_level_filter_matches_the_levels_in_the_demo_file(client, catalogue_2025):
    technician = {row["code"] for row in _demo_programs() if "预备技师（技师）" in row["levels"].split("|")}
    response = client.get(INDEX, {"edition": "2018", "level": "technician"})
    assert _listed_codes(response) == technician
    assert "0103" not in technician  # 0103 offers only 中级技能|高级技能
    advanced = _listed_codes(client.get(INDEX, {"level": "advanced"}))
    assert "0103" in advanced and "0101" in advanced
    assert "中级技能、高级技能" in _row_text(client.get(INDEX), "0103")


def test_sector_and_category_filters_change_the_listing(client, catalogue_2025):
    emerging_2018 = {row["code"] for row in _demo_programs() if row["sector"] == "新兴"}
    assert _listed_codes(client.get(INDEX, {"edition": "2018", "sector": "emerging"})) == emerging_2018
    emerging_2025 = _listed_codes(client.get(INDEX, {"sector": "emerging"}))
    assert {"0316", "0126", "0414"} <= emerging_2025  # programs added in 2025 are 新兴
    mechanical = _listed_codes(client.get(INDEX, {"category": "01"}))
    assert mechanical and all(code.startswith("01") for code in mechanical)
    assert "0126" in mechanical and "0401" not in mechanical
    combined = _listed_codes(client.get(INDEX, {"category": "01", "sector": "emerging"}))
    assert combined == {c for c in emerging_2025 if c.startswith("01")}


def test_status_filter_shows_retired_or_all_programs(client, catalogue_2025):
    retired = client.get(INDEX, {"status": "retired"})
    assert _listed_codes(retired) == {"0203", "0211", "0306", "0405", "0610", "1202", "1408"}
    assert "已撤销" in _row_text(retired, "0306")
    assert len(_listed_codes(client.get(INDEX, {"status": "all"}))) == 176
    none_yet = client.get(INDEX, {"edition": "2018", "status": "retired"})
    assert _listed_codes(none_yet) == set()
    assert "没有符合条件的专业" in none_yet.content.decode()


def test_text_search_filters_by_name_or_code_fragment(client, catalogue_2025):
    by_name = client.get(INDEX, {"q": "汽车"})
    assert by_name.status_code == 200 and "0401" in _listed_codes(by_name)
    assert all("汽车" in _row_text(by_name, code) for code in _listed_codes(by_name))
    by_fragment = _listed_codes(client.get(INDEX, {"q": "011"}))
    assert {"0110", "0117"} <= by_fragment and all("011" in code for code in by_fragment)
    nothing = client.get(INDEX, {"q": "不存在的专业名称"})
    assert _listed_codes(nothing) == set() and "没有符合条件的专业" in nothing.content.decode()


def test_searching_an_exact_code_lands_on_the_program_even_when_retired(client, catalogue_2025):
    response = client.get(INDEX, {"q": " 0306 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:program", args=["0306"])
    page = client.get(response["Location"]).content.decode()
    assert "已撤销" in page and "该专业已于 2025-09-01 撤销" in page
    assert "职业岗位消失，就业率低" in page
    assert client.get(INDEX, {"q": "0117"}).status_code == 302
    assert client.get(INDEX, {"q": "9999"}).status_code == 200  # unknown code: an empty search, not an error


def test_invalid_filter_values_are_ignored_with_a_chinese_message(client, catalogue_2025):
    response = client.get(INDEX, {"level": "master", "sector": "x", "status": "gone", "category": "99"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "无效，已忽略" in html and "“培养层次”的值“master”" in html
    assert len(_listed_codes(response)) == 169


def test_unknown_edition_is_a_chinese_404(client, catalogue_2025):
    response = client.get(INDEX, {"edition": "1999"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "目录版本“1999”不存在" in html and "2018、2025" in html


def test_index_without_editions_shows_the_register_or_an_empty_state(client, db):
    empty = client.get(INDEX)
    assert empty.status_code == 200 and "没有符合条件的专业" in empty.content.decode()
    program = ProgramFactory(name="测试新专业")
    assert program.code in _listed_codes(client.get(INDEX))


# --- program page -------------------------------------------------------------------------------------------


def test_program_page_shows_the_register_fields(client, catalogue_2025):
    html = _program_page(client, "0101").content.decode()
    for text in ("0101", "机床切削加工（车工）", "01 机械类", "预备技师（技师）", "传统升级", "现行", "车工"):
        assert text in html
    assert "车削加工工艺" in html and "92.1%（2018 年）" in html and "5635 人（2018 年）" in html
    levels = _soup(_program_page(client, "0103")).select_one("section.facts").get_text()
    assert "高级技能" in levels and "预备技师" not in levels


def test_program_without_levels_says_to_be_decided(client, db):
    program = ProgramFactory(offers_intermediate=False, offers_advanced=False, offers_technician=False)
    facts = _soup(_program_page(client, program.code)).select_one("section.facts").get_text()
    assert "待定" in facts


def test_merged_away_program_points_to_its_successor(client, catalogue_2025):
    response = client.get(INDEX, {"q": "0405"})
    assert response.status_code == 302
    page = _soup(client.get(response["Location"]))
    notice = page.select_one(".notice--retired")
    assert "该专业已于 2025-09-01 撤销" in notice.get_text()
    assert "课程内容高度重叠" in notice.get_text()
    assert notice.select_one(f'a[href="{reverse("catalogue:program", args=["0401"])}"]')
    assert "不等效" in notice.get_text()
    origins = _soup(_program_page(client, "0401")).select_one("section.origins").get_text(" ", strip=True)
    assert "0405" in origins and "并入本专业" in origins


def test_split_program_links_to_both_successors(client, catalogue_2025):
    notice = _soup(_program_page(client, "1202")).select_one(".notice--retired")
    hrefs = {a["href"] for a in notice.select("a")}
    assert {reverse("catalogue:program", args=[c]) for c in ("1211", "1212")} <= hrefs
    origins = _soup(_program_page(client, "1211")).select_one("section.origins").get_text(" ", strip=True)
    assert "1202" in origins and "拆分而来" in origins


def test_merged_program_names_its_predecessors(client, catalogue_2025):
    page = _soup(_program_page(client, "0214"))
    origins = page.select_one("section.origins")
    hrefs = {a["href"] for a in origins.select("a")}
    assert hrefs == {reverse("catalogue:program", args=[c]) for c in ("0203", "0211")}
    assert "合并而来" in origins.get_text()
    assert page.select_one(".notice--retired") is None


def test_timeline_shows_editions_and_adjustments_in_date_order(client, catalogue_2025):
    page = _soup(_program_page(client, "0117"))
    items = [li.get_text(" ", strip=True) for li in page.select("ol.timeline li")]
    assert len(items) == 3
    assert "收录于 2018 版目录" in items[0] and "当时名称：铸造" in items[0]
    assert "2025-07" in items[1] and "升级改造" in items[1] and "融入数字化铸造工艺" in items[1]
    assert "收录于 2025 版目录" in items[2] and "智能铸造技术" in items[2]
    versions = page.select_one("section.versions").get_text()
    assert "导入专业目录 2018" in versions and "动态调整" in versions


def test_unknown_program_code_is_a_chinese_404(client, catalogue_2025):
    for code in ("9999", "abc"):
        response = client.get(reverse("catalogue:program", args=[code]))
        assert response.status_code == 404
        assert f"专业代码“{code}”不存在" in response.content.decode()


def test_unknown_address_gets_the_chinese_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


# --- editions and comparison --------------------------------------------------------------------------------


def test_editions_page_lists_each_edition_with_its_count_and_comparison(client, catalogue_2025):
    page = _soup(client.get(reverse("catalogue:editions")))
    rows = page.select("tr[data-edition]")
    assert [r["data-edition"] for r in rows] == ["2025", "2018"]
    assert "169 个专业" in rows[0].get_text() and "2025-09-01" in rows[0].get_text()
    assert "167 个专业" in rows[1].get_text()
    hrefs = {a["href"] for a in rows[0].select("a")}
    assert f"{COMPARE}?old=2018&new=2025" in hrefs and f"{INDEX}?edition=2025" in hrefs


def test_editions_page_without_editions_says_so(client, db):
    assert "尚未发布任何目录版本" in client.get(reverse("catalogue:editions")).content.decode()


def test_compare_page_counts_and_labels_the_changes(client, catalogue_2025):
    response = client.get(COMPARE, {"old": "2018", "new": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "新增 9 个" in html and "撤出 7 个" in html and "更名 4 个" in html
    changes = [td.get_text(strip=True) for td in _soup(response).select("table.diff tbody tr td:first-child")]
    assert len(changes) == 20
    for label in ("新增", "合并新设", "拆分新设", "合并撤出", "拆分撤出", "撤销", "更名", "升级改造"):
        assert label in changes
    assert "2025-13" in html and "由 1211 服装设计、1212 服装制版与工艺 承接" in html


def test_compare_without_parameters_compares_the_two_latest_editions(client, catalogue_2025):
    response = client.get(COMPARE)
    assert response.status_code == 200 and "新增 9 个" in response.content.decode()


def test_comparing_an_edition_with_itself_says_they_are_the_same(client, catalogue_2025):
    response = client.get(COMPARE, {"old": "2025", "new": "2025"})
    assert response.status_code == 200 and "两个版本相同" in response.content.decode()


def test_compare_csv_opens_in_excel_and_has_20_rows(client, catalogue_2025):
    response = client.get(COMPARE, {"old": "2018", "new": "2025", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="catalogue-diff-2018-2025.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == DIFF_HEADER and len(rows[1:]) == 20
    assert ["撤销", "0306", "计算机速录", "", "", "2025-14", "职业岗位消失，就业率低"] in rows


def test_compare_xlsx_has_the_same_rows_as_the_csv(client, catalogue_2025):
    params = {"old": "2018", "new": "2025"}
    csv_rows = list(
        csv.reader(StringIO(client.get(COMPARE, {**params, "format": "csv"}).content.decode("utf-8-sig")))
    )
    response = client.get(COMPARE, {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert "catalogue-diff-2018-2025.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    xlsx_rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert xlsx_rows == csv_rows


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"old": "2018"}, 400, "请同时选择旧版本和新版本"),
        ({"new": "2025", "format": "csv"}, 400, "请同时选择旧版本和新版本"),
        ({"old": "2018", "new": "2099"}, 404, "目录版本“2099”不存在"),
        ({"old": "abc", "new": "2025", "format": "xlsx"}, 404, "目录版本“abc”不存在"),
    ],
)
def test_bad_edition_parameters_give_a_chinese_4xx(client, catalogue_2025, params, status, message):
    response = client.get(COMPARE, params)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html") and message in response.content.decode()


def test_compare_with_fewer_than_two_editions_explains_why(client, baseline):
    response = client.get(COMPARE)
    assert response.status_code == 200 and "至少需要两个目录版本" in response.content.decode()


# --- home page ----------------------------------------------------------------------------------------------


def test_home_page_leads_to_the_catalogue(client, catalogue_2025):
    from cms.home.site import ensure_home_page

    ensure_home_page()
    response = client.get("/")
    assert response.status_code == 200
    hrefs = {a["href"] for a in _soup(response).select("main a")}
    assert {INDEX, reverse("catalogue:editions"), f"{COMPARE}?old=2018&new=2025"} <= hrefs
    assert "共 169 个专业" in response.content.decode()
