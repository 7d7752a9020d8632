"""A change of the curriculum reaches the textbooks it touches: flags, one message per publisher, clearing."""

from django.core import mail

import pytest

from catalogue.adjustments import approve
from catalogue.factories import (
    AdjustmentFactory,
    CategoryFactory,
    OrganisationFactory,
    ProgramFactory,
    UserFactory,
)
from catalogue.models import Adjustment
from catalogue.textbooks.curriculum.flags import FlagError, clear_flag
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import CurriculumFlag, Notification, ReviewStage
from cms.users.roles import ADMINISTRATORS, PUBLISHERS
from standards.factories import publish_standard
from standards.models import ProgramCourse

pytestmark = pytest.mark.django_db


def listed(title, publisher, program, *codes, stage=ReviewStage.LISTED):
    textbook = TextbookFactory(
        title=title, publisher=publisher, programs=[program], kind="integrated", review_stage=stage, live=True
    )
    textbook.courses.set(ProgramCourse.objects.filter(program=program, code__in=codes))
    textbook.save()  # a ParentalManyToManyField is written on save
    return textbook


@pytest.fixture
def welding(db):
    program = ProgramFactory(category=CategoryFactory(code="01"), code="0106", name="焊接加工")
    publish_standard(
        program, [("C01", "焊条电弧焊", 120), ("C02", "气体保护焊", 80), ("C03", "焊接机器人", 60)]
    )
    return program


def publisher_with_user(name, username):
    organisation = OrganisationFactory(name=name)
    UserFactory(
        username=username, organisation=organisation, groups=[PUBLISHERS], email=f"{username}@example.cn"
    )
    return organisation


def test_a_version_that_renames_one_course_and_removes_another_flags_exactly_their_textbooks(welding):
    first = publisher_with_user("甲出版社", "jia")
    second = publisher_with_user("乙出版社", "yi")
    renamed_a = listed("气体保护焊（上）", first, welding, "C02")
    renamed_b = listed("气体保护焊（下）", first, welding, "C02")
    removed = listed("焊接机器人编程", second, welding, "C03")
    in_review = listed("焊接机器人应用", second, welding, "C03", stage=ReviewStage.EXPERT_REVIEW)
    untouched = listed("焊条电弧焊", second, welding, "C01")
    withdrawn = listed("焊接机器人旧稿", second, welding, "C03", stage=ReviewStage.WITHDRAWN)
    mail.outbox.clear()

    page = publish_standard(welding, [("C01", "焊条电弧焊", 120), ("C02", "熔化极气体保护焊", 140)])

    version = page.current_version
    assert version.number == "2.0"
    flags = CurriculumFlag.objects.filter(standard_version=version)
    assert {flag.textbook for flag in flags} == {renamed_a, renamed_b, removed, in_review}
    assert untouched not in {flag.textbook for flag in flags} and withdrawn not in {f.textbook for f in flags}
    flag = flags.get(textbook=renamed_a)
    assert flag.title == "需对照新版标准复核（v2.0）"
    assert flag.changes == [
        "课程「C02 气体保护焊」更名为「熔化极气体保护焊」，学时由 中级技能 80 学时 调整为 中级技能 140 学时"
    ]
    assert flags.get(textbook=removed).changes == ["删除课程「C03 焊接机器人」"]

    # One message per publisher for this change, in the inbox and by e-mail.
    assert Notification.objects.filter(recipient__username="jia").count() == 1
    assert Notification.objects.filter(recipient__username="yi").count() == 1
    message = Notification.objects.get(recipient__username="jia")
    assert "2 种教材需复核" in message.subject and "气体保护焊（上）" in message.body
    assert sorted(m.to[0] for m in mail.outbox) == ["jia@example.cn", "yi@example.cn"]

    # Publishing the same version again (a re-save) raises nothing new.
    from standards.signals import record_published_version

    record_published_version(sender=None, instance=page, revision=page.live_revision)
    assert CurriculumFlag.objects.count() == 4 and Notification.objects.count() == 2


def test_a_flag_stays_until_cleared_with_a_note(welding):
    publisher = publisher_with_user("甲出版社", "jia")
    textbook = listed("焊接机器人编程", publisher, welding, "C03")
    publish_standard(welding, [("C01", "焊条电弧焊", 120), ("C02", "气体保护焊", 80)])
    flag = CurriculumFlag.objects.get(textbook=textbook)
    staff = UserFactory(groups=[ADMINISTRATORS])

    with pytest.raises(FlagError, match="请填写处理说明"):
        clear_flag(flag, staff, "  ")
    assert CurriculumFlag.objects.open().count() == 1

    clear_flag(flag, staff, "已按新版标准删去该课程，教材转为选修用书。")
    flag.refresh_from_db()
    assert not flag.is_open and flag.cleared_by == staff and "选修" in flag.clear_note
    with pytest.raises(FlagError, match="已经处理"):
        clear_flag(flag, staff, "再次处理")


def test_publishers_see_and_clear_only_their_own_flags_in_the_admin(client, welding):
    mine = publisher_with_user("甲出版社", "jia")
    theirs = publisher_with_user("乙出版社", "yi")
    own = listed("气体保护焊（上）", mine, welding, "C02")
    other = listed("焊接机器人编程", theirs, welding, "C03")
    publish_standard(welding, [("C01", "焊条电弧焊", 120), ("C02", "熔化极气体保护焊", 80)])
    client.login(username="jia", password="pass-for-tests")

    page = client.get("/admin/textbook-review/flags/")
    text = page.content.decode()
    assert page.status_code == 200 and "气体保护焊（上）" in text and "焊接机器人编程" not in text

    other_flag = CurriculumFlag.objects.get(textbook=other)
    assert (
        client.post(f"/admin/textbook-review/flags/{other_flag.pk}/clear/", {"note": "x"}).status_code == 404
    )
    assert CurriculumFlag.objects.get(pk=other_flag.pk).is_open

    own_flag = CurriculumFlag.objects.get(textbook=own)
    client.post(f"/admin/textbook-review/flags/{own_flag.pk}/clear/", {"note": "已修订第三章"})
    assert not CurriculumFlag.objects.get(pk=own_flag.pk).is_open
    assert "没有待处理的复核提示" in client.get("/admin/textbook-review/flags/").content.decode()


def test_an_approved_merge_flags_the_textbooks_and_hands_them_to_the_successor(db):
    category = CategoryFactory(code="01")
    old_a = ProgramFactory(category=category, code="0110", name="钳工")
    old_b = ProgramFactory(category=category, code="0111", name="装配钳工")
    publisher = publisher_with_user("甲出版社", "jia")
    textbook = TextbookFactory(
        title="钳工工艺", publisher=publisher, programs=[old_a], review_stage="listed", live=True
    )
    merge = AdjustmentFactory(
        reference="M-1", kind=Adjustment.Kind.MERGE, old_programs=[old_a, old_b], targets=[("0112", "钳加工")]
    )

    approve([merge])

    flag = CurriculumFlag.objects.get(textbook=textbook)
    assert flag.adjustment == merge and flag.title == "需对照专业目录调整复核（合并）"
    assert "教材适用专业已转入：钳加工（0112）" in flag.changes
    assert sorted(textbook.programs.values_list("code", flat=True)) == ["0110", "0112"]
    assert Notification.objects.filter(recipient__username="jia").count() == 1


def test_the_adjustment_approval_screen_shows_the_textbooks_and_publishers_it_touches(client, db):
    from django.urls import reverse

    from catalogue.wagtail_hooks import adjustment_viewset

    category = CategoryFactory(code="01")
    old = ProgramFactory(category=category, code="0110", name="钳工")
    publisher = publisher_with_user("甲出版社", "jia")
    TextbookFactory(title="钳工工艺", publisher=publisher, programs=[old], review_stage="listed", live=True)
    TextbookFactory(title="钳工实训", publisher=publisher, programs=[old], review_stage="submitted")
    retire = AdjustmentFactory(reference="R-1", kind=Adjustment.Kind.RETIRE, old_programs=[old])
    client.force_login(UserFactory(groups=[ADMINISTRATORS], is_superuser=True))

    html = client.get(reverse(adjustment_viewset.get_url_name("approve"), args=[retire.pk])).content.decode()

    assert "批准后的影响" in html and "钳工工艺" in html and "钳工实训" in html
    assert "涉及 2 种教材、1 家出版社（甲出版社），其中 1 种仍在申报评审中" in html
    assert not CurriculumFlag.objects.exists()
