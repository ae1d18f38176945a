"""Keys of the build caches: what identifies the inputs of a step.

In the model layer, below both the exports (:mod:`ecole.exports.cache`) and the site
engine's adapter (:mod:`ecole.adapter.page_cache`), which key their steps alike.
"""

from __future__ import annotations

import hashlib


def key_of(*parts: str | bytes) -> str:
    """SHA-256 of ``parts``, each one delimited (so that ``("ab", "c")`` differs from ``("a", "bc")``)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()
