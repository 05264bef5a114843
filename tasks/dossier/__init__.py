"""The prosecutor's dossier (issue 15): a PDF/A-3b per episode, account or window, built from the
sealed evidence, carrying the evidence bundle inside it. ``write_dossier`` is the one entry."""

from tasks.dossier.build import DossierResult, detect_config, write_dossier
from tasks.dossier.select import DossierError, Selection

__all__ = ["DossierError", "DossierResult", "Selection", "detect_config", "write_dossier"]
