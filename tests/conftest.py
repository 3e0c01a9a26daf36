import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accounts.models import PARTNERS_GROUP, STAFF_GROUP
from tests.factories import make_organisation, make_user


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    # The manifest storage needs `collectstatic`; tests serve static/ as it is.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    # Photos and files stored by a test go where the next test cannot see them.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits and cached pages must not leak from one test into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    # A request leaves its language active in the thread, as Django does between requests;
    # the next test's addresses and strings must not come out in it.
    yield
    translation.deactivate()


@pytest.fixture
def organisation(db):
    return make_organisation(name="Maji Safi Self-Help Group", country="KE")


@pytest.fixture
def member(db):
    return make_user(name="Mariam Member", country="SN")


@pytest.fixture
def partner(db, organisation):
    return make_user(name="Pablo Partner", organisation=organisation, groups=(PARTNERS_GROUP,))


@pytest.fixture
def staff(db):
    return make_user(name="Sara Staff", is_staff=True, groups=(STAFF_GROUP,))


@pytest.fixture
def superuser(db):
    return make_user(name="Ada Admin", is_staff=True, is_superuser=True)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def partner_client(partner):
    return _client_for(partner)


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)


@pytest.fixture
def superuser_client(superuser):
    return _client_for(superuser)


def _flushes_the_database(item) -> bool:
    """Transactional tests (a live server's, or marked transaction=True) empty the database
    after them, taking the rows migrations made (groups, the site) with them."""
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    names = getattr(item, "fixturenames", ())
    return bool(transactional) or "live_server" in names or "transactional_db" in names


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # pytest-django runs tests that flush the database last, but pytest then regroups tests
    # by pytest-playwright's session-wide browser parameter: sort again.
    items.sort(key=_flushes_the_database)
