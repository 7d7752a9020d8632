"""Permission scope of every review view and file download, per role (the matrix the issue asks for)."""

from django.urls import reverse

import pytest

from catalogue.textbooks.models import Objection
from catalogue.textbooks.review import services
from catalogue.textbooks.review.scope import visible_textbooks

from .conftest import refused

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "publisher_a",
    "publisher_b",
    "reviewer_assigned",
    "reviewer_other",
    "committee",
    "anonymous",
]
SNIPPET = "wagtailsnippets_textbooks_textbook"


@pytest.fixture
def people(admin, publisher_a, publisher_b, reviewers, outsider, committee):
    return {
        "admin": admin,
        "publisher_a": publisher_a,
        "publisher_b": publisher_b,
        "reviewer_assigned": reviewers[0],
        "reviewer_other": outsider,
        "committee": committee,
        "anonymous": None,
    }


def check(client, people, url, allowed, method="get"):
    """Every role tried on one URL: allowed ones get a page (or a download), the others are refused."""
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        response = getattr(client, method)(url)
        if role == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"], (url, role)
        elif role in allowed:
            assert response.status_code == 200, (url, role, response.status_code)
        else:
            assert refused(response), (url, role, response.status_code)


@pytest.fixture
def in_committee(textbook, walk):
    return walk(textbook, "committee")


SEE = {"admin", "publisher_a", "reviewer_assigned", "committee"}


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("detail", SEE),
        ("withdraw", {"publisher_a"}),
        ("submit", {"admin", "publisher_a"}),
        ("format_check", {"admin"}),
        ("assign", {"admin"}),
        ("decide", {"admin", "committee"}),
        ("close_notice", {"admin"}),
        ("new_edition", set()),
    ],
)
def test_application_views(client, people, in_committee, name, allowed):
    check(client, people, reverse(f"textbook_review:{name}", args=[in_committee.pk]), allowed)


@pytest.mark.parametrize("kind", ["sample", "toc"])
def test_file_downloads(client, people, in_committee, kind):
    url = reverse("textbook_review:file", args=[in_committee.pk, kind])
    check(client, people, url, SEE)
    client.force_login(people["publisher_a"])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("edit", {"admin"}),  # under review: not the publisher's to change any more
        ("history", {"admin", "publisher_a"}),
        ("usage", {"admin", "publisher_a"}),
        ("delete", set()),
        ("unpublish", set()),
    ],
)
def test_snippet_views(client, people, in_committee, name, allowed):
    check(client, people, reverse(f"{SNIPPET}:{name}", args=[in_committee.pk]), allowed)


def test_snippet_edit_while_draft(client, people, textbook):
    check(client, people, reverse(f"{SNIPPET}:edit", args=[textbook.pk]), {"admin", "publisher_a"})


def test_snippet_listing_shows_only_the_own_organisations(client, people, textbook):
    url = reverse(f"{SNIPPET}:list")
    for role, sees in [("admin", True), ("publisher_a", True), ("publisher_b", False)]:
        client.force_login(people[role])
        response = client.get(url)
        assert response.status_code == 200 and (textbook.isbn in response.content.decode()) is sees, role
    for role in ("reviewer_assigned", "committee"):
        client.force_login(people[role])
        assert refused(client.get(url)), role


def test_assignment_views(client, people, in_committee, assignment_of, reviewers):
    assignment = assignment_of(in_committee, reviewers[0])
    check(client, people, reverse("textbook_review:assignment", args=[assignment.pk]), {"reviewer_assigned"})
    check(client, people, reverse("textbook_review:replace", args=[assignment.pk]), {"admin"})


def test_objection_and_notice_views(client, people, textbook, walk):
    walk(textbook, "notice")
    objection = services.file_objection(
        textbook.notices.get(), "王老师", "wang@example.com", "第三章有明显错误"
    )
    check(client, people, reverse("textbook_review:resolve_objection", args=[objection.pk]), {"admin"})
    check(client, people, reverse("textbook_review:close_notice", args=[textbook.pk]), {"admin"})
    client.force_login(people["publisher_a"])
    detail = client.get(reverse("textbook_review:detail", args=[textbook.pk])).content.decode()
    assert "第三章有明显错误" not in detail  # objections are for staff to resolve
    assert Objection.objects.count() == 1


def test_personal_pages(client, people):
    everyone = set(ROLES) - {"anonymous"}
    check(client, people, reverse("textbook_review:index"), everyone)
    check(client, people, reverse("textbook_review:inbox"), everyone)
    check(client, people, reverse("textbook_review:conflicts"), {"reviewer_assigned", "reviewer_other"})


def test_workbench_lists_only_what_each_role_may_see(client, people, in_committee):
    for role in ROLES[:-1]:
        client.force_login(people[role])
        shown = in_committee.title in client.get(reverse("textbook_review:index")).content.decode()
        assert shown is (role in SEE), role


def test_committee_sees_titles_only_from_the_committee_stage_and_in_its_categories(
    textbook, walk, committee, category
):
    walk(textbook, "expert_review")
    assert not visible_textbooks(committee).filter(pk=textbook.pk).exists()
    category.committee_members.remove(committee)
    walk(textbook, "committee")
    assert not visible_textbooks(committee).filter(pk=textbook.pk).exists()


def test_reviews_are_blind_until_the_decision(
    client, textbook, walk, admin, reviewers, committee, assignment_of
):
    walk(textbook, "expert_review")
    assignments = services.assign_reviewers(textbook, reviewers[:3], admin)
    first = assignments[0]
    services.respond(first, reviewers[0], True)
    scores = {c.pk: 70 for c in first.criteria_set.criteria.all()}
    services.submit_review(first, reviewers[0], scores, "第一位专家的秘密意见", "revise")
    client.force_login(reviewers[1])
    detail = reverse("textbook_review:detail", args=[textbook.pk])
    assert "第一位专家的秘密意见" not in client.get(detail).content.decode()
    for assignment in assignments[1:]:
        services.respond(assignment, assignment.reviewer, True)
        services.submit_review(assignment, assignment.reviewer, scores, "同意", "approve")
    textbook.refresh_from_db()
    assert "第一位专家的秘密意见" not in client.get(detail).content.decode()  # still before the decision
    services.decide(textbook, committee, "approve", "同意")
    page = client.get(detail).content.decode()
    assert "第一位专家的秘密意见" in page and str(reviewers[0]) not in page  # shown, but anonymised


def test_the_snippet_chooser_lists_only_the_users_scope(client, people, textbook):
    url = reverse("wagtailsnippetchoosers_textbooks_textbook:choose")
    chosen = reverse("wagtailsnippetchoosers_textbooks_textbook:chosen", args=[textbook.pk])
    for role, sees in [
        ("admin", True),
        ("publisher_a", True),
        ("publisher_b", False),
        ("reviewer_other", False),
    ]:
        client.force_login(people[role])
        response = client.get(url)
        assert response.status_code == 200 and (textbook.title in response.json()["html"]) is sees, role
        assert (client.get(chosen).status_code == 200) is sees, role
