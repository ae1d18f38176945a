"""Curriculum -> staged Markdown pages and navigation.

Engine-free: what it writes is standard Markdown with the pymdownx extensions,
which MkDocs or a successor engine renders. It imports the model, never MkDocs
nor the exports.
"""
