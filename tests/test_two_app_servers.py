"""The app servers keep no state: two gunicorn instances on one PostgreSQL and one Redis.

A member signs in through one and is signed in on the other; a comment rate limit hit
through one holds on the other; a post published through one shows at once on the other's
hashtag page, which it had kept for visitors.
"""

import os
import re

import pytest

from tests.factories import make_report, make_user
from tests.servers import Browser, app_servers, on_postgres

pytestmark = [
    pytest.mark.postgres,
    on_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def test_two_app_servers_share_sessions_rate_limits_and_the_page_cache(staff):
    partner = make_user(name="Pablo Partner", groups=("Partners",))
    report = make_report(author=staff, body="#LocalKnowledge")
    with app_servers(count=2, workers=1, redis_url=REDIS_URL) as (first, second):
        member = Browser(partner)
        status, page = member.get(f"{second}/accounts/profile/")
        assert status == 200 and "Pablo Partner" in page

        address = report.get_absolute_url()
        fields = member.form(f"{first}{address}", "/comments/post/")
        status, _page = member.post(
            f"{first}/comments/post/", fields | {"comment": "Through the first."}
        )
        assert status == 302
        fields = member.form(f"{second}{address}", "/comments/post/")
        status, page = member.post(
            f"{second}/comments/post/", fields | {"comment": "Too soon, through the second."}
        )
        assert status == 429 and "Too soon, through the second." in page

        visitor = Browser()
        status, page = visitor.get(f"{second}/tags/localknowledge/")
        assert status == 200 and "Radio before apps" not in page
        editor = Browser(staff)
        _status, page = editor.get(f"{first}/posts/new/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        lesson = {
            "csrfmiddlewaretoken": token, "title": "Radio before apps", "language": "en",
            "summary": "Why we went back to radio.", "context": "Flood alerts.",
            "body": "Start from what people use. #LocalKnowledge", "action": "publish",
        }  # fmt: skip
        status, _page = editor.post(f"{first}/posts/new/", lesson)
        assert status == 302
        status, page = visitor.get(f"{second}/tags/localknowledge/")
        assert "Radio before apps" in page
