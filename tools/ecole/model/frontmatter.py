"""Reading one content file: bytes -> text -> front-matter and body.

Files come from Windows PCs and web forms as often as from editors, so a BOM
and CRLF line endings are accepted; anything else odd becomes a diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Report
from .yamlsource import YamlDocument, YamlSyntaxError, parse_yaml

#: A content file larger than this is almost certainly a mistake (a pasted export, a binary).
MAX_BYTES = 1024 * 1024


@dataclass
class ContentFile:
    path: Path
    meta: YamlDocument
    body: str
    body_line: int  # 1-based line of the body's first line


def read_text(path: Path, report: Report) -> str | None:
    """The file's text with LF line endings, or ``None`` after reporting why not."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        report.error(path, 1, "fichier", "c'est un dossier, pas un fichier : renommez-le sans « .md » ou déplacez-le")
        return None
    except OSError as exc:
        # the system's words are in English: say what happened in ours, the system's after
        report.error(
            path,
            1,
            "fichier",
            f"lecture impossible : vérifiez que le fichier existe et que vous pouvez le lire ({exc.strerror})",
        )
        return None
    if len(raw) > MAX_BYTES:
        report.error(
            path,
            1,
            "fichier",
            f"fichier trop volumineux ({len(raw) // 1024} Ko, au plus {MAX_BYTES // 1024} Ko) : "
            "découpez-le ou retirez ce qui n'est pas du texte",
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(
            path,
            line,
            "fichier",
            f"caractère illisible près de « {_excerpt(raw, exc.start)} » : le fichier n'est pas enregistré en UTF-8 ; "
            "rouvrez-le et enregistrez-le en UTF-8 depuis votre éditeur",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _excerpt(raw: bytes, position: int) -> str:
    """The words around an undecodable byte, read as Windows-1252 (what such files
    almost always are), so that the author can find the place."""
    line_start = raw.rfind(b"\n", 0, position) + 1
    line_end = raw.find(b"\n", position)
    line_end = line_end if line_end != -1 else len(raw)
    words = (
        raw[max(line_start, position - 25) : min(line_end, position + 25)].decode("cp1252", errors="replace").split()
    )
    if position - 25 > line_start and len(words) > 1:
        words = ["…", *words[1:]]  # the first word was cut
    if position + 25 < line_end and len(words) > 1:
        words = [*words[:-1], "…"]
    return " ".join(words)


def read_content(path: Path, report: Report, *, required: bool = True) -> ContentFile | None:
    """Split a Markdown file into its YAML front-matter and body.

    With ``required=False`` (hand-written pages) a file without front-matter is
    simply all body.
    """
    text = read_text(path, report)
    if text is None:
        return None
    if not text.strip():
        report.error(path, 1, "fichier", "fichier vide : un contenu commence par un en-tête YAML entre deux lignes ---")
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        if not required:
            return ContentFile(path, parse_yaml("{}"), text, 1)
        report.error(
            path,
            1,
            "en-tête",
            "le fichier doit commencer par une ligne --- suivie de l'en-tête YAML, fermé par une autre ligne ---",
        )
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        report.error(
            path, 1, "en-tête", "l'en-tête YAML n'est pas fermé : ajoutez une ligne --- après le dernier champ"
        )
        return None
    try:
        meta = parse_yaml("\n".join(lines[1:end]), first_line=2)
    except YamlSyntaxError as exc:
        report.error(path, exc.line, "en-tête", str(exc))
        return None
    if meta.data is None:
        meta.data = {}
    if not isinstance(meta.data, dict):
        report.error(path, 2, "en-tête", "l'en-tête doit être une suite de champs « nom: valeur »")
        return None
    return ContentFile(path, meta, "\n".join(lines[end + 1 :]), end + 2)
