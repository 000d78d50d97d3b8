"""A saved model is a folder: model.joblib, manifest.json, README.md (the model card).

The manifest records the versions the model was made with, its journey and labels, the
hash of the corpus it learned from, its metrics, and the sha256 of every file; loading
checks the hashes and the scikit-learn version before unpickling anything.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

import joblib

from .errors import V2JError

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"
CARD_FILE = "README.md"
FORMAT_VERSION = 1
DEFAULT_MODEL_DIR = "default"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _minor(version: str | None) -> str | None:
    return ".".join(version.split(".")[:2]) if version else None


def environment_versions(spacy_model: str) -> dict:
    return {
        "verbatim2journey": _version("verbatim2journey"),
        "python": platform.python_version(),
        "scikit-learn": _version("scikit-learn"),
        "spacy": _version("spacy"),
        spacy_model: _version(spacy_model.replace("_", "-")),
        "numpy": _version("numpy"),
        "joblib": _version("joblib"),
    }


def _model_card(manifest: dict) -> str:
    j = manifest["journey"]
    m = manifest.get("metrics", {})
    lines = [f"# Model card: {manifest['name']}", "",
             "A verbatim2journey model: tags French customer verbatims with a journey stage, "
             "channels, a polarity and a channel rupture.", "",
             f"- Created: {manifest['created']}",
             f"- Journey: {j['name']} ({len(j['stages'])} stages, {len(j['channels'])} channels)",
             f"- Trained on {manifest['training']['n_rows']} labelled verbatims "
             f"(corpus sha256 {manifest['training']['corpus_sha256'] or 'not recorded'})",
             f"- Training time: {manifest['training']['fit_seconds']} s",
             "- Versions: " + ", ".join(f"{k} {v}" for k, v in manifest["versions"].items()), "",
             "## Metrics", ""]
    for split, figures in m.items():
        lines.append(f"### {split}")
        lines.append("")
        lines.append("| head | measure | value |")
        lines.append("|---|---|---|")
        from .evaluation import summary_rows
        for head, measure, value in summary_rows(figures):
            lines.append(f"| {head} | {measure} | {value:.3f} |")
        lines.append("")
    lines += ["## Intended use and limits", "",
              "Batch tagging of French verbatims (complaints, reviews, social posts, chats, "
              "e-mails, survey answers) for journey mapping. The model learns the words of its "
              "corpus: expect lower figures on texts far from it (other sectors, other registers). "
              "The confidences are the model's probabilities; check them on your own data.", "",
              "Loading this folder unpickles `model.joblib`, which can run code: load only "
              "models you trust. `manifest.json` lists the sha256 of each file; loading checks them.", ""]
    return "\n".join(lines)


def save_model(clf, path, *, metrics=None, corpus_hash=None, name=None) -> Path:
    """Write `clf` to the folder `path` (created if needed) and return the path."""
    clf._check_fitted("save")
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    model_path = path / MODEL_FILE
    joblib.dump(clf, model_path, compress=3)
    journey = clf.journey_
    all_metrics = {"cross-validation (train)": clf.cv_metrics_}
    all_metrics.update(metrics or {})
    manifest = {
        "format": FORMAT_VERSION,
        "name": name or path.name,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "versions": environment_versions(clf.spacy_model),
        "spacy_model": clf.spacy_model,
        "params": {k: (list(v) if isinstance(v, tuple) else v)
                   for k, v in clf.get_params().items() if k != "journey"},
        "journey": journey.to_dict(),
        "labels": {"stage": journey.stage_ids, "channels": journey.channel_ids,
                   "polarity": journey.polarity_ids, "rupture": [True, False]},
        "training": {"n_rows": clf.n_train_, "corpus_sha256": corpus_hash,
                     "lexicon_sha256": getattr(clf.features_.lexicon_, "sha256_", None),
                     "fit_seconds": clf.fit_seconds_},
        "thresholds": {"channels": dict(zip(journey.channel_ids, clf.channel_thresholds_)),
                       "rupture": clf.rupture_threshold_},
        "metrics": all_metrics,
        "files": {MODEL_FILE: sha256_file(model_path)},
    }
    (path / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    (path / CARD_FILE).write_text(_model_card(manifest), "utf-8")
    return path


def default_model_path() -> Path:
    """The shipped model: inside the installed package, or `models/default` of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "model", here.parents[1] / "models" / DEFAULT_MODEL_DIR):
        if (candidate / MANIFEST_FILE).is_file():
            return candidate
    return here.parents[1] / "models" / DEFAULT_MODEL_DIR


def read_manifest(path) -> dict:
    path = Path(path)
    if not path.exists():
        raise V2JError("E001", path=path)
    manifest_path = path / MANIFEST_FILE
    if not manifest_path.is_file():
        raise V2JError("E011", path=path)
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise V2JError("E006", path=manifest_path, kind="JSON", reason=str(exc)) from None
    required = ("files", "versions", "journey", "training", "created", "metrics")
    if not isinstance(manifest, dict) or any(k not in manifest for k in required):
        raise V2JError("E006", path=manifest_path, kind="model manifest",
                       reason=f"it must be an object with {', '.join(required)}")
    return manifest


def model_summary(manifest: dict, path=None) -> dict:
    """What a report says about the model that tagged the verbatims (from its manifest)."""
    return {
        "name": manifest.get("name", Path(path).name if path else "?"),
        "path": str(path) if path is not None else None,
        "created": manifest.get("created"),
        "version": manifest.get("versions", {}).get("verbatim2journey"),
        "spacy_model": manifest.get("spacy_model"),
        "n_rows": manifest.get("training", {}).get("n_rows"),
        "sha256": manifest.get("files", {}).get(MODEL_FILE),
        "corpus_sha256": manifest.get("training", {}).get("corpus_sha256"),
    }


def check_files(path: Path, manifest: dict) -> None:
    """Every file of the folder must match the sha256 its manifest records."""
    for file, expected in manifest.get("files", {}).items():
        file_path = path / file
        if not file_path.is_file():
            raise V2JError("E001", path=file_path)
        actual = sha256_file(file_path)
        if actual != expected:
            raise V2JError("E012", file=file, path=path, actual=actual[:12], expected=expected[:12])


def describe_model(path) -> tuple[dict, dict]:
    """The manifest summary and journey of a model folder, its files checked, without
    unpickling it: naming a model in a report must not run its code."""
    path = Path(path)
    manifest = read_manifest(path)
    check_files(path, manifest)
    return model_summary(manifest, path), manifest["journey"]


def load_model(path=None):
    """Load a model folder; without a path, the default model shipped with the package.

    The folder's files must match the sha256 in its manifest and it must have been saved
    with the installed scikit-learn minor version, or loading stops with an error.
    """
    if path is None:
        path = default_model_path()
        if not (path / MANIFEST_FILE).is_file():
            raise V2JError("E016", path=path)
    path = Path(path)
    manifest = read_manifest(path)
    check_files(path, manifest)
    saved = manifest.get("versions", {}).get("scikit-learn")
    current = _version("scikit-learn")
    if _minor(saved) != _minor(current):
        raise V2JError("E013", path=path, what="scikit-learn", saved=saved, current=current)
    try:
        clf = joblib.load(path / MODEL_FILE)
    except Exception as exc:  # unpickling raises many kinds on a broken file
        raise V2JError("E006", path=path / MODEL_FILE, kind="model file",
                       reason=f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'unreadable'}") from None
    from .classifier import JourneyClassifier
    if not isinstance(clf, JourneyClassifier):
        raise V2JError("E006", path=path / MODEL_FILE, kind="model file",
                       reason=f"it holds a {type(clf).__name__}, not a JourneyClassifier")
    clf.manifest_ = manifest
    clf.model_path_ = str(path)
    # Loading spaCy here keeps its start-up out of the first prediction's time.
    clf.preprocessor_.load()
    return clf
