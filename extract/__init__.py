"""Extract the ESS resource catalogue: PDF → validated resources → JSON and CSV.

Stages, each a module with one job: read → layout → cards → validate → write.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ess-catalogue")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
