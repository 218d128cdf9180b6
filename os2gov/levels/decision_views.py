"""Pages for the decisions around a product's level: deviations accepted by the business
committee, evaluations, and the two-step level approvals (PRD-05, PRD-06)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
