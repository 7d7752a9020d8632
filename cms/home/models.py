from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The public site's root: the way in for teachers, with links to the catalogue."""

    intro = RichTextField("简介", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["standards.StandardsIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"
