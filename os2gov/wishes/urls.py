"""The wish pages, mounted at /oensker/. The namespace is ``wishes``: the site's menu and
front page link the "Development wishes" section by ``wishes:list``."""

from django.urls import path

from os2gov.wishes import views
from os2gov.wishes.views import editing, jira_upload

app_name = "wishes"
urlpatterns = [
    # Specific pages first: the action pattern below would take any <pk>/<word>/.
    *jira_upload.urlpatterns,
    *editing.urlpatterns,
    path("", views.overview, name="list"),
    path("mine/", views.mine, name="mine"),
    path("indstillinger/", views.inbox, name="inbox"),
    path("opfoelgning/", views.follow_ups, name="follow-ups"),
    # One product's backlog, and its wishes.
    path("<slug:product>/", views.backlog, name="backlog"),
    path("<slug:product>/nyt/", views.submit, name="submit"),
    path("<slug:product>/lignende/", views.similar, name="similar"),
    path("<slug:product>/prioritering/", views.prioritise, name="prioritise"),
    path("<slug:product>/koereplan/", views.roadmap, name="roadmap"),
    path("<slug:product>/<int:pk>/", views.detail, name="detail"),
    path("<slug:product>/<int:pk>/<slug:action>/", views.act, name="act"),
]
