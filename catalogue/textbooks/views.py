"""The public planned-textbook list (规划教材目录): filters, a page per title, and progress against the plan.

Only live, listed titles are public; applications under review never show here.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render

from wagtail import hooks
from wagtail.models import Page

from catalogue.models import Category, Program
from catalogue.textbooks.models import (
    PLAN_TARGET,
    ReviewStage,
    Textbook,
    TextbookBatch,
    TextbookLevel,
    TextbookType,
)
from catalogue.views import not_found
from cms.client_address import client_address
from cms.users.models import Organisation
from standards.models import CourseStandardPage, ProgramCourse

from .isbn import InvalidISBN, normalise_isbn

PAGE_SIZE = 20


class TextbookFilterForm(forms.Form):
    """The list's GET filters; a bad value fails only its own field and is reported, not fatal."""

    category = forms.ChoiceField(label="专业大类", required=False)
    program = forms.CharField(label="专业代码", required=False, max_length=4)
    level = forms.ChoiceField(
        label="培养层次", required=False, choices=[("", "全部层次"), *TextbookLevel.choices]
    )
    kind = forms.ChoiceField(
        label="教材类型", required=False, choices=[("", "全部类型"), *TextbookType.choices]
    )
    publisher = forms.ChoiceField(label="出版社", required=False)
    batch = forms.ChoiceField(label="批次", required=False)

    def __init__(self, data):
        super().__init__(data)
        self.fields["category"].choices = [("", "全部大类")] + [
            (c.code, str(c)) for c in Category.objects.all()
        ]
        publishers = Organisation.objects.filter(textbooks__isnull=False).distinct().order_by("name")
        self.fields["publisher"].choices = [("", "全部出版社")] + [(str(o.pk), o.name) for o in publishers]
        self.fields["batch"].choices = [("", "全部批次")] + [
            (str(b.pk), b.name) for b in TextbookBatch.objects.all()
        ]

    def clean_program(self):
        code = self.cleaned_data["program"].strip()
        if code and not Program.objects.filter(code=code).exists():
            raise forms.ValidationError("专业代码不存在")
        return code

    def filters(self):
        """The valid filters as keyword arguments of `TextbookQuerySet.public_list`."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}

    def problems(self):
        return [
            f"筛选条件“{self.fields[name].label}”的值“{self.data.get(name, '')}”无效，已忽略。"
            for name in self.errors
        ]


def textbook_list(request):
    """Listed titles, filtered and paginated 20 a page, in batch then ISBN order."""
    form = TextbookFilterForm(request.GET)
    textbooks = Textbook.objects.public_list(**form.filters())
    page = Paginator(textbooks, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "problems": form.problems(),
        "page": page,
        "query": query.urlencode(),
        "filtered": any(form.cleaned_data.get(name) for name in form.fields),
    }
    return render(request, "textbooks/list.html", context)


def textbook_detail(request, isbn):
    """A listed title's page; an ISBN typed with hyphens lands on the canonical address."""
    try:
        canonical = normalise_isbn(isbn)
    except InvalidISBN as exc:
        return not_found(request, str(exc))
    if canonical != isbn:
        return redirect("textbooks:detail", canonical)
    textbook = Textbook.objects.listed_title(canonical)
    if textbook is None:
        return not_found(request, f"ISBN {canonical} 不在规划教材目录中。")
    context = {"textbook": textbook, **_curriculum(textbook), "sections": _extra_sections(request, textbook)}
    return render(request, "textbooks/detail.html", context)


def _extra_sections(request, textbook):
    """Sections other apps add to a title's page, each {"template", "context"}, through the hook
    `textbook_page_sections` (the same pattern as the program page's `program_page_sections`)."""
    sections = (hook(request, textbook) for hook in hooks.get_hooks("textbook_page_sections"))
    return [section for section in sections if section]


def _curriculum(textbook):
    """Where the title sits in the curriculum: the courses it serves (each on its program's page), the course
    standards of a foundation or public title, and the standard versions it was reviewed against."""
    return {
        "courses": ProgramCourse.objects.filter(textbooks=textbook)
        .select_related("program")
        .order_by("program__code", "code"),
        "course_standards": CourseStandardPage.objects.live()
        .public()
        .filter(textbooks=textbook)
        .order_by("title"),
        "reviewed_against": textbook.reviewed_against.filter(page__in=Page.objects.live().public())
        .select_related("page")
        .order_by("page__title", "major", "minor"),
    }


def textbook_progress(request):
    """How far the list has come towards the plan's 1,500 titles, by batch, type and category."""
    listed = Textbook.objects.listed()
    total = listed.count()
    by_batch = listed.values("batch__name").annotate(n=Count("pk")).order_by("batch__sort_order")
    by_kind = {row["kind"]: row["n"] for row in listed.values("kind").annotate(n=Count("pk"))}
    by_category = (
        Category.objects.annotate(n=Count("programs__textbooks", distinct=True, filter=_listed_q()))
        .order_by("code")
        .values("code", "name", "n")
    )
    context = {
        "target": PLAN_TARGET,
        "total": total,
        "percent": min(100, round(total * 100 / PLAN_TARGET, 1)),
        "by_batch": list(by_batch),
        "by_kind": [(kind.label, by_kind.get(kind, 0)) for kind in TextbookType],
        "by_category": list(by_category),
        "without_program": listed.filter(programs__isnull=True).count(),
    }
    return render(request, "textbooks/progress.html", context)


def _listed_q():
    return Q(programs__textbooks__live=True, programs__textbooks__review_stage=ReviewStage.LISTED)


def notice_list(request):
    """公示: titles the committee approved, in their notice period, each open to written objections."""
    from .review.services import open_notices

    return render(
        request,
        "textbooks/notices.html",
        {"notices": open_notices(), "days": settings.TEXTBOOK_NOTICE_DAYS},
    )


def objection_form(request, pk):
    """The public's written objection to a title in notice: CSRF-protected, validated, answered in Chinese."""
    from .review.forms import ObjectionForm
    from .review.services import (
        DuplicateObjection,
        ReviewError,
        TooManyObjections,
        file_objection,
        open_notices,
    )

    notice = get_object_or_404(open_notices(), pk=pk)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request) or "unknown"
        try:
            file_objection(notice, **form.cleaned_data, address=address)
        except DuplicateObjection as duplicate:
            # Most likely a double click or a resubmitted page: say plainly that it is on file.
            messages.info(request, str(duplicate))
            return redirect("textbooks:notices")
        except TooManyObjections as refused:
            form.add_error(None, str(refused))
            response = render(
                request, "textbooks/objection.html", {"notice": notice, "form": form}, status=429
            )
            response["Retry-After"] = str(refused.retry_after)
            return response
        except ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "您的异议已提交，我们将在公示期结束前核实处理。")
            return redirect("textbooks:notices")
    return render(request, "textbooks/objection.html", {"notice": notice, "form": form})
