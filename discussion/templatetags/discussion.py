from django import template
from django.contrib.contenttypes.models import ContentType

from discussion.forms import CommentForm
from discussion.services import can_comment, can_moderate
from discussion.threads import thread

register = template.Library()


@register.inclusion_tag("comments/discussion.html", takes_context=True)
def discussion_for(context, target):
    """The discussion of a report or post, as its page shows it to this reader, in a fixed
    few queries (a draft has none)."""
    request = context["request"]
    user = request.user
    allowed = target.is_published and can_comment(user)
    moderator = can_moderate(user, target)
    viewer = "moderator" if moderator else "member" if user.is_authenticated else "visitor"
    discussion = {
        "target": target,
        "content_type": target._meta.label_lower,
        "comments": thread(target, user, viewer=viewer) if target.is_published else [],
        "form": CommentForm(target) if allowed else None,
        "can_comment": allowed,
        "can_moderate": moderator,
        # Which follow button a member sees is decided from their card (page_cache.members).
        "key": f"{ContentType.objects.get_for_model(target).pk}:{target.pk}",
    }
    return {"discussion": discussion, "user": user, "request": request}
