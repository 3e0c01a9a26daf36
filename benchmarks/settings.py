"""The site's settings, with the stock peer's address added (benchmarks only)."""

from learning_exchange.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.peer"
