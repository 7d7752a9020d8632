"""The public statistics page and its CSV downloads show what the plan holds, and nothing unpublished."""

import csv
import io

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


def table(html, key):
    """The data table of one panel as rows of cell texts (header row first), read from the page."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.rows, self.cell = False, [], None

        def handle_starttag(self, tag, attrs):
            if tag == "section" and ("id", key) in attrs:
                self.inside = True
            elif self.inside and tag == "tr":
                self.rows.append([])
            elif self.inside and tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag == "section":
                self.inside = False
            elif self.inside and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(self.cell.strip())
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    reader = Reader()
    reader.feed(html)
    return reader.rows


def csv_rows(client, key):
    response = client.get(reverse("statistics:csv", args=[key]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def page(client, plan):
    response = client.get("/statistics/")
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_sees_the_page_linked_from_the_navigation(client, page):
    assert '<a href="/statistics/" aria-current="page">统计</a>' in page
    assert page.count('aria-current="page"') == 1
    assert "已列入目录 3 种，完成“十四五”规划目标 1500 种的 0.2%" in page


def test_listed_titles_by_batch_type_and_category_leave_the_draft_out(page):
    assert table(page, "textbooks-by-batch")[1:] == [["第一批", "2"], ["第二批", "1"]]
    by_type = dict(table(page, "textbooks-by-type")[1:])
    assert (
        by_type["工学一体化教材"] == "1" and by_type["公共课教材"] == "1" and by_type["专业基础课教材"] == "1"
    )
    assert table(page, "textbooks-by-category")[1:] == [
        ["01 机械类", "2"],
        ["02 信息类", "0"],
        ["公共课", "1"],
    ]
    assert "未公开的草稿教材" not in page
    assert "评审中" not in page and "专家评审" not in page


def test_over_time_counts_the_dated_titles_and_says_how_many_have_no_date(page):
    assert table(page, "textbooks-over-time")[1:] == [["2024年", "1", "1"], ["2025年", "1", "2"]]
    assert "另有 1 种未记录列入日期" in page


def test_the_list_grows_batch_by_batch(page):
    assert table(page, "textbooks-cumulative-by-batch")[1:] == [["第一批", "2", "2"], ["第二批", "1", "3"]]


def test_catalogue_per_edition_by_category_and_sector(page):
    assert table(page, "catalogue-by-category") == [
        ["专业大类", "2018版", "2025版"],
        ["01 机械类", "2", "2"],
        ["02 信息类", "1", "1"],
    ]
    by_sector = table(page, "catalogue-by-sector")
    assert by_sector[0] == ["目录版本", "新兴", "紧缺", "传统升级", "常规"]
    assert by_sector[1:] == [["2018版", "0", "0", "1", "2"], ["2025版", "1", "0", "1", "1"]]


def test_only_approved_adjustments_are_counted_per_year_and_type(page):
    rows = table(page, "adjustments-by-year")
    assert rows[0] == ["生效年份", "新增", "更名", "升级改造", "合并", "拆分", "撤销"]
    assert rows[1:] == [["2024年", "0", "0", "0", "0", "0", "1"], ["2025年", "2", "0", "0", "0", "0", "0"]]


def test_standards_and_course_coverage(page):
    assert table(page, "standards-coverage")[1:] == [["01 机械类", "1", "1"], ["02 信息类", "0", "1"]]
    assert "现行专业 3 个，其中 1 个已发布现行培养标准" in page
    # C02 is served only by a title still in review: not a textbook the public can see.
    assert table(page, "course-coverage")[1:] == [["01 机械类", "1", "1"]]
    assert "一体化课程 2 门，其中 1 门已有列入目录的规划教材" in page


def test_every_panel_has_a_chart_a_table_and_a_csv_that_agree(client, page):
    for key in ("textbooks-by-batch", "catalogue-by-sector", "adjustments-by-year", "course-coverage"):
        assert f'href="/statistics/{key}.csv"' in page
        assert csv_rows(client, key) == table(page, key)
    # The schools' panels: no school data in the plan, so only the unused listed titles (every listed title, by
    # category) have a chart and a table.
    assert page.count('role="img"') == 12
    assert page.count("<details") == 12


def test_the_review_pipeline_is_not_public(client, plan):
    assert client.get("/statistics/review-stages.csv").status_code == 404
    assert client.get("/statistics/review-overdue.csv").status_code == 404


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(client, plan):
    from catalogue.textbooks.models import TextbookBatch

    TextbookBatch.objects.filter(name="第二批").update(name="=HYPERLINK(1)")
    assert ["'=HYPERLINK(1)", "1"] in csv_rows(client, "textbooks-by-batch")


def test_an_empty_site_says_so(client, db):
    response = client.get("/statistics/")
    assert response.status_code == 200
    assert "已列入目录 0 种" in response.content.decode()


def test_the_page_is_cached_for_visitors_and_a_newly_listed_title_shows_at_once(
    client, plan, settings, django_capture_on_commit_callbacks
):
    from tests.statistics.conftest import listed

    settings.PUBLIC_CACHE_ENABLED = True
    assert client.get("/statistics/")["X-Cache"] == "miss"
    assert client.get("/statistics/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        listed(title="新列入的教材", batch=plan.first)
    response = client.get("/statistics/")
    assert response["X-Cache"] == "miss"
    assert "已列入目录 4 种" in response.content.decode()
