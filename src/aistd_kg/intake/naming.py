"""The IRIs that the template's slugs and keys stand for (data/README.md, "IRIs")."""

import re

from rdflib import URIRef

from ..namespaces import ID
from ..prefixes import curie

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KINDS = {"framework": "framework/", "document": "document/", "jurisdiction": "jurisdiction/",
         "category": "category/", "planned": "planned-standard/", "standard": "standard/", "relation": "relation/"}


def iri(kind: str, slug: str) -> URIRef:
    """The IRI of an entity of this kind (framework, document, …) with this slug."""
    return URIRef(f"{ID}{KINDS[kind]}{slug}")


def prefixed(kind: str, slug: str) -> str:
    """The prefixed name of an entity of this kind with this slug, as data/ writes it (doc:<slug>)."""
    return curie(iri(kind, slug)) or f"<{iri(kind, slug)}>"


def slug_of(node, kind: str) -> str | None:
    """The slug of an IRI of this kind, or None when the IRI is not of that kind."""
    prefix = f"{ID}{KINDS[kind]}"
    text = str(node)
    return text[len(prefix):] if isinstance(node, URIRef) and text.startswith(prefix) else None


def framework_slug(text: str) -> str:
    """The slug a --framework value names: a slug, fw:<slug> or the full IRI.

    :raises ValueError: the value names no framework.
    """
    value = text.strip()
    value = slug_of(URIRef(value), "framework") or value.removeprefix("fw:")
    if not SLUG.match(value):
        raise ValueError(f"{text!r} is not a framework: give its slug, fw:<slug> or its IRI")
    return value


def status_record(item: URIRef, status: URIRef, since: bool, date: str) -> URIRef:
    """The IRI of an item's status record: rel:<item>-<status>-since|as-of-<date>."""
    local = str(item).rsplit("/", 1)[-1]
    state = str(status).rsplit("/", 1)[-1].removeprefix("status-")
    return iri("relation", f"{local}-{state}-{'since' if since else 'as-of'}-{date}")


def slug_of_identifier(identifier: str) -> str:
    """A standard's slug: its identifier lower-cased, every run of other characters a hyphen.

    "ISO/IEC TR 24028:2020" → "iso-iec-tr-24028-2020"
    """
    return re.sub(r"[^a-z0-9]+", "-", identifier.lower()).strip("-")
