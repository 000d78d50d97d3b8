"""The journey as data: stages in order, channels, polarities, rupture, frameworks."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import V2JError, one_of

DEFAULT_JOURNEY_FILE = "default_journey.toml"
DEFAULT_FRAMEWORK = "default"


@dataclass(frozen=True)
class Label:
    id: str
    name: str
    description: str = ""
    frameworks: dict = field(default_factory=dict)
    cues: tuple = ()
    role: str = ""


@dataclass(frozen=True)
class Journey:
    """A customer journey: the label set a model predicts and the matrix is drawn on."""

    name: str
    stages: tuple
    channels: tuple
    polarities: tuple
    frameworks: dict
    no_channel_label: str = "non précisé"
    version: str = "1"
    language: str = "fr"
    rupture_name: str = "Rupture"

    @property
    def stage_ids(self) -> list[str]:
        return [s.id for s in self.stages]

    @property
    def channel_ids(self) -> list[str]:
        return [c.id for c in self.channels]

    @property
    def polarity_ids(self) -> list[str]:
        return [p.id for p in self.polarities]

    def polarity_with_role(self, role: str) -> str | None:
        """The polarity id the matrix counts as `negative` (irritants) or `positive`."""
        found = next((p.id for p in self.polarities if p.role == role), None)
        if found is None and not any(p.role for p in self.polarities):
            # A journey file that declares no roles keeps the default journey's ids.
            found = {"negative": "irritant", "positive": "enchantement"}.get(role)
            found = found if found in self.polarity_ids else None
        return found

    def stage_name(self, stage_id: str) -> str:
        return {s.id: s.name for s in self.stages}.get(stage_id, stage_id)

    def channel_name(self, channel_id: str) -> str:
        return {c.id: c.name for c in self.channels}.get(channel_id, channel_id)

    def framework_rows(self, framework: str) -> tuple[list[str], dict[str, str]]:
        """Rows of the matrix in `framework` and the row each stage id falls in.

        A stage mapped to several framework stages (fidelite → Recommandation and
        Ré-achat) cannot be split, so those framework stages share one row.
        """
        if framework == DEFAULT_FRAMEWORK:
            return self.stage_ids, {s: s for s in self.stage_ids}
        if framework not in self.frameworks:
            raise V2JError("E020", value=framework,
                           valid=one_of([DEFAULT_FRAMEWORK, *self.frameworks]))
        order = self.frameworks[framework]["stages"]
        row_of = {s.id: " / ".join(s.frameworks[framework]) for s in self.stages}
        rows = sorted(set(row_of.values()),
                      key=lambda r: min(order.index(part) for part in r.split(" / ")))
        return rows, row_of

    def to_dict(self) -> dict:
        """The TOML shape, for storing a journey inside a model."""
        def label(lab, kind):
            d = {"id": lab.id, "name": lab.name, "description": lab.description}
            if kind == "stages":
                d.update(lab.frameworks)
            if kind == "channels":
                d["cues"] = list(lab.cues)
            if kind == "polarities" and lab.role:
                d["role"] = lab.role
            return d
        return {
            "name": self.name, "version": self.version, "language": self.language,
            "no_channel_label": self.no_channel_label,
            "stages": [label(s, "stages") for s in self.stages],
            "channels": [label(c, "channels") for c in self.channels],
            "polarities": [label(p, "polarities") for p in self.polarities],
            "rupture": {"name": self.rupture_name},
            "frameworks": self.frameworks,
        }


def journey_from_dict(data: dict, *, source: str = "<dict>") -> Journey:
    def fail(reason):
        raise V2JError("E010", path=source, reason=reason)

    frameworks = data.get("frameworks", {})
    if not isinstance(frameworks, dict):
        fail("[frameworks] must be a table")

    def labels(kind, required=True):
        items = data.get(kind)
        if items is not None and not isinstance(items, list):
            fail(f"{kind} must be a list of [[{kind}]] tables")
        if not items:
            if required:
                fail(f"it needs at least one [[{kind}]] entry with id and name")
            return ()
        seen, out = set(), []
        for i, item in enumerate(items, 1):
            if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
                fail(f"[[{kind}]] entry {i} needs an id and a name")
            lid = str(item["id"])
            if not re.fullmatch(r"[a-z0-9_]+", lid):
                fail(f"id {lid!r} in [[{kind}]] must be lower-case letters, digits and _")
            if lid in seen:
                fail(f"id {lid!r} appears twice in [[{kind}]]")
            seen.add(lid)
            fw = {}
            if kind == "stages":
                for name in frameworks:
                    value = item.get(name)
                    if isinstance(value, str):
                        value = [value]
                    order = frameworks[name].get("stages", [])
                    if not value or any(v not in order for v in value):
                        fail(f"stage {lid!r} needs {name} = one or more of {one_of(order)}")
                    fw[name] = list(value)
            cues = item.get("cues", ())
            if not isinstance(cues, (list, tuple)) or not all(isinstance(c, str) for c in cues):
                fail(f"cues of {lid!r} must be a list of strings")
            cues = tuple(cues)
            role = item.get("role", "")
            if role not in ("", "negative", "positive", "neutral"):
                fail(f"role {role!r} of {lid!r} must be negative, positive or neutral")
            for cue in cues:
                try:
                    re.compile(cue)
                except re.error as exc:
                    fail(f"cue {cue!r} of channel {lid!r} is not a valid regular expression ({exc})")
            out.append(Label(lid, str(item["name"]), str(item.get("description", "")), fw, cues, role))
        return tuple(out)

    for name, fw in frameworks.items():
        if not isinstance(fw, dict) or not isinstance(fw.get("stages"), list) or not fw["stages"]:
            fail(f"[frameworks.{name}] needs a list of stages")
    rupture = data.get("rupture", {})
    if not isinstance(rupture, dict):
        fail("[rupture] must be a table")
    return Journey(
        name=str(data.get("name", "journey")),
        stages=labels("stages"),
        channels=labels("channels", required=False),
        polarities=labels("polarities"),
        frameworks=frameworks,
        no_channel_label=str(data.get("no_channel_label", "non précisé")),
        version=str(data.get("version", "1")),
        language=str(data.get("language", "fr")),
        rupture_name=str(rupture.get("name", "Rupture")),
    )


def load_journey(path: str | Path | None = None) -> Journey:
    """Load a journey TOML file; without a path, the default journey."""
    if path is None:
        text = resources.files("verbatim2journey.data").joinpath(DEFAULT_JOURNEY_FILE)
        return journey_from_dict(tomllib.loads(text.read_text("utf-8")),
                                 source="default journey")
    path = Path(path)
    if not path.is_file():
        raise V2JError("E001", path=path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise V2JError("E010", path=path, reason=f"not valid TOML ({exc})") from None
    return journey_from_dict(data, source=str(path))
