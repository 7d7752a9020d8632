"""The admin speaks Chinese without a browser: the login page, the project's own translations over Wagtail's, the
groups Wagtail leaves behind, yes/no shown as 是/否, and nothing that reaches outside the site."""

import re

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from wagtail.models import Workflow

import pytest

from catalogue.factories import UserFactory
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS

SITE_NAME = "技工院校专业与教材管理系统"


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin-zh", groups=[ADMINISTRATORS], is_superuser=True)


def _text(response):
    """The page's words without tags, scripts or attributes."""
    html = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_the_login_page_names_the_system_and_labels_its_fields_in_chinese(client):
    response = client.get(reverse("wagtailadmin_login"))

    assert f"<title>登录 - {SITE_NAME}</title>" in response.content.decode()
    text = _text(response)
    assert f"登录{SITE_NAME}" in text
    assert "用户名" in text and "密码" in text
    assert "Wagtail" not in text and "Password" not in text


@pytest.mark.django_db
def test_a_wrong_password_is_answered_with_a_correct_chinese_sentence(client):
    UserFactory(username="zhangsan")

    response = client.post(reverse("wagtailadmin_login"), {"username": "zhangsan", "password": "wrong"})

    assert response.status_code == 200
    assert "用户名或密码不正确，请重新输入。" in _text(response)


def test_the_project_translations_win_over_wagtails():
    with translation.override("zh-hans"):
        assert translation.gettext("Actions") == "操作"  # Wagtail's own catalogue says 动作
        assert translation.gettext("Sort by '%(label)s' in ascending order.") == "按“%(label)s”升序排列。"


@pytest.mark.django_db
def test_wagtails_default_groups_and_their_workflow_are_gone():
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()


@pytest.mark.django_db
def test_the_dashboard_neither_checks_for_releases_nor_links_to_wagtails_english_guide(client, administrator):
    client.force_login(administrator)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "releases.wagtail.org" not in html and "data-w-upgrade" not in html
    assert "guide.wagtail.org" not in html
    assert f"<title>控制面板 - {SITE_NAME}</title>" in html


@pytest.mark.django_db
def test_the_users_listing_shows_no_gravatar_and_yes_no_in_chinese(client, administrator):
    UserFactory(username="active-user", email="someone@example.com")
    client.force_login(administrator)

    html = client.get(reverse("wagtailusers_users:index")).content.decode()

    assert "gravatar.com" not in html
    assert re.search(r'<span class="w-sr-only">\s*是\s*</span>', html)  # the "active" column's check mark
    assert not re.search(r">\s*(True|False)\s*<", html)


@pytest.mark.django_db
def test_the_site_listing_names_its_columns_in_chinese(client, administrator):
    client.force_login(administrator)
    text = _text(client.get(reverse("wagtailsites:index")))
    assert "端口号" in text and "站点名称" in text and "根页面" in text
    assert not re.search(r"\b(Port|Site name|Root page)\b", text)


@pytest.mark.django_db
def test_the_page_types_report_names_apps_in_chinese(client, administrator):
    client.force_login(administrator)
    text = _text(client.get(reverse("wagtailadmin_reports:page_types_usage")))
    assert "页面核心" in text and "站点页面" in text
    assert not re.search(r"\b(wagtailcore|home)\.\w+", text)  # was `wagtailcore.page`, `home.homepage`


@pytest.mark.django_db
def test_the_settings_menu_names_no_wagtail_version(client, administrator):
    client.force_login(administrator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"label": "\\u8bbe\\u7f6e"' in html  # the settings submenu (设置) is there
    assert "Wagtail v" not in html


@pytest.mark.django_db
def test_the_page_tree_root_has_a_chinese_title():
    from wagtail.models import Page

    assert Page.get_first_root_node().title == "根页面"


@pytest.mark.django_db
def test_the_account_page_lists_no_english_time_zone_names(client, administrator):
    client.force_login(administrator)

    response = client.get(reverse("wagtailadmin_account"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="localtime"' not in html and 'value="Europe/London"' not in html


@pytest.mark.django_db
def test_an_empty_read_only_field_shows_a_dash(client):
    from catalogue.factories import ProgramFactory

    program = ProgramFactory()
    member = UserFactory(username="committee-zh", groups=[COMMITTEE_MEMBERS])
    program.category.committee_members.add(member)
    client.force_login(member)

    html = client.get(reverse("catalogue_program:edit", args=[program.pk])).content.decode()

    assert 'class="w-field__textoutput"' in html
    assert not re.search(r'w-field__textoutput"[^>]*>\s*None\s*<', html)


@pytest.mark.django_db
def test_a_yes_no_column_reads_shi_or_fou(client, administrator):
    from search.models import Synonym

    Synonym.objects.all().delete()  # the seeded ones fill more than a page
    Synonym.objects.create(terms="数控,CNC", enabled=True)
    Synonym.objects.create(terms="汽修,汽车维修", enabled=False)
    client.force_login(administrator)

    html = client.get(reverse("search_synonyms:index")).content.decode()

    cells = re.findall(r"<td[^>]*>\s*(是|否|True|False)\s*</td>", html)
    assert sorted(cells) == ["否", "是"]


@pytest.mark.django_db
def test_the_inspect_views_show_yes_no_in_chinese():
    from catalogue.admin.base import ScopedInspectView
    from catalogue.schools.factories import OfferingFactory
    from catalogue.schools.models import Offering

    view = ScopedInspectView()
    view.object = OfferingFactory(offers_intermediate=True, offers_advanced=False)

    def shown(name):
        return view.get_field_display_value(name, Offering._meta.get_field(name))

    assert (shown("offers_intermediate"), shown("offers_advanced")) == ("是", "否")
