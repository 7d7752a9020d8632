"""When the engine cannot answer, the page and the API say so in Chinese (503), and editors can still save.

The faults are real: the embedded full-text table renamed away, or Elasticsearch at a port where nothing listens.
"""

import socket

from django.db import connection
from django.test import override_settings

import pytest

from search.engines.embedded import FTS_TABLE, PG_TABLE
from search.models import PendingUpdate

pytestmark = pytest.mark.django_db
MESSAGE = "检索服务暂时不可用，请稍后再试。"


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def table_missing(corpus):
    table = PG_TABLE if connection.vendor == "postgresql" else FTS_TABLE
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO search_index_away")
    return corpus


@pytest.fixture
def elastic_refused(corpus):
    url = f"http://127.0.0.1:{closed_port()}"
    with override_settings(ELASTICSEARCH_URL=url, SEARCH_ENGINE="search.engines.elastic.ElasticsearchEngine"):
        yield corpus


@pytest.fixture(params=["table_missing", "elastic_refused"])
def engine_down(request):
    return request.getfixturevalue(request.param)


def test_page_answers_503_with_a_chinese_message_inside_the_usual_layout(client, engine_down):
    response = client.get("/search/", {"q": "焊接"})
    html = response.content.decode()
    assert response.status_code == 503
    assert MESSAGE in html and "检索教材、专业与培养标准" in html and 'name="q" value="焊接"' in html
    assert "Traceback" not in html


def test_api_and_suggestions_answer_503_with_a_chinese_error(client, engine_down):
    response = client.get("/search/api/", {"q": "焊接"})
    assert response.status_code == 503 and response.json()["error"].startswith(MESSAGE)
    response = client.get("/search/suggest/", {"q": "hanj"})
    assert response.status_code == 503 and response.json()["suggestions"] == []


def test_editors_save_and_publish_while_the_engine_is_down(engine_down, django_capture_on_commit_callbacks):
    from catalogue.textbooks.models import Textbook

    book = Textbook.objects.get(isbn="9787516700009")
    book.title = "焊接检验（发布）"
    with django_capture_on_commit_callbacks(execute=True):
        book.save_revision().publish()
    assert Textbook.objects.get(pk=book.pk).live
    assert PendingUpdate.objects.filter(doc_type="textbook", object_id=str(book.pk)).exists()
