"""The public planned-textbook list (规划教材目录): filters, a page per title, and progress against the plan.

Only live, listed titles are public; applications under review never show here.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
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
from search.service import UNAVAILABLE_MESSAGE, TextbookSearch
from search.views import guarded
from standards.models import CourseStandardPage, ProgramCourse

from .isbn import InvalidISBN, normalise_isbn

PAGE_SIZE = 20


class TextbookFilterForm(forms.Form):
    """The list's GET parameters; a bad value fails only its own field and is reported, not fatal.

    `q` is matched by the site search's analysis (`search.service.TextbookSearch`); the other fields are
    `TextbookQuerySet.public_list` filters, except `program`, which takes a code or (part of) a name.
    """

    q = forms.CharField(label="关键词", required=False, max_length=200, widget=forms.SearchInput)
    category = forms.ChoiceField(label="专业大类", required=False)
    program = forms.CharField(label="专业", required=False, max_length=50)
    level = forms.ChoiceField(
        label="培养层次", required=False, choices=[("", "全部层次"), *TextbookLevel.choices]
    )
    kind = forms.ChoiceField(
        label="教材类型", required=False, choices=[("", "全部类型"), *TextbookType.choices]
    )
    publisher = forms.ChoiceField(label="出版社", required=False)
    batch = forms.ChoiceField(label="批次", required=False)
    sort = forms.ChoiceField(label="排序", required=False)

    FILTERS = ("category", "program", "level", "kind", "publisher", "batch")

    def __init__(self, data):
        super().__init__(data)
        self.fields["q"].widget.attrs.update(placeholder="书名、课程、ISBN、主编或拼音，如 焊接、shukong")
        self.fields["program"].widget.attrs.update(placeholder="代码或名称，如 0107 或 数控")
        self.fields["category"].choices = [("", "全部大类")] + [
            (c.code, str(c)) for c in Category.objects.all()
        ]
        publishers = Organisation.objects.filter(textbooks__isnull=False).distinct().order_by("name")
        self.fields["publisher"].choices = [("", "全部出版社")] + [(str(o.pk), o.name) for o in publishers]
        self.fields["batch"].choices = [("", "全部批次")] + [
            (str(b.pk), b.name) for b in TextbookBatch.objects.all()
        ]
        default = "相关度" if data.get("q", "").strip() else "目录顺序（批次、ISBN）"
        self.fields["sort"].choices = [("", default), ("year", "出版年份（新→旧）"), ("title", "书名")]

    def clean_q(self):
        return self.cleaned_data["q"].strip()

    def clean_program(self):
        """The codes of the programs meant: an exact code, else every program whose name contains the text."""
        typed = self.cleaned_data["program"].strip()
        if not typed:
            return []
        codes = list(Program.objects.filter(code=typed).values_list("code", flat=True))
        codes = codes or list(Program.objects.filter(name__contains=typed).values_list("code", flat=True))
        if not codes:
            raise forms.ValidationError("没有这个代码的专业，也没有名称包含它的专业")
        return codes

    def filters(self):
        """The valid filters as keyword arguments of `TextbookQuerySet.public_list` (program apart)."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.FILTERS if name != "program"}

    def filtered(self):
        return any(self.cleaned_data.get(name) for name in self.FILTERS)

    def problems(self):
        return [
            f"筛选条件“{self.fields[name].label}”的值“{self.data.get(name, '')}”无效，已忽略。"
            for name in self.errors
        ]


def textbook_list(request):
    """Listed titles, filtered and paginated 20 a page: by relevance to `q` when given (the site search's
    matching and order, narrowed by the filters), else in batch then ISBN order; or by year or title."""
    form = TextbookFilterForm(request.GET)
    textbooks, unavailable = listed_textbooks(form)
    q = form.cleaned_data.get("q", "")
    page = Paginator(textbooks, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "problems": form.problems(),
        "page": page,
        "query": query.urlencode(),
        "q": q,
        "filtered": form.filtered(),
        "unavailable": unavailable,
    }
    return render(request, "textbooks/list.html", context, status=503 if unavailable else 200)


def listed_textbooks(form):
    """All titles the list shows for the form's query and filters, in its order, and the notice to show when the
    search could not answer `q` (empty otherwise). The page paginates them; the downloads take them all."""
    textbooks = Textbook.objects.public_list(**form.filters())
    if form.cleaned_data.get("program"):
        textbooks = textbooks.filter(programs__code__in=form.cleaned_data["program"]).distinct()
    q, sort = form.cleaned_data.get("q", ""), form.cleaned_data.get("sort", "")
    unavailable = ""
    if q:
        ranked = guarded(lambda: TextbookSearch(q).ranked_keys())
        unavailable = UNAVAILABLE_MESSAGE if ranked is None else ""
        textbooks = (
            _in_rank_order(textbooks, ranked or []) if not sort else textbooks.filter(isbn__in=ranked or [])
        )
    return _sorted(textbooks, sort), unavailable


def _in_rank_order(textbooks, isbns):
    """The filtered titles among the search's matches, best match first."""
    position = {isbn: n for n, isbn in enumerate(isbns)}
    return sorted(textbooks.filter(isbn__in=isbns), key=lambda book: position[book.isbn])


def _sorted(textbooks, sort):
    if sort == "year":
        return textbooks.order_by(F("year").desc(nulls_last=True), "isbn")
    if sort == "title":
        return textbooks.order_by("title", "isbn")
    return textbooks


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
