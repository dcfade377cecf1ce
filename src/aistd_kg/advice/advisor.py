"""The participation advisor: for a topic, the committees to take part in, and the evidence.

Given a topic — free text in Chinese or English, or the IRI of a category of any framework —
the advisor answers in steps, each a named query of ``queries/`` run through ``select``:

1. ``advisor-topic-texts``: the texts of categories, committees and standards; those that
   match the topic (topics.py) give the topic's categories (those whose names match it; if
   none does, those whose scope notes do), the committees whose name or scope of work
   names it, and the standards whose title does;
2. ``advisor-committees-for-category``: for each category, the committees a responsibility
   record says cover it, and those responsible for standards classified under it;
3. ``advisor-counterparts``: each committee's counterparts (对口), the nearest in each
   jurisdiction;
4. ``participation-ways-into``: the ways to take part in each committee, or in its
   counterpart, or "none known";
5. ``advisor-work-in-development``: each committee's projects under development, those on
   the topic first;
6. ``advisor-planned-standards``: the planned standards of the priority lists under the
   topic's categories, directly or through a crosswalk mapping.

Every committee in the answer says why it is there (``evidence``); every step is listed
with its query and parameters, so that each answer can be checked by running the query.
What the graph does not know is said, not left blank: ``noneKnown`` lists the parts of the
answer, and of each committee, for which nothing is known.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from ..namespaces import ID
from .topics import Topic

Select = Callable[[str, dict[str, str]], list[dict[str, str]]]  # (query name, parameter values) -> rows
CATEGORY_SPACE = f"{ID}category/"
MAX_CATEGORIES = 12  # the categories a free-text topic is answered for: those it names, else those whose scope does
MAX_TITLE_STANDARDS = 40  # the standards named by their titles that bring their committees in


class TopicError(ValueError):
    """A topic that cannot be answered: empty, or an IRI that is not a category of the graph."""


@dataclass
class Matches:
    """What a topic's texts matched, by kind (category, committee, standard): IRI -> the fields matched."""

    by_kind: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def add(self, kind: str, entity: str, field_name: str) -> None:
        self.by_kind.setdefault(kind, {}).setdefault(entity, set()).add(field_name)

    def of(self, kind: str) -> dict[str, set[str]]:
        return self.by_kind.get(kind, {})


class Advisor:
    """Answers topics with the named queries that ``select`` runs on the served graph."""

    def __init__(self, select: Select):
        self.select = select
        self.steps: list[dict] = []

    def run(self, name: str, **values: str) -> list[dict[str, str]]:
        """Run one step's named query, and record it in the answer's steps."""
        self.steps.append({"query": name, "parameters": values})
        return self.select(name, values)

    def advise(self, topic_text: str) -> dict:
        """The answer for a topic: its categories, committees with evidence, and planned standards."""
        rows = self.run("advisor-topic-texts")
        categories, matches = self._categories(topic_text, rows)
        committees: dict[str, dict] = {}
        for category in categories:
            for row in self.run("advisor-committees-for-category", category=category["iri"]):
                _committee(committees, row["committee"])["evidence"].append(_coverage(row, category["iri"]))
        for committee, fields in sorted(matches.of("committee").items()):
            _committee(committees, committee)["evidence"].append({"basis": "scope" if "scope" in fields else "name"})
        for standard, committee in self._titled_standards(matches, rows):
            evidence = _committee(committees, committee)["evidence"]
            titled = next((e for e in evidence if e["basis"] == "titles"), None)
            if titled is None:
                evidence.append(titled := {"basis": "titles", "standards": []})
            titled["standards"].append(standard)
        on_topic = set(matches.of("standard"))
        for iri, found in committees.items():
            self._describe(iri, found, {c["iri"] for c in categories}, on_topic)
        planned = [dict(row, category=c["iri"]) for c in categories
                   for row in self.run("advisor-planned-standards", category=c["iri"])]
        answer = {"topic": topic_text, "categories": categories,
                  "committees": sorted(committees.values(), key=_strength),
                  "planned": _unique(planned, "planned"), "steps": self.steps}
        answer["noneKnown"] = [part for part in ("categories", "committees", "planned") if not answer[part]]
        return answer

    @staticmethod
    def _categories(topic_text: str, rows: list[dict[str, str]]) -> tuple[list[dict], Matches]:
        """The categories the topic names (a category's IRI, or those whose texts match) and the other matches."""
        if topic_text.startswith(CATEGORY_SPACE):
            if not any(row["entity"] == topic_text and row["kind"] == "category" for row in rows):
                raise TopicError(f"{topic_text} is not a category of the graph")
            return [{"iri": topic_text, "matched": "given"}], Matches()
        topic = Topic.of(topic_text)
        if topic.is_empty():
            raise TopicError("the topic has no word to look for")
        matches = Matches()
        for row in rows:
            if topic.matches(row["text"]):
                matches.add(row["kind"], row["entity"], row["field"])
        named = sorted(iri for iri, fields in matches.of("category").items() if "label" in fields)
        if named:
            return [{"iri": iri, "matched": "label"} for iri in named[:MAX_CATEGORIES]], matches
        scoped = sorted(matches.of("category"))
        return [{"iri": iri, "matched": "scope"} for iri in scoped[:MAX_CATEGORIES]], matches

    @staticmethod
    def _titled_standards(matches: Matches, rows: list[dict[str, str]]) -> list[tuple[str, str]]:
        """(standard, committee) for the standards whose titles name the topic (the first MAX_TITLE_STANDARDS)."""
        titled = set(sorted(matches.of("standard"))[:MAX_TITLE_STANDARDS])
        return sorted({(row["entity"], row["committee"]) for row in rows if row["entity"] in titled})

    def _describe(self, iri: str, committee: dict, categories: set[str], on_topic: set[str]) -> None:
        """Add a committee's counterparts, ways to join (its own, else its counterparts') and work in development."""
        committee["counterparts"] = _nearest(self.run("advisor-counterparts", body=iri))
        ways = _ways(self.run("participation-ways-into", body=iri), via=iri)
        for counterpart in committee["counterparts"]:
            if counterpart["direction"] == "counterpart":
                ways += _ways(self.run("participation-ways-into", body=counterpart["counterpart"]),
                              via=counterpart["counterpart"])
        committee["waysToJoin"] = ways
        work: dict[str, dict] = {}
        for row in self.run("advisor-work-in-development", committee=iri):
            item = work.setdefault(row["item"], {**row, "categories": []})
            item.pop("category", None)
            if row.get("category"):
                item["categories"].append(row["category"])
        for item in work.values():
            item["onTopic"] = item["item"] in on_topic or bool(categories & set(item["categories"]))
        committee["inDevelopment"] = sorted(work.values(), key=lambda item: (not item["onTopic"], item["identifier"]))
        committee["noneKnown"] = [part for part in ("counterparts", "waysToJoin", "inDevelopment") if not committee[part]]


def _committee(committees: dict[str, dict], iri: str) -> dict:
    return committees.setdefault(iri, {"iri": iri, "evidence": []})


def _coverage(row: dict[str, str], category: str) -> dict:
    """The evidence a row of advisor-committees-for-category gives."""
    if row["basis"] == "responsibility":
        return {"basis": "responsibility", "category": category, "record": row["record"],
                "confidence": float(row["confidence"])}
    return {"basis": "standards", "category": category, "standards": int(row["standards"]),
            "published": int(row["publishedStandards"]), "inDevelopment": int(row["inDevelopment"])}


def _nearest(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Per direction and jurisdiction, the counterpart relations of the deepest body (rows come deepest first)."""
    depth: dict[tuple[str, str], str] = {}
    for row in rows:
        depth.setdefault((row["direction"], row.get("jurisdiction", "")), row["depth"])
    return [row for row in rows if row["depth"] == depth[(row["direction"], row.get("jurisdiction", ""))]]


def _ways(rows: list[dict[str, str]], via: str) -> list[dict]:
    """The pathways of participation-ways-into's rows (one per channel and page), each once."""
    ways: dict[str, dict] = {}
    for row in rows:
        way = ways.setdefault(row["pathway"], {"pathway": row["pathway"], "into": row["into"], "via": via,
                                               "action": row["action"], "channels": [], "pages": []})
        for key, column in (("channels", "channel"), ("pages", "page")):
            if row.get(column) and row[column] not in way[key]:
                way[key].append(row[column])
    return list(ways.values())


def _strength(committee: dict) -> tuple:
    """Committees with a responsibility record first (highest confidence), then by standards on the topic."""
    confidence = max((e["confidence"] for e in committee["evidence"] if e["basis"] == "responsibility"), default=0)
    standards = sum(len(e["standards"]) if e["basis"] == "titles" else e.get("standards", 0) for e in committee["evidence"])
    return -confidence, -standards, committee["iri"]


def _unique(rows: list[dict], key: str) -> list[dict]:
    seen: dict[str, dict] = {}
    for row in rows:
        seen.setdefault(row[key], row)
    return list(seen.values())
