from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
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
    done = request.method == "POST"
    if done:
        User.objects.filter(pk=member_id).update(mail_frequency=MailFrequency.NEVER)
    return TemplateResponse(
        request,
        "mailing/stop.html",
        {
            "done": done,
            "title": _("Stop e-mails about what you follow"),
            "explanation": _(
                "You will get no more digests or e-mails about the hashtags and discussions "
                "you follow."
            ),
            "done_text": _(
                "Done. You will get no more e-mails about the hashtags and discussions you "
                "follow. Choose again in your profile at any time."
            ),
        },
    )
