import datetime

import pytest

from publishing.models import EditorAction
from seminars.models import SeminarReport
from tests.factories import make_organisation, make_report, make_user
from tests.helpers import client_as, queries_for

ROLES = ["anonymous", "member", "partner", "staff", "superuser"]


def editor_data(**overrides):
    data = {
        "title": "Insights from the Resilience Forum",
        "summary": "What partners taught us about early warning.",
        "event_name": "Resilience Forum",
        "organiser": "Pacific Resilience Network",
        "event_date": "2026-10-02",
        "place": "Suva, Fiji",
        "event_url": "https://example.org/forum",
        "takeaways_text": "Warnings travel by radio first\nElders read the sea",
        "body": "Communities know their coast. #LocalKnowledge #EarlyWarning",
        "language": "en",
        "hashtags": "#Resilience",
        "action": "save",
    }
    data.update(overrides)
    return data


# Who can see what


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_published_reports(client, request, role):
    report = make_report(title="Open to all", body="Read me #Open")
    client = client_as(client, request, role)
    assert "Open to all" in client.get("/seminars/").content.decode()
    response = client.get(f"/seminars/{report.slug}/")
    assert response.status_code == 200
    assert "Read me" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 404), ("member", 404), ("partner", 404), ("staff", 200)]
)
def test_only_staff_see_drafts_marked_as_drafts(client, request, role, status):
    draft = make_report(title="Not ready yet", publish=False)
    client = client_as(client, request, role)
    response = client.get(f"/seminars/{draft.slug}/")
    assert response.status_code == status
    listing = client.get("/seminars/").content.decode()
    if status == 200:
        assert "Only staff can see this report until it is published." in response.content.decode()
        assert "Not ready yet" in listing  # in the staff's list of drafts
    else:
        assert "Not ready yet" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 403), ("partner", 403), ("staff", 200), ("superuser", 200)],
)
@pytest.mark.parametrize("screen", ["new", "edit", "history"])
def test_only_staff_reach_the_editor_and_history(client, request, role, status, screen):
    report = make_report()
    url = "/seminars/new/" if screen == "new" else f"/seminars/{report.slug}/{screen}/"
    client = client_as(client, request, role)
    response = client.get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("member", 403), ("partner", 403)]
)
@pytest.mark.parametrize("action", ["preview", "save", "publish"])
def test_nobody_but_staff_can_preview_write_publish_or_unpublish(
    client, request, role, status, action
):
    report = make_report(title="Stays as it is")
    client = client_as(client, request, role)
    assert client.post("/seminars/new/", editor_data(action=action)).status_code == status
    edit = client.post(
        f"/seminars/{report.slug}/edit/", editor_data(title="Changed", action=action)
    )
    assert edit.status_code == status
    assert client.post(f"/seminars/{report.slug}/unpublish/").status_code == status
    assert SeminarReport.objects.count() == 1
    report.refresh_from_db()
    assert (report.title, report.status) == ("Stays as it is", "published")


# The staff editor


@pytest.mark.django_db
def test_staff_save_a_draft_then_publish_it(staff_client, staff):
    organisation = make_organisation(name="Pacific Resilience Network")
    response = staff_client.post(
        "/seminars/new/", editor_data(credited_organisations=[organisation.pk])
    )
    report = SeminarReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/seminars/{report.slug}/edit/"
    assert report.status == "draft" and report.author == staff
    assert report.takeaways == ["Warnings travel by radio first", "Elders read the sea"]
    assert sorted(report.tags.names()) == ["EarlyWarning", "LocalKnowledge", "Resilience"]
    assert list(report.credited_organisations.all()) == [organisation]

    response = staff_client.post(
        f"/seminars/{report.slug}/edit/",
        editor_data(credited_organisations=[organisation.pk], action="publish"),
    )
    assert response["Location"] == f"/seminars/{report.slug}/"
    report.refresh_from_db()
    assert report.status == "published" and report.published_at
    html = staff_client.get(response["Location"]).content.decode()
    assert "Published: everyone can read it now." in html


@pytest.mark.django_db
def test_preview_shows_the_rendered_report_and_saves_nothing(staff_client):
    response = staff_client.post(
        "/seminars/new/", editor_data(body="**Bold** lesson #Preview", action="preview")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not saved yet" in html
    assert "<strong>Bold</strong> lesson" in html
    assert 'href="/tags/preview/"' in html
    assert "**Bold** lesson #Preview</textarea>" in html  # the text stays in the form
    assert SeminarReport.objects.count() == 0


@pytest.mark.django_db
def test_editing_keeps_the_address_and_shows_what_changed(staff_client):
    report = make_report(title="Original", body="Line one\nLine two")
    staff_client.post(
        f"/seminars/{report.slug}/edit/",
        editor_data(title="Renamed", body="Line one\nLine two, revised"),
    )
    report.refresh_from_db()
    assert (report.title, report.slug) == ("Renamed", "original")
    html = staff_client.get(f"/seminars/{report.slug}/history/").content.decode()
    assert "Title changed from “Original” to “Renamed”." in html
    assert '<span class="diff__remove">− Line two</span>' in html
    assert '<span class="diff__add">+ Line two, revised</span>' in html


@pytest.mark.django_db
def test_editor_shows_only_the_hashtags_not_already_in_the_body(staff_client):
    report = make_report(body="About #LocalKnowledge", hashtags=["WASH"])
    html = staff_client.get(f"/seminars/{report.slug}/edit/").content.decode()
    assert 'name="hashtags" value="#WASH"' in html


@pytest.mark.django_db
def test_staff_unpublish_with_a_post_only(staff_client):
    report = make_report(title="Going back to draft")
    assert staff_client.get(f"/seminars/{report.slug}/unpublish/").status_code == 405
    response = staff_client.post(f"/seminars/{report.slug}/unpublish/", follow=True)
    assert response.redirect_chain[-1][0] == f"/seminars/{report.slug}/edit/"
    assert "Unpublished: only staff can see it now." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft" and report.slug == "going-back-to-draft"


@pytest.mark.django_db
def test_preview_of_a_new_report_names_its_writer(staff_client, staff):
    response = staff_client.post("/seminars/new/", editor_data(action="preview"))
    assert f'href="/members/{staff.pk}/">{staff.name}</a>' in response.content.decode()


@pytest.mark.django_db
def test_history_is_paginated(staff_client, staff):
    from seminars.services import report_write

    report = make_report(body="v0", author=staff)
    for number in range(1, 13):
        report.body = f"v{number}"
        report_write(
            report=report,
            by=staff,
            organisations=[],
            extra_hashtags=[],
            action=EditorAction.PUBLISH,
        )
    first = staff_client.get(f"/seminars/{report.slug}/history/")
    assert len(first.context["changes"]) == 10
    assert first.context["changes"][-1].previous.body == "v2"
    second = staff_client.get(f"/seminars/{report.slug}/history/?page=2")
    assert [change.revision.body for change in second.context["changes"]] == ["v2", "v1", "v0"]
    assert second.context["changes"][-1].previous is None


@pytest.mark.django_db
def test_hashtag_links_in_the_body_follow_the_reader_language(client):
    report = make_report(body="About #LocalKnowledge")
    html = client.get(f"/fr/seminars/{report.slug}/").content.decode()
    assert '<a class="hashtag" href="/fr/tags/localknowledge/"' in html
    html = client.get(f"/seminars/{report.slug}/").content.decode()
    assert '<a class="hashtag" href="/tags/localknowledge/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"event_date": "next tuesday"}, "event_date", "Enter a valid date."),
        ({"body": "word " * 10_000}, "body", "at most 30000 characters"),
        ({"place": ""}, "place", "Give the place of the event"),
        ({"hashtags": "#ok not-ok 2026"}, "hashtags", "These are not hashtags: not-ok, 2026"),
        ({"event_url": "not a url at all"}, "event_url", "Enter a valid URL."),
        ({"language": "xx"}, "language", "Select a valid choice."),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
    staff_client, overrides, field, message
):
    data = editor_data(**overrides)
    response = staff_client.post("/seminars/new/", data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    html = response.content.decode()
    assert "Nothing was saved yet." in html
    assert "What partners taught us about early warning." in html  # the rest is kept
    assert SeminarReport.objects.count() == 0


@pytest.mark.django_db
def test_a_duplicate_title_is_refused_with_a_clear_error(staff_client):
    make_report(title="Insights from the Resilience Forum")
    response = staff_client.post(
        "/seminars/new/", editor_data(title="insights from the resilience forum")
    )
    assert response.status_code == 422
    assert "A seminar report with this title already exists." in response.content.decode()
    assert SeminarReport.objects.count() == 1


@pytest.mark.django_db
def test_online_events_need_no_place(staff_client):
    response = staff_client.post("/seminars/new/", editor_data(place="", online="on"))
    assert response.status_code == 302
    assert SeminarReport.objects.get().online


@pytest.mark.django_db
def test_hostile_input_is_shown_harmless(client, staff_client):
    staff_client.post(
        "/seminars/new/",
        editor_data(
            title='<script>alert("t")</script>Title',
            summary="<img src=x onerror=alert(1)>",
            body='<script>alert(1)</script> [x](javascript:alert(1)) <a onclick="alert(1)">y</a>',
            takeaways_text="<b onmouseover=alert(1)>hover</b>",
            action="publish",
        ),
    )
    report = SeminarReport.objects.get()
    html = client.get(f"/seminars/{report.slug}/").content.decode()
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;Title" in html
    assert "<script>" not in html
    assert "onerror=" not in html.replace("onerror=alert(1)&gt;", "")
    assert "javascript:" not in html
    assert "<b onmouseover" not in html and "onclick" not in html


# Lists and filters


@pytest.mark.django_db
def test_list_is_newest_first_and_filters_by_year_organiser_and_hashtag(client):
    old = make_report(title="Old one", event_date=datetime.date(2024, 3, 1), organiser="ALNAP")
    new = make_report(title="New one", body="#Inclusion", organiser="Sphere")
    html = client.get("/seminars/").content.decode()
    assert html.index("New one") < html.index("Old one")

    def titles(query):
        cards = client.get(f"/seminars/?{query}").context["reports"]
        return [SeminarReport.objects.get(pk=card.pk).title for card in cards]

    assert titles("year=2024") == [old.title]
    assert titles("organiser=Sphere") == [new.title]
    assert titles("hashtag=inclusion") == [new.title]
    assert titles("year=not-a-year&organiser=Sphere") == [new.title]


@pytest.mark.django_db
def test_list_is_paginated_and_keeps_the_filters(client):
    for number in range(12):
        make_report(title=f"Report {number}", organiser="Sphere")
    response = client.get("/seminars/?organiser=Sphere")
    assert len(response.context["reports"]) == 10
    assert 'href="?organiser=Sphere&amp;page=2"' in response.content.decode()
    assert len(client.get("/seminars/?organiser=Sphere&page=2").context["reports"]) == 2


@pytest.mark.django_db
def test_detail_lists_other_reports_of_the_same_seminar_or_organiser(client):
    report = make_report(event_name="Forum A", organiser="Network X")
    same_seminar = make_report(event_name="forum a", organiser="Someone")
    same_organiser = make_report(event_name="Other", organiser="Network X")
    unrelated = make_report(event_name="Other", organiser="Other")
    related = client.get(f"/seminars/{report.slug}/").context["related_reports"]
    assert set(related) == {same_seminar, same_organiser}
    assert unrelated not in related


# Queries stay fixed whatever the amount of data


def grow(count):
    organisations = [make_organisation() for _ in range(3)]
    author = make_user(organisation=organisations[0])
    for number in range(count):
        make_report(
            author=author,
            organiser=f"Organiser {number % 4}",
            event_name="Shared forum",
            body=f"#Tag{number} #Common",
            hashtags=[f"Extra{number}"],
            organisations=organisations,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_pages_use_a_fixed_number_of_queries(client, request, role):
    client = client_as(client, request, role)
    grow(3)
    report = SeminarReport.objects.first()
    urls = [
        "/",
        "/seminars/",
        "/seminars/?hashtag=common&year=2026",
        f"/seminars/{report.slug}/",
        "/tags/common/",
    ]
    if role == "staff":
        urls += [
            "/seminars/new/",
            f"/seminars/{report.slug}/edit/",
            f"/seminars/{report.slug}/history/",
        ]
    small = {url: queries_for(client, url) for url in urls}
    grow(15)
    for index in range(4):
        report.revisions.create(title="t", summary="s", body=f"Version {index}")
    large = {url: queries_for(client, url) for url in urls}
    assert large == small


# One editor flow


@pytest.mark.django_db
@pytest.mark.parametrize("action", [EditorAction.SUBMIT, "delete", ""])
def test_an_action_the_report_editor_does_not_offer_is_refused_and_saves_nothing(
    staff_client, action
):
    response = staff_client.post("/seminars/new/", editor_data(action=action))
    assert response.status_code == 403
    assert not SeminarReport.objects.exists()


@pytest.mark.django_db
def test_every_editor_action_the_report_editor_offers_does_what_it_says(staff_client):
    preview = staff_client.post("/seminars/new/", editor_data(action=EditorAction.PREVIEW))
    assert preview.status_code == 200 and not SeminarReport.objects.exists()
    saved = staff_client.post("/seminars/new/", editor_data(action=EditorAction.SAVE))
    report = SeminarReport.objects.get()
    assert saved["Location"] == f"/seminars/{report.slug}/edit/" and not report.is_published
    published = staff_client.post(
        f"/seminars/{report.slug}/edit/", editor_data(action=EditorAction.PUBLISH)
    )
    report.refresh_from_db()
    assert published["Location"] == f"/seminars/{report.slug}/" and report.is_published
