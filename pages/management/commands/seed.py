"""A realistic community at a chosen scale, for benchmarks: bulk inserts, minutes not hours.

Scale 1: 500 members, 300 hashtags, 1,000 posts and 200 seminar reports in four languages,
10,000 comments, and one post with 200 comments three levels deep. `--scale 100` gives
100,000 posts and 1,000,000 comments. Adds to what is there: use a throwaway database.

What the insight page counts is spread as a living community's would be: publications and
comments over three years, more of them lately; staff, partners and other members from many
countries (a few countries with only one or two members); two comments in five are replies,
some by staff or the item's writer; a few comments removed or held; a third of the lessons
followed up; some hashtags rising lately; and members who joined a partner organisation
during the period, whose older comments carry their earlier voice.
"""

import itertools
import math
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment
from taggit.models import Tag, TaggedItem

from accounts.models import PARTNERS_GROUP, STAFF_GROUP, Organisation, User, Voice
from discussion.models import Comment
from discussion.services import comment_create
from followups.models import FollowUp, State
from page_cache.versions import pages_changed
from posts.models import Post
from publishing.search import is_postgres, search_config
from publishing.signals import writing_changed
from seminars.models import SeminarReport

BATCH = 5000
VOCABULARY = {
    "en": "water pump committee radio women literacy seed rain harvest market school forum "
    "listening failure village training clinic road flood drought repair budget",
    "fr": "eau pompe comité radio femmes alphabétisation semences pluie récolte marché école "
    "forum écoute échec village formation santé route crue sécheresse réparation",
    "es": "agua bomba comité radio mujeres alfabetización semillas lluvia cosecha mercado "
    "escuela foro escucha fracaso pueblo formación clínica camino sequía reparación",
    "ar": "ماء مضخة لجنة إذاعة نساء محو الأمية بذور مطر حصاد سوق مدرسة منتدى إصغاء فشل قرية "
    "تدريب عيادة طريق فيضان جفاف إصلاح",
}
LANGUAGES = list(VOCABULARY)
# Words follow Zipf's law, as in real writing: the n-th most common word appears about 1/n as
# often as the first. The topic words above rank from COMMON_BEFORE_TOPICS + 1 on, so each is
# in a good share of posts but not in all of them; made-up words fill the long tail, so the
# search index is as varied as real text's.
COMMON_BEFORE_TOPICS = 20
MADE_UP_WORDS = 5000
# Publications and comments reach back this far, more of them lately (a growing community).
SPAN_DAYS = 1095
# Comments older than this were written before the site stored a comment's language.
LANGUAGE_STORED_DAYS = 540
# Members who joined a partner organisation this long ago wrote as other members before.
JOINED_PARTNER_DAYS = 240
MEMBER_COUNTRIES = {
    "KE": 12, "UG": 9, "ML": 7, "SN": 7, "BO": 6, "JO": 6, "GT": 5, "NP": 5, "BD": 5,
    "PH": 4, "HT": 4, "CD": 4, "LB": 3, "FR": 3, "GB": 3, "CA": 2,
}  # fmt: skip
# Countries with one or two members, which the insight page folds into "Other".
RARE_COUNTRIES = ["VU", "TD", "BT"]
# Of each top-level comment: how many replies it gets, with these weights.
REPLIES = [0, 1, 2, 3]
REPLY_WEIGHTS = [55, 25, 12, 8]
FOLLOW_UP_STATES = [State.APPLIED, State.PARTLY, State.PLANNED, State.NOT_APPLIED]
FOLLOW_UP_WEIGHTS = [35, 25, 25, 15]
SYLLABLES = {
    "en": "ba ko ri tum sel van dor pek lin mas",
    "fr": "bé lo ran tu cel vai dou pé lin mar",
    "es": "ba co rí tan sel vi dor pe lun mas",
    "ar": "با كو ري تم سل فن دو بك لي مس",
}


@dataclass
class Writer:
    """What a seeded member's writing records of them (their voice as it was then)."""

    user: User
    voice: str
    country: str
    joined_partner: bool = False

    def voice_on(self, moment, now) -> str:
        if self.joined_partner and (now - moment).days > JOINED_PARTNER_DAYS:
            return Voice.MEMBER
        return self.voice


class Command(BaseCommand):
    help = "Add a benchmark community: members, hashtags, posts, reports and comments."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, seed, **options):
        self.random = random.Random(seed)
        self.vocabulary = {language: self.make_vocabulary(language) for language in LANGUAGES}
        self.now = timezone.now()
        self.run = self.now.strftime("%Y%m%d%H%M%S")
        with transaction.atomic():
            members = self.members(500)
            tags = self.hashtags(300)
            posts = self.publications(Post, int(1000 * scale), members, tags)
            reports = self.publications(SeminarReport, int(200 * scale), members, tags)
            self.comments(int(10_000 * scale), posts + reports, members)
            self.follow_ups(posts)
            busy = self.thread(posts[0], [writer.user for writer in members])
            self.index_for_search()
            writing_changed.send(sender=type(self), everything=True)
            pages_changed(publications=True)
        with connection.cursor() as cursor:
            # Statistics and the visibility map as autovacuum would leave them, so the planner
            # sees the data (VACUUM cannot run inside a transaction, as in the tests).
            vacuum = is_postgres() and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            f"Seeded {len(members)} members, {len(tags)} hashtags, {len(posts)} posts, "
            f"{len(reports)} reports, {int(10_000 * scale)} comments, and "
            f"{busy.get_absolute_url()} with 200 comments."
        )

    def sentence(self, language: str, words: int = 12) -> str:
        vocabulary, cumulative = self.vocabulary[language]
        chosen = self.random.choices(vocabulary, cum_weights=cumulative, k=words)
        return " ".join(chosen).capitalize() + "."

    def make_vocabulary(self, language: str) -> tuple[list[str], list[float]]:
        syllables = SYLLABLES[language].split()
        made_up = [
            "".join(self.random.choices(syllables, k=self.random.randint(2, 4)))
            for _ in range(MADE_UP_WORDS)
        ]
        topics = VOCABULARY[language].split()
        words = made_up[:COMMON_BEFORE_TOPICS] + topics + made_up[COMMON_BEFORE_TOPICS:]
        return words, list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))

    def members(self, count: int) -> list[Writer]:
        """One in five a partner (with an organisation), one in 25 staff, the rest other
        members; one partner in ten joined their organisation during the period."""
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Partner {self.run}-{n}", slug=f"partner-{self.run}-{n}",
                         country=self.random.choice(["KE", "ML", "BO", "JO", "SN", "UG"]),
                         kind=Organisation.Kind.LOCAL)
            for n in range(count // 10)
        )  # fmt: skip
        password = make_password("seeded-member-password")
        countries = list(MEMBER_COUNTRIES)
        weights = list(MEMBER_COUNTRIES.values())

        def country(n: int) -> str:
            if n % 5 == 0:
                return ""  # a partner: their organisation's country
            if n % 97 == 3:
                return RARE_COUNTRIES[(n // 97) % len(RARE_COUNTRIES)]
            return self.random.choices(countries, weights)[0]

        users = User.objects.bulk_create(
            User(email=f"member-{self.run}-{n}@example.org", name=f"Member {n}",
                 password=password, preferred_language=self.random.choice(LANGUAGES),
                 organisation=organisations[n % len(organisations)] if n % 5 == 0 else None,
                 country=country(n))
            for n in range(count)
        )  # fmt: skip
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
        )
        partners = Group.objects.get(name=PARTNERS_GROUP)
        staff = Group.objects.get(name=STAFF_GROUP)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=partners.pk)
             for user in users if user.organisation_id]
            + [User.groups.through(user_id=user.pk, group_id=staff.pk)
               for n, user in enumerate(users) if n % 25 == 1]
        )  # fmt: skip
        writers = []
        for n, user in enumerate(users):
            if user.organisation_id:
                writer = Writer(user, Voice.PARTNER, str(user.organisation.country), n % 50 == 0)
            elif n % 25 == 1:
                writer = Writer(user, Voice.STAFF, str(user.country))
            else:
                writer = Writer(user, Voice.MEMBER, str(user.country))
            writers.append(writer)
        return writers

    def age(self, span_days: float = SPAN_DAYS) -> timezone.timedelta:
        """How long ago something happened: up to span_days, three times as likely now as
        at the start of the span, as in a growing community."""
        newness = (math.sqrt(1 + 8 * self.random.random()) - 1) / 2
        return timezone.timedelta(days=span_days * (1 - newness))

    def comment_time(self, item):
        """Most of a discussion happens in the weeks after its item is published."""
        when = item.published_at + timezone.timedelta(days=self.random.expovariate(1 / 20))
        if when > self.now:
            when = item.published_at + (self.now - item.published_at) * self.random.random()
        return when

    def hashtags(self, count: int) -> list[Tag]:
        tags = Tag.objects.bulk_create(
            Tag(name=f"Topic{self.run}x{n}", slug=f"topic{self.run}x{n}") for n in range(count)
        )
        # Some hashtags are used much more than others; one in ten is rising lately.
        self.tag_weights = list(itertools.accumulate(1 / rank for rank in range(1, count + 1)))
        self.rising_tags = tags[5::10]
        return tags

    def hashtags_of(self, item, tags) -> set[Tag]:
        recency = 1 - (self.now - item.published_at).days / SPAN_DAYS
        chosen = (
            {self.random.choice(self.rising_tags)} if self.random.random() < recency else set()
        )
        while len(chosen) < 3:
            chosen.add(self.random.choices(tags, cum_weights=self.tag_weights)[0])
        return chosen

    def publications(self, model, count: int, members, tags) -> list:
        made = []
        content_type = ContentType.objects.get_for_model(model)
        for start in range(0, count, BATCH):
            batch = [
                self.publication(model, n, members)
                for n in range(start, min(count, start + BATCH))
            ]
            batch = model.objects.bulk_create(batch)
            TaggedItem.objects.bulk_create(
                TaggedItem(content_type=content_type, object_id=item.pk, tag=tag)
                for item in batch
                for tag in self.hashtags_of(item, tags)
            )
            made += batch
        return made

    def publication(self, model, n: int, members: list[Writer]):
        language = LANGUAGES[n % len(LANGUAGES)]
        paragraphs = [" ".join(self.sentence(language) for _ in range(5)) for _ in range(4)]
        body = "\n\n".join(paragraphs)
        fields = {
            "title": self.sentence(language, 6)[:-1],
            "slug": f"{model._meta.model_name}-{self.run}-{n}",
            "summary": self.sentence(language, 20),
            "body": body,
            "body_html": "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
            "language": language,
            "status": model.Status.PUBLISHED,
            "published_at": self.now - self.age(),
        }
        if model is Post:
            writer = members[n % len(members)]
            fields |= {
                **{name: self.sentence(language) for name in Post.LESSON_FIELDS},
                "author": writer.user,
                "shares_failure": n % 3 == 0,
                "country": writer.country,
                "voice": writer.voice_on(fields["published_at"], self.now),
            }
        else:
            staff = [writer for writer in members if writer.voice == Voice.STAFF]
            fields |= {
                "author": staff[n % len(staff)].user,
                "event_name": f"Forum {n}",
                "organiser": "Learning Exchange",
                "event_date": (self.now - timezone.timedelta(days=n % 900)).date(),
                "place": "Nairobi, Kenya",
                "takeaways": [self.sentence(language), self.sentence(language)],
            }
        return model(**fields)

    def comments(self, count: int, targets, members: list[Writer]) -> None:
        """Comments spread over the content, each after its item was published, with their
        replies (some by staff, some by the item's writer), written table by table:
        bulk_create cannot write django-comments-xtd's model, which inherits across three
        tables."""
        site = Site.objects.get_current()
        types = {
            model: ContentType.objects.get_for_model(model) for model in (Post, SeminarReport)
        }
        writers = {writer.user.pk: writer for writer in members}
        staff = [writer for writer in members if writer.voice == Voice.STAFF]
        written = 0
        while written < count:
            threads = []  # (item, [(writer, when, status)], first the top-level comment)
            in_batch = 0
            while in_batch < BATCH and written + in_batch < count:
                target = self.random.choice(targets)
                when = self.comment_time(target)
                top = (self.random.choice(members), when, self.status())
                replies = self.random.choices(REPLIES, REPLY_WEIGHTS)[0]
                if top[2] != "published":
                    replies = 0
                replies = min(replies, count - written - in_batch - 1)
                thread = [top]
                for _ in range(replies):
                    when = min(when + timezone.timedelta(hours=self.random.expovariate(1 / 40)),
                               self.now)  # fmt: skip
                    chance = self.random.random()
                    if chance < 0.3 and target.author_id in writers:
                        writer = writers[target.author_id]
                    elif chance < 0.55:
                        writer = self.random.choice(staff)
                    else:
                        writer = self.random.choice(members)
                    thread.append((writer, when, "published"))
                threads.append((target, thread))
                in_batch += len(thread)
            self.write_comments(threads, site, types)
            written += in_batch

    def status(self) -> str:
        chance = self.random.random()
        return "removed" if chance < 0.01 else "held" if chance < 0.015 else "published"

    def write_comments(self, threads, site, types) -> None:
        rows = [
            BaseComment(
                content_type=types[type(target)], object_pk=str(target.pk), site=site,
                user=writer.user, user_name=writer.user.name, user_email=writer.user.email,
                comment=self.sentence(target.language), submit_date=when,
                is_public=status != "held", is_removed=status == "removed",
            )
            for target, thread in threads
            for writer, when, status in thread
        ]  # fmt: skip
        ids = iter(row.pk for row in BaseComment.objects.bulk_create(rows))
        texts = iter(row.comment for row in rows)
        placed, described = [], []
        for target, thread in threads:
            top = None
            for order, (writer, when, _status) in enumerate(thread, start=1):
                pk = next(ids)
                top = top or pk
                level = 0 if pk == top else 1
                replies = len(thread) - 1 if level == 0 else 0
                placed.append((pk, top, top, level, order, False, replies))
                old = (self.now - when).days > LANGUAGE_STORED_DAYS
                described.append(
                    (pk, "" if old else target.language, f"<p>{next(texts)}</p>", "",
                     writer.voice_on(when, self.now), writer.country)
                )  # fmt: skip
        self.insert(
            XtdComment._meta.db_table,
            ["comment_ptr_id", "thread_id", "parent_id", "level", "order", "followup",
             "nested_count"],
            placed,
        )  # fmt: skip
        self.insert(
            Comment._meta.db_table,
            ["xtdcomment_ptr_id", "language", "body_html", "removal_reason", "voice", "country"],
            described,
        )

    def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        """Rows into a table, a thousand to a statement (within SQLite's limit on
        parameters)."""
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 1000):
                chunk = rows[start : start + 1000]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}",
                    [value for row in chunk for value in row],
                )

    def follow_ups(self, posts) -> None:
        """A third of the lessons followed up once to three times, after publishing."""
        follow_ups = []
        for post in posts:
            if self.random.random() > 0.35:
                continue
            for _ in range(self.random.choice([1, 1, 2, 3])):
                when = post.published_at + (self.now - post.published_at) * self.random.random()
                follow_ups.append(
                    FollowUp(
                        lesson=post, author_id=post.author_id, voice=post.voice,
                        state=self.random.choices(FOLLOW_UP_STATES, FOLLOW_UP_WEIGHTS)[0],
                        country=post.country or "KE", happened_on=when.date(),
                        language=post.language,
                    )
                )  # fmt: skip
        FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)

    def thread(self, post, members) -> Post:
        """One post with 200 comments, three levels deep, saved the way the site saves them."""
        open_to_replies = [None]
        authors = itertools.cycle(members[:50])
        for n in range(200):
            author = next(authors)
            comment = comment_create(
                target=post, author=author, text=self.sentence(post.language),
                language=post.language, parent=open_to_replies[n % len(open_to_replies)],
                published=True,
            )  # fmt: skip
            if comment.level < settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
                open_to_replies.append(comment)
        return post

    def index_for_search(self) -> None:
        if not is_postgres():
            return
        for model in (Post, SeminarReport):
            table = model._meta.db_table
            with connection.cursor() as cursor:
                for language in LANGUAGES:
                    cursor.execute(
                        f"UPDATE {table} SET search_vector ="
                        " setweight(to_tsvector(%s::regconfig, title), 'A') ||"
                        " setweight(to_tsvector(%s::regconfig, summary), 'B') ||"
                        " setweight(to_tsvector(%s::regconfig, body), 'C')"
                        " WHERE search_vector IS NULL AND language = %s",
                        [search_config(language)] * 3 + [language],
                    )
