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
            print("exercises/ is out of step with solutions/: run `course build`.", file=sys.stderr)
            return 1
        print("exercises/ is in step with solutions/.")
        return 0
    for path in build.build(args.assignment):
        print(f"built {path.relative_to(path.parents[1])}")
    return 0


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(port=args.port, open_browser=args.browser)


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

    p = add("serve", cmd_serve, "Start JupyterLab on 127.0.0.1 with the course open (Ctrl-C stops it).")
    p.add_argument("--port", type=int, default=8888, help="port to listen on (default 8888)")
    p.add_argument("--browser", action="store_true", help="also open a web browser")
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
