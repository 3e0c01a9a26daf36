from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from discussion.commentable import commentable_model, commentable_models
from discussion.forms import CommentEditForm, CommentForm, FlagForm, RemovalForm
from discussion.models import EDIT_WINDOW, Comment, Flag
from discussion.services import (
    CommentRefused,
    can_comment,
    can_moderate,
    comment_approve,
    comment_edit,
    comment_flag,
    comment_post,
    comment_remove,
    discussion_follow,
    flag_dismiss,
    mute_by_token,
    read_mute_token,
)

MODERATION_PAGE = 20


def _published_target(label: str, pk: str):
    model = commentable_model(label)
    if model is None or not str(pk).isdigit():
        raise Http404
    return get_object_or_404(model.objects.published(), pk=pk)


def _comment(pk, **filters) -> Comment:
    return get_object_or_404(
        Comment.objects.with_authors().select_related("content_type").filter(**filters), pk=pk
    )


def _target_of(comment: Comment):
    target = comment.content_object
    if target is None or not target.is_published:
        raise Http404
    comment.content_url = target.get_absolute_url()
    return target


def _say_it_waits(request) -> None:
    """The same words for a new comment and an edit that wait for a moderator."""
    messages.info(
        request,
        _(
            "Thank you. Your comment waits for a moderator, as every new member's first "
            "comments do, or comments with more than two links. Only you can see it until "
            "then."
        ),
    )


def _form_page(request, *, form, target, parent=None, status=200):
    return TemplateResponse(
        request,
        "comments/compose.html",
        {"form": form, "target": target, "parent": parent},
        status=status,
    )


@require_POST
@login_required
def post_comment(request):
    target = _published_target(request.POST.get("content_type", ""), request.POST.get("object_pk"))
    form = CommentForm(target, data=request.POST)
    parent = None
    reply_to = request.POST.get("reply_to", "")
    if reply_to.isdigit():
        parent = Comment.objects.on(target).with_authors().filter(pk=reply_to).first()
    if not form.is_valid():
        if form.is_tampered():
            return HttpResponseBadRequest(_("This form was changed on its way here."))
        form.refresh_security_data()
        return _form_page(request, form=form, target=target, parent=parent, status=422)
    try:
        posted = comment_post(
            target=target,
            author=request.user,
            text=form.cleaned_data["comment"],
            language=form.cleaned_data["language"],
            reply_to=form.cleaned_data["reply_to"],
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    except CommentRefused as refusal:
        form.add_error(None, str(refusal))
        form.refresh_security_data()
        return _form_page(request, form=form, target=target, parent=parent, status=refusal.status)
    if posted.held:
        _say_it_waits(request)
    else:
        messages.success(request, _("Your comment is published."))
    return redirect(posted.comment.get_absolute_url())


@login_required
def reply(request, pk):
    parent = _comment(pk, is_public=True, is_removed=False)
    target = _target_of(parent)
    if not can_comment(request.user):
        raise PermissionDenied
    form = CommentForm(target, initial={"reply_to": parent.pk})
    return _form_page(request, form=form, target=target, parent=parent)


@login_required
def edit(request, pk):
    comment = _comment(pk)
    target = _target_of(comment)
    if not comment.can_be_changed_by(request.user):
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        held = comment_edit(
            comment=comment,
            by=request.user,
            text=form.cleaned_data["comment"],
            language=form.cleaned_data["language"],
        )
        if held:
            _say_it_waits(request)
        else:
            messages.success(request, _("Your comment is updated."))
        return redirect(comment.get_absolute_url())
    return TemplateResponse(
        request,
        "comments/edit.html",
        {
            "form": form,
            "comment": comment,
            "target": target,
            "deadline": comment.submit_date + EDIT_WINDOW,
        },
    )


@login_required
def delete(request, pk):
    """The author deletes their comment (within the editing time) as a moderator removes
    one: its replies stay."""
    comment = _comment(pk)
    target = _target_of(comment)
    if not comment.can_be_changed_by(request.user):
        raise PermissionDenied
    if request.method == "POST":
        comment_remove(comment=comment, by=request.user)
        messages.success(request, _("Your comment is deleted."))
        return redirect(comment.get_absolute_url())
    return TemplateResponse(
        request, "comments/delete.html", {"comment": comment, "target": target}
    )


@login_required
def flag(request, pk):
    comment = _comment(pk, is_public=True, is_removed=False)
    target = _target_of(comment)
    if not can_comment(request.user) or comment.user_id == request.user.pk:
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = comment_flag(
                comment=comment,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except CommentRefused as refusal:
            form.add_error(None, str(refusal))
            status = refusal.status
        else:
            if report.dismissed_at is not None:
                messages.info(
                    request,
                    _(
                        "Thank you. A moderator has already reviewed your report of this "
                        "comment and decided to leave it in place."
                    ),
                )
            else:
                messages.success(request, _("Thank you. A moderator will look at this comment."))
            return redirect(comment.get_absolute_url())
    return TemplateResponse(
        request,
        "comments/flag.html",
        {"form": form, "comment": comment, "target": target},
        status=status,
    )


@login_required
def remove(request, pk):
    comment = _comment(pk, is_removed=False)
    target = _target_of(comment)
    if not can_moderate(request.user, target):
        raise PermissionDenied
    form = RemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment_remove(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The comment is removed. Its replies stay in place."))
        if request.POST.get("next") == "moderation":
            return redirect("discussion:moderation")
        return redirect(comment.get_absolute_url())
    return TemplateResponse(
        request,
        "comments/remove.html",
        {"form": form, "comment": comment, "target": target, "next": request.GET.get("next")},
    )


@require_POST
@login_required
def approve(request, pk):
    comment = _comment(pk, is_public=False, is_removed=False)
    if not can_moderate(request.user, _target_of(comment)):
        raise PermissionDenied
    comment_approve(comment=comment, by=request.user)
    messages.success(request, _("The comment is published."))
    return redirect("discussion:moderation")


@require_POST
@login_required
def dismiss_flag(request, pk):
    report = get_object_or_404(Flag.objects.select_related("comment"), pk=pk, dismissed_at=None)
    if not can_moderate(request.user, _target_of(report.comment)):
        raise PermissionDenied
    flag_dismiss(flag=report, by=request.user)
    messages.success(request, _("The flag is dismissed; the comment stays."))
    return redirect("discussion:moderation")


@require_POST
@login_required
def follow(request):
    target = _published_target(request.POST.get("content_type", ""), request.POST.get("object_pk"))
    following = request.POST.get("follow") == "1"
    discussion_follow(user=request.user, target=target, follow=following)
    if following:
        messages.success(request, _("You will get an e-mail for each new comment here."))
    else:
        messages.success(request, _("You will no longer get e-mails about this discussion."))
    return redirect(f"{target.get_absolute_url()}#discussion")


@csrf_exempt
def mute(request, token):
    """The link in every notification: stop e-mails about one discussion, without signing
    in. A GET shows a button, so mail scanners that open links change nothing; a POST, the
    button's or a mail client's one-click unsubscribe (RFC 8058), mutes at once. The
    signed token is the authority, so no CSRF token is asked for."""
    values = read_mute_token(token)
    if values is None:
        raise Http404
    done = request.method == "POST"
    if done:
        mute_by_token(token)
    return TemplateResponse(
        request,
        "mailing/stop.html",
        {
            "done": done,
            "title": _("Stop e-mails about a discussion"),
            "explanation": _(
                "You will get no more e-mails about new comments in this discussion."
            ),
            "done_text": _(
                "Done. You will get no more e-mails about this discussion. Follow it again "
                "from its page at any time."
            ),
        },
    )


@dataclass
class ModerationSection:
    name: str  # its anchor, and the parameter that carries its page number
    title: str
    empty: str
    page: Page
    previous_query: str = ""
    next_query: str = ""


@login_required
def moderation(request):
    """Held comments and reported ones, each oldest first in a section with its own pages,
    so reports never push a new member's comment out of view: every discussion for staff,
    the discussions of their own reports and posts for their authors."""
    user = request.user
    # Only what can be moderated on its page: the item is published.
    comments = Comment.objects.on_published_content()
    if not user.has_perm("django_comments.can_moderate"):
        if not any(model.objects.filter(author=user).exists() for model in commentable_models()):
            raise PermissionDenied
        comments = comments.on_content_by(user)
    comments = comments.with_authors().select_related("content_type").order_by("submit_date", "pk")
    sections = [
        ModerationSection(
            "held",
            _("Waiting for approval"),
            _("No comment is waiting for approval."),
            Paginator(comments.held(), MODERATION_PAGE).get_page(request.GET.get("held")),
        ),
        ModerationSection(
            "reported",
            _("Reported"),
            _("No comment is reported."),
            Paginator(comments.reported(), MODERATION_PAGE).get_page(request.GET.get("reported")),
        ),
    ]
    numbers = {section.name: section.page.number for section in sections}
    for section in sections:
        # Each section's links keep the page the other section is on.
        page = section.page
        if page.has_previous():
            section.previous_query = urlencode(
                numbers | {section.name: page.previous_page_number()}
            )
        if page.has_next():
            section.next_query = urlencode(numbers | {section.name: page.next_page_number()})
    shown = [comment for section in sections for comment in section.page]
    open_flags = Flag.objects.filter(dismissed_at=None).select_related("reporter")
    prefetch_related_objects(
        shown,
        "content_object",
        Prefetch("reports", open_flags.order_by("created_at"), to_attr="open_flags"),
    )
    for comment in shown:
        comment.content_url = comment.content_object.get_absolute_url()
    return TemplateResponse(
        request,
        "comments/moderation.html",
        {
            "sections": sections,
            "anything_waiting": any(section.page.paginator.count for section in sections),
        },
    )
