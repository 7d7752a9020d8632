"""The server-drawn SVG: well-formed, labelled in Chinese, accessible, one bar per row and series."""

import xml.etree.ElementTree as ET

import pytest

from cms.statistics import charts
from cms.statistics.figures import Figure, textbooks_by_category

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(markup)


def test_a_bar_chart_has_a_title_its_chinese_labels_and_one_bar_per_category(plan):
    figure = textbooks_by_category()
    root = parse(charts.render(figure))
    assert root.get("role") == "img" and root.get("aria-label") == "已列入目录教材：按专业大类"
    assert root.find(f"{SVG}title").text == "已列入目录教材：按专业大类"
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"01 机械类", "02 信息类", "公共课"} <= set(labels)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert [b.find(f"{SVG}title").text for b in bars] == ["种数：2", "种数：0", "种数：1"]


def test_stacked_bars_have_one_segment_per_series_and_a_legend():
    figure = Figure(
        "x", "标准覆盖", ["大类", "有", "无"], [("甲", 1, 2), ("乙", 3, 0)], chart="stacked", series=[1, 2]
    )
    root = parse(charts.render(figure))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == 4
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "有" in texts and "无" in texts and "3" in texts  # the legend and each row's total


def test_a_line_has_a_point_per_year():
    figure = Figure(
        "x",
        "逐年累计",
        ["年份", "当年", "累计"],
        [("2024年", 1, 1), ("2025年", 2, 3)],
        chart="line",
        series=[2],
    )
    root = parse(charts.render(figure))
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    assert "2025年" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_long_label_is_cut_with_an_ellipsis_inside_the_label_column():
    title = "动物疾病防治（高级）一体化课程教材"
    root = parse(charts.render(Figure("x", "选用最多", ["教材", "学校"], [(title, 7), ("焊接", 2)])))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert labels[1] == "焊接"
    assert labels[0].endswith("…") and title.startswith(labels[0][:-1])
    assert len(labels[0]) * charts.CHAR <= charts.LABEL_WIDTH


def test_labels_are_escaped():
    figure = Figure("x", "<script>", ["a", "b"], [("<b>&", 1)])
    markup = charts.render(figure)
    parse(markup)
    assert "<script>" not in markup and "<b>" not in markup


@pytest.mark.parametrize("chart", ["bar", "stacked", "line"])
def test_no_rows_draw_nothing(chart):
    assert charts.render(Figure("x", "空", ["a", "b"], [], chart=chart)) == ""


def test_a_sparkline_draws_its_points_a_dashed_reference_and_escapes_its_title():
    from xml.etree import ElementTree

    from cms.statistics.charts import sparkline

    svg = sparkline("<就业率>", [(2023, 85), (2024, None), (2025, 76.7)], reference=80)
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}circle")) == 2
    assert root.find(f"{ns}line").get("stroke-dasharray") == "4 3"
    assert root.get("aria-label") == "<就业率>" and "style" not in svg
    assert [t.text for t in root.findall(f"{ns}text")] == ["2023", "85", "2025", "76.7"]
    assert sparkline("空", [(2025, None)]) == ""
