import datetime

import pytest
from django.contrib.auth.models import Group

from accounts.models import PARTNERS_GROUP
from discussion.models import Comment
from discussion.services import comment_remove
from insights.tallies import rebuild
from tests.factories import make_comment, make_organisation, make_post, make_user


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def published_on(post, when: datetime.datetime):
    """A lesson or report, dated."""
    type(post).objects.filter(pk=post.pk).update(published_at=when)
    rebuild()  # Dated behind the site's back: counted again.
    post.refresh_from_db()
    return post


def comment(target, author, when, *, parent=None, **fields) -> Comment:
    """A comment saved as the site saves it, then dated."""
    made = make_comment(target=target, author=author, parent=parent, **fields)
    Comment.objects.filter(pk=made.pk).update(submit_date=when)
    rebuild()
    made.refresh_from_db()
    return made


@pytest.fixture
def period_query():
    """January to April 2025: February and April have nothing."""
    return {"start": "2025-01", "end": "2025-04"}


@pytest.fixture
def community(db, partner, staff, member):
    """A discussion counted by hand (see each figure's test).

    January: the partner's lesson; comments by the partner (c1, answered by staff after 2
    hours), by a second partner (c2, answered by the lesson's writer after 5 hours, and by
    a member), by a third partner (c3, answered by a member only), by a member who later
    joins a partner organisation (c4); a comment by the partner that a moderator removed.
    March: staff's lesson; the member, now a partner, comments (c5, answered by staff, the
    writer, after 6 hours), and the partner (c6, answered by staff after 10 hours); a new
    member's comment waits for a moderator. Also a draft, and a lesson of December 2024.
    """
    second = make_user(
        name="Second Partner", organisation=make_organisation(country="UG"),
        groups=(PARTNERS_GROUP,),
    )  # fmt: skip
    third = make_user(
        name="Third Partner", organisation=make_organisation(country="UG"),
        groups=(PARTNERS_GROUP,),
    )  # fmt: skip
    changer = make_user(name="Chidi Changer", country="NG")
    newcomer = make_user(name="New Member", country="SN")
    lesson = published_on(make_post(author=partner, title="Listening first"), at(2025, 1, 10))
    later = published_on(make_post(author=staff, title="Radios"), at(2025, 3, 5))
    published_on(make_post(author=staff, title="Old"), at(2024, 12, 20))
    make_post(author=partner, action="save", title="Draft")

    c1 = comment(lesson, partner, at(2025, 1, 15, 10))
    comment(lesson, staff, at(2025, 1, 15, 12), parent=c1)
    comment(lesson, member, at(2025, 1, 16, 12), parent=c1)
    c2 = comment(lesson, second, at(2025, 1, 20, 10))
    comment(lesson, member, at(2025, 1, 20, 11), parent=c2)
    comment(lesson, partner, at(2025, 1, 20, 15), parent=c2)
    c3 = comment(lesson, third, at(2025, 1, 22, 10))
    comment(lesson, member, at(2025, 1, 22, 11), parent=c3)
    comment(lesson, changer, at(2025, 1, 25))
    removed = comment(lesson, partner, at(2025, 1, 26))
    comment_remove(comment=removed, by=staff)

    changer.organisation = make_organisation(country="NG")
    changer.save()
    changer.groups.add(Group.objects.get(name=PARTNERS_GROUP))
    changer = type(changer).objects.get(pk=changer.pk)
    c5 = comment(later, changer, at(2025, 3, 10, 6))
    comment(later, staff, at(2025, 3, 10, 12), parent=c5)
    c6 = comment(later, partner, at(2025, 3, 12, 0))
    comment(later, staff, at(2025, 3, 12, 10), parent=c6)
    comment(later, newcomer, at(2025, 3, 13), published=False)
    return {"lesson": lesson, "later": later, "changer": changer, "second": second}
