"""The brief is one page, always (issue 19): extreme goals in every language and paper, long
words that wrap inside their box, emoji drawn with the shipped font, Thai broken only between
words, the full text kept in the Markdown and the goal file."""
from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest

from system_tools import require_tool
from smartkit.demos import demo_texts, load_demo
from smartkit.goals.assessment import judged_goal
from smartkit.reports import brief_markdown, brief_pdf, brief_png, build_brief, goal_json
from smartkit.reports.fit import (ELLIPSIS, LIMITS, SUBGOALS_SHOWN, WORD_JOINER, ZWSP, breakable, clusters,
                                  shorten)
from smartkit.reports.markdown import escape
from smartkit.reports.render import FONTS_DIR, brief_document

TODAY = dt.date(2026, 11, 26)
LANGS = ("en", "vi", "th", "fa")
MARGIN_X = 1.35 * 72 / 2.54          # the template's left and right margins, in points
PAPER_PT = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
LONG_WORD = "W" * 300
LONG_TEXT = {  # a sentence of each language, repeated to 5,000 characters
    "en": "Grow the local pizza business with more followers and more orders every week. ",
    "vi": "Tăng doanh số pizza tại địa phương với nhiều người theo dõi hơn mỗi tuần. ",
    "th": "เพิ่มยอดขายพิซซ่าในเมืองด้วยผู้ติดตามมากขึ้นภายในวันที่ 31 มีนาคม ",
    "fa": "افزایش فروش پیتزا در شهر با دنبال‌کنندگان بیشتر تا پایان اسفند ",
}


@pytest.fixture(scope="module")
def demo():
    loaded = load_demo("pepperoni_palace", TODAY)
    start = TODAY - dt.timedelta(days=12)
    draft = loaded.draft.model_copy(update={"start": start, "deadline": start + dt.timedelta(days=30)})
    return judged_goal(draft, loaded.history, TODAY)[0], loaded.history


def extreme(draft, lang: str):
    """Everything at once: a 5,000-character business goal and plan in the brief's language,
    a 300-character word in the name, the sources and the benchmark, a URL, emoji in the name,
    a long audience (in the statement), and 50 sub-goals with long names."""
    text = (LONG_TEXT[lang] * 80)[:5000]
    goal = draft.model_copy(update={
        "lang": lang, **demo_texts("pepperoni_palace", lang),
        "name": "Pizza 🍕 party 🎉 " + LONG_WORD, "business_goal": text,
        "plan": text + " https://example.com/" + "campaign/" * 40, "audience": LONG_TEXT[lang] * 6,
        "baseline_source": "Page Insights export " * 30 + LONG_WORD,
        "benchmark": 500.0, "benchmark_source": "Industry report " + LONG_WORD + " page " * 100})
    subgoals = [goal.model_copy(update={"name": f"Sub-goal {n} " + "x" * 200}) for n in range(50)]
    return goal, subgoals


def write(data: bytes, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pages(path: Path) -> int:
    info = subprocess.run([require_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def word_boxes(path: Path) -> list[tuple[float, float, float, float, str]]:
    """Every word poppler finds on the page, with its box (xMin, yMin, xMax, yMax) in points."""
    html = subprocess.run([require_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)
    return [(float(a), float(b), float(c), float(d), word) for a, b, c, d, word in found]


# ----------------------------------------------------------------------------- one page, always


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_an_extreme_goal_still_makes_one_page_with_every_word_inside_the_margins(lang, paper, demo, tmp_path):
    goal, subgoals = extreme(demo[0], lang)
    brief = build_brief(goal, demo[1], lang, TODAY, workspace="Client " + "C" * 200, subgoals=subgoals)
    path = write(brief_pdf(brief, paper), tmp_path, "extreme.pdf")
    assert pages(path) == 1
    width, height = PAPER_PT[paper]
    boxes = word_boxes(path)
    assert len(boxes) > 100
    outside = [box for box in boxes if box[0] < MARGIN_X - 1.5 or box[2] > width - MARGIN_X + 1.5
               or box[1] < 0 or box[3] > height]
    assert outside == []


def test_the_png_of_an_extreme_goal_is_the_whole_page_with_a_blank_right_margin(demo):
    from PIL import Image

    goal, subgoals = extreme(demo[0], "en")
    brief = build_brief(goal, demo[1], "en", TODAY, subgoals=subgoals)
    image = Image.open(io.BytesIO(brief_png(brief, "a4", ppi=72))).convert("L")
    assert image.size == (595, 842)  # one page: the brief is never longer, so this is all of it
    margin = image.crop((595 - int(MARGIN_X) + 2, 0, 595, 842))
    assert margin.getextrema()[0] >= 250  # nothing drawn in the right margin (white is 255)
    body = image.crop((int(MARGIN_X), 0, 595 - int(MARGIN_X), 842))
    assert body.getextrema()[0] < 100    # and the page is not blank


def test_an_emoji_in_the_goal_name_is_drawn_with_the_shipped_emoji_font(demo, tmp_path):
    goal = demo[0].model_copy(update={"name": "Pizza 🍕 party 🎉"})
    path = write(brief_pdf(build_brief(goal, demo[1], "en", TODAY)), tmp_path, "emoji.pdf")
    fonts = subprocess.run([require_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    assert "NotoEmoji-Regular" in fonts
    text = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "🍕" in text and "🎉" in text
    licence = (FONTS_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "Noto Emoji" in licence and "SIL Open Font License" in licence


# ----------------------------------------------------------------------------- what the page keeps


def test_each_field_is_shortened_at_its_length_and_the_markdown_and_goal_file_keep_it_all(demo):
    goal, subgoals = extreme(demo[0], "en")
    brief = build_brief(goal, demo[1], "en", TODAY, subgoals=subgoals)
    page = brief_document(brief)
    plan = next(fact for fact in page["facts"] if fact["label"] == "Plan")["value"]
    assert plan.endswith(ELLIPSIS) and LIMITS["fact_value"] - 2 <= len(clusters(plan.replace(ZWSP, ""))) <= LIMITS["fact_value"]
    assert len(clusters(page["document_title"])) == LIMITS["title"]
    assert len(page["subgoals"]) == SUBGOALS_SHOWN and page["subgoals_more"] == "and 44 more"
    markdown = brief_markdown(brief)
    assert escape(goal.plan) in markdown and escape(goal.name) in markdown
    assert markdown.count("Sub-goal ") == 50
    assert goal.plan in goal_json(goal, demo[1], TODAY)


def test_shorten_counts_what_a_reader_sees_as_one_character():
    assert shorten("a  b\n\tc", 10) == "a b c"
    assert shorten("x" * 11, 10) == "x" * 9 + ELLIPSIS
    family = "👨\u200d👩\u200d👧"
    assert shorten(family * 20, 5) == family * 4 + ELLIPSIS    # never half an emoji
    assert len(clusters("🇻🇳👍🏽é" + family)) == 4
    assert len(shorten("y" * 10_000_000, 80)) == 80           # a 10 MB name is cut without reading it all


def test_a_long_word_may_break_anywhere_but_a_normal_one_never():
    assert breakable("Pepperoni Palace followers") == "Pepperoni Palace followers"
    url = "https://example.com/" + "campaign/" * 5
    assert breakable(url).replace(ZWSP, "") == url and breakable(url).count(ZWSP) == len(url) - 1


# ----------------------------------------------------------------------------- Thai


def test_thai_is_cut_into_words_with_march_kept_whole():
    text = breakable("เพิ่มผู้ติดตามบนเฟซบุ๊กภายในวันที่ 31 มีนาคม")
    words = [word.replace(WORD_JOINER, "") for part in text.split(" ") for word in part.split(ZWSP)]
    assert "มีนาคม" in words and "ภายใน" in words and "เฟซบุ๊ก" in words


THAI_PAGE = """#set page(width: 12cm, height: auto, margin: 5mm)
#set text(font: ("Noto Sans Thai", "Noto Sans"), lang: "th", size: 10pt, fallback: false)
#for width in range(30, 200, step: 3) { block(width: width * 1pt, sys.inputs.text) }
"""


def thai_lines(text: str, tmp_path: Path) -> list[str]:
    """The lines of ``text`` typeset in boxes 30 to 200 pt wide, as poppler reads them back."""
    import typst

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS_DIR)])
    source = write(THAI_PAGE.encode(), tmp_path, "thai.typ")
    pdf = typst.Compiler(input=str(source), font_paths=fonts, ignore_system_fonts=True).compile(
        format="pdf", sys_inputs={"text": text})
    path = write(pdf, tmp_path, "thai.pdf")
    out = subprocess.run([require_tool("pdftotext"), "-raw", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [re.sub("[\u200b\u2060]", "", line).strip() for line in out.splitlines()]


def test_thai_lines_break_between_words_never_inside_march(tmp_path):
    sentence = "เพิ่มผู้ติดตามบนเฟซบุ๊กเป็น 480 ภายในวันที่ 31 มีนาคม 2570 วัดผลใน Page Insights"
    raw = thai_lines(sentence, tmp_path)
    assert any(line.endswith("มี") for line in raw)          # typst alone splits "มี|นาคม" (what was seen)
    lines = thai_lines(breakable(sentence), tmp_path)
    assert not any(line.endswith(("มี", "ภาย", "เฟซ")) for line in lines)
    assert sum("มีนาคม" in line for line in lines) >= 50        # every one of the 57 boxes has it whole
