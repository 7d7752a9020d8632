"""factory_boy factories: consultations on a standard's draft or on adjustments, and public comments."""

import datetime

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from .models import Comment, Consultation, snapshot_adjustments


class ConsultationFactory(DjangoModelFactory):
    """Open now, for two weeks. Pass `page=<standard>` (its latest revision is opened) or `adjustments=[...]`."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    subject = factory.LazyAttribute(
        lambda o: Consultation.Subject.STANDARD if o.page else Consultation.Subject.ADJUSTMENTS
    )
    title = factory.Faker("sentence", locale="zh_CN")
    explanation = factory.Faker("paragraph", locale="zh_CN")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    page = None
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + datetime.timedelta(days=14))
    revision = factory.LazyAttribute(lambda o: o.page.get_latest_revision() if o.page else None)
    category = factory.LazyAttribute(lambda o: o.page.specific.standard_category() if o.page else None)

    @factory.post_generation
    def adjustments(self, create, extracted, **kwargs):
        if create and extracted:
            self.adjustments.set(extracted)
            self.adjustment_snapshot = snapshot_adjustments(extracted)
            self.save(update_fields=["adjustment_snapshot"])


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    name = factory.Faker("name", locale="zh_CN")
    organisation = factory.Faker("company", locale="zh_CN")
    email = factory.Faker("email")
    text = factory.Faker("paragraph", locale="zh_CN")
