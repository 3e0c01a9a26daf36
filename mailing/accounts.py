"""Mail about a member's account (address confirmation, password reset, a sign-up with a
known address): rendered by allauth during the request, in the visitor's language, and
handed to the worker like every other mail, so a slow mail server never slows sign-up."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth
from django.contrib.sites.shortcuts import get_current_site

from mailing.messages import Mail
from mailing.tasks import deliver


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = allauth.request  # what allauth's own send_mail gives its templates
        context = {"request": request, "email": email, "current_site": get_current_site(request),
                   **context}  # fmt: skip
        rendered = self.render_mail(template_prefix, email, context)
        mail = Mail(
            # Each request for a mail is its own mail: a second reset link is sent too.
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
            to=email,
            subject=rendered.subject,
            body=rendered.body,
        )
        # In the request's transaction: a sign-up that is rolled back mails nobody.
        deliver.enqueue(mail.as_task_argument())
