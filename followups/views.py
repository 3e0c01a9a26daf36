from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from followups.forms import FollowUpForm
from followups.lessons import lesson_model
from followups.models import FollowUp, waiting_for_follow_up
from followups.services import can_follow_up, follow_up_delete, follow_up_save

WAITING_PAGE = 50


def _lesson(slug: str):
    return get_object_or_404(lesson_model().objects.published(), slug=slug)


def _back_to(lesson, follow_up: FollowUp | None = None) -> str:
    anchor = f"follow-up-{follow_up.pk}" if follow_up else "follow-ups"
    return f"{lesson.get_absolute_url()}#{anchor}"


def _editor(request, *, lesson, form, follow_up=None, status=200):
    return TemplateResponse(
        request,
        "followups/followup_form.html",
        {"lesson": lesson, "form": form, "follow_up": follow_up},
        status=status,
    )


@login_required
def follow_up_create(request, slug):
    lesson = _lesson(slug)
    if not can_follow_up(request.user, lesson):
        raise Http404
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _editor(request, lesson=lesson, form=form, status=422)
        follow_up = follow_up_save(follow_up=form.instance, lesson=lesson, by=request.user)
        messages.success(request, _("Thank you: your follow-up is on the lesson's page."))
        return redirect(_back_to(lesson, follow_up))
    return _editor(request, lesson=lesson, form=form)


def _own_follow_up(request, slug, pk):
    lesson = _lesson(slug)
    follow_up = get_object_or_404(FollowUp.objects.of(lesson.original), pk=pk)
    if not follow_up.can_be_changed_by(request.user):
        raise Http404
    return lesson, follow_up


@login_required
def follow_up_edit(request, slug, pk):
    lesson, follow_up = _own_follow_up(request, slug, pk)
    form = FollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST":
        if not form.is_valid():
            return _editor(request, lesson=lesson, form=form, follow_up=follow_up, status=422)
        follow_up_save(follow_up=form.instance, lesson=lesson, by=request.user)
        messages.success(request, _("Follow-up saved."))
        return redirect(_back_to(lesson, follow_up))
    return _editor(request, lesson=lesson, form=form, follow_up=follow_up)


@login_required
def follow_up_remove(request, slug, pk):
    lesson, follow_up = _own_follow_up(request, slug, pk)
    if request.method == "POST":
        follow_up_delete(follow_up=follow_up)
        messages.success(request, _("Follow-up removed."))
        return redirect(_back_to(lesson))
    return TemplateResponse(
        request, "followups/followup_remove.html", {"lesson": lesson, "follow_up": follow_up}
    )


class WaitingListView(UserPassesTestMixin, ListView):
    """Staff: every lesson out for six months or more with no follow-up, oldest first."""

    template_name = "followups/waiting_list.html"
    context_object_name = "lessons"
    paginate_by = WAITING_PAGE

    def test_func(self):
        user = self.request.user
        return user.is_authenticated and user.is_staff_member

    def get_queryset(self):
        lessons = lesson_model().objects.published()
        return (
            waiting_for_follow_up(lessons, now=timezone.now())
            .select_related("author", "organisation")
            .only("slug", "title", "language", "published_at", "country", "author__name",
                  "organisation__name")
            .order_by("published_at", "pk")
        )  # fmt: skip
