"""The kit's datasets, shipped inside the ``aicollab`` package as ``aicollab.datasets``.

This folder holds data, not code: tidy CSV files, their Frictionless descriptor
(``datapackage.json``) and provenance notes (``README.md``). The file exists so that the
build installs the folder inside the wheel (``pyproject.toml`` maps ``aicollab.datasets`` to
it) and the loaders in :mod:`aicollab.data` find it with :mod:`importlib.resources`, in a
checkout and in an installed wheel alike.
"""
