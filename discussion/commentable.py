"""The kinds of content that have a discussion. Each registers its model from its
AppConfig.ready(), so this app knows none of them by import.

A commentable model has `author`, `is_published`, `get_absolute_url()`, a manager with
`published()`, and an integer primary key.
"""

_models = {}


def register(model) -> None:
    _models[model._meta.label_lower] = model


def commentable_models() -> list:
    return list(_models.values())


def commentable_model(label: str):
    """The commentable model with this label ("posts.post"), or None."""
    return _models.get(label)
