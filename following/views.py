from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.models import Tag

from following.services import hashtag_follow


@login_required
@require_POST
def follow_hashtag(request, slug):
    """Follow or stop following a hashtag, from its page, without JavaScript."""
    tag = get_object_or_404(Tag, slug=slug)
    follow = request.POST.get("follow") == "1"
    hashtag_follow(member=request.user, tag=tag, follow=follow)
    if follow:
        messages.success(
            request,
            _("You follow #%(name)s. New lessons and reports under it will reach you by e-mail.")
            % {"name": tag.name},
        )
    else:
        messages.success(request, _("You no longer follow #%(name)s.") % {"name": tag.name})
    return redirect("hashtags:detail", tag.slug)
