"""Categories, programs, editions and the edition diff through the API, against the demo catalogue."""

import io
import json

from django.core.management import call_command

import pytest

from catalogue.models import Program
from cms.api.params import MAX_LIMIT, MAX_OFFSET

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    return response, response.json()


def test_categories_count_programs_in_force(client, catalogue_2025):
    response, body = get(client, "/api/v1/categories")
    assert response.status_code == 200
    by_code = {c["code"]: c for c in body}
    assert by_code["01"]["name"] == "机械类"
    total = sum(c["programs_in_force"] for c in body)
    assert total == Program.objects.in_force().count() == 169


def test_programs_are_paged_and_filtered(client, catalogue_2025):
    _, first = get(client, "/api/v1/programs", limit=5)
    assert first["count"] == 169 and first["limit"] == 5 and len(first["items"]) == 5
    _, second = get(client, "/api/v1/programs", limit=5, offset=5)
    assert {p["code"] for p in first["items"]}.isdisjoint(p["code"] for p in second["items"])

    _, machinery = get(client, "/api/v1/programs", category="01", level="technician", limit=100)
    assert machinery["items"] and all(
        p["category"] == "01" and "technician" in p["levels"] for p in machinery["items"]
    )
    expected = Program.objects.in_force().filter(category__code="01", offers_technician=True).count()
    assert machinery["count"] == expected


def test_retired_programs_only_on_request(client, catalogue_2025):
    retired = Program.objects.filter(status=Program.Status.RETIRED)
    assert retired.exists()
    _, current = get(client, "/api/v1/programs", limit=100, offset=100)
    assert not {p["code"] for p in current["items"]} & set(retired.values_list("code", flat=True))
    _, body = get(client, "/api/v1/programs", status="retired", limit=100)
    assert sorted(p["code"] for p in body["items"]) == sorted(retired.values_list("code", flat=True))
    assert all(p["status"] == "retired" for p in body["items"])


def test_program_detail_shows_successors_and_editions(client, catalogue_2025):
    old = Program.objects.filter(status=Program.Status.RETIRED, successor_links__isnull=False).first()
    response, body = get(client, f"/api/v1/programs/{old.code}")
    assert response.status_code == 200
    assert body["status"] == "retired" and body["successors"]
    assert {s["code"] for s in body["successors"]} == set(old.successors().values_list("code", flat=True))
    assert "2018" in body["editions"]


def test_bad_and_unknown_program_parameters_answer_in_chinese(client, catalogue_2025):
    response, body = get(client, "/api/v1/programs/9999")
    assert response.status_code == 404 and "专业代码“9999”不存在" in body["detail"]
    response, body = get(client, "/api/v1/programs/abc")
    assert response.status_code == 422 and "code" in body["detail"] and "格式不正确" in body["detail"]
    response, body = get(client, "/api/v1/programs", limit=1000)
    assert response.status_code == 422
    assert body["errors"] == [{"parameter": "limit", "message": "不能大于 100"}]
    response, body = get(client, "/api/v1/programs", level="expert", category="99")
    assert response.status_code == 422 and "level" in body["detail"] and "可选值" in body["detail"]
    response, body = get(client, "/api/v1/programs", category="99")
    assert response.status_code == 422 and "专业大类代码“99”不存在" in body["detail"]


def test_editions_and_their_programs_as_they_stood(client, catalogue_2025):
    _, editions = get(client, "/api/v1/editions")
    assert [e["name"] for e in editions] == ["2018", "2025"]
    _, old = get(client, "/api/v1/editions/2018/programs", limit=100, offset=100)
    _, new = get(client, "/api/v1/editions/2025/programs", limit=1, offset=0)
    assert old["edition"] == "2018" and old["count"] == editions[0]["program_count"]
    assert new["count"] == editions[1]["program_count"] == 169
    response, body = get(client, "/api/v1/editions/1999/programs")
    assert (
        response.status_code == 404
        and "目录版本“1999”不存在" in body["detail"]
        and "2018、2025" in body["detail"]
    )


def test_edition_diff_matches_the_management_command(client, catalogue_2025):
    response, body = get(client, "/api/v1/editions/diff", old="2018", new="2025")
    assert response.status_code == 200
    out = io.StringIO()
    call_command("catalogue_diff", "2018", "2025", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {k: body[k] for k in ("added", "retired", "renamed")}
    assert body["added"] and len(body["rows"]) == len(body["added"]) + len(body["retired"]) + len(
        body["renamed"]
    )
    assert {"新增", "撤销"} & {row["change"] for row in body["rows"]}


def test_edition_diff_needs_two_known_editions(client, catalogue_2025):
    response, body = get(client, "/api/v1/editions/diff", old="2018")
    assert response.status_code == 422 and body["errors"] == [{"parameter": "new", "message": "缺少必填参数"}]
    response, body = get(client, "/api/v1/editions/diff", old="2018", new="2030")
    assert response.status_code == 404 and "2030" in body["detail"]


def test_unknown_api_address_is_a_json_404(client, db):
    response, body = get(client, "/api/v1/nothing-here")
    assert response.status_code == 404 and "接口地址" in body["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/programs", "/api/v1/textbooks", "/api/v1/standards", "/api/v1/editions/2018/programs"]
)
def test_largest_allowed_offset_is_an_empty_page_not_an_error(client, catalogue_2025, url):
    """The bound exists so no database sees an offset it cannot hold (a huge one was a 500 on SQLite)."""
    response, body = get(client, url, offset=MAX_OFFSET, limit=MAX_LIMIT)
    assert response.status_code == 200 and body["items"] == [] and body["offset"] == MAX_OFFSET
    response, body = get(client, url, offset=MAX_OFFSET + 1)
    assert response.status_code == 422 and body["errors"][0]["parameter"] == "offset"
