"""Sign-up under two sign-ups at once, and sign-up timing that tells no address apart."""

from unittest import mock

import pytest
from allauth.account.internal.flows import manage_email
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import get_hasher
from django.core import mail

from accounts.models import User
from tests.accounts.test_signup import SIGNUP
from tests.factories import make_user
from tests.helpers import run_tasks


def _hashing_spied():
    """Counts the passwords the configured hasher encodes."""
    hasher = type(get_hasher())
    return mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode)


def _taken_meanwhile(email):
    """The check finds the address free, as when another sign-up saves it right after."""
    return email, False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "A user is already registered with this email address."),
        ("/fr", "Un autre utilisateur utilise déjà cette adresse e-mail."),
        ("/ar", "هنالك مستخدم مسجل سابقا يستخدم عنوان البريد الإلكتروني نفسه."),
    ],
)
def test_a_sign_up_that_loses_the_race_for_its_address_gets_the_form_back(client, prefix, message):
    winner = make_user(email="nadia@example.org", name="First Nadia", verified=False)
    with mock.patch.object(manage_email, "email_already_exists", _taken_meanwhile):
        response = client.post(
            f"{prefix}/accounts/signup/", {**SIGNUP, "email": "Nadia@example.org"}
        )
    assert response.status_code == 422
    assert response.context["form"].errors["email"] == [message]
    html = response.content.decode()
    assert 'value="Nadia Newcomer"' in html and 'value="Nadia@example.org"' in html
    assert list(User.objects.values_list("name", flat=True)) == ["First Nadia"]
    assert list(EmailAddress.objects.values_list("user", flat=True)) == [winner.pk]
    assert run_tasks() == 0 and mail.outbox == []
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "partner", "staff", "superuser"])
def test_a_race_with_any_existing_account_saves_nothing(client, request, role):
    existing = request.getfixturevalue(role)
    with mock.patch.object(manage_email, "email_already_exists", _taken_meanwhile):
        response = client.post("/accounts/signup/", {**SIGNUP, "email": existing.email})
    assert response.status_code == 422
    assert User.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name != SIGNUP["name"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member", "partner", "staff", "superuser"])
def test_sign_up_hashes_a_password_once_whether_or_not_the_address_is_known(client, request, role):
    # The address is a new one for anonymous, otherwise that role's account's.
    email = "nadia@example.org" if role == "anonymous" else request.getfixturevalue(role).email
    with _hashing_spied() as hashing:
        response = client.post("/accounts/signup/", {**SIGNUP, "email": email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert hashing.call_count == 1
    assert hashing.call_args.args[1] == SIGNUP["password1"]
    assert User.objects.filter(email__iexact=email).count() == 1
    run_tasks()
    assert mail.outbox[0].to == [email]


@pytest.mark.django_db
def test_an_invalid_sign_up_hashes_nothing_for_a_known_address_or_a_new_one(client, member):
    with _hashing_spied() as hashing:
        for email in (member.email, "nadia@example.org"):
            response = client.post(
                "/accounts/signup/", {**SIGNUP, "email": email, "password2": "different"}
            )
            assert response.status_code == 422
    assert hashing.call_count == 0
