"""The word cache of the hyphenation patterns (issues 6 and 14) changes the speed of
hyphenation, never its result; a process whose words are all known loads in < 0.1 s."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pyphen

WORDS = ["Forschungseinrichtungen", "Straßenbahnhaltestelle", "Innovationscluster",
         "Ostseeküste", "Zusammenarbeit", "Biotechnologie", "laboratory", "collaboration"]

SCRIPT = """
import json, sys, time
t0 = time.process_time()  # CPU time: a busy machine does not make it look slower
from pipeline.layout import hyphenation
found = {lang: {w: hyphenation.hyphenator(lang)(w) for w in sys.argv[1:]} for lang in ("de", "en")}
seconds = time.process_time() - t0
parsed = sorted(name for name, s in hyphenation._SETS.items() if "pyphen" in vars(s))
hyphenation.save_caches()
print(json.dumps({"found": found, "seconds": seconds, "parsed": parsed}))
"""


def _run(cache) -> dict:
    out = subprocess.run([sys.executable, "-c", SCRIPT, *WORDS], capture_output=True, text=True,
                         check=True, env={**os.environ, "PIPELINE_CACHE_DIR": str(cache)})
    return json.loads(out.stdout)


def test_cached_words_hyphenate_exactly_like_the_patterns(tmp_path):
    first = _run(tmp_path)  # parses the patterns and writes the cache
    assert first["parsed"] == ["de-1996", "en-us"]
    assert len(list(tmp_path.glob("words-*.marshal"))) == 2
    second = _run(tmp_path)  # every word known: the patterns are not even parsed
    assert second["parsed"] == []
    assert second["found"] == first["found"]
    assert second["seconds"] < 0.1, second["seconds"]
    for lang, file, (left, right) in (("de", "hyph_de_1996.dic", (2, 2)), ("en", "hyph_en_us.dic", (2, 3))):
        from pipeline.layout.hyphenation import PATTERNS
        dic = pyphen.Pyphen(filename=str(PATTERNS / file), left=left, right=right)
        for word in WORDS:
            expected = [[word[:p], word[p:]] for p in sorted(dic.positions(word), reverse=True)]
            assert second["found"][lang][word] == expected, (lang, word)


def test_a_broken_cache_file_is_parsed_again(tmp_path):
    good = _run(tmp_path)
    for cache in tmp_path.glob("words-*.marshal"):
        cache.write_bytes(b"not marshal data")
    again = _run(tmp_path)
    assert again["parsed"] == ["de-1996", "en-us"]
    assert again["found"] == good["found"]
