"""Production settings: every secret comes from the environment; HTTPS only.

Set ``DJANGO_SETTINGS_MODULE=config.settings.production``. Required: ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``DATABASE_URL``; every variable is listed in docs/configuration.md.
"""

from config import env

from .base import *  # noqa: F403

SECRET_KEY = env.secret_key()  # required here: no default
ALLOWED_HOSTS = env.csv("ALLOWED_HOSTS", expects="the host names the site answers to")
DATABASES = {"default": env.database("DATABASE_URL")}

SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
# Load balancers probe the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# The __Host- prefix binds each cookie to this exact host: browsers accept it only when it
# is Secure, has path / and names no domain, so a sibling subdomain cannot set or read it.
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_PATH = "/"
CSRF_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_NAME = "__Host-language"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_PATH = "/"
LANGUAGE_COOKIE_DOMAIN = None
