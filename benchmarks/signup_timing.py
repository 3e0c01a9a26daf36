"""How long sign-up takes for a new address and for one already registered, with the real
password hasher: the two medians should be within noise of each other, so the answer's
timing does not tell whether an account exists.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/le_bench_signup \
        .venv/bin/python benchmarks/signup_timing.py

The database named in DATABASE_URL is migrated and gets one account, and the accounts the
run signs up are deleted after each request: use a throwaway one. Requests alternate
between the two paths through Django's test client in this one process, with allauth's
rate limits off (they would refuse a run this long) and e-mail kept in memory.
"""

import os
import statistics
import time

import in_process  # noqa: F401  sets Django up, so it comes first
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import User

ROUNDS = int(os.environ.get("ROUNDS", "30"))
PASSWORD = "a-long-benchmark-password-42"
KNOWN = "known@example.org"
NEW = "new@example.org"

settings.ACCOUNT_RATE_LIMITS = False
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def sign_up(client: Client, email: str) -> float:
    data = {"name": "Timing", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    started = time.perf_counter()
    response = client.post("/accounts/signup/", data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, (email, response.status_code)
    return elapsed


def main() -> None:
    call_command("migrate", verbosity=0)
    User.objects.filter(email__in=[KNOWN, NEW]).delete()
    User.objects.create_user(email=KNOWN, name="Known", password=PASSWORD)
    client = Client()
    sign_up(client, NEW)  # warm up both paths once
    User.objects.filter(email=NEW).delete()
    sign_up(client, KNOWN)
    times = {"new address": [], "known address": []}
    for _round in range(ROUNDS):
        times["new address"].append(sign_up(client, NEW))
        User.objects.filter(email=NEW).delete()
        times["known address"].append(sign_up(client, KNOWN))
    User.objects.filter(email__in=[KNOWN, NEW]).delete()

    print(f"sign-up, {ROUNDS} requests each, hasher {settings.PASSWORD_HASHERS[0]}")
    for path, samples in times.items():
        print(f"{path:>14}: median {statistics.median(samples) * 1000:7.1f} ms")
    difference = statistics.median(times["new address"]) - statistics.median(
        times["known address"]
    )
    print(f"{'difference':>14}: {difference * 1000:+7.1f} ms")


if __name__ == "__main__":
    main()
