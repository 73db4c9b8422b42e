"""The KPI catalogue: which metrics exist, how they behave, which objectives they serve.

The catalogue is data (``catalogue.json`` beside this file), loaded and validated once. Names
and definitions are messages (``kpi.<id>.name`` / ``kpi.<id>.definition``) so they are translated
like every other string.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from smartkit.errors import UnknownKPIError
from smartkit.i18n import Lang, Message, as_lang, t

Kind = Literal["count", "stock", "ratio", "average"]
Unit = Literal["count", "currency", "percent", "ratio", "seconds"]
Direction = Literal["higher", "lower"]

_CATALOGUE_FILE = Path(__file__).parent / "catalogue.json"


class KPI(BaseModel, frozen=True):
    """One metric. A ratio is ``sum(numerator) / sum(denominator) * scale`` over a period,
    never a mean of daily ratios; a derived count is ``sum(numerator) - sum(subtract)``."""

    id: str
    kind: Kind
    unit: Unit
    direction: Direction
    objectives: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    source: str = "manual"
    vanity_for: tuple[str, ...] = ()
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    subtract: tuple[str, ...] = ()
    scale: float = 1.0
    paid: bool = False
    unique: bool = Field(False, description="counts unique people: summing days overstates it")

    @property
    def derived(self) -> bool:
        return bool(self.numerator)

    @property
    def inputs(self) -> tuple[str, ...]:
        """The metrics this KPI is computed from (empty for a measured metric)."""
        return self.numerator + self.denominator + self.subtract

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"

    def is_vanity_for(self, objective: str | None) -> bool:
        return objective in self.vanity_for

    def name(self, lang: Lang | str = "en") -> str:
        return t(f"kpi.{self.id}.name", lang)

    def definition(self, lang: Lang | str = "en") -> str:
        return t(f"kpi.{self.id}.definition", lang)

    def formula(self, lang: Lang | str = "en") -> str | None:
        """The formula in words, e.g. "Link clicks ÷ Impressions × 100"; None when measured."""
        if not self.derived:
            return None

        def names(ids: tuple[str, ...]) -> str:
            joined = " + ".join(t(f"kpi.{i}.name", lang) for i in ids)
            return f"({joined})" if len(ids) > 1 else joined

        text = names(self.numerator)
        if self.subtract:
            text += " − " + names(self.subtract)
        if self.denominator:
            text += " ÷ " + names(self.denominator)
        if self.scale != 1:
            text += f" × {self.scale:g}"
        return text


class Objective(BaseModel, frozen=True):
    id: str
    journey_stage: str
    race_stage: str


class Catalogue(BaseModel, frozen=True):
    objectives: tuple[Objective, ...]
    journey_stages: tuple[str, ...]
    race_stages: tuple[str, ...]
    channels: tuple[str, ...]
    tracking_methods: tuple[str, ...]
    kpis: tuple[KPI, ...]

    @model_validator(mode="after")
    def _consistent(self) -> "Catalogue":
        ids = [k.id for k in self.kpis]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate KPI ids in the catalogue")
        objective_ids = {o.id for o in self.objectives}
        for kpi in self.kpis:
            missing = set(kpi.inputs) - set(ids)
            if missing:
                raise ValueError(f"{kpi.id}: formula inputs {sorted(missing)} are not KPIs")
            if kpi.kind == "ratio" and not (kpi.numerator and kpi.denominator):
                raise ValueError(f"{kpi.id}: a ratio needs a numerator and a denominator")
            unknown = (set(kpi.objectives) | set(kpi.vanity_for)) - objective_ids
            unknown_channels = set(kpi.channels) - set(self.channels)
            if unknown or unknown_channels:
                raise ValueError(f"{kpi.id}: unknown objectives/channels {unknown | unknown_channels}")
        for objective in objective_ids:
            if not any(objective in k.objectives for k in self.kpis):
                raise ValueError(f"objective {objective} has no KPI")
        return self

    def kpi(self, kpi_id: str) -> KPI:
        for kpi in self.kpis:
            if kpi.id == kpi_id:
                return kpi
        raise UnknownKPIError(kpi=kpi_id)

    def __contains__(self, kpi_id: object) -> bool:
        return any(k.id == kpi_id for k in self.kpis)

    def objective(self, objective_id: str) -> Objective:
        return next(o for o in self.objectives if o.id == objective_id)

    def kpis_for(self, objective: str | None = None, channel: str | None = None) -> list[KPI]:
        """KPIs that serve the objective on the channel, non-vanity ones first."""
        found = [k for k in self.kpis
                 if (objective is None or objective in k.objectives)
                 and (channel is None or channel in k.channels)]
        return sorted(found, key=lambda k: k.is_vanity_for(objective))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The validated catalogue (read once per process)."""
    return Catalogue.model_validate(json.loads(_CATALOGUE_FILE.read_text(encoding="utf-8")))


def get_kpi(kpi_id: str) -> KPI:
    """The catalogue entry for an id; :class:`UnknownKPIError` when there is none."""
    return catalogue().kpi(kpi_id)


class KpiName(Message):
    """A KPI's name as it reads inside a sentence ("followers", but "CTR"): a message parameter
    (``KpiName("kpi_name", {"id": "followers"})``) that renders in the message's language. It
    lives with the names (not in :mod:`smartkit.wording`, which re-exports it) so the goal
    model can name a KPI in its refusals without importing the goal wording back."""

    def render(self, lang: Lang | str | None = "en") -> str:
        name = t(f"kpi.{self.params['id']}.name", lang)
        return sentence_case(name) if as_lang(lang).code in ("en", "vi") else name


def channel_label(channel: str, lang: Lang | str | None = "en") -> str:
    """A channel's name standing alone (a list, an option, a table cell), in sentence case:
    "Online shop", "Website", "Facebook". ``channel.<id>`` is worded for inside a sentence
    ("Increase online shop sales"), so its first letter is raised here, in one place."""
    name = t(f"channel.{channel}", lang)
    return name[:1].upper() + name[1:]


def sentence_case(name: str) -> str:
    """"Followers" → "followers" inside a sentence; "CTR" stays "CTR"."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name
