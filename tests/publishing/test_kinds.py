import pytest

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
