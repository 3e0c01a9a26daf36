"""Settings come from the environment only; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), "
    "'host': db.get('HOST'), 'port': db.get('PORT'), 'max_age': db['CONN_MAX_AGE'], "
    "'health': db['CONN_HEALTH_CHECKS'], 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
    "'cache': s.CACHES['default']['BACKEND'], 'email': s.EMAIL_BACKEND, "
    "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'proxy': list(s.SECURE_PROXY_SSL_HEADER or []), "
    "'static': s.STORAGES['staticfiles']['BACKEND'], "
    "'uploads': s.STORAGES['default']['BACKEND'], "
    "'uploads_options': s.STORAGES['default'].get('OPTIONS', {})}))"
)
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-with-plenty-of-entropy-0123456789",
    "DJANGO_ALLOWED_HOSTS": "learning-exchange.example",
    "EMAIL_HOST": "smtp.learning-exchange.example",
}


def run_python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "learning_exchange.settings"
    return subprocess.run(
        [sys.executable, *args], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True
    )


def settings_with(env: dict[str, str]) -> dict:
    result = run_python(env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_beside_manage_py_when_database_url_is_unset():
    loaded = settings_with(PRODUCTION)
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"] == str(ROOT / "db.sqlite3")


def test_postgres_from_database_url_with_persistent_checked_connections():
    loaded = settings_with(
        {**PRODUCTION, "DATABASE_URL": "postgres://exchange:pw@db.internal:6543/exchange"}
    )
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert (loaded["host"], loaded["port"], loaded["name"]) == ("db.internal", 6543, "exchange")
    assert loaded["max_age"] == 60
    assert loaded["health"] is True


def test_missing_secret_key_is_an_error_when_debug_is_off():
    result = run_python({"DJANGO_ALLOWED_HOSTS": "example.org"}, "-c", PROBE)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_by_default_and_development_needs_no_secret():
    assert settings_with(PRODUCTION)["debug"] is False
    development = settings_with({"DJANGO_DEBUG": "true"})
    assert development["debug"] is True
    assert development["email"] == "django.core.mail.backends.console.EmailBackend"
    assert development["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert development["ssl_redirect"] is False
    assert "127.0.0.1" in development["hosts"]


def test_production_values_turn_on_https_smtp_and_compressed_static_files():
    loaded = settings_with(PRODUCTION)
    assert loaded["ssl_redirect"] is True
    assert loaded["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert loaded["hosts"] == ["learning-exchange.example"]
    assert loaded["proxy"] == []


def test_tls_behind_a_proxy_is_configurable():
    loaded = settings_with({**PRODUCTION, "DJANGO_SECURE_PROXY_SSL_HEADER": "true"})
    assert loaded["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_cache_is_local_memory_unless_redis_url_is_set():
    assert settings_with(PRODUCTION)["cache"].endswith("LocMemCache")
    with_redis = settings_with({**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert with_redis["cache"] == "learning_exchange.cache.SharedRedisCache"


def test_uploads_go_to_object_storage_when_a_bucket_is_named():
    assert settings_with(PRODUCTION)["uploads"] == "django.core.files.storage.FileSystemStorage"
    loaded = settings_with(
        {
            **PRODUCTION,
            "DJANGO_STORAGE_BUCKET": "exchange-uploads",
            "DJANGO_STORAGE_ENDPOINT_URL": "http://objects.internal:9000",
            "DJANGO_STORAGE_ACCESS_KEY": "key",
            "DJANGO_STORAGE_SECRET_KEY": "secret",
        }
    )
    assert loaded["uploads"] == "storages.backends.s3.S3Storage"
    options = loaded["uploads_options"]
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "exchange-uploads",
        "http://objects.internal:9000",
    )
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["default_acl"] is None and options["file_overwrite"] is False


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = run_python({**PRODUCTION, "DJANGO_DEBUG": "perhaps"}, "-c", PROBE)
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize(
    ("env", "passes"),
    [
        (PRODUCTION, True),
        ({key: value for key, value in PRODUCTION.items() if key != "EMAIL_HOST"}, False),
    ],
    ids=["production values", "without an SMTP host"],
)
def test_deploy_check(env, passes):
    result = run_python(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert (result.returncode == 0) is passes, result.stderr
    if not passes:
        assert "learning_exchange.W001" in result.stderr


def test_the_shared_cache_makes_one_redis_client_per_connection_pool(settings):
    from django.core.cache.backends.redis import RedisCache

    from learning_exchange.cache import SharedRedisCache

    shared = SharedRedisCache("redis://127.0.0.1:6379/12", {})
    stock = RedisCache("redis://127.0.0.1:6379/12", {})
    assert shared._cache.get_client() is shared._cache.get_client(write=True)
    assert stock._cache.get_client() is not stock._cache.get_client()
    shared.set("shared-cache-check", 1)
    assert shared.get("shared-cache-check") == 1
    shared.delete("shared-cache-check")
