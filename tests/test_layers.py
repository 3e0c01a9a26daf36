"""The house layering of the project's apps, checked on the import graph built from the source.

An app may import only apps in strictly lower layers. The graph is read with `ast`, not by
importing anything, so it needs no database and sees imports hidden inside functions.
"""

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Top to bottom. learning_exchange is the project glue (settings, URLs, middleware).
LAYERS = [
    ("learning_exchange",),
    ("pages", "importing", "insights"),
    ("posts", "seminars"),
    ("followups",),
    ("hashtags", "following"),
    ("discussion",),
    ("publishing",),
    ("uploads", "mailing"),
    ("accounts",),
    ("page_cache",),
]
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}
PROJECT = "learning_exchange"
CONTENT_KINDS = {"posts", "seminars"}
LOWER_APPS = {
    "followups",
    "discussion",
    "hashtags",
    "publishing",
    "uploads",
    "mailing",
    "accounts",
    "page_cache",
}
# Packages beside manage.py that are not apps: neither checked as sources nor placed in a layer.
NOT_APPS = {"tests", "benchmarks"}
SKIPPED_DIRS = {"migrations", "tests"}


def collect_imports(source, package):
    """(imported module, line, inside a function) for every import in `source`.

    `package` is the dotted package of the file, against which relative imports resolve.
    """
    found = []

    def visit(node, in_function):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno, in_function) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: max(0, len(parts) - node.level + 1)] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.append((module, node.lineno, in_function))
        # A class body runs at import time; only a function body defers its imports.
        in_body = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, in_function or in_body)

    visit(ast.parse(source), False)
    return found


def find_cycles(graph):
    """Strongly connected components with more than one node (Tarjan), each sorted."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(cycles)


@cache
def discover_apps():
    return frozenset(
        path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name not in NOT_APPS
    )


@cache
def project_imports():
    """Every import of another app (or of benchmarks): (source app, target app, "path:line",
    inside a function)."""
    apps = discover_apps()
    targets = apps | {"benchmarks"}
    imports = []
    for app in sorted(apps):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if SKIPPED_DIRS.intersection(relative.parts[1:-1]):
                continue
            package = ".".join(relative.parts[:-1])
            for module, line, in_function in collect_imports(path.read_text(), package):
                target = module.split(".")[0]
                if target in targets and target != app:
                    imports.append((app, target, f"{relative}:{line}", in_function))
    return imports


def edges():
    """{(source app, target app): first "path:line" where it is imported}."""
    found = {}
    for source, target, where, _ in project_imports():
        found.setdefault((source, target), where)
    return found


def describe(offending):
    return "\n".join(f"  {s} -> {t}  ({where})" for (s, t), where in sorted(offending.items()))


def test_the_apps_are_found_where_expected():
    # A wrong root would find no app, and then every check below would pass on nothing.
    assert {"accounts", "posts", "seminars", PROJECT} <= discover_apps()
    assert edges(), "no import between apps found: the source was not read"


def test_every_app_has_a_layer():
    unplaced = sorted(discover_apps() - RANK.keys())
    assert not unplaced, f"apps not placed in a layer in LAYERS: {unplaced}"


def test_imports_point_only_down():
    # Unknown apps and benchmarks have no rank; their own tests report them.
    wrong = {
        (s, t): where
        for (s, t), where in edges().items()
        if s in RANK and t in RANK and RANK[t] <= RANK[s]
    }
    assert not wrong, "imports that do not point to a strictly lower layer:\n" + describe(wrong)


def test_no_cycle_between_apps():
    graph = {}
    for source, target in edges():
        graph.setdefault(source, set()).add(target)
    cycles = find_cycles(graph)
    lines = [
        f"{' <-> '.join(cycle)}:\n"
        + describe({e: w for e, w in edges().items() if set(e) <= set(cycle)})
        for cycle in cycles
    ]
    assert not cycles, "cycles between apps:\n" + "\n".join(lines)


def test_posts_and_seminars_never_import_each_other():
    wrong = {e: w for e, w in edges().items() if set(e) == CONTENT_KINDS}
    assert not wrong, "posts and seminars import each other:\n" + describe(wrong)


def test_lower_apps_import_no_content_kind():
    wrong = {(s, t): w for (s, t), w in edges().items() if s in LOWER_APPS and t in CONTENT_KINDS}
    assert not wrong, "lower apps importing posts or seminars:\n" + describe(wrong)


def test_nothing_imports_the_project_package():
    wrong = {(s, t): w for (s, t), w in edges().items() if t == PROJECT}
    assert not wrong, f"apps importing {PROJECT}:\n" + describe(wrong)


def test_no_app_imports_benchmarks():
    wrong = {(s, t): w for (s, t), w in edges().items() if t == "benchmarks"}
    assert not wrong, "apps importing benchmarks:\n" + describe(wrong)


def test_no_import_of_another_app_inside_a_function():
    # "No import is hidden inside a function to dodge a cycle."
    hidden = [f"  {s} -> {t}  ({where})" for s, t, where, inside in project_imports() if inside]
    assert not hidden, "imports of another app inside a function:\n" + "\n".join(hidden)


def test_find_cycles_finds_a_cycle_and_none_in_a_dag():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_collect_imports_resolves_relative_and_flags_function_level():
    source = (
        "import os\n"
        "if TYPE_CHECKING:\n"
        "    from accounts.models import User\n"
        "from . import views\n"
        "from ..models import Thing\n"
        "class Form:\n"
        "    from posts.models import Post\n"
        "def handler():\n"
        "    from seminars.models import SeminarReport\n"
    )
    assert collect_imports(source, "publishing.templatetags") == [
        ("os", 1, False),
        ("accounts.models", 3, False),
        ("publishing.templatetags", 4, False),
        ("publishing.models", 5, False),
        ("posts.models", 7, False),
        ("seminars.models", 9, True),
    ]
