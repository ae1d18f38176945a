"""The site engines: the only code that imports MkDocs (and Zensical).

An adapter hands the staged pages and navigation to an engine and reports its
problems in the project's words; it holds no logic of the curriculum.
"""
