import pytest
from taggit.models import Tag

from discussion.models import Flag
from discussion.services import discussion_follow
from hashtags.services import hashtag_rename
from tests.factories import make_comment, make_post, make_report, make_user

# Each admin list, and what it shows of the records made below.
ADMIN_LISTS = {
    "/admin/publishing/revision/": "Seen in the admin",
    "/admin/posts/post/": "A lesson seen in the admin",
    "/admin/seminars/seminarreport/": "Seen in the admin",
    "/admin/hashtags/hashtagredirect/": "radio → wireless",
    "/admin/discussion/flag/": "Spam or advertising",
    "/admin/discussion/subscription/": "Sara Staff",
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_each_app_lists_its_records_in_the_admin(superuser_client, staff, url):
    report = make_report(author=staff, title="Seen in the admin", body="#Radio")
    hashtag_rename(tag=Tag.objects.get(name="Radio"), name="Wireless", slug="wireless")
    make_post(author=staff, title="A lesson seen in the admin")
    comment = make_comment(target=report, author=staff)
    Flag.objects.create(comment=comment, reporter=make_user(), reason=Flag.Reason.SPAM)
    discussion_follow(user=staff, target=report, follow=True)
    response = superuser_client.get(url)
    assert response.status_code == 200
    assert ADMIN_LISTS[url] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_members_never_reach_the_admin_lists(member_client, url):
    response = member_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
