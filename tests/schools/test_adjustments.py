"""A catalogue adjustment reaches the schools running the programs it changes: the approver sees them, and once it
is applied their staff are told which successor program to register."""

from django.urls import reverse

import pytest

from catalogue.adjustments import approve
from catalogue.factories import AdjustmentFactory, CategoryFactory, ProgramFactory, UserFactory
from catalogue.models import Adjustment
from catalogue.schools.factories import OfferingFactory, SchoolFactory
from catalogue.schools.provinces import Province
from catalogue.textbooks.models import Notification
from catalogue.wagtail_hooks import adjustment_viewset
from cms.users.roles import ADMINISTRATORS, SCHOOL_STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture
def merge():
    category = CategoryFactory(code="01")
    old_a = ProgramFactory(category=category, code="0110", name="钳工")
    old_b = ProgramFactory(category=category, code="0111", name="装配钳工")
    staff = UserFactory(username="gz-staff", groups=[SCHOOL_STAFF])
    running = SchoolFactory(name="广州市机电技师学院", province=Province.GUANGDONG, staff=[staff])
    OfferingFactory(school=running, program=old_a, offers_advanced=False)
    stopped = SchoolFactory(
        name="徐州技师学院", province=Province.JIANGSU, staff=[UserFactory(username="xz")]
    )
    OfferingFactory(school=stopped, program=old_b, withdrawn_year=2020)
    adjustment = AdjustmentFactory(
        reference="M-1", kind=Adjustment.Kind.MERGE, old_programs=[old_a, old_b], targets=[("0112", "钳加工")]
    )
    return adjustment


def test_the_approval_screen_lists_the_schools_running_the_changed_programs(client, merge):
    client.force_login(UserFactory(groups=[ADMINISTRATORS], is_superuser=True))
    html = client.get(reverse(adjustment_viewset.get_url_name("approve"), args=[merge.pk])).content.decode()
    assert "受影响的学校（开设原专业的学校）" in html and "涉及 1 项专业设置备案" in html
    assert "广州市机电技师学院" in html and "广东省" in html and "0110 钳工" in html and "中级技能" in html
    assert "徐州技师学院" not in html  # it stopped running 0111 in 2020


def test_once_applied_the_schools_staff_are_told_to_register_the_successor(merge):
    approve([merge])
    [message] = Notification.objects.filter(recipient__username="gz-staff")
    assert message.subject == "专业 0110 钳工 已合并"
    assert "请按接续专业 0112 钳加工 办理专业设置备案" in message.body
    assert message.url == reverse("schools_offering:index")
    assert not Notification.objects.filter(recipient__username="xz").exists()


def test_a_new_program_touches_no_school(client):
    added = AdjustmentFactory(reference="A-1", kind=Adjustment.Kind.ADD, targets=[("0199", "新专业")])
    client.force_login(UserFactory(groups=[ADMINISTRATORS], is_superuser=True))
    html = client.get(reverse(adjustment_viewset.get_url_name("approve"), args=[added.pk])).content.decode()
    assert "新增专业不影响已有的专业设置备案。" in html
