"""The public page cache as a visitor and an editor see it: repeat visits served from cache with a fresh CSP nonce,
nothing personal or form-bearing ever cached, and every publish or edit visible on the very next request."""

import datetime

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

import pytest

from catalogue.factories import UserFactory
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import (
    CriteriaSet,
    Notification,
    PublicNotice,
    ReviewAssignment,
    ReviewScore,
    ReviewStage,
)
from cms.settings.environment import env
from cms.users.roles import ADMINISTRATORS

pytestmark = pytest.mark.django_db


def nonce(response):
    return response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]


def visit_twice(client, url):
    return client.get(url), client.get(url)


def test_a_repeat_anonymous_visit_is_a_hit_identical_but_for_a_fresh_nonce(client, page_cache):
    first, second = visit_twice(client, "/search/?q=焊接")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert nonce(first) != nonce(second)
    assert f'<script nonce="{nonce(second)}">' in second.content.decode()
    assert nonce(first) not in second.content.decode()
    assert second.content.replace(nonce(second).encode(), nonce(first).encode()) == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert int(second["Content-Length"]) == len(second.content)


def test_every_public_area_is_cached(client, page_cache, standard, program):
    for url in (
        "/",
        standard.url,
        "/catalogue/",
        f"/catalogue/programs/{program.code}/",
        "/textbooks/",
        "/search/api/?q=数控",
        "/search/suggest/?q=shu",
    ):
        first, second = visit_twice(client, url)
        assert (first.status_code, first["X-Cache"], second["X-Cache"]) == (200, "miss", "hit"), url
        assert second.content.replace(nonce(second).encode(), nonce(first).encode()) == first.content, url


def test_query_strings_are_separate_pages_and_head_is_served_from_the_get(client, page_cache):
    client.get("/textbooks/")
    assert client.get("/textbooks/?level=advanced")["X-Cache"] == "miss"
    head = client.head("/textbooks/")
    assert head["X-Cache"] == "hit" and head.status_code == 200


def test_logged_in_users_never_get_or_leave_a_cached_page(client, page_cache, program):
    url = f"/catalogue/programs/{program.code}/"
    assert client.get(url)["X-Cache"] == "miss"
    client.force_login(UserFactory(groups=[ADMINISTRATORS]))
    assert [client.get(url)["X-Cache"] for _ in range(2)] == ["bypass", "bypass"]
    client.logout()
    client.cookies.clear()
    client.force_login(UserFactory(groups=[ADMINISTRATORS]))
    client.get("/search/?q=车")
    client.logout()
    client.cookies.clear()
    assert client.get("/search/?q=车")["X-Cache"] == "miss"  # the logged-in copy was never stored


def test_admin_and_authorised_requests_are_never_cached(client, page_cache):
    assert [client.get("/admin/login/")["X-Cache"] for _ in range(2)] == ["bypass", "bypass"]
    client.force_login(UserFactory(groups=[ADMINISTRATORS]))
    assert [client.get("/admin/")["X-Cache"] for _ in range(2)] == ["bypass", "bypass"]
    client.logout()
    client.cookies.clear()
    auth = {"HTTP_AUTHORIZATION": "Bearer x"}
    assert [client.get("/catalogue/", **auth)["X-Cache"] for _ in range(2)] == ["bypass", "bypass"]


def test_a_form_with_a_csrf_token_is_never_cached(client, page_cache):
    book = TextbookFactory(live=True, review_stage=ReviewStage.LISTED, title="公示中的教材")
    today = timezone.localdate()
    notice = PublicNotice.objects.create(
        textbook=book, round=1, starts_on=today, ends_on=today + datetime.timedelta(days=7)
    )
    url = f"/textbooks/notices/{notice.pk}/objection/"
    first, second = visit_twice(client, url)
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    assert (first["X-Cache"], second["X-Cache"]) == ("bypass", "bypass")


def test_not_found_pages_are_not_cached(client, page_cache):
    first, second = visit_twice(client, "/catalogue/programs/9999/")
    assert first.status_code == 404 and (first["X-Cache"], second["X-Cache"]) == ("bypass", "bypass")


def test_publishing_and_unpublishing_a_standard_shows_on_the_next_request(
    client, page_cache, standard, django_capture_on_commit_callbacks
):
    url = standard.url
    visit_twice(client, url)
    draft = standard.get_latest_revision_as_object()
    draft.title = "修订后的培养标准标题"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    response = client.get(url)
    assert response["X-Cache"] == "miss" and "修订后的培养标准标题" in response.content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        type(standard).objects.get(pk=standard.pk).unpublish()
    assert client.get(url).status_code == 404


def test_listing_a_textbook_shows_on_the_next_request(client, page_cache, django_capture_on_commit_callbacks):
    book = TextbookFactory(live=True, review_stage=ReviewStage.SUBMITTED, title="新列入的规划教材")
    visit_twice(client, "/textbooks/")
    assert "新列入的规划教材" not in client.get("/textbooks/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        book.review_stage = ReviewStage.LISTED
        book.save()
    response = client.get("/textbooks/")
    assert response["X-Cache"] == "miss" and "新列入的规划教材" in response.content.decode()


def test_review_records_leave_the_cache_warm_and_publishing_a_textbook_makes_it_stale(
    client, page_cache, django_capture_on_commit_callbacks
):
    """Review season writes scores, assignments and notifications all day: none of them is public content."""
    staff, reviewer = UserFactory(), UserFactory()
    book = TextbookFactory(title="评审季中的申报教材")
    criteria = CriteriaSet.current()
    visit_twice(client, "/textbooks/")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = ReviewAssignment.objects.create(
            textbook=book,
            round=1,
            reviewer=reviewer,
            criteria_set=criteria,
            due_date=datetime.date(2026, 12, 31),
            assigned_by=staff,
        )
        ReviewScore.objects.create(assignment=assignment, criterion=criteria.criteria.first(), score=80)
        Notification.objects.create(recipient=reviewer, textbook=book, subject="请评审《评审季中的申报教材》")
    assert client.get("/textbooks/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        book.review_stage = ReviewStage.LISTED
        book.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    response = client.get("/textbooks/")
    assert response["X-Cache"] == "miss" and "评审季中的申报教材" in response.content.decode()


def test_editing_a_program_shows_on_the_next_request(
    client, page_cache, program, django_capture_on_commit_callbacks
):
    url = f"/catalogue/programs/{program.code}/"
    assert client.get("/catalogue/")["X-Cache"] == "miss"
    visit_twice(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        program.name = "智能数控加工"
        program.save()
    assert "智能数控加工" in client.get(url).content.decode()
    assert "智能数控加工" in client.get("/catalogue/").content.decode()


def test_a_rolled_back_edit_leaves_the_cache_warm(
    client, page_cache, program, django_capture_on_commit_callbacks
):
    url = f"/catalogue/programs/{program.code}/"
    visit_twice(client, url)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            program.name = "不会提交的名称"
            program.save()
            raise RuntimeError("导入中途失败")
    response = client.get(url)
    assert response["X-Cache"] == "hit" and "不会提交的名称" not in response.content.decode()


@pytest.fixture
def redis_cache(settings):
    """The shared Redis backend production uses, when a server answers on 127.0.0.1:6379; skipped otherwise."""
    pytest.importorskip("redis")
    prefix = f"h-load-test-{timezone.now().timestamp()}"
    settings.CACHES = {"default": {**env.cache_url_config("redis://127.0.0.1:6379/0"), "KEY_PREFIX": prefix}}
    settings.PUBLIC_CACHE_ENABLED = True
    cache = caches["default"]
    try:
        cache.get("ping")
    except Exception as exc:  # any connection failure means there is no server to test against
        pytest.skip(f"no Redis server on 127.0.0.1:6379 ({exc})")
    yield cache
    server = cache._cache.get_client(write=True)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_with_redis_a_publish_reaches_every_worker(
    client, redis_cache, program, django_capture_on_commit_callbacks
):
    url = f"/catalogue/programs/{program.code}/"
    assert [r["X-Cache"] for r in visit_twice(client, url)] == ["miss", "hit"]
    with django_capture_on_commit_callbacks(execute=True):
        program.name = "经由 Redis 失效"
        program.save()
    response = client.get(url)
    assert response["X-Cache"] == "miss" and "经由 Redis 失效" in response.content.decode()
