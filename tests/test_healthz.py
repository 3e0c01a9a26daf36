import pytest
from django.db import connection
from django.db.utils import load_backend

from learning_exchange import middleware


@pytest.fixture
def unreachable_database(monkeypatch):
    """A connection to a database that really does not answer: nothing listens on port 1,
    and SQLite cannot create a file in a directory that does not exist."""
    settings_dict = {
        **connection.settings_dict,
        "NAME": "/nonexistent-directory/learning_exchange.sqlite3"
        if connection.vendor == "sqlite"
        else "learning_exchange",
        "HOST": "127.0.0.1",
        "PORT": "1",
        "OPTIONS": {"connect_timeout": 2} if connection.vendor == "postgresql" else {},
    }
    backend = load_backend(settings_dict["ENGINE"])
    dead = backend.DatabaseWrapper(settings_dict, alias="unreachable")
    monkeypatch.setattr(middleware, "connection", dead)
    yield dead
    dead.close()


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


@pytest.mark.django_db
def test_healthz_answers_any_host_and_plain_http(client, settings):
    # Load balancers call it by IP address, over HTTP, before TLS and host checks.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
