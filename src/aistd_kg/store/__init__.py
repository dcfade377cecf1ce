"""Store: where the built graph is served from.

local.py publishes the validated artifact as an on-disk pyoxigraph store (with its search
index) and finds the one being served. An external SPARQL 1.1 store works too:
``aistd-kg publish --to GSP_URL`` (gsp.py) loads the artifact into it through the Graph
Store HTTP Protocol, one PUT per named graph, then a small manifest graph (manifest.py)
naming the graphs, their sizes and the artifact's checksum; ``aistd-kg serve --store
QUERY_URL`` (remote.py) reads that manifest at start and forwards each query the guard lets
through to the store's SPARQL endpoint, over the manifest's graphs only.
Imports query/, linking/ and the top-level modules.
"""
