"""Cache: what earlier runs read and extracted, so that a re-run redoes only what changed.

In: the inputs' file index and the figures of extracted documents. Out: the same, for the next run. One
folder (`REGIONAL_REPORT_CACHE_DIR`), one version for everything in it; see `store`.
"""

from regional_report.cache.store import Cache, Recalled, no_figures

__all__ = ["Cache", "Recalled", "no_figures"]
