"""Reply addresses: every notification about a comment carries one, unique to its
recipient and the comment: `reply+<member>-<comment>-<time>-<signature>@<site>`, lower-case
letters and digits only (some mail servers lower-case addresses), signed, valid for
REPLY_DAYS, good for one reply (discussion.inbound)."""

import re
import time

from django.utils.crypto import salted_hmac

from mailing.messages import mail_domain

REPLY_DAYS = 60
REPLY_SALT = "discussion.reply-by-mail"
REPLY_RE = re.compile(r"^reply\+(\d+)-(\d+)-([0-9a-z]+)-([0-9a-f]{32})@", re.IGNORECASE)


def reply_signature(member_id: int, comment_id: int, stamp: str) -> str:
    return salted_hmac(REPLY_SALT, f"{member_id}-{comment_id}-{stamp}").hexdigest()[:32]


def reply_address(*, member_id: int, comment_id: int) -> str:
    stamp = base36(int(time.time()))
    signature = reply_signature(member_id, comment_id, stamp)
    return f"reply+{member_id}-{comment_id}-{stamp}-{signature}@{mail_domain()}"


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text or "0"
