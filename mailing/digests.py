"""Digests: one mail a day or a week listing what a member follows that is new, instead of
a mail for each item. Apps add their sections (mailing.sections); a member's digest is
planned by the first new item of a period and sent at its end, at most once per member and
period however many workers run, and not at all when nothing is new."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from accounts.models import MailFrequency, User
from mailing import sections
from mailing.messages import Mail, stop_token
from mailing.models import Digest
from mailing.tasks import deliver

PERIODS = {MailFrequency.DAILY: timedelta(days=1), MailFrequency.WEEKLY: timedelta(days=7)}


@dataclass(frozen=True)
class Entry:
    """One line of a digest: title, writer, organisation, country, one line, link."""

    title: str
    writer: str
    organisation: str
    country: str
    line: str
    url: str
    reply_to: str = ""  # an address that answers in the discussion, for comments


@dataclass(frozen=True)
class Section:
    title: str
    entries: list[Entry]


def period_start(frequency: str, moment: datetime) -> datetime:
    """Midnight UTC of the day, or of the Monday of the week, that holds moment."""
    day = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == MailFrequency.WEEKLY:
        day -= timedelta(days=day.weekday())
    return day


def digest_planned(member: User) -> None:
    """Something new for member: make sure their digest of this period is planned (once)."""
    frequency = member.mail_frequency
    if frequency not in PERIODS:
        return
    start = period_start(frequency, timezone.now())
    _digest, created = Digest.objects.get_or_create(
        member=member, frequency=frequency, period_start=start
    )
    if created:
        send_digest.using(run_after=start + PERIODS[frequency]).enqueue(
            member.pk, frequency, start.isoformat()
        )


def site_url(path: str) -> str:
    return f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{settings.SITE_DOMAIN}{path}"


def stop_url(member: User) -> str:
    return site_url(reverse("mailing:stop", args=[stop_token(member.pk)]))


@task()
def send_digest(member_id: int, frequency: str, start: str) -> str:
    """The member's digest for the period that began at start, if they still want one and
    something is new since their last digest."""
    start_at = datetime.fromisoformat(start)
    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update()
            .select_related("member")
            .get(member_id=member_id, frequency=frequency, period_start=start_at)
        )
        if digest.done_at is not None:
            return "done already"
        member = digest.member
        digest.done_at = timezone.now()
        digest.save(update_fields=["done_at"])
        if member.mail_frequency != frequency or not member.is_active:
            return "no longer wanted"
        previous = (
            Digest.objects.filter(member=member, done_at__isnull=False)
            .exclude(pk=digest.pk)
            .order_by("-done_at")
            .values_list("done_at", flat=True)
            .first()
        )
        since = previous or start_at - PERIODS[frequency]
        language = member.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            found = []
            for collect in sections.registered():
                title, entries = collect(member, since, digest.done_at)
                if entries:
                    found.append(Section(title=str(title), entries=entries))
            if not found:
                return "nothing new"
            context = {"member": member, "sections": found, "frequency": frequency}
            mail = Mail(
                key=f"digest:{member.pk}:{frequency}:{start}",
                to=member.email,
                subject=render_to_string("mailing/digest_subject.txt", context),
                body=render_to_string(
                    "mailing/digest_message.txt",
                    {
                        **context,
                        "stop_url": stop_url(member),
                        "profile_url": site_url(reverse("accounts:profile_edit")),
                    },
                ),
                list_name="digests",
                unsubscribe_url=stop_url(member),
            )
        deliver.enqueue(mail.as_task_argument())
    return f"{sum(len(section.entries) for section in found)} items"
