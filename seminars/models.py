from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from publishing.models import Publication, PublicationQuerySet


class SeminarReportQuerySet(PublicationQuerySet):
    def for_list(self):
        return self.select_related("author").for_display().newest_first()

    def for_detail(self):
        return (
            self.select_related("author__organisation")
            .prefetch_related("credited_organisations")
            .for_display()
            .with_uploads()
        )

    def related_to(self, report):
        """Other published reports of the same seminar or by the same organiser."""
        return (
            self.published()
            .filter(
                Q(event_name__iexact=report.event_name) | Q(organiser__iexact=report.organiser)
            )
            .exclude(pk=report.pk)
            .order_by("-event_date", "-pk")
        )


class SeminarReport(Publication):
    kind = "report"
    card_template = "seminars/includes/report_card.html"
    card_name = "report"
    SEARCH_FIELDS = [*Publication.SEARCH_FIELDS, "event_name", "organiser", "takeaways"]
    EXCERPT_FIELDS = ["summary", "event_name", "organiser", "body"]

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    event_name = models.CharField(_("seminar or event"), max_length=200)
    organiser = models.CharField(_("organised by"), max_length=200)
    event_date = models.DateField(_("date of the event"))
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("City and country, or leave empty.")
    )
    online = models.BooleanField(_("held online"), default=False)
    event_url = models.URLField(_("event's web page"), blank=True)
    takeaways = models.JSONField(_("key takeaways"), default=list, blank=True)
    credited_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("partner organisations credited"),
        blank=True,
        related_name="seminar_reports",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    objects = SeminarReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Covering: the insight page counts what was published when from the index alone.
            models.Index(
                fields=["status", "-published_at"],
                include=["id"],
                name="seminars_published_covering",
            ),
            # The search filter's choices: each language found by one index lookup.
            models.Index(fields=["status", "language"], name="seminars_published_language"),
        ]
        verbose_name = _("seminar report")
        verbose_name_plural = _("seminar reports")

    def get_absolute_url(self):
        return reverse("seminars:detail", args=[self.slug])

    def search_parts(self, hashtags: list[str]) -> list[tuple[str, str]]:
        event = " ".join([self.event_name, self.organiser, self.place, *self.takeaways])
        return [*super().search_parts(hashtags), (event, "C")]

    def versioned_text(self) -> str:
        takeaways = "\n".join(f"- {takeaway}" for takeaway in self.takeaways)
        return f"{takeaways}\n\n{self.body}" if takeaways else self.body
