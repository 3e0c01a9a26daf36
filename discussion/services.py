"""Writes to discussions: posting, moderating, flagging, following; e-mails as background
tasks enqueued in the same transaction.

State changes use QuerySet.update(): saving an existing comment would fire
django-comments-xtd's pre_save handler, which hides every reply of a removed comment, and
this site keeps a removed comment's replies in place.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from accounts.models import MailFrequency, User, country_of, voice_of
from discussion.commentable import commentable_models
from discussion.models import EDIT_WINDOW, Comment, Flag, Subscription
from discussion.replies import reply_address
from mailing.digests import Entry, digest_planned, site_url
from mailing.messages import Mail
from mailing.tasks import deliver
from page_cache.versions import RECENT_DISCUSSION, card_topic, item_topic_for, topics_changed
from publishing.rendering import count_links, render_comment
from publishing.signals import writing_changed

SECONDS_BETWEEN_COMMENTS = 15
NEW_MEMBER_DAILY_COMMENTS = 20
SECONDS_BETWEEN_REPORTS = 10
NEW_MEMBER_DAILY_REPORTS = 10
MOST_LINKS_PUBLISHED_AT_ONCE = 2
# Named after the app's old place; changing it would void the links in mails already sent.
MUTE_SALT = "learning_exchange.discussion.mute"


class CommentRefused(Exception):
    """The comment or report cannot be taken now: the message says why, the status is the
    answer's."""

    def __init__(self, message: str, *, status: int = 403):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Posted:
    comment: Comment
    held: bool


def can_comment(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff_member:
        return True
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def discussions_with_own_parts(user) -> list[str]:
    """The discussions ("content type:key") where the member has comments that only they
    see as they do: waiting for a moderator, or removed (they see why). Elsewhere their
    comments look to them as to everyone, but for the links of editable_now()."""
    own = Comment.objects.filter(user=user).filter(Q(is_public=False) | Q(is_removed=True))
    return sorted({f"{ct}:{pk}" for ct, pk in own.values_list("content_type_id", "object_pk")})


def comments_in_edit_window(user) -> dict[str, float]:
    """The member's comments they may still edit or delete (published or waiting for a
    moderator), with the moment (a timestamp) when they no longer may."""
    since = timezone.now() - EDIT_WINDOW
    own = Comment.objects.filter(user=user, is_removed=False, submit_date__gt=since)
    return {
        str(pk): (submitted + EDIT_WINDOW).timestamp()
        for pk, submitted in own.values_list("pk", "submit_date")
    }


def editable_now(card: dict) -> list[str]:
    """The comments the member of this card may edit or delete now: decided as each page
    is sent, so a kept page shows the links until the window closes."""
    if not card["editable"]:
        return []
    now = timezone.now().timestamp()
    return [pk for pk, deadline in card["editable"].items() if deadline > now]


def can_moderate(user, target) -> bool:
    """Staff moderate every discussion; the author of a report or post moderates its own."""
    if not user.is_authenticated:
        return False
    return user.has_perm("django_comments.can_moderate") or target.author_id == user.pk


def is_trusted(user, *, besides: Comment | None = None) -> bool:
    """Partners, staff, and members a moderator has approved once publish at once. An edit
    asks `besides` the comment edited: its approval was for the text being replaced."""
    if user.is_superuser or user.is_staff_member or user.is_partner:
        return True
    approved = Comment.objects.filter(user=user, is_public=True)
    if besides is not None:
        approved = approved.exclude(pk=besides.pk)
    return approved.exists()


def must_wait_for_moderator(*, text: str, trusted: bool) -> bool:
    """Whether a comment, new or edited, waits for a moderator: a new member's, or one with
    more links than are published at once."""
    return not trusted or count_links(text) > MOST_LINKS_PUBLISHED_AT_ONCE


@dataclass(frozen=True)
class RateLimit:
    """How often one member may do something, counted in the shared cache so that it holds
    across app servers: once every `seconds` for everyone, `daily` times a day for members
    who are not trusted yet. The messages are whole sentences, for translators."""

    action: str
    seconds: int
    daily: int
    too_soon: str
    over_daily: str

    def take(self, user, *, trusted: bool) -> None:
        if not cache.add(f"{self.action}:recent:{user.pk}", 1, self.seconds):
            raise CommentRefused(self.too_soon % {"seconds": self.seconds}, status=429)
        if trusted:
            return
        today = f"{self.action}:day:{user.pk}:{timezone.now().date().isoformat()}"
        cache.add(today, 0, 24 * 60 * 60)
        if cache.incr(today) > self.daily:
            raise CommentRefused(self.over_daily % {"count": self.daily}, status=429)


COMMENT_LIMIT = RateLimit(
    action="comments",
    seconds=SECONDS_BETWEEN_COMMENTS,
    daily=NEW_MEMBER_DAILY_COMMENTS,
    too_soon=gettext_lazy(
        "You sent a comment a moment ago. Wait %(seconds)s seconds, then send this one."
    ),
    over_daily=gettext_lazy(
        "New members can send %(count)s comments a day. Your text is kept below: "
        "send it tomorrow, or once a moderator has approved one of your comments."
    ),
)
# Reports fill the moderators' queue: one member must not flood it.
REPORT_LIMIT = RateLimit(
    action="reports",
    seconds=SECONDS_BETWEEN_REPORTS,
    daily=NEW_MEMBER_DAILY_REPORTS,
    too_soon=gettext_lazy(
        "You sent a report a moment ago. Wait %(seconds)s seconds, then send this one."
    ),
    over_daily=gettext_lazy(
        "New members can send %(count)s reports a day. Your report is kept below: "
        "send it tomorrow, or once a moderator has approved one of your comments."
    ),
)


def _parent_for_reply(*, target, reply_to: int | None) -> Comment | None:
    """The comment a reply hangs from. A reply to the deepest level joins that thread
    as a sibling, where django-comments-xtd would refuse it."""
    if not reply_to:
        return None
    parent = (
        Comment.objects.on(target).filter(pk=reply_to, is_public=True, is_removed=False).first()
    )
    if parent is None:
        raise CommentRefused(_("The comment you are replying to is no longer here."), status=404)
    if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        parent = Comment.objects.get(pk=parent.parent_id)
    return parent


def comment_post(
    *, target, author, text: str, language: str = "", reply_to: int | None = None,
    ip_address: str | None = None,
) -> Posted:  # fmt: skip
    """Publish a comment or reply, or hold it for a moderator; its notifications are
    enqueued with it."""
    if not can_comment(author):
        raise CommentRefused(_("Verify your e-mail address before commenting."))
    if not target.is_published:
        raise CommentRefused(_("Comments open once this is published."))
    parent = _parent_for_reply(target=target, reply_to=reply_to)
    trusted = is_trusted(author)
    COMMENT_LIMIT.take(author, trusted=trusted)
    held = must_wait_for_moderator(text=text, trusted=trusted)
    with transaction.atomic():
        comment = comment_create(
            target=target,
            author=author,
            text=text,
            language=language,
            parent=parent,
            published=not held,
            ip_address=ip_address,
        )
        if not held:
            notify_new_comment.enqueue(comment.pk)
    return Posted(comment=comment, held=held)


def discussion_changed(comment: Comment) -> None:
    """Its item's page, the lists that show the item's comment count, and the latest
    discussion: not the rest of the site."""
    topics_changed(
        item_topic_for(comment.content_type_id, comment.object_pk),
        RECENT_DISCUSSION,
        # Their card: where they wrote (page_cache.members).
        card_topic(comment.user_id),
    )


def comment_create(
    *, target, author, text: str, language: str, parent: Comment | None, published: bool,
    ip_address: str | None = None,
) -> Comment:  # fmt: skip
    """Save a comment in its thread (django-comments-xtd numbers its place and level)."""
    comment = Comment(
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        site_id=settings.SITE_ID,
        user=author,
        user_name=author.name[:50],
        user_email=author.email,
        comment=text,
        body_html=render_comment(text),
        # "Same as the page" is stored as the page's language: what the comment is in.
        language=language or target.language,
        voice=voice_of(author),
        country=country_of(author),
        submit_date=timezone.now(),
        ip_address=ip_address,
        is_public=published,
        parent_id=parent.pk if parent else 0,
    )
    comment.save()
    discussion_changed(comment)
    return comment


def comment_edit(*, comment: Comment, by, text: str, language: str) -> bool:
    """Change a comment's text, moderated as a new comment is: an edit that a new comment
    would wait with goes back to a moderator. Returns whether it waits."""
    if not comment.can_be_changed_by(by):
        raise PermissionError
    held = must_wait_for_moderator(text=text, trusted=is_trusted(by, besides=comment))
    with transaction.atomic():
        was_public = (
            Comment.objects.select_for_update()
            .filter(pk=comment.pk)
            .values_list("is_public", flat=True)
            .get()
        )
        Comment.objects.filter(pk=comment.pk).update(
            comment=text,
            body_html=render_comment(text),
            language=language,
            edited_at=timezone.now(),
            is_public=not held,
        )
        writing_changed.send(sender=Comment, comments=[comment])
        discussion_changed(comment)
        if not was_public and not held:
            # Held until now, so nobody has heard of it yet.
            notify_new_comment.enqueue(comment.pk)
    return held


def comment_remove(*, comment: Comment, by, reason: str = "") -> None:
    """Remove a comment in place: its replies stay, under a note that it was removed.
    Its open flags are settled by the removal."""
    with transaction.atomic():
        now = timezone.now()
        Comment.objects.filter(pk=comment.pk).update(
            is_removed=True, removed_at=now, removed_by=by, removal_reason=reason
        )
        Flag.objects.filter(comment=comment, dismissed_at=None).update(
            dismissed_at=now, dismissed_by=by
        )
        writing_changed.send(sender=Comment, comments=[comment])
        discussion_changed(comment)


def comment_approve(*, comment: Comment, by) -> None:
    """Publish a held comment. Its author is trusted from now on."""
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment.pk, is_public=False, is_removed=False).update(
            is_public=True
        )
        Flag.objects.filter(comment=comment, dismissed_at=None).update(
            dismissed_at=timezone.now(), dismissed_by=by
        )
        if updated:
            writing_changed.send(sender=Comment, comments=[comment])
            discussion_changed(comment)
            notify_new_comment.enqueue(comment.pk)


def comment_flag(*, comment: Comment, by, reason: str, note: str = "") -> Flag:
    """Report a comment, or change the reason of one's open report. A report a moderator
    dismissed stays dismissed and is returned unchanged: the same member cannot put the
    comment back in the queue. Rate-limited, as comments are."""
    with transaction.atomic():
        # Locked, so a moderator's dismissal cannot slip between this check and the write.
        earlier = Flag.objects.select_for_update().filter(comment=comment, reporter=by).first()
        if earlier is not None and earlier.dismissed_at is not None:
            return earlier
        REPORT_LIMIT.take(by, trusted=is_trusted(by))
        flag, _created = Flag.objects.update_or_create(
            comment=comment, reporter=by, defaults={"reason": reason, "note": note}
        )
    return flag


def flag_dismiss(*, flag: Flag, by) -> None:
    Flag.objects.filter(pk=flag.pk).update(dismissed_at=timezone.now(), dismissed_by=by)


def discussion_follow(*, user, target, follow: bool) -> None:
    Subscription.objects.update_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        defaults={"muted": not follow},
    )


def mute_token(*, user_id: int, content_type_id: int, object_pk: str) -> str:
    return signing.dumps([user_id, content_type_id, object_pk], salt=MUTE_SALT, compress=True)


def read_mute_token(token: str) -> tuple[int, int, str] | None:
    try:
        user_id, content_type_id, object_pk = signing.loads(token, salt=MUTE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return int(user_id), int(content_type_id), str(object_pk)


def mute_by_token(token: str) -> bool:
    values = read_mute_token(token)
    if values is None:
        return False
    user_id, content_type_id, object_pk = values
    Subscription.objects.update_or_create(
        user_id=user_id,
        content_type_id=content_type_id,
        object_pk=object_pk,
        defaults={"muted": True},
    )
    return True


def _recipients(comment: Comment) -> dict:
    """Who hears of a comment, and why: the author of the report or post, the author of the
    comment replied to, and the discussion's followers. Never its own author, never
    someone who muted the discussion."""
    target = comment.content_object
    reasons = {}
    if target.author_id:
        reasons[target.author_id] = "author"
    if comment.parent_id != comment.pk:
        parent_author = (
            Comment.objects.filter(pk=comment.parent_id).values_list("user_id", flat=True).first()
        )
        if parent_author:
            reasons[parent_author] = "reply"
    subscriptions = Subscription.objects.filter(
        content_type_id=comment.content_type_id, object_pk=comment.object_pk
    )
    for user_id, muted in subscriptions.values_list("user_id", "muted"):
        if muted:
            reasons.pop(user_id, None)
        else:
            reasons.setdefault(user_id, "follower")
    reasons.pop(comment.user_id, None)
    return reasons


@task()
def notify_new_comment(comment_id: int) -> int:
    """Mail each recipient of a published comment in their preferred language, with a link
    to the comment and one to stop mail about this discussion: one delivery task each, so
    the comment's save never waits for them. Enqueued in the comment's own transaction."""
    comment = Comment.objects.select_related("user").filter(pk=comment_id).first()
    if comment is None or not comment.is_public or comment.is_removed:
        return 0
    reasons = _recipients(comment)
    target = comment.content_object
    site = f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{settings.SITE_DOMAIN}"
    recipients = User.objects.filter(pk__in=reasons, is_active=True)
    for recipient in recipients:
        if recipient.mail_frequency != MailFrequency.AT_ONCE:
            digest_planned(recipient)  # a digest, or nothing for those who chose never
            continue
        language = recipient.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            token = mute_token(
                user_id=recipient.pk,
                content_type_id=comment.content_type_id,
                object_pk=comment.object_pk,
            )
            mute_url = site + reverse("discussion:mute", args=[token])
            context = {
                "recipient": recipient,
                "comment": comment,
                "target": target,
                "reason": reasons[recipient.pk],
                "comment_url": site + comment.get_absolute_url(),
                "mute_url": mute_url,
            }
            mail = Mail(
                key=f"comment:{comment.pk}:to:{recipient.pk}",
                to=recipient.email,
                subject=render_to_string("comments/email/new_comment_subject.txt", context),
                body=render_to_string("comments/email/new_comment_message.txt", context),
                list_name="discussions",
                unsubscribe_url=mute_url,
                reply_to=reply_address(member_id=recipient.pk, comment_id=comment.pk),
            )
        deliver.enqueue(mail.as_task_argument())
    return len(recipients)


DIGEST_ITEMS = 50


def digest_comments(member: User, since, until) -> tuple[str, list[Entry]]:
    """New comments, since the member's last digest, in the discussions they follow, on
    what they wrote, and in reply to them; none of theirs, none in discussions they muted.

    The discussions are named first, so the comments are looked up by discussion (indexed)
    however many comments the period has."""
    muted, followed = set(), set()
    for content_type_id, object_pk, is_muted in Subscription.objects.filter(
        user=member
    ).values_list("content_type_id", "object_pk", "muted"):
        (muted if is_muted else followed).add((content_type_id, object_pk))
    for model in commentable_models():
        content_type_id = ContentType.objects.get_for_model(model).pk
        own = model.objects.filter(author=member).values_list("pk", flat=True)
        followed.update((content_type_id, str(pk)) for pk in own)
    mine, commented = [], set()
    for pk, content_type_id, object_pk in Comment.objects.filter(user=member).values_list(
        "pk", "content_type_id", "object_pk"
    ):
        mine.append(pk)
        commented.add((content_type_id, object_pk))
    in_followed = _in_discussions(followed - muted)
    replies = _in_discussions(commented - muted) & Q(parent_id__in=mine)
    comments = (
        Comment.objects.published()
        .filter(in_followed | replies, submit_date__gt=since, submit_date__lte=until)
        .exclude(user=member)
        .filter(user__isnull=False)
        .select_related("user__organisation")
        .prefetch_related("content_object")
        .order_by("submit_date")[:DIGEST_ITEMS]
    )
    entries = [
        Entry(
            title=comment.content_object.title,
            writer=comment.user.name,
            organisation=_organisation_name(comment.user),
            country=str(comment.user.country.name) if comment.user.country else "",
            line=_one_line(comment.comment),
            url=site_url(comment.get_absolute_url()),
            reply_to=reply_address(member_id=member.pk, comment_id=comment.pk),
        )
        for comment in comments
    ]
    return _("New comments in the discussions you follow"), entries


def _in_discussions(keys: set[tuple[int, str]]) -> Q:
    """Comments in these discussions, each named by (content type id, object pk)."""
    by_kind = {}
    for content_type_id, object_pk in keys:
        by_kind.setdefault(content_type_id, set()).add(object_pk)
    condition = Q(pk__in=[])
    for content_type_id, object_pks in by_kind.items():
        condition |= Q(content_type_id=content_type_id, object_pk__in=sorted(object_pks))
    return condition


def _organisation_name(user) -> str:
    return user.organisation.name if user.organisation else ""


def _one_line(text: str, length: int = 140) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"
