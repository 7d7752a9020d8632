"""The public side: page types, current version and history, old versions, comparison, retired programs, PDF."""

import io

from wagtail.test.utils import WagtailPageTestCase

import pytest
from pypdf import PdfReader

from catalogue.factories import AdjustmentFactory, CategoryFactory, ProgramFactory
from catalogue.models import Succession
from cms.home.models import HomePage
from standards.factories import (
    CategoryCourseStandardPageFactory,
    CourseStandardPageFactory,
    IntegratedCourseFactory,
    StandardsIndexPageFactory,
    TrainingStandardPageFactory,
    TypicalWorkTaskFactory,
    with_courses,
)
from standards.models import CourseStandardPage, StandardsIndexPage, TrainingStandardPage

pytestmark = pytest.mark.django_db


HOME_ALLOWS_INDEX = "standards.StandardsIndexPage" in HomePage.subpage_types


class TestPageTypes(WagtailPageTestCase):
    @pytest.mark.skipif(
        not HOME_ALLOWS_INDEX,
        reason="cms.home.models.HomePage.subpage_types must list standards.StandardsIndexPage",
    )
    def test_index_lives_under_the_home_page(self):
        self.assertAllowedParentPageTypes(StandardsIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, StandardsIndexPage)

    def test_parent_and_child_types(self):
        self.assertAllowedSubpageTypes(StandardsIndexPage, {TrainingStandardPage, CourseStandardPage})
        self.assertAllowedParentPageTypes(TrainingStandardPage, {StandardsIndexPage})
        self.assertAllowedSubpageTypes(TrainingStandardPage, {})
        self.assertCanCreateAt(StandardsIndexPage, TrainingStandardPage)
        self.assertCanNotCreateAt(HomePage, TrainingStandardPage)


def publish_revision(page, **changes):
    """Save a new revision with `changes` applied to the latest draft, and publish it."""
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    return TrainingStandardPage.objects.get(pk=page.pk)


def test_index_lists_published_standards_only(client, index, published, category):
    TrainingStandardPageFactory(parent=index, program=ProgramFactory(category=category, code="7109"))
    response = client.get(index.url)
    assert response.status_code == 200
    assert published.title in response.content.decode()
    assert response.content.decode().count("<tr>") == 2  # header + the one published standard


def test_standard_page_shows_current_version_sections_courses_and_history(client, published):
    text = client.get(published.url).content.decode()
    assert "现行版本 1.0" in text and "版本历史" in text
    assert "一体化课程1" in text and "200（200）" in text and "160（160）" in text


def test_old_version_is_readable_with_a_not_current_banner(client, published):
    page = publish_revision(published, info="第二版的专业信息", change_kind="minor")
    assert [v.number for v in page.versions.all()] == ["1.0", "1.1"]
    old = client.get(page.url + "v/1-0/")
    assert old.status_code == 200
    text = old.content.decode()
    assert "这不是现行版本" in text and "第二版的专业信息" not in text
    current = client.get(page.url + "v/1-1/").content.decode()
    assert "这不是现行版本" not in current and "第二版的专业信息" in current
    assert client.get(page.url + "v/9-0/").status_code == 404


def test_comparison_shows_changes_by_section_and_by_course(client, published):
    draft = published.get_latest_revision_as_object()
    draft.training_mode = "新的培养模式"
    courses = list(
        draft.courses.all()
    )  # a page without unpublished changes is its own draft: a real queryset
    courses[0].hours_intermediate = 100
    courses[0].learning_tasks = [("task", {"name": "合并后的任务", "hours": 100, "description": ""})]
    draft.courses = courses
    draft.total_hours_intermediate = 180
    draft.save_revision().publish()
    page = TrainingStandardPage.objects.get(pk=published.pk)
    assert page.current_version.number == "2.0"
    response = client.get(page.url + "compare/?from=1.0&to=2.0")
    assert response.status_code == 200
    diff = response.context["diff"]
    assert [s["label"] for s in diff["sections"]] == ["培养模式", "中级技能总学时"]
    changed = diff["courses_changed"][0]
    assert changed["course"].code == "C01"
    assert {c["label"] for c in changed["changes"]} == {"中级技能学时", "学习任务"}
    assert "+ 新的培养模式" in response.content.decode()


def test_retired_program_shows_successor_and_its_standard(client, index, published, program, category):
    successor = ProgramFactory(category=category, code="7102", name="测试智能制造")
    successor_page = TrainingStandardPageFactory(parent=index, program=successor)
    with_courses(successor_page)
    successor_page.save_revision().publish()
    Succession.objects.create(predecessor=program, successor=successor, adjustment=AdjustmentFactory())
    program.status = program.Status.RETIRED
    program.save()
    text = client.get(published.url).content.decode()
    assert "该专业已撤销" in text and "7102 测试智能制造" in text and successor_page.url in text


def test_drafts_are_not_public(client, standard):
    assert client.get("/standards/standard-7101/").status_code == 404


def test_pdf_export_embeds_chinese_text_version_and_toc(client, published):
    response = client.get(published.url + "export/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    assert published.title in pages[0]
    assert "目录" in pages[1] and "一体化课程标准" in pages[1]
    assert all("第 1.0 版" in text for text in pages)
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert any("WenQuanYi" in name or "Noto" in name for name in fonts)


def test_course_standard_pages_render(client, index):
    public = CourseStandardPageFactory(parent=index, title="思想政治")
    public.save_revision().publish()
    general = CategoryCourseStandardPageFactory(
        parent=index, title="机械制图", category=CategoryFactory(code="73")
    )
    general.save_revision().publish()
    assert "公共课课程标准" in client.get(public.url).content.decode()
    assert "机械制图" in client.get(index.url).content.decode()


def test_every_factory_builds(index):
    assert StandardsIndexPageFactory.build().title
    assert TypicalWorkTaskFactory.build().code.startswith("T")
    course = IntegratedCourseFactory.build()
    assert course.learning_task_list[0][1] == course.total_hours
    assert TrainingStandardPageFactory(parent=index).program.pk


def test_comparison_reports_changed_work_tasks(client, published):
    draft = published.get_latest_revision_as_object()
    tasks = list(draft.work_tasks.all())
    tasks[0].description = "新的工作任务描述"
    tasks[2].level = "intermediate"
    draft.work_tasks = tasks
    # The course built on T3 moves with it: a course is taught at the levels of its work tasks.
    courses = list(draft.courses.all())
    courses[2].hours_intermediate, courses[2].hours_advanced = courses[2].hours_advanced, 0
    draft.courses = courses
    draft.total_hours_intermediate += courses[2].hours_intermediate
    draft.total_hours_advanced -= courses[2].hours_intermediate
    draft.save_revision().publish()
    page = TrainingStandardPage.objects.get(pk=published.pk)
    response = client.get(page.url + "compare/?from=1.0&to=2.0")
    diff = response.context["diff"]
    changed = {item["task"].code: item["changes"] for item in diff["tasks_changed"]}
    assert set(changed) == {"T1", "T3"}
    assert changed["T1"] == [{"label": "工作任务描述", "lines": [("+", "新的工作任务描述")]}]
    assert changed["T3"] == [{"label": "培养层次", "lines": [("-", "高级技能"), ("+", "中级技能")]}]
    assert not diff["tasks_added"] and not diff["tasks_removed"]
    text = response.content.decode()
    assert "典型工作任务 T1" in text and "+ 新的工作任务描述" in text


MARKDOWN_SECTION = """本专业面向**数控车工**职业。

### 职业面向

- 数控车床操作
- 零件检测与**质量控制**

| 培养层次 | 学制 | 招生对象 |
| --- | --- | --- |
| 中级技能 | 三年 | 初中毕业生 |
| 高级技能 | 五年 | 初中毕业生 |
"""


def test_pdf_renders_markdown_tables_headings_lists_and_bold(client, published):
    page = publish_revision(published, info=MARKDOWN_SECTION)
    response = client.get(page.url + "export/pdf/")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    lines = [line.strip() for line in text.splitlines()]
    assert "｜" not in text and "|" not in text and "**" not in text and "###" not in text
    assert "培养层次 学制 招生对象" in lines  # a table row, cell after cell
    assert "中级技能 三年 初中毕业生" in lines and "高级技能 五年 初中毕业生" in lines
    assert "职业面向" in lines and "• 数控车床操作" in lines
    assert "本专业面向数控车工职业。" in lines
    assert "职业面向" in reader.pages[1].extract_text()  # Markdown headings join the table of contents
    info_page = next(p for p in reader.pages if "本专业面向" in p.extract_text())
    fonts = [str(font["/BaseFont"]) for font in info_page["/Resources"]["/Font"].values()]
    assert fonts and all("WenQuanYi" in name or "Noto" in name for name in fonts)
    # the CJK face has no bold: **数控车工** and the table head are drawn filled and stroked (render mode 2)
    stream = info_page.get_contents().get_data().decode("latin-1")
    assert "2 Tr" in stream and "0 Tr" in stream


@pytest.mark.parametrize(
    "text",
    ["请见[附件](javascript:alert(1))说明。", '请见<a name="_Toc123">附件</a>说明。'],
    ids=["sanitised-javascript-link", "word-bookmark-anchor"],
)
def test_pdf_exports_a_standard_whose_prose_has_a_link_without_an_address(client, published, text):
    page = publish_revision(published, info=text)
    response = client.get(page.url + "export/pdf/")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert "请见附件说明。" in "\n".join(p.extract_text() for p in reader.pages).replace(" ", "")
