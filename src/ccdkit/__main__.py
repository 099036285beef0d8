"""``python -m ccdkit`` runs the command line."""

from .cli import entry_point

if __name__ == "__main__":  # pragma: no cover
    entry_point()
