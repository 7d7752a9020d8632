"""The public catalogue for teachers (no login): the catalogue as of any edition, each program's page with its
history, the list of editions, and the comparison of two editions with CSV/XLSX downloads.

Programs are never deleted, so every code ever used keeps a page; an edition is shown as it stood when it was
closed (`programs_as_of`), so names can differ from today's.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from wagtail import hooks

from cms.spreadsheets import csv_download, xlsx_download

from .diff import DIFF_HEADER, diff_editions
from .models import Adjustment, Category, Edition, Level, Program, Sector
from .versioning import program_versions, programs_as_of

CODE_PATTERN = re.compile(r"^\d{4}$")


def not_found(request, message):
    """A Chinese 404 that says what was not found; rendered here so DEBUG's technical page never shows."""
    return render(request, "404.html", {"message": message}, status=404)


def published_editions():
    """The published editions, newest in force first (the public index's default is the first)."""
    return list(Edition.objects.published().order_by("-effective_date", "-name"))


def _known_editions_text(editions):
    """The edition names oldest first, to tell someone who typed a wrong one what exists."""
    ordered = sorted(editions, key=lambda e: (e.effective_date, e.name))
    return "、".join(e.name for e in ordered) or "暂无"


# --- catalogue index ----------------------------------------------------------------------------------------


class CatalogueFilterForm(forms.Form):
    """The index's GET filters. A bad value fails its field only, so the others still apply."""

    STATUS_CHOICES = [("in_force", "现行"), ("retired", "已撤销"), ("all", "全部")]

    q = forms.CharField(
        label="代码或名称",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "如 0401 或 汽车"}),
    )
    category = forms.ChoiceField(label="专业大类", required=False)
    level = forms.ChoiceField(label="培养层次", required=False, choices=[("", "全部层次"), *Level.choices])
    sector = forms.ChoiceField(label="产业类型", required=False, choices=[("", "全部类型"), *Sector.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)

    def __init__(self, data, categories):
        super().__init__(data)
        self.fields["category"].choices = [("", "全部大类")] + [(c.code, str(c)) for c in categories]

    def filters(self):
        """The valid filters, with the status defaulting to 现行."""
        self.is_valid()
        cleaned = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        cleaned["q"] = cleaned["q"].strip()
        cleaned["status"] = cleaned["status"] or "in_force"
        return cleaned

    def problems(self):
        """One Chinese sentence per ignored value, for the page to show."""
        return [
            f"筛选条件“{self.fields[name].label}”的值“{self.data.get(name, '')}”无效，已忽略。"
            for name in self.errors
        ]


@dataclass
class Entry:
    """One line of the listing: a program as it stood in the edition shown."""

    code: str
    name: str
    category_id: int
    sector: str
    levels: list
    program: Program
    retired: bool = False

    @property
    def level_labels(self):
        return [Level(level).label for level in self.levels]

    @property
    def sector_label(self):
        return Sector(self.sector).label if self.sector in Sector.values else self.sector

    @property
    def renamed_since(self):
        return self.program.name != self.name

    @property
    def retired_since(self):
        return self.program.is_retired and not self.retired


def _entry_from_program(program):
    return Entry(
        code=program.code,
        name=program.name,
        category_id=program.category_id,
        sector=program.sector,
        levels=program.levels,
        program=program,
        retired=program.is_retired,
    )


def catalogue_entries(edition, status):
    """The programs to list: the edition's (as they were then) and/or those retired by its date.

    Without any edition the register is shown as it is now, filtered on each program's status.
    """
    if edition is None:
        programs = Program.objects.select_related("category")
        if status != "all":
            wanted = Program.Status.IN_FORCE if status == "in_force" else Program.Status.RETIRED
            programs = programs.filter(status=wanted)
        return [_entry_from_program(p) for p in programs]
    entries = []
    if status in ("in_force", "all"):
        entries += [Entry(**snapshot) for snapshot in programs_as_of(edition).values()]
    if status in ("retired", "all"):
        retired = (
            Program.objects.filter(status=Program.Status.RETIRED)
            .exclude(editions=edition)
            .filter(Q(retired_on__isnull=True) | Q(retired_on__lte=edition.effective_date))
            .select_related("category")
        )
        entries += [_entry_from_program(p) for p in retired]
    return sorted(entries, key=lambda e: e.code)


def _matches(entry, filters, category_ids):
    if filters["category"] and entry.category_id != category_ids.get(filters["category"]):
        return False
    if filters["level"] and filters["level"] not in entry.levels:
        return False
    if filters["sector"] and entry.sector != filters["sector"]:
        return False
    q = filters["q"]
    return not q or q in entry.code or q.lower() in entry.name.lower()


def _group_by_category(entries, categories):
    """[(category, entries)] in category-code order, as the printed catalogue is laid out."""
    by_id = {c.pk: c for c in categories}
    groups = {}
    for entry in entries:
        groups.setdefault(entry.category_id, []).append(entry)
    ordered = sorted(groups.items(), key=lambda item: by_id[item[0]].code if item[0] in by_id else "")
    return [(by_id.get(category_id), items) for category_id, items in ordered]


def index(request):
    """The catalogue grouped by category; an exact code in `q` goes straight to that program's page."""
    q = request.GET.get("q", "").strip()
    if CODE_PATTERN.match(q) and Program.objects.filter(code=q).exists():
        return redirect("catalogue:program", q)
    editions = published_editions()
    name = request.GET.get("edition", "").strip()
    default = editions[0] if editions else None
    edition = next((e for e in editions if e.name == name), None) if name else default
    if name and edition is None:
        return not_found(request, f"目录版本“{name}”不存在。现有版本：{_known_editions_text(editions)}。")
    categories = list(Category.objects.all())
    form = CatalogueFilterForm(request.GET, categories)
    filters = form.filters()
    entries = catalogue_entries(edition, filters["status"])
    category_ids = {c.code: c.pk for c in categories}
    shown = [e for e in entries if _matches(e, filters, category_ids)]
    context = {
        "form": form,
        "problems": form.problems(),
        "filters": filters,
        "filtered": any(filters[k] for k in ("q", "category", "level", "sector")),
        "editions": editions,
        "edition": edition,
        "latest": editions[0] if editions else None,
        "groups": _group_by_category(shown, categories),
        "count": len(shown),
        "total": len(entries),
    }
    return render(request, "catalogue/index.html", context)


# --- program page -------------------------------------------------------------------------------------------


@dataclass
class Event:
    """One dated step in a program's history: an adjustment that touched it or an edition that listed it."""

    date: date
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    adjustment: Adjustment | None = None
    order: int = field(default=0, repr=False)


def _adjustments_touching(program):
    return (
        Adjustment.objects.in_effect()
        .filter(Q(old_programs=program) | Q(targets__code=program.code))
        .distinct()
        .prefetch_related("old_programs", "targets")
        .order_by("effective_date", "reference")
    )


def _name_as_of(edition, versions, program):
    """The program's name when the edition was closed, from the newest version at or before its revision."""
    if edition.revision_id is not None:
        for version in versions:  # newest first
            if version.revision_id <= edition.revision_id:
                return version.field_dict.get("name", program.name)
    return program.name


def _timeline(program, versions):
    """Adjustments and editions in date order; on the same day the adjustment comes before its edition."""
    events = [
        Event(
            a.effective_date, "adjustment", f"{a.reference} {a.get_kind_display()}", a.rationale, adjustment=a
        )
        for a in _adjustments_touching(program)
    ]
    for edition in program.editions.published().order_by("effective_date", "name"):
        events.append(
            Event(
                edition.effective_date,
                "edition",
                f"收录于 {edition.name} 版目录",
                f"当时名称：{_name_as_of(edition, versions, program)}",
                url=edition.get_absolute_url(),
                order=1,
            )
        )
    return sorted(events, key=lambda e: (e.date, e.order))


def _predecessor_groups(program):
    """Where the program came from, one group per adjustment: merged or split into it, or merged into it."""
    groups = {}
    links = program.predecessor_links.select_related("predecessor", "adjustment").order_by(
        "predecessor__code"
    )
    for link in links:
        group = groups.setdefault(link.adjustment_id, {"adjustment": link.adjustment, "programs": []})
        group["programs"].append(link.predecessor)
    for group in groups.values():
        group["kept_code"] = group["adjustment"].old_programs.filter(pk=program.pk).exists()
    return sorted(groups.values(), key=lambda g: (g["adjustment"].effective_date, g["adjustment"].reference))


def program_detail(request, code):
    """A program's page; a retired one keeps it, with the date, the reason and where its students went."""
    program = Program.objects.select_related("category").filter(code=code).first()
    if program is None:
        return not_found(request, f"专业代码“{code}”不存在。请检查代码，或在专业目录中按名称查找。")
    versions = list(program_versions(program))
    context = {
        "program": program,
        "successor_links": program.successor_links.select_related("successor", "adjustment").order_by(
            "successor__code"
        ),
        "predecessor_groups": _predecessor_groups(program),
        "timeline": _timeline(program, versions),
        "versions": versions,
        "sections": _extra_sections(request, program),
    }
    return render(request, "catalogue/program_detail.html", context)


def _extra_sections(request, program):
    """Sections other apps add to the program page, each {"template", "context"}: the hook
    `program_page_sections` (the textbooks app adds the standard's courses and their textbooks) keeps the
    register free of imports from the apps that build on it."""
    sections = (hook(request, program) for hook in hooks.get_hooks("program_page_sections"))
    return [section for section in sections if section]


# --- editions and comparison --------------------------------------------------------------------------------


def edition_list(request):
    """Every edition, newest first, each with a link to compare it with the one before."""
    editions = list(
        Edition.objects.published()
        .annotate(program_count=Count("programs"))
        .order_by("effective_date", "name")
    )
    rows = [{"edition": e, "previous": editions[i - 1] if i else None} for i, e in enumerate(editions)]
    rows.reverse()
    return render(request, "catalogue/edition_list.html", {"rows": rows})


def _compare_choice(request, editions):
    """(old, new, problem, status) from the GET parameters; with neither given, the two latest editions."""
    old_name, new_name = (request.GET.get(key, "").strip() for key in ("old", "new"))
    if not old_name and not new_name:
        if len(editions) < 2:
            return None, None, "至少需要两个目录版本才能比较。", 200
        return editions[1], editions[0], "", 200
    if not old_name or not new_name:
        return None, None, "请同时选择旧版本和新版本。", 400
    by_name = {e.name: e for e in editions}
    unknown = [n for n in (old_name, new_name) if n not in by_name]
    if unknown:
        problem = f"目录版本“{'”“'.join(unknown)}”不存在。现有版本：{_known_editions_text(editions)}。"
        return None, None, problem, 404
    return by_name[old_name], by_name[new_name], "", 200


def compare(request):
    """What changed between two editions, with the adjustment behind each change; also as CSV or XLSX."""
    editions = published_editions()
    old, new, problem, status = _compare_choice(request, editions)
    context = {"editions": editions, "old": old, "new": new, "problem": problem, "header": DIFF_HEADER}
    if problem:
        context.update(old_name=request.GET.get("old", ""), new_name=request.GET.get("new", ""))
        return render(request, "catalogue/compare.html", context, status=status)
    diff = diff_editions(old, new)
    filename = f"catalogue-diff-{old.name}-{new.name}"
    export = request.GET.get("format", "")
    if export == "csv":
        return _csv_response(diff, f"{filename}.csv")
    if export == "xlsx":
        return _xlsx_response(diff, f"{filename}.xlsx")
    context.update(diff=diff, same=old.pk == new.pk, old_name=old.name, new_name=new.name)
    return render(request, "catalogue/compare.html", context)


def _csv_response(diff, filename):
    return csv_download(DIFF_HEADER, (row.as_list() for row in diff.rows), filename)


def _xlsx_response(diff, filename):
    rows = (row.as_list() for row in diff.rows)
    return xlsx_download(DIFF_HEADER, rows, filename, "目录对比", (14, 12, 26, 12, 26, 12, 48))
