"""École de l'innovation publique: content model, validation, assembly and exports.

Data flows one way: content files -> one validated ``Curriculum`` in memory ->
staged pages and navigation -> MkDocs -> ``site/`` -> exports that read the same
curriculum. Nothing here depends on MkDocs except :mod:`ecole.adapter.mkdocs_plugin`.
"""

__version__ = "0.1.0"
