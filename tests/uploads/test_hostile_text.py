"""Every blns string as a photo's description, caption and credit: kept or refused, never
live on the page."""

import pytest

from tests.factories import add_photos, make_report
from tests.hostile import blns_strings, live_markup
from tests.seminars.test_views import editor_data as report_data
from tests.uploads.test_editor import rows

pytestmark = pytest.mark.django_db


def test_hostile_photo_texts_are_escaped_everywhere_they_show(staff_client, staff):
    report = make_report(author=staff, title=report_data()["title"])
    (photo,) = add_photos(report, by=staff)
    edit, page = f"/seminars/{report.slug}/edit/", report.get_absolute_url()
    strings = blns_strings()
    for start in range(0, len(strings), 3):
        photo.description, photo.caption, photo.credit = (strings[start : start + 3] + ["", ""])[
            :3
        ]
        photo.description = photo.description or "A photo"
        for action in ("preview", "save"):
            response = staff_client.post(edit, {**report_data(action=action), **rows([photo])})
            assert response.status_code in (200, 302, 422), (action, response.status_code)
            assert not live_markup(response.content.decode()), strings[start : start + 3]
        shown = staff_client.get(page)
        assert shown.status_code == 200
        assert not live_markup(shown.content.decode()), strings[start : start + 3]
