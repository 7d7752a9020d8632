"""Journey 3, the teacher: an anonymous visitor searches in Chinese and in pinyin, narrows by a facet, opens a title.

The content is a slice of the shared textbook list imported by the project's own importer after the baseline
program catalogue, so the index is built the way the site builds it (import → signals → index update).
"""

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

from django.core.management import call_command

import pytest

from .journeys import expect, live_database

QUERY = "焊接"
PINYIN = "hanjie"


def sample_csv(shared_data, folder):
    """The first 60 rows of the shared list plus every 焊接 title, so the query has enough to filter."""
    with (shared_data / "textbooks.csv").open(encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        rows = list(reader)
        chosen = rows[:60] + [row for row in rows[60:] if QUERY in row["title"]]
    path = folder / "textbooks-sample.csv"
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(chosen)
    return path, chosen


@pytest.fixture
def sample(baseline, shared_data, tmp_path):
    path, rows = sample_csv(shared_data, tmp_path)
    output = io.StringIO()
    call_command("import_textbooks", str(path), "--no-progress", stdout=output)
    assert f"新增 {len(rows)} 种" in output.getvalue()
    return rows


def search_for(page, query):
    """Types into the search box and presses Enter, as a visitor does; waits for that query's results."""
    box = page.get_by_label("检索词")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [query])
    expect(page.locator(".search-results .count")).to_contain_text(f"“{query}”")


def result_count(page):
    """The N of "共找到 N 条结果"."""
    count = page.locator(".search-results .count strong")
    expect(count).to_have_text(re.compile(r"^\d+$"))
    return int(count.inner_text())


def textbook_hits(page):
    return page.locator(".search-hit[data-type=textbook] > a")


@live_database
def test_teacher_finds_welding_textbooks_by_chinese_pinyin_and_facet(pages, sample):
    welding = {row["title"] for row in sample if QUERY in row["title"]}
    page = pages.open()
    page.goto("/search/")

    search_for(page, QUERY)
    expect(textbook_hits(page)).to_have_count(len(welding))
    assert set(textbook_hits(page).all_inner_texts()) == welding
    total = result_count(page)

    search_for(page, PINYIN)
    expect(textbook_hits(page)).to_have_count(len(welding))
    assert set(textbook_hits(page).all_inner_texts()) == welding
    assert result_count(page) == total

    # 培养层次 → 高级技能: the list shrinks to exactly the number the sidebar promised
    level = page.get_by_role("complementary", name="筛选").locator("section", has_text="培养层次")
    advanced = level.locator("li", has_text="高级技能").first
    promised = int(re.search(r"\((\d+)\)", advanced.inner_text()).group(1))
    advanced.get_by_role("link").click()
    page.wait_for_url(lambda url: "level=" in url)
    expect(page.locator(".search-results .count strong")).to_have_text(str(promised))
    assert 0 < promised < total
    expect(level.get_by_role("link", name="✓ 高级技能")).to_have_attribute("aria-current", "true")
    expect(page.get_by_label("检索词")).to_have_value(PINYIN)

    first = textbook_hits(page).first
    title = first.inner_text()
    assert QUERY in title and "（中级）" not in title
    first.click()
    page.wait_for_url("**/textbooks/**")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text("高级技能")
