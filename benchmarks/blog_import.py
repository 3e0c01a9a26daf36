"""Blog import figures for `make bench`: a generated WordPress export of 10,000 posts and
100,000 comments (threaded, tagged, a few in the bin or marked spam) imported by
`manage.py import_blog`, with its time and the command's peak memory.

Run by bench.py with the benchmark's database and settings in the environment;
BLOG_POSTS and BLOG_COMMENTS make it smaller.
"""

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.importing.wxr import TAIL, head  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POSTS = int(os.environ.get("BLOG_POSTS", "10000"))
COMMENTS = int(os.environ.get("BLOG_COMMENTS", "100000"))
WORDS = ["community", "water", "committee", "seminar", "partners", "listening", "budget",
         "district", "school", "rain", "harvest", "training", "women", "youth", "market",
         "clinic", "road", "flood", "drought", "map", "language", "trust"]  # fmt: skip
LABELS = [f"Topic {n}" for n in range(60)]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_export(path: Path, posts: int, comments: int, authors: int = 40) -> None:
    rng = random.Random(7)
    per_post = comments // posts
    with path.open("w", encoding="utf-8") as out:
        people = [(f"author{n}", f"Author {n}") for n in range(authors)]
        out.write(head(link="https://generated-blog.example", authors=people))
        comment_id = 0
        for number in range(1, posts + 1):
            paragraphs = "".join(
                f"<p>{escape(sentence(rng, 25))} <strong>{rng.choice(WORDS)}</strong></p>"
                for _ in range(6)
            )
            labels = "".join(
                f'<category domain="post_tag" nicename="x"><![CDATA[{label}]]></category>'
                for label in rng.sample(LABELS, 3)
            )
            out.write(
                f"<item><title>{escape(sentence(rng, 6))} {number}</title><link>"
                f"https://generated-blog.example/{2010 + number % 14}/01/post-{number}/</link>"
                f"<dc:creator>author{number % authors}</dc:creator>"
                f'<guid isPermaLink="false">https://generated-blog.example/?p={number}</guid>'
                f"<content:encoded>{escape(paragraphs)}</content:encoded>"
                f"<wp:post_id>{number}</wp:post_id>"
                f"<wp:post_date_gmt>{2010 + number % 14}-01-{1 + number % 28:02d} 10:00:00"
                f"</wp:post_date_gmt><wp:post_name>post-{number}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f"{labels}"
            )
            first = comment_id + 1
            for index in range(per_post):
                comment_id += 1
                parent = rng.choice([0, 0, comment_id - 1]) if index else 0
                state = "spam" if index == per_post - 1 and number % 10 == 0 else "1"
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Reader {comment_id % 500}</wp:comment_author>"
                    f"<wp:comment_date_gmt>2024-02-{1 + index % 28:02d} 10:{index % 60:02d}:00"
                    f"</wp:comment_date_gmt>"
                    f"<wp:comment_content>{escape(sentence(rng, 18))}</wp:comment_content>"
                    f"<wp:comment_approved>{state}</wp:comment_approved>"
                    f"<wp:comment_parent>{parent if parent >= first else 0}</wp:comment_parent>"
                    "</wp:comment>"
                )
            out.write("</item>\n")
        out.write(TAIL)


def main():
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "blog.xml"
        write_export(export, POSTS, COMMENTS)
        size = export.stat().st_size / 1e6
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "manage.py", "import_blog", str(export), "--verbosity", "0"],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"import_blog failed:\n{result.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"blog import of {POSTS:,} posts and {COMMENTS:,} comments ({size:.0f} MB of WXR): "
        f"{seconds:.0f} s, peak memory {peak:.0f} MB (target: 600 s)"
    )


if __name__ == "__main__":
    main()
