from django.urls import path

from os2gov.levels import decision_views, model_views, views

# Mounted under /produkter/ before the catalogue's own pages.
app_name = "levels"
urlpatterns = [
    *model_views.urlpatterns,
    *decision_views.urlpatterns,
    path("niveauer/", views.overview, name="overview"),
    path("<slug:slug>/badge.svg", views.badge_svg, name="badge-svg"),
    path("<slug:slug>/badge.json", views.badge_json, name="badge-json"),
    path("<slug:slug>/niveau/", views.compliance, name="compliance"),
    path("<slug:slug>/niveau/bilag/<int:pk>/", views.evidence_file, name="evidence-file"),
    path("<slug:slug>/niveau/<slug:key>/svar/", views.answer, name="answer"),
    path("<slug:slug>/niveau/<slug:key>/verificer/", views.verify, name="verify"),
]
