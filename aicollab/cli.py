"""The ``aicollab`` command (also ``python -m aicollab``): everything the README and the facilitator guide ask people to type.

    aicollab --help
    aicollab jupyter enable            # let Jupyter serve the chart library (offline charts)
    aicollab exercises generate        # rewrite exercises/ from solutions/
    aicollab exercises check           # exit 1 when exercises/ is out of date
    aicollab lab-notes generate        # refresh the JupyterLab-only sources-and-terms cell of each lesson
    aicollab lab-notes check           # exit 1 when a lesson's sources-and-terms cell is out of date
    aicollab outputs regenerate [NB]   # re-run lessons and store their outputs (what nbval expects)
    aicollab timing update             # lesson times, overview lines and agendas, from the timing rule
    aicollab timing check              # exit 1 when they are out of date or an agenda does not fit
    aicollab figures check             # every figure in prose bound to the data or marked illustrative
    aicollab poll collect FOLDER       # summarise a folder of room-poll files
    aicollab poll demo FOLDER          # write the demo folder of poll files
    aicollab data validate             # check the datasets against their schema (Frictionless)
    aicollab data where                # print the folder the lessons read their data from

Each subcommand is a thin layer over a function of the package; errors in what was typed are
reported in one sentence with exit status 2 (argparse's convention), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__


def _jupyter_enable(args: argparse.Namespace) -> int:
    from .tools.serverext import install

    print(f"aicollab: Jupyter server extension enabled in {install(args.prefix)}")
    return 0


def _exercises(args: argparse.Namespace) -> int:
    from .tools import exercises

    argv = [args.action]
    if args.root:
        root = Path(args.root)
        argv += ["--solutions", str(root / "solutions"), "--exercises", str(root / "exercises")]
    return exercises.main(argv)


def _lab_notes(args: argparse.Namespace) -> int:
    from .tools import labnotes

    return labnotes.main([args.action], **({"root": Path(args.root)} if args.root else {}))


def _outputs(args: argparse.Namespace) -> int:
    from .tools import outputs

    return outputs.main(args.notebooks, root=Path(args.root) if args.root else None)


def _timing(args: argparse.Namespace) -> int:
    from .tools import timing

    root = Path(args.root) if args.root else Path(__file__).resolve().parents[1]
    return timing.main([args.action], root=root)


def _figures(args: argparse.Namespace) -> int:
    from .tools import figures

    return figures.main(Path(args.root) if args.root else Path(__file__).resolve().parents[1])


def _text(value: object) -> str:
    """Printable text for a terminal: control characters (e.g. ANSI escapes) shown as escapes."""
    from .poll.fileformat import printable

    return printable(str(value))


def _poll_collect(args: argparse.Namespace) -> int:
    from .poll import collect

    try:
        result = collect(args.folder)
    except (FileNotFoundError, NotADirectoryError) as error:
        print(f"aicollab poll collect: {error}", file=sys.stderr)
        return 2
    print(_text(result.summary()))
    if len(result.skipped):
        print("\nSkipped:")
        for row in result.skipped.itertuples():
            print(f"  {_text(row.file)}: {_text(row.reason)}")
    if len(result.rejected):
        print("\nValues left out:")
        for row in result.rejected.itertuples():
            entry = f": {row.entry}" if row.entry else ""
            print(f"  {_text(row.file)} [{_text(row.field + entry)}]: {_text(row.reason)}")
    if args.csv:
        target = Path(args.csv)
        result.to_csv(target)
        print(f"\nWrote {target}")
    return 0


def _poll_demo(args: argparse.Namespace) -> int:
    from .poll import write_demo_folder

    for path in write_demo_folder(args.folder):
        print(path)
    return 0


def _data_validate(args: argparse.Namespace) -> int:
    from .data import DataFileError, check_semantics, validate_package

    try:
        validate_package(args.data_dir)
        check_semantics(args.data_dir, args.bib)
    except DataFileError as error:
        print(f"aicollab data validate: {error}", file=sys.stderr)
        return 1
    print("The datasets are valid (schema, types, constraints and cross-file checks).")
    return 0


def _data_where(args: argparse.Namespace) -> int:
    from .data import data_dir

    print(data_dir())
    return 0


def _root_option(command: argparse.ArgumentParser) -> None:
    """The ``--root`` option of every command that reads or writes the kit's own files."""
    command.add_argument("--root", help="the kit's folder (default: the checkout this package lives in)")


def parser() -> argparse.ArgumentParser:
    """The command's argument parser (its ``--help`` is the command's documentation)."""
    top = argparse.ArgumentParser(
        prog="aicollab",
        description="Tools of the Partners in Healthcare AI teaching kit.",
        epilog="Run 'aicollab <command> --help' for the options of one command.",
    )
    top.add_argument("--version", action="version", version=f"aicollab {__version__}")
    commands = top.add_subparsers(dest="command", metavar="<command>", required=True)

    jupyter = commands.add_parser("jupyter", help="set up Jupyter for the kit")
    jupyter_actions = jupyter.add_subparsers(dest="action", metavar="<action>", required=True)
    enable = jupyter_actions.add_parser(
        "enable", help="let JupyterLab serve the kit's chart library (no CDN: charts draw offline)"
    )
    enable.add_argument("--prefix", help="environment prefix to configure (default: this Python's sys.prefix)")
    enable.set_defaults(run=_jupyter_enable)

    exercises = commands.add_parser("exercises", help="learner exercise notebooks (generated from solutions/)")
    exercises.add_argument(
        "action",
        choices=["generate", "check"],
        help="generate: rewrite exercises/; check: exit 1 if exercises/ is out of date",
    )
    _root_option(exercises)
    exercises.set_defaults(run=_exercises)

    lab_notes = commands.add_parser(
        "lab-notes", help="the JupyterLab-only cell of sources and glossary terms at the end of each lesson"
    )
    lab_notes.add_argument(
        "action",
        choices=["generate", "check"],
        help="generate: rewrite the cell in notebooks/ and solutions/; check: exit 1 if one is out of date",
    )
    _root_option(lab_notes)
    lab_notes.set_defaults(run=_lab_notes)

    outputs = commands.add_parser("outputs", help="stored notebook outputs (what nbval compares)")
    outputs_actions = outputs.add_subparsers(dest="action", metavar="<action>", required=True)
    regenerate = outputs_actions.add_parser(
        "regenerate", help="re-run notebooks top to bottom and store their outputs (review with git diff)"
    )
    regenerate.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/ and solutions/)")
    _root_option(regenerate)
    regenerate.set_defaults(run=_outputs)

    timing = commands.add_parser("timing", help="lesson times and agendas, computed by the kit's timing rule")
    timing.add_argument(
        "action",
        choices=["update", "check"],
        help="update: write lesson metadata, overview lines and agendas; check: exit 1 if out of date or too long",
    )
    _root_option(timing)
    timing.set_defaults(run=_timing)

    figures = commands.add_parser("figures", help="figures stated in prose, checked against the datasets")
    figures.add_argument("action", choices=["check"], help="check: print each unbound or wrong figure; exit 1 if any")
    _root_option(figures)
    figures.set_defaults(run=_figures)

    poll = commands.add_parser("poll", help="the room poll (files of learners' answers)")
    poll_actions = poll.add_subparsers(dest="action", metavar="<action>", required=True)
    collect = poll_actions.add_parser("collect", help="summarise a folder of room-poll files")
    collect.add_argument("folder", help="the folder that holds the learners' files")
    collect.add_argument("--csv", help="also write the room's answers to this CSV file (one row per answer)")
    collect.set_defaults(run=_poll_collect)
    demo = poll_actions.add_parser("demo", help="write the deterministic demo folder of poll files")
    demo.add_argument("folder", help="where to write the files (created if missing)")
    demo.set_defaults(run=_poll_demo)

    data = commands.add_parser("data", help="the kit's datasets")
    data_actions = data.add_subparsers(dest="action", metavar="<action>", required=True)
    validate = data_actions.add_parser("validate", help="validate the datasets with Frictionless and cross-file checks")
    validate.add_argument("--data-dir", help="folder of datasets (default: the installed ones)")
    validate.add_argument("--bib", help="references.bib to check source keys against (default: the checkout's)")
    validate.set_defaults(run=_data_validate)
    where = data_actions.add_parser("where", help="print the folder the lessons read their data from")
    where.set_defaults(run=_data_where)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(list(argv) if argv is not None else None)
    return int(args.run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
