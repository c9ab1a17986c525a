"""The ``course`` command."""
from __future__ import annotations

import argparse
import json
import sys

from . import __version__

EXIT_VALID, EXIT_INVALID, EXIT_UNUSABLE = 0, 1, 2


def cmd_schemas(args) -> int:
    from .xml import registry

    rows = [(e.name, e.kind, e.title_in(args.lang), e.distribution, e.version, e.licence)
            for e in registry.ENTRIES.values()]
    if args.json:
        keys = ("name", "kind", "title", "package", "version", "licence")
        print(json.dumps([dict(zip(keys, row)) for row in rows], ensure_ascii=False, indent=2))
        return 0
    header = ("NAME", "KIND", "TITLE", "PACKAGE", "VERSION", "LICENCE")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())
    return 0


def cmd_validate(args) -> int:
    from .xml import SchemaError, validate

    try:
        result = validate(args.file, args.schema, lang=args.lang, rules=not args.no_rules)
    except SchemaError as exc:
        print(f"course validate: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(result)
    if not result.usable:
        return EXIT_UNUSABLE
    return EXIT_VALID if result.ok else EXIT_INVALID


# What the in-step check says when exercises/ differs: rebuilding loses nothing.
OUT_OF_STEP = ("exercises/ is out of step with solutions/: run `course build`, then commit exercises/. "
               "The build first copies any file of exercises/ it replaces to workshop/kept/, and "
               "participants' own copies in workshop/my-work/ are never touched.")


def cmd_exercises(args) -> int:
    from .checks import catalog, exercise

    for exercise_id in catalog.all_ids():
        print(f"{exercise_id}  {exercise(exercise_id, args.lang).title}")
    return 0


def cmd_build(args) -> int:
    from .grading import build

    if args.check:
        found = build.differences(args.assignment)
        for line in found:
            print(line)
        if found:
            print(OUT_OF_STEP, file=sys.stderr)
            return 1
        print("exercises/ is in step with solutions/.")
        return 0
    kept: list = []
    for path in build.build(args.assignment, kept=kept):
        print(f"built {path.relative_to(path.parents[1])}")
    if kept:
        print(f"Files of exercises/ that differed from the build were kept first, so nothing is lost "
              f"({len(kept)}):")
        for path in kept:
            print(f"  {path}")
    return 0


def cmd_start(args) -> int:
    from . import my_work

    try:
        names = [args.assignment] if args.assignment else my_work.released()
        for name in names:
            target, copied = my_work.start(name)
            print(f"{target}: {len(copied)} file(s) copied" + ("" if copied else " (your copy was already there)"))
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def _course_root(args):
    from pathlib import Path

    from . import paths

    return Path(args.course).resolve() if getattr(args, "course", None) else paths.root()


def _assignments(args) -> list[str]:
    from .grading import build

    return [args.assignment] if args.assignment else build.assignments(_course_root(args))


def cmd_release(args) -> int:
    from .grading import exchange

    for assignment in _assignments(args):
        print(exchange.release(assignment, _course_root(args)))
    return 0


def cmd_collect(args) -> int:
    from .grading import exchange

    for assignment in _assignments(args):
        print(exchange.collect(assignment, _course_root(args)))
    return 0


def cmd_grade(args) -> int:
    from .grading import grade, sandbox

    limits = sandbox.Limits(cell_seconds=args.cell_timeout, notebook_seconds=args.notebook_timeout,
                            memory_mb=args.memory_mb)
    missing = 0
    for assignment in _assignments(args):
        try:
            statuses = grade.grade(assignment, _course_root(args), participants=args.participant,
                                   workers=args.workers, force=args.force, scheduler=args.scheduler, limits=limits,
                                   unsandboxed=args.without_sandbox)
        except grade.SandboxUnavailable as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"\n{assignment}")
        print(grade.table(statuses) if statuses else "no submissions")
        missing += sum(s.status != grade.GRADED for s in statuses)
    print("\n" + protections(args.without_sandbox))
    if missing:
        print(f"\n{missing} submission(s) not graded: see DETAILS above.", file=sys.stderr)
    return 1 if missing else 0


def protections(unsandboxed: bool) -> str:
    """One line per protection of the grading sandbox: applied or not, on this machine."""
    from .grading import sandbox

    reason = sandbox.unavailable()
    lines = ["Protections while learner code ran:"]
    for name, applied in sandbox.enforced().items():
        lines.append(f"  [{'x' if applied else ' '}] {name}")
    if reason:
        lines.append(f"  Without the sandbox ({'allowed by --without-sandbox' if unsandboxed else 'refused'}): {reason}")
    return "\n".join(lines)


def cmd_feedback(args) -> int:
    from .grading import feedback

    for assignment in _assignments(args):
        written = feedback.generate(assignment, _course_root(args), args.participant)
        print(f"{assignment}: {len(written)} feedback page(s) in workshop/feedback/")
    return 0


def cmd_export(args) -> int:
    from .grading import export

    for assignment in _assignments(args):
        for path in export.export(assignment, _course_root(args)):
            print(path)
    return 0


def cmd_rehearse(args) -> int:
    import tempfile
    from pathlib import Path

    from .grading import build, rehearse

    assignment = args.assignment or build.assignments()[0]
    root = Path(args.into) if args.into else Path(tempfile.mkdtemp(prefix="course-rehearsal-"))
    print(f"Rehearsing {assignment} with {args.participants} participants in {root}")
    rehearse.rehearse(assignment, args.participants, args.seed, root, workers=args.workers)
    return 0


def cmd_kit(args) -> int:
    from pathlib import Path

    from .kit.build import KitError, build

    try:
        built = build(args.module, Path(args.out) if args.out else None, lang=args.lang, execute=not args.no_run,
                      out=lambda step: print(f"  {step}", flush=True))
    except (KitError, KeyError) as exc:
        print(f"course kit: {str(exc).strip(chr(39))}", file=sys.stderr)
        return 2
    print(f"The kit is in {built.folder} ({len(built.files())} files); open {built.folder / 'index.html'}")
    return 0


def cmd_quiz(args) -> int:
    from .assessment import quiz, sources

    try:
        found = quiz.quiz_for(args.module)
    except KeyError as exc:
        print(f"course quiz: {str(exc).strip(chr(39))}", file=sys.stderr)
        return 2
    if args.check:
        stale = sources.differences(found)
        for path in stale:
            print(f"{path} differs from the quiz declaration and key")
        return 1 if stale else 0
    for path in sources.write(found):
        print(f"wrote {path.relative_to(path.parents[2])}")
    print("Now run `course build` to make the participant versions in exercises/.")
    return 0


def cmd_pack(args) -> int:
    from pathlib import Path

    from .pack import PackRefused, pack_participants

    try:
        bundle = pack_participants(Path(args.into), Path(args.course) if args.course else None)
    except PackRefused as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Participants' course written to {bundle}: lessons, exercises, datasets, dashboards and the "
          "course package; no solutions, keys or hidden tests (checked file by file).")
    return 0


def cmd_hub(args) -> int:
    from .hub import hub

    return hub(port=args.port, ip=args.ip)


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(port=args.port, open_browser=args.browser, lang=args.lang)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="The Paperless Trade course: check trade documents against reference schemas, "
                    "list exercises and run the workshop environment.",
        epilog="Examples:\n"
               "  course schemas\n"
               "  course validate datasets/samples/eco/valid-1-item.xml --schema eco\n"
               "  course validate invoice.xml --schema cii-d22b --lang zh\n"
               "  course serve",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    def lang_option(p):
        p.add_argument("--lang", default=None,
                       help="language of messages: en or zh (default: COURSE_LANG, then the locale)")

    p = add("schemas", cmd_schemas, "List the reference schemas: name, title, source package, version, licence.")
    lang_option(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = add("validate", cmd_validate,
            "Check an XML document against a reference schema. Exit status: 0 valid, 1 invalid, "
            "2 the document could not be checked (unreadable, hostile or not XML).")
    p.add_argument("file", help="the XML document to check")
    p.add_argument("--schema", required=True, help="schema name from 'course schemas', e.g. eco or cii-d22b")
    p.add_argument("--no-rules", action="store_true", help="check the structure only, not the business rules")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    lang_option(p)

    p = add("exercises", cmd_exercises, "List the exercises that have self-checks.")
    lang_option(p)

    p = add("build", cmd_build, "Generate the participant exercises in exercises/ from the sources in solutions/.")
    p.add_argument("assignment", nargs="?", help="one assignment (default: all)")
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 if exercises/ differs from a fresh build")

    p = add("start", cmd_start, "Give the participant their own copy of an exercise (default: of all) in "
            "workshop/my-work/, outside the course's sources; an existing copy is never overwritten.")
    p.add_argument("assignment", nargs="?", help="assignment (default: all)")

    def course_option(p):
        p.add_argument("--course", help="course folder (default: this checkout)")

    p = add("release", cmd_release, "Record an assignment in the gradebook and, on a hub, put it in the exchange.")
    p.add_argument("assignment", nargs="?", help="assignment (default: all)")
    course_option(p)

    p = add("collect", cmd_collect, "Collect submissions from the exchange into workshop/submitted/.")
    p.add_argument("assignment", nargs="?", help="assignment (default: all)")
    course_option(p)

    p = add("grade", cmd_grade, "Autograde submissions in parallel, in a sandbox. Exit status 1 when any "
            "submission could not be graded (the table says why).")
    p.add_argument("assignment", nargs="?", help="assignment (default: all)")
    p.add_argument("--participant", action="append", help="grade only this participant (repeatable)")
    p.add_argument("--workers", type=int, help="parallel workers (default: number of cores)")
    p.add_argument("--force", action="store_true", help="grade again participants already graded")
    p.add_argument("--scheduler", help="address of a Dask scheduler to grade on (e.g. tcp://10.0.0.5:8786)")
    p.add_argument("--cell-timeout", type=int, default=30, help="seconds per cell (default 30)")
    p.add_argument("--notebook-timeout", type=int, default=300, help="seconds per notebook (default 300)")
    p.add_argument("--memory-mb", type=int, default=3072, help="memory per kernel in MB (default 3072)")
    p.add_argument("--without-sandbox", action="store_true",
                   help="where bubblewrap cannot run, grade anyway with learner code unsandboxed (trusted machines only)")
    course_option(p)

    p = add("feedback", cmd_feedback, "Write a feedback page per participant (no hidden tests shown).")
    p.add_argument("assignment", nargs="?", help="assignment (default: all)")
    p.add_argument("--participant", action="append", help="only this participant (repeatable)")
    course_option(p)

    p = add("export", cmd_export, "Write grades as nbgrader CSV, Moodle CSV and a JSON summary per task.")
    p.add_argument("assignment", nargs="?", help="assignment (default: all)")
    course_option(p)

    p = add("rehearse", cmd_rehearse, "Rehearse grading: fabricate a cohort's submissions, grade, feedback, export.")
    p.add_argument("assignment", nargs="?", help="assignment (default: the first)")
    p.add_argument("--participants", type=int, default=40, help="cohort size (default 40)")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same cohort)")
    p.add_argument("--workers", type=int, help="parallel workers (default: number of cores)")
    p.add_argument("--into", help="folder for the throwaway course (default: a new temporary folder)")

    p = add("kit", cmd_kit, "Build a module's trainer's kit in workshop/kit/MODULE: printable forms, slides, "
            "run-sheet and glossary, offline. Exit status 2 when it cannot be built (the message says why).")
    p.add_argument("module", help="module id, e.g. 02-data-harmonization")
    p.add_argument("--out", help="folder to build into (default: workshop/kit)")
    p.add_argument("--no-run", action="store_true", help="slides without running the lessons (no outputs; faster)")
    lang_option(p)

    p = add("quiz", cmd_quiz, "Write the sources of a module's quiz, before and after (solutions/MODULE-pre and "
            "-post), from its declaration and key.")
    p.add_argument("module", help="module id, e.g. 02-data-harmonization")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if the sources are out of step")

    p = add("pack", cmd_pack, "Write the course as participants may have it (no solutions, keys or hidden "
            "tests), for nbgitpuller, a USB stick or a room without a hub.")
    p.add_argument("audience", choices=["participants"], help="who the bundle is for")
    p.add_argument("--into", required=True, help="a new or empty folder to write it to")
    course_option(p)

    p = add("hub", cmd_hub, "Start a JupyterHub for a room (trainer and participant roles; see deploy/README.md).")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--ip", default="0.0.0.0", help="address to listen on (default: every interface, for a room)")

    p = add("serve", cmd_serve, "Start JupyterLab on 127.0.0.1 with the course open (Ctrl-C stops it).")
    p.add_argument("--port", type=int, default=8888, help="port to listen on (default 8888)")
    p.add_argument("--browser", action="store_true", help="also open a web browser")
    p.add_argument("--lang", default=None, help="the workshop's language: en or zh; it picks the edition Lab opens, "
                   "messages, dashboards and Lab's interface (default: COURSE_LANG, then the locale)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    if getattr(args, "lang", None):
        from .i18n import normalize

        if normalize(args.lang) is None:
            parser.error(f"unsupported language {args.lang!r}: use en or zh")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
