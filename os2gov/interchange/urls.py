"""Interchange pages, mounted at /udveksling/: publiccode.yml and governance reports."""

from os2gov.interchange import publiccode_views, report_views

app_name = "interchange"
urlpatterns = [*publiccode_views.urlpatterns, *report_views.urlpatterns]
