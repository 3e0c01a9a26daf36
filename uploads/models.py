"""Photos and files of publications. Each belongs to one publication of any kind, or to
nobody yet: uploads wait, unattached, from a preview until the publication is saved."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.encoding import filepath_to_uri
from django.utils.translation import gettext_lazy as _

from uploads.processing import DOCUMENT_KINDS

DESCRIPTION_MAX_LENGTH = 300
# Smallest files first: a browser takes the first format it can show.
PREFERENCE = ["image/avif", "image/webp", "image/jpeg"]


def stored_url(name: str) -> str:
    """The site's own address of a stored file, whatever the storage (uploads/views.py)."""
    return settings.MEDIA_URL + filepath_to_uri(name)


class Upload(models.Model):
    """What photos and files share. Each kind says its `stored_names()`, the files it
    keeps in storage (removed with it: uploads.signals)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    publication = GenericForeignKey("content_type", "object_id")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]


class Photo(Upload):
    """A photo, kept only as its variants: a few widths, each in a few formats, with no
    metadata. `variants` lists them: [{"name", "format", "width", "height"}, …]."""

    description = models.CharField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it. Required."),
    )
    caption = models.CharField(_("caption"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    shows_people = models.BooleanField(_("shows people"), default=False)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_at = models.DateTimeField(_("consent confirmed"), null=True, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    variants = models.JSONField(default=list)

    class Meta(Upload.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.description or f"photo {self.pk}"

    @property
    def has_consent(self) -> bool:
        return not self.shows_people or self.consent_at is not None

    @property
    def markdown_reference(self) -> str:
        return f"[photo:{self.pk}]"

    def stored_names(self) -> list[str]:
        return [variant["name"] for variant in self.variants]

    def _srcset(self, content_type: str) -> str:
        return ", ".join(
            f"{stored_url(variant['name'])} {variant['width']}w"
            for variant in self.variants
            if variant["format"] == content_type
        )

    def sources(self) -> list[tuple[str, str, str]]:
        """(content type, srcset, srcset of the smallest width alone) of each format, best
        first."""
        types = sorted({variant["format"] for variant in self.variants}, key=PREFERENCE.index)
        return [(kind, self._srcset(kind), self._smallest_srcset(kind)) for kind in types]

    def _smallest_srcset(self, content_type: str) -> str:
        smallest = self._smallest(content_type)
        return f"{smallest['url']} {smallest['width']}w"

    def _smallest(self, content_type: str) -> dict:
        smallest = min(
            (variant for variant in self.variants if variant["format"] == content_type),
            key=lambda variant: variant["width"],
        )
        return {**smallest, "url": stored_url(smallest["name"])}

    @property
    def jpeg_srcset(self) -> str:
        return self._srcset("image/jpeg")

    def _jpegs(self) -> list[dict]:
        jpegs = [variant for variant in self.variants if variant["format"] == "image/jpeg"]
        return sorted(jpegs, key=lambda variant: variant["width"])

    @property
    def fallback(self) -> dict:
        """The smallest JPEG, for browsers that read neither srcset nor the better formats."""
        return self._smallest("image/jpeg")

    @property
    def largest_jpeg_url(self) -> str:
        """For previews elsewhere (Open Graph), which want one large, widely read picture."""
        return stored_url(self._jpegs()[-1]["name"])


class Attachment(Upload):
    """A document offered for download: a PDF, OpenDocument or Office file."""

    name = models.CharField(_("file name"), max_length=120)
    kind = models.CharField(_("type"), max_length=10, choices=list(DOCUMENT_KINDS.items()))
    size = models.PositiveBigIntegerField(_("size"))
    stored_name = models.CharField(max_length=255)

    class Meta(Upload.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.name

    def stored_names(self) -> list[str]:
        return [self.stored_name]

    @property
    def url(self) -> str:
        return stored_url(self.stored_name)

    @property
    def summary(self) -> str:
        """ "PDF, 1.2 MB"."""
        return f"{self.get_kind_display()}, {filesizeformat(self.size)}"
