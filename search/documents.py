"""One declaration per kind of search document: its fields and weights, facets, and which objects are public.

Both engines read these declarations: the embedded engine maps weights A–D to FTS5 column weights or tsvector
weights, the Elasticsearch engine to field boosts. Every declaration is always registered; each names its model
by app label (`model_label`) and resolves it through the app registry when used, so this module imports no app's
models and can be imported before the apps are ready (a renamed or missing model fails loudly on first use rather
than silently dropping its documents from search).
"""

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.apps import apps
from django.db.models import Q
from django.urls import reverse

WEIGHTS = {"A": 10.0, "B": 6.0, "C": 2.5, "D": 1.0}


@dataclass(frozen=True)
class Field:
    """An indexed field. `short` adds single characters; `pinyin` adds syllables; weight is A (title) to D (body)."""

    name: str
    label: str
    weight: str = "C"
    short: bool = False
    pinyin: bool = False


@dataclass(frozen=True)
class Facet:
    """A facet: `name` is the index field and the URL/API parameter, `label` its heading on the page.

    `parameter` describes the parameter's value in the API documentation when the label alone does not
    (a code or an id rather than a name).
    """

    name: str
    label: str
    parameter: str = ""

    @property
    def parameter_label(self):
        return self.parameter or self.label


# Every facet, declared once; the declarations below pick theirs. The Elasticsearch mapping's keyword fields, the
# search page's filter parameters and the API's facet parameters are all `FACETS` (see `facet_names()`).
TYPE = Facet("type", "类型", "文档类型")
KIND = Facet("kind", "教材类型")
LEVEL = Facet("level", "培养层次")
CATEGORY = Facet("category", "专业大类", "专业大类代码")
PROGRAM = Facet("program", "专业", "专业代码")
PUBLISHER = Facet("publisher", "出版社")
BATCH = Facet("batch", "批次")


@dataclass
class Prepared:
    """A document ready for any engine: original text per field, facet values, and what a result shows."""

    doc_type: str
    object_id: str
    key: str
    title: str
    url: str
    sort_key: str
    year: int | None
    fields: dict
    facets: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


class DocumentType:
    """Base declaration; subclasses name the model and say how one object becomes a `Prepared` document."""

    doc_type = ""
    label = ""
    model_label = ""
    fields = ()
    facets = (TYPE,)

    def model(self):
        return apps.get_model(self.model_label)

    def indexable(self):
        raise NotImplementedError

    def prepare(self, obj):
        raise NotImplementedError

    def public_filter(self):
        """`indexable()`'s condition as a Q on the model (rows failing it are not in the index)."""
        raise NotImplementedError

    def private_filter(self):
        """The rows `public_filter` leaves out (a declaration may spell it so that the database can use an index)."""
        return ~self.public_filter()

    def prepare_batch(self, objs):
        """`prepare` for many objects at once (a declaration may load what they share in one query)."""
        return [self.prepare(obj) for obj in objs]

    def field(self, name):
        return next(f for f in self.fields if f.name == name)


class ProgramRow(NamedTuple):
    """What a textbook's document says of each of its programs."""

    code: str
    name: str
    category_code: str
    category_name: str


@lru_cache(maxsize=1)
def _textbook_url_pattern():
    marker = "0000000000000"
    return reverse("textbooks:detail", args=[marker]), marker


def textbook_url(isbn):
    """The textbook page's address: URL reversing once, not once per title of a 150,000-title rebuild."""
    pattern, marker = _textbook_url_pattern()
    return pattern.replace(marker, isbn)


def _label(model, name, value):
    """A choice's label (what `get_FOO_display` gives) from a table built once per field."""
    return _choices(model, name).get(value, value)


@lru_cache(maxsize=32)
def _choices(model, name):
    return {key: str(label) for key, label in model._meta.get_field(name).flatchoices}


class TextbookDocument(DocumentType):
    doc_type = "textbook"
    label = "教材"
    model_label = "textbooks.Textbook"
    fields = (
        Field("title", "书名", "A", short=True, pinyin=True),
        Field("course", "课程", "B", short=True, pinyin=True),
        Field("worldskills", "世赛项目", "B", short=True),
        Field("programs", "适用专业", "C", pinyin=True),
        Field("level", "层次", "C", short=True),
        Field("series", "丛书", "C"),
        Field("publisher", "出版社", "C"),
        Field("kind", "类型", "C"),
        Field("editors", "主编", "C", short=True),
        Field("isbn", "ISBN", "C"),
        Field("batch", "批次", "D"),
        Field("description", "简介", "D"),
    )
    facets = (TYPE, KIND, LEVEL, CATEGORY, PROGRAM, PUBLISHER, BATCH)

    def indexable(self):
        """Only what the public list shows: live and listed; drafts and titles under review never."""
        return self.model().objects.listed().select_related("publisher", "batch")

    def public_filter(self):
        from catalogue.textbooks.models.textbooks import listed_condition

        return listed_condition()

    def private_filter(self):
        from catalogue.textbooks.models.textbooks import unlisted_condition

        return unlisted_condition()

    def prepare_batch(self, books):
        """The programs of a whole batch in two queries, as plain rows (a rebuild of 150,000 titles would
        otherwise build a program instance per link)."""
        through = self.model().programs.through
        links = through.objects.filter(textbook_id__in=[book.pk for book in books]).values_list(
            "textbook_id", "program_id"
        )
        links = list(links)
        programs = {
            row[0]: ProgramRow(*row[1:])
            for row in apps.get_model("catalogue.Program")
            .objects.filter(pk__in={program_id for _, program_id in links})
            .values_list("pk", "code", "name", "category__code", "category__name")
        }
        by_book = {}
        for book_id, program_id in links:
            by_book.setdefault(book_id, []).append(programs[program_id])
        return [self.prepare(book, sorted(by_book.get(book.pk, []))) for book in books]

    def prepare(self, book, programs=None):
        level, kind = _label(type(book), "level", book.level), _label(type(book), "kind", book.kind)
        if programs is None:
            programs = sorted(
                ProgramRow(p.code, p.name, p.category.code, p.category.name)
                for p in book.programs.select_related("category")
            )
        categories = {p.category_code: p.category_name for p in programs}
        return Prepared(
            doc_type=self.doc_type,
            object_id=str(book.pk),
            key=book.isbn,
            title=book.title,
            url=textbook_url(book.isbn),
            sort_key=book.isbn,
            year=book.year,
            fields={
                "title": book.title,
                "course": book.course,
                "worldskills": book.worldskills_item,
                "programs": " ".join(f"{p.name} {p.code}" for p in programs)
                + " "
                + " ".join(categories.values()),
                "level": level,
                "series": book.series,
                "publisher": book.publisher.name,
                "kind": kind,
                "editors": " ".join(book.editors or []),
                "isbn": book.isbn,
                "batch": book.batch.name if book.batch else "",
                "description": book.description,
            },
            facets=[
                ("type", self.doc_type, self.label),
                ("kind", book.kind, kind),
                ("level", book.level, level),
                ("publisher", str(book.publisher_id), book.publisher.name),
                *([("batch", str(book.batch_id), book.batch.name)] if book.batch else []),
                *[("category", code, name) for code, name in categories.items()],
                *[("program", p.code, p.name) for p in programs],
            ],
            extra={"publisher": book.publisher.name, "level": level, "isbn": book.isbn},
        )


class ProgramDocument(DocumentType):
    doc_type = "program"
    label = "专业"
    model_label = "catalogue.Program"
    fields = (
        Field("title", "专业名称", "A", short=True, pinyin=True),
        Field("courses", "核心课程", "B", short=True, pinyin=True),
        Field("occupations", "对应职业", "B", short=True),
        Field("category", "专业大类", "C", short=True),
        Field("code", "专业代码", "C"),
        Field("levels", "层次", "C", short=True),
        Field("description", "简介", "D"),
    )
    facets = (TYPE, CATEGORY, LEVEL)

    def indexable(self):
        """Every program, retired ones too: a retired program keeps its public page with its successors."""
        return self.model().objects.select_related("category")

    def public_filter(self):
        return Q()

    def prepare(self, program):
        return Prepared(
            doc_type=self.doc_type,
            object_id=str(program.pk),
            key=program.code,
            title=program.name,
            url=program.get_absolute_url(),
            sort_key=program.code,
            year=program.since,
            fields={
                "title": program.name,
                "courses": " ".join(program.core_courses or []),
                "occupations": " ".join(program.occupations or []),
                "category": program.category.name,
                "code": program.code,
                "levels": " ".join(program.level_labels),
                "description": program.description,
            },
            facets=[
                ("type", self.doc_type, self.label),
                ("category", program.category.code, program.category.name),
                *[(("level", str(level), level.label)) for level in program.levels],
            ],
            extra={"code": program.code, "status": program.get_status_display()},
        )


class StandardDocument(DocumentType):
    """Training standards (standards.TrainingStandardPage): only live pages, never drafts or pages in review."""

    doc_type = "standard"
    label = "培养标准"
    model_label = "standards.TrainingStandardPage"
    fields = (
        Field("title", "标题", "A", short=True, pinyin=True),
        Field("program", "专业", "B", short=True, pinyin=True),
        Field("info", "专业信息", "D"),
        Field("course_setup", "课程设置", "D"),
    )
    facets = (TYPE, CATEGORY, PROGRAM)

    def indexable(self):
        return self.model().objects.live().select_related("program__category")

    def public_filter(self):
        return Q(live=True)

    def prepare(self, page):
        program = page.program
        return Prepared(
            doc_type=self.doc_type,
            object_id=str(page.pk),
            key=program.code,
            title=page.title,
            url=page.url or "",
            sort_key=program.code,
            year=None,
            fields={
                "title": page.title,
                "program": f"{program.name} {program.code}",
                "info": getattr(page, "info", ""),
                "course_setup": getattr(page, "course_setup", ""),
            },
            facets=[
                ("type", self.doc_type, self.label),
                ("category", program.category.code, program.category.name),
                ("program", program.code, program.name),
            ],
            extra={"code": program.code},
        )


DECLARATIONS = (TextbookDocument, ProgramDocument, StandardDocument)
# The facets of every declaration, in declaration order, each once.
FACETS = tuple({facet.name: facet for declaration in DECLARATIONS for facet in declaration.facets}.values())


def facet_names():
    """The facet names: Elasticsearch keyword fields, search page and API filter parameters."""
    return tuple(facet.name for facet in FACETS)


_REGISTRY = {declaration.doc_type: declaration() for declaration in DECLARATIONS}


def registry():
    """Every declaration, by doc_type."""
    return dict(_REGISTRY)


def get(doc_type):
    return registry()[doc_type]


def for_model(model):
    """The declaration indexing this model (or a subclass of it), or None."""
    for declaration in registry().values():
        if issubclass(model, declaration.model()):
            return declaration
    return None
