"""Publish: the built graph in every format (export.py, jsonld.py), the crosswalk mappings as
SSSOM (crosswalk.py), the VoID / DCAT description (void.py), releases (release.py) and the
changelog between two of them (diff.py). Imports build/ and the top-level modules.
"""
