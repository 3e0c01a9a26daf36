import datetime

import pytest
from django.utils import timezone
from taggit.models import Tag

import publishing.models
from discussion.commentable import commentable_model, commentable_models
from posts.models import Post
from publishing.kinds import publication_kinds, published_page
from seminars.models import SeminarReport
from tests.factories import make_post, make_report


def test_every_kind_of_publication_is_found_without_being_named():
    assert publication_kinds() == {"report": SeminarReport, "post": Post}


def test_both_kinds_register_their_discussion():
    assert set(commentable_models()) == {SeminarReport, Post}
    assert commentable_model("posts.post") is Post
    assert commentable_model("accounts.user") is None


@pytest.mark.django_db
def test_one_page_lists_every_kind_newest_first(staff):
    report = make_report(author=staff, title="Older report")
    post = make_post(author=staff, title="Newer lesson")
    make_report(author=staff, title="Draft", publish=False)
    page = published_page(page_number=1, per_page=10)
    assert [(entry["kind"], entry["item"]) for entry in page.object_list] == [
        ("post", post),
        ("report", report),
    ]
    assert page.paginator.count == 2


@pytest.mark.django_db
@pytest.mark.parametrize("few", [0, 2_000], ids=["matched", "listed"])
def test_pages_of_a_hashtag_follow_one_order_across_kinds(few, monkeypatch, staff):
    monkeypatch.setattr(publishing.models, "FEW_TAGGED", few)
    moment = timezone.now()
    made = []
    for number in range(7):
        make = make_post if number % 3 else make_report
        item = make(author=staff, hashtags=["Wells"], title=f"Item {number}")
        # Two items at each moment: the order then goes by kind, then newest first.
        type(item).objects.filter(pk=item.pk).update(
            published_at=moment - datetime.timedelta(days=number // 2)
        )
        made.append(item)
    make_post(author=staff, hashtags=["Radios"], title="Elsewhere")
    tag = Tag.objects.get(name="Wells")
    pages = [published_page(page_number=n, per_page=3, tag=tag) for n in (1, 2, 3)]
    listed = [(entry["kind"], entry["item"].pk) for page in pages for entry in page.object_list]
    # Day by day: a lesson before a report; two lessons, the later saved first.
    expected = [made[n] for n in (1, 0, 2, 3, 5, 4, 6)]
    assert listed == [(item.kind, item.pk) for item in expected]
    assert pages[0].paginator.count == 7
