"""The domain's vocabulary, free of Django and of both apps.

``core.text`` (whitespace, width folding, sentence ends, heading numbering),
``core.money`` (the amount pattern, money units and 万元, printed precision) and
``core.contract`` (report kinds and scopes, the figure keys, the parsed-report
dataclasses and their JSON). ``reports`` and ``ingest`` import from here; this
package imports nothing of theirs, so one rule lives in one place.
"""
