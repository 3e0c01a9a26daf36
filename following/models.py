from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


class HashtagFollow(models.Model):
    """A member following a hashtag: new publications under it reach them by e-mail, at
    once or in their digest (their profile says which)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="hashtag_follows",
    )
    tag = models.ForeignKey(
        Tag, verbose_name=_("hashtag"), on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "tag"], name="following_one_follow_a_tag")
        ]
        verbose_name = _("hashtag followed")
        verbose_name_plural = _("hashtags followed")

    def __str__(self):
        return f"{self.member} #{self.tag}"
