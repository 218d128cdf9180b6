from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "os2gov.accounts"
    label = "accounts"
