import pytest

from accounts.models import User
from tests.factories import make_post, make_report, make_user


@pytest.mark.django_db
def test_profile_shows_name_organisation_country_and_partner_badge(client, partner):
    partner.country = "KE"
    partner.bio = "We run water committees."
    partner.save()
    response = client.get(f"/members/{partner.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Pablo Partner</h1>" in html
    assert "Maji Safi Self-Help Group (Kenya)" in html
    assert "Local partner" in html
    assert "We run water committees." in html
    assert "Edit your profile" not in html


@pytest.mark.django_db
def test_profile_names_the_country_in_the_interface_language(client, partner):
    html = client.get(f"/fr/members/{partner.pk}/").content.decode()
    assert "Kenya" in html
    html = client.get(f"/es/members/{partner.pk}/").content.decode()
    assert "Kenia" in html


@pytest.mark.django_db
def test_profile_of_staff_shows_the_staff_badge(client, staff):
    assert "badge--staff" in client.get(f"/members/{staff.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("own", [False, True])
def test_profile_page_is_a_fixed_number_of_queries(client, partner, own):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if own:
        client.force_login(partner)

    def queries():
        with CaptureQueriesContext(connection) as context:
            client.get(f"/members/{partner.pk}/")
        return len(context.captured_queries)

    make_post(author=partner, hashtags=["One"])
    make_post(author=partner, action="save")
    make_report(author=partner)
    if own:
        queries()  # a member's first page also makes their card (page_cache.members)
    few = queries()
    for number in range(6):
        make_post(author=partner, hashtags=[f"Tag{number}"])
        make_post(author=partner, action="submit")
        make_report(author=partner, hashtags=[f"Tag{number}"])
    assert queries() == few


@pytest.mark.django_db
def test_profile_lists_published_contributions_to_everyone(client, partner):
    make_post(author=partner, title="A published lesson")
    make_post(author=partner, title="A draft lesson", action="save")
    make_report(author=partner, title="A published report")
    html = client.get(f"/members/{partner.pk}/").content.decode()
    assert "A published lesson" in html and "A published report" in html
    assert "A draft lesson" not in html


@pytest.mark.django_db
def test_writers_see_their_lessons_in_progress_and_the_reviewers_note(client, partner):
    from posts.services import post_return

    returned = make_post(author=partner, title="Needs work", action="submit")
    post_return(post=returned, by=partner, note="Please add what did not work.")
    make_post(author=partner, title="Still a draft", action="save")
    client.force_login(partner)
    html = client.get(f"/members/{partner.pk}/").content.decode()
    assert "Your lessons in progress" in html
    assert "Needs work" in html and "Returned with a note" in html
    assert "Please add what did not work." in html
    assert "Still a draft" in html
    client.logout()
    assert "Needs work" not in client.get(f"/members/{partner.pk}/").content.decode()


@pytest.mark.django_db
def test_inactive_and_unknown_members_are_not_found(client):
    gone = make_user(is_active=False)
    assert client.get(f"/members/{gone.pk}/").status_code == 404
    assert client.get("/members/999999/").status_code == 404


@pytest.mark.django_db
def test_editing_the_profile_needs_sign_in(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_members_edit_their_own_profile(member_client, member):
    response = member_client.post(
        "/accounts/profile/",
        {"name": "Mariam B.", "preferred_language": "ar", "country": "SN", "bio": "Hello"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/ar/members/{member.pk}/"  # in the language just chosen
    member.refresh_from_db()
    assert (member.name, member.preferred_language, member.bio) == ("Mariam B.", "ar", "Hello")


@pytest.mark.django_db
def test_profile_errors_keep_the_text_and_save_nothing(member_client, member):
    response = member_client.post(
        "/accounts/profile/",
        {"name": "", "preferred_language": "xx", "country": "SN", "bio": "Kept bio text"},
    )
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"name", "preferred_language"}
    assert "Kept bio text" in response.content.decode()
    assert User.objects.get(pk=member.pk).name == "Mariam Member"
