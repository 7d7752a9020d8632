"""评审指标 in the admin: administrators keep versions; a used version is frozen; scores keep their version."""

from django.urls import reverse

import pytest

from catalogue.textbooks.models import CriteriaSet, Criterion
from catalogue.textbooks.review import services
from catalogue.textbooks.review.criteria import rubric_problems

from .conftest import refused

pytestmark = pytest.mark.django_db

SEEDED = ["思想政治方向", "内容科学性", "与培养标准和课程规范对接", "教学适用性", "编校质量"]


def form_data(name, rows, active=True, initial=0):
    """The POST of the version form: the version's fields and its inline criteria rows."""
    data = {
        "name": name,
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": str(initial),
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    if active:
        data["active"] = "on"
    for i, row in enumerate(rows):
        criterion_id, criterion_name, weight, maximum = row
        data |= {
            f"criteria-{i}-id": criterion_id or "",
            f"criteria-{i}-name": criterion_name,
            f"criteria-{i}-weight": str(weight),
            f"criteria-{i}-max_score": str(maximum),
            f"criteria-{i}-description": "",
            f"criteria-{i}-ORDER": str(i + 1),
            f"criteria-{i}-DELETE": "",
        }
    return data


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_the_seeded_version_is_current_with_five_weighted_criteria():
    current = CriteriaSet.current()
    assert [c.name for c in current.criteria.all()] == SEEDED
    assert sum(c.weight for c in current.criteria.all()) == 100
    assert {c.max_score for c in current.criteria.all()} == {100}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "至少须有一项评审指标"),
        ([("甲", 50, 100), ("甲", 50, 100)], "指标名称不能重复：甲"),
        ([("甲", 0, 100), ("乙", 100, 100)], "“甲”的权重须大于 0"),
        ([("甲", 100, 0)], "“甲”的满分须大于 0"),
        ([("甲", 60, 100), ("乙", 30, 100)], "权重之和须为 100%，现为 90%"),
    ],
)
def test_rubric_rules_are_explained_in_chinese(rows, expected):
    assert any(expected in problem for problem in rubric_problems(rows))


def test_a_valid_rubric_has_no_problems():
    assert rubric_problems([("甲", 60, 100), ("乙", 40, 50)]) == []


def test_administrator_creates_a_new_current_version(client, admin):
    client.force_login(admin)
    old = CriteriaSet.current()
    rows = [(None, "思想政治方向", 30, 100), (None, "内容科学性", 40, 100), (None, "编校质量", 30, 10)]
    response = client.post(reverse("review_criteria:add"), form_data("2026 年评审指标", rows))
    assert response.status_code == 302, messages_of(response)
    new = CriteriaSet.current()
    assert new.version == old.version + 1 and new.name == "2026 年评审指标"
    assert [(c.name, c.weight, c.max_score) for c in new.criteria.all()] == [r[1:] for r in rows]
    old.refresh_from_db()
    assert not old.active  # one current version


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(None, "甲", 60, 100), (None, "乙", 30, 100)], "现为 90%"),
        ([(None, "甲", 50, 100), (None, "甲", 50, 100)], "指标名称不能重复"),
        ([(None, "甲", 0, 100), (None, "乙", 100, 100)], "权重须大于 0"),
    ],
)
def test_bad_rubrics_are_refused_and_nothing_is_saved(client, admin, rows, expected):
    client.force_login(admin)
    before = (CriteriaSet.objects.count(), Criterion.objects.count())
    response = client.post(reverse("review_criteria:add"), form_data("错误版本", rows))
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert (CriteriaSet.objects.count(), Criterion.objects.count()) == before


def test_a_version_without_criteria_is_refused(client, admin):
    client.force_login(admin)
    response = client.post(reverse("review_criteria:add"), form_data("空版本", []))
    assert response.status_code == 200 and not CriteriaSet.objects.filter(name="空版本").exists()


def test_an_unused_version_is_edited_in_place(client, admin):
    client.force_login(admin)
    version = CriteriaSet.current()
    criteria = list(version.criteria.all())
    rows = [(c.pk, c.name, c.weight, c.max_score) for c in criteria]
    rows[0] = (criteria[0].pk, "政治方向与价值导向", 20, 50)
    rows[-1] = (criteria[-1].pk, "编校质量", 15, 100)
    url = reverse("review_criteria:edit", args=[version.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(version.name, rows, initial=len(rows)))
    assert response.status_code == 302, messages_of(response)
    first = Criterion.objects.get(pk=criteria[0].pk)
    assert (first.name, first.weight, first.max_score) == ("政治方向与价值导向", 20, 50)
    assert CriteriaSet.objects.count() == 1


def test_the_current_version_is_not_switched_off_by_itself(client, admin):
    client.force_login(admin)
    version = CriteriaSet.current()
    rows = [(c.pk, c.name, c.weight, c.max_score) for c in version.criteria.all()]
    url = reverse("review_criteria:edit", args=[version.pk])
    response = client.post(url, form_data(version.name, rows, active=False, initial=len(rows)))
    assert response.status_code == 200 and "请将另一个版本设为当前使用" in response.content.decode()
    assert CriteriaSet.current() == version


def test_a_used_version_is_frozen_and_copied_into_a_new_one(
    client, admin, textbook, walk, reviewers, assignment_of
):
    walk(textbook, "expert_review")
    services.assign_reviewers(textbook, reviewers[:3], admin)
    used = CriteriaSet.current()
    client.force_login(admin)
    edit = reverse("review_criteria:edit", args=[used.pk])
    rows = [(c.pk, c.name, 20, 100) for c in used.criteria.all()]

    opened = client.get(edit, follow=True)
    assert "已用于 3 个评审任务，不能修改" in messages_of(opened)
    posted = client.post(edit, form_data("改名", rows, initial=len(rows)), follow=True)
    assert "不能修改" in messages_of(posted)
    used.refresh_from_db()
    assert used.name != "改名" and [c.weight for c in used.criteria.all()] == [25, 25, 20, 20, 10]

    copied = client.post(reverse("review_criteria:copy", args=[used.pk]))
    copy = CriteriaSet.objects.get(version=used.version + 1)
    assert copied["Location"] == reverse("review_criteria:edit", args=[copy.pk])
    assert not copy.active and [c.name for c in copy.criteria.all()] == SEEDED
    new_rows = [(c.pk, c.name, 20, 100) for c in copy.criteria.all()]
    saved = client.post(
        reverse("review_criteria:edit", args=[copy.pk]), form_data("新版", new_rows, initial=5)
    )
    assert saved.status_code == 302, messages_of(saved)
    assert CriteriaSet.current() == copy

    # the assignments made earlier keep the version they were given; a new one gets the current version
    assert {a.criteria_set for a in textbook.assignments.all()} == {used}
    replacement = services.replace_reviewer(assignment_of(textbook, reviewers[0]), reviewers[3], admin)
    assert replacement.criteria_set == copy


def test_scores_count_against_each_criterion_maximum(textbook, walk, admin, reviewers):
    """A criterion scored out of 10 still weighs its share of the 100-point total."""
    version = CriteriaSet.objects.create(name="满分不同", active=True)
    quality = Criterion.objects.create(criteria_set=version, name="内容", weight=80, max_score=100)
    editing = Criterion.objects.create(criteria_set=version, name="编校", weight=20, max_score=10)
    walk(textbook, "expert_review")
    first = services.assign_reviewers(textbook, reviewers[:3], admin)[0]
    services.respond(first, first.reviewer, True)
    with pytest.raises(services.ReviewError, match="请为“编校”打分（0–10）"):
        services.submit_review(first, first.reviewer, {quality.pk: 90, editing.pk: 11}, "好", "approve")
    services.submit_review(first, first.reviewer, {quality.pk: 90, editing.pk: 5}, "好", "approve")
    assert first.total_score() == 82  # 90% of 80 + 50% of 20


@pytest.mark.parametrize("role", ["publisher_a", "committee", "outsider"])
def test_other_roles_cannot_reach_the_criteria_screens(client, request, role):
    client.force_login(request.getfixturevalue(role))
    version = CriteriaSet.current()
    rows = [(None, "甲", 100, 100)]
    for url in [
        reverse("review_criteria:index"),
        reverse("review_criteria:add"),
        reverse("review_criteria:edit", args=[version.pk]),
        reverse("review_criteria:copy", args=[version.pk]),
    ]:
        assert refused(client.get(url)), url
        assert refused(client.post(url, form_data("越权", rows))), url
    assert CriteriaSet.objects.count() == 1 and CriteriaSet.current() == version


def test_administrators_see_the_versions_listed(client, admin):
    client.force_login(admin)
    page = client.get(reverse("review_criteria:index")).content.decode()
    assert "规划教材评审指标" in page
