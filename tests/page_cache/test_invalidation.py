"""Who replaces the kept pages: every service that changes what visitors see does so itself,
and the safety net catches saves made any other way (the admin, the shell)."""

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag

from accounts.services import partner_confirm
from discussion.services import (
    comment_approve,
    comment_edit,
    comment_post,
    comment_remove,
)
from hashtags.services import hashtag_merge, hashtag_rename
from page_cache import safety_net
from page_cache.versions import SITE_VERSION_KEY, content_version, publications_version
from posts.models import Post
from posts.services import post_publish, post_return, post_unpublish, post_write
from publishing.models import EditorAction
from publishing.signals import loading
from seminars.services import report_unpublish, report_write
from tests.factories import make_comment, make_organisation, make_post, make_report, make_user

pytestmark = pytest.mark.django_db

# Every model, and every many-to-many table, whose change the safety net turns into new
# kept pages. A new model fails this test until it is added here or to UNSHOWN.
COVERED = {
    "account.emailaddress",
    "accounts.organisation",
    "accounts.user",
    "accounts.user_groups",
    "accounts.user_user_permissions",
    "auth.group",
    "auth.group_permissions",
    "auth.permission",
    "contenttypes.contenttype",
    "discussion.comment",
    "discussion.subscription",
    "followups.followup",
    "following.hashtagfollow",
    "django_comments.comment",
    "django_comments.commentflag",
    "django_comments_xtd.blacklisteddomain",
    "django_comments_xtd.xtdcomment",
    "hashtags.hashtagredirect",
    "posts.post",
    "publishing.revision",
    "seminars.seminarreport",
    "seminars.seminarreport_credited_organisations",
    "sites.site",
    "taggit.tag",
    "taggit.taggeditem",
    "uploads.attachment",
    "uploads.photo",
}


def test_the_safety_net_covers_every_model_but_those_no_page_shows():
    labels = {model._meta.label_lower for model in apps.get_models(include_auto_created=True)}
    assert {label for label in labels if safety_net.is_covered(label)} == COVERED
    assert labels >= safety_net.UNSHOWN


def test_the_safety_net_renews_kept_pages_when_a_model_is_saved_outside_the_services(staff):
    pages, publications = content_version(), publications_version()
    make_organisation(name="Saved in the admin")
    assert content_version() != pages
    assert publications_version() != publications


@pytest.fixture
def without_safety_net():
    """Only the services' own calls can renew kept pages."""
    signals = (post_save, post_delete, m2m_changed)
    for signal in signals:
        assert signal.disconnect(dispatch_uid=f"page_cache.{signal!r}")
    yield
    safety_net.connect()


@contextmanager
def renews_kept_pages(*, publications: bool):
    pages, kept_publications = content_version(), publications_version()
    yield
    assert content_version() != pages
    assert (publications_version() != kept_publications) == publications


def test_report_services_renew_kept_pages_themselves(staff, without_safety_net):
    with renews_kept_pages(publications=True):
        report = make_report(author=staff, publish=False)
    with renews_kept_pages(publications=True):
        report_write(
            report=report, by=staff, organisations=[], extra_hashtags=[],
            action=EditorAction.PUBLISH,
        )  # fmt: skip
    with renews_kept_pages(publications=True):
        report_unpublish(report=report)


def test_post_services_renew_kept_pages_themselves(staff, partner, without_safety_net):
    with renews_kept_pages(publications=True):
        post = make_post(author=partner, action=EditorAction.SUBMIT)
    post_return(post=post, by=staff, note="Say where it happened.")
    with renews_kept_pages(publications=True):
        post_publish(post=post, by=staff)
    with renews_kept_pages(publications=True):
        post_unpublish(post=post)
    with renews_kept_pages(publications=True):
        post_write(post=Post.objects.get(pk=post.pk), by=staff, extra_hashtags=[], action="save")


def test_hashtag_services_renew_kept_pages_themselves(staff, without_safety_net):
    make_report(author=staff, body="#Radio #Wireless #Water")
    with renews_kept_pages(publications=True):
        hashtag_rename(tag=Tag.objects.get(name="Water"), name="Maji", slug="maji")
    with renews_kept_pages(publications=True):
        hashtag_merge(
            sources=[Tag.objects.get(name="Wireless")], into=Tag.objects.get(name="Radio")
        )


def test_discussion_services_renew_kept_pages_themselves(staff, partner, without_safety_net):
    report = make_report(author=staff)
    with renews_kept_pages(publications=False):
        posted = comment_post(target=report, author=partner, text="Seen in Ségou too.")
    with renews_kept_pages(publications=False):
        comment_edit(comment=posted.comment, by=partner, text="Seen in Mopti too.", language="")
    held = make_comment(target=report, author=make_user(), published=False)
    with renews_kept_pages(publications=False):
        comment_approve(comment=held, by=staff)
    with renews_kept_pages(publications=False):
        comment_remove(comment=posted.comment, by=staff, reason="Duplicate.")


def test_confirming_a_partner_renews_kept_pages(member, organisation, without_safety_net):
    with renews_kept_pages(publications=False):
        partner_confirm(user=member, organisation=organisation)


def test_editing_a_profile_renews_kept_pages(member_client, member, without_safety_net):
    with renews_kept_pages(publications=False):
        response = member_client.post(
            "/accounts/profile/",
            {"name": "Mariam M.", "preferred_language": "", "country": "SN", "bio": ""},
        )
    assert response.status_code == 302


def test_a_load_replaces_every_page_once_at_its_end(staff, partner, monkeypatch):
    """What a load writes (a blog import) replaces no page as it goes, only all at its end,
    whether it succeeds or not."""
    site = cache.get(SITE_VERSION_KEY)
    with loading():
        pages, publications = content_version(), publications_version()
        writes = []
        monkeypatch.setattr(cache, "set_many", lambda *args, **kwargs: writes.append(args))
        post = make_post(author=partner, hashtags=["Water"])
        make_comment(target=post, author=staff)
        monkeypatch.undo()
        assert writes == []
        assert (content_version(), publications_version()) == (pages, publications)
    assert content_version() != pages
    assert publications_version() != publications
    assert cache.get(SITE_VERSION_KEY) != site

    pages = content_version()
    with pytest.raises(ZeroDivisionError), loading():
        make_post(author=partner)
        1 / 0  # noqa: B018
    assert content_version() != pages
