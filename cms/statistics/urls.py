from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.statistics_page, name="overview"),
    path("<slug:key>.csv", views.statistics_csv, name="csv"),
]
