from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORDS
from accounts.models import Organisation, User


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    load_demo()
    counts = (Organisation.objects.count(), User.objects.count(), EmailAddress.objects.count())
    load_demo()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        EmailAddress.objects.count(),
    ) == counts
    assert counts[0] >= 4


@pytest.mark.django_db
def test_demo_community_has_local_partners_in_several_countries_and_a_staff_member():
    load_demo()
    partners = User.objects.filter(groups__name="Partners").select_related("organisation")
    assert len({partner.organisation.country.code for partner in partners}) >= 3
    assert any(p.organisation.kind == Organisation.Kind.LOCAL for p in partners)
    staff = User.objects.get(groups__name="Staff")
    assert staff.is_staff_member and staff.is_staff


@pytest.mark.django_db
def test_demo_passwords_are_set_and_printed_only_in_debug(settings):
    settings.DEBUG = True
    out = load_demo()
    staff = User.objects.get(groups__name="Staff")
    assert staff.check_password(DEMO_PASSWORDS["Staff"])
    assert f"sign in as {staff.email} with password {DEMO_PASSWORDS['Staff']}" in out

    settings.DEBUG = False
    User.objects.all().delete()
    out = load_demo()
    assert "password" not in out
    assert not User.objects.get(groups__name="Staff").has_usable_password()


@pytest.mark.django_db
def test_demo_people_can_sign_in_with_the_printed_password(client, settings):
    settings.DEBUG = True
    load_demo()
    response = client.post(
        "/accounts/login/",
        {"login": "partner@learning-exchange.example", "password": DEMO_PASSWORDS["Partners"]},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_demo_has_published_seminar_reports_with_hashtags_in_more_than_one_language():
    from seminars.models import SeminarReport

    load_demo()
    load_demo()
    reports = SeminarReport.objects.published().prefetch_related("tags")
    assert 2 <= len(reports) <= 3
    assert {"en", "fr"} <= {report.language for report in reports}
    assert all(report.tags.all() for report in reports)
    assert all('class="hashtag"' in report.body_html for report in reports)
