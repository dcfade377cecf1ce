"""The aistd-kg command line: build, stats, export, query, serve, reload.

Exit codes: 0 success; 1 the data is invalid (violations, inconsistency) or a query failed;
2 a usage or input error (a file that does not parse, a missing build).
"""

import csv
import json
import sys
from pathlib import Path

import click
from rdflib import Dataset

from . import export as exporting
from . import stats as statistics
from .build import ARTIFACT_NAME, build_dataset, write_artifact
from .jsonld import FRAMES
from .loading import SourceFileError
from .named_queries import NamedQuery, ParameterError, load_queries, render_query_index, result_rows, run


def _root() -> Path:
    return Path.cwd()


def _load_built(build_dir: Path) -> Dataset:
    artifact = build_dir / ARTIFACT_NAME
    if not artifact.is_file():
        raise click.ClickException(f"{artifact} does not exist: run 'aistd-kg build' first")
    dataset = Dataset(default_union=True)
    dataset.parse(artifact, format="trig")
    return dataset


build_dir_option = click.option(
    "--build-dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
    help="Folder of the built graph.")


@click.group()
@click.version_option(package_name="aistd-kg")
def main() -> None:
    """An open, bilingual knowledge graph of AI standardization."""


@main.command()
@build_dir_option
@click.option("--no-reason", is_flag=True, help="Skip the OWL consistency check with HermiT.")
def build(build_dir: Path, no_reason: bool) -> None:
    """Load, derive and validate the ontology and data; write the graph only if all passes."""
    try:
        result = build_dataset(_root(), reason=not no_reason)
    except SourceFileError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    for violation in result.violations:
        click.echo(f"{violation.severity.lower()}: {violation}", err=True)
    if result.inconsistency:
        click.echo(f"violation: {result.inconsistency}", err=True)
    if not result.ok:
        count = len(result.errors) + bool(result.inconsistency)
        click.echo(f"build refused: {count} violation(s); nothing was written", err=True)
        sys.exit(1)
    path = write_artifact(result.dataset, build_dir)
    click.echo(f"built {len(result.dataset)} triples -> {path}")


@main.command()
@build_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(build_dir: Path, as_json: bool) -> None:
    """Print counts: triples, instances per class, labels per language, framework sizes."""
    collected = statistics.collect(_load_built(build_dir))
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
    data = exporting.serialize(_load_built(build_dir), fmt, _root(), frame)
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
def query(build_dir: Path, query: str, params: tuple[str, ...]) -> None:
    """Run a named query (its name or a .rq file) and print the answer as CSV."""
    path = Path(query)
    named = NamedQuery.from_file(path) if path.suffix == ".rq" else load_queries(_root() / "queries").get(query)
    if named is None:
        raise click.ClickException(f"no query named {query!r} in queries/")
    values = dict(p.split("=", 1) for p in params if "=" in p)
    try:
        result = run(named, _load_built(build_dir), values)
    except ParameterError as error:
        raise click.ClickException(str(error)) from None
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if result.type == "SELECT":
        writer.writerow([str(v) for v in result.vars])
    writer.writerows(result_rows(result))


@main.command()
@build_dir_option
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML file with a [server] table of settings (also AISTD_KG_CONFIG).")
@click.option("--host", help="Address to listen on [127.0.0.1; AISTD_KG_HOST].")
@click.option("--port", type=int, help="Port to listen on [8000; AISTD_KG_PORT].")
@click.option("--workers", type=int, help="gunicorn worker processes [2; AISTD_KG_WORKERS].")
@click.option("--threads", type=int, help="Request threads (and query workers) per process [4; AISTD_KG_THREADS].")
@click.option("--timeout", type=float, help="Time limit of one query, in seconds [10; AISTD_KG_TIMEOUT].")
@click.option("--max-result-mb", type=float, help="Largest answer, in MiB once serialized [20; AISTD_KG_MAX_RESULT_MB].")
@click.option("--max-query-length", type=int, help="Longest query, in characters [100000; AISTD_KG_MAX_QUERY_LENGTH].")
@click.option("--memory-mb", type=int, help="Memory ceiling of one query worker, in MiB [1024; AISTD_KG_MEMORY_MB].")
@click.option("--cors-origins", help="Comma-separated origins allowed by CORS, or * [*; AISTD_KG_CORS_ORIGINS].")
def serve(build_dir: Path, config: Path | None, **flags) -> None:
    """Serve the built graph at /sparql (SPARQL 1.1 Protocol, read-only) and /queries, with gunicorn.

    Loads build/aistd-kg.trig into an on-disk store first, unless it was loaded before.
    """
    from .server.runner import serve as run_server
    from .server.settings import Settings

    artifact = build_dir / ARTIFACT_NAME
    if not artifact.is_file():
        raise click.ClickException(f"{artifact} does not exist: run 'aistd-kg build' first")
    try:
        settings = Settings.load(config, build_dir=build_dir.resolve(), root=_root().resolve(), **flags)
    except (OSError, ValueError) as error:
        raise click.UsageError(str(error)) from None
    run_server(settings, artifact)


@main.command()
@build_dir_option
@click.pass_context
def reload(ctx: click.Context, build_dir: Path) -> None:
    """Build and validate the graph, and if it passes, publish it to the running server.

    The server answers from the new data from its next request on; if the build fails,
    nothing changes (exit codes as for build). SIGHUP to the server runs this command.
    """
    from .server.store import publish, stores_dir

    ctx.invoke(build, build_dir=build_dir, no_reason=False)
    store = publish(build_dir / ARTIFACT_NAME, stores_dir(build_dir))
    click.echo(f"published {store}")


if __name__ == "__main__":
    main()
