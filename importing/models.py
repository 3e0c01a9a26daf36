"""What imports made of each item of an export (found again by its GUID, so a second run
updates instead of duplicating) and the old blog's addresses that now redirect here."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """A publication or comment made from one item of an export."""

    guid = models.CharField(_("identifier in the export"), max_length=700, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")

    def __str__(self):
        return self.guid


class OldAddress(models.Model):
    """An address the old blog answered, now a permanent redirect: to a publication,
    wherever it lives now, or to a list or feed of this site."""

    path = models.CharField(_("old address"), max_length=700, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    object_id = models.PositiveBigIntegerField(null=True)
    publication = GenericForeignKey("content_type", "object_id")
    target_path = models.CharField(_("new address"), max_length=700, blank=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.path

    def new_address(self) -> str | None:
        """Where it leads now; None for a publication that is no longer public."""
        if self.content_type_id is None:
            return self.target_path
        publication = self.publication
        if publication is None or not publication.is_published:
            return None
        return publication.get_absolute_url()
