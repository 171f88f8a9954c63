"""``python -m lipkit.cli``: the same as the ``lipkit`` command (used by bench/)."""

from lipkit.cli import app

if __name__ == "__main__":
    app(prog_name="lipkit")
