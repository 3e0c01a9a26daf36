"""Plain functions that make test data."""

from itertools import count

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import Organisation, User

PASSWORD = "a-long-test-password-42"
_sequence = count(1)


def make_organisation(**fields) -> Organisation:
    number = next(_sequence)
    fields.setdefault("name", f"Organisation {number}")
    fields.setdefault("slug", f"organisation-{number}")
    fields.setdefault("country", "KE")
    fields.setdefault("kind", Organisation.Kind.LOCAL)
    return Organisation.objects.create(**fields)


def make_user(*, groups: tuple[str, ...] = (), verified: bool = True, **fields) -> User:
    number = next(_sequence)
    fields.setdefault("email", f"person{number}@example.org")
    fields.setdefault("name", f"Person {number}")
    user = User.objects.create_user(password=PASSWORD, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user
