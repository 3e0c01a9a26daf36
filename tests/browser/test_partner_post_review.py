import re

import pytest
from playwright.sync_api import expect

from posts.models import Post
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "La radio communautaire avant les applications"


def test_partner_submits_a_french_post_staff_publish_it_visitors_find_it(
    live_server, open_page, partner, staff
):
    writer = open_page()
    sign_in(writer, live_server.url, partner.email)
    writer.goto(live_server.url + "/fr/posts/new/")
    writer.get_by_label("Titre").fill(TITLE)
    writer.get_by_label("Résumé").fill("Pourquoi nous sommes revenus à la radio.")
    writer.get_by_role("combobox", name=re.compile("^Langue")).select_option("fr")
    writer.get_by_label("Contexte").fill("Alertes aux inondations dans le delta.")
    writer.get_by_label("Ce qui n'a pas marché").fill("L'application que personne n'a installée.")
    writer.get_by_label("L'histoire complète").fill(
        "Partir de ce que les gens utilisent. #RadioLocale"
    )
    writer.get_by_role("button", name="Envoyer pour relecture").click()
    expect(writer.get_by_text("Envoyé pour relecture.")).to_be_visible()
    writer.close()

    visitor = open_page()
    visitor.goto(live_server.url + "/posts/")
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)
    slug = Post.objects.get(title=TITLE).slug
    assert visitor.goto(f"{live_server.url}/posts/{slug}/").status == 404

    reviewer = open_page()
    sign_in(reviewer, live_server.url, staff.email)
    reviewer.goto(live_server.url + "/posts/review/")
    item = reviewer.get_by_role("article").filter(has_text=TITLE)
    item.get_by_role("button", name="Publish").click()
    expect(reviewer.get_by_text("Published: everyone can read it now.")).to_be_visible()
    reviewer.close()

    visitor.goto(live_server.url + "/posts/")
    visitor.get_by_role("combobox", name="Language").select_option("fr")
    visitor.get_by_role("button", name="Filter").click()
    expect(visitor).to_have_url(re.compile(r"language=fr"))
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.locator("div.publication").first).to_have_attribute("lang", "fr")
    visitor.get_by_role("list", name="Hashtags").get_by_role("link", name="#RadioLocale").click()
    expect(visitor).to_have_url(live_server.url + "/tags/radiolocale/")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
