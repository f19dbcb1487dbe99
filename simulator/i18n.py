"""Interface text in the languages the simulator ships (pure core).

Scenario text lives in the scenario files; this is the simulator's own wording
(menus, labels, messages), looked up with ``ui(key, language)``.
"""

from __future__ import annotations

__all__ = ["ELEMENT_LABELS", "LANGUAGES", "OUTCOME_LABELS", "ui"]

LANGUAGES = ("nl", "en")

_UI: dict[str, dict[str, str]] = {
    "content_warning": {"nl": "Inhoudswaarschuwing", "en": "Content warning"},
    "audience": {"nl": "Voor", "en": "For"},
    "objectives": {"nl": "Leerdoelen", "en": "Learning objectives"},
    "narrator": {"nl": "Verteller", "en": "Narrator"},
    "you_choose": {"nl": "Wat doe je?", "en": "What do you do?"},
    "seconds_to_choose": {"nl": "Je hebt {seconds} seconden.", "en": "You have {seconds} seconds."},
    "time_up": {"nl": "De tijd is om.", "en": "Time is up."},
    "prompt": {
        "nl": "Kies een nummer (p = pauze, q = stoppen): ",
        "en": "Choose a number (p = pause, q = stop): ",
    },
    "not_a_choice": {"nl": "Kies een nummer uit de lijst.", "en": "Choose a number from the list."},
    "paused": {
        "nl": "Gepauzeerd. Enter = verder, q = stoppen: ",
        "en": "Paused. Enter = resume, q = stop: ",
    },
    "stopped": {
        "nl": "Je bent gestopt. Dat is altijd goed; je kunt later verder of het nabespreken.",
        "en": "You stopped. That is always fine; you can continue or debrief it later.",
    },
    "ending": {"nl": "Einde", "en": "Ending"},
    "feedback": {"nl": "Terugkoppeling", "en": "Feedback"},
    "your_choices": {"nl": "Jouw keuzes", "en": "Your choices"},
    "shows": {"nl": "laat zien", "en": "shows"},
    "misses": {"nl": "mist", "en": "misses"},
    "press_enter": {"nl": "Druk op Enter om te beginnen.", "en": "Press Enter to begin."},
    "language": {"nl": "Taal", "en": "Language"},
    "intensity": {"nl": "Intensiteit", "en": "Intensity"},
    "intensity_1": {"nl": "1 mild", "en": "1 mild"},
    "intensity_2": {"nl": "2 realistisch", "en": "2 realistic"},
    "intensity_3": {"nl": "3 confronterend", "en": "3 confronting"},
    "trainee_code": {"nl": "Deelnemerscode (pseudoniem)", "en": "Trainee code (pseudonym)"},
    "start": {"nl": "Beginnen", "en": "Begin"},
    "safety_note": {
        "nl": "Je kunt altijd pauzeren of stoppen: Esc of P.",
        "en": "You can pause or stop at any moment: Esc or P.",
    },
    "paused_title": {"nl": "Gepauzeerd", "en": "Paused"},
    "resume": {"nl": "Verder (Esc)", "en": "Resume (Esc)"},
    "restart_node": {"nl": "Dit moment opnieuw (R)", "en": "Restart this moment (R)"},
    "stop_scenario": {"nl": "Scenario stoppen (S)", "en": "Stop the scenario (S)"},
    "stopping_is_fine": {
        "nl": "Stoppen is altijd goed en telt nooit tegen je.",
        "en": "Stopping is always fine and never counts against you.",
    },
    "close": {"nl": "Afsluiten (Enter)", "en": "Close (Enter)"},
    "saving": {"nl": "Opslaan...", "en": "Saving..."},
    "cool_down": {
        "nl": "Haal rustig adem. Het scenario is voorbij.",
        "en": "Take a calm breath. The scenario is over.",
    },
    "seconds_left": {"nl": "{seconds} s", "en": "{seconds} s"},
    "continue_hint": {"nl": "Spatie: verder", "en": "Space: continue"},
}

OUTCOME_LABELS: dict[str, dict[str, str]] = {
    "safe_reported": {"nl": "Veilig en gemeld", "en": "Safe and reported"},
    "safe_unreported": {"nl": "Veilig, niet gemeld", "en": "Safe, not reported"},
    "unsafe": {"nl": "Onveilig", "en": "Unsafe"},
    "drawn_in": {"nl": "Meegezogen", "en": "Drawn in"},
}

ELEMENT_LABELS: dict[str, dict[str, str]] = {
    "recognise": {"nl": "signaal herkennen", "en": "recognise the signal"},
    "norm": {"nl": "norm stellen", "en": "hold the norm"},
    "safe_response": {"nl": "veilig reageren", "en": "respond safely"},
    "report": {"nl": "melden", "en": "report"},
    "organise": {"nl": "organiseren", "en": "organise against it"},
    "together": {"nl": "samenwerken", "en": "work together"},
    "aftercare": {"nl": "opvang en nazorg", "en": "aftercare"},
}


def ui(key: str, language: str, **values: object) -> str:
    """The interface text ``key`` in ``language`` (English when missing), formatted with values."""
    texts = _UI[key]
    return texts.get(language, texts["en"]).format(**values)
