import pytest

from posts.models import Post
from posts.services import post_publish, post_return, post_unpublish, post_write
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
def test_submit_then_return_with_a_note_then_publish(partner, staff):
    post = make_post(author=partner, action="submit")
    assert post.status == Post.Status.SUBMITTED and post.published_at is None

    post_return(post=post, by=staff, note="Add what did not work, please.")
    post.refresh_from_db()
    assert (post.status, post.review_note) == ("returned", "Add what did not work, please.")
    assert post.reviewed_by == staff and post.reviewed_at

    post.what_did_not_work = "The radio spots came too late."
    post = post_write(post=post, by=partner, extra_hashtags=[], action="submit")
    assert post.status == Post.Status.SUBMITTED
    assert post.review_note == ""  # the old note no longer applies

    post_publish(post=post, by=staff)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.published_at
    assert post.reviewed_by == staff


@pytest.mark.django_db
def test_saving_keeps_the_status_and_the_address_of_a_published_post(staff):
    post = make_post(author=staff, title="First title")
    post.title = "New title"
    post = post_write(post=post, by=staff, extra_hashtags=[], action="save")
    assert post.status == Post.Status.PUBLISHED
    assert post.slug == "first-title"
    post_unpublish(post=post)
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


@pytest.mark.django_db
def test_edits_keep_versions_of_every_part_of_the_lesson(staff):
    post = make_post(author=staff, body="One", context="In the delta.")
    post.body = "Two"
    post_write(post=post, by=staff, extra_hashtags=[], action="save")
    post.context = "In the delta, in the rainy season."
    post_write(post=post, by=staff, extra_hashtags=[], action="save")
    post.shares_failure = True
    post_write(post=post, by=staff, extra_hashtags=[], action="save")
    post_write(post=post, by=staff, extra_hashtags=[], action="save")  # nothing changed
    versions = [revision.body for revision in post.revisions.all()]
    assert len(versions) == 4
    assert "[shares a failure]" in versions[0]
    assert "## Context\nIn the delta, in the rainy season." in versions[1]
    assert "## Context\nIn the delta.\n" in versions[2] and versions[2].endswith("Two")
    assert versions[3].endswith("One")


@pytest.mark.django_db
def test_translations_are_found_both_ways(staff, partner):
    original = make_post(author=staff, language="en")
    french = make_post(author=partner, language="fr", translation_of=original)
    arabic = make_post(author=partner, language="ar", translation_of=original)
    make_post(author=partner, language="es", translation_of=original, action="save")
    assert list(Post.objects.translations_of(original)) == [arabic, french]
    assert list(Post.objects.translations_of(french)) == [arabic, original]
