"""Tools that run outside a learner's kernel.

- :mod:`~aicollab.tools.exercises`: generates the learner exercise notebooks from the solutions
  (also a Sphinx extension for the learner edition of the book).
- :mod:`~aicollab.tools.sphinxext`: small fixes to the built book's pages.
- :mod:`~aicollab.tools.serverext`: the Jupyter server extension that serves the kit's static
  files (the chart library) from the Jupyter server, so charts draw offline.
- :mod:`~aicollab.tools.outputs`: re-executes notebooks to store the outputs nbval expects.

No lesson imports these modules; a test checks that a learner's kernel never loads them.
"""
