"""factory_boy factories for planned textbooks, used by tests and nothing else at run time."""

import factory
from factory.django import DjangoModelFactory

from catalogue.factories import OrganisationFactory

from .isbn import check_digit
from .models import Textbook

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def isbn_for(n):
    first = f"97875045{n % 10000:04d}"
    return first + check_digit(first)


class TextbookFactory(DjangoModelFactory):
    """A publisher's application as a draft (not live) with both PDFs uploaded, ready to submit."""

    class Meta:
        model = Textbook
        django_get_or_create = ["isbn"]
        skip_postgeneration_save = True

    isbn = factory.Sequence(isbn_for)
    title = factory.Sequence(lambda n: f"测试教材{n}")
    publisher = factory.SubFactory(OrganisationFactory)
    editors = factory.LazyFunction(lambda: ["张三"])
    kind = "foundation"
    level = "intermediate"
    live = False
    sample_file = factory.django.FileField(filename="sample.pdf", data=PDF_BYTES)
    toc_file = factory.django.FileField(filename="toc.pdf", data=PDF_BYTES)

    @factory.post_generation
    def programs(self, create, extracted, **kwargs):
        if create and extracted:
            self.programs.set(extracted)
            self.save()
