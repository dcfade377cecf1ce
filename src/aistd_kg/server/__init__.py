"""The SPARQL server: a Flask app over a pool of confined pyoxigraph query workers.

Engine choice: queries run on pyoxigraph (10-100x faster than rdflib's SPARQL here) over an
on-disk store loaded from the validated artifact (store.py); rdflib stays the parser that
guards every query (guard.py) and the tool of build, validation and export. The default
graph is the union of the named graphs, one per data file
(https://w3id.org/aistd-kg/graph/<file stem>).

Request path: protocol.py reads the request, service.py negotiates and hands a Job to the
pool (pool.py), a worker process (engine.py, confined by sandbox.py) guards, runs and
serializes it within the time, memory and size limits, and http.py adds the request id,
CORS, gzip and the access-log line. app.py creates the app; runner.py serves it with
gunicorn. This package file imports nothing, so a query worker's forkserver, which
preloads engine.py, does not import Flask and the web modules.

ui.py serves the web interface's pages (scripts and styles built from web/ into static/dist),
in the language language.py chooses.
"""
