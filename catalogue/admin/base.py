"""Shared admin view behaviour: saves recorded by reversion with user and comment, edits checked per object.

There is no RevisionMiddleware: every create/edit view of the register wraps its save in a revision here.
"""

import datetime

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.views import generic

import reversion

EMPTY = "—"
YES_NO = {True: "是", False: "否"}


def local_time(moment):
    """A recorded moment as people here read it: Shanghai time, to the second."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


class ReversionSaveMixin:
    """Wrap the create/edit save in a reversion revision carrying the user and a comment."""

    def save_instance(self):
        # Added by hand once everything is saved: on post_save, a cluster's in-memory relations
        # (ParentalManyToManyField, inline children) are not committed yet and would be recorded wrong.
        with reversion.create_revision(manage_manually=True):
            instance = super().save_instance()
            reversion.add_to_revision(instance)
            reversion.set_user(self.request.user)
            reversion.set_comment(self.get_revision_comment(instance))
        return instance

    def get_revision_comment(self, instance):
        verb = "修改" if isinstance(self, generic.EditView) else "新建"
        return f"在管理后台{verb}{instance._meta.verbose_name}“{instance}”"


class InstancePermissionMixin:
    """Refuse the edit (GET and POST) of an object outside the user's scope, not just hide its button."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.user_has_permission_for_instance(self.permission_required, instance):
            raise PermissionDenied
        return instance


class ScopedIndexView(generic.IndexView):
    """Edit links only where the user may edit that very object."""

    def get_edit_url(self, instance):
        if self.edit_url_name and self.user_has_permission_for_instance("change", instance):
            return reverse(self.edit_url_name, args=(quote(instance.pk),))


class ScopedInspectView(generic.InspectView):
    """Inspect view with Chinese labels for computed fields, 是/否 for booleans, a dash for empty values and scoped
    edit links."""

    extra_labels = {}

    def get_edit_url(self):
        if self.edit_url_name and self.user_has_permission_for_instance("change", self.object):
            return reverse(self.edit_url_name, args=(quote(self.object.pk),))

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return self.extra_labels[field_name]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return local_time(value)  # the generic template would print it in UTC
        if isinstance(value, bool):
            return YES_NO[value]  # not Python's True/False
        return EMPTY if value is None or value == "" or value == [] else value


class ScopedEditView(InstancePermissionMixin, ReversionSaveMixin, generic.EditView):
    pass


class RevisionCreateView(ReversionSaveMixin, generic.CreateView):
    pass
