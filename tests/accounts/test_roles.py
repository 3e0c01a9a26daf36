import pytest
from django.contrib.auth.models import Group

from accounts.models import PARTNERS_GROUP, STAFF_GROUP, User
from tests.factories import make_organisation, make_user


@pytest.mark.django_db
def test_migrations_create_the_staff_and_partners_groups_with_their_permissions():
    staff = Group.objects.get(name=STAFF_GROUP)
    assert set(staff.permissions.values_list("codename", flat=True)) >= {
        "view_user",
        "change_user",
        "view_organisation",
        "add_organisation",
        "change_organisation",
    }
    assert "delete_user" not in set(staff.permissions.values_list("codename", flat=True))
    assert Group.objects.filter(name=PARTNERS_GROUP).exists()


@pytest.mark.django_db
def test_roles_follow_group_membership(member, partner, staff, superuser):
    assert (member.is_partner, member.is_staff_member) == (False, False)
    assert (partner.is_partner, partner.is_staff_member) == (True, False)
    assert (staff.is_partner, staff.is_staff_member) == (False, True)
    assert superuser.is_staff_member


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 302), ("partner", 302), ("staff", 200), ("superuser", 200)],
)
def test_only_staff_reach_the_user_admin(client, request, role, status):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/accounts/user/")
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_user_admin_lists_members_in_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    organisation = make_organisation()
    for _ in range(3):
        make_user(organisation=organisation)
    with django_assert_max_num_queries(12) as small:
        staff_client.get("/admin/accounts/user/")
    for _ in range(20):
        make_user(organisation=make_organisation())
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get("/admin/accounts/user/?q=Person")
    assert response.status_code == 200


@pytest.mark.django_db
def test_staff_confirm_a_partner_with_the_admin_action(staff_client, member, organisation):
    member.organisation = organisation
    member.save()
    homeless = make_user(name="No Organisation")
    response = staff_client.post(
        "/admin/accounts/user/",
        {"action": "confirm_partners", "_selected_action": [member.pk, homeless.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert User.objects.get(pk=member.pk).is_partner
    assert not User.objects.get(pk=homeless.pk).is_partner
    html = response.content.decode()
    assert "1 member confirmed as a partner." in html
    assert "No Organisation has no organisation yet" in html


@pytest.mark.django_db
def test_staff_cannot_make_anyone_a_superuser_in_the_admin(staff_client, staff):
    response = staff_client.get(f"/admin/accounts/user/{staff.pk}/change/")
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()
    assert 'name="groups"' in response.content.decode()


@pytest.mark.django_db
def test_superuser_can_grant_admin_flags(superuser_client, member):
    response = superuser_client.get(f"/admin/accounts/user/{member.pk}/change/")
    assert 'name="is_superuser"' in response.content.decode()


@pytest.mark.django_db
def test_organisation_admin_searches_and_filters(staff_client):
    make_organisation(name="Red de Aprendizaje", country="BO")
    make_organisation(name="Sahel Savoirs", country="ML")
    response = staff_client.get("/admin/accounts/organisation/?q=Sahel")
    html = response.content.decode()
    assert "Sahel Savoirs" in html and "Red de Aprendizaje" not in html
    response = staff_client.get("/admin/accounts/organisation/?country=BO")
    html = response.content.decode()
    assert "Red de Aprendizaje" in html and "Sahel Savoirs" not in html


@pytest.mark.django_db
def test_staff_cannot_change_admin_accounts_or_passwords(staff_client, superuser, member):
    response = staff_client.post(
        f"/admin/accounts/user/{superuser.pk}/change/", {"name": "Taken over"}
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.name == "Ada Admin"
    assert staff_client.get(f"/admin/accounts/user/{member.pk}/password/").status_code == 403
    assert staff_client.get(f"/admin/accounts/user/{superuser.pk}/password/").status_code == 403
