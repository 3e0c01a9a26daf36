import pytest

from posts.models import Post
from posts.services import post_publish, post_return, post_save, post_unpublish
from tests.factories import make_organisation, make_post, make_user


@pytest.mark.django_db
def test_a_new_post_takes_its_writers_organisation_and_country(partner):
    partner.country = "KE"
    partner.save()
    post = make_post(author=partner, action="save")
    assert post.author == partner
    assert post.organisation == partner.organisation
    assert post.country == "KE"
    assert post.status == Post.Status.DRAFT


@pytest.mark.django_db
def test_the_country_falls_back_to_the_organisations(db):
    organisation = make_organisation(country="BO")
    writer = make_user(organisation=organisation)
    assert make_post(author=writer, action="save").country == "BO"


@pytest.mark.django_db
def test_submit_then_return_with_a_note_then_publish(partner):
    post = make_post(author=partner, action="submit")
    assert post.status == Post.Status.SUBMITTED and post.published_at is None

    post_return(post=post, note="Add what did not work, please.")
    post.refresh_from_db()
    assert (post.status, post.review_note) == ("returned", "Add what did not work, please.")

    post.what_did_not_work = "The radio spots came too late."
    post = post_save(post=post, by=partner, extra_hashtags=[], action="submit")
    assert post.status == Post.Status.SUBMITTED

    post_publish(post=post)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.published_at
    assert post.review_note == ""


@pytest.mark.django_db
def test_saving_keeps_the_status_and_the_address_of_a_published_post(staff):
    post = make_post(author=staff, title="First title")
    post.title = "New title"
    post = post_save(post=post, by=staff, extra_hashtags=[], action="save")
    assert post.status == Post.Status.PUBLISHED
    assert post.slug == "first-title"
    post_unpublish(post=post)
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


@pytest.mark.django_db
def test_edits_keep_versions(staff):
    post = make_post(author=staff, body="One")
    post.body = "Two"
    post_save(post=post, by=staff, extra_hashtags=[], action="save")
    assert [r.body for r in post.revisions.all()] == ["Two", "One"]


@pytest.mark.django_db
def test_translations_are_found_both_ways(staff, partner):
    original = make_post(author=staff, language="en")
    french = make_post(author=partner, language="fr", translation_of=original)
    arabic = make_post(author=partner, language="ar", translation_of=original)
    make_post(author=partner, language="es", translation_of=original, action="save")
    assert list(Post.objects.translations_of(original)) == [arabic, french]
    assert list(Post.objects.translations_of(french)) == [arabic, original]
