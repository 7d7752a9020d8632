"""The Quick start's demo data: index, workflow and the demo standards, loaded idempotently."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

import pytest

from standards.demo import load_demo_standards
from standards.models import CourseStandardPage, StandardsIndexPage, TrainingStandardPage

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "demo"


def test_load_demo_standards_twice_gives_each_standard_published_once(home):
    call_command("import_programs", str(DEMO / "programs.csv"), "--no-progress", stdout=StringIO())
    load_demo_standards()
    permissions = GroupPagePermission.objects.count()
    index = load_demo_standards()
    assert StandardsIndexPage.objects.count() == 1 and index.live
    files = sorted(path.stem.removeprefix("standard-") for path in (DEMO / "standards").glob("standard-*.md"))
    assert len(files) == 16
    pages = TrainingStandardPage.objects.order_by("program__code")
    assert [page.program.code for page in pages] == files
    assert all(page.live and [v.number for v in page.versions.all()] == ["1.0"] for page in pages)
    assert sorted(CourseStandardPage.objects.live().values_list("course_code", flat=True)) == ["G01", "J0101"]
    page = pages.get(program__code="0104")
    assert WorkflowPage.objects.get(page=index).workflow == Workflow.objects.get(name="培养标准审定流程")
    assert [t.name for t in Workflow.objects.get(name="培养标准审定流程").tasks] == [
        "大类教指委审核",
        "管理员审批",
    ]
    assert GroupPagePermission.objects.count() == permissions
    assert page.get_workflow().name == "培养标准审定流程"
