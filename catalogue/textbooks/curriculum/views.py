"""复核提示: the open flags staff follow up and publishers answer, and clearing one with a note."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

from ..models import CurriculumFlag
from ..review.scope import is_staff, publisher_organisation_id
from ..review.views import AdminPage
from .flags import FlagError, clear_flag


def visible_flags(user):
    if is_staff(user):
        return CurriculumFlag.objects.all()
    organisation = publisher_organisation_id(user)
    if organisation:
        return CurriculumFlag.objects.filter(textbook__publisher_id=organisation)
    return CurriculumFlag.objects.none()


def can_see_flags(user):
    return is_staff(user) or publisher_organisation_id(user) is not None


class FlagListView(AdminPage, TemplateView):
    template_name = "textbooks/curriculum/flags.html"
    page_title = "复核提示"
    header_icon = "warning"
    per_page = 50

    def dispatch(self, request, *args, **kwargs):
        if not can_see_flags(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        show = self.request.GET.get("show", "open")
        flags = visible_flags(self.request.user).select_related(
            "textbook__publisher", "program", "standard_version", "adjustment", "cleared_by"
        )
        if show != "all":
            flags = flags.open()
        page = Paginator(flags, self.per_page).get_page(self.request.GET.get("p"))
        return super().get_context_data(page=page, flags=page.object_list, show=show, **kwargs)


class ClearFlagView(View):
    def post(self, request, pk):
        flag = get_object_or_404(visible_flags(request.user), pk=pk)
        try:
            clear_flag(flag, request.user, request.POST.get("note"))
        except FlagError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已处理《{flag.textbook.title}》的复核提示。")
        return redirect(reverse("textbook_review:flags"))


class FlagMenuItem(MenuItem):
    """复核提示 for staff and publishers, with the open count in the label."""

    def is_shown(self, request):
        return can_see_flags(request.user)

    def render_component(self, request):
        count = visible_flags(request.user).open().count()
        label = f"{self.label}（{count}）" if count else self.label
        return LinkMenuItemComponent(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)
