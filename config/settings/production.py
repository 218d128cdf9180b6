"""Production settings: every secret comes from the environment; HTTPS only."""

from config import env

from .base import *  # noqa: F403

SECRET_KEY = env.secret_key()  # required here: no default
ALLOWED_HOSTS = env.csv("ALLOWED_HOSTS", expects="the host names the site answers to")
DATABASES = {"default": env.database("DATABASE_URL")}

SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# The __Host- prefix binds the cookies to this exact host, over HTTPS, path /.
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_NAME = "__Host-language"
LANGUAGE_COOKIE_SECURE = True
