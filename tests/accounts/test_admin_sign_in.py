"""The admin is signed in to through allauth, under its limits, and its bulk actions keep the
rules of its change forms."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import PARTNERS_GROUP, User
from tests.factories import PASSWORD, make_organisation, make_user
from tests.helpers import client_as

ROLES = ["anonymous", "member", "partner", "staff", "superuser"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 403), ("partner", 403), ("staff", 302), ("superuser", 302)],
)
def test_admin_sign_in_page_sends_each_role_where_it_belongs(client, request, role, status):
    response = client_as(client, request, role).get("/admin/login/?next=/admin/")
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    elif status == 302:
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_admin_index_sends_visitors_to_allauths_sign_in_and_back(client, staff):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    response = client.post(
        "/accounts/login/?next=%2Fadmin%2F", {"login": staff.email, "password": PASSWORD}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["wrong-password", PASSWORD])
def test_a_password_posted_to_the_admin_sign_in_signs_nobody_in(client, staff, password):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": password}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "partner", "staff", "superuser"])
def test_after_allauths_limit_of_failed_attempts_even_the_right_password_is_refused(
    client, request, role
):
    user = request.getfixturevalue(role)
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
        assert response.status_code == 422
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 422
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Nor does the admin's own sign-in offer a way round it.
    client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_too_many_sign_in_attempts_from_one_address_are_answered_429(client, member):
    statuses = [
        client.post(
            "/accounts/login/", {"login": f"guess{number}@example.org", "password": "x"}
        ).status_code
        for number in range(31)
    ]
    assert statuses[-1] == 429
    assert (
        client.post("/accounts/login/", {"login": member.email, "password": PASSWORD}).status_code
        == 429
    )
    assert "_auth_user_id" not in client.session


@pytest.fixture
def accounts_to_confirm(db):
    organisation = make_organisation(name="Red Andina")
    return {
        "member": make_user(name="Plain Member", organisation=organisation),
        "staff": make_user(name="Other Staff", is_staff=True, organisation=organisation),
        "superuser": make_user(
            name="Other Admin", is_staff=True, is_superuser=True, organisation=organisation
        ),
    }


@pytest.mark.django_db
def test_staff_bulk_confirmation_skips_accounts_they_cannot_change(
    staff_client, accounts_to_confirm
):
    response = staff_client.post(
        "/admin/accounts/user/",
        {
            "action": "confirm_partners",
            "_selected_action": [user.pk for user in accounts_to_confirm.values()],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "1 member confirmed as a partner." in html
    assert "Other Staff can reach the admin: only a superuser can change them." in html
    assert "Other Admin can reach the admin: only a superuser can change them." in html
    partners = Group.objects.get(name=PARTNERS_GROUP)
    confirmed = set(partners.user_set.values_list("name", flat=True))
    assert confirmed == {"Plain Member"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("member", 302), ("partner", 302)]
)
def test_only_the_admin_runs_bulk_confirmation(client, request, role, status, accounts_to_confirm):
    response = client_as(client, request, role).post(
        "/admin/accounts/user/",
        {"action": "confirm_partners", "_selected_action": [accounts_to_confirm["member"].pk]},
    )
    assert response.status_code == status
    assert not User.objects.get(name="Plain Member").is_partner


@pytest.mark.django_db
def test_superusers_bulk_confirm_anyone(superuser_client, accounts_to_confirm):
    response = superuser_client.post(
        "/admin/accounts/user/",
        {
            "action": "confirm_partners",
            "_selected_action": [user.pk for user in accounts_to_confirm.values()],
        },
        follow=True,
    )
    assert "3 members confirmed as partners." in response.content.decode()
    partners = Group.objects.get(name=PARTNERS_GROUP)
    assert partners.user_set.count() == 3
