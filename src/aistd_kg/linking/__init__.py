"""Linking: match identifiers and titles (matching.py), the search index of a store
(search_index.py), proposals of links to registry records (registries.py) and the
reconciliation service's answers (reconciliation.py). Imports only the top-level modules.
"""
