"""Query: exactly what a query worker loads, and no web framework.

guard.py checks a query before it runs (parsed_guard.py, rdflib's parser, only where its
screen cannot), terms.py turns a named query's values into the engine's terms in the web
process and parameters.py binds them in the worker, named_queries.py reads queries/,
formats.py lists the answer formats, engine.py runs a job on pyoxigraph inside a worker
confined by sandbox.py, pool.py keeps the workers, and backend.py is the protocol the pool
and an external store (store/remote.py) both follow.
This file imports nothing, so the workers' forkserver, which preloads engine.py, loads only
this package and the top-level modules.
"""
