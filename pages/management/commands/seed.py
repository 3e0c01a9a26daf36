"""A realistic community at a chosen scale, for benchmarks: bulk inserts, minutes not hours.

Scale 1: 500 members, 300 hashtags, 1,000 posts and 200 seminar reports in four languages,
10,000 comments, and one post with 200 comments three levels deep. `--scale 100` gives
100,000 posts and 1,000,000 comments. Adds to what is there: use a throwaway database.
"""

import itertools
import random

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

from accounts.models import PARTNERS_GROUP, Organisation, User
from discussion.models import Comment
from discussion.services import comment_create
from page_cache.versions import pages_changed
from posts.models import Post
from publishing.search import is_postgres, search_config
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
SYLLABLES = {
    "en": "ba ko ri tum sel van dor pek lin mas",
    "fr": "bé lo ran tu cel vai dou pé lin mar",
    "es": "ba co rí tan sel vi dor pe lun mas",
    "ar": "با كو ري تم سل فن دو بك لي مس",
}


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
            busy = self.thread(posts[0], members)
            self.index_for_search()
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

    def members(self, count: int) -> list[User]:
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Partner {self.run}-{n}", slug=f"partner-{self.run}-{n}",
                         country=self.random.choice(["KE", "ML", "BO", "JO", "SN", "UG"]),
                         kind=Organisation.Kind.LOCAL)
            for n in range(count // 10)
        )  # fmt: skip
        password = make_password("seeded-member-password")
        users = User.objects.bulk_create(
            User(email=f"member-{self.run}-{n}@example.org", name=f"Member {n}",
                 password=password, preferred_language=self.random.choice(LANGUAGES),
                 organisation=organisations[n % len(organisations)] if n % 5 == 0 else None)
            for n in range(count)
        )  # fmt: skip
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
        )
        partners = Group.objects.get(name=PARTNERS_GROUP)
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=partners.pk)
            for user in users
            if user.organisation_id
        )
        return users

    def hashtags(self, count: int) -> list[Tag]:
        return Tag.objects.bulk_create(
            Tag(name=f"Topic{self.run}x{n}", slug=f"topic{self.run}x{n}") for n in range(count)
        )

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
                for tag in self.random.sample(tags, 3)
            )
            made += batch
        return made

    def publication(self, model, n: int, members):
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
            "author": members[n % len(members)],
            "status": model.Status.PUBLISHED,
            "published_at": self.now - timezone.timedelta(minutes=n),
        }
        if model is Post:
            fields |= {
                **{name: self.sentence(language) for name in Post.LESSON_FIELDS},
                "shares_failure": n % 3 == 0,
                "country": "KE",
            }
        else:
            fields |= {
                "event_name": f"Forum {n}",
                "organiser": "Learning Exchange",
                "event_date": (self.now - timezone.timedelta(days=n % 900)).date(),
                "place": "Nairobi, Kenya",
                "takeaways": [self.sentence(language), self.sentence(language)],
            }
        return model(**fields)

    def comments(self, count: int, targets, members) -> None:
        """Top-level comments spread over the content, written table by table: bulk_create
        cannot write django-comments-xtd's model, which inherits across three tables."""
        site = Site.objects.get_current()
        types = {
            model: ContentType.objects.get_for_model(model) for model in (Post, SeminarReport)
        }
        for start in range(0, count, BATCH):
            rows = []
            for n in range(start, min(count, start + BATCH)):
                target, author = self.random.choice(targets), members[n % len(members)]
                rows.append(
                    BaseComment(
                        content_type=types[type(target)], object_pk=str(target.pk),
                        site=site, user=author, user_name=author.name,
                        user_email=author.email, comment=self.sentence(target.language),
                        submit_date=self.now - timezone.timedelta(seconds=n), is_public=True,
                    )
                )  # fmt: skip
            ids = [row.pk for row in BaseComment.objects.bulk_create(rows)]
            chosen = (
                f"FROM {BaseComment._meta.db_table} WHERE id IN ({', '.join(['%s'] * len(ids))})"
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {XtdComment._meta.db_table} (comment_ptr_id, thread_id, "
                    'parent_id, level, "order", followup, nested_count) '
                    f"SELECT id, id, id, 0, 1, %s, 0 {chosen}",
                    [False, *ids],
                )
                # The sentences are letters and spaces only: nothing in them to escape.
                cursor.execute(
                    f"INSERT INTO {Comment._meta.db_table} (xtdcomment_ptr_id, language, "
                    f"body_html, removal_reason) SELECT id, '', '<p>' || comment || '</p>', '' "
                    f"{chosen}",
                    ids,
                )

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
