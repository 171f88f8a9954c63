"""The demo report's Abbildung 1: the steps of the evaluation, drawn as a PNG picture.

The reference report opens its method chapter with such a diagram; the demo's chapter
includes it as a Markdown image (``![…](evaluationsschritte.png "…")``), so that every later
figure carries the reference's number. Drawn when the demo is written, in German and English.
"""

from __future__ import annotations

from pathlib import Path

STEPS = {
    "de": [
        ("Exploration", "Sichtung des\nLIP 2008, zwei\nexplorative\nGespräche"),
        ("Onlineumfrage", "Sachgebiets- und\nBereichsleitungen,\nSept./Okt. 2019"),
        ("Interviews", "Fachbereichs-\nleitungen, Leitfaden,\nthematisch codiert"),
        ("Auswertung", "Ergebnisse je\nThema und nach\nDezernat (n ≥ 5)"),
        ("Empfehlungen", "Handlungs-\nempfehlungen für\nden neuen LIP"),
    ],
    "en": [
        ("Exploration", "Review of the\n2008 plan, two\nexploratory\ntalks"),
        ("Online survey", "Heads of sections\nand units,\nSept./Oct. 2019"),
        ("Interviews", "Heads of divisions,\ninterview guide,\ncoded by theme"),
        ("Analysis", "Results by topic\nand by department\n(n ≥ 5)"),
        ("Recommendations", "Recommen-\ndations for\nthe new plan"),
    ],
}
FILE_NAMES = {"de": "evaluationsschritte.png", "en": "evaluationsschritte.en.png"}


def write_diagrams(folder: Path) -> list[Path]:
    """Draw the diagram in each language into ``folder``; returns the files."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    written = []
    for language, steps in STEPS.items():
        fig, ax = plt.subplots(figsize=(16 / 2.54, 4.2 / 2.54))
        ax.set_xlim(0, len(steps) * 3.2)
        ax.set_ylim(0, 4)
        ax.axis("off")
        for i, (title, detail) in enumerate(steps):
            x = i * 3.2 + 0.1
            box = FancyBboxPatch(
                (x, 0.2),
                2.6,
                3.6,
                boxstyle="round,pad=0.02,rounding_size=0.2",
                facecolor="#deebf7",
                edgecolor="#2166ac",
                linewidth=0.8,
            )
            ax.add_patch(box)
            ax.text(
                x + 1.3,
                3.2,
                title,
                ha="center",
                va="center",
                fontsize=7.5,
                fontweight="bold",
                color="#08306b",
            )
            ax.text(x + 1.3, 1.5, detail, ha="center", va="center", fontsize=6.3, color="#1a1a1a")
            if i < len(steps) - 1:
                ax.add_patch(
                    FancyArrowPatch(
                        (x + 2.65, 2.0),
                        (x + 3.25, 2.0),
                        arrowstyle="-|>",
                        mutation_scale=9,
                        color="#2166ac",
                        linewidth=0.9,
                    )
                )
        fig.subplots_adjust(0, 0, 1, 1)
        path = Path(folder) / FILE_NAMES[language]
        fig.savefig(path, dpi=200, metadata={"Software": None})
        plt.close(fig)
        written.append(path)
    return written
