import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.factories import PASSWORD
from tests.helpers import run_tasks

SIGNUP = {
    "name": "Nadia Newcomer",
    "email": "nadia@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


@pytest.mark.django_db
def test_signup_creates_an_unverified_member_and_sends_a_verification_email(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="nadia@example.org")
    assert user.name == "Nadia Newcomer"
    assert user.groups.count() == 0
    assert not EmailAddress.objects.get(user=user).verified
    assert mail.outbox == []  # the worker sends it
    assert run_tasks() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"]
    assert mail.outbox[0].subject.startswith("[Learning Exchange]")
    assert "Hello from Learning Exchange!" in mail.outbox[0].body
    assert "example.com" not in mail.outbox[0].body


@pytest.mark.django_db
def test_member_cannot_sign_in_before_verifying_then_can_after(client):
    client.post("/accounts/signup/", SIGNUP)
    client.post("/accounts/logout/")
    response = client.post(
        "/accounts/login/", {"login": "nadia@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    run_tasks()
    link = confirmation_link(mail.outbox[-1])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nadia@example.org").verified

    user = User.objects.get(email="nadia@example.org")
    response = client.get(f"/members/{user.pk}/")
    assert "Edit your profile" in response.content.decode()


@pytest.mark.django_db
def test_verified_member_signs_in_by_email_in_any_case(client, member):
    response = client.post(
        "/accounts/login/", {"login": member.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.django_db
def test_signup_errors_are_shown_beside_fields_and_keep_what_was_typed(client, member):
    response = client.post(
        "/accounts/signup/",
        {**SIGNUP, "name": "", "email": "nadia@", "password2": "something else"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "name" in form.errors
    assert "email" in form.errors
    assert "password2" in form.errors
    html = response.content.decode()
    assert 'value="nadia@"' in html
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_signup_with_a_taken_email_creates_nothing_and_does_not_reveal_the_account(client, member):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": member.email})
    assert response.status_code == 302
    assert User.objects.filter(email=member.email).count() == 1
    run_tasks()
    assert mail.outbox[0].to == [member.email]


@pytest.mark.django_db
def test_hostile_name_is_stored_as_typed_and_shown_escaped(client):
    hostile = '<script>alert("x")</script> Ōla'
    client.post("/accounts/signup/", {**SIGNUP, "name": hostile})
    user = User.objects.get(email="nadia@example.org")
    assert user.name == hostile
    EmailAddress.objects.filter(user=user).update(verified=True)  # profiles show once verified
    html = client.get(f"/members/{user.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Ōla" in html


@pytest.mark.django_db
def test_wrong_password_gets_a_clear_error_and_no_session(client, member):
    response = client.post("/accounts/login/", {"login": member.email, "password": "nope"})
    assert response.status_code == 422
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_sets_a_new_password(client, member):
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    run_tasks()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new_password = "another-long-password-77"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)


@pytest.mark.django_db
def test_sign_out_needs_a_post(member_client):
    assert member_client.get("/accounts/logout/").status_code == 200
    assert "_auth_user_id" in member_client.session
    member_client.post("/accounts/logout/")
    assert "_auth_user_id" not in member_client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "greeting", "link_prefix"),
    [
        ("/fr", "Bonjour", "/fr/accounts/"),
        ("/es", "Hola", "/es/accounts/"),
        ("/ar", "مرحب", "/ar/accounts/"),
    ],
)
def test_verification_email_is_written_in_the_language_of_the_signup(
    client, prefix, greeting, link_prefix
):
    response = client.post(f"{prefix}/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    run_tasks()
    message = mail.outbox[0]
    assert greeting in message.body
    assert "Learning Exchange" in message.body and "example.com" not in message.body
    assert link_prefix + "confirm-email/" in message.body
