"""A blog's HTML as this site's Markdown, rendered as the site renders what is typed."""

import pytest

from importing.converting import Refused, to_markdown
from publishing.rendering import render_markdown


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        # Text about markup stays text.
        ("<p>Use the &lt;img&gt; tag &amp; AT&amp;T, not &amp;lt;.</p>",
         "<p>Use the &lt;img&gt; tag &amp; AT&amp;T, not &amp;lt;.</p>"),
        # Code keeps its lines, and a # in it is no hashtag.
        ("<pre>#include &lt;stdio.h&gt;\n\nint main() {}\n</pre>",
         "<pre><code>#include &lt;stdio.h&gt;\n\nint main() {}\n</code></pre>"),
        # WordPress's classic editor: paragraphs as blank lines, beside a heading.
        ("First paragraph.\nSame paragraph.\n\n<h2>Heading</h2>\n\nSecond paragraph.",
         "<p>First paragraph.<br>\nSame paragraph.</p>\n<h2>Heading</h2>\n"
         "<p>Second paragraph.</p>"),
        ("<ul><li>One</li><li>Two <em>too</em></li></ul>",
         "<ul>\n<li>One</li>\n<li>Two <em>too</em></li>\n</ul>"),
    ],
)  # fmt: skip
def test_html_becomes_markdown_that_shows_the_same(html, shown):
    assert render_markdown(to_markdown(html)).html == shown


def test_a_photo_linked_to_its_full_size_takes_the_links_place():
    html = '<p><a href="/full.jpg"><img src="/small.jpg" alt="A well"></a></p>'
    assert to_markdown(html, image=lambda src, alt: "[photo:7]") == "[photo:7]"


@pytest.mark.parametrize(
    "html", ["<div>" * 41 + "deep", "<div></b>" * 500 + "x", "<p>" + "word " * 200_001 + "</p>"]
)
def test_enormous_or_deeply_nested_html_is_refused(html):
    with pytest.raises(Refused):
        to_markdown(html)
