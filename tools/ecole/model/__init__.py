"""Content files -> one validated, typed curriculum.

Reads the project's files once (settings, modules, method cards, case studies,
pages, paths, editions), checks them against their schemas and against each
other, and returns a :class:`~ecole.model.structure.Curriculum`. Imports
nothing from the layers above it.
"""
