"""The admin home page shows each role its own work: one panel per role the user holds, each item a link to
where the user acts, and Wagtail's page panels only for people who work on pages.

- reviewers: their open review assignments with due dates, overdue ones marked;
- publishers: their organisation's applications by stage and its open review flags;
- committee members: standard drafts at their committee's review step, adjustment proposals awaiting decision
  and titles at the committee stage, all within the categories they sit on;
- administrators: what waits for their approval, and the compact statistics.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState

from catalogue.models import Adjustment
from catalogue.textbooks.models import CurriculumFlag, PublicNotice, ReviewAssignment, ReviewStage, Textbook
from catalogue.textbooks.review import scope
from cms.users.roles import PUBLISHERS, REVIEWERS, has_role, is_administrator
from standards.models import (
    CommitteeReviewTask,
    CourseStandardPage,
    StandardApprovalTask,
    TrainingStandardPage,
)

from . import figures
from .panels import Panel

LIMIT = 10
OPEN_STAGES = (
    ReviewStage.DRAFT,
    ReviewStage.SUBMITTED,
    ReviewStage.RETURNED,
    ReviewStage.EXPERT_REVIEW,
    ReviewStage.COMMITTEE,
    ReviewStage.NOTICE,
)
WAGTAIL_PAGE_PANELS = {
    "workflow_objects_to_moderate",
    "user_objects_in_workflow_moderation",
    "recent_edits",
    "locked_pages",
}


@dataclass
class Item:
    label: str
    url: str
    detail: str = ""
    warning: bool = False


@dataclass
class Group:
    heading: str
    items: list
    total: int = 0
    more_url: str = ""
    counts: list = field(default_factory=list)  # (label, number) shown above the items


class WorkPanel(Component):
    """A dashboard panel of groups of linked items, with 暂无待办 for an empty group."""

    template_name = "statistics/home/work_panel.html"

    def __init__(self, name, heading, groups, order):
        self.name, self.heading, self.groups, self.order = name, heading, groups, order

    def get_context_data(self, parent_context):
        return {"panel_id": self.name, "heading": self.heading, "groups": self.groups}


class StatisticsPanel(Component):
    """Administrators' compact statistics: progress against the plan and the review pipeline."""

    name = "statistics"
    order = 300
    template_name = "statistics/home/statistics_panel.html"

    class Media:
        css = {"all": ["statistics/statistics.css"]}

    def get_context_data(self, parent_context):
        keys = ("textbooks-target", "review-stages")
        found = [Panel(figures.ADMIN_FIGURES[k](), reverse("statistics_admin:csv", args=[k])) for k in keys]
        return {"panels": found, "full_url": reverse("statistics_admin:index")}


def _group(heading, queryset, to_item, more_url=""):
    rows = list(queryset[: LIMIT + 1])
    total = queryset.count() if len(rows) > LIMIT else len(rows)
    return Group(heading, [to_item(row) for row in rows[:LIMIT]], total, more_url if total > LIMIT else "")


# --- reviewers -----------------------------------------------------------------------------------------------


def reviewer_panel(user):
    today = timezone.localdate()
    assignments = (
        ReviewAssignment.objects.filter(reviewer=user, status__in=ReviewAssignment.PENDING)
        .select_related("textbook")
        .order_by("due_date", "pk")
    )

    def item(a):
        late = a.due_date < today
        detail = f"{a.get_status_display()} · 截止 {a.due_date:%Y-%m-%d}" + ("（已逾期）" if late else "")
        return Item(a.textbook.title, reverse("textbook_review:assignment", args=[a.pk]), detail, late)

    group = _group("待完成的评审任务", assignments, item, reverse("textbook_review:index"))
    return WorkPanel("my_review_assignments", "我的评审任务", [group], 10)


# --- publishers ----------------------------------------------------------------------------------------------


def publisher_panel(organisation_id):
    mine = Textbook.objects.filter(publisher_id=organisation_id)
    counts = {stage: n for stage, n in _stage_counts(mine)}
    applications = mine.filter(review_stage__in=OPEN_STAGES).order_by("-updated_at")

    def item(t):
        return Item(
            t.title,
            reverse("textbook_review:detail", args=[t.pk]),
            t.get_review_stage_display(),
            t.review_stage == ReviewStage.RETURNED,
        )

    group = _group("进行中的申报", applications, item, reverse("textbook_review:index"))
    group.counts = [(stage.label, counts[stage.value]) for stage in ReviewStage if counts.get(stage.value)]
    flags = (
        CurriculumFlag.objects.open()
        .filter(textbook__publisher_id=organisation_id)
        .select_related("textbook")
    )
    flag_group = _group(
        "待处理的复核提示",
        flags,
        lambda f: Item(f"《{f.textbook.title}》", reverse("textbook_review:flags"), f.title, True),
        reverse("textbook_review:flags"),
    )
    return WorkPanel("my_applications", "本社教材申报", [group, flag_group], 20)


def _stage_counts(textbooks):
    return textbooks.values_list("review_stage").annotate(n=Count("pk")).order_by()


# --- committee members ---------------------------------------------------------------------------------------


def _standard_page_ids(category_ids):
    ids = TrainingStandardPage.objects.filter(program__category_id__in=category_ids).values_list(
        "pk", flat=True
    )
    ids = [
        *ids,
        *CourseStandardPage.objects.filter(category_id__in=category_ids).values_list("pk", flat=True),
    ]
    return [str(pk) for pk in ids]


def standards_at(task_model, page_ids=None):
    """Pages whose workflow is in progress at a task of this kind, with the task state, oldest first."""
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, task__in=task_model.objects.all()
    ).select_related("workflow_state")
    if page_ids is not None:
        states = states.filter(workflow_state__object_id__in=page_ids)
    return states.order_by("started_at")


def _standard_item(state):
    page = Page.objects.filter(pk=int(state.workflow_state.object_id)).first()
    title = page.get_admin_display_title() if page else state.workflow_state.object_id
    url = reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else ""
    return Item(title, url, f"提交于 {timezone.localtime(state.started_at):%Y-%m-%d}")


def adjustments_in(category_ids, codes):
    in_scope = Q(old_programs__category_id__in=category_ids)
    for code in codes:
        in_scope |= Q(targets__code__startswith=code)
    return (
        Adjustment.objects.filter(in_scope, status=Adjustment.Status.SUBMITTED)
        .distinct()
        .order_by("created_at")
    )


def _adjustment_item(adjustment):
    url = reverse("catalogue_adjustment:inspect", args=[adjustment.pk])
    return Item(str(adjustment), url, f"生效日期 {adjustment.effective_date:%Y-%m-%d}")


def committee_panel(user):
    categories = list(user.committee_categories.values_list("pk", "code"))
    ids, codes = [pk for pk, _ in categories], [code for _, code in categories]
    textbooks = (
        scope.visible_textbooks(user).filter(review_stage=ReviewStage.COMMITTEE).order_by("updated_at")
    )
    groups = [
        _group(
            "待本委员会审核的标准", standards_at(CommitteeReviewTask, _standard_page_ids(ids)), _standard_item
        ),
        _group("待审批的动态调整（本大类）", adjustments_in(ids, codes), _adjustment_item),
        _group(
            "待委员会审定的教材",
            textbooks,
            lambda t: Item(t.title, reverse("textbook_review:detail", args=[t.pk]), t.publisher.name),
        ),
    ]
    return WorkPanel("committee_work", "教学指导委员会待办", groups, 30)


# --- administrators ------------------------------------------------------------------------------------------


def administrator_panel():
    today = timezone.localdate()
    submitted = Adjustment.objects.filter(status=Adjustment.Status.SUBMITTED).order_by("created_at")
    notices = PublicNotice.objects.filter(closed_at__isnull=True, ends_on__lt=today).select_related(
        "textbook"
    )

    def textbook_step(url_name, detail):
        return lambda t: Item(t.title, reverse(url_name, args=[t.pk]), detail(t))

    groups = [
        _group("待审批的动态调整", submitted, _adjustment_item),
        _group("待审批发布的培养标准", standards_at(StandardApprovalTask), _standard_item),
        _group(
            "待形式审查的教材申报",
            Textbook.objects.filter(review_stage=ReviewStage.SUBMITTED).select_related("publisher"),
            textbook_step("textbook_review:format_check", lambda t: t.publisher.name),
        ),
        _group(
            "待委员会审定的教材",
            Textbook.objects.filter(review_stage=ReviewStage.COMMITTEE).select_related("publisher"),
            textbook_step("textbook_review:decide", lambda t: t.publisher.name),
        ),
        _group(
            "公示期满待结束的公示",
            notices,
            lambda n: Item(
                n.textbook.title,
                reverse("textbook_review:detail", args=[n.textbook_id]),
                f"公示截止 {n.ends_on:%Y-%m-%d}",
            ),
        ),
    ]
    flags = CurriculumFlag.objects.open().count()
    groups.append(
        Group(
            "未处理的复核提示",
            [Item(f"共 {flags} 条", reverse("textbook_review:flags"))] if flags else [],
            flags,
        )
    )
    return WorkPanel("awaiting_approval", "待审批事项", groups, 5)


# --- the hook ------------------------------------------------------------------------------------------------


def works_on_pages(user):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().user_has_any_permission(user, {"add", "change", "publish"})


def role_panels(user):
    found = []
    if is_administrator(user):
        found += [administrator_panel(), StatisticsPanel()]
    if has_role(user, REVIEWERS) or ReviewAssignment.objects.filter(reviewer=user).exists():
        found.append(reviewer_panel(user))
    organisation = scope.publisher_organisation_id(user)
    if organisation and has_role(user, PUBLISHERS):
        found.append(publisher_panel(organisation))
    if user.committee_categories.exists():
        found.append(committee_panel(user))
    return found


def construct_panels(request, panels):
    user = request.user
    if not works_on_pages(user):
        panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in WAGTAIL_PAGE_PANELS]
    panels.extend(role_panels(user))
