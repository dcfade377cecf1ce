"""Build: load the ontology and data (loading.py), derive (derive.py), validate with SHACL
(validation.py), check consistency with HermiT (reasoning.py), and count (stats.py);
pipeline.py runs them; artifact.py finds, reads and writes the artifact. Imports only the package's
top-level modules.
"""
