"""The site's colours, derived from an edition's two colours with guaranteed contrast.

An edition picks a primary and an accent colour (``palette`` in its settings).
Whatever it picks, the site must stay readable (WCAG 2.1 AA: 4.5:1 for text):
white text on the primary colour, links in the primary colour on white and on
the light tints of the content blocks. A colour too light for that is darkened,
keeping its hue, rather than refused: the edition's identity survives and the
text stays readable.
"""

from __future__ import annotations

#: WCAG 2.1 AA minimum contrast ratio for body text.
TEXT_CONTRAST = 4.5
WHITE = "#ffffff"
BLACK = "#000000"

RGB = tuple[float, float, float]


def parse(colour: str) -> RGB:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """Relative luminance as defined by WCAG 2.1."""

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in parse(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0–1) of the way towards ``other``."""
    return to_hex(tuple(a + (b - a) * amount for a, b in zip(parse(colour), parse(other), strict=True)))


def readable_on(colour: str, backgrounds: list[str], ratio: float = TEXT_CONTRAST) -> str:
    """``colour``, darkened just enough to reach ``ratio`` against every background."""
    candidate = colour
    step = 0
    while any(contrast(candidate, bg) < ratio for bg in backgrounds) and step < 100:
        step += 1
        candidate = mix(colour, BLACK, step / 100)
    return candidate


def css_properties(primary: str, accent: str) -> dict[str, str]:
    """CSS custom properties for Material (``--md-…``) and the site's own blocks (``--ecole-…``)."""
    # light backgrounds (header blocks, tables, "À retenir") from the colours as chosen
    tint = mix(primary, WHITE, 0.92)
    light_tint = mix(primary, WHITE, 0.96)
    accent_tint = mix(accent, WHITE, 0.9)
    # links are in the primary colour on all of them
    primary = readable_on(primary, [WHITE, tint, light_tint, accent_tint])
    accent = readable_on(accent, [WHITE])
    dark = mix(primary, BLACK, 0.3)
    return {
        "--md-primary-fg-color": primary,
        "--md-primary-fg-color--light": mix(primary, WHITE, 0.25),
        "--md-primary-fg-color--dark": dark,
        "--md-primary-bg-color": WHITE,
        "--md-primary-bg-color--light": "#ffffffe6",
        "--md-accent-fg-color": accent,
        "--md-accent-fg-color--transparent": accent + "1a",
        "--md-accent-bg-color": WHITE,
        "--md-accent-bg-color--light": "#ffffffe6",
        "--md-typeset-a-color": primary,
        "--ecole-primaire": primary,
        "--ecole-primaire-fonce": dark,
        "--ecole-teinte": tint,
        "--ecole-teinte-legere": light_tint,
        "--ecole-accent": accent,
        "--ecole-accent-teinte": accent_tint,
    }


def darkened(primary: str, accent: str) -> list[tuple[str, str, str]]:
    """(setting, colour chosen, colour used) for each colour the site darkens to stay readable,
    so that ``ecole check`` can tell the trainer which colour their pages will show."""
    used = css_properties(primary, accent)
    chosen = {
        "palette.primary": (primary, used["--ecole-primaire"]),
        "palette.accent": (accent, used["--ecole-accent"]),
    }
    return [(name, given, final) for name, (given, final) in chosen.items() if final.lower() != given.lower()]
