"""Label columns: parse them from files, check them against a journey."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import V2JError, one_of
from .journey import Journey

HEADS = ("stage", "channels", "polarity", "rupture")
CHANNEL_SEPARATOR = "|"
_TRUE = {"true", "1", "yes", "oui", "vrai", "t", "y"}
_FALSE = {"false", "0", "no", "non", "faux", "f", "n", ""}


def parse_channels(value) -> list[str]:
    """`"site_web|telephone"`, a list, or empty/NaN -> a list of ids."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(CHANNEL_SEPARATOR) if v.strip()]


def parse_rupture(value, where: str) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return False
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise V2JError("E009", value=value, where=where)


def check_labels(y: pd.DataFrame, journey: Journey, *, where: str, row_ids=None) -> pd.DataFrame:
    """Return `y` with parsed channels and rupture; raise on the first unknown label id."""
    missing = [h for h in HEADS if h not in y.columns]
    if missing:
        raise V2JError("E008", fields=one_of(missing), path=where, required=one_of(("text",) + HEADS))
    y = y.copy()
    row_ids = list(row_ids) if row_ids is not None else [f"row {i + 1}" for i in range(len(y))]
    valid = {"stage": journey.stage_ids, "polarity": journey.polarity_ids}
    for head, ids in valid.items():
        bad = ~y[head].isin(ids)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise V2JError("E007", field=head, value=y[head].iloc[i],
                           where=f"{where}, {row_ids[i]}", valid=one_of(ids))
    y["channels"] = [parse_channels(v) for v in y["channels"]]
    channel_ids = set(journey.channel_ids)
    for i, chans in enumerate(y["channels"]):
        for c in chans:
            if c not in channel_ids:
                raise V2JError("E007", field="channel", value=c, where=f"{where}, {row_ids[i]}",
                               valid=one_of(journey.channel_ids))
    y["rupture"] = [parse_rupture(v, f"{where}, {row_ids[i]}") for i, v in enumerate(y["rupture"])]
    return y


def channel_matrix(channels, channel_ids: list[str]) -> np.ndarray:
    """Lists of channel ids -> a boolean matrix (rows × channels, in journey order)."""
    index = {c: j for j, c in enumerate(channel_ids)}
    out = np.zeros((len(channels), len(channel_ids)), dtype=bool)
    for i, chans in enumerate(channels):
        for c in chans:
            out[i, index[c]] = True
    return out
