"""``python -m mkbook``: the ``mkbook`` command, for an environment without its script."""

from mkbook.cli import run

if __name__ == "__main__":
    run()
