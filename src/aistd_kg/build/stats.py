"""Counts that describe the graph: triples, instances per class, labels, framework sizes, catalogue."""

from collections import Counter

from rdflib import Dataset
from rdflib.namespace import RDFS, SKOS

from ..prefixes import select

STATS_QUERIES = {
    "instances": """
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(aistd:)))
        } GROUP BY ?class ORDER BY ?class""",
    "frameworks": """
        SELECT ?framework ?label ?level (COUNT(DISTINCT ?c) AS ?n) WHERE {
          ?framework a aistd:Framework ; skos:prefLabel ?label . FILTER(LANG(?label) = "en")
          OPTIONAL { ?c skos:inScheme ?framework ; aistd:level ?level }
        } GROUP BY ?framework ?label ?level ORDER BY ?framework ?level""",
    "planned": """
        SELECT ?framework (COUNT(DISTINCT ?p) AS ?n) WHERE {
          ?p a aistd:PlannedStandard ; aistd:classifiedUnder/skos:inScheme ?framework .
        } GROUP BY ?framework""",
    "targets": """
        SELECT ?framework (COUNT(DISTINCT ?t) AS ?n) WHERE {
          ?framework a aistd:Framework .
          { ?t a aistd:Target ; aistd:statementAbout ?framework }
          UNION
          { ?framework aistd:describedIn/dcterms:isPartOf* ?document . ?t a aistd:Target ; aistd:describedIn ?document }
        } GROUP BY ?framework""",
    # each standard with an identifier: its publishers, deliverable type and latest stage
    "catalogue": """
        SELECT ?item ?publisher ?type ?stage WHERE {
          ?item a aistd:Standard .
          OPTIONAL {
            ?item dcterms:publisher ?body .
            OPTIONAL { ?body skos:notation ?code }
            OPTIONAL { ?body rdfs:label ?name . FILTER(LANG(?name) = "en") }
            BIND(COALESCE(?code, ?name) AS ?publisher)
          }
          OPTIONAL { ?item aistd:deliverableType/skos:prefLabel ?type . FILTER(LANG(?type) = "en") }
          OPTIONAL {
            ?record aistd:statusOf ?item ; aistd:statusSince|aistd:statusAsOf ?date ;
                aistd:stage/(skos:closeMatch|skos:broadMatch)?/skos:notation ?stage .
            FILTER NOT EXISTS { ?later aistd:statusOf ?item ; aistd:statusSince|aistd:statusAsOf ?laterDate .
                                FILTER(STR(?laterDate) > STR(?date)) }
          }
        }""",
}


def collect(dataset: Dataset) -> dict:
    """Gather the statistics as plain data."""
    ns = select("aistd", "skos", "dcterms", "rdfs")
    query = {name: list(dataset.query(text, initNs=ns)) for name, text in STATS_QUERIES.items()}
    languages = Counter(o.language or "none" for o in _labels(dataset))
    planned = {str(f): int(n) for f, n in query["planned"]}
    targets = {str(f): int(n) for f, n in query["targets"]}
    frameworks: dict[str, dict] = {}
    for framework, label, level, n in query["frameworks"]:
        entry = frameworks.setdefault(str(framework), {
            "label": str(label), "levels": {},
            "planned": planned.get(str(framework), 0), "targets": targets.get(str(framework), 0)})
        if level is not None:
            entry["levels"][int(level)] = int(n)
    return {
        "triples": len(dataset),
        "graphs": sorted(str(g.identifier) for g in dataset.graphs() if len(g)),
        "instances": {str(c).split("#")[-1]: int(n) for c, n in query["instances"]},
        "labels": dict(sorted(languages.items())),
        "frameworks": frameworks,
        "catalogue": _catalogue(query["catalogue"]),
    }


def _catalogue(rows) -> dict:
    """Standards counted by publisher, deliverable type and latest harmonized stage code."""
    items: dict[str, dict[str, set]] = {}
    for item, publisher, kind, stage in rows:
        entry = items.setdefault(str(item), {"publisher": set(), "type": set(), "stage": set()})
        for key, value in (("publisher", publisher), ("type", kind), ("stage", stage)):
            if value is not None:
                entry[key].add(str(value))
    counts = {key: Counter() for key in ("publisher", "type", "stage")}
    for entry in items.values():
        for key, counter in counts.items():
            counter.update(entry[key] or {"not stated"})
    return {"standards": len(items), **{f"by {key}": dict(sorted(c.items())) for key, c in counts.items()}}


def _labels(dataset: Dataset):
    for predicate in (RDFS.label, SKOS.prefLabel):
        yield from (o for _, _, o in dataset.triples((None, predicate, None)))


def render(stats: dict) -> str:
    """The statistics as a readable text report."""
    lines = [f"triples: {stats['triples']}", f"named graphs: {len(stats['graphs'])}", "", "instances per class:"]
    lines += [f"  {name:<36}{n:>7}" for name, n in stats["instances"].items()]
    lines += ["", "labels per language:"] + [f"  {lang:<36}{n:>7}" for lang, n in stats["labels"].items()]
    lines += ["", "frameworks (categories per level; planned standards; targets):"]
    for entry in stats["frameworks"].values():
        levels = ", ".join(f"L{level}: {n}" for level, n in sorted(entry["levels"].items())) or "no categories"
        lines.append(f"  {entry['label']}")
        lines.append(f"      {levels}; planned: {entry['planned']}; targets: {entry['targets']}")
    catalogue = stats["catalogue"]
    lines += ["", f"catalogue: {catalogue['standards']} standards and projects with an identifier"]
    for key in ("by publisher", "by type", "by stage"):
        lines.append(f"  {key} (a joint deliverable counts for each publisher):" if key == "by publisher" else f"  {key}:")
        lines += [f"    {name:<34}{n:>7}" for name, n in catalogue[key].items()]
    return "\n".join(lines)
