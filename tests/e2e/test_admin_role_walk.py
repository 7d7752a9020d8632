"""The role walk: every role opens its main admin screens at desktop (1366 px) and phone (390 px) width, and no
screen shows an English UI word or logs a console error.

One browser context per role; each screen is loaded once per width. Problems are collected over the whole walk and
reported together, each with a screenshot in test-artifacts/e2e/admin_role_walk/ (the failing test's open pages
are saved besides, by conftest.py).
"""
# The role fixtures are imported from the suite that owns them, so the test
# arguments that use them look like redefinitions of unused imports to ruff.
# ruff: noqa: F811

import re

import pytest

from catalogue.factories import OrganisationFactory, UserFactory
from catalogue.schools.factories import (
    AnnualReportFactory,
    OfferingFactory,
    ProvincialDepartmentFactory,
    SchoolFactory,
)
from catalogue.schools.provinces import Province
from catalogue.textbooks.factories import TextbookFactory
from cms.users.roles import PROVINCIAL_STAFF, PUBLISHERS, REVIEWERS, SCHOOL_STAFF
from tests.standards.conftest import (  # noqa: F401
    admin_user,
    category,
    committee_user,
    home,
    index,
    program,
    program_group_user,
    standard,
)

from .conftest import ARTIFACTS
from .journeys import live_database

WIDTHS = {1366: 900, 390: 844}
# Words of Wagtail's own UI that show when a translation is missing. Data (codes, ISBNs, file formats such as CSV,
# XLSX, PDF, Markdown) is not in the list, so it may appear.
ENGLISH_UI = re.compile(
    r"\b(Wagtail|Dashboard|Pages?|Search|Password|Username|Sign in|Log ?out|Edit|Delete|Save|Cancel|Settings"
    r"|Reports?|Users?|Groups?|Help|Account|Status|Live|Draft|More|Actions?|Add|Filters?|Sort|Yes|No|True"
    r"|False|None|Previous|Next|Close|Submit|Publish(?:ed)?|Unpublish|History|Preview|Choose|Select|Upload"
    r"|Created|Updated|Title|Name|Date|Type|Owner|Locked?|Workflows?|Tasks?|Documents?|Images?|Snippets?"
    r"|Collections?|Redirects?|Theme|Density|Contrast|Exploring|Menu|Toggle|Sidebar|Notifications?|Profile"
    r"|Language|Time zone|Required|Loading|Error|Warning|Success|Back|View|Inspect|Export|Download|Copy|Move)\b"
)
VISIBLE_LABELS = """() => [document.title, document.body.innerText].concat(
    Array.from(document.querySelectorAll("[placeholder], [aria-label], [title]"))
        .filter((element) => element.checkVisibility())
        .flatMap((element) => ["placeholder", "aria-label", "title"].map((name) => element.getAttribute(name)))
        .filter(Boolean)
).join("\\n")"""


@pytest.fixture
def people(admin_user, committee_user, program_group_user, standard, index, program):
    """Each role with its screens: dashboard, the listing it works with, one form, its account page."""
    organisation = OrganisationFactory(name="甲出版社")
    publisher = UserFactory(username="walk-publisher", groups=[PUBLISHERS], organisation=organisation)
    TextbookFactory(title="机械制图", publisher=organisation, programs=[program])
    reviewer = UserFactory(username="walk-reviewer", groups=[REVIEWERS])
    staff = UserFactory(username="walk-school", groups=[SCHOOL_STAFF])
    officer = UserFactory(username="walk-province", groups=[PROVINCIAL_STAFF])
    ProvincialDepartmentFactory(province=Province.GUANGDONG, staff=[officer])
    school = SchoolFactory(name="广州市机电技师学院", province=Province.GUANGDONG, staff=[staff])
    OfferingFactory(school=school, program=program)
    report = AnnualReportFactory(school=school, year=2025)
    admin_user.is_superuser = True  # the users and groups screens are Wagtail's, for superusers
    admin_user.save()
    return {
        "管理员": (
            admin_user,
            [
                "/admin/catalogue/programs/",
                f"/admin/catalogue/programs/edit/{program.pk}/",
                "/admin/users/",
                "/admin/groups/",
            ],
        ),
        "教学指导委员会委员": (
            committee_user,
            ["/admin/catalogue/programs/", f"/admin/catalogue/programs/edit/{program.pk}/"],
        ),
        "专业组成员": (
            program_group_user,
            [f"/admin/pages/{index.pk}/", f"/admin/pages/{standard.pk}/edit/"],
        ),
        "评审专家": (reviewer, ["/admin/textbook-review/", "/admin/textbook-review/conflicts/"]),
        "出版社用户": (publisher, ["/admin/textbook-applications/", "/admin/textbook-applications/add/"]),
        "技工院校用户": (staff, ["/admin/schools/reports/", f"/admin/schools/reports/edit/{report.pk}/"]),
        "省级人社部门用户": (
            officer,
            ["/admin/schools/reports/", f"/admin/schools/reports/inspect/{report.pk}/"],
        ),
    }


@live_database
def test_every_role_sees_its_admin_screens_wholly_in_chinese_without_console_errors(pages, people):
    problems = []
    for role, (user, screens) in people.items():
        page = pages.open(user)
        errors = []
        page.on("console", lambda message, errors=errors: _console_error(message, errors))
        page.on("pageerror", lambda error, errors=errors: errors.append(f"page error: {error}"))
        for width, height in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            for path in ["/admin/", *screens, "/admin/account/"]:
                problems += _check_screen(page, role, width, path, errors)
    assert not problems, "\n".join(problems)


def _console_error(message, errors):
    if message.type == "error":
        errors.append(f"console: {message.text}")


def _check_screen(page, role, width, path, errors):
    """Load one screen; what it shows in English or logs as an error, with a screenshot when there is any."""
    errors.clear()
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    found = list(errors)
    if response is None or response.status != 200 or not page.url.endswith(path):
        found.append(f"status {response and response.status} at {page.url}")
    english = sorted(set(ENGLISH_UI.findall(page.evaluate(VISIBLE_LABELS))))
    if english:
        found.append(f"English words: {', '.join(english)}")
    if not found:
        return []
    name = re.sub(r"\W+", "_", f"{role}_{width}_{path}").strip("_")
    (ARTIFACTS / "admin_role_walk").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "admin_role_walk" / f"{name}.png", full_page=True)
    return [f"{role} {width}px {path}: {problem}" for problem in found]
