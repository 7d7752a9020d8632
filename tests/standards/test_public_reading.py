"""A standard reads well in public: summary box, in-page contents, release notes, side-by-side comparison."""

import pytest
from bs4 import BeautifulSoup

from standards.models import TrainingStandardPage

# The conftest's fixtures are used by name.
pytestmark = pytest.mark.django_db

INFO = """专业名称：测试数控加工。

| 培养层次 | 招生对象 | 基本学制 |
| --- | --- | --- |
| 中级技能 | 初中毕业生 | 三年 |
| 高级技能 | 高中毕业生 | 三年 |
"""


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def summary(page):
    box = page.select_one(".standard-summary")
    return {
        dt.get_text(strip=True): dd.get_text(strip=True)
        for dt, dd in zip(box.select("dt"), box.select("dd"), strict=True)
    }


def publish_change(page, **changes):
    draft = page.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(draft, field, value)
    draft.save_revision().publish()
    return TrainingStandardPage.objects.get(pk=page.pk)


@pytest.fixture
def with_info(published):
    return publish_change(published, info=INFO, change_kind="minor")


def test_summary_box_gives_levels_schooling_hours_status_version_and_date(client, with_info):
    facts = summary(soup(client.get(with_info.url)))
    version = with_info.current_version
    assert facts["培养层次"] == "中级技能、高级技能"
    assert facts["基本学制"] == "中级技能 三年；高级技能 三年"
    assert facts["一体化课程总学时"] == (
        f"中级技能 {with_info.total_hours_intermediate} 学时；高级技能 {with_info.total_hours_advanced} 学时"
    )
    assert facts["状态"] in ("现行", f"已发布，{version.effective_date:%Y-%m-%d} 起施行")
    assert facts["版本"] == "1.1（勘误）"
    assert facts["施行日期"] == f"{version.effective_date:%Y-%m-%d}"


def test_an_old_version_says_so_in_its_summary(client, with_info):
    facts = summary(soup(client.get(with_info.url + "v/1-0/")))
    assert facts["状态"] == "旧版本，已被新版本取代"
    assert facts["版本"] == "1.0（首次发布）"


def test_contents_link_to_every_section_on_the_page(client, with_info):
    page = soup(client.get(with_info.url))
    links = [a["href"] for a in page.select(".standard-toc a")]
    assert links[0] == "#info" and "#course_setup" in links and links[-1] == "#versions"
    for href in links:
        assert page.select_one(href), f"{href} points nowhere"


def test_version_history_gives_each_version_its_main_changes(client, with_info):
    rows = soup(client.get(with_info.url)).select(".version-history tbody tr")
    notes = {row["data-version"]: row.select("td") for row in rows}
    assert notes["1.0"][1].get_text(strip=True) == "首次发布"
    assert notes["1.0"][3].get_text(strip=True) == "首次发布"
    assert notes["1.1"][1].get_text(strip=True) == "勘误"
    assert notes["1.1"][3].get_text(strip=True) == "修改了：专业信息"


def test_a_note_written_for_the_version_is_its_release_note(client, with_info):
    with_info.current_version.__class__.objects.filter(pk=with_info.current_version.pk).update(
        note="补充了各层级基本学制。"
    )
    row = soup(client.get(with_info.url)).select_one('.version-history tr[data-version="1.1"]')
    assert row.select("td")[3].get_text(strip=True) == "补充了各层级基本学制。"


def test_comparison_is_side_by_side_with_a_changes_only_view(client, with_info):
    changed = publish_change(
        with_info, training_mode="第一行不变\n第二行改过\n第三行不变", change_kind="major"
    )
    changed = publish_change(changed, training_mode="第一行不变\n第二行已改\n第三行不变", change_kind="major")
    url = changed.url + "compare/?from=2.0&to=3.0"
    page = soup(client.get(url))
    assert [a.get_text(strip=True) for a in page.select(".changed-sections a")] == ["培养模式"]
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select(".diff-table tbody tr")]
    assert rows == [
        ["第一行不变", "第一行不变"],
        ["- 第二行改过", "+ 第二行已改"],
        ["第三行不变", "第三行不变"],
    ]

    only = soup(client.get(url + "&view=changes"))
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in only.select(".diff-table tbody tr")]
    assert rows == [["⋯ 未改动的内容已省略 ⋯"], ["- 第二行改过", "+ 第二行已改"], ["⋯ 未改动的内容已省略 ⋯"]]
    assert only.select_one(".compare-views a").get_text(strip=True) == "全文对照"
