"""Plain functions that make test data."""

import datetime
from itertools import count

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import Organisation, User
from publishing.models import EditorAction
from tests.uploads import samples
from uploads.processing import check_document, photo_variants
from uploads.services import attachment_create, photo_create, uploads_attach

PASSWORD = "a-long-test-password-42"
_sequence = count(1)


def make_organisation(**fields) -> Organisation:
    number = next(_sequence)
    fields.setdefault("name", f"Organisation {number}")
    fields.setdefault("slug", f"organisation-{number}")
    fields.setdefault("country", "KE")
    fields.setdefault("kind", Organisation.Kind.LOCAL)
    return Organisation.objects.create(**fields)


def make_user(*, groups: tuple[str, ...] = (), verified: bool = True, **fields) -> User:
    number = next(_sequence)
    fields.setdefault("email", f"person{number}@example.org")
    fields.setdefault("name", f"Person {number}")
    user = User.objects.create_user(password=PASSWORD, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def make_report(*, author=None, publish: bool = True, hashtags=(), organisations=(), **fields):
    """A seminar report saved the way the editor saves it."""
    from seminars.models import SeminarReport
    from seminars.services import report_write

    number = next(_sequence)
    fields.setdefault("title", f"Seminar report {number}")
    fields.setdefault("summary", f"What we learned at seminar {number}.")
    fields.setdefault("body", f"A body for report {number}.")
    fields.setdefault("event_name", f"Seminar {number}")
    fields.setdefault("organiser", f"Organiser {number}")
    fields.setdefault("event_date", datetime.date(2026, 5, 1))
    fields.setdefault("place", "Kampala, Uganda")
    report = SeminarReport(**fields)
    return report_write(
        report=report,
        by=author or make_user(),
        organisations=organisations,
        extra_hashtags=list(hashtags),
        action=EditorAction.PUBLISH if publish else EditorAction.SAVE,
    )


def make_post(*, author=None, action: str = "publish", hashtags=(), **fields):
    """A lessons-learned post saved the way the editor saves it."""
    from posts.models import Post
    from posts.services import post_write

    number = next(_sequence)
    fields.setdefault("title", f"Lesson {number}")
    fields.setdefault("summary", f"What we learned, number {number}.")
    fields.setdefault("context", f"Where lesson {number} happened.")
    fields.setdefault("what_worked", "Listening first.")
    fields.setdefault("what_did_not_work", "Printed forms.")
    fields.setdefault("what_we_would_change", "Ask earlier.")
    fields.setdefault("body", "")
    return post_write(
        post=Post(**fields),
        by=author or make_user(),
        extra_hashtags=list(hashtags),
        action=action,
    )


def make_comment(*, target, author, text="A thoughtful comment.", parent=None, **fields):
    """A published comment (or, with published=False, a held one) in its thread."""
    from discussion.services import comment_create

    fields.setdefault("language", "")
    fields.setdefault("published", True)
    return comment_create(target=target, author=author, text=text, parent=parent, **fields)


def comment_form_data(target, text="A thoughtful comment.", **extra) -> dict:
    """What the comment form posts, with a valid security hash and timestamp."""
    from discussion.forms import CommentForm

    data = CommentForm(target).initial | {"comment": text, "language": "", "honeypot": ""}
    return data | extra


def add_photos(publication, *, by, descriptions=("A photo",), pictures=None, files=()):
    """Photos (and files, name to bytes) processed, described and attached as the editor
    does it."""

    model = type(publication)
    photos = []
    for number, description in enumerate(descriptions):
        image = pictures[number] if pictures else samples.picture(900, 600)
        photo = photo_create(
            variants=photo_variants(samples.upload("p.jpg", samples.encoded(image, "JPEG"))),
            model=model,
            by=by,
        )
        photo.description = description
        photos.append(photo)
    attachments = []
    for name, data in dict(files).items():
        upload = samples.upload(name, data, "application/octet-stream")
        attachments.append(
            attachment_create(upload=upload, document=check_document(upload), model=model, by=by)
        )
    uploads_attach(publication=publication, kept=[*photos, *attachments], removed=[])
    return photos


def add_photo_gallery(publication, *, by):
    """Two photos, one captioned and credited, showing people who agreed, and a file: every
    part a page shows of them."""
    photos = add_photos(
        publication,
        by=by,
        descriptions=["Fishers at dawn", "The hall"],
        files={"agenda.pdf": b"%PDF-1.4 agenda"},
    )
    photos[1].caption, photos[1].credit, photos[1].shows_people = "The hall", "Mere", True
    photos[1].consent_by, photos[1].consent_at = by, photos[1].created_at
    photos[1].save()
    return photos
