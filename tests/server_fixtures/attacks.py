"""Queries and requests that try to write, reach the network or read files: the endpoint must refuse them all.

Placeholders: ``{listener}`` / ``{url}`` stand for the URL of a local listener (network.Listener) that
records any connection.
"""

import urllib.parse

UPDATES = [
    "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }",
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DELETE { GRAPH ?g { ?s ?p ?o } } INSERT { GRAPH ?g { ?s ?p 1 } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "WITH <http://example.org/chain> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <{listener}>",
    "LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/passwd>",
    "CLEAR ALL", "CLEAR DEFAULT", "DROP ALL", "DROP GRAPH <http://example.org/chain>",
    "CREATE GRAPH <http://example.org/new>",
    "ADD <http://example.org/chain> TO <http://example.org/copy>",
    "COPY <http://example.org/chain> TO <http://kasei.us/2009/09/sparql/data/data1.rdf>",
    "MOVE <http://example.org/chain> TO <http://example.org/moved>",
]
TRANSPORTS = {
    "update form": lambda text: ("POST", "/sparql", "update=" + urllib.parse.quote(text),
                                 {"Content-Type": "application/x-www-form-urlencoded"}),
    "update body": lambda text: ("POST", "/sparql", text, {"Content-Type": "application/sparql-update"}),
    "update in GET": lambda text: ("GET", "/sparql?update=" + urllib.parse.quote(text), None, {}),
    "as a query (GET)": lambda text: ("GET", "/sparql?query=" + urllib.parse.quote(text), None, {}),
    "as a query (body)": lambda text: ("POST", "/sparql", text, {"Content-Type": "application/sparql-query"}),
}


SERVICES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?x ?y ?z FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?x ?y ?z FILTER NOT EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?x ?y ?z MINUS { SERVICE <{url}> { ?x ?y ?z } } }",
    "SELECT * WHERE { VALUES ?service { <{url}> } SERVICE ?service { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } } } UNION { ?a ?b ?c } }",
    "ASK { BIND(EXISTS { SERVICE <{url}> { ?s ?p ?o } } AS ?b) }",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } }",
    "PREFIX remote: <{url}> SELECT * WHERE { SERVICE remote: { ?s ?p ?o } }",
    "select * where { service <{url}> { ?s ?p ?o } }",
]

FROMS = [
    "SELECT * FROM <{url}> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/hostname> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } FROM <http://example.org/chain> FROM <{url}> WHERE { ?s ?p ?o }",
]
