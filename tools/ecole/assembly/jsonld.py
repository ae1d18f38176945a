"""schema.org metadata (JSON-LD) of a module page, for search engines and catalogues.

A module is a ``Course``: in schema.org that type is a ``LearningResource``
(``teaches``, ``educationalLevel``, ``timeRequired``…) which may also carry
``coursePrerequisites`` and a ``CourseInstance`` saying it is followed online.
Everything comes from the :class:`~ecole.model.structure.Module`, never from the page text.
"""

from __future__ import annotations

import json
from typing import Any

from ..model.learning import WHOLE_CURRICULUM
from ..model.licences import licence
from ..model.structure import AUDIENCE_LABELS, LEVEL_LABELS, Curriculum, Module


def module_jsonld(curriculum: Curriculum, module: Module) -> dict[str, Any]:
    settings = curriculum.settings

    def url(target: str) -> str:
        return _url(settings.site_url, module.url, target)

    school = {"@type": "Organization", "name": settings.publisher}
    if settings.contact.get("url"):
        school["url"] = settings.contact["url"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": module.title,
        "description": module.summary,
        "courseCode": module.id,
        "url": url(module.url),
        "inLanguage": "fr",
        "learningResourceType": "Module de formation",
        "educationalLevel": LEVEL_LABELS[module.level],
        "timeRequired": module.duration_iso,
        "teaches": module.objectives,
        "audience": [
            {"@type": "EducationalAudience", "educationalRole": AUDIENCE_LABELS[audience]}
            for audience in module.audience
        ],
        "coursePrerequisites": [
            {"@type": "Course", "name": required.title, "courseCode": required.id, "url": url(required.url)}
            for required in (curriculum.modules[p] for p in module.prerequisites if p in curriculum.modules)
        ],
        "isPartOf": {
            "@type": "Course",
            "name": settings.name,
            "description": settings.description,
            "url": url(f"parcours/{WHOLE_CURRICULUM}/"),
        },
        "license": licence(module.licence).url,
        "isAccessibleForFree": True,
        "hasCourseInstance": {"@type": "CourseInstance", "courseMode": "online", "courseWorkload": module.duration_iso},
        "publisher": school,
        "provider": school,
    }
    if module.authors:
        # the writing guide keeps personal names out of the content: authors are institutions
        data["author"] = [{"@type": "Organization", "name": author} for author in module.authors]
    if module.updated:
        data["dateModified"] = module.updated
    return data


def jsonld_script(data: dict[str, Any]) -> str:
    """A ``<script>`` block on one line (a blank line would end Markdown's raw HTML
    block); ``<``, ``>`` and ``&`` are escaped so no text can close the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def _url(site_url: str | None, page: str, target: str) -> str:
    """Absolute when the edition declares its address; otherwise relative to the page,
    which JSON-LD readers resolve against the page's own address."""
    if site_url:
        return site_url.rstrip("/") + "/" + target
    return "../" * page.count("/") + target
