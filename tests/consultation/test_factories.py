"""Every factory of the app builds a consultation the pages can show."""

import pytest

from catalogue.factories import AdjustmentFactory
from cms.consultation.factories import CommentFactory, ConsultationFactory
from cms.consultation.models import Comment, Consultation

pytestmark = pytest.mark.django_db


def test_every_factory_builds(standard, category):
    on_standard = ConsultationFactory(page=standard)
    assert on_standard.subject == Consultation.Subject.STANDARD and on_standard.is_open()
    assert on_standard.draft().info == standard.get_latest_revision_as_object().info
    adjustment = AdjustmentFactory(targets=[(category.code + "60", "测试新增专业")])
    on_adjustments = ConsultationFactory(adjustments=[adjustment], category=category)
    assert on_adjustments.section_choices() == [(adjustment.reference, f"{adjustment.reference} 新增")]
    assert CommentFactory(consultation=on_standard).status == Comment.Status.PENDING
