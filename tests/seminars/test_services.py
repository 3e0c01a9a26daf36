import pytest
from taggit.models import Tag

from publishing.models import EditorAction, Revision
from seminars.models import SeminarReport
from seminars.services import report_unpublish, report_write
from tests.factories import make_organisation, make_report


def resave(report, *, by, publish=False, hashtags=()):
    return report_write(
        report=report,
        by=by,
        organisations=report.credited_organisations.all(),
        extra_hashtags=list(hashtags),
        action=EditorAction.PUBLISH if publish else EditorAction.SAVE,
    )


@pytest.mark.django_db
def test_a_new_report_is_a_draft_with_an_address_from_its_title(staff):
    report = make_report(title="Listening to Water Committees", author=staff, publish=False)
    assert report.status == SeminarReport.Status.DRAFT
    assert report.published_at is None
    assert report.slug == "listening-to-water-committees"
    assert report.author == staff


@pytest.mark.django_db
def test_addresses_stay_unique_for_titles_that_read_alike(staff):
    first = make_report(title="Water & Dignity", author=staff)
    second = make_report(title="Water Dignity", author=staff)
    assert (first.slug, second.slug) == ("water-dignity", "water-dignity-2")


@pytest.mark.django_db
def test_publishing_sets_the_date_once_and_freezes_the_address(staff):
    report = make_report(title="First title", author=staff, publish=False)
    report.title = "Better title"
    report = resave(report, by=staff)
    assert report.slug == "better-title"  # drafts follow their title

    report = resave(report, by=staff, publish=True)
    published_at = report.published_at
    assert report.status == SeminarReport.Status.PUBLISHED and published_at

    report.title = "An even better title"
    report = resave(report, by=staff)
    assert report.slug == "better-title"
    assert report.published_at == published_at


@pytest.mark.django_db
def test_unpublishing_takes_a_report_back_to_draft(staff):
    report = make_report(author=staff)
    report = report_unpublish(report=report)
    assert report.status == SeminarReport.Status.DRAFT
    assert not SeminarReport.objects.published().filter(pk=report.pk).exists()


@pytest.mark.django_db
def test_hashtags_come_from_the_body_and_the_field_without_case_duplicates(staff):
    make_report(body="Older #LocalKnowledge report", author=staff)
    report = make_report(
        body="About #localknowledge and #InclusiveLearning",
        hashtags=["WASH", "inclusivelearning"],
        author=staff,
    )
    assert sorted(report.tags.names()) == ["InclusiveLearning", "LocalKnowledge", "WASH"]
    assert Tag.objects.filter(name__iexact="localknowledge").count() == 1
    assert Tag.objects.get(name="LocalKnowledge").slug == "localknowledge"
    assert 'href="/tags/localknowledge/"' in report.body_html


@pytest.mark.django_db
def test_removing_a_hashtag_from_the_body_removes_the_tag(staff):
    report = make_report(body="#One and #Two", author=staff)
    report.body = "Only #One now"
    report = resave(report, by=staff)
    assert list(report.tags.names()) == ["One"]


@pytest.mark.django_db
def test_every_change_to_the_text_keeps_a_version_and_nothing_else_does(staff):
    report = make_report(body="First body", author=staff)
    report.body = "Second body"
    resave(report, by=staff)
    report.place = "Online only"
    resave(report, by=staff)
    versions = Revision.objects.filter(object_id=report.pk)
    assert [version.body for version in versions] == ["Second body", "First body"]
    assert all(version.edited_by == staff for version in versions)


@pytest.mark.django_db
def test_credited_organisations_are_saved(staff):
    organisation = make_organisation(name="Red de Aprendizaje")
    report = make_report(organisations=[organisation], author=staff)
    assert list(report.credited_organisations.all()) == [organisation]


@pytest.mark.django_db
def test_titles_that_would_take_a_fixed_address_get_another(staff):
    report = make_report(title="New", author=staff)
    assert report.slug == "new-2"


@pytest.mark.django_db
def test_hashtags_with_accents_are_one_tag_whatever_the_case(staff):
    first = make_report(body="#Éducation pour tous", author=staff)
    second = make_report(body="L'#éducation des adultes", author=staff)
    assert Tag.objects.count() == 1
    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("Éducation", "éducation")
    assert list(second.tags.all()) == [tag] == list(first.tags.all())


@pytest.mark.django_db
def test_saving_takes_a_fixed_number_of_queries_whatever_the_hashtags_and_organisations(
    staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def save_with(count):
        organisations = [make_organisation() for _ in range(count)]
        report = SeminarReport(
            title=f"Report with {count}",
            summary="s",
            body=" ".join(f"#Body{count}x{n}" for n in range(count)),
            event_name="e",
            organiser="o",
            event_date="2026-01-01",
            place="p",
        )
        with CaptureQueriesContext(connection) as queries:
            report_write(
                report=report,
                by=staff,
                organisations=organisations,
                extra_hashtags=[f"Field{count}x{n}" for n in range(count)],
                action=EditorAction.PUBLISH,
            )
        return len(queries.captured_queries)

    save_with(1)  # the month's hashtag tallies (insights) have rows from now on
    assert save_with(2) == save_with(20)
