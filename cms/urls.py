from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access

from cms.history import ScopedSiteHistoryView
from cms.uploads import document_urlpatterns, serve_media

urlpatterns = [
    # Wagtail's site history, narrowed to what each role may see (cms/history.py); before Wagtail's own.
    path("admin/reports/site-history/", require_admin_access(ScopedSiteHistoryView.as_view())),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(ScopedSiteHistoryView.as_view(results_only=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(document_urlpatterns)),  # Wagtail's, with hardened headers (cms/uploads.py)
    path("catalogue/", include("catalogue.urls")),
    path("textbooks/", include("catalogue.textbooks.urls")),
    path("search/", include("search.urls")),
    path("statistics/", include("cms.statistics.urls")),
    path("consultations/", include("cms.consultation.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, view=serve_media, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("api/", include("cms.api.urls"))]
urlpatterns += [path("", include(wagtail_urls))]
