"""How an entity's page groups its properties, and how it words the links to the entity.

Properties are named by their rdfs:label in the ontology (ontology/aistd.ttl, and external.ttl for
other vocabularies); this module only sorts them into the groups of a record and words a
property read backwards ("Groups" for the bodies that are part of this one).
"""

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS

from ..namespaces import AISTD

SOURCES = "sources"
# (key, (zh, en)) in the order of the page
GROUPS = (("identity", ("标识", "Identity")), ("status", ("状态与日期", "Status and dates")),
          ("organisation", ("机构", "Organisation")), ("relations", ("关系", "Relations")),
          ("classification", ("分类", "Classification")), (SOURCES, ("来源", "Sources")))
NAMES = {RDF.type, RDFS.label, SKOS.prefLabel}  # shown in the page's title
MEMBERS = {
    "identity": (DCTERMS.identifier, SKOS.notation, SKOS.altLabel, DCTERMS.title, DCTERMS.description,
                 SKOS.definition, SKOS.scopeNote, RDFS.comment, AISTD.documentNumber, AISTD.isoUrn, AISTD.edition,
                 AISTD.standardType, AISTD.deliverableType, AISTD.standardCategory, AISTD.englishTitleKind,
                 AISTD.chineseTitleKind, AISTD.level, AISTD.notationInferred, AISTD.scopeOfWork),
    "status": (AISTD.status, AISTD.stage, DCTERMS.issued, DCTERMS.date, AISTD.implementationDate, AISTD.founded,
               AISTD.editionStatus, AISTD.statusSince, AISTD.statusAsOf, DCTERMS.dateAccepted, AISTD.startDate,
               AISTD.endDate, AISTD.targetYear, AISTD.referenceDate, AISTD.workItem),
    "organisation": (DCTERMS.publisher, DCTERMS.creator, AISTD.responsibleCommittee, AISTD.executingCommittee,
                     AISTD.competentAuthority, AISTD.draftedBy, ORG.subOrganizationOf, AISTD.hasSecretariat,
                     AISTD.jurisdiction, AISTD.withinJurisdiction, AISTD.memberOf, ORG.memberOf, AISTD.leads,
                     AISTD.convenes, AISTD.participatesIn, AISTD.mirrors, AISTD.succeeds, AISTD.succeededBy,
                     AISTD.workingGroup, AISTD.responsibleBody, FOAF.homepage),
    "classification": (AISTD.classifiedUnder, SKOS.inScheme, SKOS.broader, SKOS.narrower, SKOS.topConceptOf,
                       SKOS.hasTopConcept, DCTERMS.subject, AISTD.ics, AISTD.ccs, AISTD.urgency, AISTD.position,
                       AISTD.rowNumber, AISTD.listNumber, AISTD.focusArea, AISTD.theme),
    SOURCES: (AISTD.citation, PROV.wasDerivedFrom, PROV.wasRevisionOf, PROV.qualifiedDerivation, FOAF.page,
              AISTD.sourceNote, AISTD.seedFile, AISTD.registryLink, AISTD.describedIn),
}
GROUP_OF = {prop: key for key, members in MEMBERS.items() for prop in members}
# a property read from its object back to its subject: (zh, en)
INVERSES = {
    ORG.subOrganizationOf: ("下设组织", "Groups and units under it"),
    AISTD.responsibleCommittee: ("归口的标准", "Standards it is responsible for"),
    AISTD.executingCommittee: ("执行的标准", "Standards it executes"),
    DCTERMS.publisher: ("发布的文件", "Published by it"),
    AISTD.hasSecretariat: ("承担其秘书处的组织", "Holds the secretariat of"),
    AISTD.mirrors: ("与其对口的机构", "Mirrored by"),
    AISTD.classifiedUnder: ("归入此类目的条目", "Classified under it"),
    SKOS.broader: ("下位类目", "Narrower categories"),
    SKOS.inScheme: ("包含的类目", "Its categories"),
    AISTD.adoptedFrom: ("采用它的文件", "Adopted by"),
    AISTD.adoptedBy: ("它所采用的文件", "Adopts"),
    AISTD.adoptedStandard: ("采标记录", "Adoptions of it"),
    AISTD.statusOf: ("状态记录", "Status records"),
    DCTERMS.isPartOf: ("包含的部分", "Its parts"),
}


def group_of(prop: URIRef) -> str:
    """The key of the group a property is shown in (relations when no group claims it)."""
    return GROUP_OF.get(prop, "relations")


def inverse_wording(prop: URIRef) -> tuple[str, str] | None:
    """The wording of prop read backwards, (zh, en); None when the page says it with the property's label."""
    return INVERSES.get(prop)
