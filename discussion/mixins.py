from discussion.threads import load_with_comment_counts


class CommentCountsMixin:
    """A list view whose cards show how many comments each item has, counted in one query
    for the items whose cards are rendered."""

    def load_items(self, model, keys) -> list:
        return load_with_comment_counts(model, keys)
