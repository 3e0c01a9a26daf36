from django.db import models
from django.utils.translation import gettext_lazy as _


class HashtagRedirect(models.Model):
    """An address of a hashtag that was renamed or merged, and the hashtag it now leads to."""

    old_slug = models.SlugField(_("old address"), max_length=100, unique=True, allow_unicode=True)
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hashtag redirect")
        verbose_name_plural = _("hashtag redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"
