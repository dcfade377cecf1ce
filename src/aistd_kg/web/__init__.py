"""The web layer: a Flask app over the query service, served by gunicorn.

Engine choice: queries run on pyoxigraph (10-100x faster than rdflib's SPARQL here) over an
on-disk store loaded from the validated artifact (store/local.py); rdflib stays the parser
that guards every query (query/guard.py) and the tool of build, validation and export. The
default graph is the union of the named graphs, one per data file
(https://w3id.org/aistd-kg/graph/<file stem>).

Request path: protocol.py reads the request, service.py negotiates (negotiation.py) and
hands a Job to the backend: the pool of query workers (query/pool.py), in which each worker
(query/engine.py, confined by query/sandbox.py) guards, runs and serializes it within the
time, memory and size limits, or an external store (store/remote.py). http.py adds the
request id, CORS, gzip and the access-log line. app.py creates the app; runner.py serves it
with gunicorn.

ui.py serves the web interface's pages (scripts and styles built from the repository's web/
into static/dist), in the language language.py chooses.
"""
