"""The layers' import rules, read from the source tree's import statements.

``core`` is the Django-free vocabulary under both apps; ``reports`` (the domain)
never depends on ``ingest`` (files to data); a reader turns a file into a Document
and never reaches for an extractor. Imports inside functions and under
``TYPE_CHECKING`` count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APPS = ("config", "reports", "ingest")
DJANGO_WORLD = ("django", "rest_framework", "drf_spectacular", "corsheaders", "whitenoise")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, module: str = "") -> set[str]:
    """Every module ``path`` (named ``module``) imports; relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = (module or _module_name(path)).split(".")
    if path.name != "__init__.py":
        package.pop()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            found.add(name)
            # ``from ingest import extract`` imports the module ingest.extract.
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def _sources(folder: str) -> list[Path]:
    return sorted(p for p in (REPO / folder).rglob("*.py") if "migrations" not in p.parts)


def _breaking(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    """``file: module`` for each import under ``folder`` of a module in ``forbidden``."""
    return [
        f"{path.relative_to(REPO)}: {module}"
        for path in _sources(folder)
        for module in sorted(imported_modules(path))
        if any(module == f or module.startswith((f + ".", f + "_"))
               for f in forbidden)
    ]


def test_the_rules_see_every_kind_of_import_statement(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "import ingest.extract.tables\n"
        "from ..extract import figures\n"
        "from ingest import extract\n"
        "def later():\n    from django.db import models\n",
        encoding="utf-8",
    )
    found = imported_modules(source, "ingest.readers.probe")
    assert {"ingest.extract.tables", "ingest.extract.figures", "ingest.extract",
            "django.db"} <= found


def test_core_imports_neither_django_nor_an_app() -> None:
    assert _sources("core"), "core/ has no modules"
    assert _breaking("core", (*DJANGO_WORLD, *APPS)) == []


def test_reports_never_imports_ingest() -> None:
    assert _breaking("reports", ("ingest",)) == []


def test_no_reader_imports_an_extractor() -> None:
    assert _breaking("ingest/readers", ("ingest.extract",)) == []
