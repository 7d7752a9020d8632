"""One admin step on one object (approve an adjustment, submit or return a report): a confirmation page titled
with the step under the object's name, its breadcrumbs running through the listing and the object's own page."""

from django.contrib.admin.utils import quote
from django.urls import reverse


class ObjectActionMixin:
    """For a Wagtail admin view with `self.object`, `index_url_name` and `inspect_url_name` set."""

    index_url_name = None
    inspect_url_name = None

    def get_page_subtitle(self):
        return str(self.object)

    def get_inspect_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": type(self.object)._meta.verbose_name_plural},
            {"url": self.get_inspect_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]
