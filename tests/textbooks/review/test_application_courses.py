"""The application names its course from the program's current standard; the review records that version."""

from django.urls import reverse

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from catalogue.textbooks.models import ReviewEvent, Textbook
from catalogue.textbooks.review import services
from catalogue.textbooks.review.services import ReviewError
from standards.factories import publish_standard
from standards.models import ProgramCourse

from .test_upload import ADD, application, files, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def welding(db):
    program = ProgramFactory(category=CategoryFactory(code="01"), code="0106", name="焊接加工")
    publish_standard(program, [("C01", "焊条电弧焊", 120), ("C02", "气体保护焊", 80)])
    return program


def test_the_form_offers_the_current_courses_and_refuses_one_of_another_program(client, publisher_a, welding):
    other = ProgramFactory(category=welding.category, code="0107", name="钳加工")
    publish_standard(other, [("C01", "錾削", 60)])
    client.force_login(publisher_a)
    html = client.get(reverse(ADD)).content.decode()
    assert "0106 焊接加工 · C02 气体保护焊" in html and "0107 钳加工 · C01 錾削" in html

    wrong = ProgramCourse.objects.get(program=other)
    data = form_data(client, reverse(ADD), **application(kind="integrated"))
    data.setlist("programs", [str(welding.pk)])
    data.setlist("courses", [str(wrong.pk)])
    response = client.post(reverse(ADD), {**{k: data.getlist(k) for k in data}, **files()})
    assert response.status_code == 200
    assert "所选课程 C01 錾削（0107） 不属于所选适用专业" in response.content.decode()
    assert not Textbook.objects.exists()

    right = ProgramCourse.objects.get(program=welding, code="C02")
    data.setlist("courses", [str(right.pk)])
    data["course"] = ""
    assert client.post(reverse(ADD), {**{k: data.getlist(k) for k in data}, **files()}).status_code == 302
    textbook = Textbook.objects.get()
    assert list(textbook.courses.all()) == [right] and textbook.course == "气体保护焊"


def test_submission_needs_the_course_and_records_the_standard_version(publisher_a, org_a, welding):
    from catalogue.textbooks.factories import TextbookFactory

    textbook = TextbookFactory(publisher=org_a, programs=[welding], kind="integrated")
    with pytest.raises(ReviewError) as refused:
        services.submit(textbook, publisher_a)
    assert "请从专业「焊接加工（0106）」现行培养标准中选择教材对应的一体化课程。" in refused.value.problems

    textbook.courses.set([ProgramCourse.objects.get(program=welding, code="C01")])
    textbook.save()
    services.submit(textbook, publisher_a)

    version = welding.training_standard.current_version
    assert list(textbook.reviewed_against.all()) == [version]
    event = ReviewEvent.objects.get(textbook=textbook, action="submit")
    assert event.data["standard_versions"] == [str(version)]


def test_a_title_hiding_a_bidi_override_is_refused_in_the_form(client, publisher_a):
    client.force_login(publisher_a)
    data = form_data(client, reverse(ADD), **application(title="焊接\u202e艺工"))
    response = client.post(reverse(ADD), {**{k: data.getlist(k) for k in data}, **files()})
    assert response.status_code == 200
    assert "含有不可见的控制字符 U+202E" in response.content.decode()
    assert not Textbook.objects.exists()
