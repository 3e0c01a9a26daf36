"""The safety net: any model saved or deleted outside the services (the admin, the shell, a
data migration) still replaces the version of kept pages.

Every model is covered unless it is listed in UNSHOWN, so a model added later is covered
until someone decides that no page shows it; tests list both sets.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from page_cache.versions import pages_changed

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
# Models no public page shows.
UNSHOWN = {
    "sessions.session",
    "admin.logentry",
    "account.emailaddress",
    "account.emailconfirmation",
    "discussion.flag",
    "discussion.subscription",
    "discussion.replyused",
    "mailing.delivery",
    "mailing.digest",
    "following.hashtagfollow",
    "django_tasks_database.dbtaskresult",
    "importing.importeditem",
    "importing.oldaddress",
}


def is_covered(label: str) -> bool:
    return label not in UNSHOWN


def _model_changed(sender, update_fields=None, **kwargs) -> None:
    label = sender._meta.label_lower
    if not is_covered(label) or update_fields == frozenset({"last_login"}):
        return
    pages_changed(publications=label in PUBLICATIONS)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_model_changed, dispatch_uid=f"page_cache.{signal!r}")
