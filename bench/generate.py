"""Seeded benchmark editions in the sources format (edition.yaml + reportages + images).

    .venv/bin/python bench/generate.py OUT_FOLDER --size small        # ~51 pages in German
    .venv/bin/python bench/generate.py OUT_FOLDER --reportages 2 --words 400 --seed 7

or from Python::

    from bench.generate import generate
    generate(folder, reportages=8, words_per_reportage=1800, figures_per_reportage=2,
             tables_per_reportage=1, seed=1)

Everything is drawn from ``random.Random`` streams seeded with strings derived from
``seed`` (never from the clock or ``hash()``), so the same arguments give byte-identical
files. The streams are split per reportage and per language: the German text of a
reportage is the same whether or not the edition also has English, and the layout plan
(sections, figures, tables, lists, quotes) is shared by both languages.

Text: German sentences with long compounds ("Wasserstoffinfrastrukturförderprogramm"),
umlauts and ß; English sentences of the same shape. Images: photo-like JPEGs
(gradient sky, hills, sun, buildings, mild grain; 1600x1000) and flat-colour PNG
diagrams (bar and line charts; 1200x800), drawn with Pillow.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

# Sizes of the issue: about 50, 200 and 800 pages for the German output.
SIZES: dict[str, dict[str, int]] = {
    "tiny": dict(reportages=1, words_per_reportage=300, figures_per_reportage=1, tables_per_reportage=1),
    "small": dict(reportages=8, words_per_reportage=1550, figures_per_reportage=2, tables_per_reportage=1),
    "medium": dict(reportages=32, words_per_reportage=1550, figures_per_reportage=2, tables_per_reportage=1),
    "large": dict(reportages=128, words_per_reportage=1550, figures_per_reportage=2, tables_per_reportage=1),
}

PHOTO_SIZE = (1600, 1000)
DIAGRAM_SIZE = (1200, 800)
COVER_SIZE = (1600, 1130)

# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------

# German nouns: (gender, singular). Many long compounds, umlauts and ß on purpose.
DE_NOUNS: list[tuple[str, str]] = [
    ("n", "Wasserstoffinfrastrukturförderprogramm"), ("f", "Donaudampfschifffahrtsgesellschaft"),
    ("n", "Energieversorgungsunternehmen"), ("f", "Qualitätssicherungsmaßnahme"),
    ("f", "Straßenbahnhaltestellenüberdachung"), ("f", "Grundstücksverkehrsgenehmigung"),
    ("f", "Hochspannungsgleichstromübertragung"), ("f", "Wärmepumpenförderrichtlinie"),
    ("m", "Brennstoffzellenprüfstand"), ("m", "Fußgängerüberweg"), ("f", "Übergrößenlagerhalle"),
    ("n", "Kreislaufwirtschaftsgesetz"), ("f", "Außenwirtschaftsförderung"),
    ("n", "Bürgerbeteiligungsverfahren"), ("n", "Glasfaserausbaugebiet"),
    ("f", "Lebensmittelüberwachungsbehörde"), ("f", "Mikroelektronikfertigungsstraße"),
    ("f", "Photovoltaikfreiflächenanlage"), ("m", "Maßnahmenkatalog"), ("f", "Größenordnung"),
    ("n", "Labor"), ("f", "Werkstatt"), ("m", "Hafen"), ("m", "Prüfstand"), ("m", "Förderantrag"),
    ("n", "Messgerät"), ("f", "Straße"), ("n", "Gewächshaus"), ("m", "Windpark"),
    ("f", "Bioraffinerie"), ("m", "Schaltschrank"), ("n", "Rechenzentrum"), ("f", "Brücke"),
    ("f", "Kläranlage"), ("n", "Fließband"), ("f", "Überlandleitung"), ("m", "Schweißroboter"),
    ("m", "Wärmespeicher"), ("n", "Kühlhaus"), ("n", "Stadtwerk"), ("f", "Großküche"),
    ("m", "Forschungsverbund"), ("f", "Machbarkeitsstudie"), ("n", "Netzwerktreffen"),
    ("f", "Geschäftsstelle"), ("m", "Nachwuchswettbewerb"), ("f", "Abwärmenutzung"),
    ("m", "Schiffsrumpf"), ("f", "Lärmschutzwand"), ("n", "Rübenfeld"), ("f", "Mühle"),
    ("m", "Güterbahnhof"), ("f", "Fördermittelübersicht"), ("n", "Lastenfahrrad"),
    ("f", "Kältemaschine"), ("m", "Schließmechanismus"), ("f", "Präzisionsoptik"),
    ("n", "Strömungsmodell"), ("f", "Meeresbodenvermessung"), ("m", "Holzbaubetrieb"),
    ("f", "Batteriezellenproduktion"), ("n", "Sensornetz"), ("f", "Küstenschutzanlage"),
]
DE_ADJ = ["neu", "groß", "klein", "gemeinsam", "regional", "schnell", "günstig", "mühsam",
          "nachhaltig", "öffentlich", "übersichtlich", "ungewöhnlich", "bewährt", "künftig",
          "süß", "weiß", "grün", "fließend", "äußer", "mittelständisch", "städtisch", "ländlich"]
DE_VERBS = ["prüft", "entwickelt", "fördert", "begleitet", "misst", "verbessert", "überwacht",
            "vergrößert", "beschleunigt", "unterstützt", "plant", "baut", "erklärt", "verändert",
            "erschließt", "begrüßt", "öffnet", "führt", "stärkt", "kühlt", "umschließt",
            "beschäftigt", "übernimmt", "genießt", "schätzt", "verkürzt", "berechnet"]
DE_SUBJECTS = ["Die Projektleiterin", "Der Geschäftsführer", "Ein Ingenieur aus Göttingen",
               "Die Werkstattmeisterin", "Das Netzwerk", "Der Cluster", "Eine Studentin",
               "Die Forschungsgruppe", "Der Bürgermeister", "Ein Zulieferbetrieb aus Fürth",
               "Die Hochschule", "Das Familienunternehmen", "Die Gründerin", "Der Außendienst"]
DE_ADVERBIALS = ["seit drei Jahren", "am frühen Morgen", "in der Außenstelle", "im Großraum Nürnberg",
                 "trotz knapper Fördermittel", "mit großer Geduld", "gemeinsam mit der Hochschule",
                 "zum ersten Mal", "bei Wind und Wetter", "außerhalb der Saison", "jeden Dienstag",
                 "in mühsamer Kleinarbeit", "ohne großen Aufwand", "für die Region", "nach Feierabend",
                 "im Süden der Stadt", "schon heute", "mit spürbarem Erfolg", "an der Küste",
                 "über Ländergrenzen hinweg", "Schritt für Schritt", "im Maßstab eins zu zehn"]
DE_CONNECT = ["Deshalb", "Trotzdem", "Außerdem", "Inzwischen", "Früher", "Heute", "Danach",
              "Zunächst", "Schließlich", "Gleichzeitig", "Allerdings", "Dafür"]
DE_NAMES = ["Katrin Sommerfeld", "Jürgen Großmann", "Anneliese Köhler", "Björn Weiß",
            "Dörte Strauß", "Sören Mößner", "Gülten Akgün", "Hannelore Düsterhöft",
            "Matthias Brückner", "Ulrike Schäfer", "Jörg Weißmüller", "Käthe Nußbaum"]
DE_SAY = ["sagt", "erzählt", "erklärt", "meint", "betont"]
DE_PLACES = [("Lüneburg", "Niedersachsen"), ("Göttingen", "Niedersachsen"), ("Würzburg", "Bayern"),
             ("Nürnberg", "Bayern"), ("Düsseldorf", "Nordrhein-Westfalen"), ("Saarbrücken", "Saarland"),
             ("Osnabrück", "Niedersachsen"), ("Fürth", "Bayern"), ("Gießen", "Hessen"),
             ("Lübeck", "Schleswig-Holstein"), ("Tübingen", "Baden-Württemberg"), ("Passau", "Bayern"),
             ("Greifswald", "Mecklenburg-Vorpommern"), ("Zwickau", "Sachsen"), ("Jena", "Thüringen"),
             ("Cottbus", "Brandenburg"), ("Rüsselsheim", "Hessen"), ("Mößingen", "Baden-Württemberg")]
EN_STATES = {"Niedersachsen": "Lower Saxony", "Bayern": "Bavaria",
             "Nordrhein-Westfalen": "North Rhine-Westphalia",
             "Saarland": "Saarland", "Hessen": "Hesse", "Schleswig-Holstein": "Schleswig-Holstein",
             "Baden-Württemberg": "Baden-Württemberg",
             "Mecklenburg-Vorpommern": "Mecklenburg-Western Pomerania",
             "Sachsen": "Saxony", "Thüringen": "Thuringia", "Brandenburg": "Brandenburg"}
DE_FOREIGN = ["Smart Grid", "Hidden Champions", "Open Lab Day", "Proof of Concept", "Start-up Weekend"]

EN_NOUNS = ["hydrogen infrastructure programme", "steamship company", "energy utility",
            "quality assurance measure", "tram shelter", "land transfer permit",
            "high-voltage direct current line", "heat pump guideline", "fuel cell test bench",
            "pedestrian crossing", "oversize warehouse", "circular economy act", "export promotion agency",
            "public consultation", "fibre rollout area", "food safety authority",
            "microelectronics production line", "solar park", "catalogue of measures", "laboratory",
            "workshop", "harbour", "test bench", "funding application", "measuring device", "street",
            "greenhouse", "wind farm", "biorefinery", "control cabinet", "data centre", "bridge",
            "sewage plant", "assembly line", "overhead line", "welding robot", "heat store",
            "cold store", "municipal utility", "canteen kitchen", "research consortium",
            "feasibility study", "network meeting", "head office", "youth competition",
            "waste heat scheme", "ship's hull", "noise barrier", "beet field", "mill", "freight yard",
            "cargo bike", "chiller", "locking mechanism", "precision optics", "flow model",
            "seabed survey", "timber construction firm", "battery cell factory", "sensor network",
            "coastal defence"]
EN_ADJ = ["new", "large", "small", "shared", "regional", "fast", "affordable", "laborious",
          "sustainable", "public", "tidy", "unusual", "proven", "future", "quiet", "green",
          "mid-sized", "urban", "rural", "modest", "ambitious", "careful"]
EN_VERBS = ["tests", "develops", "funds", "accompanies", "measures", "improves", "monitors",
            "enlarges", "speeds up", "supports", "plans", "builds", "explains", "changes",
            "opens up", "welcomes", "opens", "runs", "strengthens", "cools", "encloses",
            "employs", "takes over", "enjoys", "values", "shortens", "calculates"]
EN_SUBJECTS = ["The project lead", "The managing director", "An engineer from Göttingen",
               "The workshop foreman", "The network", "The cluster", "A student",
               "The research group", "The mayor", "A supplier from Fürth", "The university",
               "The family firm", "The founder", "The field team"]
EN_ADVERBIALS = ["for three years now", "early in the morning", "at the branch office",
                 "around Nuremberg", "despite scarce funding", "with great patience",
                 "together with the university", "for the first time", "in all weathers",
                 "out of season", "every Tuesday", "in painstaking detail", "without much fuss",
                 "for the region", "after hours", "in the south of the town", "already today",
                 "with noticeable success", "on the coast", "across state borders", "step by step",
                 "at a scale of one to ten"]
EN_CONNECT = ["That is why", "Even so", "What is more", "Meanwhile", "In the past", "Today",
              "Afterwards", "At first", "In the end", "At the same time", "However", "In return"]
EN_SAY = ["says", "explains", "recalls", "points out", "adds"]
EN_FOREIGN = ["Energiewende", "Mittelstand", "Feierabend", "Stammtisch", "Gründerzeit"]

# Long compounds are striking but rare in real prose: pick them about one time in six.
LONG_SHARE = 0.17
_DE_LONG = [n for n in DE_NOUNS if len(n[1]) >= 18]
_DE_SHORT = [n for n in DE_NOUNS if len(n[1]) < 18]
_EN_LONG = [n for n in EN_NOUNS if len(n) >= 18]
_EN_SHORT = [n for n in EN_NOUNS if len(n) < 18]

_DE_ART_NOM = {"m": "der", "f": "die", "n": "das"}
_DE_ART_ACC = {"m": "den", "f": "die", "n": "das"}
_DE_ART_DAT = {"m": "dem", "f": "der", "n": "dem"}
_DE_INDEF = {"m": "ein", "f": "eine", "n": "ein"}


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

class Writer:
    """Random sentences in one language, from one seeded stream."""

    def __init__(self, lang: str, rng: random.Random):
        self.lang, self.rng = lang, rng

    # -- phrases -----------------------------------------------------------
    def _pick(self, long: list, short: list):
        return self.rng.choice(long if self.rng.random() < LONG_SHARE else short)

    def noun(self) -> str:
        if self.lang == "de":
            return self._pick(_DE_LONG, _DE_SHORT)[1]
        return self._pick(_EN_LONG, _EN_SHORT)

    def _de_np(self, case: str, adjective: bool) -> str:
        gender, noun = self._pick(_DE_LONG, _DE_SHORT)
        if case == "nom":
            art, ending = _DE_ART_NOM[gender], "e"
        elif case == "acc":
            art, ending = _DE_ART_ACC[gender], "en" if gender == "m" else "e"
        else:
            art, ending = _DE_ART_DAT[gender], "en"
        adj = f"{self.rng.choice(DE_ADJ)}{ending} " if adjective else ""
        return f"{art} {adj}{noun}"

    def _en_np(self, adjective: bool) -> str:
        adj = f"{self.rng.choice(EN_ADJ)} " if adjective else ""
        return f"the {adj}{self.noun()}"

    def sentence(self, *, emphasis: bool = True, quote: bool = True) -> str:
        r = self.rng
        kind = r.random() * (1.0 if quote else 0.85)
        if self.lang == "de":
            obj = self._de_np("acc", r.random() < 0.5)
            if kind < 0.45:
                text = f"{r.choice(DE_SUBJECTS)} {r.choice(DE_VERBS)} {obj} {r.choice(DE_ADVERBIALS)}"
            elif kind < 0.7:
                subj = self._de_np("nom", r.random() < 0.4)
                text = (f"{r.choice(DE_CONNECT)} {r.choice(DE_VERBS)} {subj} {r.choice(DE_ADVERBIALS)} "
                        f"{obj}")
            elif kind < 0.85:
                text = (f"{r.choice(DE_SUBJECTS)} {r.choice(DE_VERBS)} {obj}, und "
                        f"{self._de_np('nom', False)} {r.choice(DE_VERBS)} mit "
                        f"{self._de_np('dat', r.random() < 0.5)} {r.choice(DE_ADVERBIALS)}")
            else:
                said = (f"{self._de_np('nom', r.random() < 0.5)} {r.choice(DE_VERBS)} "
                        f"{self._de_np('acc', False)} {r.choice(DE_ADVERBIALS)}")
                said = said[0].upper() + said[1:]
                return f"„{said}“, {r.choice(DE_SAY)} {r.choice(DE_NAMES)}."
        else:
            obj = self._en_np(r.random() < 0.5)
            if kind < 0.45:
                text = f"{r.choice(EN_SUBJECTS)} {r.choice(EN_VERBS)} {obj} {r.choice(EN_ADVERBIALS)}"
            elif kind < 0.7:
                subj = self._en_np(r.random() < 0.4)
                text = f"{r.choice(EN_CONNECT)}, {subj} {r.choice(EN_VERBS)} {obj} {r.choice(EN_ADVERBIALS)}"
            elif kind < 0.85:
                text = (f"{r.choice(EN_SUBJECTS)} {r.choice(EN_VERBS)} {obj}, and "
                        f"{self._en_np(False)} {r.choice(EN_VERBS)} with {self._en_np(r.random() < 0.5)} "
                        f"{r.choice(EN_ADVERBIALS)}")
            else:
                said = f"{self._en_np(r.random() < 0.5)} {r.choice(EN_VERBS)} {self._en_np(False)} " \
                       f"{r.choice(EN_ADVERBIALS)}"
                said = said[0].upper() + said[1:]
                return f"“{said},” {r.choice(EN_SAY)} {r.choice(DE_NAMES)}."
        if emphasis and r.random() < 0.08:
            words = text.split(" ")
            i = r.randrange(1, len(words))
            if words[i].isalpha():
                mark = "**" if r.random() < 0.4 else "*"
                words[i] = f"{mark}{words[i]}{mark}"
                text = " ".join(words)
        return text + "."

    def paragraph(self, words: int, *, extras: Sequence[str] = ()) -> str:
        """Sentences until about ``words`` words; ``extras`` are inline insertions
        (a language span, a footnote reference, a link) placed between sentences."""
        sentences: list[str] = []
        count = 0
        while count < words - 6:  # the last sentence overshoots by about half its length
            s = self.sentence()
            sentences.append(s)
            count += len(s.split())
        for extra in extras:
            i = self.rng.randrange(len(sentences))
            sentences[i] = sentences[i][:-1] + extra + sentences[i][-1]
        return wrap(" ".join(sentences))

    def phrase(self, words: int = 8) -> str:
        """A simple clause without a final full stop (list items, pull quotes, alt texts):
        subject, verb, object, and an adverbial when ``words`` asks for more."""
        r = self.rng
        if self.lang == "de":
            text = f"{r.choice(DE_SUBJECTS)} {r.choice(DE_VERBS)} {self._de_np('acc', r.random() < 0.5)}"
            adverbials = DE_ADVERBIALS
        else:
            text = f"{r.choice(EN_SUBJECTS)} {r.choice(EN_VERBS)} {self._en_np(r.random() < 0.5)}"
            adverbials = EN_ADVERBIALS
        if words > 6:
            text += " " + r.choice(adverbials)
        return text

    def heading(self) -> str:
        r = self.rng
        if self.lang == "de":
            pattern = r.randrange(3)
            if pattern == 0:
                return f"{self.noun()} und {self.noun()}"
            if pattern == 1:
                return f"Im {r.choice(['Hafen', 'Labor', 'Rechenzentrum', 'Gewächshaus', 'Kühlhaus'])}"
            return f"Was die {self.noun()} verändert"
        pattern = r.randrange(3)
        n = self.noun()
        if pattern == 0:
            return f"The {n} and the {self.noun()}"
        if pattern == 1:
            return f"In the {r.choice(['harbour', 'laboratory', 'data centre', 'greenhouse', 'cold store'])}"
        return f"What the {n} changes"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def wrap(text: str, width: int = 88) -> str:
    """Hard-wrap like a hand-written source file (soft line breaks in Markdown)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def q(value: str) -> str:
    """A YAML scalar: JSON's double-quoted strings are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------------------
# The plan of one reportage, shared by its languages
# ---------------------------------------------------------------------------

@dataclass
class Block:
    kind: str  # h2 h3 p figure table ul ol pullquote quote
    words: int = 0
    image: str = ""
    columns: int = 0
    rows: int = 0
    extras: list[str] = field(default_factory=list)  # "span", "note", "link"


def plan_reportage(rng: random.Random, words: int, figures: list[str], tables: int,
                   index: int) -> list[Block]:
    # Words outside paragraphs (tables, lists, quotes, captions, headings), so that the
    # reportage as read is about ``words`` words long.
    table_shape = [(rng.randint(3, 5), rng.randint(4, 8)) for _ in range(tables)]
    others = (sum(c * (r + 1) for c, r in table_shape) + 12 * len(figures) + 10
              + (4 * 8 if index % 2 == 0 else 0) + (3 * 8 if index % 3 == 0 else 0)
              + (28 if index % 4 == 1 else 0))
    budget = max(words - others, 40)
    paragraphs: list[Block] = []
    total = 0
    while total < budget:
        n = rng.randint(55, 115)
        paragraphs.append(Block("p", words=n))
        total += n
    # Inline extras on distinct paragraphs.
    picks = rng.sample(range(len(paragraphs)), k=min(3, len(paragraphs)))
    for extra, i in zip(("span", "note", "link"), picks, strict=False):  # picks may be fewer
        paragraphs[i].extras.append(extra)

    # Other blocks, each after a paragraph chosen at random (never before the lead).
    inserts: list[Block] = [Block("figure", image=img) for img in figures]
    inserts += [Block("table", columns=c, rows=r) for c, r in table_shape]
    inserts.append(Block("pullquote", words=rng.randint(7, 12)))
    if index % 2 == 0:
        inserts.append(Block("ul", rows=rng.randint(3, 5)))
    if index % 3 == 0:
        inserts.append(Block("ol", rows=rng.randint(3, 4)))
    if index % 4 == 1:
        inserts.append(Block("quote", words=rng.randint(20, 35)))
    after: dict[int, list[Block]] = {}
    for block in inserts:
        after.setdefault(rng.randrange(len(paragraphs)), []).append(block)

    body: list[Block] = []
    next_heading = rng.randint(2, 3)
    had_h2 = False
    for i, paragraph in enumerate(paragraphs):
        if i == next_heading:
            level = "h3" if had_h2 and rng.random() < 0.3 else "h2"
            had_h2 = had_h2 or level == "h2"
            body.append(Block(level))
            next_heading = i + rng.randint(3, 5)
        body.append(paragraph)
        body += after.get(i, [])
    return body


# ---------------------------------------------------------------------------
# Rendering a reportage in one language
# ---------------------------------------------------------------------------

def render_reportage(rid: str, lang: str, plan: list[Block], rng: random.Random,
                     place: tuple[str, str], author: str, date: str,
                     languages: tuple[str, ...] = ("de", "en")) -> str:
    w = Writer(lang, rng)
    city, state = place
    if lang == "de":
        title = f"{w.noun()} in {city}"
        subtitle = f"Wie {_lower_first(w.phrase(8))}"
        place_text = f"{city}, {state}"
    else:
        title = f"The {w.noun()} of {city}"
        subtitle = f"How {_lower_first(w.phrase(8))}"
        place_text = f"{city}, {EN_STATES[state]}"
    teaser = " ".join(w.sentence(emphasis=False) for _ in range(2))
    out = ["---", f"title: {q(title)}", f"subtitle: {q(subtitle)}", f"place: {q(place_text)}",
           f"author: {q(author)}", f"date: {date}", f"teaser: {q(teaser)}", "---", ""]
    notes: list[str] = []
    for block in plan:
        if block.kind in ("h2", "h3"):
            out += [f"{'#' * int(block.kind[1])} {w.heading()}", ""]
        elif block.kind == "p":
            extras = []
            for extra in block.extras:
                if extra == "span":
                    foreign = rng.choice(DE_FOREIGN if lang == "de" else EN_FOREIGN)
                    other = "en" if lang == "de" else "de"
                    # The loader accepts only the edition's languages in spans: a
                    # one-language edition gets the words without the markup.
                    extras.append(f" ([{foreign}]{{lang={other}}})" if other in languages
                                  else f" ({foreign})")
                elif extra == "note":
                    notes.append(f"[^{len(notes) + 1}]: {w.sentence(emphasis=False)}")
                    extras.append(f"[^{len(notes)}]")
                elif extra == "link":
                    label = "Projektseite" if lang == "de" else "project page"
                    extras.append(f" ([{label}](https://example.org/bench/{rid}))")
            out += [w.paragraph(block.words, extras=extras), ""]
        elif block.kind == "figure":
            photo = block.image.endswith(".jpg")
            if lang == "de":
                alt = (f"{'Foto' if photo else 'Diagramm'}: {w.phrase(14)}, "
                       + ("im Hintergrund Hügel und eine tief stehende Sonne." if photo
                          else "als Balken und Linie über zwölf Monate."))
                credit = "Bild: © Benchmark-Generator"
            else:
                alt = (f"{'Photo' if photo else 'Chart'}: {_lower_first(w.phrase(14))}, "
                       + ("with hills and a low sun behind." if photo
                          else "as bars and a line over twelve months."))
                credit = "Image: © benchmark generator"
            caption = w.sentence(emphasis=False)
            out += ["```figure", f"src: {q('images/' + block.image)}", f"alt: {q(alt)}",
                    f"caption: {q(caption)}", f"credit: {q(credit)}", "```", ""]
        elif block.kind == "table":
            out += table(w, rng, block.columns, block.rows) + [""]
        elif block.kind in ("ul", "ol"):
            for i in range(block.rows):
                item = w.phrase(rng.randint(4, 10))
                out.append(f"{i + 1}. {item}" if block.kind == "ol" else f"- {item}")
            out.append("")
        elif block.kind == "pullquote":
            text = w.phrase(block.words)
            quote = f"„{text}“" if lang == "de" else f"“{text}”"
            out += ["{.pullquote}", f"> {quote}", ""]
        elif block.kind == "quote":
            out += ["\n".join("> " + line for line in w.paragraph(block.words).split("\n")), ""]
    out += [n + "\n" for n in notes]
    return "\n".join(out).rstrip("\n") + "\n"


def table(w: Writer, rng: random.Random, columns: int, rows: int) -> list[str]:
    de = w.lang == "de"
    first = "Standort" if de else "Site"
    pool_de = ["Beschäftigte", "Fläche (m²)", "Förderquote", "Umsatz (Mio. €)", "Projekte", "Patente"]
    pool_en = ["Employees", "Area (m²)", "Funding rate", "Revenue (€m)", "Projects", "Patents"]
    idx = rng.sample(range(len(pool_de)), k=columns - 1)
    header = [first] + [(pool_de if de else pool_en)[i] for i in idx]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * columns]
    percent = [("quote" in name or "rate" in name) for name in header]
    for _ in range(rows):
        cells = [w.noun() if de else w.noun().capitalize()]
        for col in range(1, columns):
            if percent[col]:
                tenth = rng.randint(1, 999)
                cells.append(f"{tenth // 10},{tenth % 10} %" if de else f"{tenth // 10}.{tenth % 10} %")
            else:
                cells.append(f"{rng.randint(3, 98_000):,}".replace(",", "." if de else ","))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------

def _lerp(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (int(a[0] + (b[0] - a[0]) * t), int(a[1] + (b[1] - a[1]) * t), int(a[2] + (b[2] - a[2]) * t))


def _gradient(size: tuple[int, int], top, bottom) -> Image.Image:
    ramp = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    bands = [ramp.point(lambda v, a=top[i], b=bottom[i]: int(a + (b - a) * v / 255)) for i in range(3)]
    return Image.merge("RGB", bands)


def draw_photo(rng: random.Random, size: tuple[int, int] = PHOTO_SIZE) -> Image.Image:
    """A landscape-like picture: gradient sky, sun, layered hills, buildings, mild grain."""
    w, h = size
    sky_top = (rng.randint(20, 90), rng.randint(60, 140), rng.randint(140, 230))
    sky_low = (rng.randint(200, 255), rng.randint(150, 220), rng.randint(100, 190))
    img = _gradient(size, sky_top, sky_low)
    d = ImageDraw.Draw(img)
    sx, sy, sr = rng.randint(w // 8, 7 * w // 8), rng.randint(h // 8, h // 2), rng.randint(h // 16, h // 7)
    for k in range(6, 0, -1):  # sun with a soft halo
        r = sr * (1 + k * 0.25)
        d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=_lerp(sky_low, (255, 240, 200), 1 - k / 7))
    d.ellipse((sx - sr, sy - sr, sx + sr, sy + sr), fill=(255, 236, 170))
    horizon = rng.randint(h // 2, 2 * h // 3)
    base = (rng.randint(30, 90), rng.randint(90, 150), rng.randint(30, 80))
    for layer in range(4):
        y0 = horizon + layer * (h - horizon) // 5
        points = [(0, h)]
        x = 0
        while x <= w:
            points.append((x, y0 + rng.randint(-h // 12, h // 12)))
            x += rng.randint(w // 12, w // 5)
        points += [(w, y0), (w, h)]
        d.polygon(points, fill=_lerp(base, (10, 40, 20), layer / 4))
    for _ in range(rng.randint(3, 9)):  # buildings
        bw, bh = rng.randint(w // 40, w // 12), rng.randint(h // 12, h // 3)
        bx, by = rng.randint(0, w - bw), horizon + rng.randint(0, h // 6)
        colour = (rng.randint(150, 235), rng.randint(130, 220), rng.randint(120, 210))
        d.rectangle((bx, by - bh, bx + bw, by), fill=colour)
        for wy in range(by - bh + 10, by - 10, 24):
            d.line((bx + 6, wy, bx + bw - 6, wy), fill=_lerp(colour, (40, 60, 90), 0.5), width=4)
    img = img.filter(ImageFilter.GaussianBlur(2))
    # Mild, seeded film grain (Pillow's effect_noise is not seedable).
    gw, gh = w // 2, h // 2
    grain = Image.frombytes("L", (gw, gh), rng.randbytes(gw * gh)).resize(size, Image.Resampling.NEAREST)
    return Image.blend(img, Image.merge("RGB", (grain, grain, grain)), 0.06)


PALETTE = [(0, 92, 169), (230, 119, 0), (0, 150, 110), (200, 50, 60), (120, 80, 170), (90, 90, 90)]


def draw_diagram(rng: random.Random, size: tuple[int, int] = DIAGRAM_SIZE) -> Image.Image:
    """A flat-colour chart: grid, bars in two series, a line, a legend."""
    w, h = size
    img = Image.new("RGB", size, (255, 255, 255))
    d = ImageDraw.Draw(img)
    left, right, top, bottom = 110, w - 60, 90, h - 100
    for i in range(6):
        y: float  # int here, float further down
        y = bottom - i * (bottom - top) // 5
        d.line((left, y, right, y), fill=(225, 225, 225), width=2)
        d.line((left - 12, y, left, y), fill=(60, 60, 60), width=3)
    d.line((left, top, left, bottom), fill=(60, 60, 60), width=4)
    d.line((left, bottom, right, bottom), fill=(60, 60, 60), width=4)
    colours = rng.sample(PALETTE, 3)
    months = 12
    step = (right - left) / months
    points = []
    for m in range(months):
        for s in range(2):
            value = rng.uniform(0.15, 0.95)
            x0 = left + m * step + 10 + s * (step - 20) / 2
            d.rectangle((x0, bottom - value * (bottom - top), x0 + (step - 20) / 2 - 4, bottom - 2),
                        fill=colours[s])
        points.append((left + (m + 0.5) * step, bottom - rng.uniform(0.3, 0.9) * (bottom - top)))
    d.line(points, fill=colours[2], width=6, joint="curve")
    for x, y in points:
        d.ellipse((x - 9, y - 9, x + 9, y + 9), fill=colours[2])
    for s in range(3):
        x = left + 40 + s * 220
        d.rectangle((x, 30, x + 40, 60), fill=colours[s])
        d.rectangle((x + 55, 40, x + 170, 50), fill=(180, 180, 180))
    return img


def write_image(path: Path, rng: random.Random) -> None:
    if path.suffix == ".jpg":
        draw_photo(rng, COVER_SIZE if path.stem == "cover" else PHOTO_SIZE).save(
            path, "JPEG", quality=85, optimize=False, progressive=False)
    else:
        draw_diagram(rng).save(path, "PNG", optimize=False, compress_level=6)


# ---------------------------------------------------------------------------
# The edition
# ---------------------------------------------------------------------------

AUTHORS = ["Johanna Albrecht", "Malte Brüggemann", "Frieda Jansen", "Konstantin Weigel",
           "Gesine Fößel", "Ömer Kaya"]


def generate(folder, *, reportages: int, words_per_reportage: int, figures_per_reportage: int,
             tables_per_reportage: int, seed: int, languages=("de", "en"),
             edition_id: str | None = None, reuse_images_from=None) -> Path:
    """Write a complete, valid edition into ``folder`` (created; existing files are
    overwritten, nothing else is removed). Returns the folder.

    ``reuse_images_from``: another generated edition folder with the same seed and
    reportage/figure counts; its images are hard-linked (or copied) instead of drawn
    again. The result is byte-identical to drawing them.
    """
    folder = Path(folder)
    languages = tuple(languages)
    if not languages or any(lang not in ("de", "en") for lang in languages):
        raise ValueError(f"languages must be a non-empty subset of de, en: {languages!r}")
    edition_id = edition_id or folder.name
    (folder / "reportages").mkdir(parents=True, exist_ok=True)
    (folder / "images").mkdir(parents=True, exist_ok=True)

    images: list[str] = ["cover.jpg"]
    ids: list[str] = []
    base = random.Random(f"{seed}:edition")
    for n in range(reportages):
        rid = f"r{n + 1:03d}"
        ids.append(rid)
        plan_rng = random.Random(f"{seed}:{rid}:plan")
        figures = [f"{rid}-{k + 1}.{'jpg' if plan_rng.random() < 0.6 else 'png'}"
                   for k in range(figures_per_reportage)]
        images += figures
        plan = plan_reportage(plan_rng, words_per_reportage, figures, tables_per_reportage, n)
        place = plan_rng.choice(DE_PLACES)
        author = plan_rng.choice(AUTHORS)
        date = f"2026-{plan_rng.randint(1, 12):02d}-{plan_rng.randint(1, 28):02d}"
        for lang in languages:
            text = render_reportage(rid, lang, plan, random.Random(f"{seed}:{rid}:{lang}"),
                                    place, author, date, languages)
            _write_text(folder / "reportages" / f"{rid}.{lang}.md", text)

    for name in images:
        target = folder / "images" / name
        source = Path(reuse_images_from) / "images" / name if reuse_images_from else None
        if source is not None and source.is_file():
            target.unlink(missing_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        else:
            write_image(target, random.Random(f"{seed}:image:{name}"))

    _write_text(folder / "edition.yaml", edition_yaml(edition_id, languages, ids, base, reportages))
    return folder


def _per_lang(key: str, values: dict[str, str], languages, indent: str = "") -> list[str]:
    return [f"{indent}{key}:"] + [f"{indent}  {lang}: {q(values[lang])}" for lang in languages]


def edition_yaml(edition_id: str, languages, ids: list[str], rng: random.Random, count: int) -> str:
    lines = [f"# Generated by bench/generate.py ({count} reportages); do not edit.",
             f"id: {edition_id}", f"languages: [{', '.join(languages)}]", "date: 2026-11-01"]
    lines += _per_lang("title", {"de": f"Benchmarkausgabe mit {count} Reportagen",
                                 "en": f"Benchmark edition of {count} reportages"}, languages)
    lines += _per_lang("subtitle", {
        "de": "Zufällig erzeugte Texte über Straßenbahnhaltestellenüberdachungen und Größenordnungen",
        "en": "Randomly generated texts about tram shelters and orders of magnitude"}, languages)
    lines += _per_lang("publisher", {"de": "Projekt Clusterreportagen", "en": "Clusterreportagen project"},
                       languages)
    lines.append(f"authors: [{', '.join(AUTHORS[:4])}]")
    lines += _per_lang("rights", {"de": "© 2026 Projekt Clusterreportagen. Erzeugte Beispielinhalte.",
                                  "en": "© 2026 Clusterreportagen project. Generated sample content."},
                       languages)
    lines.append("cover:")
    lines.append("  image: images/cover.jpg")
    lines += _per_lang("alt", {
        "de": "Eine erzeugte Landschaft: Himmel mit Farbverlauf, eine tief stehende Sonne, "
              "grüne Hügel und einige Gebäude.",
        "en": "A generated landscape: a graded sky, a low sun, green hills and a few buildings."},
        languages, "  ")
    lines += _per_lang("credit", {"de": "Bild: © Benchmark-Generator", "en": "Image: © benchmark generator"},
                       languages, "  ")
    imprint = {
        "de": ("Herausgegeben vom Projekt Clusterreportagen, Musterstraße 12, 10115 Berlin "
               "(fiktive Anschrift). Alle Texte und Bilder dieser Ausgabe sind **zufällig erzeugte "
               "Beispielinhalte** für Messungen der Geschwindigkeit.\n\nBarrierefreiheit: Dieses "
               "Dokument ist ein getaggtes PDF nach PDF/UA-1."),
        "en": ("Published by the Clusterreportagen project, Musterstraße 12, 10115 Berlin "
               "(fictional address). All texts and images in this edition are **randomly generated "
               "sample content** for speed measurements.\n\nAccessibility: This document is a tagged "
               "PDF conforming to PDF/UA-1."),
    }
    lines.append("imprint:")
    for lang in languages:
        lines.append(f"  {lang}: |")
        for k, para in enumerate(imprint[lang].split("\n\n")):
            if k:
                lines.append("")
            lines += [f"    {line}" for line in wrap(para).split("\n")]
    lines.append("reportages:")
    lines += [f"  - {rid}" for rid in ids]
    return "\n".join(lines) + "\n"


def _write_text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path, help="edition folder to write (its name is the edition id)")
    p.add_argument("--size", choices=sorted(SIZES),
                   help="preset sizes (small ~51 German pages, medium ~200, large ~800)")
    p.add_argument("--reportages", type=int)
    p.add_argument("--words", type=int, dest="words_per_reportage")
    p.add_argument("--figures", type=int, dest="figures_per_reportage")
    p.add_argument("--tables", type=int, dest="tables_per_reportage")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--languages", default="de,en", help="comma-separated, e.g. de or de,en (default)")
    args = p.parse_args(argv)
    params: dict[str, Any] = dict(SIZES[args.size or "small"])  # keyword arguments of generate()
    for key in params:
        if getattr(args, key) is not None:
            params[key] = getattr(args, key)
    generate(args.folder, seed=args.seed, languages=tuple(args.languages.split(",")), **params)
    print(f"wrote {args.folder}: " + ", ".join(f"{k}={v}" for k, v in params.items()) + f", seed={args.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
