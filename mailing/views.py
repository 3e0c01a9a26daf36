from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt

from accounts.models import MailFrequency, User
from mailing.messages import read_stop_token


@csrf_exempt
def stop(request, token):
    """The link in every digest: no more mail about what the member follows, without
    signing in. A GET shows a button, so mail scanners that open links change nothing; a
    POST, the button's or a mail client's one-click unsubscribe (RFC 8058), stops at once.
    The signed token is the authority, so no CSRF token is asked for."""
    member_id = read_stop_token(token)
    if member_id is None:
        raise Http404
    if request.method == "POST":
        User.objects.filter(pk=member_id).update(mail_frequency=MailFrequency.NEVER)
        return TemplateResponse(request, "mailing/stopped.html", {"done": True})
    return TemplateResponse(request, "mailing/stopped.html", {"done": False})
