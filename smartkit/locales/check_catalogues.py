"""List what the translated catalogues lack against English: for the translators' sweep.

    python smartkit/locales/check_catalogues.py          # every language
    python smartkit/locales/check_catalogues.py vi fa    # some languages
    python smartkit/locales/check_catalogues.py --english   # also print the English text

Prints, per language, the keys missing from it, the stray keys English no longer has, the keys
whose ``{placeholders}`` differ from English, and empty messages. Exits 1 when anything is
wrong, 0 when every catalogue is complete. ``tests/test_i18n.py`` asserts the same.
"""
from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make ``smartkit`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from smartkit.i18n import LANGUAGES, catalogue_problems, read_catalogue  # noqa: E402

LABELS = {"missing": "missing", "stray": "stray (not in en.json)",
          "placeholders": "placeholders differ from English", "empty": "empty"}


def report(codes: list[str], show_english: bool = False) -> int:
    english = read_catalogue("en")
    wrong = 0
    for code in codes:
        problems = catalogue_problems(code)
        count = sum(len(keys) for keys in problems.values())
        wrong += count
        print(f"{code}: {'complete' if not count else f'{count} problem(s)'}")
        for kind, keys in problems.items():
            if keys:
                print(f"  {LABELS[kind]} ({len(keys)}):")
                for key in keys:
                    print(f"    {key}" + (f"  =  {english.get(key, '')}" if show_english else ""))
    return 1 if wrong else 0


def main(argv: list[str]) -> int:
    show_english = "--english" in argv
    codes = [arg for arg in argv if not arg.startswith("-")] or [c for c in LANGUAGES if c != "en"]
    return report(codes, show_english)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
