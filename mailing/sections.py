"""The sections of a digest, registered by the apps that have something new to tell (in
their AppConfig.ready()). Each is a callable(member, since, until) returning its title, in
the member's language, and its mailing.digests.Entry list."""

from collections.abc import Callable

_sections: dict[str, Callable] = {}


def register(name: str, collect: Callable) -> None:
    _sections[name] = collect


def registered() -> list[Callable]:
    return list(_sections.values())
