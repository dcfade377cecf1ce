"""Advice: the participation advisor (advisor.py), which answers a topic with the named queries of
queries/ and matches free-text topics against the graph's texts (topics.py). It imports the query
layer and the linking layer's text helpers, and no web framework."""
