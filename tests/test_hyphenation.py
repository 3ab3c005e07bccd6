"""Hyphenation an editor does not have to correct (issue 14), asked the way an editor would:
through ``pipeline hyphenate``.

Each compound is written with every break a German dictionary allows (``-``) and its
main joint (``=``). The command may leave breaks out, but it must never offer one that is
not there (a break inside a stem), and it must offer the main joint.
"""
from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

from pipeline.cli import main

GERMAN = [
    # the wrong breaks the issue found in the editions, and the ones the old patterns offered
    "Uni-ver-si-täts=in-sti-tut", "Part-ner=su-che", "Fem-to-se-kun-den=pul-se",
    "Prä-zi-si-ons=op-tik", "Wei-ter-bil-dungs=rei-he", "quell=of-fe-nen", "Dämm=stof-fen",
    "Hand-werks=be-trie-be", "Netz=be-trei-ber", "Tisch-ler=meis-te-rin",
    "Kreis-lauf=wirt-schaft", "Pho-to-nik=in-dus-trie", "Ur=in-stinkt", "Wär-me=pum-pe",
    "Staub=be-cken",
    # from the sample reportages
    "Ap-pli-ka-ti-ons=la-bor", "Ar-beits=hand-schu-hen", "Aus-bil-dungs=be-trie-be",
    "Back-stein=häu-ser", "Bal-kon=kraft-werk", "Be-spre-chungs=raum",
    "Bür-ger=ver-samm-lung", "De-stil-la-ti-ons=ko-lon-ne", "Ent-wick-lungs=ab-tei-lung",
    "Fein-jus-tier=schrau-be", "For-schungs=zen-trum", "For-schungs=ein-rich-tun-gen",
    "Ge-bäu-de=tech-nik", "Ge-mein-schafts=spei-cher", "Ge-neh-mi-gungs=ver-fah-ren",
    "Ge-sund-heits=wirt-schaft", "Hoch-span-nungs=lei-tun-gen", "Holz=hack-schnit-zel",
    "In-fek-ti-ons=ab-wehr", "Lang-zeit=sta-bi-li-tät", "La-ser=si-cher-heit",
    "Le-bens=qua-li-tät", "Mach-bar-keits=un-ter-su-chun-gen", "Ma-schi-nen-bau=be-trieb",
    "Me-di-zin-tech-nik=her-stel-ler", "Milch-vieh=be-trieb", "Nah-rungs-mit-tel=pro-duk-ti-on",
    "Pflan-zen=for-schung", "Reiß=ver-schluss", "Rü-cken=trai-ning", "Sand-stein=tür-me",
    "Soft-ware=un-ter-neh-men", "Stel-len=an-zei-gen", "Ta-ge-bau=flä-chen",
    "Tier-arzt=pra-xen", "Turn-schuh=soh-len", "Uni-ver-si-täts=kli-ni-ken",
    "Bus=hal-te-stel-le", "Ein-bahn=stra-ßen", "Stra-ßen-bahn=hal-te-stel-le",
    "Glas-ver-ede-lungs=be-trieb",
    # everyday words
    "Kühl=schrank", "Haus=tür", "Bahn-hofs=vor-platz", "Fahr-rad=weg", "Kin-der=gar-ten",
    "Kran-ken=haus", "Was-ser-stoff=spei-cher", "So-lar=an-la-ge", "Woh-nungs=bau",
    "Ar-beits=platz", "Zei-tungs=ar-ti-kel", "Bun-des=re-gie-rung",
]

ENGLISH = [
    "lo-ca-tion", "en-gi-neer-ing", "mu-nic-i-pal-i-ties", "ex-pect-ed", "lab-o-ra-to-ry",
    "col-lab-o-ra-tion", "de-vel-op-ment", "man-u-fac-tur-ing", "in-fra=struc-ture",
    "com-mu-ni-ty", "hy-dro-gen", "com-pa-nies", "tech-nol-o-gy",
]


def hyphenate(capsys, lang: str, words: list[str], *extra: str) -> list[str]:
    code = main(["hyphenate", "--lang", lang, *extra, *words])
    out = capsys.readouterr()
    assert code == 0, out.err
    lines = out.out.splitlines()
    assert len(lines) == len(words)
    return lines


def breaks(marked: str) -> set[int]:
    """Break positions (letters before the break) of 'Staub=be-cken' / 'Staub-be-cken'."""
    found, n = set(), 0
    for ch in marked:
        if ch in "-=":
            found.add(n)
        else:
            n += 1
    return found


def check(expected: list[str], offered: list[str]) -> list[str]:
    wrong = []
    for want, got in zip(expected, offered, strict=True):
        word = want.replace("-", "").replace("=", "")
        assert got.replace("-", "") == word
        allowed, joints = breaks(want), breaks(want.replace("-", ""))
        if not breaks(got) <= allowed:
            wrong.append(f"{got}: breaks inside a stem (allowed: {want})")
        if not joints <= breaks(got):
            wrong.append(f"{got}: the joint of {want} is not offered")
    return wrong


def test_german_compounds_break_at_their_joints_and_never_inside_a_stem(capsys):
    assert len(GERMAN) >= 40
    words = [w.replace("-", "").replace("=", "") for w in GERMAN]
    offered = hyphenate(capsys, "de", words)
    assert check(GERMAN, offered) == []
    assert offered[0] == "Uni-ver-si-täts-in-sti-tut"  # the example, as the command prints it


def test_english_words_break_between_syllables(capsys):
    words = [w.replace("-", "").replace("=", "") for w in ENGLISH]
    offered = hyphenate(capsys, "en", words)
    # at least 3 letters after a break in English: ex-pect-ed is offered as ex-pected
    assert check(ENGLISH, offered) == []
    assert offered[:4] == ["lo-ca-tion", "en-gi-neer-ing", "mu-nic-i-pal-i-ties", "ex-pected"]


def test_a_word_with_a_hyphen_breaks_only_there(capsys):
    assert hyphenate(capsys, "en", ["round-bottom", "state-of-the-art"]) == [
        "round-bottom", "state-of-the-art"]
    assert hyphenate(capsys, "de", ["Rheinland-Pfalz", "E-Mail-Adresse"]) == [
        "Rheinland-Pfalz", "E-Mail-Adresse"]


def test_soft_hyphens_in_a_word_are_its_only_breaks(capsys):
    # the patterns would give Wär-me-pum-pe; the editor allows only Wärme-pumpe
    assert hyphenate(capsys, "de", ["Wärme\u00adpumpe"]) == ["Wärme-pumpe"]


def test_minimum_letters_before_and_after_a_break(capsys):
    # German 2/2 as TeX: never one letter alone (O-ber-lan-des-ge-richt would be wrong)
    (de,) = hyphenate(capsys, "de", ["Oberlandesgericht"])
    assert de.startswith("Ober-")
    (en,) = hyphenate(capsys, "en", ["expected"])
    assert en == "ex-pected"  # en: 3 letters after a break


def write_edition(tmp_path: Path, hyphenation_yaml: str) -> Path:
    src = Path(__file__).resolve().parent.parent / "sources" / "clusterreportagen"
    folder = tmp_path / "sources" / "clusterreportagen"
    shutil.copytree(src, folder)
    yaml = (folder / "edition.yaml").read_text(encoding="utf-8")
    (folder / "edition.yaml").write_text(yaml.rstrip("\n") + "\n" + textwrap.dedent(hyphenation_yaml),
                                         encoding="utf-8")
    return folder


def test_an_editions_exceptions_decide_as_tex_hyphenation_does(tmp_path, capsys):
    folder = write_edition(tmp_path, """\
        hyphenation:
          de: [Netzwerk-treffen, Druck-erzeugnis]
          en:
            patterns: en-GB
            exceptions: [bio-econ-omy]
            left: 3
            right: 3
        """)
    words = ["Netzwerktreffen", "netzwerktreffen", "Druckerzeugnis", "Druckerzeugnisse"]
    plain = hyphenate(capsys, "de", words)
    assert plain[0] == "Netz-werktref-fen"  # the patterns miss the joint ...
    assert plain[2] == "Druckerzeug-nis"  # ... and keep off Drucker-zeugnis and Druck-erzeugnis
    edited = hyphenate(capsys, "de", words, "--edition", str(folder))
    assert edited[:3] == ["Netzwerk-treffen", "netzwerk-treffen", "Druck-erzeugnis"]
    assert edited[3] == plain[3]  # like TeX: an exception is one word form, not a stem
    en = hyphenate(capsys, "en", ["bioeconomy", "location", "university"], "--edition", str(folder))
    assert en == ["bio-econ-omy", "loc-a-tion", "uni-ver-sity"]  # British patterns, 3/3


def test_bad_use_is_an_error_without_a_traceback(tmp_path, capsys):
    assert main(["hyphenate", "--lang", "fr", "Bonjour"]) == 2
    err = capsys.readouterr().err
    assert "no hyphenation patterns for language 'fr'" in err and "Traceback" not in err
    assert main(["hyphenate", "--lang", "de", "--edition", str(tmp_path / "nowhere"), "Haus"]) == 2
    assert "not found" in capsys.readouterr().err


def test_unusable_settings_stop_the_build_naming_edition_yaml(tmp_path, capsys):
    folder = write_edition(tmp_path, """\
        hyphenation:
          de: [Ur--instinkt]
          en: {patterns: fr-FR}
        """)
    assert main(["build", str(folder), "--output", str(tmp_path / "out"), "--variant", "de"]) == 1
    err = capsys.readouterr().err
    assert re.search(re.escape(f"{folder / 'edition.yaml'}:") + r"\d+: unknown hyphenation patterns "
                     r"'fr-FR' for 'en'", err), err
    assert "'Ur--instinkt' for 'de' is not one word" in err
    assert "Traceback" not in err and not (tmp_path / "out" / "clusterreportagen.de.pdf").exists()
