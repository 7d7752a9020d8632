"""The admin's 统计 view: the public panels plus the review pipeline, for administrators only."""

from django.urls import reverse

import pytest

from .test_public_page import table

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_page(client, people, plan, pipeline):
    client.force_login(people.admin)
    response = client.get(reverse("statistics_admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_sees_the_same_plan_numbers_as_the_public(admin_page):
    assert table(admin_page, "textbooks-by-batch")[1:] == [["第一批", "2"], ["第二批", "1"]]
    assert "一体化课程 2 门，其中 1 门已有列入目录的规划教材" in admin_page


def test_applications_per_stage_count_every_application(admin_page):
    stages = dict(table(admin_page, "review-stages")[1:])
    # the plan's draft (in expert review) and the pipeline's three; the plan's three listed titles
    assert stages["专家评审"] == "3" and stages["待形式审查"] == "1" and stages["已列入目录"] == "3"


def test_overdue_reviews_name_the_title_the_reviewer_and_the_days(admin_page, pipeline):
    rows = table(admin_page, "review-overdue")[1:]
    due = (pipeline.today - pipeline.overdue.due_date).days
    assert rows == [
        ["甲社申报一", "王评审", pipeline.overdue.due_date.isoformat(), str(due)],
        ["乙社申报一", "李评审", pipeline.others.due_date.isoformat(), "1"],
    ]
    assert "逾期未完成的评审任务 2 项" in admin_page


def test_days_per_stage_average_the_finished_stays(admin_page):
    assert table(admin_page, "review-days")[1:] == [["待形式审查", "2", "3.0"]]


def test_admin_csv_downloads_include_the_pipeline(client, people, pipeline):
    client.force_login(people.admin)
    response = client.get(reverse("statistics_admin:csv", args=["review-stages"]))
    assert response.status_code == 200 and response.content.startswith("\ufeff".encode())
    assert "专家评审,2" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("who", ["committee", "publisher_a", "reviewer"])
def test_other_roles_are_refused_and_see_no_menu_item(client, people, who):
    client.force_login(getattr(people, who))
    for url in (reverse("statistics_admin:index"), reverse("statistics_admin:csv", args=["review-stages"])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "王评审" not in response.content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("statistics_admin:index") not in home


def test_the_menu_item_is_there_for_administrators(client, people):
    client.force_login(people.admin)
    assert reverse("statistics_admin:index") in client.get(reverse("wagtailadmin_home")).content.decode()
