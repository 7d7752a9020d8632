from django.urls import path

from . import downloads, views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("download/csv/", downloads.catalogue_csv, name="download-csv"),
    path("download/xlsx/", downloads.catalogue_xlsx, name="download-xlsx"),
    path("programs/<str:code>/", views.program_detail, name="program"),
    path("editions/", views.edition_list, name="editions"),
    path("compare/", views.compare, name="compare"),
]
