"""The course's figures and slider explorers: ``common`` holds the palette, ``new_figure`` and the
plots several lessons share; ``lesson00`` ... ``lesson06`` hold what one lesson draws, so a lesson
cell is one call and a curious learner knows where the matplotlib lives.

Imported on first use (``lessons_lib.figures.lesson04``): matplotlib loads only then.
"""
