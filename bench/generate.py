"""Deterministic synthetic data shaped like the real aistd-kg graph, mixed with the real build.

    python bench/generate.py --triples 1000000 --out bench/data/1m [--seed 7]

writes ``<out>/aistd-kg.trig``: the real artifact (``build/aistd-kg.trig``) byte for byte,
followed by one named graph ``https://w3id.org/aistd-kg/graph/synthetic`` that holds the
synthetic catalogue, so ``aistd-kg serve --build-dir <out>`` serves real + synthetic data.
The synthetic part is NOT validated with SHACL or the reasoner (it is benchmark data; the
build would take far longer than the benchmark itself).

Shape (per synthetic "framework unit", about 17k triples, repeated until the target count):
one framework series version with a four-level category tree (6 × 5 × 4 × 3 = 510
categories, ``skos:broader``/``aistd:level``/``skos:notation``/``aistd:position``, zh/en
``skos:prefLabel`` and ``skos:scopeNote``), a technical committee with working groups
(``org:subOrganizationOf``), 300 standards with identifiers of the real kinds (ISO/IEC,
ISO/IEC TR, GB/T, IEEE, ITU-T, T/ group standards), zh/en titles, status, type, publisher,
committee, ICS, 100 planned standards with urgency, and ``aistd:Mapping`` nodes (plus the
derived SKOS mapping triple) from about 30 % of the categories to the previous framework's
categories. Every node carries an ``aistd:citation`` to one of the five source documents.
The same seed and target always give the same bytes.
"""

import argparse
import json
import random
import shutil
import time
from pathlib import Path

import pyoxigraph

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "build" / "aistd-kg.trig"
GRAPH = "https://w3id.org/aistd-kg/graph/synthetic"
ID = "https://w3id.org/aistd-kg/id/"
A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
AISTD = "https://w3id.org/aistd-kg/ontology#"
AISTDV = "https://w3id.org/aistd-kg/vocab/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DCT = "http://purl.org/dc/terms/"
ORG_SUB = "<http://www.w3.org/ns/org#subOrganizationOf>"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOURCES = ("national-guide-draft", "shanghai-notice", "wic-global-report", "jiangsu-guide-draft", "beijing-guide")
STATUSES = ("published", "under-development", "planned")
TYPES = ("international", "national-recommended", "industry", "group")
# (zh, en) vocabulary: titles and category names are built from these, so label searches hit.
DOMAINS = [("智能医疗", "intelligent healthcare"), ("智能制造", "intelligent manufacturing"), ("智能交通", "intelligent transport"),
           ("智慧金融", "smart finance"), ("智能教育", "intelligent education"), ("智慧城市", "smart city"),
           ("智能家居", "smart home"), ("智能政务", "intelligent government services"), ("智能农业", "intelligent agriculture")]
TOPICS = [("知识图谱", "knowledge graph"), ("机器学习", "machine learning"), ("计算机视觉", "computer vision"),
          ("自然语言处理", "natural language processing"), ("大模型", "large model"), ("数据标注", "data annotation"),
          ("人工智能管理体系", "AI management system"), ("风险管理", "risk management"), ("可信赖", "trustworthiness"),
          ("生物特征识别", "biometric recognition"), ("智能芯片", "intelligent chips"), ("人机交互", "human-machine interaction")]
KINDS = [("术语", "Vocabulary"), ("参考架构", "Reference architecture"), ("技术要求", "Technical requirements"),
         ("测试方法", "Test methods"), ("评估指南", "Assessment guidelines"), ("管理体系", "Management system"),
         ("数据格式", "Data formats"), ("安全要求", "Security requirements")]


def iri(value: str) -> str:
    return f"<{value}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^<{XSD}{datatype}>' if datatype else f'"{escaped}"'


class Writer:
    """N-Triples lines inside one TriG graph block, counted."""

    def __init__(self, handle):
        self.handle, self.count, self.blank = handle, 0, 0

    def add(self, s: str, p: str, o: str) -> None:
        self.handle.write(f"{s} {p} {o} .\n")
        self.count += 1

    def entity(self, node: str, classes: tuple[str, ...], zh: str, en: str, label: str = RDFS_LABEL) -> None:
        """Type a node and give it its zh and en labels."""
        for cls in classes:
            self.add(node, A, iri(cls))
        self.add(node, label, lit(zh, "zh"))
        self.add(node, label, lit(en, "en"))

    def cite(self, node: str, rng: random.Random, locator: str, quote: str | None = None) -> None:
        self.blank += 1
        citation = f"_:c{self.blank}"
        self.add(node, iri(AISTD + "citation"), citation)
        self.add(citation, A, iri(AISTD + "Citation"))
        self.add(citation, iri(AISTD + "citedDocument"), iri(ID + "document/" + rng.choice(SOURCES)))
        self.add(citation, iri(AISTD + "locator"), lit(locator))
        if quote:
            self.add(citation, iri(AISTD + "quote"), lit(quote, "zh"))


def identifier(rng: random.Random, year: int) -> str:
    """An identifier of one of the real kinds."""
    number = rng.randint(1000, 99999)
    return rng.choice((
        f"ISO/IEC {number}:{year}", f"ISO/IEC TR {number}-{rng.randint(1, 9)}:{year}",
        f"GB/T {number}.{rng.randint(1, 6)}-{year}", f"IEEE {rng.randint(1000, 3999)}-{year}",
        f"ITU-T F.{rng.randint(700, 799)}.{rng.randint(1, 40)}", f"T/CESA {rng.randint(1000, 1399)}-{year}",
    ))


def unit(w: Writer, rng: random.Random, n: int) -> None:
    """One framework unit: committee, category tree, standards, planned standards, mappings."""
    fw = iri(f"{ID}framework/syn-{n}")
    domain, topic = rng.choice(DOMAINS), rng.choice(TOPICS)
    w.entity(fw, (AISTD + "Framework", SKOS + "ConceptScheme"), f"{domain[0]}{topic[0]}标准体系（第{n}版）",
             f"Standard system for {topic[1]} in {domain[1]} (version {n})")
    w.add(fw, iri(AISTD + "versionOf"), iri(f"{ID}framework/syn-series-{n % 7}"))
    if n:
        w.add(fw, iri(AISTD + "previousVersion"), iri(f"{ID}framework/syn-{n - 1}"))
    w.cite(fw, rng, f"synthetic framework {n}")

    tc = iri(f"{ID}body/syn-tc-{n}")
    w.entity(tc, (AISTD + "TechnicalCommittee",), f"全国{topic[0]}标准化技术委员会{n}",
             f"National technical committee {n} on {topic[1]}")
    w.add(tc, ORG_SUB, iri(ID + "body/sac"))
    w.add(tc, iri(DCT + "identifier"), lit(f"SAC/TC {600 + n}"))
    w.cite(tc, rng, f"synthetic committee {n}")
    groups = []
    for g in range(5):
        wg = iri(f"{ID}body/syn-tc-{n}-wg{g + 1}")
        groups.append(wg)
        w.entity(wg, (AISTD + "WorkingGroup",), f"第{g + 1}工作组（{rng.choice(TOPICS)[0]}）",
                 f"Working group {g + 1} ({rng.choice(TOPICS)[1]})")
        w.add(wg, ORG_SUB, tc)
        w.cite(wg, rng, f"synthetic committee {n}, group {g + 1}")

    categories = []  # (iri, path)
    def tree(parent: str | None, path: tuple[int, ...], widths: tuple[int, ...]) -> None:
        for position in range(1, widths[0] + 1):
            code = path + (position,)
            node = iri(f"{ID}category/syn-{n}-{'-'.join(map(str, code))}")
            categories.append(node)
            d, t, k = rng.choice(DOMAINS), rng.choice(TOPICS), rng.choice(KINDS)
            w.entity(node, (AISTD + "Category", SKOS + "Concept"), f"{d[0]}{t[0]}{k[0]}",
                     f"{k[1]} for {t[1]} in {d[1]}", label=iri(SKOS + "prefLabel"))
            w.add(node, iri(SKOS + "inScheme"), fw)
            w.add(node, iri(AISTD + "level"), lit(str(len(code)), datatype="integer"))
            w.add(node, iri(AISTD + "position"), lit(str(position), datatype="integer"))
            w.add(node, iri(SKOS + "notation"), lit(".".join(map(str, code))))
            if parent:
                w.add(node, iri(SKOS + "broader"), parent)
                w.add(parent, iri(SKOS + "narrower"), node)
            else:
                w.add(node, iri(SKOS + "topConceptOf"), fw)
                w.add(fw, iri(SKOS + "hasTopConcept"), node)
            if len(code) >= 3:
                w.add(node, iri(SKOS + "scopeNote"), lit(f"规范{t[0]}在{d[0]}领域中的应用，涉及{k[0]}、测试评估等。", "zh"))
                w.add(node, iri(SKOS + "scopeNote"), lit(f"Specifies {t[1]} in {d[1]}: {k[1].lower()}, testing and evaluation.", "en"))
            w.cite(node, rng, f"synthetic table, row {len(categories)}", f"{d[0]}{t[0]}")
            if len(widths) > 1:
                tree(node, code, widths[1:])
    tree(None, (), (6, 5, 4, 3))
    leaves = categories[-360:]

    for s in range(300):
        year = rng.randint(2017, 2027)
        code = identifier(rng, year)
        node = iri(f"{ID}standard/syn-{n}-{s}")
        d, t, k = rng.choice(DOMAINS), rng.choice(TOPICS), rng.choice(KINDS)
        w.add(node, A, iri(AISTD + "Standard"))
        w.add(node, A, iri(AISTD + "StandardizationItem"))
        w.add(node, iri(DCT + "identifier"), lit(code))
        w.add(node, RDFS_LABEL, lit(f"人工智能 {d[0]} {t[0]} {k[0]}", "zh"))
        w.add(node, RDFS_LABEL, lit(f"Artificial intelligence — {t[1].capitalize()} in {d[1]} — {k[1]}", "en"))
        w.add(node, iri(AISTD + "englishTitleKind"), iri(AISTDV + "title-translation"))
        w.add(node, iri(DCT + "issued"), lit(str(year), datatype="gYear"))
        w.add(node, iri(DCT + "publisher"), iri(ID + "body/" + rng.choice(("iso", "iec", "ieee", "sac", "itu-t"))))
        w.add(node, iri(AISTD + "responsibleCommittee"), rng.choice(groups + [tc]))
        w.add(node, iri(AISTD + "standardType"), iri(AISTDV + "type-" + rng.choice(TYPES)))
        w.add(node, iri(AISTD + "status"), iri(AISTDV + "status-" + rng.choice(STATUSES)))
        w.add(node, iri(AISTD + "ics"), lit(f"35.{rng.randint(20, 240):03d}"))
        w.add(node, iri(AISTD + "classifiedUnder"), rng.choice(leaves))
        w.cite(node, rng, f"chapter 0{rng.randint(1, 6)}, synthetic list", f"{code}《{t[0]}{k[0]}》")

    for p in range(100):
        node = iri(f"{ID}planned-standard/syn-{n}-{p + 1}")
        t, k = rng.choice(TOPICS), rng.choice(KINDS)
        w.entity(node, (AISTD + "PlannedStandard", AISTD + "StandardizationItem"), f"{t[0]}{k[0]}标准",
                 f"Standard on {t[1]}: {k[1].lower()}")
        w.add(node, iri(AISTD + "listNumber"), lit(str(p + 1), datatype="integer"))
        w.add(node, iri(AISTD + "classifiedUnder"), rng.choice(categories))
        w.add(node, iri(AISTD + "urgency"), lit(str(rng.randint(1, 3)), datatype="integer"))
        w.add(node, iri(AISTD + "status"), iri(AISTDV + "status-planned"))
        w.cite(node, rng, f"附件, 重点标准清单, 序号 {p + 1}")

    if n:
        for m, subject in enumerate(rng.sample(categories, len(categories) * 3 // 10)):
            obj = subject.replace(f"/syn-{n}-", f"/syn-{n - 1}-")
            predicate = SKOS + rng.choice(("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"))
            node = iri(f"{ID}relation/syn-{n}-mapping-{m}")
            w.entity(node, (AISTD + "Mapping",), f"第{n}版类目{m}对应第{n - 1}版",
                     f"Category {m} of version {n} mapped to version {n - 1}")
            w.add(node, iri(AISTD + "mappingSubject"), subject)
            w.add(node, iri(AISTD + "mappingPredicate"), iri(predicate))
            w.add(node, iri(AISTD + "mappingObject"), obj)
            w.add(node, iri(AISTD + "mappingJustification"), iri("https://w3id.org/semapv/vocab/LexicalMatching"))
            w.add(node, iri(AISTD + "confidence"), lit(f"{rng.randint(5, 10) / 10:.1f}", datatype="decimal"))
            w.add(subject, iri(predicate), obj)  # the derived SKOS triple
            w.cite(node, rng, f"synthetic crosswalk {n}")


def generate(target: int, out: Path, seed: int = 7) -> dict:
    """Write <out>/aistd-kg.trig (real + synthetic) and <out>/generated.json; return the latter."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    artifact = out / "aistd-kg.trig"
    rng = random.Random(seed)
    real_quads = sum(1 for _ in pyoxigraph.parse(path=str(REAL), format=pyoxigraph.RdfFormat.TRIG))
    with open(artifact, "w", encoding="utf-8") as handle:
        with open(REAL, encoding="utf-8") as real:
            shutil.copyfileobj(real, handle)
        handle.write(f"\n<{GRAPH}> {{\n")
        writer, n = Writer(handle), 0
        while writer.count + real_quads < target:
            unit(writer, rng, n)
            n += 1
        handle.write("}\n")
    info = {"target": target, "seed": seed, "real_quads": real_quads, "synthetic_triples": writer.count, "framework_units": n,
            "bytes": artifact.stat().st_size, "seconds": round(time.perf_counter() - started, 2),
            "shacl_validated": False}
    (out / "generated.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="total quads to reach, real ones included")
    parser.add_argument("--out", type=Path, required=True, help="build folder to write aistd-kg.trig into")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(generate(args.triples, args.out, args.seed)))


if __name__ == "__main__":
    main()
