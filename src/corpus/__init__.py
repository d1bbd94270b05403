"""corpus: raw Arabic news pages -> clean, split, annotated, citable TEI P5 corpus."""
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("corpus")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
