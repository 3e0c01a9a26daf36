from contextlib import ExitStack, contextmanager

from django.dispatch import Signal

from page_cache.versions import replaced_at_the_end

# Sent in the publication's transaction when a publication is public for the first time
# (never again when it is unpublished and published anew). Arguments: publication.
publication_published = Signal()

# Sent when members' writing (lessons, comments) was written, changed, removed or deleted in
# a way that sends no post_save or post_delete: QuerySet.update() or bulk_create().
# Arguments: comments, a list of the comments concerned; or everything=True after a load
# of any size (the demo content, the seeded data), when whatever is counted from writing
# is counted again.
writing_changed = Signal()

# Sent when publications' hashtags changed: publication, the one whose hashtags were set;
# or everything=True when hashtags were merged.
hashtags_changed = Signal()

_loads = []


def while_loading(context) -> None:
    """Enter context() around every load (loading()): for what keeps figures about writing,
    to wait and count once at the end."""
    if context not in _loads:
        _loads.append(context)


@contextmanager
def loading():
    """Writing in bulk (a blog import), within the caller's transaction. Kept pages are
    replaced once, at its end."""
    with ExitStack() as stack:
        stack.enter_context(replaced_at_the_end())
        for context in _loads:
            stack.enter_context(context())
        yield
