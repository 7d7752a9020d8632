"""Page permissions and the review workflow of the standards section, set up idempotently.

Drafts are written by a program group (专业组成员, scoped by standards.ProgramGroup) or by committee members
(add/change under the index, no publish); the category committee reviews; administrators approve, and the
approval publishes.
"""

from django.contrib.auth.models import Permission

from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from cms.home.site import ensure_home_page
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, PROGRAM_GROUP_MEMBERS, ensure_roles, role_group

from .models import CommitteeReviewTask, StandardApprovalTask, StandardsIndexPage

WORKFLOW_NAME = "培养标准审定流程"
PAGE_PERMISSIONS = {
    ADMINISTRATORS: ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
    COMMITTEE_MEMBERS: ["add", "change"],
    PROGRAM_GROUP_MEMBERS: ["add", "change"],
}
ADMINISTRATOR_MODEL_PERMISSIONS = [
    "view_standardversion",
    "change_standardversion",
    "add_programgroup",
    "change_programgroup",
    "delete_programgroup",
    "view_programgroup",
]


def ensure_page_permissions(index):
    """Group page permissions on the index (inherited by every standard), the version register, program groups."""
    administrators = role_group(ADMINISTRATORS)
    administrators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="standards", codename__in=ADMINISTRATOR_MODEL_PERMISSIONS
        )
    )
    for group_name, permission_types in PAGE_PERMISSIONS.items():
        group = role_group(group_name)
        for permission_type in permission_types:
            if not GroupPagePermission.objects.filter(
                group=group, page=index, permission__codename=f"{permission_type}_page"
            ).exists():
                GroupPagePermission.objects.create(group=group, page=index, permission_type=permission_type)


def ensure_standards_workflow(index):
    """Workflow 程序组起草 → 大类教指委审核 → 管理员审批 → 发布, attached to the standards index."""
    ensure_roles()
    ensure_page_permissions(index)
    committee_task = CommitteeReviewTask.objects.filter(
        name="大类教指委审核"
    ).first() or CommitteeReviewTask.objects.create(name="大类教指委审核")
    approval_task = StandardApprovalTask.objects.filter(name="管理员审批").first()
    if approval_task is None:
        approval_task = StandardApprovalTask.objects.create(name="管理员审批")
        approval_task.groups.set([role_group(ADMINISTRATORS)])
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=committee_task, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=approval_task, sort_order=1)
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def ensure_standards_section():
    """The standards index under the home page, with its permissions and workflow (created once)."""
    index = StandardsIndexPage.objects.first()
    if index is None:
        index = StandardsIndexPage(
            title="国家技能人才培养标准",
            slug="standards",
            intro="各专业的国家技能人才培养标准与一体化课程规范，以及公共课和大类通用专业课课程标准。",
        )
        ensure_home_page().add_child(instance=index)
        index.save_revision().publish()
    ensure_standards_workflow(index)
    return index
