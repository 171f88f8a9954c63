"""``python -m lipkit.cli``: the same as the ``lipkit`` command (used by bench/)."""

from lipkit.cli import main

if __name__ == "__main__":
    main()
