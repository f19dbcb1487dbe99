"""Interface text in the languages the simulator ships (pure core).

Scenario text lives in the scenario files; this is the simulator's own wording
(menus, labels, messages), looked up with ``ui(key, language)``.
"""

from __future__ import annotations

from simulator.errors import SimulatorError

__all__ = ["ELEMENT_LABELS", "LANGUAGES", "OUTCOME_LABELS", "MissingText", "ui"]

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
    "trainee_code_invalid": {
        "nl": "Deze code klopt niet; controleer hem of laat het veld leeg voor een nieuwe.",
        "en": "This code is not right; check it, or leave the field empty for a new one.",
    },
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
    "after_the_scenario": {"nl": "Na het scenario", "en": "After the scenario"},
    "seconds_left": {"nl": "{seconds} s", "en": "{seconds} s"},
    "continue_hint": {"nl": "Spatie: verder", "en": "Space: continue"},
    # Debrief reports (simulator debrief).
    "debrief_title": {"nl": "Nabespreking", "en": "Debrief"},
    "debrief_footer": {
        "nl": "Nabespreking uit de simulator. Deelnemers staan er alleen met hun code in.",
        "en": "Debrief from the simulator. Trainees appear by their code only.",
    },
    "debrief_session": {"nl": "Sessie", "en": "Session"},
    "debrief_trainee": {"nl": "deelnemer", "en": "trainee"},
    "debrief_mode": {"nl": "weergave", "en": "display"},
    "debrief_status_ended": {"nl": "afgerond", "en": "finished"},
    "debrief_status_stopped": {"nl": "gestopt", "en": "stopped"},
    "debrief_status_interrupted": {"nl": "onderbroken", "en": "interrupted"},
    "debrief_status_running": {"nl": "loopt nog", "en": "still running"},
    "debrief_no_scenario": {
        "nl": "Het scenariobestand is niet gevonden; de pagina toont ids in plaats van teksten.",
        "en": "The scenario file was not found; the page shows ids instead of texts.",
    },
    "debrief_scenario_changed": {
        "nl": "Het scenariobestand is veranderd sinds deze sessie is gespeeld; teksten en "
        "terugkoppeling zijn die van de huidige versie.",
        "en": "The scenario file changed since this session was played; texts and feedback "
        "are those of the current version.",
    },
    "debrief_what": {"nl": "Wat gebeurde er?", "en": "What happened?"},
    "debrief_why": {"nl": "Waarom? De keuzes", "en": "Why? The choices"},
    "debrief_take_away": {"nl": "Wat neem je mee?", "en": "What to take away"},
    "debrief_looked": {
        "nl": "Waar keek de deelnemer naar?",
        "en": "What did the trainee look at?",
    },
    "debrief_stopped_at": {
        "nl": "De sessie is gestopt bij {node}. Stoppen is altijd goed; bespreek wat er tot dan "
        "gebeurde.",
        "en": "The session was stopped at {node}. Stopping is always fine; debrief what happened "
        "until then.",
    },
    "debrief_interrupted_at": {
        "nl": "De sessie is onderbroken bij {node} en kan worden hervat.",
        "en": "The session was interrupted at {node} and can be resumed.",
    },
    "debrief_path": {"nl": "De gekozen route", "en": "The path taken"},
    "debrief_path_hint": {
        "nl": "Blauw: de momenten en keuzes van deze sessie (met stapnummers); grijs: de rest.",
        "en": "Blue: this session's moments and choices (with step numbers); grey: the rest.",
    },
    "debrief_timeline": {"nl": "Tijdlijn", "en": "Timeline"},
    "debrief_time": {"nl": "Tijd", "en": "Time"},
    "debrief_node": {"nl": "Moment", "en": "Moment"},
    "debrief_event": {"nl": "Wat er gebeurde", "en": "What happened"},
    "debrief_step_started": {
        "nl": "Sessie begonnen (intensiteit {intensity})",
        "en": "Session started (intensity {intensity})",
    },
    "debrief_step_started_seeded": {
        "nl": "Sessie begonnen (intensiteit {intensity}; volgorde van de keuzes: seed {seed})",
        "en": "Session started (intensity {intensity}; order of the choices: seed {seed})",
    },
    "debrief_timers_off": {"nl": "zonder tijdslimieten", "en": "without time limits"},
    "debrief_step_entered": {"nl": "Nieuw moment", "en": "New moment"},
    "debrief_step_timed": {
        "nl": "Keuzes getoond, {seconds} s om te kiezen",
        "en": "Choices shown, {seconds} s to choose",
    },
    "debrief_step_chose": {
        "nl": "Koos: {choice} — na {reaction} ({by}, {via})",
        "en": "Chose: {choice} — after {reaction} ({by}, {via})",
    },
    "debrief_step_timeout": {
        "nl": "Tijd voorbij; vanzelf gekozen: {choice}",
        "en": "Time ran out; applied: {choice}",
    },
    "debrief_step_paused": {"nl": "Gepauzeerd", "en": "Paused"},
    "debrief_step_resumed": {"nl": "Verder na {paused} pauze", "en": "Resumed after {paused}"},
    "debrief_step_jumped": {
        "nl": "Trainer sprong naar {target}",
        "en": "Trainer jumped to {target}",
    },
    "debrief_step_stopped": {"nl": "Gestopt door {by}", "en": "Stopped by {by}"},
    "debrief_step_other": {"nl": "Ander voorval: {kind}", "en": "Other event: {kind}"},
    "debrief_by_trainee": {"nl": "deelnemer", "en": "trainee"},
    "debrief_by_trainer": {"nl": "trainer", "en": "trainer"},
    "debrief_by_group": {"nl": "groepsstemming", "en": "group vote"},
    "debrief_by_timeout": {"nl": "tijd voorbij", "en": "time ran out"},
    "debrief_by_autoplay": {"nl": "automatisch", "en": "automatic"},
    "debrief_no_choices": {
        "nl": "Er is in deze sessie geen keuze gemaakt.",
        "en": "No choice was made in this session.",
    },
    "debrief_reaction": {"nl": "reactietijd {reaction}", "en": "reaction time {reaction}"},
    "debrief_recommended": {"nl": "aanbevolen", "en": "recommended"},
    "guide_title": {
        "nl": "Handleiding",
        "en": "Facilitator's guide",
    },
    "guide_role": {
        "nl": "Rol",
        "en": "Role",
    },
    "guide_setting": {
        "nl": "Locatie",
        "en": "Setting",
    },
    "guide_duration": {
        "nl": "ongeveer {shortest}–{longest} minuten voor één speler",
        "en": "about {shortest}–{longest} minutes for one player",
    },
    "guide_about": {
        "nl": "Waar het scenario over gaat",
        "en": "What the scenario is about",
    },
    "guide_audience": {
        "nl": "Voor",
        "en": "For",
    },
    "guide_objectives": {
        "nl": "Leerdoelen",
        "en": "Learning objectives",
    },
    "guide_safety": {
        "nl": "Veiligheid",
        "en": "Safety",
    },
    "guide_safety_agreements": {
        "nl": "Spreek vooraf af: iedereen mag op elk moment om een pauze vragen of stoppen, "
        "niemand hoeft iets persoonlijks te vertellen, en wat in de groep gezegd wordt, "
        "blijft in de groep. De keuzes worden onder een code vastgelegd, nooit onder een "
        "naam.",
        "en": "Agree beforehand: anyone may ask for a pause or stop at any moment, no one has "
        "to share anything personal, and what is said in the group stays in the group. "
        "Choices are recorded under a code, never under a name.",
    },
    "guide_plan": {
        "nl": "Sessieplan",
        "en": "Session plan",
    },
    "guide_part": {
        "nl": "Onderdeel",
        "en": "Part",
    },
    "guide_minutes": {
        "nl": "Minuten",
        "en": "Minutes",
    },
    "guide_total": {
        "nl": "Totaal",
        "en": "Total",
    },
    "guide_plan_welcome": {
        "nl": "Welkom: het doel van de oefening, de inhoudswaarschuwing en de afspraken hierboven",
        "en": "Welcome: the aim of the exercise, the content warning and the agreements above",
    },
    "guide_plan_play": {
        "nl": "Het scenario op de projector; de groep stemt bij elke beslissing (ongeveer "
        "{decisions} beslissingen)",
        "en": "The scenario on the projector; the group votes at each decision (about "
        "{decisions} decisions)",
    },
    "guide_plan_debrief": {
        "nl": "Nabespreken aan de hand van het verslag van de sessie: wat viel op, wat zou je "
        "zelf doen, waar meld je het?",
        "en": "Debrief with the session's report: what stood out, what would you do yourself, "
        "where do you report it?",
    },
    "guide_plan_cool_down": {
        "nl": "Afsluiten: lees de tekst ‘Na het scenario’ voor en zeg bij wie iedereen terechtkan",
        "en": "Close: read out the 'After the scenario' text and say whom people can turn to",
    },
    "guide_plan_hint": {
        "nl": "Voor een groep van hooguit twaalf. Vraag bij elke beslissing eerst wat men ziet "
        "en voelt, dan pas wat men doet; met ‘timer off’ in de console neem je de tijd "
        "voor het gesprek.",
        "en": "For a group of up to twelve. At each decision ask first what people see and "
        "feel, only then what they would do; 'timer off' at the console gives you time "
        "for the conversation.",
    },
    "guide_decisions": {
        "nl": "De beslissingen",
        "en": "The decisions",
    },
    "guide_when": {"nl": "alleen als", "en": "only if"},
    "guide_timed": {
        "nl": "met tijdslimiet",
        "en": "timed",
    },
    "guide_option": {
        "nl": "Keuze",
        "en": "Option",
    },
    "guide_teaches": {
        "nl": "Wat de terugkoppeling leert",
        "en": "What the feedback teaches",
    },
    "guide_discuss": {
        "nl": "Vragen voor de groep",
        "en": "Questions for the group",
    },
    "guide_endings": {
        "nl": "De eindes",
        "en": "The endings",
    },
    "guide_where_to_report": {
        "nl": "Waar meld je het in het echt",
        "en": "Where to report it in real life",
    },
    "guide_channel_manager": {
        "nl": "Je leidinggevende: meld het dezelfde dag, ook als er niets strafbaars gebeurde.",
        "en": "Your manager: report it the same day, even when nothing criminal happened.",
    },
    "guide_channel_integrity": {
        "nl": "De integriteitscoördinator of de vertrouwenspersoon integriteit van je "
        "organisatie: voor advies, een melding en opvang.",
        "en": "Your organisation's integrity coordinator or confidential integrity adviser "
        "(vertrouwenspersoon integriteit): for advice, a report and support.",
    },
    "guide_channel_mayor": {
        "nl": "De burgemeester: gaat over de openbare orde en wordt ingelicht over intimidatie "
        "van ambtenaren en bestuurders.",
        "en": "The mayor (burgemeester): responsible for public order, and informed of "
        "intimidation of civil servants and office holders.",
    },
    "guide_channel_police": {
        "nl": "De politie: 112 bij direct gevaar, anders 0900-8844. Doe aangifte, ook van "
        "bedreiging (art. 285 Sr).",
        "en": "The police: 112 in immediate danger, otherwise 0900-8844. File a police report "
        "(aangifte), threats included (art. 285 Sr).",
    },
    "guide_channel_anonymous": {
        "nl": "Meld Misdaad Anoniem: 0800-7000, om informatie over misdaad door te geven zonder "
        "dat je naam bekend wordt.",
        "en": "Meld Misdaad Anoniem (Crime Stoppers): 0800-7000, to pass on information about "
        "crime without giving your name.",
    },
    "guide_channel_riec": {
        "nl": "Het RIEC (Regionaal Informatie- en Expertisecentrum): helpt gemeenten signalen "
        "van ondermijning te duiden en aan te pakken, via de contactpersoon van je "
        "gemeente.",
        "en": "The RIEC (Regional Information and Expertise Centre): helps municipalities "
        "assess and tackle signals of subversive crime, through your municipality's "
        "contact person.",
    },
    "guide_channel_support": {
        "nl": "Het Ondersteuningsteam Weerbaar Bestuur: steunt burgemeesters, wethouders, "
        "raadsleden en andere ambtsdragers die bedreigd of geïntimideerd worden.",
        "en": "The Ondersteuningsteam Weerbaar Bestuur: supports mayors, aldermen, council "
        "members and other office holders who are threatened or intimidated.",
    },
    "guide_footer": {
        "nl": "Handleiding uit de simulator, gemaakt uit het scenario zelf.",
        "en": "Guide from the simulator, made from the scenario itself.",
    },
    "debrief_position": {
        "nl": "optie {position} van {shown}",
        "en": "option {position} of {shown}",
    },
    "debrief_position_only": {"nl": "optie {position}", "en": "option {position}"},
    "debrief_timed_out_note": {
        "nl": "De tijd liep af voordat er gekozen was; bespreek wat er op dat moment door je "
        "heen ging.",
        "en": "Time ran out before a choice was made; talk about what went through your mind.",
    },
    "debrief_better": {"nl": "Aanbevolen op dit moment", "en": "Recommended at this moment"},
    "debrief_elements": {
        "nl": "De elementen van een goede reactie",
        "en": "The elements of a good response",
    },
    "debrief_elements_hint": {
        "nl": "Hoe vaak de keuzes en het einde van deze sessie elk element lieten zien of misten.",
        "en": "How often this session's choices and ending showed or missed each element.",
    },
    "debrief_element": {"nl": "Element", "en": "Element"},
    "debrief_element_shown": {"nl": "laten zien", "en": "shown"},
    "debrief_element_mixed": {"nl": "soms laten zien, soms gemist", "en": "shown and missed"},
    "debrief_element_missed": {"nl": "gemist: bespreek dit", "en": "missed: talk about it"},
    "debrief_element_none": {"nl": "niet aan bod gekomen", "en": "did not come up"},
    "debrief_deviations": {
        "nl": "Waar de aanbevolen keuze anders was",
        "en": "Where the recommended choice differed",
    },
    "debrief_no_deviations": {
        "nl": "Elke keuze was de aanbevolen keuze.",
        "en": "Every choice was the recommended one.",
    },
    "debrief_you_chose": {"nl": "gekozen", "en": "chosen"},
    "debrief_no_cues": {
        "nl": "Deze sessie kwam niet langs momenten met iets om op te letten.",
        "en": "This session did not pass moments with something to notice.",
    },
    "debrief_no_gaze": {
        "nl": "Van deze sessie is niet vastgelegd waar de deelnemer keek (tekstmodus of geen "
        "kijkrichting gemeten).",
        "en": "Where the trainee looked was not recorded in this session (text mode, or no "
        "head direction measured).",
    },
    "debrief_cue": {"nl": "Om op te letten", "en": "To notice"},
    "debrief_cue_why": {"nl": "Waarom het ertoe doet", "en": "Why it matters"},
    "debrief_cue_seen": {"nl": "Gezien?", "en": "Noticed?"},
    "debrief_gaze_unknown": {"nl": "niet gemeten", "en": "not measured"},
    "debrief_gaze_noticed": {
        "nl": "gezien: {looked} van {total} metingen erop gericht",
        "en": "noticed: looked at it in {looked} of {total} samples",
    },
    "debrief_gaze_in_view": {
        "nl": "in beeld ({seen} van {total} metingen), maar niet naar gekeken",
        "en": "in view ({seen} of {total} samples), but not looked at",
    },
    "debrief_gaze_missed": {
        "nl": "gemist: niet in beeld in {total} metingen",
        "en": "missed: not in view in {total} samples",
    },
    "debrief_group_title": {"nl": "Groepsnabespreking", "en": "Group debrief"},
    "debrief_group_meta": {"nl": "{sessions} sessies", "en": "{sessions} sessions"},
    "debrief_group_privacy": {
        "nl": "Aantallen die minder dan 3 deelnemers aanwijzen staan er als “< 3”.",
        "en": "Counts that identify fewer than 3 trainees read “< 3”.",
    },
    "debrief_group_empty": {"nl": "Geen sessies gevonden.", "en": "No sessions found."},
    "debrief_group_sessions": {"nl": "Sessies", "en": "Sessions"},
    "debrief_group_trainees": {"nl": "deelnemers", "en": "trainees"},
    "debrief_group_decisions": {"nl": "Keuzemomenten", "en": "Decision points"},
    "debrief_group_reached": {"nl": "bereikt in", "en": "reached in"},
    "debrief_group_choice": {"nl": "Keuze (★ aanbevolen)", "en": "Choice (★ recommended)"},
    "debrief_group_count": {"nl": "Aantal", "en": "Count"},
    "debrief_group_median": {"nl": "Mediane reactietijd", "en": "Median reaction time"},
    "debrief_group_timeouts": {"nl": "Tijd voorbij", "en": "Timed out"},
    "debrief_group_endings": {"nl": "Bereikte eindes", "en": "Endings reached"},
    "debrief_group_individual": {"nl": "Sessies per deelnemer", "en": "Sessions by trainee"},
    "decision_point": {
        "nl": "Beslismoment. Wat zou jij doen?",
        "en": "Decision point. What would you do?",
    },
    "group_title": {"nl": "Nabespreking groepssessie", "en": "Group session debrief"},
    "group_graph": {"nl": "De verkende takken", "en": "The branches explored"},
    "group_decisions": {"nl": "De beslismomenten", "en": "The decision points"},
    "group_option": {"nl": "Optie", "en": "Option"},
    "group_votes": {"nl": "Stemmen", "en": "Votes"},
    "group_decided_group": {"nl": "gekozen door de groep", "en": "chosen by the group"},
    "group_decided_trainer": {"nl": "gekozen door de trainer", "en": "chosen by the trainer"},
    "group_decided_other": {"nl": "gekozen", "en": "chosen"},
    "group_recommended": {"nl": "aanbevolen", "en": "recommended"},
    "group_explored": {
        "nl": "verkend, daarna teruggegaan om een andere tak te proberen",
        "en": "explored, then went back to try another branch",
    },
    "group_notes": {"nl": "Notities", "en": "Notes"},
    "group_ending": {"nl": "Einde", "en": "Ending"},
    "group_no_ending": {"nl": "Geen einde bereikt.", "en": "No ending was reached."},
    "group_feedback": {"nl": "Terugkoppeling", "en": "Feedback"},
}

# The report pages' own words: the branch graph's legend, title and marks, and the names of
# modes, input devices and choosers that debriefs used to show as raw ids.
_UI.update(
    {
        "graph_title": {"nl": "{title}: overzicht van de takken", "en": "{title}: branch graph"},
        "graph_nodes": {"nl": "{count} momenten", "en": "{count} nodes"},
        "graph_nodes_one": {"nl": "{count} moment", "en": "{count} node"},
        "graph_choices": {"nl": "{count} keuzes", "en": "{count} choices"},
        "graph_choices_one": {"nl": "{count} keuze", "en": "{count} choice"},
        "graph_endings": {"nl": "{count} eindes", "en": "{count} endings"},
        "graph_endings_one": {"nl": "{count} einde", "en": "{count} ending"},
        "graph_start": {"nl": "start", "en": "start"},
        "graph_node": {"nl": "moment", "en": "node"},
        "graph_ending": {"nl": "einde: {caption}", "en": "ending: {caption}"},
        "graph_timed": {
            "nl": "met tijdslimiet (seconden om te kiezen)",
            "en": "timed (seconds to choose)",
        },
        "graph_recommended": {"nl": "aanbevolen keuze", "en": "recommended choice"},
        "graph_if": {"nl": "als", "en": "if"},
        "graph_conditional": {"nl": "als: keuze onder voorwaarde", "en": "if: conditional choice"},
        "graph_visited": {
            "nl": "gevolgde route (stapnummers)",
            "en": "visited path (step numbers)",
        },
        "graph_timeout": {"nl": "bij tijd om", "en": "timeout"},
        "graph_step": {"nl": "stap {steps}", "en": "step {steps}"},
        "graph_outcome_safe_reported": {"nl": "veilig, gemeld", "en": "safe, reported"},
        "graph_outcome_safe_unreported": {"nl": "veilig, niet gemeld", "en": "safe, not reported"},
        "graph_outcome_unsafe": {"nl": "onveilig", "en": "unsafe"},
        "graph_outcome_drawn_in": {"nl": "meegezogen", "en": "drawn in"},
        "debrief_mode_text": {"nl": "tekst", "en": "text"},
        "debrief_mode_monitor": {"nl": "beeldscherm", "en": "monitor"},
        "debrief_mode_projector": {"nl": "projector", "en": "projector"},
        "debrief_mode_xr": {"nl": "VR-bril", "en": "xr"},
        "debrief_via_keyboard": {"nl": "toetsenbord", "en": "keyboard"},
        "debrief_via_mouse": {"nl": "muis", "en": "mouse"},
        "debrief_via_console": {"nl": "console van de trainer", "en": "console"},
        "debrief_via_vote": {"nl": "stemming", "en": "vote"},
        "debrief_via_autoplay": {"nl": "automatisch", "en": "autoplay"},
        "debrief_via_plan": {"nl": "speelplan", "en": "plan"},
        "debrief_via_random": {"nl": "willekeurig", "en": "random"},
        "debrief_via_timer": {"nl": "timer", "en": "timer"},
        "debrief_group_started": {"nl": "Begonnen", "en": "Started"},
    }
)


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


class MissingText(SimulatorError):
    """No interface text has this key (a record from a newer version, say); carries the key."""

    def __init__(self, key: str, language: str) -> None:
        super().__init__(f"no interface text {key!r} in this version (language {language})")
        self.key = key
        self.language = language


def ui(key: str, language: str, **values: object) -> str:
    """The interface text ``key`` in ``language`` (English when missing), formatted with values.

    Raises MissingText for a key no language has.
    """
    texts = _UI.get(key)
    if texts is None:
        raise MissingText(key, language)
    return texts.get(language, texts["en"]).format(**values)
