import pytest

from ecole.model.durations import DurationError, format_minutes, iso8601, parse_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45min", 45), ("1h", 60), ("1h30", 90), ("2h", 120), ("10h05", 605)],
)
def test_parse_hours(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


def test_days_only_for_methods() -> None:
    assert parse_duration("2j", days_allowed=True) == 2 * 7 * 60
    with pytest.raises(
        DurationError,
        match="les jours ne sont admis que pour les fiches méthode ; écrivez la durée en heures, par exemple 14h",
    ):
        parse_duration("2j")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1h75", "« 1h75 » : 75 minutes, c'est plus d'une heure ; écrivez 2h15"),
        ("1h 30", "« 1h 30 » n'est pas une durée lisible ; écrivez par exemple 45min, 1h, 1h30"),
        ("0min", "« 0min » : une durée doit être supérieure à zéro"),
        ("une heure", "« une heure » n'est pas une durée lisible"),
    ],
)
def test_bad_durations(text: str, message: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(45, "45 min"), (5, "5 min"), (60, "1 h"), (90, "1 h 30"), (605, "10 h 05"), (2400, "40 h"), (2430, "40 h 30")],
)
def test_format_minutes_is_french_typography(minutes: int, text: str) -> None:
    # no-break spaces: a line never breaks between a number and its unit
    assert format_minutes(minutes) == text.replace(" ", "\xa0")


def test_format_minutes_reads_back_and_is_left_alone_by_typography() -> None:
    from ecole.assembly.typography import french

    for minutes in (5, 45, 60, 90, 605, 2400):
        shown = format_minutes(minutes)
        assert french(shown) == shown
        assert parse_duration(shown.replace("\xa0", "")) == minutes
        assert ":" not in shown


def test_iso8601() -> None:
    assert iso8601(90) == "PT1H30M"
    assert iso8601(120) == "PT2H"
    assert iso8601(45) == "PT45M"
