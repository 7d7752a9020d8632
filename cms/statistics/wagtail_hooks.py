"""The admin's 统计 menu item and view (administrators), and each role's own panels on the admin home."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.users.roles import is_administrator

from . import admin_views

app_urls = (
    [
        path("", admin_views.StatisticsView.as_view(), name="index"),
        path("<slug:key>.csv", admin_views.StatisticsCsvView.as_view(), name="csv"),
    ],
    "statistics_admin",
)


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [path("statistics/", include(app_urls))]


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return AdministratorsMenuItem("统计", reverse("statistics_admin:index"), icon_name="table", order=900)


@hooks.register("construct_homepage_panels")
def show_each_role_its_work(request, panels):
    from .home import construct_panels

    construct_panels(request, panels)
