import pytest

from smartkit.catalogue import catalogue, get_kpi
from smartkit.errors import UnknownKPIError
from smartkit.i18n import LANGUAGES, messages

ISSUE_IDS = """impressions reach link_clicks clicks spend results purchases purchase_value conversions
conversion_value landing_page_views page_visits messages checkouts_initiated video_views profile_views
likes comments shares phone_clicks leads followers new_followers lost_followers net_followers users
new_users returning_users sessions visitors event_count ctr cpc cpm frequency roas conversion_rate
engagement_rate cost_per_result response_rate response_time""".split()


def test_every_id_named_in_the_issue_is_in_the_catalogue():
    assert set(ISSUE_IDS) <= {k.id for k in catalogue().kpis}


def test_catalogue_covers_about_forty_kpis_from_the_articles():
    assert len(catalogue().kpis) >= 40


def test_every_formula_input_is_itself_a_kpi():
    ids = {k.id for k in catalogue().kpis}
    for kpi in catalogue().kpis:
        assert set(kpi.inputs) <= ids, kpi.id


def test_every_objective_has_non_vanity_kpis():
    for objective in catalogue().objectives:
        good = [k for k in catalogue().kpis_for(objective.id) if not k.is_vanity_for(objective.id)]
        assert len(good) >= 3, objective.id


def test_the_four_broad_objectives_of_the_thai_article():
    assert [o.id for o in catalogue().objectives] == ["awareness", "engagement", "customer_service", "leads_sales"]


def test_journey_and_race_stages():
    assert catalogue().journey_stages == ("awareness", "consideration", "conversion")
    assert catalogue().race_stages == ("plan", "reach", "act", "convert", "engage")


def test_ctr_is_link_clicks_over_impressions_in_percent():
    ctr = get_kpi("ctr")
    assert (ctr.kind, ctr.numerator, ctr.denominator, ctr.scale) == ("ratio", ("link_clicks",), ("impressions",), 100)
    assert ctr.formula() == "Link clicks ÷ Impressions × 100"


def test_every_ratio_has_both_parts_and_every_stock_is_not_summed():
    for kpi in catalogue().kpis:
        if kpi.kind == "ratio":
            assert kpi.numerator and kpi.denominator, kpi.id
    assert get_kpi("followers").kind == "stock"


def test_followers_likes_and_impressions_are_vanity_for_leads_and_sales():
    for kpi_id in ("followers", "likes", "impressions"):
        assert get_kpi(kpi_id).is_vanity_for("leads_sales")
        assert not get_kpi(kpi_id).is_vanity_for("awareness")


def test_cost_kpis_are_better_when_lower():
    for kpi_id in ("cpc", "cpm", "cost_per_result", "response_time"):
        assert not get_kpi(kpi_id).higher_is_better


def test_kpis_for_an_objective_and_channel_put_vanity_metrics_last():
    found = catalogue().kpis_for("leads_sales", "facebook")
    vanity = [k.is_vanity_for("leads_sales") for k in found]
    assert vanity == sorted(vanity)
    assert all("facebook" in k.channels and "leads_sales" in k.objectives for k in found)


def test_unknown_kpi_is_a_clear_error():
    with pytest.raises(UnknownKPIError, match="folowers"):
        get_kpi("folowers")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kpi_has_a_name_and_definition_in_every_language(lang):
    for kpi in catalogue().kpis:
        assert messages(lang).get(f"kpi.{kpi.id}.name"), (lang, kpi.id)
        assert messages(lang).get(f"kpi.{kpi.id}.definition"), (lang, kpi.id)
