"""When the database does not answer, pages say so with a 503 and keep what was written."""

import pytest
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    InternalError,
    OperationalError,
    ProgrammingError,
)
from django.test import Client

from tests.factories import comment_form_data, make_report

pytestmark = pytest.mark.django_db


def fail(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


def test_a_page_answers_a_branded_503_without_a_traceback(monkeypatch):
    monkeypatch.setattr("pages.views.hashtag_uses", fail)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "We are back in a moment" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_a_comment_sent_while_the_database_is_away_stays_in_the_form(monkeypatch, partner, staff):
    report = make_report(author=staff)
    monkeypatch.setattr("discussion.views.comment_post", fail)
    client = Client(raise_request_exception=False)
    client.force_login(partner)
    data = comment_form_data(report, "Words <b>worth</b> keeping.")
    response = client.post("/comments/post/", data)
    assert response.status_code == 503
    page = response.content.decode()
    assert "What you wrote has not been saved yet" in page
    assert "Words &lt;b&gt;worth&lt;/b&gt; keeping." in page
    assert f'name="security_hash" value="{data["security_hash"]}"' in page
    monkeypatch.undo()
    fields = dict(data, comment="Words <b>worth</b> keeping.")
    assert client.post("/comments/post/", fields).status_code == 302


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (OperationalError("server closed the connection unexpectedly"), 503),
        (InterfaceError("connection already closed"), 503),
        (IntegrityError("duplicate key value violates unique constraint"), 500),
        (DataError("value too long for type character varying(200)"), 500),
        (ProgrammingError("syntax error in tsquery"), 500),
        (InternalError("tsquery stack too small"), 500),
        (DatabaseError("something else"), 500),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_a_lost_connection_is_called_an_outage(monkeypatch, error, status, method):
    def raise_error(*args, **kwargs):
        raise error

    monkeypatch.setattr("pages.views.hashtag_uses", raise_error)
    response = getattr(Client(raise_request_exception=False), method)("/", {"comment": "Kept"})
    assert response.status_code == status
    page = response.content.decode()
    if status == 503:
        assert response["Retry-After"] == "10" and "We are back in a moment" in page
    else:
        assert "Retry-After" not in response and "Something went wrong on our side" in page
        assert "cannot reach its database" not in page
    assert type(error).__name__ not in page and "Traceback" not in page
