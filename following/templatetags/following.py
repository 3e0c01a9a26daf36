from django import template

register = template.Library()


@register.inclusion_tag("following/hashtag_follow.html", takes_context=True)
def hashtag_follow_form(context, tag):
    """The member's button to follow a hashtag, or to stop (page_cache.members shows the
    one that fits the member); a sign-in link for visitors."""
    return {
        "tag": tag,
        "user": context["request"].user,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
