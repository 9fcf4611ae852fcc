"""The version, in the lowest layer: pipeline code and renderers stamp documents with it
without importing the package root (which re-exports the front door)."""

__version__ = "0.1.0"
