"""``python -m jsv``: the same program as the ``jsv`` command."""

from ._cli import _entry

if __name__ == "__main__":
    _entry()
