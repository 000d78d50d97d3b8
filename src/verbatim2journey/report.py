"""The journey report: what one HTML page shows about a tagged export, built in one pass.

`ReportBuilder.add(chunk)` feeds the touchpoint matrix (`MatrixBuilder`, the same
aggregation as `--matrix`), the date range, and bounded seeded samples of verbatims per
(stage, polarity), per rupture cell and per rupture channel pair. `result()` then runs
spaCy on the sampled texts only, so the time and size of a report do not grow with the
file. The page itself is drawn by `report_html.py`.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .dates import DateRange
from .errors import V2JError, one_of
from .journey import DEFAULT_FRAMEWORK, Journey
from .labels import parse_channels, parse_rupture
from .matrix import TOTAL, MatrixBuilder, TouchpointMatrix
from .sampling import Reservoir, seed_for
from .tables import find_text_column
from .themes import SPACY_MODEL, group_themes

REPORT_FORMATS = {".html": "html", ".htm": "html"}
# Verbatims kept per (stage, polarity) for themes; all groups together never exceed the cap,
# which bounds the spaCy time of a report whatever the size of the file (a few seconds).
SAMPLE_PER_GROUP = 120
MAX_THEME_TEXTS = 1800
EXAMPLES_PER_RUPTURE = 3
# Kept per rupture cell and pair: more than shown, so that repeated texts still leave three.
RUPTURE_SAMPLE = 8
TOP_RUPTURES = 10
SEED = 0

# Moments of truth: touchpoints that weigh in the volume and lean clearly one way.
MOMENT_MIN_SHARE = 0.02
MOMENT_MIN_VOLUME = 3
MOMENT_MIN_NET = 0.5
TOP_MOMENTS = 10


def check_report_path(path) -> None:
    """Raise before any work if the report cannot be written where asked."""
    from .tables import check_output_path
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise V2JError("E002", suffix=suffix or "(none)", path=path, valid=one_of(REPORT_FORMATS))
    check_output_path(path)


def french_number(value: float, decimals: int = 2, *, sign: bool = False) -> str:
    """`-0.25` -> `−0,25`: French decimal comma and a true minus sign."""
    text = f"{value:+.{decimals}f}" if sign else f"{value:.{decimals}f}"
    return text.replace("-", "−").replace(".", ",")


def moment_rule() -> str:
    """The rule of `moments_of_truth`, in French, as the page states it."""
    return (f"Un point de contact (étape × canal cité, hors « non précisé ») est un moment de vérité "
            f"s'il réunit au moins {MOMENT_MIN_SHARE:.0%} des verbatims classés (et au moins "
            f"{MOMENT_MIN_VOLUME}) et si son score net est d'au moins {french_number(MOMENT_MIN_NET, sign=True)} "
            f"ou d'au plus {french_number(-MOMENT_MIN_NET, sign=True)}. Ils sont classés par volume × |score net|, "
            f"c'est-à-dire par l'écart entre enchantements et irritants ; {TOP_MOMENTS} au plus sont montrés."
            ).replace("%", "\u202f%")


@dataclass
class MomentOfTruth:
    row: str
    row_name: str
    channel: str
    channel_name: str
    volume: int
    share: float
    net: float
    irritants: int
    enchantements: int
    ruptures: int

    @property
    def weight(self) -> float:
        return self.volume * abs(self.net)


def moments_of_truth(matrix: TouchpointMatrix, no_channel_label: str) -> list[MomentOfTruth]:
    """The cells that pass `moment_rule()`, strongest first."""
    total = int(matrix.volume.at[TOTAL, TOTAL])
    if not total:
        return []
    names = dict(zip(matrix.rows, matrix.row_names))
    channel_names = dict(zip(matrix.columns, matrix.column_names))
    found = []
    for r in matrix.rows:
        if r == TOTAL:
            continue
        for c in matrix.columns:
            if c in (TOTAL, no_channel_label):
                continue
            v = int(matrix.volume.at[r, c])
            if v < MOMENT_MIN_VOLUME or v / total < MOMENT_MIN_SHARE:
                continue
            irr, enc = int(matrix.irritants.at[r, c]), int(matrix.enchantements.at[r, c])
            net = (enc - irr) / v
            if abs(net) >= MOMENT_MIN_NET:
                found.append(MomentOfTruth(r, names[r], c, channel_names[c], v, v / total, net, irr, enc,
                                           int(matrix.ruptures.at[r, c])))
    found.sort(key=lambda m: (-m.weight, -m.volume, m.row_name, m.channel_name))
    return found[:TOP_MOMENTS]


@dataclass
class RuptureGroup:
    """Ruptures of one cell (stage × channel) or one pair of channels, with a few examples."""

    label: str
    count: int
    examples: list = field(default_factory=list)


@dataclass
class JourneyReport:
    """Everything the page shows; `to_html()` draws it."""

    title: str
    source: str
    journey: Journey
    framework: str
    matrix: TouchpointMatrix
    themes: dict            # row -> {"irritant" | "enchantement": [Theme]}
    samples: dict           # row -> {"irritant" | "enchantement": (sampled, seen)}
    moments: list
    rupture_cells: list
    rupture_pairs: list
    n_rows: int
    n_neutral: int
    text_column: str | None
    date_column: str | None = None
    first_date: object = None
    last_date: object = None
    n_undated: int = 0
    model: dict | None = None
    generated: _dt.date = field(default_factory=_dt.date.today)

    @property
    def framework_name(self) -> str:
        if self.framework == DEFAULT_FRAMEWORK:
            return "étapes du parcours"
        return str(self.journey.frameworks.get(self.framework, {}).get("name", self.framework))

    def curve(self) -> list[tuple[str, str, int, float | None]]:
        """(row, display name, volume, net score or None when empty) per stage, in journey order."""
        m = self.matrix
        out = []
        for r, name in zip(m.rows, m.row_names):
            if r == TOTAL:
                continue
            v = int(m.volume.at[r, TOTAL])
            net = (m.enchantements.at[r, TOTAL] - m.irritants.at[r, TOTAL]) / v if v else None
            out.append((r, name, v, net))
        return out

    def to_html(self) -> str:
        from .report_html import render_report
        return render_report(self)

    def write(self, path) -> None:
        """Write the page under a temporary name, then rename it: no half-written report."""
        import os
        check_report_path(path)
        partial = Path(path).with_name(f".{Path(path).name}.partial")
        try:
            partial.write_text(self.to_html(), "utf-8")
            os.replace(partial, path)
        finally:
            if partial.exists():
                partial.unlink()


class ReportBuilder:
    """Accumulate tagged chunks; `result()` gives the `JourneyReport`.

    Memory is the matrix plus the bounded samples, whatever the number of rows. Pass
    `matrix_builder` to share the aggregation of a run that also writes `--matrix`.
    """

    def __init__(self, journey: Journey, *, framework: str = DEFAULT_FRAMEWORK, source: str = "the tagged file",
                 text_column: str | None = None, date_column: str | None = None, seed: int = SEED,
                 matrix_builder: MatrixBuilder | None = None):
        self.journey, self.framework, self.source = journey, framework, source
        self.matrix = matrix_builder or MatrixBuilder(journey, framework=framework, source=source)
        self.rows, self.row_of = journey.framework_rows(framework)
        self.text_option, self.text_column = text_column, None
        self.dates = DateRange(date_column, source=source)
        self.seed = seed
        self.negative = journey.polarity_with_role("negative")
        self.positive = journey.polarity_with_role("positive")
        self.neutral = journey.polarity_with_role("neutral")
        self.polarities = [p for p in (self.negative, self.positive) if p]
        n_groups = max(len(self.rows) * len(self.polarities), 1)
        self.sample_size = max(min(SAMPLE_PER_GROUP, MAX_THEME_TEXTS // n_groups), 1)
        self.samples = {(r, p): Reservoir(self.sample_size, seed_for(seed, (r, p)))
                        for r in self.rows for p in self.polarities}
        self.rupture_cells: dict = {}
        self.rupture_pairs: dict = {}
        self.pair_counts: Counter = Counter()
        self.n_rows = self.n_neutral = 0
        self._channel_order = {c: i for i, c in enumerate(journey.channel_ids)}

    def add(self, tagged: pd.DataFrame) -> None:
        self.matrix.add(tagged)  # checks the label columns and ids first
        if self.text_column is None:
            self.text_column = find_text_column(tagged, self.source, self.text_option)
        self.dates.add(tagged)
        self.n_rows += len(tagged)
        labelled = tagged[tagged["stage"].isin(self.journey.stage_ids)]
        if not len(labelled):
            return
        texts = labelled[self.text_column].astype(str).to_numpy()
        rows = labelled["stage"].map(self.row_of).to_numpy()
        polarity = labelled["polarity"].to_numpy()
        if "polarity_confidence" in labelled.columns:
            confidence = pd.to_numeric(labelled["polarity_confidence"], errors="coerce").fillna(0).to_numpy()
        else:
            confidence = np.zeros(len(labelled))
        if self.neutral:
            self.n_neutral += int((polarity == self.neutral).sum())
        groups = pd.DataFrame({"row": rows, "polarity": polarity}).groupby(["row", "polarity"], sort=False).indices
        for key, positions in groups.items():
            if key in self.samples:
                self.samples[key].extend(len(positions), lambda i, at=positions: (texts[at[i]], float(confidence[at[i]])))
        if "rupture" in labelled.columns:
            ruptured = np.array([parse_rupture(v, self.source) for v in labelled["rupture"]], dtype=bool)
            channels = labelled["channels"].to_numpy()
            for i in np.flatnonzero(ruptured):
                self._add_rupture(rows[i], parse_channels(channels[i]), (texts[i], float(confidence[i])))

    def _add_rupture(self, row: str, channels: list[str], item) -> None:
        channels = sorted(dict.fromkeys(channels), key=lambda c: self._channel_order.get(c, len(self._channel_order)))
        cells = channels or [self.journey.no_channel_label]
        for channel in cells:
            self._offer(self.rupture_cells, (row, channel), item)
        # A verbatim naming three channels counts in each of its three pairs.
        pairs = list(itertools.combinations(channels, 2)) if len(channels) > 1 else [tuple(channels)]
        for pair in pairs:
            self.pair_counts[pair] += 1
            self._offer(self.rupture_pairs, pair, item)

    def _offer(self, reservoirs: dict, key, item) -> None:
        if key not in reservoirs:
            reservoirs[key] = Reservoir(RUPTURE_SAMPLE, seed_for(self.seed, ("rupture", key)))
        reservoirs[key].extend(1, lambda i: item)

    def result(self, *, title: str | None = None, model: dict | None = None,
               spacy_model: str = SPACY_MODEL, generated: _dt.date | None = None) -> JourneyReport:
        matrix = self.matrix.result()
        journey = self.journey
        row_names = dict(zip(matrix.rows, matrix.row_names))
        groups = {key: [text for text, _ in r.items] for key, r in self.samples.items()}
        weights = {key: [conf for _, conf in r.items] for key, r in self.samples.items()}
        found = group_themes(groups, spacy_model=spacy_model, weight=lambda k, i: weights[k][i]) if any(groups.values()) else {}
        role = {self.negative: "irritant", self.positive: "enchantement"}
        themes = {r: {role[p]: found.get((r, p), []) for p in self.polarities} for r in self.rows}
        samples = {r: {role[p]: (len(self.samples[(r, p)].items), self.samples[(r, p)].seen) for p in self.polarities}
                   for r in self.rows}

        def examples(reservoir):
            # Distinct texts, the model's most confident calls first: they read as the clearest cases.
            ranked = sorted(reservoir.items, key=lambda x: (-x[1], len(x[0])))
            return list(dict.fromkeys(text for text, _ in ranked))[:EXAMPLES_PER_RUPTURE]

        def channel_name(c):
            return journey.channel_name(c) if c in journey.channel_ids else c

        cell_groups = []
        for (row, channel), reservoir in self.rupture_cells.items():
            count = int(matrix.ruptures.at[row, channel])
            cell_groups.append(RuptureGroup(f"{row_names[row]} × {channel_name(channel)}", count, examples(reservoir)))
        pair_groups = []
        for pair, reservoir in self.rupture_pairs.items():
            label = (" ↔ ".join(channel_name(c) for c in pair) if len(pair) == 2
                     else f"{channel_name(pair[0])} seul cité" if pair else "aucun canal cité")
            pair_groups.append(RuptureGroup(label, self.pair_counts[pair], examples(reservoir)))
        for groups_ in (cell_groups, pair_groups):
            groups_.sort(key=lambda g: (-g.count, g.label))
        return JourneyReport(
            title=title or f"Carte du parcours client : {Path(self.source).name}",
            source=self.source, journey=journey, framework=self.framework, matrix=matrix,
            themes=themes, samples=samples, moments=moments_of_truth(matrix, journey.no_channel_label),
            rupture_cells=cell_groups[:TOP_RUPTURES], rupture_pairs=pair_groups[:TOP_RUPTURES],
            n_rows=self.n_rows, n_neutral=self.n_neutral, text_column=self.text_column,
            date_column=self.dates.column, first_date=self.dates.first, last_date=self.dates.last,
            n_undated=self.dates.n_undated if self.dates.column else 0, model=model,
            generated=generated or _dt.date.today())


def report_inputs(model_dir=None, journey_path=None) -> tuple[dict | None, Journey]:
    """The model description and the journey of a report: the journey of the model that
    tagged the file (its manifest is read, the model is not loaded), unless a journey
    file is given; the default journey when neither is."""
    from .journey import journey_from_dict, load_journey
    from .persistence import describe_model

    model = None
    if model_dir:
        model, journey_data = describe_model(model_dir)
        if not journey_path:
            return model, journey_from_dict(journey_data, source=f"{model_dir}/manifest.json")
    return model, load_journey(journey_path)


def report_file(tagged_path, output_path, journey: Journey, *, framework: str = DEFAULT_FRAMEWORK,
                title: str | None = None, text_column: str | None = None, date_column: str | None = None,
                model: dict | None = None) -> JourneyReport:
    """Read a tagged file chunk by chunk and write its report; returns the report."""
    from .batch import check_distinct_paths
    from .tables import TableReader

    check_distinct_paths(tagged_path, output_path)
    check_report_path(output_path)
    journey.framework_rows(framework)  # an unknown framework fails before the file is read
    reader = TableReader(tagged_path)
    builder = ReportBuilder(journey, framework=framework, source=reader.name, text_column=text_column,
                            date_column=date_column)
    for chunk in reader.chunks():
        builder.add(chunk)
    report = builder.result(title=title, model=model)
    report.write(output_path)
    return report
