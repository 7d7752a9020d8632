"""The Quick start's demo data: index, workflow and the 0104 standard, loaded idempotently."""

from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from standards.demo import load_demo_standards
from standards.models import StandardsIndexPage, TrainingStandardPage

pytestmark = pytest.mark.django_db


def test_load_demo_standards_twice_gives_one_published_standard(home):
    ProgramFactory(
        category=CategoryFactory(code="01", name="机械类"),
        code="0104",
        name="数控加工（数控车工）",
        offers_technician=True,
    )
    load_demo_standards()
    permissions = GroupPagePermission.objects.count()
    index = load_demo_standards()
    assert StandardsIndexPage.objects.count() == 1 and index.live
    page = TrainingStandardPage.objects.get()
    assert page.live and page.program.code == "0104" and [v.number for v in page.versions.all()] == ["1.0"]
    assert WorkflowPage.objects.get(page=index).workflow == Workflow.objects.get(name="培养标准审定流程")
    assert [t.name for t in Workflow.objects.get(name="培养标准审定流程").tasks] == [
        "大类教指委审核",
        "管理员审批",
    ]
    assert GroupPagePermission.objects.count() == permissions
    assert page.get_workflow().name == "培养标准审定流程"
