"""The goal statement and the verdicts in Vietnamese, Thai and Persian.

The Pepperoni Palace goal (001) as a marketer of each language would type it: the scope is the
user's own words, so it is written in their language; everything else comes from the catalogues.
"""
import datetime as dt
import json
import re

import pytest

from worked_examples import GOALS, TODAY, goal
from smartkit.catalogue import catalogue
from smartkit.i18n import LANGUAGES, Lang
from smartkit.models import GoalDraft
from smartkit.goals.criteria import evaluate
from smartkit.goals.statement import statement
from smartkit.wording import period
from in_process import smartkit

ZWNJ = "\u200c"
SCOPE = {"vi": "tại thành phố", "th": "ในเมืองของเรา", "fa": "در شهر ما"}


def pepperoni_in(code: str) -> GoalDraft:
    return goal("pepperoni_palace", scope=SCOPE[code], lang=code)


# ----------------------------------------------------------------------------- Pepperoni Palace


def test_pepperoni_palace_in_vietnamese():
    assert statement(pepperoni_in("vi")) == (
        "Tăng số người theo dõi Facebook tại thành phố thêm 20% (từ 400 lên 480) "
        "trước ngày 31 tháng 12, 2026, đo bằng Page Insights và xem xét hằng tuần.")


def test_pepperoni_palace_in_thai_spaces_between_phrases_and_no_final_full_stop():
    assert statement(pepperoni_in("th")) == (
        "เพิ่มผู้ติดตาม Facebook ในเมืองของเรา ขึ้น 20% (จาก 400 เป็น 480) "
        "ภายในวันที่ 31 ธันวาคม ค.ศ. 2026 วัดผลด้วย Page Insights และทบทวนทุกสัปดาห์")


def test_pepperoni_palace_in_thai_with_the_buddhist_era():
    assert statement(pepperoni_in("th"), Lang("th", "buddhist")) == (
        "เพิ่มผู้ติดตาม Facebook ในเมืองของเรา ขึ้น 20% (จาก 400 เป็น 480) "
        "ภายในวันที่ 31 ธันวาคม พ.ศ. 2569 วัดผลด้วย Page Insights และทบทวนทุกสัปดาห์")


def test_pepperoni_palace_in_persian():
    assert statement(pepperoni_in("fa")) == (
        f"افزایش دنبال{ZWNJ}کنندگان فیسبوک در شهر ما به میزان 20% (از 400 به 480) "
        "تا 31 دسامبر 2026، با سنجش در Page Insights و بازبینی هفتگی.")


def test_pepperoni_palace_in_persian_digits_and_the_solar_hijri_calendar():
    assert statement(pepperoni_in("fa"), Lang("fa", "persian", native_digits=True)) == (
        f"افزایش دنبال{ZWNJ}کنندگان فیسبوک در شهر ما به میزان ۲۰٪ (از ۴۰۰ به ۴۸۰) "
        "تا ۱۰ دی ۱۴۰۵، با سنجش در Page Insights و بازبینی هفتگی.")


def test_the_goal_s_saved_language_and_calendar_are_the_default():
    draft = pepperoni_in("fa").model_copy(update={"calendar": "persian"})
    assert "تا 10 دی 1405،" in statement(draft)


def test_user_text_is_kept_as_typed():
    assert "Facebook in our city thêm 20%" in statement(goal("pepperoni_palace"), "vi")


# ----------------------------------------------------------------------------- grammar


CPC_DOWN = GoalDraft(kpi="cpc", channel="facebook", baseline=1.25, target=1.0, currency="USD",
                     deadline=dt.date(2027, 3, 31))


@pytest.mark.parametrize("code, expected", [
    ("vi", "Giảm giá mỗi nhấp chuột (CPC) Facebook 20% (từ 1,25\xa0US$ xuống 1,00\xa0US$) "
           "trước ngày 31 tháng 3, 2027."),
    ("th", "ลดต้นทุนต่อคลิก (CPC) Facebook ลง 20% (จาก US$1.25 เหลือ US$1.00) "
           "ภายในวันที่ 31 มีนาคม ค.ศ. 2027"),
    ("fa", "کاهش هزینه هر کلیک (CPC) فیسبوک به میزان 20% (از \u200e$\xa01.25 به \u200e$\xa01.00) "
           "تا 31 مارس 2027."),
])
def test_a_decrease_reads_down_in_each_language(code, expected):
    assert statement(CPC_DOWN, code) == expected


@pytest.mark.parametrize("code, expected", [
    ("en", "Keep Facebook followers at 400, reviewed monthly."),
    ("vi", "Duy trì số người theo dõi Facebook ở mức 400, xem xét hằng tháng."),
    ("th", "รักษาผู้ติดตาม Facebook ไว้ที่ 400 ทบทวนทุกเดือน"),
    ("fa", f"حفظ دنبال{ZWNJ}کنندگان فیسبوک در سطح 400، با بازبینی ماهانه."),
])
def test_keeping_a_level_names_the_level(code, expected):
    draft = GoalDraft(kpi="followers", channel="facebook", baseline=400, target=400,
                      review_every_days=30)
    assert statement(draft, code) == expected


@pytest.mark.parametrize("code, expected", [
    ("vi", "Tăng phiên truy cập website thêm 25%, xem xét 2 tuần một lần."),
    ("th", "เพิ่มเซสชัน เว็บไซต์ ขึ้น 25% ทบทวนทุก 2 สัปดาห์"),
    ("fa", f"افزایش تعداد جلسه (سشن) وب{ZWNJ}سایت به میزان 25%، با بازبینی هر 2 هفته یک{ZWNJ}بار."),
])
def test_missing_parts_leave_no_gap_before_the_comma(code, expected):
    draft = GoalDraft(kpi="sessions", channel="website", target_change_pct=25, review_every_days=14)
    assert statement(draft, code) == expected


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_kpi_makes_a_complete_statement_in_every_language(code):
    for kpi in catalogue().kpis:
        draft = GoalDraft(kpi=kpi.id, channel="facebook", scope="x", baseline=50, target=60,
                          deadline=dt.date(2027, 3, 31), tracking="ga4", review_every_days=7)
        text = statement(draft, code)
        assert "{" not in text and "statement." not in text and "kpi." not in text, text


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("name", ["pepperoni_palace", "ten_thousand_followers", "increase_sales",
                                  "engagement_rate", "website_traffic", "double_traffic",
                                  "product_x_sales"])
def test_verdicts_of_the_worked_examples_render_in_every_language(code, name):
    report = evaluate(goal(name), today=TODAY).as_dict(code)
    texts = [report_text for verdict in report["verdicts"].values()
             for report_text in (verdict["reason"], verdict["fix"]) if report_text]
    for text in texts + report["fix_first"]:
        assert "{" not in text and not any(f"{area}." in text for area in ("smart", "kpi", "period")), text


# ----------------------------------------------------------------------------- command line




def test_check_prints_vietnamese_letters_reasons_and_statement():
    run = smartkit("check", str(GOALS / "pepperoni_palace.json"), "--lang", "vi",
                   "--today", TODAY.isoformat())
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("✔ Cụ thể: Xác định rõ ràng: số người theo dõi trên Facebook")
    assert "✔ Đo lường được: Số người theo dõi được đo bằng Page Insights, bắt đầu từ 400." in lines
    assert any(line.startswith("✔ Có thể đạt được: ") for line in lines)
    assert "✔ Có liên quan: Số người theo dõi phục vụ mục đích Nhận diện thương hiệu" in run.stdout
    assert ("✔ Có giới hạn thời gian: Từ 1 tháng 12, 2026 đến 31 tháng 12, 2026: một tháng, tính cả hai ngày, "
            "xem xét hằng tuần.") in lines
    assert "Mục tiêu đã đạt SMART: sẵn sàng chia sẻ với nhóm." in lines
    assert lines[-1] == ("Tăng số người theo dõi Facebook in our city thêm 20% (từ 400 lên 480) "
                         "trước ngày 31 tháng 12, 2026, đo bằng Page Insights và xem xét hằng tuần.")


def test_check_prints_thai_letters():
    run = smartkit("check", str(GOALS / "pepperoni_palace.json"), "--lang", "th",
                   "--today", TODAY.isoformat())
    assert run.returncode == 0, run.stderr
    for letter in ("เฉพาะเจาะจง", "วัดผลได้", "ทำได้จริง", "สอดคล้อง", "มีกรอบเวลา"):
        assert f"✔ {letter}: " in run.stdout
    assert run.stdout.splitlines()[-1].startswith("เพิ่มผู้ติดตาม Facebook in our city ขึ้น 20%")


def test_check_json_in_persian_gives_the_persian_statement_and_fixes():
    run = smartkit("check", str(GOALS / "ten_thousand_followers.json"), "--lang", "fa", "--json",
                   "--today", TODAY.isoformat())
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["statement"].startswith(f"افزایش دنبال{ZWNJ}کنندگان فیسبوک")
    assert result["verdicts"]["achievable"]["status"] == "fail"
    assert all("\u0600" <= fix[0] <= "\u06ff" or fix[0] in "«" for fix in result["fix_first"])


# ----------------------------------------------------------------------------- periods (issue 10)

PERIODS_EN = {1: "1 day", 2: "2 days", 6: "6 days", 27: "27 days", 31: "one month", 45: "one month", 46: "1.5 months",
              92: "3 months", 732: "24 months", 733: "24.1 months", 1096: "3 years", 36890: "101 years"}


@pytest.mark.parametrize("days, expected", PERIODS_EN.items())
def test_a_goal_period_reads_with_the_right_plural(days, expected):
    assert period(days).render("en") == expected


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("days", [1, 2, 7, 27, 31, 45, 92, 365, 732, 733, 1096, 36890])
def test_every_time_bound_message_reads_for_short_and_long_periods(code, days):
    start = dt.date(2026, 12, 1)
    for review in (7, None):
        draft = goal("pepperoni_palace", start=start, deadline=start + dt.timedelta(days=days - 1),
                     review_every_days=review)
        verdict = evaluate(draft, today=TODAY).as_dict(code)["verdicts"]["time_bound"]
        for text in filter(None, (verdict["reason"], verdict["fix"])):
            assert "{" not in text and not re.search(r"\b(goals|smart|period)\.[a-z]", text), text
            assert not re.search(r"\b(nan|inf)\b|\b1 days\b|\b1\.0 |\b0 days\b", text, re.IGNORECASE), text


def test_a_one_day_goal_says_1_day_not_1_days():
    draft = goal("pepperoni_palace", start=dt.date(2026, 12, 1), deadline=dt.date(2026, 12, 2))
    assert reason_of(draft, "time_bound") == ("A goal period of 2 days (1 December 2026 to 2 December 2026) "
                                              "is too short to see a real change.")
    assert period(1).render("en") == "1 day"


def test_the_period_in_time_bound_counts_both_ends_like_the_target_page():
    assert reason_of(goal("pepperoni_palace", deadline=dt.date(2026, 12, 14)), "time_bound").startswith(
        "From 1 December 2026 to 14 December 2026: 14 days, both days counted")


def reason_of(draft: GoalDraft, letter: str) -> str:
    return evaluate(draft, today=TODAY).as_dict("en")["verdicts"][letter]["reason"]
