"""The workbook's Summary sheet: figures gathered while the records stream past, then written.

Counts by team, kind and week (weeks start on Monday, Europe/London), patrol minutes in each
hotspot with the 10-16 minute visits that are the evidence-based dose, abstraction hours by
reason, engagements reaching seldom-heard groups, and the share of records dip-checked with
their outcomes where dip checks exist.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from exports.xlsx import Sheet, Style
from schemas.abstraction import AbstractionReason
from schemas.dip_check import DipCheckOutcome
from schemas.engagement import CommunityGroup
from schemas.kinds import ACTIVITY_KINDS

DOSE = range(10, 17)
"""Minutes in a hotspot that make the evidence-based dose (10 to 16)."""
WIDTHS = (30, 30, 18, 16, 16, 16, 16, 16)
KINDS = tuple(ACTIVITY_KINDS)


def _label(choice: type[Any], value: str) -> str:
    member = choice._value2member_map_.get(value)
    return member.label if member is not None else value


@dataclass
class Summary:
    """Running totals; `observe` is called once per record written."""

    seldom_heard: frozenset[str]
    with_dip_checks: bool
    weekly: Counter[tuple[str, date, str]] = field(default_factory=Counter)
    hotspots: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    reasons: dict[str, list[float]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0.0, 0.0])
    )
    groups: Counter[str] = field(default_factory=Counter)
    any_seldom: int = 0
    records: Counter[str] = field(default_factory=Counter)
    checked: Counter[tuple[str, str]] = field(default_factory=Counter)

    def observe(self, kind: str, row: Mapping[str, Any], day: date) -> None:
        """`day` is the record's start date in Europe/London."""
        self.weekly[(row["team_id"], day - timedelta(days=day.weekday()), kind)] += 1
        self.records[kind] += 1
        if self.with_dip_checks and row.get("dip_check_outcome"):
            self.checked[(kind, row["dip_check_outcome"])] += 1
        if kind == "patrol":
            minutes = row["hotspot_minutes"]
            if row["hotspot_id"] and minutes is not None:
                spot = self.hotspots[row["hotspot_id"]]
                spot[0] += 1
                spot[1] += minutes
                spot[2] += minutes in DOSE
        elif kind == "abstraction":
            hours = row["hours"] or 0.0
            reason = self.reasons[row["reason"]]
            reason[0] += 1
            reason[1] += hours
            if row["planned"]:
                reason[2] += hours
        elif kind == "engagement":
            reached = [g for g in row["community_groups"] or () if g in self.seldom_heard]
            self.groups.update(reached)
            self.any_seldom += bool(reached)

    def write(
        self,
        sheet: Sheet,
        heading: str,
        team_names: Mapping[str, str],
        hotspot_names: Mapping[str, str],
    ) -> None:
        sheet.append(["Summary"], Style.TITLE)
        sheet.append([heading])
        self._weekly(sheet, team_names)
        self._hotspots(sheet, hotspot_names)
        self._abstractions(sheet)
        self._seldom_heard(sheet)
        if self.with_dip_checks:
            self._dip_checks(sheet)

    def _section(self, sheet: Sheet, title: str, header: list[str]) -> None:
        sheet.append([])
        sheet.append([title], Style.TITLE)
        sheet.append(header, Style.HEADER)

    def _weekly(self, sheet: Sheet, team_names: Mapping[str, str]) -> None:
        labels = [ACTIVITY_KINDS[k].collection.capitalize() for k in KINDS]
        self._section(
            sheet,
            "Records by team and week",
            ["Team ID", "Team", "Week commencing", *labels, "Total"],
        )
        weeks = sorted({(team, week) for team, week, _ in self.weekly})
        for team, week in weeks:
            counts = [self.weekly[(team, week, k)] for k in KINDS]
            sheet.append([team, team_names.get(team, team), week, *counts, sum(counts)])
        totals = [self.records[k] for k in KINDS]
        sheet.append(["All teams", None, None, *totals, sum(totals)], Style.HEADER)

    def _hotspots(self, sheet: Sheet, names: Mapping[str, str]) -> None:
        self._section(
            sheet,
            "Patrol minutes in hotspots",
            [
                "Hotspot ID",
                "Hotspot",
                "Patrols",
                "Minutes in hotspot",
                "Average minutes per visit",
                "Visits of 10-16 minutes",
            ],
        )
        numbers = [Style.PLAIN] * 4 + [Style.DECIMAL, Style.PLAIN]
        for spot, (visits, minutes, dosed) in sorted(self.hotspots.items()):
            average = minutes / visits if visits else None
            sheet.append(
                [spot, names.get(spot, spot), visits, minutes, average, dosed], numbers=numbers
            )

    def _abstractions(self, sheet: Sheet) -> None:
        self._section(
            sheet,
            "Abstraction hours by reason",
            ["Reason", "Abstractions", "Hours", "Planned hours", "Unplanned hours"],
        )
        numbers = [Style.PLAIN, Style.PLAIN, Style.DECIMAL, Style.DECIMAL, Style.DECIMAL]
        total = [0, 0.0, 0.0]
        for reason, (count, hours, planned) in sorted(self.reasons.items()):
            sheet.append(
                [_label(AbstractionReason, reason), count, hours, planned, hours - planned],
                numbers=numbers,
            )
            total = [total[0] + count, total[1] + hours, total[2] + planned]
        sheet.append(
            ["All reasons", total[0], total[1], total[2], total[1] - total[2]],
            Style.HEADER,
        )

    def _seldom_heard(self, sheet: Sheet) -> None:
        self._section(
            sheet,
            "Engagements reaching seldom-heard groups",
            ["Community group", "Engagements", "Share of engagements"],
        )
        numbers = [Style.PLAIN, Style.PLAIN, Style.PERCENT]
        engagements = self.records["engagement"]
        rows = [
            (_label(CommunityGroup, g), self.groups[g])
            for g in (m.value for m in CommunityGroup)
            if g in self.seldom_heard
        ]
        rows.append(("Any seldom-heard group", self.any_seldom))
        for label, count in rows:
            share = count / engagements if engagements else None
            sheet.append([label, count, share], numbers=numbers)

    def _dip_checks(self, sheet: Sheet) -> None:
        outcomes = list(DipCheckOutcome)
        self._section(
            sheet,
            "Dip checks",
            ["Kind", "Records", "Dip-checked", "Share dip-checked", *[o.label for o in outcomes]],
        )
        numbers = [Style.PLAIN] * 3 + [Style.PERCENT] + [Style.PLAIN] * len(outcomes)
        for kind in (*KINDS, None):
            kinds = KINDS if kind is None else (kind,)
            records = sum(self.records[k] for k in kinds)
            by_outcome = [sum(self.checked[(k, o.value)] for k in kinds) for o in outcomes]
            checked = sum(by_outcome)
            label = "All kinds" if kind is None else ACTIVITY_KINDS[kind].collection.capitalize()
            share = checked / records if records else None
            sheet.append([label, records, checked, share, *by_outcome], numbers=numbers)
