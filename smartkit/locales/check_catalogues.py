"""List what the translated catalogues lack against English: for the translators' sweep.

    python smartkit/locales/check_catalogues.py          # every language
    python smartkit/locales/check_catalogues.py vi fa    # some languages
    python smartkit/locales/check_catalogues.py --english   # also print the English text
    python smartkit/locales/check_catalogues.py --translated   # after a sweep: record English

Prints, per language, the keys missing from it, the stray keys English no longer has, the keys
whose ``{placeholders}`` differ from English, and empty messages; then the keys whose English
text changed since the translations were last brought up to date (``translated_from.json``
keeps the English they were made from; ``--translated`` rewrites it). Exits 1 when anything is
to do, 0 when every catalogue is complete. ``tests/test_i18n.py`` asserts the first four.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make ``smartkit`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from smartkit.i18n import LANGUAGES, catalogue_problems, read_catalogue  # noqa: E402

SNAPSHOT = Path(__file__).with_name("translated_from.json")
LABELS = {"missing": "missing", "stray": "stray (not in en.json)",
          "placeholders": "placeholders differ from English", "empty": "empty"}


def changed_in_english() -> list[str]:
    """Keys whose English text differs from the English the translations were made from."""
    if not SNAPSHOT.exists():
        return []
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return sorted(key for key, text in read_catalogue("en").items() if key in before and before[key] != text)


def record_translated() -> None:
    SNAPSHOT.write_text(json.dumps(read_catalogue("en"), ensure_ascii=False, indent=1, sort_keys=True)
                        + "\n", encoding="utf-8")


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
    changed = changed_in_english()
    if changed:
        wrong += len(changed)
        print(f"English text changed since translated ({len(changed)}): re-translate, then --translated")
        for key in changed:
            print(f"    {key}" + (f"  =  {english[key]}" if show_english else ""))
    return 1 if wrong else 0


def main(argv: list[str]) -> int:
    if "--translated" in argv:
        record_translated()
        print(f"recorded the English of {len(read_catalogue('en'))} keys in {SNAPSHOT.name}")
    show_english = "--english" in argv
    codes = [arg for arg in argv if not arg.startswith("-")] or [c for c in LANGUAGES if c != "en"]
    return report(codes, show_english)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
