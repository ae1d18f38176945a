"""Edition settings -> MkDocs configuration (site name, palette, logo, footer)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from ..assembly.palette import css_properties
from ..model.addresses import logo_path
from ..model.structure import Curriculum


def apply_settings(config: MkDocsConfig, curriculum: Curriculum) -> None:
    settings = curriculum.settings
    config.site_name = settings.name
    config.site_description = settings.description
    if settings.site_url:
        config.site_url = settings.site_url
    logo = logo_path(curriculum)
    if logo is not None:
        config.theme["logo"] = logo
        config.theme["favicon"] = logo
    config.extra["ecole"] = {
        "primary": settings.primary,
        "accent": settings.accent,
        "palette": css_properties(settings.primary, settings.accent),
        "organisation": settings.organisation,
        "of_organisation": settings.of_organisation,
        "organisation_url": settings.organisation_url,
        "contact": settings.contact,
        "edition": settings.edition,
        "trainer": curriculum.trainer,
        "licence": settings.licence,
        # the footer's accessibility status, computed from the audit grid like the statement's
        "audit": settings.variables()["audit"],
        # hand-written page -> its address, for links in templates: a template that
        # looked them up in nav.pages went through every page for every page
        "pages": {page.path: page.url for page in curriculum.pages.values()},
    }
