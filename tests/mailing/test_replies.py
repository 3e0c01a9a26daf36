"""Replies by e-mail through the real SMTP receiver (`manage.py inbound_smtp`'s): a reply
becomes the member's comment in the thread; every other case gets no comment and, when a
person wrote, a short answer saying why, in their language."""

import smtplib
import time
from email.message import EmailMessage

import pytest
from django.core.cache import cache

from discussion.management.commands.inbound_smtp import receiver
from discussion.models import Comment
from discussion.replies import REPLY_DAYS, reply_address
from discussion.services import comment_post
from tests.factories import make_report, make_user
from tests.helpers import run_tasks
from tests.hostile import live_markup
from tests.servers import free_port

# The receiver handles each mail in its own thread, with its own database connection.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def inbound():
    port = free_port()
    controller = receiver("127.0.0.1", port)
    controller.start()
    yield port
    controller.stop()


@pytest.fixture
def thread():
    writer = make_user(groups=("Staff",))
    report = make_report(author=writer)
    reader = make_user(groups=("Partners",), preferred_language="fr")
    question = comment_post(target=report, author=writer, text="What did you try?").comment
    return report, reader, question


def send(port, *, to, sender, text=None, html=None, headers=(), mail_from=None, subject="Re: x"):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = f"<{time.time_ns()}@example.org>"
    for name, value in headers:
        message[name] = value
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(message, from_addr=sender if mail_from is None else mail_from)


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def answers(mailoutbox, address) -> list:
    run_tasks()
    return [message for message in mailoutbox if message.to == [address]]


# "-- " (with its space) opens a signature.
REPLY = """Merci ! We used community radios first.

--\x20
Amina, Bridges for Learning

Le lun. 30 nov. 2026 à 10:00, Learning Exchange <noreply@example.org> a écrit :
> What did you try?
"""


def test_a_reply_by_mail_becomes_the_members_reply_in_the_thread(inbound, thread, mailoutbox):
    report, reader, question = thread
    address = reply_address(member_id=reader.pk, comment_id=question.pk)
    send(inbound, to=address, sender=f"Amina <{reader.email.upper()}>", text=REPLY)
    assert wait_for(lambda: Comment.objects.filter(user=reader).exists())
    comment = Comment.objects.get(user=reader)
    assert comment.comment == "Merci ! We used community radios first."
    assert comment.parent_id == question.pk and comment.is_public
    assert answers(mailoutbox, reader.email) == []
    # The same address again: no second comment, and an answer in French.
    cache.clear()
    send(inbound, to=address, sender=reader.email, text="Once more.")
    assert wait_for(lambda: answers(mailoutbox, reader.email))
    (answer,) = answers(mailoutbox, reader.email)
    assert "Votre réponse n’a pas été publiée" in answer.subject
    assert answer.extra_headers["Auto-Submitted"] == "auto-replied"
    assert Comment.objects.filter(user=reader).count() == 1


def test_notifications_carry_a_reply_address_for_their_recipient(thread, mailoutbox):
    report, reader, question = thread
    comment_post(target=report, author=reader, text="An answer.")
    run_tasks()
    notice = next(
        m for m in mailoutbox if m.to == [report.author.email] and "An answer." in m.body
    )
    reply = Comment.objects.get(comment="An answer.")
    assert notice.reply_to[0].startswith(f"reply+{report.author.pk}-{reply.pk}-")


@pytest.mark.parametrize(
    "case",
    ["forged", "expired", "another sender", "empty", "html only", "unknown address",
     "too many links"],
)  # fmt: skip
def test_what_cannot_become_a_comment_gets_an_answer_saying_why(
    inbound, thread, mailoutbox, case, monkeypatch
):
    report, reader, question = thread
    address = reply_address(member_id=reader.pk, comment_id=question.pk)
    sender, text, html, to = reader.email, "A fine reply.", None, address
    if case == "forged":
        to = address[:-20] + "0" * 8 + address[-12:]
    elif case == "expired":
        monkeypatch.setattr(time, "time", lambda real=time.time: real() - REPLY_DAYS * 86400 - 60)
        to = reply_address(member_id=reader.pk, comment_id=question.pk)
        monkeypatch.undo()
    elif case == "another sender":
        sender = "someone.else@example.org"
    elif case == "empty":
        text = "\n> What did you try?\n"
    elif case == "html only":
        text, html = None, '<p onclick="steal()">Hi</p><script>alert(1)</script>'
    elif case == "unknown address":
        to = "hello@learning-exchange.example"
    elif case == "too many links":
        text = " ".join(f"https://example.org/{n}" for n in range(40))
    send(inbound, to=to, sender=sender, text=text, html=html)
    assert wait_for(lambda: answers(mailoutbox, sender))
    (answer,) = answers(mailoutbox, sender)
    assert answer.body.strip()
    if case == "too many links":
        # The web form's rule: held for a moderator, and the member told so.
        assert Comment.objects.get(user=reader).is_held
        assert "attend un modérateur" in answer.body
    else:
        assert not Comment.objects.filter(user=reader).exists()
    for comment in Comment.objects.all():
        assert not live_markup(comment.body_html)


@pytest.mark.parametrize(
    "headers, mail_from",
    [
        ([("Auto-Submitted", "auto-replied")], None),
        ([("X-Autoreply", "yes")], None),
        ([("Precedence", "auto_reply")], None),
        ([], ""),  # a bounce: the null sender
    ],
)
def test_automatic_mail_and_bounces_get_neither_comment_nor_answer(
    inbound, thread, mailoutbox, headers, mail_from
):
    report, reader, question = thread
    address = reply_address(member_id=reader.pk, comment_id=question.pk)
    send(inbound, to=address, sender=reader.email, text="I am out of the office.",
         headers=headers, mail_from=mail_from)  # fmt: skip
    time.sleep(1)
    run_tasks()
    assert not Comment.objects.filter(user=reader).exists()
    assert answers(mailoutbox, reader.email) == []
