"""Just enough of SPARQL's lexical structure to tell query forms apart and to bind parameters.

Parameters are bound as an inline-data block (``VALUES``) at the start of the WHERE group, built
from typed, escaped :class:`~pactgraph.terms.Term` values — never by pasting user text into a query.
The same block goes to every backend, so all of them answer alike: pyoxigraph's substitutions
(SEP-0007) only bind projected variables, and rdflib appends remote bindings after the WHERE group,
where FILTERs cannot see them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping

from pactgraph.errors import UsageError
from pactgraph.model.terms import Term

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_]+)
      | (?P<word>[A-Za-z_][A-Za-z0-9_-]*:?[A-Za-z0-9_.-]*)
      | (?P<open>\{) | (?P<close>\})
      | (?P<other>\S)""",
    re.VERBOSE | re.DOTALL,
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


class QueryTextError(UsageError):
    """A query whose form cannot be used here (an update, or nowhere to bind parameters)."""


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "comment":
            yield kind, match.group(), match.start()


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; raises QueryTextError for SPARQL Update."""
    for kind, value, _ in _tokens(text):
        if kind != "word":
            continue
        word = value.upper()
        if word in _FORMS:
            return word
        if word in _UPDATES:
            raise QueryTextError("SPARQL Update is not allowed: queries are read-only")
    raise QueryTextError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def variables(text: str) -> set[str]:
    """Names of the variables the query mentions."""
    return {value[1:] for kind, value, _ in _tokens(text) if kind == "var"}


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the query's WHERE group."""
    form = query_form(text)
    depth, skipped_template, seen_where = 0, form != "CONSTRUCT", False
    for kind, value, start in _tokens(text):
        if kind == "word" and value.upper() == "WHERE" and depth == 0:
            seen_where = skipped_template = True
        elif kind == "open":
            if depth == 0 and (skipped_template or seen_where):
                return start
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0:
                skipped_template = True
    raise QueryTextError("the query has no WHERE group to bind parameters in")


def bind_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with ``VALUES (?a ?b) { (… …) }`` opening its WHERE group."""
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise QueryTextError(f"not a variable name: {name!r}")
    block = (
        f" VALUES ({' '.join('?' + n for n in names)}) "
        f"{{ ({' '.join(bindings[n].n3() for n in names)}) }} "
    )
    brace = _where_brace(text)
    return text[: brace + 1] + block + text[brace + 1 :]


# --- federated queries -------------------------------------------------------------------------

# A lexer for finding SERVICE clauses: what a comment, a string, an IRI, a variable, a language
# tag or a prefixed name holds is never a keyword. Its one ambiguity, ``<`` (an IRI, or "less
# than" in an expression), is settled against hiding: an IRI-like span in which a ``)`` comes
# before the keyword sought is lexed again as an operator, since only an expression closed by
# that parenthesis could put a keyword after a "less than".
_SCAN_PATTERN = (
    r"""(?P<comment>\#[^\n\r]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                   |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$]\w+)
      | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      | (?P<name>(?:[\w.:-]|%[0-9A-Fa-f]{2}|\\[^\s])+)
      | (?P<other>\S)""",
    re.VERBOSE | re.DOTALL,
)


@functools.cache
def _scanner() -> re.Pattern[str]:
    """Compiled on first use: most queries never hold the words it looks for (1 ms a command)."""
    return re.compile(*_SCAN_PATTERN)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class ServiceError(UsageError):
    """A federated query (SERVICE), which would send a request to another server, not allowed."""


def _unescape_codepoints(text: str) -> str:
    """SPARQL 1.1 §19.2: ``\\u`` and ``\\U`` escapes are replaced before the query is parsed."""

    def char(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:  # beyond U+10FFFF: the parser will refuse it
            return match.group()

    return _CODEPOINT.sub(char, text)


def _scan(text: str, word: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    position = 0
    while True:
        match = _scanner().search(text, position)
        if match is None:
            return
        kind, value = match.lastgroup or "other", match.group()
        if kind == "iri" and ")" in value and word.search(value, value.index(")")):
            kind, value = "other", "<"
        position = match.start() + len(value)
        if kind != "comment":
            yield kind, value


def escape_curie_slashes(text: str) -> str:
    """The ids pactgraph prints (``pgid:state/PRK``) as SPARQL reads them (``pgid:state\\/PRK``):
    a prefixed name holds a slash only escaped. Only ``pgid:`` names, and only a slash with a
    plain name right after it, so a property path (``pg:partyTo/rdfs:label``) is left alone;
    strings, IRIs and comments are never touched. Each escape adds a character, so a syntax
    error's column later on that line is off by one per escape."""
    if "pgid:" not in text:
        return text
    found = list(_scanner().finditer(text))
    out, position = [], 0
    for index, match in enumerate(found):
        if match.lastgroup != "name" or not match.group().startswith("pgid:"):
            continue
        while index + 2 < len(found):
            slash, after = found[index + 1], found[index + 2]
            joined = match.end() == slash.start() and slash.end() == after.start()
            if not (joined and slash.group() == "/" and after.lastgroup == "name"):
                break
            if ":" in after.group():
                break
            out.append(text[position : slash.start()] + "\\/")
            position, match, index = slash.end(), after, index + 2
    return "".join(out) + text[position:]


def _keyword_targets(text: str, keyword: str, skip: tuple[str, ...]) -> list[str]:
    """What follows each use of a keyword (after any of ``skip``), conservatively found."""
    text = _unescape_codepoints(text)
    word = re.compile(keyword, re.IGNORECASE)
    if not word.search(text):
        return []
    found: list[str] = []
    tokens = list(_scan(text, word))
    for index, (kind, value) in enumerate(tokens):
        # A name with a colon is a prefixed name or a blank node, whatever it holds; any other
        # that holds the word is taken for the keyword: "1.SERVICE" and "1e5SERVICE" are a
        # number and the keyword to a SPARQL parser, and no keyword contains another's word.
        if kind == "name" and ":" not in value and word.search(value):
            rest = [v for _, v in tokens[index + 1 : index + 1 + 1 + len(skip)]]
            while rest and rest[0].upper() in skip:
                rest = rest[1:]
            found.append(rest[0] if rest else "(nothing)")
    return sorted(set(found))


def service_targets(text: str) -> list[str]:
    """What the query's SERVICE clauses call (IRIs, prefixed names or ``?var``); [] if none.

    A SERVICE clause needs the keyword spelled out, so a query without the word (``\\u``
    escapes undone, as SPARQL does before parsing) has none; where the word appears, the lexer
    above tells the keyword from the word inside a string, an IRI, a comment, a variable or a
    prefixed name. Where in doubt, it errs on the side of finding one.
    """
    return _keyword_targets(text, "SERVICE", ("SILENT",))


def graphs_from(text: str) -> list[str]:
    """The graphs a query's FROM and FROM NAMED clauses name; [] if none."""
    return _keyword_targets(text, "FROM", ("NAMED",))


def refuse_from(text: str) -> None:
    """Raise ServiceError if the query has FROM: rdflib loads such graphs from the web."""
    graphs = graphs_from(text)
    if graphs:
        raise ServiceError(
            f"the query reads FROM {', '.join(graphs)}: the in-memory rdflib backend would load "
            "it from the web, and is refused unless allowed (--allow-service, or "
            "PACTGRAPH_ALLOW_SERVICE=1)"
        )


def refuse_dataset(text: str) -> None:
    """Raise QueryTextError if the query names its dataset (FROM, FROM NAMED): the store and
    endpoints answer over the graphs pactgraph chooses, so the clause would be ignored."""
    graphs = graphs_from(text)
    if graphs:
        raise QueryTextError(
            f"the query reads FROM {', '.join(graphs)}, which pactgraph would ignore: it answers "
            "over the store's graphs (curated, imported and, unless --no-inferred, inferred); "
            "to read one graph, write GRAPH <name> { … } in the WHERE clause"
        )


def refuse_service(text: str) -> None:
    """Raise ServiceError if the query would call another server through SERVICE."""
    targets = service_targets(text)
    if targets:
        raise ServiceError(
            f"the query calls SERVICE {', '.join(targets)}: a federated query sends requests "
            "to other servers, and is refused unless allowed (--allow-service, or "
            "PACTGRAPH_ALLOW_SERVICE=1)"
        )
