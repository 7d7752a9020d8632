"""Course standards (公共课 / 大类通用专业课) are versioned like training standards: history, old versions,
comparison, and Markdown and PDF export."""

import io

import pytest
import yaml
from pypdf import PdfReader

from standards.factories import CategoryCourseStandardPageFactory, CourseStandardPageFactory
from standards.models import CourseStandardPage, StandardVersion

from .helpers import refused

pytestmark = pytest.mark.django_db


def republish(page, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    return CourseStandardPage.objects.get(pk=page.pk)


@pytest.fixture
def course_standard(index):
    page = CourseStandardPageFactory(
        parent=index,
        title="思想政治",
        course_code="G01",
        objectives="掌握**基本理论**。",
        content="| 单元 | 学时 |\n| --- | --- |\n| 职业道德 | 30 |\n| 法律常识 | 30 |",
    )
    page.save_revision().publish()
    return CourseStandardPage.objects.get(pk=page.pk)


def test_publication_is_numbered_and_the_page_shows_version_and_history(client, course_standard):
    assert [v.number for v in course_standard.versions] == ["1.0"]
    assert StandardVersion.objects.get().page.specific == course_standard
    text = client.get(course_standard.url).content.decode()
    assert "现行版本 1.0" in text and "版本历史" in text and "下载 PDF" in text


def test_minor_correction_and_old_version_with_banner(client, course_standard):
    page = republish(course_standard, teaching="新增的教学建议", change_kind="minor")
    assert [v.number for v in page.versions] == ["1.0", "1.1"]
    old = client.get(page.url + "v/1-0/").content.decode()
    assert "这不是现行版本" in old and "新增的教学建议" not in old
    current = client.get(page.url + "v/1-1/").content.decode()
    assert "这不是现行版本" not in current and "新增的教学建议" in current
    assert client.get(page.url + "v/3-0/").status_code == 404


def test_comparison_reports_fields_and_learning_tasks(client, course_standard):
    page = republish(
        course_standard,
        hours=72,
        objectives="掌握基本理论和方法。",
        learning_tasks=[("task", {"name": "课程导论", "hours": 72, "description": ""})],
    )
    assert page.current_version.number == "2.0"
    response = client.get(page.url + "compare/?from=1.0&to=2.0")
    assert response.status_code == 200
    labels = [section["label"] for section in response.context["diff"]["sections"]]
    assert labels == ["学时", "课程目标", "参考性学习任务"]
    text = response.content.decode()
    assert "+ 课程导论（72 学时）" in text and "一体化课程" not in text


def test_comparison_needs_two_versions(client, course_standard):
    assert client.get(course_standard.url + "compare/").status_code == 404


def test_markdown_export_has_front_matter_sections_and_learning_tasks(client, index, category):
    page = CategoryCourseStandardPageFactory(
        parent=index, category=category, title="机械制图", course_code="D01", objectives="读懂零件图。"
    )
    page.save_revision().publish()
    response = client.get(page.url + "export/markdown/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="course-standard-D01-1.0.md"'
    text = response.content.decode()
    front = yaml.safe_load(text.split("---")[1])
    assert front["kind"] == "category" and front["category"] == "71" and front["version"] == "1.0"
    assert front["hours"] == 60 and front["course_code"] == "D01"
    assert "## 课程目标\n\n读懂零件图。" in text
    tasks = yaml.safe_load(text.split("```yaml\n")[1].split("```")[0])
    assert tasks == {"learning_tasks": [{"name": "课程导论", "hours": 60, "description": ""}]}


def test_pdf_export_of_a_course_standard(client, course_standard):
    republish(course_standard, content="改过的学习内容", change_kind="minor")
    response = client.get(course_standard.url + "export/pdf/?v=1.0")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "思想政治" in text and "第 1.0 版" in text and "目录" in text
    assert "职业道德 30" in text and "课程导论" in text and "改过的学习内容" not in text
    assert client.get(course_standard.url + "export/pdf/?v=9.9").status_code == 404


def test_unpublished_course_standard_has_nothing_to_export(client, index):
    page = CourseStandardPageFactory(parent=index, live=True)
    assert client.get(page.url + "export/markdown/").status_code == 404


def test_category_course_standard_through_the_workflow_gets_the_approvers_version(
    client, index, category, committee_user, second_committee_user, other_committee_user, admin_user
):
    from django.urls import reverse

    from standards.models import CommitteeReviewTask, StandardApprovalTask

    page = CategoryCourseStandardPageFactory(parent=index, category=category, title="机械基础")
    page.save_revision().publish()
    draft = CourseStandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.teaching = "勘误后的教学建议"
    draft.save_revision(user=committee_user)
    page = CourseStandardPage.objects.get(pk=page.pk)
    page.get_workflow().start(page, committee_user)

    def act(user, action, **data):
        client.force_login(user)
        state = CourseStandardPage.objects.get(pk=page.pk).current_workflow_state
        task_state = state.current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
        return client.post(url, data), task_state.task.specific

    response, task = act(other_committee_user, "approve")
    assert isinstance(task, CommitteeReviewTask) and refused(response)
    assert (
        CourseStandardPage.objects.get(pk=page.pk).current_workflow_state.current_task_state.task_id
        == task.pk
    )
    act(second_committee_user, "approve")
    _, task = act(admin_user, "approve", change_kind="minor", effective_date="2026-09-01")
    assert isinstance(task, StandardApprovalTask)
    page = CourseStandardPage.objects.get(pk=page.pk)
    assert page.teaching == "勘误后的教学建议"
    assert [(v.number, str(v.effective_date)) for v in page.versions] == [
        ("1.0", str(page.versions.first().effective_date)),
        ("1.1", "2026-09-01"),
    ]
    assert page.current_version.published_by == admin_user


def test_course_standard_markdown_imports_back_to_the_same_content(index, category):
    from standards.exchange import course_standard_data, export_course_markdown
    from standards.importer import ImportErrors, import_standard

    page = CategoryCourseStandardPageFactory(
        parent=index,
        category=category,
        title="机械制图",
        course_code="D01",
        objectives="读懂**零件图**。",
        content="| 单元 | 学时 |\n| --- | --- |\n| 投影 | 30 |",
        learning_tasks=[
            ("task", {"name": "投影基础", "hours": 30, "description": "三视图"}),
            ("task", {"name": "零件图", "hours": 30, "description": ""}),
        ],
    )
    page.save_revision().publish()
    page = CourseStandardPage.objects.get(pk=page.pk)
    version = page.current_version
    exported = export_course_markdown(page, version)
    before = course_standard_data(page, version)
    draft = page.get_latest_revision_as_object()
    draft.objectives = "改过的课程目标"
    draft.save_revision()
    with pytest.raises(ImportErrors, match="版本号 1.0 必须大于已发布的版本 1.0"):
        import_standard(exported, publish=True)
    reimported, _ = import_standard(exported.replace("version: '1.0'", "version: '1.1'"), publish=True)
    assert reimported.pk == page.pk
    reimported = CourseStandardPage.objects.get(pk=page.pk)
    after = course_standard_data(reimported, reimported.current_version)
    assert {**after, "version": "1.0"} == before
    assert [v.number for v in reimported.versions] == ["1.0", "1.1"]


def test_course_standard_import_reports_lines_and_writes_nothing(index, category):
    from standards.importer import ImportErrors, import_standard

    text = """---
kind: category
category: '99'
course_code: D02
title: 机械基础
hours: 60
---
## 课程目标

了解常用机构。

## 参考性学习任务

```yaml
learning_tasks:
- name: 常用机构
  hours: 50
```
"""
    with pytest.raises(ImportErrors) as excinfo:
        import_standard(text)
    assert excinfo.value.errors == [(3, "专业大类代码「99」不在专业目录中。")]
    with pytest.raises(ImportErrors) as excinfo:
        import_standard(text.replace("'99'", "'71'"))
    assert excinfo.value.errors == [(6, "课程「D02 机械基础」：学习任务学时合计 50，与课程学时 60 不符。")]
    assert not CourseStandardPage.objects.exists()
    page, _ = import_standard(text.replace("'99'", "'71'").replace("hours: 50", "hours: 60"))
    assert page.category == category and page.learning_task_list == [("常用机构", 60, "")]
    assert not page.live and page.slug == "course-standard-d02"


def test_course_standard_editor_has_the_version_tab(client, index, category, committee_user):
    from .helpers import edit_url

    page = CategoryCourseStandardPageFactory(parent=index, category=category)
    client.force_login(committee_user)
    response = client.get(edit_url(page))
    assert response.status_code == 200
    text = response.content.decode()
    assert "版本发布" in text and "本次发布性质" in text
