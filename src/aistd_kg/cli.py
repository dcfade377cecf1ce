"""The aistd-kg command line: build, stats, export, query, serve, reload, publish, link,
release, diff, template (export, docs), import. Each command is a thin wrapper over the
library; the library's errors (errors.py) become exit codes here, in one place.

Exit codes: 0 success; 1 the data is invalid (violations, inconsistency) or a query failed;
2 a usage or input error (a file that does not parse, a missing build).
"""

import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .build import stats as statistics
from .build.artifact import ARTIFACT_NAME, built_artifact, load_built, write_artifact
from .errors import InputError, InvalidData, KnowledgeGraphError
from .linking import registries as linking
from .publish import export as exporting
from .publish.jsonld import FRAMES
from .query.named_queries import find_query, load_queries, parse_values, render_query_index, result_rows, run

if TYPE_CHECKING:
    from .build.pipeline import BuildResult

SHOWN_PROBLEMS = 200  # import: problems printed; the rest are counted


class Commands(click.Group):
    """The command group that reports the library's errors in one line, with their exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KnowledgeGraphError as error:
            click.echo(error.report(), err=True)
            ctx.exit(error.exit_code)


def _root() -> Path:
    return Path.cwd()


build_dir_option = click.option(
    "--build-dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
    help="Folder of the built graph.")


@click.group(cls=Commands)
@click.version_option(package_name="aistd-kg")
def main() -> None:
    """An open, bilingual knowledge graph of AI standardization."""


@main.command()
@build_dir_option
@click.option("--no-reason", is_flag=True, help="Skip the OWL consistency check with HermiT.")
def build(build_dir: Path, no_reason: bool) -> None:
    """Load, derive and validate the ontology and data; write the graph only if all passes."""
    result = _valid_build(reason=not no_reason)
    path = write_artifact(result.dataset, build_dir)
    click.echo(f"built {len(result.dataset)} triples -> {path}")


def _valid_build(reason: bool) -> "BuildResult":
    """Build and validate, listing what is wrong; :raises BuildRefused: the data is invalid."""
    from .build.pipeline import build_dataset  # the validator and the reasoner: only the commands that build load them

    result = build_dataset(_root(), reason=reason)
    for line in result.findings():
        click.echo(line, err=True)
    return result.checked()


@main.command()
@build_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(build_dir: Path, as_json: bool) -> None:
    """Print counts: triples, instances per class, labels per language, framework sizes."""
    collected = statistics.collect(load_built(build_dir))
    click.echo(json.dumps(collected, ensure_ascii=False, indent=2) if as_json else statistics.render(collected))


@main.command()
@build_dir_option
@click.option("--format", "fmt", type=click.Choice(exporting.ALL_FORMATS), default="ttl", show_default=True,
              help="ttl, jsonld, nt, xml: the union graph; trig, nq: with the named graphs; "
                   "sssom: the crosswalk mappings as SSSOM TSV; csv: the same as a spreadsheet table.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of standard output.")
@click.option("--frame", type=click.Choice(sorted(FRAMES)), help="jsonld only: one nested tree per instance of this kind.")
def export(build_dir: Path, fmt: str, output: Path | None, frame: str | None) -> None:
    """Export the built graph (jsonld: compacted with ontology/context.jsonld)."""
    data = exporting.serialize(load_built(build_dir), fmt, _root(), frame)
    if output:
        output.write_bytes(data)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


@main.command(name="queries")
@click.option("--markdown", is_flag=True, help="Print a Markdown table (the README's query index).")
def list_queries(markdown: bool) -> None:
    """List the named queries in queries/ with their titles and parameters."""
    click.echo(render_query_index(load_queries(_root() / "queries"), markdown))


@main.command()
@build_dir_option
@click.argument("query")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the answer to a .csv or .xlsx file for a spreadsheet instead of printing it.")
def query(build_dir: Path, query: str, params: tuple[str, ...], output: Path | None) -> None:
    """Run a named query (its name or a .rq file) and print the answer as CSV, or write it to a file."""
    named, values = find_query(query, _root() / "queries"), parse_values(params)
    result = run(named, load_built(build_dir), values)
    header = [str(v) for v in result.vars] if result.type == "SELECT" else ["answer"]
    if output:
        from .publish.tables import write_table

        write_table(header, result_rows(result), output, named.name)
        click.echo(f"wrote {output}")
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if result.type == "SELECT":
        writer.writerow(header)
    writer.writerows(result_rows(result))


@main.command()
@build_dir_option
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML file with a [server] table of settings (also AISTD_KG_CONFIG).")
@click.option("--host", help="Address to listen on [127.0.0.1; AISTD_KG_HOST].")
@click.option("--port", type=int, help="Port to listen on [8000; AISTD_KG_PORT].")
@click.option("--workers", type=int, help="gunicorn worker processes [2; AISTD_KG_WORKERS].")
@click.option("--threads", type=int, help="Request threads per process [64; AISTD_KG_THREADS].")
@click.option("--query-workers", type=int, help="Query worker processes per process [4; AISTD_KG_QUERY_WORKERS].")
@click.option("--queue", type=int, help="Clients' queries per process that may wait for a query worker "
                                        "[16; AISTD_KG_QUEUE].")
@click.option("--read-timeout", type=float, help="Longest wait for the next bytes of a request, in seconds "
                                                 "[5; AISTD_KG_READ_TIMEOUT].")
@click.option("--timeout", type=float, help="Time limit of one query, in seconds [10; AISTD_KG_TIMEOUT].")
@click.option("--max-result-mb", type=float, help="Largest answer, in MiB once serialized [256; AISTD_KG_MAX_RESULT_MB].")
@click.option("--max-query-length", type=int, help="Longest query, in characters [100000; AISTD_KG_MAX_QUERY_LENGTH].")
@click.option("--memory-mb", type=int, help="Memory ceiling of one query worker, in MiB [1024; AISTD_KG_MEMORY_MB].")
@click.option("--pin-cpus/--no-pin-cpus", default=None, help="Run each process and its query workers on their own "
                                                          "share of the CPUs [on; AISTD_KG_PIN_CPUS].")
@click.option("--cache-mb", type=float, help="Answers kept in memory per process, in MiB; 0 for none "
                                             "[64; AISTD_KG_CACHE_MB].")
@click.option("--cors-origins", help="Comma-separated origins allowed by CORS, or * [*; AISTD_KG_CORS_ORIGINS].")
@click.option("--base-url", help="Public base of absolute links, http(s)://host[:port] [http://HOST:PORT; "
                                 "AISTD_KG_BASE_URL].")
@click.option("--allowed-hosts", help="Comma-separated Host headers kept in absolute links as sent [none; "
                                      "AISTD_KG_ALLOWED_HOSTS].")
@click.option("--store", help="Serve this instead of the build's own store: a published store folder (a replica), "
                              "or the SPARQL query URL of an external store [AISTD_KG_STORE].")
def serve(build_dir: Path, config: Path | None, **flags) -> None:
    """Serve the built graph at /sparql (SPARQL 1.1 Protocol, read-only) and /queries, with gunicorn.

    Loads build/aistd-kg.trig into an on-disk store first, unless it was loaded before.
    Exits with 2 when the store to serve is missing, corrupt or unreadable.
    """
    from .web.runner import serve as run_server
    from .web.settings import Settings

    try:
        settings = Settings.load(config, build_dir=build_dir.resolve(), root=_root().resolve(), **flags)
    except (OSError, ValueError) as error:
        raise InputError(str(error)) from None
    run_server(settings, build_dir / ARTIFACT_NAME if settings.store else built_artifact(build_dir))


@main.command()
@build_dir_option
@click.pass_context
def reload(ctx: click.Context, build_dir: Path) -> None:
    """Build and validate the graph, and if it passes, publish it to the running server.

    The server answers from the new data from its next request on; if the build fails,
    nothing changes (exit codes as for build). SIGHUP to the server runs this command.
    """
    from .store.local import publish, stores_dir

    ctx.invoke(build, build_dir=build_dir, no_reason=False)
    store = publish(built_artifact(build_dir), stores_dir(build_dir))
    click.echo(f"published {store}")


@main.command()
@build_dir_option
@click.option("--to", "gsp", metavar="URL", help="Graph Store Protocol URL of an external SPARQL store "
              "(Virtuoso: http://host:8890/sparql-graph-crud-auth); without it, publish into the build's store folder.")
@click.option("--user", help="User name for the external store.")
@click.option("--password", envvar="AISTD_KG_STORE_PASSWORD", help="Password for the external store "
              "[AISTD_KG_STORE_PASSWORD].")
@click.option("--auth", type=click.Choice(["basic", "digest"]), default="basic", show_default=True,
              help="HTTP authentication scheme of the external store (Virtuoso: digest).")
def publish(build_dir: Path, gsp: str | None, user: str | None, password: str | None, auth: str) -> None:
    """Publish the built graph without rebuilding: as a verified store folder, or into an external store.

    The store folder (printed) is the artifact replicas serve with 'serve --store FOLDER'. With
    --to, each named graph replaces its namesake in the external store (one Graph Store Protocol
    PUT per graph), then the manifest graph 'serve --store QUERY_URL' reads. Exit codes: 0
    published; 2 no build, or the store cannot be written.
    """
    from .store.gsp import credentials
    from .store.gsp import publish as publish_remote
    from .store.local import StoreError, stores_dir, verify
    from .store.local import publish as publish_local

    artifact = built_artifact(build_dir)
    try:
        if gsp:
            described = publish_remote(artifact, gsp, credentials(user, password, auth))
            click.echo(f"published {described['triples']} triples in {len(described['graphs'])} graphs to {gsp}")
        else:
            store = publish_local(artifact, stores_dir(build_dir))
            click.echo(f"published {store} (checksum {verify(store)['checksum']})")
    except OSError as error:
        raise StoreError(str(error)) from None


@main.command()
@build_dir_option
@click.option("--registry", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="The registry dump to match the graph against.")
@click.option("--kind", type=click.Choice(linking.KINDS), required=True,
              help="iso-open-data: ISO Open Data deliverables (JSON Lines or CSV); wikidata-json: a Wikidata JSON "
                   "dump or entity data file; csv: Chinese national standards with columns 标准号, 标准名称.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the proposals to this file (TSV; CSV when it ends in .csv) instead of standard output.")
def link(build_dir: Path, registry: Path, kind: str, output: Path | None) -> None:
    """Propose links from the graph's entities to a registry's records, with evidence, for review.

    Matches by identifier first, by normalized title second; never changes the data.
    """
    store, index = linking.open_graph(built_artifact(build_dir))
    count = linking.write_proposals(linking.propose(store, index, linking.read_registry(registry, kind), kind),
                                    output, _root() / "data")
    click.echo(f"{count} proposal(s)" + (f" -> {output}" if output else ""), err=True)


@main.command(name="release")
@click.argument("version")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("releases"), show_default=True,
              help="Folder of the releases; the release is written to OUT/VERSION.")
@click.option("--previous", default="auto", show_default=True,
              help="Release folder to compare with for the changelog; auto: the highest lower version in OUT; "
                   "none: no comparison.")
@click.option("--no-reason", is_flag=True, help="Skip the OWL consistency check with HermiT, as for build.")
def make_release(version: str, out: Path, previous: str, no_reason: bool) -> None:
    """Build, validate and write release VERSION (SemVer): every format, the validation report,
    a VoID / DCAT description with checksums, and the changelog against the previous release.

    Exit codes as for build; 2 also for a version that is not SemVer, a release that already
    exists (never overwritten) or a previous release that is not one.
    """
    from .publish.release import prepare, write_release

    earlier = prepare(out, version, previous)
    folder = write_release(_valid_build(reason=not no_reason), _root(), version, out, earlier)
    click.echo(f"released {version} -> {folder}" + (f" (changes since {earlier.name})" if earlier else ""))


@main.command(name="diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True,
              help="markdown: for people, with zh and en labels; json: every value in full.")
def compare_releases(old: Path, new: Path, fmt: str) -> None:
    """Report what changed from OLD to NEW (release folders or .trig / .nq / .ttl files), entity by entity."""
    from .publish import diff

    before, after = diff.load(old), diff.load(new)
    report = diff.compare(before, after)
    click.echo(diff.to_markdown(report, before, after) if fmt == "markdown" else diff.dumps(diff.to_json(report)),
               nl=False)


@main.group()
def template() -> None:
    """Spreadsheet templates (CSV, XLSX) of a framework and its standards; see docs/templates.md."""


@template.command(name="export")
@click.option("--framework", required=True, help="The framework: its slug, fw:<slug> or its IRI.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="A .xlsx workbook, or a .csv name: one <stem>.<table>.csv file per table.")
def export_template(framework: str, output: Path) -> None:
    """Write an existing framework, its categories and the standards it lists into the template."""
    from .intake.exporting import export_template as write_template

    written = write_template(_root(), framework, output)
    click.echo("wrote " + ", ".join(map(str, written)), err=True)


@template.command(name="docs")
def template_docs() -> None:
    """Print the template's documentation (docs/templates.md) as Markdown."""
    from .intake.template import render_markdown

    click.echo(render_markdown(), nl=False)


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--framework", required=True, help="The framework the template is for: its slug, fw:<slug> or its IRI.")
@click.option("--out", type=click.Path(path_type=Path), help="The Turtle file to write [data/<framework>.ttl].")
@click.option("--replace", is_flag=True, help="Replace the output file if it exists (it is left out of the validation).")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar [when standard error is a terminal].")
def import_template(files: tuple[Path, ...], framework: str, out: Path | None, replace: bool, progress: bool | None) -> None:
    """Turn a filled template (XLSX, or CSV files) into Turtle, checked and validated with the rest of the data.

    Every problem is listed as 'sheet S, row R, column C: ...'; nothing is written unless there
    is none and the data with the new graph passes the shapes. Exit codes as for build.
    """
    from .intake.importing import import_template as read_into_turtle

    show = sys.stderr.isatty() if progress is None else progress
    result = read_into_turtle(_root(), list(files), framework, out, replace, _progress_bar if show else None)
    problems = [*map(str, result.problems), *result.violations]
    for line in problems[:SHOWN_PROBLEMS]:
        click.echo(line, err=True)
    if len(problems) > SHOWN_PROBLEMS:
        click.echo(f"… and {len(problems) - SHOWN_PROBLEMS:,} more problems (the first {SHOWN_PROBLEMS} are shown)", err=True)
    result.checked()
    click.echo(f"imported {result.triples} triples -> {result.written}")


@main.command()
@click.option("--registry", type=click.Path(path_type=Path), required=True, help="The registry dump to read.")
@click.option("--kind", type=click.Choice(["iso-open-data", "samr-csv"]), required=True,
              help="iso-open-data: ISO Open Data deliverables metadata (JSON Lines or CSV); samr-csv: a CSV export of "
                   "the national standards platform (标准号, 中文标准名称, 英文标准名称, 标准状态, 发布日期, 实施日期, "
                   "归口单位, 采标号, 采用程度).")
@click.option("--snapshot-date", required=True, help="The date the registry published the dump (YYYY-MM-DD).")
@click.option("--committee", help="Keep the records of this committee and those under it (identifier or label, "
                                  "e.g. 'ISO/IEC JTC 1/SC 42').")
@click.option("--ics", help="Keep the records under this ICS code (a prefix such as 35.020).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="The ingest file [data/registry-<kind>.ttl].")
@click.option("--write", is_flag=True, help="Write the changes (without it, only show them).")
def ingest(registry: Path, kind: str, snapshot_date: str, committee: str | None, ics: str | None, out: Path | None,
           write: bool) -> None:
    """Bring a registry dump into the catalogue: show what it adds, changes and withdraws, then (with --write) write it.

    Curated entries are never changed: a difference is reported as a conflict with both values.
    Nothing is written unless the data with the ingest file passes the shapes. Exit codes: 0
    done; 1 the result would be invalid; 2 the dump or an option cannot be used.
    """
    from datetime import date

    from .intake.ingest import plan_ingest, write_ingest

    try:
        snapshot = date.fromisoformat(snapshot_date)
    except ValueError:
        raise InputError(f"--snapshot-date needs a date YYYY-MM-DD, got {snapshot_date!r}") from None
    plan = plan_ingest(_root(), registry, kind, snapshot, committee, ics, out)
    for change in plan.changes:
        click.echo(str(change))
    counts = {name: sum(change.kind == name for change in plan.changes) for name in ("new", "stage", "withdrawn", "title", "conflict")}
    click.echo(", ".join(f"{n} {name}" for name, n in counts.items()), err=True)
    if not write or not plan.writes:
        click.echo("nothing written" + ("" if write else " (give --write to write the changes)"), err=True)
        return
    violations = write_ingest(_root(), plan)
    for line in violations:
        click.echo(line, err=True)
    if violations:
        raise InvalidData(f"ingest refused: {len(violations)} violation(s); nothing was written")
    click.echo(f"wrote {plan.out}", err=True)


def _progress_bar(rows: list, label: str):
    with click.progressbar(rows, label=f"checking {label}", file=sys.stderr) as bar:
        yield from bar


if __name__ == "__main__":
    main()
