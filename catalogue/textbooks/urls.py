from django.urls import path

from . import downloads, views

app_name = "textbooks"
urlpatterns = [
    path("", views.textbook_list, name="list"),
    path("download/csv/", downloads.textbooks_csv, name="download-csv"),
    path("download/xlsx/", downloads.textbooks_xlsx, name="download-xlsx"),
    path("progress/", views.textbook_progress, name="progress"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/objection/", views.objection_form, name="objection"),
    path("<str:isbn>/", views.textbook_detail, name="detail"),
]
