"""Pages stay small for slow, paid-for connections: the budget, compressed as sent."""

import gzip
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import add_photos, make_comment, make_post, make_report, make_user

HTML_BUDGET = 20 * 1024
PAGE_BUDGET = 30 * 1024  # HTML and the stylesheet together
STYLESHEET = Path(settings.BASE_DIR, "static", "css", "site.css")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page_type", ["home", "post", "report", "report with photos", "posts", "tag", "search"]
)
def test_pages_fit_the_bandwidth_budget(client, page_type):
    body = "A paragraph about what we learned, with #LocalKnowledge.\n\n" * 60
    post = make_post(title="A long lesson", body=body, hashtags=["WASH"])
    people = [make_user(groups=("Partners",)) for _ in range(5)]
    parents = [None]
    for number in range(50):
        comment = make_comment(
            target=post,
            author=people[number % 5],
            parent=parents[number % len(parents)],
            text=f"Comment {number}: we saw *the same* in our district, see https://example.org.",
        )
        if comment.level < 2:
            parents.append(comment)
    report = make_report(title="A long report", body=body)
    photographed = make_report(title="A report with photos", body=body)
    add_photos(
        photographed,
        by=photographed.author,
        descriptions=[
            f"What photo {number} shows, for those who cannot see it" for number in range(6)
        ],
        files={"agenda.pdf": b"%PDF-1.4 agenda", "slides.pdf": b"%PDF-1.4 slides"},
    )
    for number in range(12):
        make_post(title=f"Lesson {number}", body="#LocalKnowledge")
    url = {
        "home": "/",
        "post": post.get_absolute_url(),
        "report": report.get_absolute_url(),
        "report with photos": photographed.get_absolute_url(),
        "posts": "/posts/",
        "tag": "/tags/localknowledge/",
        "search": "/search/?q=lesson",
    }[page_type]
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    html = len(response.content)
    # WhiteNoise serves the stylesheet compressed at collectstatic time, as gzip does here.
    css = len(gzip.compress(STYLESHEET.read_bytes()))
    assert html <= HTML_BUDGET, f"{url}: {html} bytes of HTML compressed"
    assert html + css <= PAGE_BUDGET, f"{url}: {html + css} bytes with the stylesheet"
