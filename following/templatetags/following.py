from django import template

from following.models import HashtagFollow

register = template.Library()


@register.inclusion_tag("following/hashtag_follow.html", takes_context=True)
def hashtag_follow_form(context, tag):
    """The member's button to follow a hashtag, or to stop; a sign-in link for visitors."""
    user = context["request"].user
    following = (
        user.is_authenticated and HashtagFollow.objects.filter(member=user, tag=tag).exists()
    )
    return {
        "tag": tag,
        "user": user,
        "following": following,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
