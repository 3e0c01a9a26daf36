"""The insight page's tallies stay what counting everything again would give, after each
kind of change the site makes to what they count."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from accounts.models import PARTNERS_GROUP
from discussion.services import comment_approve, comment_edit, comment_remove
from followups.models import FollowUp, State
from followups.services import follow_up_delete, follow_up_save
from hashtags.services import hashtag_merge, hashtags_set
from insights.models import Answer, Tagging, Writing
from insights.tallies import rebuild
from posts.services import post_unpublish
from publishing.signals import writing_changed
from tests.factories import make_comment, make_organisation, make_post, make_report, make_user
from tests.importing import wxr

pytestmark = pytest.mark.django_db


def tallies():
    tagging = sorted(Tagging.objects.values_list("month", "kind", "tag__name", "count"))
    writing = sorted(
        Writing.objects.values_list(
            "month", "writer_id", "kind", "voice", "country", "language", "count"
        ),
        key=str,
    )
    answers = sorted(Answer.objects.values_list("comment_id", "month", "wait"))
    return writing, answers, tagging


def assert_kept_true():
    kept = tallies()
    rebuild()
    assert kept == tallies()
    return kept


def test_every_change_keeps_the_tallies_true(partner, staff, member):
    lesson = make_post(author=partner, title="Wells")
    writing, _answers, _tagging = assert_kept_true()
    assert [(row[2], row[6]) for row in writing] == [("lesson", 1)]

    asked = make_comment(target=lesson, author=partner, language="fr")
    answered_by_staff = make_comment(target=lesson, author=staff, parent=asked)
    _writing, answers, _tagging = assert_kept_true()
    assert [(pk, wait is not None) for pk, _month, wait in answers] == [(asked.pk, True)]

    # A member's reply does not answer; a held comment is not counted until approved.
    make_comment(target=lesson, author=member, parent=asked)
    held = make_comment(target=lesson, author=make_user(name="Newcomer"), published=False)
    assert_kept_true()
    comment_approve(comment=held, by=staff)
    assert_kept_true()

    # Removing the answer leaves the partner's comment waiting again.
    comment_remove(comment=answered_by_staff, by=staff)
    _writing, answers, _tagging = assert_kept_true()
    assert [wait for _pk, _month, wait in answers] == [None]

    # The writer's own edit, and a comment deleted outright.
    comment_edit(comment=asked, by=partner, text="Wells, again.", language="fr")
    assert_kept_true()
    make_comment(target=lesson, author=member).delete()
    assert_kept_true()

    # A member who joins a partner organisation: earlier writing keeps its voice.
    member.organisation = make_organisation(country="UG")
    member.save()
    member.groups.add(Group.objects.get(name=PARTNERS_GROUP))
    make_comment(target=lesson, author=type(member).objects.get(pk=member.pk))
    writing, _answers, _tagging = assert_kept_true()
    assert {row[3] for row in writing if row[1] == member.pk} == {"member", "partner"}

    # Unpublished, then deleted lessons; a member who deletes their account.
    post_unpublish(post=lesson)
    writing, _answers, _tagging = assert_kept_true()
    assert "lesson" not in {row[2] for row in writing}
    other = make_post(author=staff, title="Radios")
    other.delete()
    assert_kept_true()
    member.delete()
    writing, _answers, _tagging = assert_kept_true()
    assert None in {row[1] for row in writing}


def test_a_load_of_any_size_counts_everything_again(partner):
    make_post(author=partner)
    Writing.objects.all().delete()
    writing_changed.send(sender=None, everything=True)
    assert Writing.objects.filter(kind=Writing.Kind.LESSON, writer=partner).exists()


def counted_tags(kind):
    return {name: count for _month, counted, name, count in tallies()[2] if counted == kind}


def test_hashtags_and_follow_ups_keep_the_tallies_true(partner, staff):
    lesson = make_post(author=partner, hashtags=["Water", "Wells"])
    assert_kept_true()
    assert counted_tags("published") == {"Water": 1, "Wells": 1}

    hashtags_set(publication=lesson, names=["Water", "Radio"])
    assert_kept_true()
    assert counted_tags("published") == {"Water": 1, "Radio": 1}

    today = timezone.localdate()
    follow_up = follow_up_save(
        follow_up=FollowUp(state=State.APPLIED, country="KE", happened_on=today),
        lesson=lesson,
        by=partner,
    )
    assert_kept_true()
    assert counted_tags("applied") == {"Water": 1, "Radio": 1}

    follow_up.state = State.PLANNED
    follow_up_save(follow_up=follow_up, lesson=lesson, by=partner)
    assert_kept_true()
    assert counted_tags("applied") == {}
    follow_up.state = State.APPLIED
    follow_up_save(follow_up=follow_up, lesson=lesson, by=partner)

    hashtag_merge(sources=[Tag.objects.get(name="Radio")], into=Tag.objects.get(name="Water"))
    assert_kept_true()
    assert counted_tags("applied") == {"Water": 1}

    post_unpublish(post=lesson)
    assert_kept_true()
    assert counted_tags("published") == counted_tags("applied") == {}

    make_report(author=staff, hashtags=["Water"])
    follow_up_delete(follow_up=follow_up)
    assert_kept_true()
    assert counted_tags("published") == {"Water": 1}


def test_a_blog_import_is_counted_once_it_is_in(tmp_path, staff):
    export = tmp_path / "blog.xml"
    export.write_text(wxr.export(
        wxr.item(1, comments=["First.", "Second."]), wxr.item(2, comments=["Third."])
    ))  # fmt: skip
    call_command("import_blog", str(export), stdout=io.StringIO())
    writing, _answers, _tagging = assert_kept_true()
    counted = {
        kind: sum(row[6] for row in writing if row[2] == kind) for kind in ("lesson", "comment")
    }
    assert counted == {"lesson": 2, "comment": 3}
