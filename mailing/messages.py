"""Mail as inboxes expect it from a site: plain text, a Message-ID on the site's domain,
Auto-Submitted, List-Id and one-click unsubscribe (RFC 8058)."""

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid


@dataclass(frozen=True)
class Mail:
    """One mail to one person, ready to send: what a task carries (JSON)."""

    key: str  # what it is about and for whom: sent once per key
    to: str
    subject: str
    body: str
    list_name: str = ""  # e.g. "discussions": List-Id and the unsubscribe it offers
    unsubscribe_url: str = ""  # absolute https address; a POST there unsubscribes at once
    reply_to: str = ""  # where the recipient's answer goes, e.g. a reply address
    auto_submitted: str = "auto-generated"  # "auto-replied" for answers to mail received

    def as_task_argument(self) -> dict:
        return asdict(self)


def mail_domain() -> str:
    """The site's host name, without a port, for Message-ID and List-Id."""
    return urlsplit(f"//{settings.SITE_DOMAIN}").hostname or "localhost"


def to_email(mail: Mail) -> EmailMessage:
    domain = mail_domain()
    headers = {"Message-ID": make_msgid(domain=domain), "Auto-Submitted": mail.auto_submitted}
    if mail.list_name:
        headers["List-Id"] = f"Learning Exchange {mail.list_name} <{mail.list_name}.{domain}>"
    if mail.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMessage(
        subject=" ".join(mail.subject.split()),
        body=mail.body,
        to=[mail.to],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers=headers,
    )


STOP_SALT = "mailing.stop"


def stop_token(member_id: int) -> str:
    """The secret part of a member's link that stops mail about what they follow."""
    return signing.dumps(member_id, salt=STOP_SALT)


def read_stop_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=STOP_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None
