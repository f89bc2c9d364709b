"""Keep the French translation (i18n/sahel_overlap_fr.ts, .qm) in step with the code.

Extracts every translatable string: in Python, the literal first argument of ``tr(...)``,
``self.tr(...)`` (the algorithms' tr, same context) and ``N_(...)`` (marked where Qt may
not be imported), with a literal second argument as disambiguation; in the ``.ui`` files,
every ``<string>`` not marked ``notr``, in the form's context (uic translates them so).
The .ts has no source line numbers, so it changes only when a string does.

    update [--from OTHER.ts ...]  rewrite the .ts: strings added (translation to do) or
                                  dropped; translations kept, or taken from OTHER.ts
    check                         what tests/test_i18n.py checks: the .ts holds exactly
                                  the code's strings, each translated with the same
                                  placeholders, and the .qm is lrelease's output of it
    release                       compile the .qm (lrelease, Debian's qttools5-dev-tools)
    todo                          list the strings still to translate
    apply FILE.json               fill translations from {"English source": "traduction"}
                                  (any context, no disambiguation), then release

Run: /usr/bin/python3 scripts/i18n.py update|check|release|todo
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTEXT = "SahelOverlap"  # plugin/i18n.py CONTEXT
LANGUAGES = {"fr": "fr_FR"}
TS = ROOT / "i18n" / "sahel_overlap_{}.ts"
QM = ROOT / "i18n" / "sahel_overlap_{}.qm"
SOURCES = ["__init__.py", "plugin"]
UI_DIR = ROOT / "ui"
# Places that must use i18n.tr: there ``self.tr`` is Qt's own, in the class's context.
NO_SELF_TR = ("plugin/gui/", "plugin/render/", "plugin/main.py")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d|%[sdfi]|%\.\d+f|&\w")
LRELEASE = ["/usr/lib/qt5/bin/lrelease", "lrelease"]

Key = tuple  # (context, source, comment)


def _literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _python_strings(path: Path, errors: list) -> dict:
    rel = path.relative_to(ROOT).as_posix()
    found = {}
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("tr", "N_"):
            name = func.id
        elif isinstance(func, ast.Attribute) and func.attr == "tr":
            name = "self.tr"
            if rel.startswith(NO_SELF_TR):
                errors.append(f"{rel}:{node.lineno}: use i18n.tr, not .tr (Qt's own context)")
                continue
        else:
            continue
        text = _literal(node.args[0])
        if text is None:
            if isinstance(node.args[0], ast.JoinedStr) or name == "N_":
                errors.append(
                    f"{rel}:{node.lineno}: {name}() needs a literal string "
                    "(an f-string cannot be translated: use a template and .format())"
                )
            continue  # tr(variable): the variable holds an N_ string
        comment = _literal(node.args[1]) if len(node.args) > 1 else None
        found.setdefault((CONTEXT, text, comment or ""), []).append(f"{rel}:{node.lineno}")
    return found


def _ui_strings(path: Path) -> dict:
    rel = path.relative_to(ROOT).as_posix()
    root = ET.parse(path).getroot()
    context = root.findtext("class")
    found = {}
    for element in root.iter("string"):
        if element.get("notr") == "true" or not (element.text or "").strip():
            continue
        key = (context, element.text, element.get("comment") or "")
        found.setdefault(key, []).append(rel)
    return found


def extract() -> tuple[dict, list]:
    """{(context, source, comment): [where]} and the errors (calls that cannot work)."""
    found, errors = {}, []
    files = []
    for name in SOURCES:
        path = ROOT / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    for path in files:
        for key, where in _python_strings(path, errors).items():
            found.setdefault(key, []).extend(where)
    for path in sorted(UI_DIR.glob("*.ui")):
        for key, where in _ui_strings(path).items():
            found.setdefault(key, []).extend(where)
    return found, errors


def read_ts(path: Path) -> dict:
    """{key: (translation, finished)}."""
    if not path.is_file():
        return {}
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            finished = translation is not None and translation.get("type") is None and text
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            out[key] = (text, bool(finished))
    return out


def write_ts(path: Path, language: str, keys, translations: dict) -> None:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    for context in sorted({k[0] for k in keys}):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for key in sorted(k for k in keys if k[0] == context):
            message = ET.SubElement(ctx, "message")
            ET.SubElement(message, "source").text = key[1]
            if key[2]:
                ET.SubElement(message, "comment").text = key[2]
            text, finished = translations.get(key, ("", False))
            translation = ET.SubElement(message, "translation")
            translation.text = text
            if not finished:
                translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def placeholders(text: str) -> list:
    return sorted(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def lrelease() -> str:
    for candidate in LRELEASE:
        found = shutil.which(candidate)
        if found:
            return found
    raise SystemExit("lrelease not found: apt install qttools5-dev-tools (scripts/setup.sh)")


def compile_qm(ts: Path, qm: Path) -> None:
    run = subprocess.run(
        [lrelease(), "-silent", "-removeidentical", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0 or not qm.is_file():
        raise SystemExit(f"lrelease failed on {ts}: {run.stdout}{run.stderr}")


def problems(language: str = "fr") -> list[str]:
    """Everything that keeps the translation from being complete and current."""
    found, out = extract()
    ts, qm = Path(str(TS).format(language)), Path(str(QM).format(language))
    translations = read_ts(ts)
    for key in sorted(set(found) - set(translations)):
        out.append(f"not in {ts.name} (run update): {key[1]!r} ({found[key][0]})")
    for key in sorted(set(translations) - set(found)):
        out.append(f"in {ts.name} but no longer in the code (run update): {key[1]!r}")
    for key in sorted(set(found) & set(translations)):
        text, finished = translations[key]
        if not finished:
            out.append(f"untranslated: {key[1]!r} ({found[key][0]})")
        elif placeholders(text) != placeholders(key[1]):
            out.append(
                f"placeholders differ: {key[1]!r} {placeholders(key[1])} -> "
                f"{text!r} {placeholders(text)}"
            )
    if ts.is_file():
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / qm.name
            compile_qm(ts, fresh)
            if not qm.is_file() or qm.read_bytes() != fresh.read_bytes():
                out.append(f"{qm.name} is not lrelease's output of {ts.name} (run release)")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "check", "release", "todo", "apply"])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--language", default="fr", choices=sorted(LANGUAGES))
    parser.add_argument("--from", dest="sources", nargs="*", default=[], type=Path)
    args = parser.parse_args(argv)
    ts, qm = Path(str(TS).format(args.language)), Path(str(QM).format(args.language))
    found, errors = extract()
    for error in errors:
        print(error, file=sys.stderr)
    if args.command == "update":
        translations = {}
        for source in reversed(args.sources):  # the first --from wins, the .ts over all
            translations.update({k: v for k, v in read_ts(source).items() if v[1]})
        translations.update({k: v for k, v in read_ts(ts).items() if v[1] or k not in translations})
        write_ts(ts, LANGUAGES[args.language], set(found), translations)
        todo = sum(1 for k in found if not translations.get(k, ("", False))[1])
        print(f"{ts.relative_to(ROOT)}: {len(found)} strings, {todo} to translate")
    elif args.command == "apply":
        given = json.loads(args.file.read_text(encoding="utf-8"))
        translations = read_ts(ts)
        for key in found:
            if key[1] in given and not key[2]:
                translations[key] = (given[key[1]], True)
        write_ts(ts, LANGUAGES[args.language], set(found), translations)
        compile_qm(ts, qm)
        todo = sum(1 for k in found if not translations.get(k, ("", False))[1])
        print(f"{ts.relative_to(ROOT)}: {len(found)} strings, {todo} to translate")
    elif args.command == "release":
        compile_qm(ts, qm)
        print(f"wrote {qm.relative_to(ROOT)}")
    elif args.command == "todo":
        translations = read_ts(ts)
        for key in sorted(found):
            if not translations.get(key, ("", False))[1]:
                print(f"{found[key][0]}: {key[1]!r}")
    else:
        issues = problems(args.language)
        for issue in issues:
            print(issue)
        return 1 if issues or errors else 0
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
