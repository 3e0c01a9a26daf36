import contextvars
from contextlib import contextmanager

from django.dispatch import Signal

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

_loading = contextvars.ContextVar("loading", default=False)


@contextmanager
def loading():
    """Writing in bulk (a blog import): what keeps figures about writing up to date waits,
    and counts everything once at the end, if the load succeeds (writing_changed, with
    everything=True)."""
    token = _loading.set(True)
    try:
        yield
    finally:
        _loading.reset(token)
    writing_changed.send(sender=None, everything=True)


def is_loading() -> bool:
    return _loading.get()
