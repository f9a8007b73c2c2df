"""Many editions on a distributed engine: the build of one edition as a pure task, and a Dask adapter.

`build_task(manifest, out_dir, formats)` is the unit a catalogue hands to an
engine: it reads only the manifest and what it names, writes only into its
own output folder (atomically, as every build does), keeps no state between
calls, and returns plain data (outputs, pages, seconds, or the error
messages), so it pickles and runs on any worker.  Its content cache
(`cache.py`) makes a task whose inputs have not changed cost almost nothing,
so re-running a whole catalogue redoes only what changed.

`build_with_dask(manifests, out_dir)` runs such tasks with Dask (install
`dask`, or `edition[distributed]`): on the local machine with processes by
default, or on a cluster by passing a `dask.distributed.Client`'s scheduler
(`scheduler=client.get`).  A failing edition is a result, not an exception:
the others go on.
"""

from __future__ import annotations

from pathlib import Path

from edition.messages import BadInput, EditionError, message


def build_task(manifest: str, out_dir: str, formats: tuple = ("epub", "pdf")) -> dict:
    """Build one edition; plain data in, plain data out."""
    from edition.build.pipeline import build

    try:
        result = build(Path(manifest), Path(out_dir), tuple(formats))
    except EditionError as error:
        return {"manifest": manifest, "ok": False, "exit_code": error.exit_code,
                "errors": [str(m) for m in error.messages]}
    except Exception as error:                  # a bug, still a result beside the others' (exit code 3)
        return {"manifest": manifest, "ok": False, "exit_code": 3,
                "errors": [f"internal error: {type(error).__name__}: {error}"]}
    return {"manifest": manifest, "ok": True, "outputs": [str(p) for p in result.outputs], "pages": result.pages,
            "seconds": round(result.seconds, 2), "up_to_date": result.up_to_date,
            "warnings": [str(m) for m in result.warnings]}


def build_with_dask(manifests: list[Path], out_dir: Path, formats: tuple = ("epub", "pdf"),
                    scheduler: str | object = "processes") -> list[dict]:
    """Build every manifest as a Dask task, each into ``out_dir/NAME``; the results in the manifests' order.
    Two manifests of one name would build into one folder: BadInput, before anything is built."""
    import dask

    folders: dict[str, Path] = {}
    for manifest in map(Path, manifests):
        if folders.setdefault(manifest.stem, manifest).resolve() != manifest.resolve():
            raise BadInput(message("m-009", key="manifests", problem=f"{folders[manifest.stem]} and {manifest} "
                                   f"would both build into {out_dir / manifest.stem}; rename one"))

    tasks = [dask.delayed(build_task, pure=True)(str(m), str(out_dir / Path(m).stem), tuple(formats))
             for m in manifests]
    return list(dask.compute(*tasks, scheduler=scheduler))
