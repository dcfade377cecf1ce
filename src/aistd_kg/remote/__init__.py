"""An external SPARQL 1.1 store as the backend: publish the build into it, and serve from it.

``aistd-kg publish --to GSP_URL`` (publish.py) loads the validated artifact into the store
through the SPARQL 1.1 Graph Store HTTP Protocol: one PUT per named graph (each data file,
the ontology, the vocabularies, the derived triples), which the protocol defines as
replacing that graph, then a small manifest graph (manifest.py) naming the graphs, their
sizes and the artifact's checksum. ``aistd-kg serve --store QUERY_URL`` (forward.py) reads
that manifest at start and forwards each query that the guard lets through to the store's
SPARQL endpoint, over the graphs of the manifest only.
"""
