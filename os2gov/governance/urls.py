"""Governance pages, mounted at /organer/. The namespace is ``groups``: the site's menu
and front page link the "Bodies and groups" section by ``groups:list``."""

from django.urls import path

from os2gov.governance import views

app_name = "groups"
urlpatterns = [
    path("", views.body_list, name="list"),
    # A product's groups. Group slugs never take the product-level words (see services).
    path("grupper/<slug:product>/", views.product_governance, name="product"),
    path("grupper/<slug:product>/kontakt/", views.contact, name="contact"),
    path("grupper/<slug:product>/<slug:group>/", views.group_detail, name="group"),
    path(
        "grupper/<slug:product>/<slug:group>/medlemmer/ny/",
        views.membership_add,
        name="membership-add",
    ),
    path(
        "grupper/<slug:product>/<slug:group>/medlemmer/<int:pk>/afslut/",
        views.membership_end,
        name="membership-end",
    ),
    path(
        "grupper/<slug:product>/<slug:group>/indstillinger/",
        views.group_settings,
        name="group-settings",
    ),
    # The association's bodies.
    path("<slug:slug>/", views.body_detail, name="body"),
    path("<slug:slug>/beslutninger/", views.body_decisions, name="body-decisions"),
]
