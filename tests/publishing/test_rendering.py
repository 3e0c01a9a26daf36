import re

import pytest

from publishing.rendering import (
    is_hashtag_name,
    render_markdown,
    split_hashtags,
    unique_hashtags,
)

pytestmark = pytest.mark.django_db(databases=[])


def test_markdown_renders_headings_lists_links_emphasis_quotes_and_images():
    html = render_markdown(
        "# Title\n\nSome *emphasis* and **strong**.\n\n- one\n- two\n\n1. first\n\n"
        "> a quote\n\n[a link](https://example.org/page)\n\n"
        "![a pump](https://example.org/pump.jpg)"
    ).html
    assert "<h2" in html and "Title</h2>" in html  # the page keeps its one h1
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html
    assert "<ul>" in html and "<ol>" in html and "<blockquote>" in html
    link = '<a href="https://example.org/page" dir="auto" rel="nofollow ugc noopener">a link</a>'
    assert link in html
    assert 'src="https://example.org/pump.jpg"' in html
    assert 'alt="a pump"' in html and 'loading="lazy"' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        "<iframe src=https://evil.example></iframe>",
        '<div style="position:fixed" onclick="alert(1)">x</div>',
        "<svg><script>alert(1)</script></svg>",
        '<form action="https://evil.example"><input name=password></form>',
        "![x](javascript:alert(1))",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    ],
)
def test_hostile_markup_is_rendered_harmless(hostile):
    html = render_markdown(hostile).html.lower()
    for danger in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<form",
        "style=",
        "data:text",
    ):
        assert danger not in html


def test_hashtags_in_the_body_become_links_and_are_returned_once_each():
    rendered = render_markdown(
        "We value #LocalKnowledge and #localknowledge, and #InclusiveLearning."
    )
    assert rendered.hashtags == ["LocalKnowledge", "InclusiveLearning"]
    assert '<a class="hashtag" href="/tags/localknowledge/"' in rendered.html
    assert ">#InclusiveLearning</a>" in rendered.html


def test_a_hashtag_at_the_start_of_a_line_is_a_hashtag_not_a_heading():
    rendered = render_markdown("#LocalKnowledge matters.\n\n# A real heading")
    assert rendered.hashtags == ["LocalKnowledge"]
    assert "<h2" in rendered.html and "A real heading" in rendered.html
    assert "<h1" not in rendered.html


@pytest.mark.parametrize(
    "text",
    [
        "Issue #42 was fixed",  # numbers are not hashtags
        "https://example.org/page#section",
        "&#35; and &#x23;",
        "`#NotInCode`",
        "    #NotInACodeBlock",
        "word#NotAfterALetter",
    ],
)
def test_things_that_are_not_hashtags(text):
    assert render_markdown(text).hashtags == []


def test_hashtags_in_other_scripts_work():
    rendered = render_markdown("نتعلم معًا #التعلم_المستمر")
    assert rendered.hashtags == ["التعلم_المستمر"]
    assert 'href="/tags/%D8%A7' in rendered.html or 'href="/tags/التعلم_المستمر/"' in rendered.html


def test_a_hashtag_inside_link_text_does_not_nest_links():
    html = render_markdown("[read about #Water](https://example.org)").html
    assert html.count("<a ") == 1


def test_hashtag_field_words():
    assert split_hashtags("#LocalKnowledge, Resilience;  #WASH") == [
        "LocalKnowledge",
        "Resilience",
        "WASH",
    ]
    assert is_hashtag_name("Local_Knowledge2")
    assert not is_hashtag_name("2026")
    assert not is_hashtag_name("local-knowledge")
    assert not is_hashtag_name("x" * 61)
    assert unique_hashtags(["WASH", "wash", "Wash"]) == ["WASH"]


def test_script_addresses_disguised_with_spaces_are_dropped():
    from publishing.rendering import render_comment, render_markdown

    for text in ['<img src="jav\tascript:alert(1)">', '[x](java script:alert(1))',
                 '<a href=" vb script:msgbox(1)">x</a>']:  # fmt: skip
        for html in (render_markdown(text).html, render_comment(text)):
            assert "script:" not in "".join(html.split()).lower(), html


UNDESCRIBED_IMAGES = [
    "![](https://example.org/pump.png)",
    "![ ](https://example.org/pump.png)",
    '![](https://example.org/pump.png "A title is not a description")',
    '<img src="https://example.org/pump.png">',
    "<IMG SRC=https://example.org/pump.png>",
    '<img src="https://example.org/pump.png" alt>',
    '<img src="https://example.org/pump.png" alt="   ">',
    '<img title="x > y" src="https://example.org/pump.png">',
    '<img title=\'say "hi"\' src="https://example.org/pump.png"/>',
    '<p><img src="https://example.org/pump.png" onerror="alert(1)"></p>',
]


@pytest.mark.parametrize("text", UNDESCRIBED_IMAGES)
def test_every_image_reaches_the_page_with_an_alt_and_the_writer_is_told(text):
    from publishing.rendering import localise_hashtag_links, render_markdown

    rendered = render_markdown(f"Our pump. {text}")
    assert rendered.undescribed_images == ["https://example.org/pump.png"]
    page = str(localise_hashtag_links(rendered.html))
    images = re.findall(r"<img[^>]*>", page)
    assert len(images) == 1 and 'alt="' in images[0]
    assert "onerror" not in page


def test_a_described_image_keeps_its_description():
    from publishing.rendering import localise_hashtag_links, render_markdown

    rendered = render_markdown("![Women repairing the pump](https://example.org/pump.png)")
    assert rendered.undescribed_images == []
    page = str(localise_hashtag_links(rendered.html))
    assert page.count("alt=") == 1 and 'alt="Women repairing the pump"' in page


@pytest.mark.django_db
def test_the_preview_asks_for_a_description_of_each_undescribed_image(staff_client):
    response = staff_client.post(
        "/seminars/new/",
        {
            "title": "Pictures", "summary": "S", "event_name": "E", "organiser": "O",
            "event_date": "2026-05-01", "place": "Kampala", "language": "en",
            "body": "![](https://example.org/a.png) ![The pump](https://example.org/b.png)",
            "action": "preview",
        },
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "This image has no description" in page
    assert '<li dir="ltr">https://example.org/a.png</li>' in page
    assert "https://example.org/b.png</li>" not in page
