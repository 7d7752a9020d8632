"""The page cache switched on (it is off in test settings), over a small public site: home, standards, a program."""

from django.core.cache import cache

from wagtail.models import Page, Site

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from cms.home.models import HomePage
from standards.factories import StandardsIndexPageFactory, TrainingStandardPageFactory, with_courses
from standards.setup import ensure_standards_workflow


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_CACHE_ENABLED = True
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="home-cache"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def program(db):
    return ProgramFactory(
        category=CategoryFactory(code="71", name="测试机械类"), code="7101", name="测试数控加工"
    )


@pytest.fixture
def standard(home, program):
    """A consistent training standard, published once."""
    index = StandardsIndexPageFactory(parent=home)
    ensure_standards_workflow(index)
    page = TrainingStandardPageFactory(parent=index, program=program)
    with_courses(page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)
