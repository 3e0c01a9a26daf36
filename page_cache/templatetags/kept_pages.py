from django import template
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

from page_cache.members import ACCOUNT_HOLE

register = template.Library()


@register.simple_tag(takes_context=True)
def account_menu(context):
    """Where a member's account menu goes: page_cache.members puts in each member's own,
    from their card, on every page they get. Its sign-out form needs the CSRF cookie, set
    as for any form on the page."""
    get_token(context["request"])
    return mark_safe(ACCOUNT_HOLE)  # a constant of ours
