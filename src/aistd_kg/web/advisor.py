"""/advisor: where to take part for a topic (advice/advisor.py), as JSON for clients and a page for browsers.

``/advisor?topic=大模型`` (free text in zh or en, or a category's IRI) answers with the
topic's categories, the committees that cover it with their evidence, counterparts, ways to
join and work in development, the planned standards, and the steps (named queries) that
gave each part. ``labels`` names every IRI of the answer in zh and en. Without a topic, the
form and the national guide's sub-areas to start from; a client that asks for JSON gets a 400.
"""

from urllib.parse import urlencode

from flask import Blueprint, jsonify, render_template, request, url_for
from rdflib import URIRef

from ..advice.advisor import Advisor, TopicError
from ..linking.matching import MAX_TEXT
from ..query.answers import Refusal
from ..query.formats import HTML, JSON, not_acceptable
from .labels import labelled
from .negotiation import choose
from .ui import select

bp = Blueprint("advisor", __name__)
STARTING_FRAMEWORK = "https://w3id.org/aistd-kg/id/framework/cn-ai-industry-guide-draft"


@bp.route("/advisor")
def advise():
    """The advice for ?topic=, or (for a browser, without a topic) the form."""
    topic = " ".join(request.args.get("topic", "").split())
    offered = (JSON, HTML) if topic else (HTML, JSON)  # without a topic, the form unless JSON is asked for
    chosen = choose(offered, request.headers.get("Accept"), request.args.get("format"))
    if chosen is None:
        raise not_acceptable(offered)
    if not topic and chosen is HTML:
        return _page(None, {})
    if not topic or len(topic) > MAX_TEXT:
        raise Refusal(400, "bad-topic", f"topic must be 1 to {MAX_TEXT} characters: words in zh or en, or a category's IRI")
    try:
        answer = Advisor(lambda name, values: select(name, **values)).advise(topic)
    except TopicError as error:
        raise Refusal(400, "bad-topic", str(error)) from None
    for step in answer["steps"]:
        step["url"] = url_for("queries.run", name=step["query"]) + (f"?{urlencode(step['parameters'])}" if step["parameters"] else "")
    view = labelled({URIRef(iri) for iri in _iris(answer)})
    if chosen is HTML:
        return _page(answer, view)
    answer["labels"] = {iri: view.labels_of(URIRef(iri)) for iri in sorted(_iris(answer))}
    return jsonify(answer)


def _page(answer: dict | None, view):
    areas = select("frameworks-category-tree", framework=STARTING_FRAMEWORK)
    body = render_template("advisor.html", answer=answer, view=view, uri=URIRef,
                           areas=[a for a in areas if a.get("level") == "2"])
    return body, 200, {"Vary": "Accept"}


def _iris(value) -> set[str]:
    """Every IRI of the project's own space in an answer, to name it."""
    if isinstance(value, dict):
        return set().union(*map(_iris, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(_iris, value)) if value else set()
    if isinstance(value, str):
        return {part for part in value.split() if part.startswith("https://w3id.org/aistd-kg/")}
    return set()
