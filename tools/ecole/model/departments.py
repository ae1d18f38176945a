"""The French départements by code (INSEE's official geographic code), so that a case study's
``department: {name, code}`` names one département twice the same way: the code places the
case on the France map, the name is what the page says, and a template's sample code left
under a new name (« Ardèche », « 23 ») would put the case in the Creuse without a word."""

from __future__ import annotations

import re
import unicodedata

DEPARTMENTS: dict[str, str] = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence", "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes", "09": "Ariège", "10": "Aube", "11": "Aude",
    "12": "Aveyron", "13": "Bouches-du-Rhône", "14": "Calvados", "15": "Cantal", "16": "Charente",
    "17": "Charente-Maritime", "18": "Cher", "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse",
    "21": "Côte-d'Or", "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne", "25": "Doubs", "26": "Drôme",
    "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard", "31": "Haute-Garonne", "32": "Gers",
    "33": "Gironde", "34": "Hérault", "35": "Ille-et-Vilaine", "36": "Indre", "37": "Indre-et-Loire",
    "38": "Isère", "39": "Jura", "40": "Landes", "41": "Loir-et-Cher", "42": "Loire", "43": "Haute-Loire",
    "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot", "47": "Lot-et-Garonne", "48": "Lozère",
    "49": "Maine-et-Loire", "50": "Manche", "51": "Marne", "52": "Haute-Marne", "53": "Mayenne",
    "54": "Meurthe-et-Moselle", "55": "Meuse", "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord",
    "60": "Oise", "61": "Orne", "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin", "69": "Rhône",
    "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe", "73": "Savoie", "74": "Haute-Savoie",
    "75": "Paris", "76": "Seine-Maritime", "77": "Seine-et-Marne", "78": "Yvelines", "79": "Deux-Sèvres",
    "80": "Somme", "81": "Tarn", "82": "Tarn-et-Garonne", "83": "Var", "84": "Vaucluse", "85": "Vendée",
    "86": "Vienne", "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne", "90": "Territoire de Belfort",
    "91": "Essonne", "92": "Hauts-de-Seine", "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise",
    "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte",
}  # fmt: skip

#: An article before the name (« la Creuse », « l'Ardèche »): the name is the same.
_ARTICLE = re.compile(r"^(?:la|le|les|l['’])\s*", re.IGNORECASE)


def _key(name: str) -> str:
    """``name`` as compared: no article, accents, case, hyphens, apostrophes or spaces."""
    plain = unicodedata.normalize("NFKD", _ARTICLE.sub("", name.strip())).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


_BY_NAME = {_key(name): code for code, name in DEPARTMENTS.items()}


def mismatch(name: str, code: str) -> str | None:
    """What is wrong with a département given as ``name`` and ``code``, or None when they agree."""
    code = code.upper()
    expected = DEPARTMENTS.get(code)
    if expected is None:
        return f"« {code} » n'est le code d'aucun département (01 à 19, 21 à 95, 2A, 2B, 971 à 974, 976)"
    if _key(name) == _key(expected):
        return None
    other = _BY_NAME.get(_key(name))
    if other is not None:
        return (
            f"le code {code} désigne le département « {expected} » ; « {name} » a le code {other} : "
            "corrigez le nom ou le code"
        )
    return f"le code {code} désigne le département « {expected} », et non « {name} » : corrigez le nom ou le code"
