"""The house rules of ``tools/ecole``, read from the code's own imports.

Data flows one way: ``model`` (files -> one validated curriculum) ->
``assembly`` (staged Markdown and navigation) -> ``adapter`` (the site
engines) and ``exports`` (SCORM, PDF, catalogue…) -> orchestration and the
command line on top. A module may import its own layer and the layers below,
never one above; ``errors`` is a leaf that everyone may import; only
``adapter`` imports MkDocs or Zensical. Every import counts, including those
made inside a function to delay a heavy library; imports for type annotations
only (under ``if TYPE_CHECKING:``) run nothing and do not count.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "ecole"

#: Layer of each sub-package; a name missing here is the top (cli, build, bench…).
LAYERS = {"errors": 0, "model": 1, "assembly": 2, "adapter": 3, "exports": 3}
TOP = 4
ENGINES = ("mkdocs", "material", "zensical")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["ecole", *parts])


def imports(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports, anywhere in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            node.body = []  # imports for annotations only: nothing runs them
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.add(target)
            # ``from . import scorm`` imports a module, not a name
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if _exists(candidate):
                    found.add(candidate)
    return found


def _exists(name: str) -> bool:
    parts = name.split(".")[1:]
    return PACKAGE.joinpath(*parts).with_suffix(".py").is_file() or PACKAGE.joinpath(*parts, "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        out[module_name(path)] = imports(path)
    return out


def layer(name: str) -> int:
    parts = name.split(".")
    return LAYERS.get(parts[1], TOP) if len(parts) > 1 else TOP


def test_no_module_imports_a_layer_above_its_own():
    upward = [
        f"{source} (couche {layer(source)}) importe {target} (couche {layer(target)})"
        for source, targets in graph().items()
        for target in targets
        if target.startswith("ecole.") and layer(target) > layer(source)
    ]
    assert upward == []


def test_exports_and_adapters_do_not_import_each_other():
    sideways = [
        f"{source} importe {target}"
        for source, targets in graph().items()
        for target in targets
        if target.startswith("ecole.") and {source.split(".")[1], target.split(".")[1]} == {"adapter", "exports"}
    ]
    assert sideways == []


def test_only_the_adapters_import_a_site_engine():
    offenders = [
        f"{source} importe {target}"
        for source, targets in graph().items()
        for target in targets
        if target.split(".")[0] in ENGINES and not source.startswith("ecole.adapter")
    ]
    assert offenders == []


def test_errors_is_a_leaf():
    assert {t for t in graph()["ecole.errors"] if t.startswith("ecole")} == set()


def test_the_import_graph_has_no_cycle():
    full = graph()
    edges = {
        source: {t for t in targets if t in full and t != source and not _is_parent(t, source)}
        for source, targets in full.items()
    }
    cycles = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == []


def _is_parent(package: str, module: str) -> bool:
    """Importing ``a.b.c`` runs ``a/b/__init__``: an edge to one's own package is not a cycle."""
    return module.startswith(package + ".")


def test_the_assembler_loads_no_site_engine_and_no_export():
    code = (
        "import sys\n"
        "import ecole.assembly.staging, ecole.model.curriculum\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'zensical', 'weasyprint')"
        " or m.startswith(('ecole.exports', 'ecole.adapter')))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_exports_marked_as_printing_nothing_load_no_pdf_library(tmp_path: Path):
    """The process that builds the pages writes the exports not marked ``prints`` while
    another one prints (``build._draft``): an export that printed without the mark would
    import WeasyPrint there, outside the build's printers."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ecole.exports import exports_apart, write_exports\n"
        "from ecole.model.curriculum import load_curriculum\n"
        "from ecole.model.project import Project\n"
        f"curriculum, _ = load_curriculum(Project(Path({str(PACKAGE.parents[1])!r})))\n"
        "unprinted = exports_apart(prints=False)\n"
        f"write_exports(curriculum, Path({str(tmp_path)!r}), None, unprinted)\n"
        "print([e.name for e in unprinted])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pikepdf', 'pydyf')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    names, loaded = result.stdout.strip().splitlines()
    assert names == "['catalogue', 'scorm', 'banques-de-questions']"
    assert loaded == "[]"
    assert (tmp_path / "exports" / "catalogue.json").is_file()
