"""Small WordPress exports written for the tests."""

from xml.sax.saxutils import escape


def head(*, link: str = "https://test-blog.example", authors=(("writer", "The Writer"),)) -> str:
    """The start of an export: its channel, and its authors as (login, name), each with an
    address on the blog's domain."""
    domain = link.split("//", 1)[-1]
    people = "".join(
        f"<wp:author><wp:author_login>{login}</wp:author_login>"
        f"<wp:author_email>{login}@{domain}</wp:author_email>"
        f"<wp:author_display_name>{escape(name)}</wp:author_display_name></wp:author>\n"
        for login, name in authors
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
        f"<channel>\n<title>A blog</title>\n<link>{link}</link>\n<language>en</language>\n"
        f"{people}"
    )


HEAD = head()
TAIL = "</channel>\n</rss>\n"


def item(number: int, *, title: str = "", html: str = "", creator: str = "writer",
         status: str = "publish", comments: list[str] = ()) -> str:  # fmt: skip
    comment_elements = "".join(
        f"<wp:comment><wp:comment_id>{number * 1000 + n}</wp:comment_id>"
        f"<wp:comment_author>Reader {n}</wp:comment_author>"
        f"<wp:comment_date_gmt>2020-01-01 10:{n % 60:02d}:00</wp:comment_date_gmt>"
        f"<wp:comment_content>{escape(text)}</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>"
        "</wp:comment>"
        for n, text in enumerate(comments)
    )
    return (
        f"<item><title>{escape(title or f'Post {number}')}</title>"
        f"<link>https://test-blog.example/post-{number}/</link>"
        f"<dc:creator>{escape(creator)}</dc:creator>"
        f'<guid isPermaLink="false">https://test-blog.example/?p={number}</guid>'
        f"<content:encoded>{escape(html or f'Text of post {number}.')}</content:encoded>"
        f"<wp:post_id>{number}</wp:post_id>"
        "<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>"
        f"<wp:post_name>post-{number}</wp:post_name><wp:status>{status}</wp:status>"
        f"<wp:post_type>post</wp:post_type>{comment_elements}</item>\n"
    )


def export(*items: str, head: str = HEAD) -> str:
    return head + "".join(items) + TAIL
