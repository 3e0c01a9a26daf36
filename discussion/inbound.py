"""Replies by e-mail: a mail to a reply address (discussion.replies), received by
`manage.py inbound_smtp`, becomes the member's reply in that thread, under the same rules
as the web form; anything else gets no comment, and its sender, if a person, a short
answer saying why."""

import email
import hashlib
import time
from email import policy
from email.utils import parseaddr

import nh3
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from mailparser_reply import EmailReplyParser

from accounts.models import User
from discussion.models import Comment, ReplyUsed
from discussion.replies import REPLY_DAYS, REPLY_RE, reply_signature
from discussion.services import CommentRefused, comment_post
from mailing.messages import Mail
from mailing.tasks import deliver

# Languages the reply parser knows the quoting and signature lines of.
PARSED_LANGUAGES = ["en", "fr", "es", "de", "it", "pt", "nl"]
AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


class Refusal(Exception):
    """A mail that becomes no comment; the message tells its sender why (None: say
    nothing, as for automatic mail)."""

    def __init__(self, reason: str | None):
        super().__init__(reason or "")
        self.reason = reason


def _is_automatic(message, mail_from: str) -> bool:
    if not mail_from or mail_from == "<>":
        return True  # bounces come from the null sender
    if message.get_content_type() == "multipart/report":
        return True  # delivery reports
    if message.get("Auto-Submitted", "no").strip().lower() != "no":
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    return message.get("Precedence", "").strip().lower() in AUTOMATIC_PRECEDENCE


def _plain_text(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        raise Refusal(_("Please reply in plain text: this mail had only formatted text."))
    text = part.get_content()
    # A plain part is still what someone typed: no markup survives into a comment's source.
    return nh3.clean(text, tags=set(), strip_comments=True) if "<" in text else text


def _new_text(text: str) -> str:
    """The reply itself, without the quoted mail (lines opening with ">", and the mail
    below the reply) or the signature."""
    unquoted = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    replies = EmailReplyParser(languages=PARSED_LANGUAGES).read(text=unquoted).replies
    return replies[0].body.strip() if replies else ""


def handle_reply(*, mail_from: str, recipients: list[str], data: bytes) -> str:
    """Turn one received mail into a comment, or say why not. Returns what happened."""
    message = email.message_from_bytes(data, policy=policy.default)
    if _is_automatic(message, mail_from):
        return "automatic: ignored"
    sender = parseaddr(str(message.get("From", "")))[1] or mail_from
    found = next((match for match in map(REPLY_RE.match, recipients) if match), None)
    member = None
    try:
        if found is None:
            raise Refusal(_("This address takes no mail. Reply on the site instead."))
        member_id, comment_id, stamp, signature = found.groups()
        expected = reply_signature(int(member_id), int(comment_id), stamp.lower())
        if not constant_time_compare(expected, signature.lower()):
            raise Refusal(_("This reply address is not valid. Reply on the site instead."))
        member = User.objects.filter(pk=member_id, is_active=True).first()
        comment = Comment.objects.filter(pk=comment_id).first()
        if member is None or comment is None:
            raise Refusal(_("This reply address is not valid. Reply on the site instead."))
        if sender.lower() != member.email.lower():
            member = None  # the answer goes to whoever wrote, in the site's language
            raise Refusal(_("Replies to this address must come from the address it was sent to."))
        if time.time() - int(stamp, 36) > REPLY_DAYS * 24 * 3600:
            raise Refusal(
                _("This reply address has expired. Reply on the site: the link is in the mail.")
            )
        with translation.override(member.preferred_language or settings.LANGUAGE_CODE):
            text = _new_text(_plain_text(message))
            if not text:
                raise Refusal(_("Your reply was empty, so nothing was posted."))
            try:
                with transaction.atomic():
                    ReplyUsed.objects.create(address=found.group(0).lower())
                    posted = comment_post(
                        target=comment.content_object,
                        author=member,
                        text=text,
                        reply_to=comment.pk,
                    )
            except IntegrityError:
                raise Refusal(
                    _("This reply address was used already. Reply on the site instead.")
                ) from None
            except CommentRefused as refused:
                raise Refusal(str(refused)) from None
    except Refusal as refusal:
        _answer(sender=sender, member=member, message=message, reason=refusal.reason)
        return f"refused: {refusal.reason}"
    if posted.held:
        with translation.override(member.preferred_language or settings.LANGUAGE_CODE):
            reason = _("Your reply waits for a moderator before it is published.")
        _answer(sender=sender, member=member, message=message, reason=reason, posted=True)
        return "held"
    return "posted"


def _answer(*, sender: str, member, message, reason: str, posted: bool = False) -> None:
    """A short mail to whoever wrote, in the member's language when they are the sender."""
    if not sender:
        return
    language = member.preferred_language if member else ""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "reason": reason, "posted": posted, "subject": str(message.get("Subject", ""))
        }  # fmt: skip
        key = hashlib.sha256(
            str(message.get("Message-ID", "")).encode() + sender.encode()
        ).hexdigest()
        mail = Mail(
            key=f"inbound:{key}",
            to=sender,
            subject=render_to_string("comments/email/reply_refused_subject.txt", context),
            body=render_to_string("comments/email/reply_refused_message.txt", context),
            list_name="replies",
            auto_submitted="auto-replied",
        )
    deliver.enqueue(mail.as_task_argument())
