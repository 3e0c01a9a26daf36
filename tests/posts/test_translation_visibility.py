"""A translation copies and shows other posts' text: only text its reader may see."""

import pytest

from posts.models import Post
from posts.services import post_unpublish
from tests.factories import make_post, make_user
from tests.helpers import client_as
from tests.posts.test_views import editor_data

ROLES = ["anonymous", "member", "partner", "staff", "superuser"]
# What each role gets from the editor: sign in first, not allowed, or the form.
EDITOR_STATUS = {"anonymous": 302, "member": 403, "partner": 200, "staff": 200, "superuser": 200}
WRITERS = ["partner", "staff", "superuser"]


@pytest.fixture
def hidden_original(db):
    """A published French translation whose English original is no longer published."""
    writer = make_user(name="Olga Original")
    original = make_post(author=writer, language="en", context="Secret context, unpublished.")
    french = make_post(author=writer, language="fr", title="Traduite", translation_of=original)
    post_unpublish(post=original)
    return original, french


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_translating_a_translation_copies_nothing_from_an_unpublished_original(
    client, request, role, hidden_original
):
    original, french = hidden_original
    response = client_as(client, request, role).get(f"/posts/new/?translation_of={french.pk}")
    assert response.status_code == EDITOR_STATUS[role]
    if response.status_code == 200:
        initial = response.context["form"].initial
        assert "translation_of" not in initial and "context" not in initial
        assert "Secret context, unpublished." not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", WRITERS)
def test_translating_names_the_original_only_through_a_post_the_writer_may_read(
    client, request, role
):
    original = make_post(language="en", context="Public context.")
    someones_draft = make_post(language="fr", action="save", translation_of=original)
    response = client_as(client, request, role).get(
        f"/posts/new/?translation_of={someones_draft.pk}"
    )
    # Staff may read the draft, so they reach its published original; partners may not.
    copied = response.context["form"].initial.get("context")
    assert copied == ("Public context." if role != "partner" else None)


@pytest.mark.django_db
@pytest.mark.parametrize("role", WRITERS)
def test_translating_a_published_translation_copies_its_published_original(client, request, role):
    original = make_post(language="en", context="Public context.")
    french = make_post(language="fr", translation_of=original, context="Contexte public.")
    response = client_as(client, request, role).get(f"/posts/new/?translation_of={french.pk}")
    initial = response.context["form"].initial
    assert (initial["translation_of"], initial["context"]) == (original.pk, "Public context.")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_translation_page_neither_lists_nor_offers_an_unpublished_original(
    client, request, role, hidden_original
):
    original, french = hidden_original
    make_post(language="es", action="save", translation_of=original, title="Borrador")
    html = client_as(client, request, role).get(french.get_absolute_url()).content.decode()
    assert original.get_absolute_url() not in html
    assert "Borrador" not in html and "Also in:" not in html
    assert "/posts/new/?translation_of=" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_post_page_lists_only_published_translations(client, request, role):
    original = make_post(language="en")
    make_post(language="fr", translation_of=original, title="Publiée")
    draft = make_post(language="es", action="save", translation_of=original, title="Borrador")
    response = client_as(client, request, role).get(original.get_absolute_url())
    assert [post.language for post in response.context["translations"]] == ["fr"]
    assert draft.get_absolute_url() not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "unpublished"])
def test_linking_a_translation_to_an_unpublished_post_is_a_form_error(
    client, request, role, status
):
    client = client_as(client, request, role)
    # The writer's own unpublished post is refused as firmly as anyone else's.
    author = make_user() if role in ("anonymous", "member") else request.getfixturevalue(role)
    action = "save" if status in ("draft", "returned") else "submit"
    target = make_post(author=author, action="publish" if status == "unpublished" else action)
    if status == "unpublished":
        post_unpublish(post=target)
    if status == "returned":
        Post.objects.filter(pk=target.pk).update(status=Post.Status.RETURNED)

    response = client.post("/posts/new/", editor_data(language="fr", translation_of=target.pk))
    assert response.status_code == {200: 422}.get(EDITOR_STATUS[role], EDITOR_STATUS[role])
    if response.status_code == 422:
        assert response.context["form"].errors["translation_of"]
    assert list(Post.objects.values_list("pk", flat=True)) == [target.pk]
