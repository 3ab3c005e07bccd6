"""The parsed-patterns cache (issue 6) changes the speed of hyphenation, never its result."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pyphen

WORDS = ["Forschungseinrichtungen", "Straßenbahnhaltestelle", "Innovationscluster",
         "Ostseeküste", "Zusammenarbeit", "Biotechnologie", "laboratory", "collaboration"]

SCRIPT = """
import json, sys
from pipeline.layout.hyphenation import hyphenator
print(json.dumps({lang: {w: hyphenator(lang)(w) for w in sys.argv[1:]} for lang in ("de", "en")}))
"""


def _run(cache) -> dict:
    out = subprocess.run([sys.executable, "-c", SCRIPT, *WORDS], capture_output=True, text=True,
                         check=True, env={**os.environ, "PIPELINE_CACHE_DIR": str(cache)})
    return json.loads(out.stdout)


def test_cached_patterns_hyphenate_exactly_like_pyphen(tmp_path):
    first = _run(tmp_path)  # parses and writes the cache
    assert len(list(tmp_path.glob("pyphen-*.marshal"))) == 2
    second = _run(tmp_path)  # loads the cache
    assert first == second
    for lang, code in (("de", "de_DE"), ("en", "en_GB")):
        dic = pyphen.Pyphen(lang=code, left=3, right=3)
        for word in WORDS:
            expected = [[word[:p], word[p:]] for p in sorted(dic.positions(word), reverse=True)]
            assert second[lang][word] == expected, (lang, word)


def test_a_broken_cache_file_is_parsed_again(tmp_path):
    _run(tmp_path)
    for cache in tmp_path.glob("pyphen-*.marshal"):
        cache.write_bytes(b"not marshal data")
    assert _run(tmp_path)["de"]["Ostseeküste"]
