"""The review tasks of the standards workflow: the category committee's review, then the administrators' approval.

Both are Wagtail Task subclasses, so the moderation dashboard, the workflow history and the audit log record who
acted, when and with what comment. Neither offers anything to the author of the work under review (its submitter,
or the writer of the revision being approved), administrators included: Wagtail's action views and the editor ask
`get_actions`, so what is not offered is also refused when posted.
"""

from django import forms
from django.db import models
from django.utils import timezone

from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Task, TaskState

from ..permissions import exclude_own_work, is_own_work, may_act_on_category
from .pages import ChangeKind, CourseStandardPage, TrainingStandardPage

APPROVE_ACTIONS = [
    ("reject", "退回修改", True),
    ("approve", "通过", False),
    ("approve", "通过并附意见", True),
]

#: The administrators' step; its approve label already says that it publishes (see wagtail_hooks.py).
RELEASE_ACTIONS = [("reject", "退回修改", True), ("approve", "批准并发布", True)]


def _standard_pages_of(user):
    """Ids (as strings, like WorkflowState.object_id) of the standards whose category committee the user sits on."""
    ids = list(
        TrainingStandardPage.objects.filter(program__category__committee_members=user).values_list(
            "pk", flat=True
        )
    )
    ids += CourseStandardPage.objects.filter(category__committee_members=user).values_list("pk", flat=True)
    return [str(pk) for pk in ids]


class CommitteeReviewTask(Task):
    """专业大类教学指导委员会审核: only the committee of the standard's own category may act."""

    class Meta:
        verbose_name = "大类教指委审核"
        verbose_name_plural = "大类教指委审核"

    def _may_act(self, obj, user):
        return may_act_on_category(user, obj.specific.standard_category()) and not is_own_work(user, obj)

    def user_can_access_editor(self, obj, user):
        return self._may_act(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_act(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_act(obj, user)

    def get_actions(self, obj, user):
        return APPROVE_ACTIONS if self._may_act(obj, user) else []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = exclude_own_work(self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS), user)
        if user.is_superuser:
            return states
        return states.filter(workflow_state__object_id__in=_standard_pages_of(user))

    @classmethod
    def get_description(cls):
        return "由标准所属专业大类的教学指导委员会委员审核"


class ReleaseForm(TaskStateCommentForm):
    """What the approver decides on approval: major or minor version, and the date it takes effect."""

    change_kind = forms.ChoiceField(label="发布性质", choices=ChangeKind.choices)
    effective_date = forms.DateField(label="施行日期", required=False, help_text="留空则为发布当日。")


class ApprovalTaskState(TaskState):
    """The approval's task state also keeps the version decision, read when the approval publishes the page."""

    change_kind = models.CharField("发布性质", max_length=10, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)

    class Meta:
        verbose_name = "审批任务状态"


class StandardApprovalTask(AbstractGroupApprovalTask):
    """管理员审批: members of the chosen groups approve, choosing the version kind; blocked while checks fail."""

    task_state_class = ApprovalTaskState

    class Meta:
        verbose_name = "管理员审批（标准）"
        verbose_name_plural = "管理员审批（标准）"

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and not is_own_work(user, obj)

    def locked_for_user(self, obj, user):
        return super().locked_for_user(obj, user) or is_own_work(user, obj)

    def user_can_lock(self, obj, user):
        return super().user_can_lock(obj, user) and not is_own_work(user, obj)

    def get_actions(self, obj, user):
        if not super().get_actions(obj, user) or is_own_work(user, obj):
            return []
        if obj.specific.get_latest_revision_as_object().consistency_errors():
            return [action for action in RELEASE_ACTIONS if action[0] != "approve"]
        return RELEASE_ACTIONS

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return exclude_own_work(super().get_task_states_user_can_moderate(user, **kwargs), user)

    def get_form_for_action(self, action):
        return ReleaseForm if action == "approve" else TaskStateCommentForm

    def get_template_for_action(self, action):
        return "standards/admin/approve_modal.html" if action == "approve" else ""

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            task_state = task_state.specific
            task_state.change_kind = kwargs.pop("change_kind", "") or ""
            task_state.effective_date = kwargs.pop("effective_date", None) or timezone.localdate()
            task_state.save(update_fields=["change_kind", "effective_date"])
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "管理员审批并决定版本号（修订或勘误）与施行日期，批准即发布"
