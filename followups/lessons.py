"""The kind of content that has follow-ups: lessons register their model from their
AppConfig.ready(), so this app knows it by no import.

A lesson model has `author`, `organisation`, `is_published`, `published_at`, `original`,
`get_absolute_url()` and a manager with `published()`.
"""

_model = None


def register(model) -> None:
    global _model  # noqa: PLW0603 (one registration, at start-up)
    _model = model


def lesson_model():
    return _model
