"""What the paginated, filtered lists of the site share."""

from django.views.generic import ListView

from learning_exchange.discussion.threads import count_comments


def query_without_page(request) -> str:
    """The list's query string without its page, for the pagination links to extend."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class PublishedListView(ListView):
    """Published items, newest first, with a filter form whose choices come from them."""

    paginate_by = 10
    filter_form_class = None

    def get_queryset(self):
        published = self.model.objects.published()
        self.filter_form = self.filter_form_class(self.request.GET or None, published=published)
        return self.filter_form.filter(published.for_list())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count_comments(context["object_list"])
        context["filter_form"] = self.filter_form
        context["query"] = query_without_page(self.request)
        return context
