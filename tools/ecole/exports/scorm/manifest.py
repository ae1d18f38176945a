"""``imsmanifest.xml`` for SCORM 1.2 and SCORM 2004 4th edition, with LOM metadata.

One :class:`Package` describes what both versions say: the organisation
(modules, grouped by part in the whole-cursus package), the resources (one SCO
per module, and the files every SCO shares, listed once as an asset they all
depend on) and the metadata. Each version then writes it in its own vocabulary:
IMS CP 1.1.2 + ADL CP 1.2 + IMS MD 1.2.1 for SCORM 1.2, IMS CP 1.1 + ADL CP/SEQ
1.3 + IMS SS + IEEE LOM for SCORM 2004. The mastery score is declared here and
only here: ``adlcp:masteryscore`` for 1.2, the primary objective's
``imsss:minNormalizedMeasure`` for 2004; the runtime reads it back from the LMS.
Every item, module or part, says ``isvisible="true"``: that is IMS CP's default,
but some players list in their table of contents only the items that say so.
"""

from __future__ import annotations

from lxml import etree

from ...assembly.typography import french
from ...model.durations import iso8601
from ...model.licences import Licence
from .package import SHARED_RESOURCE, Activity, Package
from .sco import LICENCES, SHARED

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# SCORM 1.2
CP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
# SCORM 2004 4th edition
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
LOM = "http://ltsc.ieee.org/xsd/LOM"

#: Namespace -> schema file, as the ADL templates name them (the LMS has its own copies).
SCHEMAS_12 = {CP12: "imscp_rootv1p1p2.xsd", IMSMD: "imsmd_rootv1p2p1.xsd", ADLCP12: "adlcp_rootv1p2.xsd"}
SCHEMAS_2004 = {
    CP: "imscp_v1p1.xsd",
    ADLCP: "adlcp_v1p3.xsd",
    ADLSEQ: "adlseq_v1p3.xsd",
    ADLNAV: "adlnav_v1p3.xsd",
    IMSSS: "imsss_v1p0.xsd",
    LOM: "lom.xsd",
}


def _q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def _locations(schemas: dict[str, str]) -> str:
    return " ".join(f"{namespace} {file}" for namespace, file in schemas.items())


def _sub(
    parent: etree._Element, tag: str, text: str | None = None, attrs: dict[str, str] | None = None, **plain: str
) -> etree._Element:
    """A child element; ``attrs`` holds the namespaced attributes, ``plain`` the others."""
    element = etree.SubElement(parent, tag, {**(attrs or {}), **plain})
    if text is not None:
        element.text = text
    return element


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _mastery_text(mastery: float) -> str:
    return f"{mastery:.4f}".rstrip("0").rstrip(".")


def _vcard(name: str) -> str:
    """An author as a vCard 3.0, which requires N (RFC 2426): empty, since an author may be
    an organisation as well as a person, whose formatted name FN gives it whole."""
    escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return f"BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:{escaped}\nEND:VCARD"


def _rights_text(licence: Licence) -> str:
    # the package's scripts and styles are the project's code, under its own licence
    return french(
        f"Textes : {licence.name} ({licence.url}). Scripts et feuilles de style (dossier {SHARED}) : licence MIT, "
        f"dont le texte est dans {SHARED}/{LICENCES}."
    )


# --- SCORM 1.2 -------------------------------------------------------------------


def manifest_12(package: Package) -> bytes:
    root = etree.Element(
        _q(CP12, "manifest"),
        {
            "identifier": package.identifier,
            "version": package.date,
            _q(XSI, "schemaLocation"): _locations(SCHEMAS_12),
        },
        nsmap={None: CP12, "adlcp": ADLCP12, "imsmd": IMSMD, "xsi": XSI},
    )
    metadata = _sub(root, _q(CP12, "metadata"))
    _sub(metadata, _q(CP12, "schema"), "ADL SCORM")
    _sub(metadata, _q(CP12, "schemaversion"), "1.2")
    _lom_12(metadata, package)

    organizations = _sub(root, _q(CP12, "organizations"), default="organisation")
    organization = _sub(organizations, _q(CP12, "organization"), identifier="organisation")
    _sub(organization, _q(CP12, "title"), package.title)
    for part in package.parts:
        parent = organization
        if part.id is not None:
            parent = _sub(organization, _q(CP12, "item"), identifier=f"partie-{part.id}", isvisible="true")
            _sub(parent, _q(CP12, "title"), part.title)
        for activity in part.activities:
            item = _sub(
                parent, _q(CP12, "item"), identifier=activity.item, identifierref=activity.resource, isvisible="true"
            )
            _sub(item, _q(CP12, "title"), activity.title)
            if activity.mastery is not None:
                _sub(item, _q(ADLCP12, "masteryscore"), str(round(activity.mastery * 100)))

    resources = _sub(root, _q(CP12, "resources"))
    scormtype = _q(ADLCP12, "scormtype")
    for activity in package.activities:
        resource = _sub(
            resources,
            _q(CP12, "resource"),
            attrs={scormtype: "sco"},
            identifier=activity.resource,
            type="webcontent",
            href=activity.href,
        )
        for path in activity.files:
            _sub(resource, _q(CP12, "file"), href=path)
        _sub(resource, _q(CP12, "dependency"), identifierref=SHARED_RESOURCE)
    shared = _sub(
        resources, _q(CP12, "resource"), attrs={scormtype: "asset"}, identifier=SHARED_RESOURCE, type="webcontent"
    )
    for path in package.shared:
        _sub(shared, _q(CP12, "file"), href=path)
    return _serialize(root)


def _lom_12(parent: etree._Element, package: Package) -> None:
    """IMS Meta-data 1.2.1, the LOM binding SCORM 1.2 names."""

    def md(element: etree._Element, tag: str, text: str | None = None) -> etree._Element:
        return _sub(element, f"{{{IMSMD}}}{tag}", text)

    def langstring(element: etree._Element, tag: str, text: str, lang: str = "fr") -> etree._Element:
        holder = md(element, tag)
        md(holder, "langstring", text).set(XML_LANG, lang)
        return holder

    def vocabulary(element: etree._Element, tag: str, value: str) -> None:
        holder = md(element, tag)
        langstring(holder, "source", "LOMv1.0", "x-none")
        langstring(holder, "value", value, "x-none")

    lom = md(parent, "lom")
    general = md(lom, "general")
    langstring(general, "title", package.title)
    md(general, "language", "fr")
    langstring(general, "description", package.description)
    for keyword in package.keywords:
        langstring(general, "keyword", keyword)

    lifecycle = md(lom, "lifecycle")
    langstring(lifecycle, "version", package.date)
    vocabulary(lifecycle, "status", "Final")
    for author in package.authors:
        contribute = md(lifecycle, "contribute")
        vocabulary(contribute, "role", "Author")
        md(md(contribute, "centity"), "vcard", _vcard(author))
        md(md(contribute, "date"), "datetime", package.date)

    metametadata = md(lom, "metametadata")
    md(metametadata, "metadatascheme", "ADL SCORM 1.2")
    md(metametadata, "language", "fr")

    technical = md(lom, "technical")
    md(technical, "format", "text/html")

    educational = md(lom, "educational")
    vocabulary(educational, "intendedenduserrole", "Learner")
    vocabulary(educational, "context", "Continuous Formation")
    md(md(educational, "typicallearningtime"), "datetime", iso8601(package.minutes))
    md(educational, "language", "fr")

    rights = md(lom, "rights")
    vocabulary(rights, "cost", "no")
    vocabulary(rights, "copyrightandotherrestrictions", "yes")
    langstring(rights, "description", _rights_text(package.licence))


# --- SCORM 2004 4th edition ---------------------------------------------------------


def manifest_2004(package: Package) -> bytes:
    root = etree.Element(
        _q(CP, "manifest"),
        {
            "identifier": package.identifier,
            "version": package.date,
            _q(XSI, "schemaLocation"): _locations(SCHEMAS_2004),
        },
        nsmap={None: CP, "adlcp": ADLCP, "adlseq": ADLSEQ, "adlnav": ADLNAV, "imsss": IMSSS, "lom": LOM, "xsi": XSI},
    )
    metadata = _sub(root, _q(CP, "metadata"))
    _sub(metadata, _q(CP, "schema"), "ADL SCORM")
    _sub(metadata, _q(CP, "schemaversion"), "2004 4th Edition")
    _lom_2004(metadata, package)

    organizations = _sub(root, _q(CP, "organizations"), default="organisation")
    # the objectives of this course are its own: no LMS-wide objective shares their ids
    organization = _sub(
        organizations,
        _q(CP, "organization"),
        attrs={_q(ADLSEQ, "objectivesGlobalToSystem"): "false"},
        identifier="organisation",
    )
    _sub(organization, _q(CP, "title"), package.title)
    for part in package.parts:
        parent = organization
        if part.id is not None:
            parent = _sub(organization, _q(CP, "item"), identifier=f"partie-{part.id}", isvisible="true")
            _sub(parent, _q(CP, "title"), part.title)
        for activity in part.activities:
            _item_2004(parent, activity)
        if part.id is not None:
            _free_navigation(parent)
    _free_navigation(organization)

    resources = _sub(root, _q(CP, "resources"))
    for activity in package.activities:
        resource = _sub(
            resources,
            _q(CP, "resource"),
            attrs={_q(ADLCP, "scormType"): "sco"},
            identifier=activity.resource,
            type="webcontent",
            href=activity.href,
        )
        for path in activity.files:
            _sub(resource, _q(CP, "file"), href=path)
        _sub(resource, _q(CP, "dependency"), identifierref=SHARED_RESOURCE)
    shared = _sub(
        resources,
        _q(CP, "resource"),
        attrs={_q(ADLCP, "scormType"): "asset"},
        identifier=SHARED_RESOURCE,
        type="webcontent",
    )
    for path in package.shared:
        _sub(shared, _q(CP, "file"), href=path)
    return _serialize(root)


def _item_2004(parent: etree._Element, activity: Activity) -> None:
    item = _sub(parent, f"{{{CP}}}item", identifier=activity.item, identifierref=activity.resource, isvisible="true")
    _sub(item, f"{{{CP}}}title", activity.title)
    # completed when the SCO's progress measure reaches 1: every section seen, or the quiz checked
    _sub(
        item,
        f"{{{ADLCP}}}completionThreshold",
        completedByMeasure="true",
        minProgressMeasure="1.0",
    )
    sequencing = _sub(item, f"{{{IMSSS}}}sequencing")
    if activity.mastery is not None:
        objectives = _sub(sequencing, f"{{{IMSSS}}}objectives")
        primary = _sub(
            objectives,
            f"{{{IMSSS}}}primaryObjective",
            objectiveID=f"maitrise-{activity.id}",
            satisfiedByMeasure="true",
        )
        _sub(primary, f"{{{IMSSS}}}minNormalizedMeasure", _mastery_text(activity.mastery))
    _sub(sequencing, f"{{{IMSSS}}}deliveryControls", completionSetByContent="true", objectiveSetByContent="true")


def _free_navigation(parent: etree._Element) -> None:
    """Learners choose any module, or go on to the next one: modules stand alone."""
    sequencing = _sub(parent, f"{{{IMSSS}}}sequencing")
    _sub(sequencing, f"{{{IMSSS}}}controlMode", choice="true", flow="true")


def _lom_2004(parent: etree._Element, package: Package) -> None:
    """IEEE LOM (1484.12.3 XML binding), as SCORM 2004 metadata."""

    def lom(element: etree._Element, tag: str, text: str | None = None) -> etree._Element:
        return _sub(element, f"{{{LOM}}}{tag}", text)

    def langstring(element: etree._Element, tag: str, text: str) -> etree._Element:
        holder = lom(element, tag)
        lom(holder, "string", text).set("language", "fr")
        return holder

    def vocabulary(element: etree._Element, tag: str, value: str) -> None:
        holder = lom(element, tag)
        lom(holder, "source", "LOMv1.0")
        lom(holder, "value", value)

    root = lom(parent, "lom")
    general = lom(root, "general")
    langstring(general, "title", package.title)
    lom(general, "language", "fr")
    langstring(general, "description", package.description)
    for keyword in package.keywords:
        langstring(general, "keyword", keyword)

    lifecycle = lom(root, "lifeCycle")
    langstring(lifecycle, "version", package.date)
    vocabulary(lifecycle, "status", "final")
    for author in package.authors:
        contribute = lom(lifecycle, "contribute")
        vocabulary(contribute, "role", "author")
        lom(contribute, "entity", _vcard(author))
        lom(lom(contribute, "date"), "dateTime", package.date)

    metametadata = lom(root, "metaMetadata")
    lom(metametadata, "metadataSchema", "LOMv1.0")
    lom(metametadata, "metadataSchema", "ADLv1.0")
    lom(metametadata, "language", "fr")

    technical = lom(root, "technical")
    lom(technical, "format", "text/html")

    educational = lom(root, "educational")
    vocabulary(educational, "intendedEndUserRole", "learner")
    vocabulary(educational, "context", "training")
    lom(lom(educational, "typicalLearningTime"), "duration", iso8601(package.minutes))
    lom(educational, "language", "fr")

    rights = lom(root, "rights")
    vocabulary(rights, "cost", "no")
    vocabulary(rights, "copyrightAndOtherRestrictions", "yes")
    langstring(rights, "description", _rights_text(package.licence))
