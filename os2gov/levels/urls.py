from django.urls import path

from os2gov.levels import views

# Mounted under /produkter/ before the catalogue's own pages.
app_name = "levels"
urlpatterns = [
    path("<slug:slug>/badge.svg", views.badge_svg, name="badge-svg"),
    path("<slug:slug>/badge.json", views.badge_json, name="badge-json"),
]
