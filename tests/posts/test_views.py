from datetime import date, timedelta

import pytest
from django.utils import timezone

from followups.models import FollowUp
from followups.services import follow_up_save
from posts.models import Post
from tests.factories import make_organisation, make_post, make_report, make_user
from tests.helpers import client_as, queries_for

ROLES = ["anonymous", "member", "partner", "staff", "superuser"]


def editor_data(**overrides):
    data = {
        "title": "Radios before apps",
        "summary": "Why we went back to community radio.",
        "language": "en",
        "context": "Flood warnings in the delta.",
        "what_worked": "Local radio hosts.",
        "what_did_not_work": "The app nobody installed.",
        "what_we_would_change": "Ask which phones people have.",
        "body": "Start with what people use. #EarlyWarning",
        "hashtags": "#LocalKnowledge",
        "action": "save",
    }
    data.update(overrides)
    return data


# Who can do what


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 403), ("partner", 200), ("staff", 200), ("superuser", 200)],
)
def test_partners_and_staff_write_posts_members_do_not(client, request, role, status):
    client = client_as(client, request, role)
    response = client.get("/posts/new/")
    assert response.status_code == status
    response = client.post("/posts/new/", editor_data())
    assert Post.objects.exists() is (status == 200)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "own_draft", "others_draft", "own_published"),
    [
        ("member", None, 404, None),
        ("partner", 302, 404, 409),
        ("staff", 302, 302, 302),
        ("superuser", 302, 302, 302),
    ],
)
def test_nobody_edits_another_writers_post_except_staff(
    client, request, role, own_draft, others_draft, own_published
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    someone = make_user(name="Someone Else")
    mine = make_post(author=user, action="save") if own_draft else None
    theirs = make_post(author=someone, action="save", title="Theirs")
    published = make_post(author=user) if own_published else None

    response = client.post(f"/posts/{theirs.slug}/edit/", editor_data(title="Taken over"))
    assert response.status_code == others_draft
    theirs.refresh_from_db()
    assert (theirs.title == "Taken over") is (others_draft == 302)
    if mine:
        assert client.post(f"/posts/{mine.slug}/edit/", editor_data()).status_code == own_draft
    if published:
        response = client.post(f"/posts/{published.slug}/edit/", editor_data(title="Changed"))
        assert response.status_code == own_published
        published.refresh_from_db()
        assert (published.title == "Changed") is (own_published == 302)


@pytest.mark.django_db
def test_signed_out_editing_goes_to_sign_in(client):
    post = make_post()
    response = client.get(f"/posts/{post.slug}/edit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
@pytest.mark.parametrize(
    ("role", "sees"),
    [("anonymous", False), ("member", False), ("writer", True), ("staff", True)],
)
def test_unpublished_posts_are_seen_by_their_writer_and_staff_only(
    client, request, partner, status, role, sees
):
    post = make_post(author=partner, action={"draft": "save"}.get(status, "submit"))
    if status == "returned":
        post.status = Post.Status.RETURNED
        post.save()
    if role == "writer":
        client.force_login(partner)
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(f"/posts/{post.slug}/")
    assert response.status_code == (200 if sees else 404)
    assert post.title not in client.get("/posts/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 403), ("partner", 403), ("staff", 200), ("superuser", 200)],
)
def test_only_staff_review(client, request, role, status, partner):
    to_publish = make_post(author=partner, action="submit")
    to_return = make_post(author=partner, action="submit")
    client = client_as(client, request, role)
    assert client.get("/posts/review/").status_code == status
    expected = 302 if status == 200 else status
    assert client.post(f"/posts/{to_publish.slug}/publish/").status_code == expected
    note = {f"post-{to_return.pk}-note": "Please say more."}
    assert client.post(f"/posts/{to_return.slug}/return/", note).status_code == expected
    to_publish.refresh_from_db()
    to_return.refresh_from_db()
    assert to_publish.is_published is (status == 200)
    assert (to_return.status == "returned") is (status == 200)


@pytest.mark.django_db
def test_partners_cannot_publish_their_own_post(partner_client):
    response = partner_client.post("/posts/new/", editor_data(action="publish"))
    assert response.status_code == 403
    assert not Post.objects.exists()


# The review workflow


@pytest.mark.django_db
def test_partner_submits_staff_return_partner_revises_staff_publish(
    partner_client, staff_client, partner
):
    response = partner_client.post("/posts/new/", editor_data(action="submit"))
    post = Post.objects.get()
    assert response["Location"] == f"/posts/{post.slug}/"
    assert post.status == "submitted" and post.author == partner
    assert post.title in staff_client.get("/posts/review/").content.decode()

    response = staff_client.post(f"/posts/{post.slug}/return/", {f"post-{post.pk}-note": ""})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()

    staff_client.post(
        f"/posts/{post.slug}/return/", {f"post-{post.pk}-note": "Say more about the app."}
    )
    post.refresh_from_db()
    assert post.status == "returned"
    profile = partner_client.get(f"/members/{partner.pk}/").content.decode()
    assert "Say more about the app." in profile
    editor = partner_client.get(f"/posts/{post.slug}/edit/").content.decode()
    assert "Say more about the app." in editor

    partner_client.post(
        f"/posts/{post.slug}/edit/",
        editor_data(what_did_not_work="Nobody had space on their phones.", action="submit"),
    )
    post.refresh_from_db()
    assert post.status == "submitted"

    response = staff_client.post(f"/posts/{post.slug}/publish/")
    assert response["Location"] == f"/posts/{post.slug}/"
    post.refresh_from_db()
    assert post.is_published
    assert post.title in staff_client.get("/posts/").content.decode()


@pytest.mark.django_db
def test_staff_publish_directly_and_unpublish(staff_client):
    staff_client.post("/posts/new/", editor_data(action="publish"))
    post = Post.objects.get()
    assert post.is_published
    assert staff_client.get(f"/posts/{post.slug}/unpublish/").status_code == 405
    staff_client.post(f"/posts/{post.slug}/unpublish/")
    post.refresh_from_db()
    assert post.status == "draft"


@pytest.mark.django_db
def test_preview_renders_the_lesson_and_saves_nothing(partner_client, partner):
    response = partner_client.post(
        "/posts/new/", editor_data(body="**Bold** move #Preview", action="preview")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not saved yet" in html
    assert "<strong>Bold</strong> move" in html
    assert f">{partner.name}</a>" in html
    assert not Post.objects.exists()


# Translations, languages and directions


@pytest.mark.django_db
def test_translate_starts_a_linked_post_prefilled_from_the_original(partner_client, staff):
    original = make_post(author=staff, title="Radios first", hashtags=["Radio"])
    html = partner_client.get(f"/posts/{original.slug}/").content.decode()
    assert f'href="/posts/new/?translation_of={original.pk}"' in html
    response = partner_client.get(f"/posts/new/?translation_of={original.pk}")
    assert response.context["form"].initial["title"] == "Radios first"
    assert response.context["form"].initial["hashtags"] == "#Radio"

    partner_client.post(
        "/posts/new/",
        editor_data(title="La radio d'abord", language="fr", translation_of=original.pk),
    )
    french = Post.objects.get(language="fr")
    assert french.translation_of == original


@pytest.mark.django_db
def test_translations_link_to_each_other_with_language_and_direction(client, staff, partner):
    original = make_post(author=staff, language="en", title="Radios first")
    arabic = make_post(
        author=partner, language="ar", title="الراديو أولا", translation_of=original
    )
    english_page = client.get(f"/posts/{original.slug}/").content.decode()
    assert (
        f'href="{arabic.get_absolute_url()}" lang="ar" hreflang="ar">العربية</a>' in english_page
    )
    arabic_page = client.get(arabic.get_absolute_url()).content.decode()
    assert f'href="/posts/{original.slug}/" lang="en" hreflang="en">English</a>' in arabic_page
    assert '<html lang="en" dir="ltr">' in arabic_page
    assert '<div class="publication" lang="ar" dir="rtl">' in arabic_page


@pytest.mark.django_db
def test_partners_write_in_any_iso_language(partner_client):
    partner_client.post("/posts/new/", editor_data(language="sw"))
    post = Post.objects.get()
    assert post.language == "sw" and post.language_name == "Kiswahili"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"language": "xx"}, "language", "Select a valid choice."),
        ({"context": ""}, "context", "This field is required."),
        ({"hashtags": "#fine no-good"}, "hashtags", "This is not a hashtag: no-good"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(partner_client, overrides, field, message):
    response = partner_client.post("/posts/new/", editor_data(**overrides))
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert "Why we went back to community radio." in response.content.decode()
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_a_translation_into_the_originals_language_is_refused(partner_client, staff):
    original = make_post(author=staff, language="fr")
    response = partner_client.post(
        "/posts/new/", editor_data(language="fr", translation_of=original.pk)
    )
    assert response.status_code == 422
    assert "The original is already in Français" in " ".join(
        response.context["form"].errors["language"]
    )
    assert Post.objects.count() == 1


@pytest.mark.django_db
def test_a_translation_of_a_translation_is_refused(partner_client, staff):
    original = make_post(author=staff, language="en")
    french = make_post(author=staff, language="fr", translation_of=original)
    response = partner_client.post(
        "/posts/new/", editor_data(language="es", translation_of=french.pk)
    )
    assert response.status_code == 422
    assert "translate its original instead" in response.content.decode()
    assert Post.objects.count() == 2


# Lists and filters


@pytest.mark.django_db
def test_list_filters_by_hashtag_language_country_organisation_and_failure(client):
    organisation = make_organisation(name="Red Andina", slug="red-andina", country="BO")
    writer = make_user(organisation=organisation, country="BO")
    andean = make_post(
        author=writer, language="es", body="#Semillas", shares_failure=True, title="Andean"
    )
    other = make_post(language="en", title="Other")

    def titles(query):
        cards = client.get(f"/posts/?{query}").context["posts"]
        return [Post.objects.get(pk=card.pk).title for card in cards]

    assert titles("") == [other.title, andean.title]
    assert titles("hashtag=semillas") == [andean.title]
    assert titles("language=es") == [andean.title]
    assert titles("country=BO") == [andean.title]
    assert titles("organisation=red-andina") == [andean.title]
    assert titles("failures=on") == [andean.title]
    assert titles("language=zz&failures=on") == [andean.title]


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/posts/", "/seminars/", "/search/"])
def test_the_filters_show_what_was_chosen_and_what_is_published_now(client, address, monkeypatch):
    """The filters' markup is kept: each choice of filters, each language and each
    publication gets its own."""
    make_post(body="#Semillas", language="es")
    make_report(body="#Semillas", language="es")

    def filters(query="", prefix=""):
        html = client.get(f"{prefix}{address}?{query}").content.decode()
        start = html.index('class="filters')
        return html[start : html.index("</form>", start)]

    assert '<option value="semillas">#Semillas</option>' in filters()
    assert '<option value="semillas" selected>#Semillas</option>' in filters("hashtag=semillas")
    assert '<option value="semillas" selected>' in filters("page=1&hashtag=semillas")
    assert '<option value="semillas">#Semillas</option>' in filters("hashtag=nothing-such")
    assert "Todos" in filters(prefix="/es") and "Todos" not in filters()
    assert "#Lluvia" not in filters()
    make_post(body="#Lluvia")
    make_report(body="#Lluvia")
    assert '<option value="lluvia">#Lluvia</option>' in filters()
    from publishing.forms import PublishedFilterForm

    rendered = []
    render = PublishedFilterForm._filters_html
    monkeypatch.setattr(
        PublishedFilterForm, "_filters_html", lambda form: rendered.append(1) or render(form)
    )
    for hostile in ['"><script>alert(1)</script>', "semillas' onfocus='x", "%00", "\u202e"]:
        response = client.get(address, {"hashtag": hostile, "language": hostile})
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()
        assert "onfocus='x" not in response.content.decode()
    # Made-up values show as none chosen, and add no markup of their own to the cache.
    assert len(rendered) == 1


@pytest.mark.django_db
def test_filter_choices_are_read_again_only_for_the_kind_that_changed(client, monkeypatch):
    from taggit.models import Tag, TaggedItem

    from posts.forms import PostFilterForm
    from seminars.forms import ReportFilterForm

    writer = make_user()
    make_post(author=writer, body="#Semillas")
    report = make_report(author=writer, body="#Lluvia")
    read = []
    for form in (PostFilterForm, ReportFilterForm):
        choices_from = form.choices_from
        monkeypatch.setattr(
            form,
            "choices_from",
            staticmethod(
                lambda items, f=choices_from, n=form.choices_name: read.append(n) or f(items)
            ),
        )
    client.get("/posts/"), client.get("/seminars/")
    assert sorted(read) == ["posts", "reports"]
    make_post(author=writer, body="#Nuevo")
    assert '<option value="nuevo">#Nuevo</option>' not in client.get("/seminars/").content.decode()
    assert '<option value="nuevo">#Nuevo</option>' in client.get("/posts/").content.decode()
    assert sorted(read) == ["posts", "posts", "reports"]
    # Put on in the shell: the safety net replaces the reports' kind.
    TaggedItem.objects.create(tag=Tag.objects.get(name="Nuevo"), content_object=report)
    assert '<option value="nuevo">#Nuevo</option>' in client.get("/seminars/").content.decode()


@pytest.mark.django_db
def test_hashtag_page_lists_posts_and_reports_together_newest_first(client):
    from tests.factories import make_report

    report = make_report(title="A report", body="#Shared")
    post = make_post(title="A post", body="#Shared")
    html = client.get("/tags/shared/").content.decode()
    assert html.index(post.title) < html.index(report.title)
    assert "Lesson learned" in html and "Seminar report" in html


# Queries stay fixed


def grow(count, partner):
    for number in range(count):
        organisation = make_organisation()
        writer = make_user(organisation=organisation, country="KE")
        original = make_post(author=writer, body=f"#Common #Tag{number}", hashtags=[f"X{number}"])
        make_post(author=partner, language="fr", translation_of=original, body="#Common")
        make_post(author=partner, action="submit", body="#Common")


def follow_up_by(post, author):
    follow_up_save(
        follow_up=FollowUp(state="applied", country="KE", happened_on=date(2026, 1, 1),
                           language="en", note="Done."),
        lesson=post, by=author,
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "partner", "staff"])
def test_pages_use_a_fixed_number_of_queries(client, request, role, partner):
    client = client_as(client, request, role)
    grow(2, partner)
    post = Post.objects.published().filter(translation_of=None).first()
    own = Post.objects.filter(author=partner, status="submitted").first()
    follow_up_by(post, make_user(groups=("Staff",)))
    urls = ["/", "/posts/", "/posts/?language=fr&hashtag=common", f"/posts/{post.slug}/"]
    urls += ["/tags/common/", "/tags/common/?page=2", "/posts/?follow_up=applied"]
    if role == "partner":
        urls += ["/posts/new/", f"/posts/{own.slug}/edit/", f"/members/{partner.pk}/"]
    if role == "staff":
        urls += ["/posts/review/", f"/posts/{post.slug}/edit/", f"/posts/{post.slug}/history/"]
        urls += ["/posts/waiting-for-follow-up/"]
    Post.objects.update(published_at=timezone.now() - timedelta(days=400))
    small = {url: queries_for(client, url) for url in urls}
    grow(12, partner)
    # The same pages, now with more translations, hashtags and versions of their own.
    for language in ["es", "ar", "sw"]:
        make_post(author=partner, language=language, translation_of=post, body="#Common")
    from posts.services import post_write

    for number in range(4):
        post.body = f"Version {number} #More{number}"
        post_write(post=post, by=post.author, extra_hashtags=[f"Extra{number}"], action="save")
        follow_up_by(post, make_user(groups=("Staff",)))
    Post.objects.update(published_at=timezone.now() - timedelta(days=400))
    large = {url: queries_for(client, url) for url in urls}
    assert large == small


# What the review found


@pytest.mark.django_db
def test_a_former_partner_can_no_longer_edit_or_submit(partner_client, partner):
    from django.contrib.auth.models import Group

    draft = make_post(author=partner, action="save", title="Unfinished")
    partner.groups.remove(Group.objects.get(name="Partners"))
    response = partner_client.post(f"/posts/{draft.slug}/edit/", editor_data(action="submit"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.django_db
def test_staff_cannot_publish_a_draft_its_writer_never_sent(staff_client, partner):
    draft = make_post(author=partner, action="save")
    assert staff_client.post(f"/posts/{draft.slug}/publish/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.django_db
def test_a_partner_cannot_publish_from_the_editor(partner_client, partner):
    draft = make_post(author=partner, action="save")
    response = partner_client.post(f"/posts/{draft.slug}/edit/", editor_data(action="publish"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.django_db
def test_a_partner_edits_their_submitted_and_returned_posts(partner_client, partner, staff):
    from posts.services import post_return

    submitted = make_post(author=partner, action="submit")
    response = partner_client.post(
        f"/posts/{submitted.slug}/edit/", editor_data(title="Sharper title")
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.title, submitted.status) == ("Sharper title", "submitted")
    post_return(post=submitted, by=staff, note="More context, please.")
    response = partner_client.post(
        f"/posts/{submitted.slug}/edit/",
        editor_data(context="Much more context.", action="submit"),
    )
    submitted.refresh_from_db()
    assert (submitted.context, submitted.status) == ("Much more context.", "submitted")


@pytest.mark.django_db
def test_writers_cannot_set_status_author_organisation_or_address(partner_client, partner, staff):
    other = make_organisation(name="Not mine")
    partner_client.post(
        "/posts/new/",
        editor_data(
            status="published",
            author=staff.pk,
            organisation=other.pk,
            slug="chosen",
            published_at="2020-01-01",
        ),
    )
    post = Post.objects.get()
    assert (post.status, post.author, post.organisation) == (
        "draft",
        partner,
        partner.organisation,
    )
    assert post.slug == "radios-before-apps" and post.published_at is None


@pytest.mark.django_db
def test_staff_editing_a_partners_post_keep_its_writer(staff_client, partner):
    post = make_post(author=partner, action="submit")
    staff_client.post(f"/posts/{post.slug}/edit/", editor_data(action="publish"))
    post.refresh_from_db()
    assert (post.author, post.organisation, post.status) == (
        partner,
        partner.organisation,
        "published",
    )


@pytest.mark.django_db
def test_bad_input_on_the_edit_form_keeps_the_text(partner_client, partner):
    post = make_post(author=partner, action="save", title="Kept")
    response = partner_client.post(
        f"/posts/{post.slug}/edit/", editor_data(title="", context="My new context")
    )
    assert response.status_code == 422
    assert "My new context" in response.content.decode()
    post.refresh_from_db()
    assert post.title == "Kept"


@pytest.mark.django_db
def test_a_translation_stays_editable_when_its_original_is_unpublished(staff_client, staff):
    from posts.services import post_unpublish

    original = make_post(author=staff, language="en")
    french = make_post(author=staff, language="fr", translation_of=original)
    post_unpublish(post=original)
    response = staff_client.post(
        f"/posts/{french.slug}/edit/",
        editor_data(language="fr", translation_of=original.pk, title="Toujours liée"),
    )
    assert response.status_code == 302
    french.refresh_from_db()
    assert (french.title, french.translation_of) == ("Toujours liée", original)


@pytest.mark.django_db
def test_translating_into_an_unpublished_post_is_refused(partner_client, staff):
    draft = make_post(author=staff, action="save")
    response = partner_client.post(
        "/posts/new/", editor_data(language="fr", translation_of=draft.pk)
    )
    assert response.status_code == 422
    assert Post.objects.count() == 1


@pytest.mark.django_db
def test_a_post_with_translations_cannot_become_a_translation(staff_client, staff):
    first = make_post(author=staff, language="en")
    make_post(author=staff, language="fr", translation_of=first)
    other = make_post(author=staff, language="es")
    response = staff_client.post(
        f"/posts/{first.slug}/edit/", editor_data(language="en", translation_of=other.pk)
    )
    assert response.status_code == 422
    assert "has translations of its own" in response.content.decode()
    first.refresh_from_db()
    assert first.translation_of is None


@pytest.mark.django_db
def test_a_translation_starts_with_no_language_chosen(partner_client, staff):
    original = make_post(author=staff)
    html = partner_client.get(f"/posts/new/?translation_of={original.pk}").content.decode()
    assert '<option value="" selected>Choose the language</option>' in html
    response = partner_client.post(
        "/posts/new/", editor_data(language="", translation_of=original.pk)
    )
    assert "This field is required." in response.context["form"].errors["language"]


@pytest.mark.django_db
def test_preview_shows_the_writers_organisation(partner_client, partner):
    response = partner_client.post("/posts/new/", editor_data(action="preview"))
    assert partner.organisation.name in response.content.decode()


@pytest.mark.django_db
def test_a_writer_whose_post_was_published_meanwhile_keeps_their_text(partner_client, partner):
    post = make_post(author=partner, action="submit")
    from posts.services import post_publish

    post_publish(post=post, by=make_user())
    response = partner_client.post(
        f"/posts/{post.slug}/edit/", editor_data(context="My late changes")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Staff published this lesson while you were editing it" in html
    assert "My late changes" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("member", 403), ("partner", 403)]
)
def test_only_staff_unpublish_and_see_history(client, request, role, status):
    post = make_post()
    client = client_as(client, request, role)
    assert client.post(f"/posts/{post.slug}/unpublish/").status_code == status
    assert client.get(f"/posts/{post.slug}/history/").status_code == status
    post.refresh_from_db()
    assert post.is_published


@pytest.mark.django_db
def test_hashtags_only_in_private_drafts_have_no_public_page(client, partner):
    make_post(author=partner, action="save", body="#SecretPlan")
    assert client.get("/tags/secretplan/").status_code == 404


@pytest.mark.django_db
def test_a_lists_count_is_kept_until_a_publication_changes(client, partner):
    for number in range(10):
        make_post(author=partner, title=f"Lesson {number}")
    client.force_login(partner)  # members' pages are rendered each time
    assert client.get("/posts/").context["paginator"].count == 10
    assert client.get("/tags/").status_code == 200
    make_post(author=partner, title="The eleventh")
    assert client.get("/posts/").context["paginator"].count == 11
    assert "?page=2" in client.get("/posts/").content.decode()
    make_post(author=partner, title="En français", language="fr")
    assert client.get("/posts/?language=fr").context["paginator"].count == 1
    assert client.get("/posts/").context["paginator"].count == 12
