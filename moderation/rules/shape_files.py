"""Sentence shapes as data: `lists/<language>/shapes/<family>.toml`, read and compiled here.

A shape file holds a family's sentence shapes for one language (TOML, read with the standard
library's tomllib):

```toml
[kinds]                 # what a flag of each kind says ("hostile statement about a group")
pred = "hostile statement about a group"

[fragments]             # named regex pieces the patterns share; they may use slots too
np = '''{det}(?P<group>{g})'''

[[shape]]
id = "pred-is"          # stable: it is on every flag the shape raises ("hostility#pred-is")
kind = "pred"
category = "racism"     # only where the family does not decide it (the generic family does not)
needs = ["refugees"]    # optional: words one of which must occur for the shape to be tried
pattern = '''{b}{np}\\s(?:are|is)\\s{host}{e}'''
examples = ["Refugees are filth."]           # the shape must flag each (its test runs them)
counter_examples = ["Refugees are welcome."] # and flag none of these
```

A pattern is a Python regular expression compiled with re.VERBOSE, so it may be wrapped over
lines (a literal space is written `\\s`). `{name}` is a slot, filled in this order: a slot the
family provides (the hostility family: `{g}` the identity groups, `{host}` its hostile
vocabulary ...), a fragment of the file, a vocabulary of the same language — the list file
`vocab/<name>.txt`, else `<name>.txt` (`{insults}`) — as an alternation of its lines, longest
first. Built in: `{b}` / `{e}` word boundaries, `{gap:N}` up to N words. Two fragments mean
something to the generic family (shaped.py): `unless` (a match is dropped where it occurs
earlier in the same sentence) and `other_language` (a comment where it matches is not read).
An unknown slot, a duplicate id, a shape without an example or a counter-example is an error
when the file is read, naming the file and the shape.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from moderation.rules.context import alternation

_SLOT = re.compile(r"\{([a-z][a-z_]*)(?::(\d+)(?::([a-z_]+))?)?\}")
_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_SHAPE_KEYS = frozenset(
    {"id", "kind", "category", "needs", "pattern", "examples", "counter_examples"}
)
_FILE_KEYS = frozenset({"kinds", "fragments", "shape"})

#: Word boundaries that count an apostrophe as part of a word ("don't").
BEGIN = r"(?<![\w'])"
END = r"(?![\w'])"


class ShapeFileError(ValueError):
    """A shape file that cannot be used; the message names the file and the shape."""


@dataclass(frozen=True, slots=True)
class Shape:
    """One sentence shape: its template and the sentences that pin down what it means."""

    id: str
    kind: str
    pattern: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    category: str = ""
    #: Words one of which must occur for the shape to be tried (its triggers), where the
    #: family does not derive them.
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ShapeFile:
    """Every shape of one family in one language, in the order they are tried."""

    family: str
    language: str
    kinds: Mapping[str, str]
    fragments: Mapping[str, str]
    shapes: tuple[Shape, ...]
    #: The file's text: part of the rule set's version.
    source: str = ""

    def describe(self, kind: str) -> str:
        """What a flag of this kind says (the kind itself where the file names none)."""
        return self.kinds.get(kind, kind)


def read_shape_file(path: Path, family: str, language: str) -> ShapeFile:
    """Parse and check one shape file (errors name the file and the shape)."""
    text = path.read_text(encoding="utf-8")
    where = f"{language}/shapes/{path.name}"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ShapeFileError(f"{where}: not valid TOML: {exc}") from exc
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise ShapeFileError(f"{where}: unknown sections {sorted(unknown)}")
    kinds = {str(k): str(v) for k, v in data.get("kinds", {}).items()}
    fragments = {str(k): str(v) for k, v in data.get("fragments", {}).items()}
    shapes: list[Shape] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("shape", []), start=1):
        shape_id = str(raw.get("id", ""))
        label = f"{where}: shape {shape_id or i}"
        if set(raw) - _SHAPE_KEYS:
            raise ShapeFileError(f"{label}: unknown keys {sorted(set(raw) - _SHAPE_KEYS)}")
        if not _ID.fullmatch(shape_id):
            raise ShapeFileError(f"{label}: an id is lower-case words joined by hyphens")
        if shape_id in seen:
            raise ShapeFileError(f"{label}: the id is used twice")
        seen.add(shape_id)
        examples = tuple(str(x) for x in raw.get("examples", ()))
        counter = tuple(str(x) for x in raw.get("counter_examples", ()))
        if not examples or not counter:
            raise ShapeFileError(f"{label}: needs at least one example and one counter-example")
        if not str(raw.get("pattern", "")).strip():
            raise ShapeFileError(f"{label}: has no pattern")
        shapes.append(
            Shape(
                id=shape_id,
                kind=str(raw.get("kind", shape_id)),
                pattern=str(raw["pattern"]),
                examples=examples,
                counter_examples=counter,
                category=str(raw.get("category", "")),
                needs=tuple(str(w) for w in raw.get("needs", ())),
            )
        )
    return ShapeFile(family, language, kinds, fragments, tuple(shapes), text)


def read_shape_files(lists_dir: Path) -> dict[tuple[str, str], ShapeFile]:
    """Every `<language>/shapes/<family>.toml` under the lists folder, by (family, language)."""
    found: dict[tuple[str, str], ShapeFile] = {}
    for lang_dir in sorted(p for p in lists_dir.iterdir() if p.is_dir()):
        for path in sorted((lang_dir / "shapes").glob("*.toml")):
            found[(path.stem, lang_dir.name)] = read_shape_file(path, path.stem, lang_dir.name)
    return found


class SlotFiller:
    """Fills a shape file's templates: the family's slots, the fragments, the vocabularies."""

    def __init__(
        self,
        shapes: ShapeFile,
        provided: Mapping[str, str],
        vocabulary: Callable[[str], list[str] | None],
        gap: Callable[[int, str], str] | None = None,
    ) -> None:
        """vocabulary(name): the terms of a vocabulary of the file's language, None if none."""
        self._file = shapes
        self._provided = {"b": BEGIN, "e": END, **provided}
        self._vocabulary = vocabulary
        self._gap = gap or (lambda n, _kind: rf"(?:[\w']+\s){{0,{n}}}?")
        self._cache: dict[str, str] = {}
        #: Every vocabulary term a filled pattern used: a family's triggers come from them.
        self.terms_used: dict[str, list[str]] = {}

    def fill(self, template: str, label: str = "") -> str:
        """The template with every slot replaced by its regex."""
        return self._fill(template, label or self._file.family, ())

    def compile(self, shape: Shape) -> re.Pattern[str]:
        """A shape's compiled pattern (re.VERBOSE: templates may be wrapped over lines)."""
        label = f"{self._file.language}/shapes/{self._file.family}.toml: shape {shape.id}"
        source = self.fill(shape.pattern, label)
        try:
            return re.compile(source, re.VERBOSE)
        except re.error as exc:
            raise ShapeFileError(f"{label}: not a valid pattern: {exc}") from exc

    def _fill(self, template: str, label: str, stack: tuple[str, ...]) -> str:
        def slot(m: re.Match[str]) -> str:
            name, number, kind = m[1], m[2], m[3] or ""
            if number is not None:
                if name != "gap":
                    raise ShapeFileError(f"{label}: only {{gap:N}} takes a number, not {m[0]}")
                return self._gap(int(number), kind)
            return self._named(name, label, stack)

        return _SLOT.sub(slot, template)

    def _named(self, name: str, label: str, stack: tuple[str, ...]) -> str:
        if name in self._provided:
            return self._provided[name]
        if name in self._cache:
            return self._cache[name]
        if name in stack:
            raise ShapeFileError(f"{label}: the fragment {name} uses itself")
        if name in self._file.fragments:
            value = self._fill(self._file.fragments[name], label, (*stack, name))
        else:
            terms = self._vocabulary(f"vocab/{name}")
            if terms is None:
                terms = self._vocabulary(name)
            if terms is None:
                raise ShapeFileError(
                    f"{label}: unknown slot {{{name}}} (no fragment, no vocab/{name}.txt or "
                    f"{name}.txt in {self._file.language}/)"
                )
            self.terms_used[name] = terms
            value = alternation(terms) or r"(?!x)x"  # an empty vocabulary matches nothing
        self._cache[name] = value
        return value
