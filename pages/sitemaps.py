from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from hashtags.queries import hashtags_in_use
from posts.models import Post
from seminars.models import SeminarReport


class LocalisedSitemap(Sitemap):
    """Every address in each interface language, with links between the versions."""

    i18n = True
    alternates = True
    x_default = True
    limit = 1000  # addresses per file, each file listed in the sitemap index


class PagesSitemap(LocalisedSitemap):
    changefreq = "daily"

    def items(self):
        return ["pages:home", "seminars:list", "posts:list", "hashtags:list"]

    def location(self, name):
        return reverse(name)


class SeminarReportSitemap(LocalisedSitemap):
    def items(self):
        return SeminarReport.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, report):
        return report.updated_at


class PostSitemap(LocalisedSitemap):
    def items(self):
        return Post.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, post):
        return post.updated_at


class HashtagSitemap(LocalisedSitemap):
    changefreq = "daily"

    def items(self):
        return hashtags_in_use().order_by("slug")

    def location(self, tag):
        return reverse("hashtags:detail", args=[tag.slug])


SITEMAPS = {
    "pages": PagesSitemap,
    "seminars": SeminarReportSitemap,
    "posts": PostSitemap,
    "hashtags": HashtagSitemap,
}
