"""Mail as background tasks: enqueued with what it is about, sent by a worker with the
headers inboxes expect, once per key, retried while the mail server is away."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from discussion.models import Comment, Subscription
from discussion.services import comment_post
from mailing.messages import Mail
from mailing.models import Delivery
from mailing.tasks import BACKOFF, deliver
from tests.factories import make_report
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(staff):
    return make_report(author=staff)


def a_mail(key="test:1", to="amina@example.org") -> dict:
    return Mail(
        key=key, to=to, subject="Hello", body="Plain words.", list_name="discussions",
        unsubscribe_url="https://learning-exchange.example/comments/mute/token/",
    ).as_task_argument()  # fmt: skip


def test_saving_a_comment_sends_nothing_itself_and_enqueues_with_it(report, partner, mailoutbox):
    DBTaskResult.objects.all().delete()  # the report's own announcement
    comment_post(target=report, author=partner, text="Useful, thank you.")
    assert mailoutbox == []
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "discussion.services.notify_new_comment"
    run_tasks()
    assert [message.to for message in mailoutbox] == [[report.author.email]]


def test_a_comment_rolled_back_enqueues_nothing(report, partner):
    with pytest.raises(RuntimeError), transaction.atomic():
        comment_post(target=report, author=partner, text="Never saved.")
        raise RuntimeError
    assert not Comment.objects.exists()
    assert not DBTaskResult.objects.filter(task_path__startswith="discussion.").exists()


def test_a_held_comment_enqueues_nothing_until_approved(report, member, staff_client, mailoutbox):
    comment_post(target=report, author=member, text="New here.")
    assert not DBTaskResult.objects.filter(task_path__startswith="discussion.").exists()


def test_notifications_carry_the_headers_inboxes_expect(report, partner, mailoutbox, settings):
    settings.SITE_DOMAIN = "learning-exchange.example"
    comment_post(target=report, author=partner, text="A reply worth reading.")
    run_tasks()
    (message,) = mailoutbox
    headers = message.extra_headers
    assert re.fullmatch(r"<[^@>]+@learning-exchange\.example>", headers["Message-ID"])
    assert headers["Auto-Submitted"] == "auto-generated"
    assert (
        headers["List-Id"]
        == "Learning Exchange discussions <discussions.learning-exchange.example>"
    )
    assert re.fullmatch(
        r"<https?://learning-exchange\.example/comments/mute/[^>]+/>", headers["List-Unsubscribe"]
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
    assert "learning-exchange.example" in message.body and "A reply worth reading." in message.body
    assert Delivery.objects.get().message_id == headers["Message-ID"]


def test_one_click_unsubscribe_works_without_signing_in_or_a_csrf_token(
    report, partner, member, mailoutbox
):
    Subscription.objects.create(
        user=member, content_type_id=report_content_type(report), object_pk=str(report.pk)
    )
    comment_post(target=report, author=partner, text="News.")
    run_tasks()
    (to_member,) = [message for message in mailoutbox if message.to == [member.email]]
    address = to_member.extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + address.split("/", 3)[3]
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscription.objects.get(user=member).muted


def report_content_type(report) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(report).pk


def test_each_key_is_sent_once_however_often_it_is_enqueued(mailoutbox):
    for _ in range(3):
        deliver.enqueue(a_mail())
    deliver.enqueue(a_mail(key="test:2"))
    assert run_tasks() == 4
    assert len(mailoutbox) == 2
    assert set(Delivery.objects.values_list("key", flat=True)) == {"test:1", "test:2"}


class Unreachable:
    """A mail backend whose server does not answer."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def make_due() -> None:
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def test_a_mail_server_away_is_waited_for_with_growing_pauses(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.mailing.test_mail.Unreachable"
    deliver.enqueue(a_mail())
    started = timezone.now()
    for attempt, pause in enumerate(BACKOFF[:3], start=1):
        run_tasks()
        waiting = DBTaskResult.objects.get(status="READY")
        assert waiting.args_kwargs["args"][1] == attempt + 1
        assert started + pause <= waiting.run_after <= timezone.now() + pause
        make_due()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_tasks()
    assert len(mail.outbox) == 1 and Delivery.objects.count() == 1
    assert DBTaskResult.objects.filter(status="FAILED").count() == 0


def test_a_mail_that_never_goes_through_is_kept_failed_for_staff(settings, staff):
    settings.EMAIL_BACKEND = "tests.mailing.test_mail.Unreachable"
    deliver.enqueue(a_mail())
    for _ in range(len(BACKOFF) + 1):
        run_tasks()
        make_due()
    failed = DBTaskResult.objects.get(status="FAILED")
    assert "ConnectionRefusedError" in failed.exception_class_path
    assert not Delivery.objects.exists()
    client = Client()
    client.force_login(staff)
    listing = client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert listing.status_code == 200
    assert "deliver" in listing.content.decode()
    detail = client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/")
    assert detail.status_code == 200
    assert "mail server down" in detail.content.decode()


@pytest.mark.parametrize(
    ("site", "domain"),
    [("learning-exchange.example", "learning-exchange.example"), ("127.0.0.1:8000", "127.0.0.1"),
     ("[::1]:8000", "::1")],
)  # fmt: skip
def test_message_ids_name_the_sites_host_without_its_port(settings, mailoutbox, site, domain):
    settings.SITE_DOMAIN = site
    deliver.enqueue(a_mail())
    run_tasks()
    assert mailoutbox[0].extra_headers["Message-ID"].endswith(f"@{domain}>")


@pytest.mark.parametrize(
    ("address", "form"),
    [("/accounts/signup/", {"name": "Nadia", "email": "nadia@example.org"}),
     ("/accounts/signup/", {"name": "Nadia", "email": "MEMBER"}),
     ("/accounts/password/reset/", {"email": "MEMBER"})],
    ids=["confirm-address", "address-already-known", "password-reset"],
)  # fmt: skip
def test_account_mail_waits_for_the_worker_and_carries_the_sites_headers(
    client, member, mailoutbox, address, form
):
    form = {key: member.email if value == "MEMBER" else value for key, value in form.items()}
    password = {"password1": "a-long-enough-password-9", "password2": "a-long-enough-password-9"}
    assert client.post(address, {**password, **form}).status_code == 302
    assert mailoutbox == []
    assert run_tasks() == 1
    (message,) = mailoutbox
    headers = message.extra_headers
    assert message.to == [form["email"]]
    assert re.fullmatch(r"<[^@>]+@[^>]+>", headers["Message-ID"])
    assert headers["Auto-Submitted"] == "auto-generated"
    # About the member's own account: no list to leave.
    assert "List-Id" not in headers and "List-Unsubscribe" not in headers
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
    assert Delivery.objects.get().message_id == headers["Message-ID"]


def test_what_a_killed_worker_left_running_is_taken_up_when_it_starts_again(mailoutbox):
    deliver.enqueue(a_mail(key="left:a"))
    deliver.enqueue(a_mail(key="left:b"))
    left_by_a, left_by_b = DBTaskResult.objects.order_by("enqueued_at")
    left_by_a.claim("worker-a")  # then the process was killed: no chance to finish
    left_by_b.claim("worker-b")  # still at work
    call_command("requeue_stalled_tasks", "worker-a")
    assert run_tasks() == 1
    left_by_a.refresh_from_db()
    left_by_b.refresh_from_db()
    assert left_by_a.status == "SUCCESSFUL" and left_by_b.status == "RUNNING"
    assert [message.to for message in mailoutbox] == [["amina@example.org"]]
