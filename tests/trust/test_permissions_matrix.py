"""Who may open what: one table of every public page, admin screen, review step and private file against every role.

Each cell is one test. An outcome is what the app answers:
- "ok"     200 (a page, a JSON answer or a download);
- "login"  302 to the admin login page (anonymous people, and accounts with no admin access);
- "home"   302 to the admin dashboard: Wagtail's answer to PermissionDenied for someone who may use the admin;
- "403"    a bare 403 page;
- "404"    not found: the public site does not admit an unlisted application exists.
Every answer but "ok" is a denial, and no denial (nor any public page) may carry the private application's title
or a reviewer's comments. POST steps are also tried by every denied role, and must change nothing.
"""

import datetime
import io
import json
from functools import cached_property

from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log

import openpyxl
import pytest

from catalogue.factories import (
    AdjustmentFactory,
    CategoryFactory,
    OrganisationFactory,
    ProgramFactory,
    UserFactory,
)
from catalogue.models import Adjustment, Program
from catalogue.schools import services as school_services
from catalogue.schools.admin.viewsets import (
    adoption_viewset,
    department_viewset,
    offering_viewset,
    report_viewset,
    school_viewset,
)
from catalogue.schools.factories import (
    AnnualReportFactory,
    OfferingFactory,
    ProvincialDepartmentFactory,
    ReportLineFactory,
    SchoolFactory,
)
from catalogue.schools.models import Adoption, AnnualReport, Offering, ReportLine
from catalogue.schools.provinces import Province
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ConflictDeclaration, ReviewAssignment, ReviewStage, Textbook
from catalogue.textbooks.review import services
from catalogue.wagtail_hooks import adjustment_viewset, program_viewset
from cms.consultation.factories import CommentFactory, ConsultationFactory
from cms.consultation.models import Comment, Consultation
from cms.consultation.wagtail_hooks import comment_viewset, consultation_viewset
from cms.users.roles import (
    ADMINISTRATORS,
    COMMITTEE_MEMBERS,
    PROGRAM_GROUP_MEMBERS,
    PROVINCIAL_STAFF,
    PUBLISHERS,
    REVIEWERS,
    SCHOOL_STAFF,
)
from search import indexing
from standards.factories import (
    ProgramGroupFactory,
    StandardsIndexPageFactory,
    TrainingStandardPageFactory,
    with_courses,
)
from standards.models import ProgramCourse
from standards.setup import ensure_standards_workflow

from ..standards.conftest import home  # noqa: F401 - the site root the public pages hang from

pytestmark = pytest.mark.django_db

PRIVATE_TITLE = "绝密申报教材甲"
PRIVATE_QUERY, PRIVATE_TAIL = (
    PRIVATE_TITLE[:4],
    PRIVATE_TITLE[4:],
)  # what a searcher types; what they must not see
PRIVATE_COMMENT = "评审专家内部意见乙丙丁"
PRIVATE_STANDARD_TITLE = (
    "绝密标准草稿戊"  # a draft standard of the category: its committee and administrators only
)
PRIVATE_RENAME = (
    "绝密标准改名庚"  # the unpublished new title of a published standard: a draft like the one above
)
STANDARD_SEE = {"admin", "committee_same"}
SNIPPET = "wagtailsnippets_textbooks_textbook"

ROLES = [
    "anonymous",
    "teacher",
    "publisher_a",
    "publisher_b",
    "reviewer_assigned",
    "reviewer_other",
    "committee_same",
    "committee_other",
    "admin",
    "school_a",  # staff of school A, in Guangdong (44)
    "school_b",  # staff of school B, in Jiangsu (32)
    "province_same",  # provincial staff of Guangdong: school A's province
    "province_other",  # provincial staff of Jiangsu
    "program_group",  # member of 0101's program group: drafts its training standard, approves nothing
]


class World:
    """Everyone and everything the table names; parts that cost a review walk are built only when asked for."""

    def __init__(self, site_root):
        self.site_root = site_root
        self.category = CategoryFactory(code="01", name="机械类")
        self.other_category = CategoryFactory(code="02", name="电工电子类")
        self.program = ProgramFactory(category=self.category, code="0101", name="数控加工")
        self.org_a = OrganisationFactory(name="甲出版社")
        self.org_b = OrganisationFactory(name="乙出版社")
        self.people = {
            "anonymous": None,
            "teacher": UserFactory(username="teacher"),
            "publisher_a": UserFactory(username="pub-a", groups=[PUBLISHERS], organisation=self.org_a),
            "publisher_b": UserFactory(username="pub-b", groups=[PUBLISHERS], organisation=self.org_b),
            "reviewer_assigned": UserFactory(username="reviewer1", groups=[REVIEWERS]),
            "reviewer_other": UserFactory(username="reviewer-other", groups=[REVIEWERS]),
            "committee_same": UserFactory(username="committee", groups=[COMMITTEE_MEMBERS]),
            "committee_other": UserFactory(username="committee-other", groups=[COMMITTEE_MEMBERS]),
            "admin": UserFactory(username="admin", groups=[ADMINISTRATORS]),
        }
        self.category.committee_members.add(self.people["committee_same"])
        self.other_category.committee_members.add(self.people["committee_other"])
        self.more_reviewers = [UserFactory(username=f"reviewer{i}", groups=[REVIEWERS]) for i in (2, 3)]
        self.people["program_group"] = UserFactory(username="group-member", groups=[PROGRAM_GROUP_MEMBERS])
        ProgramGroupFactory(
            name="数控加工专业组", programs=[self.program], members=[self.people["program_group"]]
        )
        self.schools()

    def schools(self):
        """School A (Guangdong) and school B (Jiangsu), each with its staff; each province with its officer."""
        people = self.people
        people["school_a"] = UserFactory(username="school-a", groups=[SCHOOL_STAFF])
        people["school_b"] = UserFactory(username="school-b", groups=[SCHOOL_STAFF])
        people["province_same"] = UserFactory(username="gd-officer", groups=[PROVINCIAL_STAFF])
        people["province_other"] = UserFactory(username="js-officer", groups=[PROVINCIAL_STAFF])
        self.school_a = SchoolFactory(
            name="甲技工学校", province=Province.GUANGDONG, staff=[people["school_a"]]
        )
        self.school_b = SchoolFactory(
            name="乙技师学院", province=Province.JIANGSU, staff=[people["school_b"]]
        )
        ProvincialDepartmentFactory(province=Province.GUANGDONG, staff=[people["province_same"]])
        ProvincialDepartmentFactory(province=Province.JIANGSU, staff=[people["province_other"]])
        self.offering_a = OfferingFactory(school=self.school_a, program=self.program)
        OfferingFactory(school=self.school_b, program=self.program)

    def application(self, title, stage):
        textbook = TextbookFactory(title=title, publisher=self.org_a, programs=[self.program])
        return self.walk(textbook, stage)

    def walk(self, textbook, stage):
        """The happy path up to `stage`, the assigned reviewer's comments being the private ones."""
        admin, steps = self.people["admin"], list(ReviewStage)
        if steps.index(stage) >= steps.index(ReviewStage.SUBMITTED):
            services.submit(textbook, self.people["publisher_a"])
        if steps.index(stage) >= steps.index(ReviewStage.EXPERT_REVIEW):
            services.format_check(textbook, admin, True, "材料齐全")
        if steps.index(stage) >= steps.index(ReviewStage.COMMITTEE):
            due = timezone.localdate() + datetime.timedelta(days=14)
            reviewers = [self.people["reviewer_assigned"], *self.more_reviewers]
            for assignment in services.assign_reviewers(textbook, reviewers, admin, due):
                services.respond(assignment, assignment.reviewer, True)
                scores = {c.pk: 87 for c in assignment.criteria_set.criteria.all()}
                services.submit_review(assignment, assignment.reviewer, scores, PRIVATE_COMMENT, "approve")
        if steps.index(stage) >= steps.index(ReviewStage.NOTICE):
            services.decide(textbook, self.people["committee_same"], "approve", "同意列入")
        textbook.refresh_from_db()
        assert textbook.review_stage == stage
        return textbook

    @cached_property
    def private(self):
        """Publisher A's application before the committee: reviewed, not public."""
        return self.application(PRIVATE_TITLE, ReviewStage.COMMITTEE)

    @cached_property
    def draft(self):
        return self.application("甲社草稿教材", ReviewStage.DRAFT)

    @cached_property
    def submitted(self):
        return self.application("甲社待审教材", ReviewStage.SUBMITTED)

    @cached_property
    def expert_review(self):
        return self.application("甲社专家评审教材", ReviewStage.EXPERT_REVIEW)

    @cached_property
    def objection(self):
        textbook = self.application("甲社公示教材", ReviewStage.NOTICE)
        return services.file_objection(textbook.notices.get(), "王老师", "wang@example.com", "第三章有错误")

    @cached_property
    def assignment(self):
        return ReviewAssignment.objects.get(textbook=self.private, reviewer=self.people["reviewer_assigned"])

    @cached_property
    def listed(self):
        return TextbookFactory(
            title="公开规划教材",
            publisher=self.org_a,
            programs=[self.program],
            live=True,
            review_stage=ReviewStage.LISTED,
        )

    @cached_property
    def consultation(self):
        return ConsultationFactory(page=self.standard, title="培养标准征求意见")

    @cached_property
    def consultation_comment(self):
        return CommentFactory(consultation=self.consultation)

    @cached_property
    def adjustment(self):
        return AdjustmentFactory(
            reference="2026-01", proposed_by=self.people["committee_same"], targets=[("0199", "智能制造")]
        )

    @cached_property
    def indexed(self):
        """The search index rebuilt from everything in the database, the private application included: what it
        holds is the index's own choice (listed titles only), so the search rows test that choice."""
        self.private, self.listed, self.standard  # noqa: B018 - built before the rebuild reads them
        indexing.rebuild()
        return self.private

    @cached_property
    def standards_index(self):
        index = StandardsIndexPageFactory(parent=self.site_root)
        ensure_standards_workflow(index)
        return index

    @cached_property
    def standard(self):
        page = TrainingStandardPageFactory(parent=self.standards_index, program=self.program)
        with_courses(page)
        page.save_revision().publish()
        return type(page).objects.get(pk=page.pk)

    @cached_property
    def private_standard(self):
        """A draft standard of the category, never published, created as the editor does (logged)."""
        program = ProgramFactory(category=self.category, code="0102", name="焊接加工")
        page = TrainingStandardPageFactory(
            parent=self.standards_index, program=program, title=PRIVATE_STANDARD_TITLE, slug="draft-standard"
        )
        log(page, "wagtail.create", user=self.people["committee_same"])
        page.save_revision(user=self.people["committee_same"], log_action=True)
        self.renamed_standard  # noqa: B018 - built alongside: every row that can show a draft shows both
        return page

    @cached_property
    def renamed_standard(self):
        """A published standard whose unpublished draft renames it: the new title is a draft's too."""
        program = ProgramFactory(category=self.category, code="0103", name="钳工")
        page = TrainingStandardPageFactory(
            parent=self.standards_index, program=program, title="钳工培养标准", slug="renamed-standard"
        )
        page.save_revision().publish()
        page = type(page).objects.get(pk=page.pk)
        page.title = PRIVATE_RENAME
        page.save_revision(user=self.people["committee_same"], log_action=True)
        return page

    def report(self, school, year):
        report = AnnualReportFactory(school=school, year=year)
        ReportLineFactory(report=report, program=self.program)
        return report

    @cached_property
    def draft_report(self):
        """School A's report being filled in: the school edits and submits it."""
        return self.report(self.school_a, 2025)

    @cached_property
    def submitted_report(self):
        """School A's report waiting for Guangdong: the province approves or returns it."""
        return school_services.submit_report(self.report(self.school_a, 2024), self.people["school_a"])

    @cached_property
    def adoption_a(self):
        course = ProgramCourse.objects.create(program=self.program, code="K01", name="零件加工")
        return Adoption.objects.create(
            school=self.school_a, term="2025-2026-1", course=course, other_title="自编讲义", students=40
        )

    @cached_property
    def logged(self):
        """The private application and standard, each with the log entries their editors' saves leave."""
        log(self.private, "wagtail.create", user=self.people["publisher_a"])
        log(self.private, "wagtail.edit", user=self.people["publisher_a"])
        return self.private_standard


def review(name, textbook="private"):
    return lambda w: reverse(f"textbook_review:{name}", args=[getattr(w, textbook).pk])


ALL = {role: "ok" for role in ROLES}
ADMIN_USERS = ["publisher_a", "publisher_b", "reviewer_assigned", "reviewer_other"]
ADMIN_USERS += ["committee_same", "committee_other", "admin"]
SCHOOL_ROLES = ["school_a", "school_b", "province_same", "province_other"]
ADMIN_USERS += [*SCHOOL_ROLES, "program_group"]


def only(allowed, denied="home"):
    """`allowed` roles get the page, anonymous and the teacher (no admin access) the login page, others `denied`."""
    row = {role: ("ok" if role in allowed else denied) for role in ADMIN_USERS}
    return {"anonymous": "login", "teacher": "login", **row}


SEE = {"admin", "publisher_a", "reviewer_assigned", "committee_same"}
SCHOOLS_SEE = {"admin", *SCHOOL_ROLES}  # the register's lists: each role's scope within
A_SEE = {"admin", "school_a", "province_same"}  # school A's records
A_WRITE = {"admin", "school_a"}
HAS_SCHOOL = {"admin", "school_a", "school_b"}  # may add records for a school of their own


def schools(viewset, name, record=None):
    if record is None:
        return lambda w: reverse(viewset.get_url_name(name))
    return lambda w: reverse(viewset.get_url_name(name), args=[getattr(w, record).pk])


# view → (url of the object the row is about, expected outcome per role). The table is the specification.
MATRIX = {
    # public site
    "home": (lambda w: w.site_root.url, ALL),
    "catalogue": (lambda w: reverse("catalogue:index"), ALL),
    "program page": (lambda w: reverse("catalogue:program", args=[w.program.code]), ALL),
    "textbook list": (lambda w: reverse("textbooks:list"), ALL),
    "textbook page": (lambda w: reverse("textbooks:detail", args=[w.listed.isbn]), ALL),
    "unlisted application's public page": (
        lambda w: reverse("textbooks:detail", args=[w.private.isbn]),
        dict.fromkeys(ROLES, "404"),
    ),
    "textbook progress": (lambda w: reverse("textbooks:progress"), ALL),
    "textbook notices": (lambda w: reverse("textbooks:notices"), ALL),
    "standards index": (lambda w: w.standard.get_parent().url, ALL),
    "standard page": (lambda w: w.standard.url, ALL),
    "search page": (lambda w: reverse("search:page") + f"?q={PRIVATE_QUERY}&_={w.indexed.pk}", ALL),
    "search api": (lambda w: reverse("search:api") + f"?q={PRIVATE_QUERY}&_={w.indexed.pk}", ALL),
    "search suggest": (lambda w: reverse("search:suggest") + f"?q=绝密&_={w.indexed.pk}", ALL),
    "api categories": (lambda w: "/api/v1/categories", ALL),
    "api programs": (lambda w: "/api/v1/programs", ALL),
    "api program": (lambda w: f"/api/v1/programs/{w.program.code}", ALL),
    "api editions": (lambda w: "/api/v1/editions", ALL),
    "api textbooks": (lambda w: "/api/v1/textbooks", ALL),
    "api listed textbook": (lambda w: f"/api/v1/textbooks/{w.listed.isbn}", ALL),
    "api unlisted application": (
        lambda w: f"/api/v1/textbooks/{w.private.isbn}",
        dict.fromkeys(ROLES, "404"),
    ),
    "api standards": (lambda w: "/api/v1/standards", ALL),
    "api curriculum trace": (lambda w: "/api/v1/curriculum/trace", ALL),
    "api search": (lambda w: f"/api/v1/search?q={PRIVATE_QUERY}", ALL),
    "statistics": (lambda w: reverse("statistics:overview") + f"?_={w.private.pk}", ALL),
    "statistics csv": (lambda w: reverse("statistics:csv", args=["textbooks-by-batch"]), ALL),
    "statistics csv (review pipeline)": (
        lambda w: reverse("statistics:csv", args=["review-stages"]),
        dict.fromkeys(ROLES, "404"),
    ),
    # admin
    "admin entry": (lambda w: reverse("wagtailadmin_home"), only(set(ADMIN_USERS))),
    "application list": (lambda w: reverse(f"{SNIPPET}:list"), only({"admin", "publisher_a", "publisher_b"})),
    "application add": (lambda w: reverse(f"{SNIPPET}:add"), only({"admin", "publisher_a", "publisher_b"})),
    "application edit (draft)": (
        lambda w: reverse(f"{SNIPPET}:edit", args=[w.draft.pk]),
        only({"admin", "publisher_a"}),
    ),
    "application edit (under review)": (
        lambda w: reverse(f"{SNIPPET}:edit", args=[w.private.pk]),
        only({"admin"}),
    ),
    "application history": (
        lambda w: reverse(f"{SNIPPET}:history", args=[w.private.pk]),
        only({"admin", "publisher_a"}),
    ),
    "application usage": (
        lambda w: reverse(f"{SNIPPET}:usage", args=[w.private.pk]),
        only({"admin", "publisher_a"}),
    ),
    "standard history (draft)": (
        lambda w: reverse("wagtailadmin_pages:history", args=[w.private_standard.pk]),
        only(STANDARD_SEE),
    ),
    "standard usage (draft)": (
        lambda w: reverse("wagtailadmin_pages:usage", args=[w.private_standard.pk]),
        only(STANDARD_SEE),
    ),
    "review detail": (review("detail"), only(SEE)),
    "review submit": (review("submit", "draft"), only({"admin", "publisher_a"})),
    "review withdraw": (review("withdraw"), only({"publisher_a"})),
    "review format check": (review("format_check", "submitted"), only({"admin"})),
    "review assign": (review("assign", "expert_review"), only({"admin"})),
    "review assignment": (
        lambda w: reverse("textbook_review:assignment", args=[w.assignment.pk]),
        only({"reviewer_assigned"}),
    ),
    "review decide": (review("decide"), only({"admin", "committee_same"})),
    "review close notice": (
        lambda w: reverse("textbook_review:close_notice", args=[w.objection.notice.textbook.pk]),
        only({"admin"}),
    ),
    "review objection": (
        lambda w: reverse("textbook_review:resolve_objection", args=[w.objection.pk]),
        only({"admin"}),
    ),
    "sample PDF": (lambda w: reverse("textbook_review:file", args=[w.private.pk, "sample"]), only(SEE)),
    "TOC PDF": (lambda w: reverse("textbook_review:file", args=[w.private.pk, "toc"]), only(SEE)),
    "program edit": (
        lambda w: reverse(program_viewset.get_url_name("edit"), args=[w.program.pk]),
        only({"admin", "committee_same"}),
    ),
    "adjustment approve": (
        lambda w: reverse(adjustment_viewset.get_url_name("approve"), args=[w.adjustment.pk]),
        only({"admin"}),
    ),
    "adjustment reject": (
        lambda w: reverse(adjustment_viewset.get_url_name("reject"), args=[w.adjustment.pk]),
        only({"admin"}),
    ),
    "standard edit": (
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.standard.pk]),
        only({"admin", "committee_same", "program_group"}),
    ),
    "admin statistics": (lambda w: reverse("statistics_admin:index") + f"?_={w.private.pk}", only({"admin"})),
    "admin statistics csv": (
        lambda w: reverse("statistics_admin:csv", args=["review-stages"]),
        only({"admin"}),
    ),
    "review flags": (
        lambda w: reverse("textbook_review:flags"),
        only({"admin", "publisher_a", "publisher_b"}),
    ),
    "site history": (
        lambda w: reverse("wagtailadmin_reports:site_history") + f"?_={w.logged.pk}",
        only(set(ADMIN_USERS)),
    ),
    "site history csv": (
        lambda w: reverse("wagtailadmin_reports:site_history") + f"?export=csv&_={w.logged.pk}",
        only(set(ADMIN_USERS)),
    ),
    "site history xlsx": (
        lambda w: reverse("wagtailadmin_reports:site_history") + f"?export=xlsx&_={w.logged.pk}",
        only(set(ADMIN_USERS)),
    ),
    "page chooser": (
        lambda w: reverse("wagtailadmin_choose_page_child", args=[w.private_standard.get_parent().pk]),
        only(set(ADMIN_USERS)),
    ),
    "page chooser search": (
        lambda w: reverse("wagtailadmin_choose_page_search") + f"?q=绝密标准&_={w.private_standard.pk}",
        only(set(ADMIN_USERS)),
    ),
    "admin pages api": (
        lambda w: (w.private_standard, "/admin/api/main/pages/")[1],  # built first, then listed
        only(set(ADMIN_USERS)),
    ),
    "admin pages api (draft standard)": (
        lambda w: f"/admin/api/main/pages/{w.private_standard.pk}/",
        only(STANDARD_SEE, "404"),
    ),
    "admin page search": (
        lambda w: reverse("wagtailadmin_pages:search") + f"?q=绝密标准&_={w.private_standard.pk}",
        only({"admin", "committee_same", "committee_other", "program_group"}),
    ),
    "bulk delete confirmation (application)": (
        lambda w: (
            reverse("wagtail_bulk_action", args=["textbooks", "textbook", "delete"]) + f"?id={w.private.pk}"
        ),
        only(set(ADMIN_USERS)),
    ),
    "bulk publish confirmation (draft standard)": (
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
            + f"?id={w.private_standard.pk}"
        ),
        only(set(ADMIN_USERS)),
    ),
    # admin: the schools register (技工院校)
    "school list": (schools(school_viewset, "index"), only(SCHOOLS_SEE)),
    "school add": (schools(school_viewset, "add"), only({"admin"})),
    "school inspect (A)": (schools(school_viewset, "inspect", "school_a"), only(A_SEE)),
    "school edit (A)": (schools(school_viewset, "edit", "school_a"), only({"admin"})),
    "department list": (schools(department_viewset, "index"), only({"admin"})),
    "offering list": (schools(offering_viewset, "index"), only(SCHOOLS_SEE)),
    "offering add": (schools(offering_viewset, "add"), only(HAS_SCHOOL)),
    "offering inspect (A)": (schools(offering_viewset, "inspect", "offering_a"), only(A_SEE)),
    "offering edit (A)": (schools(offering_viewset, "edit", "offering_a"), only(A_WRITE)),
    "report list": (schools(report_viewset, "index"), only(SCHOOLS_SEE)),
    "report add": (schools(report_viewset, "add"), only(HAS_SCHOOL)),
    "report inspect (A)": (schools(report_viewset, "inspect", "submitted_report"), only(A_SEE)),
    "report history (A)": (schools(report_viewset, "history", "submitted_report"), only(A_SEE)),
    "report edit (A, draft)": (schools(report_viewset, "edit", "draft_report"), only(A_WRITE)),
    "report edit (A, submitted)": (schools(report_viewset, "edit", "submitted_report"), only(set())),
    "report submit (A)": (schools(report_viewset, "submit", "draft_report"), only(A_WRITE)),
    "report approve (A)": (
        schools(report_viewset, "approve", "submitted_report"),
        only({"admin", "province_same"}),
    ),
    "report return (A)": (
        schools(report_viewset, "return", "submitted_report"),
        only({"admin", "province_same"}),
    ),
    "report upload": (
        lambda w: reverse("schools_import_reports"),
        only({"admin", "province_same", "province_other"}),
    ),
    "report export": (
        lambda w: reverse("schools_export_reports") + "?year=2025&format=csv",
        only(SCHOOLS_SEE),
    ),
    "adoption list": (schools(adoption_viewset, "index"), only(SCHOOLS_SEE)),
    "adoption add": (schools(adoption_viewset, "add"), only({"school_a", "school_b"})),
    "adoption inspect (A)": (schools(adoption_viewset, "inspect", "adoption_a"), only(A_SEE)),
    "adoption edit (A)": (schools(adoption_viewset, "edit", "adoption_a"), only({"school_a"})),
    "adoption delete (A)": (schools(adoption_viewset, "delete", "adoption_a"), only({"school_a"})),
    "conflict declarations": (
        lambda w: reverse("textbook_review:conflicts") + f"?_={w.private.pk}",
        only({"reviewer_assigned", "reviewer_other"}),
    ),
    # 征求意见: public pages; the admin for committees (their category's consultations) and administrators
    "consultations": (lambda w: reverse("consultation:index"), ALL),
    "consultation page": (lambda w: reverse("consultation:detail", args=[w.consultation.pk]), ALL),
    "consultation add": (
        lambda w: reverse(consultation_viewset.get_url_name("add")),
        only({"admin", "committee_same", "committee_other"}),
    ),
    "consultation edit": (
        lambda w: reverse(consultation_viewset.get_url_name("edit"), args=[w.consultation.pk]),
        only({"admin", "committee_same"}),
    ),
    "consultation comments": (
        lambda w: reverse(comment_viewset.get_url_name("index")) + f"?consultation={w.consultation.pk}",
        only({"admin", "committee_same", "committee_other"}),
    ),
    "consultation comment moderation": (
        lambda w: reverse(comment_viewset.get_url_name("edit"), args=[w.consultation_comment.pk]),
        only({"admin", "committee_same"}),
    ),
}
PUBLIC_VIEWS = {view for view, (_, expected) in MATRIX.items() if expected["anonymous"] != "login"}


@pytest.fixture
def world(home, settings, tmp_path):  # noqa: F811 - `home` is the standards conftest fixture imported above
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return World(home)


def outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return "login"
        if location == reverse("wagtailadmin_home"):
            return "home"
        return f"302 → {location}"
    return str(response.status_code) if response.status_code != 200 else "ok"


def body(response):
    """The text a reader gets: JSON re-read, since /api/v1/ escapes Chinese (\\u7edd…) and would hide a leak, and a
    workbook's cells, which the zip would hide."""
    content = (
        b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    )
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/json"):
        return json.dumps(json.loads(content), ensure_ascii=False).encode()
    if content_type.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        rows = (row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))
        return "\n".join(" ".join(str(cell) for cell in row) for row in rows).encode()
    return content


def as_role(client, world, role):
    if world.people[role] is not None:
        client.force_login(world.people[role])
    return client


@pytest.mark.parametrize(
    ("view", "role"), [(view, role) for view in MATRIX for role in ROLES], ids=lambda value: value
)
def test_cell(client, world, view, role):
    make_url, expected = MATRIX[view]
    url = make_url(world)
    response = as_role(client, world, role).get(url)
    assert outcome(response) == expected[role], (view, role, url)
    content = body(response).decode(errors="replace")
    if expected[role] != "ok" or role not in SEE or view in PUBLIC_VIEWS:
        # The tail too: a search result would show the title with the typed part highlighted.
        assert PRIVATE_TITLE not in content and PRIVATE_TAIL not in content
        assert PRIVATE_COMMENT not in content
    if expected[role] != "ok" or role not in STANDARD_SEE or view in PUBLIC_VIEWS:
        assert PRIVATE_STANDARD_TITLE not in content and PRIVATE_RENAME not in content
    if view in ("sample PDF", "TOC PDF") and expected[role] == "ok":
        assert content.startswith("%PDF-") and response["Content-Type"] == "application/pdf"


def test_search_rows_search_a_real_index(client, world):
    """The index the search rows query does hold the listed title, so not finding the private one means something."""
    world.indexed  # noqa: B018
    for url in (reverse("search:api") + "?q=公开规划", "/api/v1/search?q=公开规划"):
        assert "公开规划教材" in body(client.get(url)).decode(), url


# --- POST steps: a denied role's POST changes nothing ------------------------------------------------------------


def snapshot(world):
    return {
        "textbooks": sorted(Textbook.objects.values_list("pk", "review_stage", "review_round")),
        "assignments": sorted(ReviewAssignment.objects.values_list("pk", "status")),
        "adjustments": sorted(Adjustment.objects.values_list("pk", "status", "decision_note")),
        "programs": sorted(Program.objects.values_list("code", "name", "status")),
        "reports": sorted(AnnualReport.objects.values_list("pk", "status", "return_reason")),
        "report lines": sorted(ReportLine.objects.values_list("pk", "program", "level", "enrolment")),
        "offerings": sorted(Offering.objects.values_list("pk", "school", "program", "withdrawn_year")),
        "adoptions": sorted(Adoption.objects.values_list("pk", "students")),
        "consultations": sorted(Consultation.objects.values_list("pk", "title", "closes_at")),
        "consultation comments": sorted(Comment.objects.values_list("pk", "status")),
    }


def report_form(report, enrolment):
    """The edit form as the school posts it: the report's one line with a new enrolment."""
    line = report.lines.get()
    return {
        "school": report.school_id,
        "year": report.year,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-id": line.pk,
        "lines-0-program": line.program_id,
        "lines-0-level": line.level,
        "lines-0-enrolment": enrolment,
        "lines-0-students": line.students,
        "lines-0-graduates": line.graduates,
        "lines-0-employment_rate": line.employment_rate,
    }


def status_of(report):
    return AnnualReport.objects.get(pk=report.pk).status


POSTS = {
    "adjustment approve": (
        lambda w: {"edition_name": "2026"},
        lambda w: Adjustment.objects.get(pk=w.adjustment.pk).status == Adjustment.Status.APPROVED,
    ),
    "adjustment reject": (
        lambda w: {"decision_note": "理由不足"},
        lambda w: Adjustment.objects.get(pk=w.adjustment.pk).status == Adjustment.Status.REJECTED,
    ),
    "review format check": (
        lambda w: {"outcome": "pass", "reason": "材料齐全"},
        lambda w: Textbook.objects.get(pk=w.submitted.pk).review_stage == ReviewStage.EXPERT_REVIEW,
    ),
    "review assign": (
        lambda w: {
            "reviewers": [w.people["reviewer_other"].pk, *[r.pk for r in w.more_reviewers]],
            "due_date": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        },
        lambda w: ReviewAssignment.objects.filter(textbook=w.expert_review).count() == 3,
    ),
    "review decide": (
        lambda w: {"outcome": "approve", "reasons": "同意列入"},
        lambda w: Textbook.objects.get(pk=w.private.pk).review_stage == ReviewStage.NOTICE,
    ),
}
POSTS |= {
    "report submit (A)": (
        lambda w: {},
        lambda w: status_of(w.draft_report) == AnnualReport.Status.SUBMITTED,
    ),
    "report approve (A)": (
        lambda w: {},
        lambda w: status_of(w.submitted_report) == AnnualReport.Status.APPROVED,
    ),
    "report return (A)": (
        lambda w: {"reason": "请核对毕业生人数"},
        lambda w: status_of(w.submitted_report) == AnnualReport.Status.RETURNED,
    ),
    "report edit (A, draft)": (
        lambda w: report_form(w.draft_report, 777),
        lambda w: w.draft_report.lines.get().enrolment == 777,
    ),
    "report edit (A, submitted)": (lambda w: report_form(w.submitted_report, 777), None),
    "offering edit (A)": (
        lambda w: {
            "school": w.school_a.pk,
            "offers_intermediate": "on",
            "offers_advanced": "on",
            "since_year": "2015",
            "withdrawn_year": "2025",
        },
        lambda w: Offering.objects.get(pk=w.offering_a.pk).withdrawn_year == 2025,
    ),
    "adoption edit (A)": (
        lambda w: {
            "school": w.school_a.pk,
            "term": "2025-2026-1",
            "course": w.adoption_a.course_id,
            "other_title": "自编讲义",
            "students": "55",
        },
        lambda w: Adoption.objects.get(pk=w.adoption_a.pk).students == 55,
    ),
    "consultation edit": (
        lambda w: {
            "title": "改过的征求意见标题",
            "explanation": "说明",
            "opens_at": f"{timezone.localtime(w.consultation.opens_at):%Y-%m-%d %H:%M}",
            "closes_at": f"{timezone.localtime() + datetime.timedelta(days=30):%Y-%m-%d %H:%M}",
        },
        lambda w: Consultation.objects.get(pk=w.consultation.pk).title == "改过的征求意见标题",
    ),
    "consultation comment moderation": (
        lambda w: {"status": "approved"},
        lambda w: Comment.objects.get(pk=w.consultation_comment.pk).status == Comment.Status.APPROVED,
    ),
}
#: Who makes the "allowed" POST of a row (administrators unless named): the role the step is for.
POSTER = {
    "review decide": "committee_same",
    "report submit (A)": "school_a",
    "report approve (A)": "province_same",
    "report return (A)": "province_same",
    "report edit (A, draft)": "school_a",
    "offering edit (A)": "school_a",
    "adoption edit (A)": "school_a",
    "consultation edit": "committee_same",
    "consultation comment moderation": "committee_same",
}
POST_DENIED = [(view, role) for view in POSTS for role, result in MATRIX[view][1].items() if result != "ok"]


@pytest.mark.parametrize(("view", "role"), POST_DENIED, ids=lambda value: value)
def test_denied_post_changes_nothing(client, world, view, role):
    make_url, expected = MATRIX[view]
    url = make_url(world)
    data, _done = POSTS[view]
    before = snapshot(world)
    response = as_role(client, world, role).post(url, data(world))
    assert outcome(response) == expected[role], (view, role)
    assert snapshot(world) == before


@pytest.mark.parametrize("view", [view for view, (_, done) in POSTS.items() if done is not None])
def test_allowed_post_takes_effect(client, world, view):
    """The same POST by a permitted role does change the record, so the refusals above are refusals."""
    make_url, expected = MATRIX[view]
    url = make_url(world)
    role = POSTER.get(view, "admin")
    data, done = POSTS[view]
    response = as_role(client, world, role).post(url, data(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert done(world)


# --- the conflict form: declaring an ISBN tells nothing about it --------------------------------------------------

UNKNOWN_ISBN = "9787111000006"  # a valid ISBN-13 no application has


@pytest.mark.parametrize("role", ROLES)
def test_conflict_form_answers_alike_for_a_private_and_an_unknown_isbn(client, world, role):
    """Whether the ISBN is an application's or nobody's, every role gets the same outcome and no title; a reviewer's
    declaration is kept as typed either way, so assignment can still match it later."""
    url = reverse("textbook_review:conflicts")
    as_role(client, world, role)
    outcomes = []
    for isbn in (world.private.isbn, UNKNOWN_ISBN):
        response = client.post(url, {"isbn": isbn, "reason": "曾参编"}, follow=True)
        outcomes.append((response.status_code, response.redirect_chain))
        content = body(response).decode(errors="replace")
        if role not in SEE:  # the others' dashboards, where a denial lands, rightly list the title
            assert PRIVATE_TITLE not in content and PRIVATE_TAIL not in content, (role, isbn)
    assert outcomes[0] == outcomes[1], role
    declared = set(ConflictDeclaration.objects.values_list("isbn", flat=True))
    if role.startswith("reviewer"):
        assert declared == {world.private.isbn, UNKNOWN_ISBN}
    else:
        assert not declared


# --- the site history: each role still sees its own objects' entries ---------------------------------------------


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        ("admin", {PRIVATE_TITLE, PRIVATE_STANDARD_TITLE}),
        ("publisher_a", {PRIVATE_TITLE}),
        ("committee_same", {PRIVATE_TITLE, PRIVATE_STANDARD_TITLE}),
    ],
)
def test_site_history_keeps_what_a_role_may_see(client, world, role, titles):
    """The rows above prove what is hidden; these, that the narrowed report is not simply empty."""
    world.logged  # noqa: B018
    url = reverse("wagtailadmin_reports:site_history")
    for response in (as_role(client, world, role).get(url), client.get(url, {"export": "csv"})):
        content = body(response).decode()
        assert all(title in content for title in titles), (role, titles)


# --- the schools register: forged decisions and each school's history ----------------------------------------------


@pytest.mark.parametrize("step", ["approve", "return"])
def test_another_provinces_officer_cannot_decide_a_report_with_a_forged_post(client, world, step):
    report = world.submitted_report
    url = reverse(report_viewset.get_url_name(step), args=[report.pk])
    response = as_role(client, world, "province_other").post(url, {"reason": "伪造的退回"})
    assert outcome(response) == "home"
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED and report.decided_by is None
    assert report.return_reason == ""


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("school_a", "甲技工学校", "乙技师学院"),
        ("province_same", "甲技工学校", "乙技师学院"),
        ("school_b", "乙技师学院", "甲技工学校"),
        ("province_other", "乙技师学院", "甲技工学校"),
    ],
)
def test_site_history_shows_each_school_role_its_own_schools_only(client, world, role, own, other):
    for school, staff in ((world.school_a, "school_a"), (world.school_b, "school_b")):
        report = world.report(school, 2023)
        log(report, "schools.report.submit", user=world.people[staff])
    url = reverse("wagtailadmin_reports:site_history")
    for response in (as_role(client, world, role).get(url), client.get(url, {"export": "csv"})):
        content = body(response).decode()
        assert f"{own} 2023 年专业年报" in content and other not in content, role
