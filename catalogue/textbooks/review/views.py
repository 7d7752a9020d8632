"""Admin screens of the review path (评审工作台): one page per application and one small form per step.

Every view looks its object up through `scope` and refuses (403) what the user may not see or do; the steps
themselves are `services` calls, whose refusals come back as messages on the same form.
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.users.roles import REVIEWERS, has_role

from ..models import (
    CommitteeDecision,
    ConflictDeclaration,
    Notification,
    Objection,
    ReviewAssignment,
    ReviewStage,
    Textbook,
)
from . import scope, services
from .criteria import weighted_total
from .forms import (
    AssignForm,
    ConflictForm,
    DecisionForm,
    FormatCheckForm,
    NewEditionForm,
    OptionalReasonForm,
    ReasonForm,
    ReplaceForm,
    ResolveObjectionForm,
    RespondForm,
    ScoreForm,
)
from .progress import progress_line

FILE_FIELDS = {"sample": "sample_file", "toc": "toc_file"}
STAGE_ORDER = list(ReviewStage)


def detail_url(textbook):
    return reverse("textbook_review:detail", args=[textbook.pk])


def edit_url(textbook):
    return reverse("wagtailsnippets_textbooks_textbook:edit", args=[textbook.pk])


class AdminPage(WagtailAdminTemplateMixin):
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("textbook_review:index"), "label": "评审工作台"},
            {"url": "", "label": self.get_page_title()},
        ]


class WorkbenchView(AdminPage, TemplateView):
    """What each role has to do: applications by stage, the reviewer's tasks, open notices with objections."""

    template_name = "textbooks/review/workbench.html"
    page_title = "评审工作台"

    def get_context_data(self, **kwargs):
        user = self.request.user
        textbooks = scope.visible_textbooks(user).select_related("publisher")
        by_stage = {}
        for textbook in textbooks.exclude(review_stage=ReviewStage.LISTED, review_round=0).order_by(
            "-updated_at"
        ):
            by_stage.setdefault(textbook.review_stage, []).append(textbook)
        groups = [(stage.label, by_stage[stage]) for stage in STAGE_ORDER if stage in by_stage]
        assignments = (
            ReviewAssignment.objects.filter(reviewer=user, status__in=ReviewAssignment.ACTIVE)
            .select_related("textbook")
            .order_by("status", "due_date")
        )
        return super().get_context_data(
            groups=groups,
            assignments=assignments,
            is_staff=scope.is_staff(user),
            is_publisher=scope.publisher_organisation_id(user) is not None,
            unread=user.notifications.filter(read_at__isnull=True).count(),
            **kwargs,
        )


def staff_only(user, textbook):
    """Staff's approval steps; refused to staff on the submitting side of the title (`scope.can_act`)."""
    return scope.can_act(user, textbook)


def publisher_or_staff(user, textbook):
    return scope.is_own_publisher(user, textbook) or scope.is_staff(user)


class TextbookMixin:
    """Loads the application named by the URL and refuses it when `allowed(user, textbook)` is false.

    `allowed` is a plain function of (user, object), set per view from `scope`, so who may take a step reads
    as one line next to the step.
    """

    allowed = staticmethod(scope.can_view)

    def load(self, pk):
        return get_object_or_404(Textbook.objects.select_related("publisher"), pk=pk)

    def permitted(self, user):
        return self.allowed(user, self.textbook)

    def dispatch(self, request, *args, **kwargs):
        self.textbook = self.load(kwargs["pk"])
        if not self.permitted(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.textbook.title


class DetailView(TextbookMixin, AdminPage, TemplateView):
    template_name = "textbooks/review/detail.html"
    page_title = "申报详情"

    def get_context_data(self, **kwargs):
        user, textbook = self.request.user, self.textbook
        rounds = sorted(set(textbook.assignments.values_list("round", flat=True)), reverse=True)
        reviews = []
        for number in rounds:
            visible = textbook.assignments.filter(round=number).select_related("reviewer", "criteria_set")
            if not scope.can_see_all_reviews(user, textbook, number):
                visible = visible.filter(reviewer=user)
            if visible:
                reviews.append((number, list(visible)))
        own = scope.is_own_publisher(user, textbook)
        staff = scope.is_staff(user)
        acting = scope.can_act(user, textbook)
        # who sees reviewers' names and every score: staff and committee, unless on the submitting side
        insider = (staff or scope.is_committee(user)) and not scope.is_party(user, textbook)
        stage = textbook.review_stage
        notice = textbook.notices.first()
        progress_steps, progress_note = progress_line(stage)
        return super().get_context_data(
            textbook=textbook,
            stage_label=ReviewStage(stage).label,
            progress_steps=progress_steps,
            progress_note=progress_note,
            reviews=reviews,
            show_reviews=insider or scope.my_assignment(user, textbook),
            events=events_for(textbook, show_names=insider),
            decisions=CommitteeDecision.objects.filter(textbook=textbook),
            notice=notice,
            objections=notice.objections.all() if notice and staff else [],
            my_assignment=scope.my_assignment(user, textbook),
            can_edit=scope.can_edit(user, textbook),
            can_submit=(own or staff) and "submit" in services.allowed_actions(textbook),
            can_withdraw=own and "withdraw" in services.allowed_actions(textbook),
            can_format_check=acting and stage == ReviewStage.SUBMITTED,
            can_assign=acting and stage == ReviewStage.EXPERT_REVIEW,
            can_decide=scope.can_decide(user, textbook),
            can_close_notice=acting and notice is not None and notice.is_open,
            can_act=acting,
            can_new_edition=own and stage == ReviewStage.LISTED,
            is_staff=staff,
            show_names=insider,
            edit_url=edit_url(textbook),
            **kwargs,
        )


REVIEWER_ACTIONS = frozenset({"accept", "decline", "review"})
NAMING_ACTIONS = frozenset({"assign", "replace", "decline"})


def events_for(textbook, show_names):
    """The event log; for publishers and reviewers without the reviewers' names (review stays blind)."""
    events = list(textbook.review_events.select_related("actor"))
    for event in events:
        event.who = str(event.actor) if event.actor else "系统"
        event.shown_reason = event.reason
        if not show_names:
            if event.action in REVIEWER_ACTIONS:
                event.who = "评审专家"
            if event.action in NAMING_ACTIONS:
                event.shown_reason = ""
    return events


class FileDownloadView(TextbookMixin, View):
    """The only way to an application's PDFs: same scope as the application page."""

    def get(self, request, pk, kind):
        field = FILE_FIELDS.get(kind)
        stored = getattr(self.textbook, field) if field else None
        if not stored:
            raise Http404("文件不存在")
        response = FileResponse(
            stored.open("rb"),
            as_attachment=True,
            filename=f"{self.textbook.isbn}-{kind}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class StepView(TextbookMixin, AdminPage, FormView):
    """A form that performs one step; ReviewError problems are shown on the form, nothing is changed."""

    template_name = "textbooks/review/step.html"
    submit_label = "提交"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            textbook=self.textbook,
            submit_label=self.submit_label,
            cancel_url=detail_url(self.textbook),
            **kwargs,
        )

    def form_valid(self, form):
        self.form = form
        try:
            message = self.perform(form.cleaned_data)
        except services.ReviewError as error:
            for problem in error.problems:
                form.add_error(None, problem)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return detail_url(self.textbook)


class SubmitView(StepView):
    """The one confirmation step of a submission: where it stands and, before anything is sent, what is missing."""

    page_title, form_class, submit_label = "提交申报", OptionalReasonForm, "确认提交"
    allowed = staticmethod(publisher_or_staff)

    def get_context_data(self, **kwargs):
        steps, note = progress_line(self.textbook.review_stage)
        return super().get_context_data(
            progress_steps=steps,
            progress_note=note,
            problems=services.submission_problems(self.textbook),
            **kwargs,
        )

    def perform(self, data):
        services.submit(self.textbook, self.request.user, data["reason"])
        return f"已提交《{self.textbook.title}》的申报，等待形式审查。"


class WithdrawView(StepView):
    page_title, form_class, submit_label = "撤回申报", ReasonForm, "确认撤回"
    allowed = staticmethod(scope.is_own_publisher)

    def perform(self, data):
        services.withdraw(self.textbook, self.request.user, data["reason"])
        return f"已撤回《{self.textbook.title}》的申报。"


class FormatCheckView(StepView):
    page_title, form_class = "形式审查", FormatCheckForm
    allowed = staticmethod(staff_only)

    def perform(self, data):
        passed = data["outcome"] == "pass"
        services.format_check(self.textbook, self.request.user, passed, data["reason"])
        return "形式审查通过，请分配评审专家。" if passed else "已退回出版社修改。"


class AssignView(StepView):
    page_title, form_class, submit_label = "分配评审专家", AssignForm, "分配"
    allowed = staticmethod(staff_only)

    def perform(self, data):
        reviewers = list(data["reviewers"])
        created = services.assign_reviewers(self.textbook, reviewers, self.request.user, data["due_date"])
        return f"已分配 {len(created)} 位评审专家。"


class DecideView(StepView):
    page_title, form_class, submit_label = "委员会审定", DecisionForm, "提交审定结论"
    allowed = staticmethod(scope.can_decide)

    def perform(self, data):
        services.decide(self.textbook, self.request.user, data["outcome"], data["reasons"])
        return "已记录审定结论。"


class CloseNoticeView(StepView):
    page_title, form_class, submit_label = "结束公示", OptionalReasonForm, "结束公示"
    allowed = staticmethod(staff_only)

    def perform(self, data):
        notice = services.open_notice(self.textbook)
        if notice is None:
            raise services.ReviewError("该教材没有进行中的公示。")
        outcome = services.close_notice(notice, self.request.user)
        return "已列入规划教材目录。" if outcome.result == "listed" else "异议成立，已退回委员会重新审定。"


class NewEditionView(StepView):
    """A listed title's next edition: a new draft linked to it; the earlier edition's record stays as it is."""

    page_title = "修订新版"
    form_class = NewEditionForm
    submit_label = "创建新版草稿"

    def allowed(self, user, textbook):
        return scope.is_own_publisher(user, textbook) and textbook.review_stage == ReviewStage.LISTED

    def perform(self, data):
        self.created = services.new_edition(self.textbook, data["isbn"], self.request.user)
        return "已创建新版草稿，请上传材料并填写修订内容对照表后提交。"

    def get_success_url(self):
        return edit_url(self.created)


class AssignmentMixin:
    """Steps on one reviewer assignment: `allowed(user, assignment)` decides."""

    def load(self, pk):
        self.assignment = get_object_or_404(
            ReviewAssignment.objects.select_related("textbook", "reviewer", "criteria_set"), pk=pk
        )
        return self.assignment.textbook

    def permitted(self, user):
        return self.allowed(user, self.assignment)


class AssignmentView(AssignmentMixin, StepView):
    """The reviewer's task: accept or decline, then score; only ever the reviewer's own assignment."""

    template_name = "textbooks/review/assignment.html"
    page_title = "评审任务"

    def allowed(self, user, assignment):
        return (
            assignment.reviewer_id == user.pk
            and assignment.status != ReviewAssignment.Status.REPLACED
            and not scope.is_party(user, assignment.textbook)
        )

    def get_form_class(self):
        return RespondForm if self.assignment.status == ReviewAssignment.Status.INVITED else ScoreForm

    @property
    def saving_draft(self):
        return self.request.method == "POST" and self.request.POST.get("action") == "draft"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.get_form_class() is ScoreForm:
            kwargs["criteria"] = self.assignment.criteria_set.criteria.all()
            kwargs["draft"] = self.saving_draft
            kwargs["initial"] = self.draft_initial()
        return kwargs

    def draft_initial(self):
        draft = self.assignment.draft
        initial = {f"score_{pk}": points for pk, points in services.draft_scores(self.assignment).items()}
        return {
            **initial,
            "comments": draft.get("comments", ""),
            "recommendation": draft.get("recommendation"),
        }

    def get_context_data(self, **kwargs):
        assignment = self.assignment
        criteria = assignment.criteria_set.criteria.all()
        return super().get_context_data(
            assignment=assignment,
            closed_reason=services.closed_reason(assignment),
            scores=assignment.scores.select_related("criterion"),
            draft_total=weighted_total(criteria, services.draft_scores(assignment)),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """A closed task (cancelled, replaced, already scored …) is refused before its form is even read."""
        reason = services.closed_reason(self.assignment)
        if reason:
            messages.error(request, reason)
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def perform(self, data):
        user = self.request.user
        if "accept" in data:
            accepted = data["accept"] == "yes"
            services.respond(self.assignment, user, accepted, data["reason"])
            return "已接受评审任务，请完成评分。" if accepted else "已谢绝评审任务。"
        args = (self.assignment, user, self.form.scores(), data["comments"], data["recommendation"])
        if self.saving_draft:
            total = services.save_draft(*args)
            return f"已保存评分草稿（当前加权总分 {total}），尚未提交；提交前仅您本人可见。"
        services.submit_review(*args)
        return f"评审意见已提交，加权总分 {self.assignment.total_score()}。"

    def get_success_url(self):
        if self.assignment.status == ReviewAssignment.Status.DECLINED:
            return reverse("textbook_review:index")
        return reverse("textbook_review:assignment", args=[self.assignment.pk])


class ReplaceView(AssignmentMixin, StepView):
    page_title = "更换评审专家"
    form_class = ReplaceForm
    submit_label = "更换"

    def allowed(self, user, assignment):
        return staff_only(user, assignment.textbook)

    def perform(self, data):
        services.replace_reviewer(self.assignment, data["reviewer"], self.request.user, data["due_date"])
        return f"已更换评审专家：{self.assignment.reviewer} → {data['reviewer']}。"


class ResolveObjectionView(StepView):
    page_title = "处理公示异议"
    form_class = ResolveObjectionForm
    submit_label = "提交处理意见"

    def load(self, pk):
        self.objection = get_object_or_404(Objection.objects.select_related("notice__textbook"), pk=pk)
        return self.objection.notice.textbook

    allowed = staticmethod(staff_only)

    def get_context_data(self, **kwargs):
        return super().get_context_data(objection=self.objection, **kwargs)

    def perform(self, data):
        upheld = data["upheld"] == "upheld"
        services.resolve_objection(self.objection, self.request.user, upheld, data["resolution"])
        return "已处理公示异议。"


class InboxView(AdminPage, TemplateView):
    template_name = "textbooks/review/inbox.html"
    page_title = "我的通知"
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        notifications = self.request.user.notifications.all()[:200]
        return super().get_context_data(notifications=notifications, **kwargs)

    def post(self, request):
        mine = request.user.notifications.filter(read_at__isnull=True)
        if request.POST.get("id"):
            mine = mine.filter(pk=request.POST["id"])
        mine.update(read_at=timezone.now())
        target = Notification.objects.filter(pk=request.POST.get("id"), recipient=request.user).first()
        return redirect(target.url if target and target.url else reverse("textbook_review:inbox"))


class ConflictView(AdminPage, FormView):
    """Reviewers declare conflicts of interest before they are assigned; they see only their own."""

    template_name = "textbooks/review/conflicts.html"
    page_title = "利益冲突声明"
    form_class = ConflictForm

    def dispatch(self, request, *args, **kwargs):
        if not has_role(request.user, REVIEWERS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        declarations = ConflictDeclaration.objects.filter(reviewer=self.request.user).select_related(
            "organisation"
        )
        return super().get_context_data(declarations=declarations, **kwargs)

    def form_valid(self, form):
        ConflictDeclaration.objects.create(
            reviewer=self.request.user,
            organisation=form.cleaned_data["organisation"],
            isbn=form.cleaned_data["isbn"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(self.request, "已登记利益冲突声明，分配评审时将自动回避。")
        return redirect("textbook_review:conflicts")
