"""verbatim2journey: place French customer verbatims on the customer journey.

>>> import verbatim2journey as v2j
>>> clf = v2j.load_model()                                  # doctest: +SKIP
>>> clf.predict(["Colis jamais arrivé, le suivi ne bouge plus"])  # doctest: +SKIP
"""

__version__ = "0.1.0"

from .classifier import JourneyClassifier  # noqa: E402
from .errors import V2JError  # noqa: E402
from .journey import Journey, load_journey  # noqa: E402
from .matrix import TouchpointMatrix  # noqa: E402
from .persistence import load_model  # noqa: E402

__all__ = ["JourneyClassifier", "Journey", "TouchpointMatrix", "V2JError", "load_journey", "load_model", "__version__"]
