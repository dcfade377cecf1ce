"""Atom feeds (RFC 4287) of the catalogue's lifecycle events: for the whole catalogue, a committee,
a standard or a framework category.

The events are the rows of the named query ``lifecycle-events`` (status records, adoptions, new
editions); a feed keeps those of its scope, one entry per event, newest first. Entry ids are the
events' IRIs and entry links the standards' IRIs, which dereference to their pages.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

FEEDS_BASE = "https://w3id.org/aistd-kg/feeds/"
SCOPES = ("catalogue", "committee", "standard", "category")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # the updated time of a feed with no event
KIND_NAMES = {"publication": ("发布", "published"), "new": ("收录", "new in the catalogue"),
              "stage": ("阶段", "stage"), "withdrawal": ("废止", "withdrawn"),
              "adoption": ("采用", "adopted"), "edition": ("新版本", "new edition")}


@dataclass(frozen=True)
class Event:
    """One lifecycle event, with everything a feed entry shows."""

    iri: str
    kind: str
    date: str
    item: str
    identifier: str
    stage_en: str | None
    stage_zh: str | None
    related: str | None

    def title(self, lang: str) -> str:
        zh, en = KIND_NAMES[self.kind]
        stage = self.stage_zh if lang == "zh" else self.stage_en
        return f"{self.identifier}: {zh if lang == 'zh' else en}" + (f" — {stage}" if stage else "")

    @property
    def updated(self) -> datetime:
        """The event's date as a time: a date given to the month or year counts from its first day."""
        year, month, day = (int(part) for part in (self.date.split("T")[0].split("-") + ["01", "01"])[:3])
        return datetime(year, month, day, tzinfo=UTC)


def events_in_scope(rows: list[dict], scope: str, target: str | None = None) -> list[Event]:
    """The events of the query's rows that belong to the scope (a committee, standard or category IRI)."""
    found: dict[str, Event] = {}
    for row in rows:
        if scope == "committee" and row.get("committee") != target:
            continue
        if scope == "category" and row.get("category") != target:
            continue
        if scope == "standard" and target not in (row.get("item"), row.get("related")):
            continue
        found.setdefault(row["event"], Event(row["event"], row["kind"], row["date"], row["item"], row["identifier"],
                                             row.get("stageEn"), row.get("stageZh"), row.get("related")))
    return sorted(found.values(), key=lambda event: (event.updated, event.iri), reverse=True)


def atom(events: list[Event], feed_id: str, title: str, lang: str, alternate: str) -> bytes:
    """The Atom document of the events: one entry each, the feed updated at the newest event."""
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.language(lang)
    feed.author({"name": "aistd-kg"})
    feed.link(href=alternate, rel="alternate", type="text/html")
    feed.updated(max((event.updated for event in events), default=EPOCH))
    for event in reversed(events):  # feedgen prepends: add oldest first so the newest leads
        entry = feed.add_entry()
        entry.id(event.iri)
        entry.title(event.title(lang))
        entry.updated(event.updated)
        entry.link(href=event.item, rel="alternate", type="text/html")
        if event.related:
            entry.link(href=event.related, rel="related")
        entry.category(term=event.kind, label=event.title(lang).split(": ", 1)[1].split(" — ")[0])
    return feed.atom_str(pretty=True)
