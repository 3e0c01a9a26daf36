"""The safety net: any model saved or deleted outside the services (the admin, the shell, a
data migration) still replaces the version of kept pages.

Every model is covered unless it is listed in UNSHOWN, so a model added later is covered
until someone decides that no page shows it; tests list both sets. A change that belongs to
one item (a publication, a comment, a hashtag, photo or version of an item, or what an app
registers with topics_for()) replaces the pages that show that item; any other change
replaces every kept page.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from page_cache.versions import (
    RECENT_DISCUSSION,
    item_topic_for,
    pages_changed,
    publication_changed,
    topics_changed,
)

# Models whose changes alter what is published, how it is tagged, and the names filters
# offer (not comments): they replace the publications' version too.
PUBLICATIONS = {
    "accounts.organisation",
    "seminars.seminarreport",
    "posts.post",
    "taggit.tag",
    "taggit.taggeditem",
    "hashtags.hashtagredirect",
}
# The kinds of publication: a change replaces their own pages and the lists.
PUBLICATION_KINDS = {"posts.post", "seminars.seminarreport"}
# Comments: a change also replaces the pages that show the latest discussion.
COMMENTS = {"discussion.comment", "django_comments.comment", "django_comments_xtd.xtdcomment"}
# Models no public page shows.
UNSHOWN = {
    "sessions.session",
    "admin.logentry",
    "account.emailconfirmation",
    "discussion.flag",
    "discussion.replyused",
    "mailing.delivery",
    "mailing.digest",
    "django_tasks_database.dbtaskresult",
    "importing.importeditem",
    "importing.oldaddress",
    # The insight page's tallies: counted from what their own changes already replaced.
    "insights.answer",
    "insights.tagging",
    "insights.writing",
}


_topics_of = {}


def topics_for(label: str, topics_of) -> None:
    """Changes to this model replace the pages showing topics_of(instance)."""
    _topics_of[label] = topics_of


def is_covered(label: str) -> bool:
    return label not in UNSHOWN


def _item_of(instance) -> str | None:
    """The topic of the item an instance belongs to by a generic relation: None when it
    has no such relation, "" when it belongs to no item yet (a photo not yet placed)."""
    if not hasattr(instance, "content_type_id"):
        return None
    object_key = getattr(instance, "object_pk", None) or getattr(instance, "object_id", None)
    if instance.content_type_id is None or object_key is None:
        return ""
    return item_topic_for(instance.content_type_id, object_key)


def _model_changed(sender, instance=None, update_fields=None, **kwargs) -> None:
    label = sender._meta.label_lower
    if not is_covered(label) or update_fields == frozenset({"last_login"}):
        return
    if instance is not None and instance._meta.label_lower in PUBLICATION_KINDS:
        publication_changed(instance)  # the item itself, or one of its many-to-many tables
    elif label in _topics_of:
        topics_changed(*_topics_of[label](instance), publications=label in PUBLICATIONS)
    elif (item := _item_of(instance)) == "":
        return
    elif item is not None:
        extra = [RECENT_DISCUSSION] if label in COMMENTS else []
        topics_changed(item, *extra, publications=label in PUBLICATIONS)
    else:
        pages_changed(publications=label in PUBLICATIONS)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_model_changed, dispatch_uid=f"page_cache.{signal!r}")
