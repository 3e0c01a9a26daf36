"""Following hashtags: the follow itself, the mail a new publication sends to those who
follow one of its hashtags, and its section of their digests."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from taggit.models import Tag

from accounts.models import MailFrequency, User
from following.models import HashtagFollow
from mailing.digests import Entry, digest_planned, site_url, stop_url
from mailing.messages import Mail
from mailing.tasks import deliver
from publishing.kinds import publication_kinds

DIGEST_ITEMS = 50


def hashtag_follow(*, member: User, tag: Tag, follow: bool) -> None:
    if follow:
        HashtagFollow.objects.get_or_create(member=member, tag=tag)
    else:
        HashtagFollow.objects.filter(member=member, tag=tag).delete()


def new_publication(sender, publication, **kwargs) -> None:
    """A publication is public for the first time: tell its hashtags' followers, once
    the publication's own transaction commits with this task in it."""
    content_type = ContentType.objects.get_for_model(publication)
    notify_new_publication.enqueue(content_type.pk, publication.pk)


def _writer(publication) -> tuple[str, str, str]:
    """Writer, organisation and country, as lists show them."""
    author = publication.author
    organisation = getattr(publication, "organisation", None) or (
        author.organisation if author else None
    )
    country = getattr(publication, "country", None) or (author.country if author else None)
    return (
        author.name if author else "",
        organisation.name if organisation else "",
        str(country.name) if country else "",
    )


def _entry(publication) -> Entry:
    writer, organisation, country = _writer(publication)
    return Entry(
        title=publication.title,
        writer=writer,
        organisation=organisation,
        country=country,
        line=" ".join(publication.summary.split())[:140],
        url=site_url(publication.get_absolute_url()),
    )


@task()
def notify_new_publication(content_type_id: int, pk: int) -> int:
    """Mail the followers of the publication's hashtags who hear at once; plan the digest
    of those who chose one."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    publication = model.objects.published().filter(pk=pk).select_related("author").first()
    if publication is None:
        return 0
    followers = (
        User.objects.filter(hashtag_follows__tag__in=publication.tags.all(), is_active=True)
        .exclude(pk=publication.author_id)
        .distinct()
    )
    mailed = 0
    for member in followers:
        if member.mail_frequency != MailFrequency.AT_ONCE:
            digest_planned(member)
            continue
        with translation.override(member.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "member": member,
                "entry": _entry(publication),
                "stop_url": stop_url(member),
            }
            mail = Mail(
                key=f"publication:{content_type_id}:{pk}:to:{member.pk}",
                to=member.email,
                subject=render_to_string("following/new_publication_subject.txt", context),
                body=render_to_string("following/new_publication_message.txt", context),
                list_name="hashtags",
                unsubscribe_url=context["stop_url"],
            )
        deliver.enqueue(mail.as_task_argument())
        mailed += 1
    return mailed


def digest_publications(member: User, since, until) -> tuple[str, list[Entry]]:
    """Publications first published since the member's last digest under the hashtags
    they follow, newest last; none of their own."""
    tags = Tag.objects.filter(follows__member=member)
    found = []
    for model in publication_kinds().values():
        found.extend(
            model.objects.published()
            .filter(tags__in=tags, published_at__gt=since, published_at__lte=until)
            .exclude(author=member)
            .select_related("author__organisation")
            .distinct()
            .order_by("published_at")[:DIGEST_ITEMS]
        )
    found.sort(key=lambda publication: publication.published_at)
    return _("New under the hashtags you follow"), [_entry(item) for item in found[:DIGEST_ITEMS]]
