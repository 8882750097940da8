"""Normalize: extracted figures into the raw figure table, then into facts.

In: each processed document's `Figure`s (values already in the spec's canonical units). Out: the raw
figure table (RawFigureFrame, one row per figure) and, once it is validated, the facts (FigureFrame):
each figure with its document's canonical region, federal district and meeting date, and its metric's
label and topic.
"""

from regional_report.normalize.figures import Place, figures_frame, normalized_frame, place

__all__ = ["Place", "figures_frame", "normalized_frame", "place"]
