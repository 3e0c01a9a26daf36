from discussion.threads import count_comments


class CommentCountsMixin:
    """A list view whose items show how many comments each has, counted in one query."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count_comments(context["object_list"])
        return context
