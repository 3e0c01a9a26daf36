"""Upgrading a database made by the previous release to this code loses nothing.

The previous release (OLD_RELEASE) is taken out of git into a temporary directory. It builds
its own database (migrate, load_demo, then what the demo lacks), which is read row by row;
this code then migrates the same database, reads it again, and every old row must still be
there. Each step is `manage.py` in a fresh interpreter, so neither release's code or settings
leak into the other, nor into the test database of this test run (which is not used).
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg2
import pytest
from psycopg2 import sql

from tests.helpers import missing_tool

ROOT = Path(__file__).resolve().parent.parent
OLD_RELEASE = "cd42846"
REQUIRED = "UPGRADE_TESTS"  # CI sets it to "required": no git or old commit fails, not skips

# Models that moved app keep their rows under a new table name...
RENAMED_TABLES = {
    "learning_exchange_revision": "publishing_revision",
    "learning_exchange_hashtagredirect": "hashtags_hashtagredirect",
}
# ...and their content types, renamed in place (same ids, so permissions stay attached).
RENAMED_CONTENT_TYPES = {
    ("learning_exchange", "revision"): ("publishing", "revision"),
    ("learning_exchange", "hashtagredirect"): ("hashtags", "hashtagredirect"),
}
# New models add permissions, and roles may be granted new ones: old rows must stay, new
# ones may join them.
GROWING_TABLES = {"auth_permission", "auth_group_permissions"}
# New columns, with the value each old row takes.
ADDED_COLUMNS = {"accounts_user": ["now"]}  # mail_frequency: at once, as before
# New columns whose values a migration works out for each old row: left out of the
# snapshots, and checked by NEW_CHECK instead.
COMPUTED_COLUMNS = {"discussion_comment": ["voice", "country"], "posts_post": ["voice"]}
# Permissions granted to a role since the previous release.
GRANTED = {"Staff": {"django_tasks_database.view_dbtaskresult"}}

# Rows of every table, read with SQL so that no model of either release colours them.
# Values are compared as text, each row as its sorted values: column order may change when
# a migration rebuilds a table (SQLite), what a row holds may not.
SNAPSHOT = """
import json
import os

from django.db import connection

SKIPPED = {"django_migrations", "django_session", "django_admin_log"}
SKIPPED_COLUMNS = json.loads(os.environ.get("SNAPSHOT_SKIPPED_COLUMNS", "{}"))
quote = connection.ops.quote_name


def text(value):
    return bytes(value).hex() if isinstance(value, (bytes, memoryview)) else str(value)


def rows(cursor, table):
    key = connection.introspection.get_primary_key_column(cursor, table)
    order = f" ORDER BY {quote(key)}" if key else ""
    columns = [
        column.name
        for column in connection.introspection.get_table_description(cursor, table)
        if column.name not in SKIPPED_COLUMNS.get(table, [])
    ]
    cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}{order}")
    found = [sorted(text(value) for value in row) for row in cursor.fetchall()]
    return found if key else sorted(found)


with connection.cursor() as cursor:
    tables = {
        table: rows(cursor, table)
        for table in connection.introspection.table_names(cursor)
        if table not in SKIPPED
    }
    cursor.execute("SELECT id, app_label, model FROM django_content_type")
    content_types = {str(pk): [app, model] for pk, app, model in cursor.fetchall()}
    cursor.execute("SELECT id, content_type_id, codename FROM auth_permission")
    permissions = {str(pk): [type_id, codename] for pk, type_id, codename in cursor.fetchall()}
    cursor.execute(
        "SELECT g.name, t.app_label, p.codename FROM auth_group g"
        " JOIN auth_group_permissions gp ON gp.group_id = g.id"
        " JOIN auth_permission p ON p.id = gp.permission_id"
        " JOIN django_content_type t ON t.id = p.content_type_id"
    )
    groups = {}
    for group, app, codename in cursor.fetchall():
        groups.setdefault(group, []).append(f"{app}.{codename}")

print(json.dumps({
    "tables": tables,
    "content_types": content_types,
    "permissions": permissions,
    "groups": {group: sorted(perms) for group, perms in groups.items()},
}))
"""

# What the demo lacks, written with the old release's own services: hashtag redirects,
# flags (one dismissed), a followed and a muted discussion, a held and a removed comment,
# and a report edited twice (three revisions).
OLD_SEED = """
import json

import learning_exchange
from django.contrib.auth.models import Permission
from taggit.models import Tag, TaggedItem

from accounts.models import User
from learning_exchange.discussion import services as discussion
from learning_exchange.discussion.models import Comment, Flag, Subscription
from learning_exchange.models import HashtagRedirect, Revision
from learning_exchange.services import hashtag_merge, hashtag_rename
from posts.models import Post
from seminars.models import SeminarReport
from seminars.services import report_write

people = {user.email.split("@")[0]: user for user in User.objects.all()}
staff, lucia, rania, joseph = people["staff"], people["lucia"], people["rania"], people["joseph"]
report = SeminarReport.objects.get(title__startswith="Listen before you design")


def edit(**changes):
    for name, value in changes.items():
        setattr(report, name, value)
    report_write(
        report=report,
        by=staff,
        organisations=list(report.credited_organisations.all()),
        extra_hashtags=[tag.name for tag in report.tags.all()],
    )


edit(body=report.body + "\\n\\nUpdate: the committee now shares its log. #WaterRights")
edit(summary=report.summary + " A year on, the logs are shared.")

hashtag_rename(tag=Tag.objects.get(name="WASH"), name="WaterSanitation", slug="watersanitation")
hashtag_merge(
    sources=[Tag.objects.get(name="LearningFromFailure")],
    into=Tag.objects.get(name="ContinuousLearning"),
)

first, *replies = Comment.objects.on(report).order_by("pk")
discussion.comment_flag(comment=first, by=lucia, reason="spam", note="Looks like an advert.")
dismissed = discussion.comment_flag(comment=replies[0], by=rania, reason="off_topic")
discussion.flag_dismiss(flag=dismissed, by=staff)

discussion.discussion_follow(user=lucia, target=report, follow=True)
discussion.discussion_follow(user=joseph, target=report, follow=False)

discussion.comment_create(
    target=report, author=lucia, text="¿Tienen las actas en línea?", language="es",
    parent=None, published=False,
)
removed = discussion.comment_create(
    target=report, author=rania, text="Buy cheap pumps here!", language="en",
    parent=first, published=True,
)
discussion.comment_remove(comment=removed, by=staff, reason="Advertising.")

print(json.dumps({
    "code": learning_exchange.__file__,
    "report_id": report.pk,
    "report_revisions": report.revisions.count(),
    "view_hashtagredirect_id": Permission.objects.get(codename="view_hashtagredirect").pk,
    "added": {
        "held": Comment.objects.held().count(),
        "removed": Comment.objects.filter(is_removed=True).count(),
        "flags": Flag.objects.count(),
        "open_flags": Flag.objects.filter(dismissed_at=None).count(),
        "subscriptions": Subscription.objects.count(),
        "muted": Subscription.objects.filter(muted=True).count(),
        "redirects": HashtagRedirect.objects.count(),
    },
    "counts": {
        "revisions": Revision.objects.count(),
        "hashtag_redirects": HashtagRedirect.objects.count(),
        "comments": Comment.objects.count(),
        "flags": Flag.objects.count(),
        "subscriptions": Subscription.objects.count(),
        "tags": Tag.objects.count(),
        "tagged_items": TaggedItem.objects.count(),
        "posts": Post.objects.count(),
        "reports": SeminarReport.objects.count(),
    },
}))
"""

# The same records read through the new code's models, relations and permission checks.
NEW_CHECK = """
import json
import os

import publishing.models
from django.contrib.auth.models import Group, Permission
from taggit.models import Tag, TaggedItem

from accounts.models import country_of, voice_of
from discussion.models import Comment, Flag, Subscription
from hashtags.models import HashtagRedirect
from posts.models import Post
from publishing.models import Revision
from seminars.models import SeminarReport

comments = Comment.objects.select_related("user__organisation").exclude(user=None)
posts = Post.objects.select_related("author")
staff = Group.objects.get(name="Staff")
member = staff.user_set.order_by("pk").first()
report = SeminarReport.objects.get(pk=int(os.environ["UPGRADE_REPORT_ID"]))
permission = Permission.objects.get(
    content_type__app_label="hashtags", codename="view_hashtagredirect"
)

print(json.dumps({
    "code": publishing.models.__file__,
    "report_revisions": report.revisions.count(),
    "view_hashtagredirect_id": permission.pk,
    "staff_perms": sorted(
        f"{perm.content_type.app_label}.{perm.codename}"
        for perm in staff.permissions.select_related("content_type")
    ),
    "member_can_view_redirects": member.has_perm("hashtags.view_hashtagredirect"),
    "voices": sorted({comment.voice for comment in comments} | {post.voice for post in posts}),
    "wrong_voices": [
        *(comment.pk for comment in comments if comment.voice != voice_of(comment.user)),
        *(post.pk for post in posts if post.voice != voice_of(post.author)),
    ],
    "wrong_countries": [
        comment.pk for comment in comments if comment.country != country_of(comment.user)
    ],
    "counts": {
        "revisions": Revision.objects.count(),
        "hashtag_redirects": HashtagRedirect.objects.count(),
        "comments": Comment.objects.count(),
        "flags": Flag.objects.count(),
        "subscriptions": Subscription.objects.count(),
        "tags": Tag.objects.count(),
        "tagged_items": TaggedItem.objects.count(),
        "posts": Post.objects.count(),
        "reports": SeminarReport.objects.count(),
    },
}))
"""


def require_old_release() -> None:
    if shutil.which("git") is None or shutil.which("tar") is None:
        missing_tool("git and tar are needed to take out the old release", required_by=REQUIRED)
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{OLD_RELEASE}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if found.returncode != 0:
        missing_tool(f"commit {OLD_RELEASE} is not in this repository", required_by=REQUIRED)


@pytest.fixture
def old_tree(tmp_path) -> Path:
    """The previous release's files, taken out of git."""
    require_old_release()
    target = tmp_path / "old"
    target.mkdir()
    archive = subprocess.Popen(["git", "archive", OLD_RELEASE], cwd=ROOT, stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout, check=True)
    archive.stdout.close()
    assert archive.wait() == 0, f"git archive {OLD_RELEASE} failed"
    return target


@pytest.fixture
def database_url(tmp_path):
    """A new, empty database: on the PostgreSQL server of DATABASE_URL if it names one,
    otherwise a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url or "postgresql" not in dj_database_url.parse(url)["ENGINE"]:
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return

    server = dj_database_url.parse(url)
    name = f"le_upgrade_{secrets.token_hex(6)}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=server["USER"],
        password=server["PASSWORD"],
        host=server["HOST"],
        port=server["PORT"] or None,
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with admin.cursor() as cursor:
            # A manage.py that failed or timed out may still hold a connection.
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.close()


def manage_env(tree: Path, database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "true"}
    # The project is installed in editable mode pointing at the work tree; the tree being run
    # comes first on the path so its packages, not the installed ones, are imported.
    env["PYTHONPATH"] = str(tree)
    env.pop("REDIS_URL", None)  # a shared cache must not carry state between the releases
    env.pop("DJANGO_SETTINGS_MODULE", None)  # pytest-django sets it; each manage.py picks its own
    env["SNAPSHOT_SKIPPED_COLUMNS"] = json.dumps(COMPUTED_COLUMNS)
    return env


# The virtualenv installs this project in editable mode, whose import hook would find a
# module the old tree lacks (posts/admin.py) in this tree: manage.py runs without it.
WITHOUT_EDITABLE_INSTALL = (
    "import runpy, sys; "
    "sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in repr(f)]; "
    "sys.argv = sys.argv[1:]; "
    "runpy.run_path('manage.py', run_name='__main__')"
)


def run_manage(tree: Path, env: dict[str, str], *args: str) -> str:
    finished = subprocess.run(
        [sys.executable, "-c", WITHOUT_EDITABLE_INSTALL, "manage.py", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if finished.returncode != 0:
        pytest.fail(
            f"manage.py {args[0]} failed in {tree}:\n{finished.stdout[-3000:]}\n"
            f"{finished.stderr[-5000:]}"
        )
    return finished.stdout


def run_script(tree: Path, env: dict[str, str], script: str) -> dict:
    """Run a script in `manage.py shell`; its last line of output is JSON."""
    output = run_manage(tree, env, "shell", "--no-imports", "-c", script)
    return json.loads(output.strip().splitlines()[-1])


def _without(row: list[str], values: list[str]) -> list[str]:
    """The row without one of each of these values (a new column's)."""
    row = list(row)
    for value in values:
        if value in row:
            row.remove(value)
    return row


def upgrade_losses(old: dict, new: dict) -> list[str]:
    """What of the old snapshot the new one lacks or holds differently."""
    losses = []
    for table, rows in old["tables"].items():
        if table == "django_content_type":
            continue  # compared by id below, with app labels renamed
        new_table = RENAMED_TABLES.get(table, table)
        new_rows = new["tables"].get(new_table)
        if new_rows is None:
            losses.append(f"table {table} is gone (looked for {new_table})")
        elif table in GROWING_TABLES:
            missing = [row for row in rows if row not in new_rows]
            if missing:
                losses.append(f"{new_table} lost or changed rows: {missing}")
        elif (
            table in ADDED_COLUMNS
            and [_without(row, ADDED_COLUMNS[table]) for row in new_rows] == rows
        ):
            continue
        elif new_rows != rows:
            lost = [row for row in rows if row not in new_rows]
            added = [row for row in new_rows if row not in rows]
            losses.append(f"{new_table} changed: lost {lost}, gained {added}")

    for pk, (app, model) in old["content_types"].items():
        expected = list(RENAMED_CONTENT_TYPES.get((app, model), (app, model)))
        if (found := new["content_types"].get(pk)) != expected:
            losses.append(f"content type {pk} should be {expected}, is {found}")
    for pk, permission in old["permissions"].items():
        if (found := new["permissions"].get(pk)) != permission:
            losses.append(f"permission {pk} was {permission}, is {found}")

    renamed = {}
    for type_id, codename in old["permissions"].values():
        app, model = old["content_types"][str(type_id)]
        new_app = RENAMED_CONTENT_TYPES.get((app, model), (app, model))[0]
        renamed[f"{app}.{codename}"] = f"{new_app}.{codename}"
    for group, perms in old["groups"].items():
        expected = {renamed[perm] for perm in perms}
        found = set(new["groups"].get(group, [])) - GRANTED.get(group, set())
        if found != expected:
            lacks, gained = sorted(expected - found), sorted(found - expected)
            losses.append(f"group {group} lacks {lacks}, gained {gained}")

    if losses:  # what the new code added, which may explain what moved
        kept = {RENAMED_TABLES.get(table, table) for table in old["tables"]}
        added_types = [
            new["content_types"][pk]
            for pk in new["content_types"].keys() - old["content_types"].keys()
        ]
        losses.append(f"new tables: {sorted(new['tables'].keys() - kept)}")
        losses.append(f"new content types: {sorted(added_types)}")
    return losses


def test_upgrade_from_previous_release_keeps_every_row(old_tree, database_url):
    # The previous release builds and fills its database.
    old_env = manage_env(old_tree, database_url)
    run_manage(old_tree, old_env, "migrate", "--noinput")
    run_manage(old_tree, old_env, "load_demo")
    seeded = run_script(old_tree, old_env, OLD_SEED)
    assert Path(seeded["code"]).resolve().is_relative_to(old_tree.resolve()), seeded["code"]
    assert seeded["report_revisions"] == 3
    assert seeded["added"] == {
        "held": 1, "removed": 1, "flags": 2, "open_flags": 1, "subscriptions": 2, "muted": 1,
        "redirects": 2,
    }  # fmt: skip
    old = run_script(old_tree, old_env, SNAPSHOT)
    assert old["tables"]["learning_exchange_hashtagredirect"], "the snapshot missed the seed"
    assert "learning_exchange.view_hashtagredirect" in old["groups"]["Staff"]

    # This code migrates the same database; nothing old may be lost or changed.
    new_env = manage_env(ROOT, database_url)
    run_manage(ROOT, new_env, "migrate", "--noinput")
    new = run_script(ROOT, new_env, SNAPSHOT)
    losses = upgrade_losses(old, new)
    assert not losses, "\n".join(losses)

    # The moved models, relations and permissions still work through the new code.
    report_env = {**new_env, "UPGRADE_REPORT_ID": str(seeded["report_id"])}
    checked = run_script(ROOT, report_env, NEW_CHECK)
    assert Path(checked["code"]).resolve().is_relative_to(ROOT), checked["code"]
    assert checked["counts"] == seeded["counts"]
    assert checked["report_revisions"] == seeded["report_revisions"]
    assert checked["view_hashtagredirect_id"] == seeded["view_hashtagredirect_id"]
    assert {"hashtags.view_hashtagredirect", "django_comments.can_moderate"} <= set(
        checked["staff_perms"]
    )
    assert checked["member_can_view_redirects"]
    # Each comment and lesson written before now carries its writer's voice and country.
    assert checked["voices"] == ["partner", "staff"]
    assert checked["wrong_voices"] == [] and checked["wrong_countries"] == []
    run_manage(ROOT, new_env, "makemigrations", "--check", "--dry-run")
    run_manage(ROOT, new_env, "migrate", "--check")
