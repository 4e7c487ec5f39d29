"""Chinese full-text search: jieba segmentation and the two database backends.

Every searchable piece of a report becomes a ``SearchEntry`` whose ``tokens``
are the ``lcut_for_search`` segmentation of its text, with a user dictionary of
fiscal terms (``fiscal_terms.txt``) so 三公经费 or 科学技术支出 stay whole.

Matching has one meaning on both databases, so results are the same:

- a query of digits (a classification code, or its beginning) matches entries
  with a code that starts with it (or a number token equal to it); on PostgreSQL
  found by a prefix query on the tsvector GIN index;
- a query of one or two characters matches entries whose text contains it
  (jieba cannot segment so little reliably): ``LIKE``, which no index serves; a
  character or pair that no text ever held (``SearchGram``) answers at once;
- any other query is segmented with the same tokenizer and matches entries
  holding every token: a 'simple' tsvector with a GIN index on PostgreSQL, an
  FTS5 table on SQLite (see migration ``0002_search_index``).

A search reads at most SEARCH_CAP matching entries, and keeps what it read (scores
and the ranked report ids) until the published data changes, so a result page
reads only its own reports. Raw SQL for the full-text parts lives here and nowhere else.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Concat, RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.cache import cached
from reports.models import DepartmentAlias, Report, SearchEntry, SearchGram
from reports.querysets import ReportQuerySet
from reports.services import data_changed

TERMS_PATH = Path(__file__).with_name("fiscal_terms.txt")
FTS_TABLE = "reports_searchentry_fts"
MAX_QUERY_LENGTH = 100
# Quotes are dropped before segmenting so “三公”经费 reads as 三公经费.
QUOTE_CHARS = frozenset("\"'“”‘’「」『』《》〈〉")
QUOTES = str.maketrans("", "", "".join(sorted(QUOTE_CHARS)))
WORD = re.compile(r"[^\W_]+")
CODE = re.compile(r"\d{3,7}")

_lock = threading.Lock()


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba tokenizer of our own, so the user dictionary does not leak into others'."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at DEBUG
    with _lock:
        tk = jieba.Tokenizer()
        tk.initialize()
        tk.load_userdict(str(TERMS_PATH))
    return tk


def normalize(text: str) -> str:
    """Fold full-width forms (ＡＢ１２ → AB12), drop quotes, lower-case."""
    return unicodedata.normalize("NFKC", text or "").translate(QUOTES).lower()


def _words(pieces: Iterable[str]) -> list[str]:
    # jieba keeps "154.80" or "a-b" as one piece; the databases would split them
    # differently, so split them here into plain runs of letters and digits.
    return [word for piece in pieces for word in WORD.findall(piece)]


# Texts already segmented elsewhere (a bulk import's parse processes): text → tokens.
_known_tokens: ContextVar[Mapping[str, str] | None] = ContextVar("known_tokens", default=None)


def index_tokens(text: str) -> str:
    """The space-separated tokens stored in SearchEntry.tokens."""
    known = (_known_tokens.get() or {}).get(text)
    if known is not None:
        return known
    return " ".join(_words(tokenizer().lcut_for_search(normalize(text))))


@contextmanager
def tokens_known(tokens: Mapping[str, str]) -> Iterator[None]:
    """Inside, ``index_tokens`` takes a text's tokens from ``tokens`` (text → tokens, as
    ``parsed_tokens`` made them) instead of segmenting it again; other texts are segmented."""
    reset = _known_tokens.set({**(_known_tokens.get() or {}), **tokens})
    try:
        yield
    finally:
        _known_tokens.reset(reset)


def query_tokens(query: str) -> list[str]:
    """The query segmented in precise mode; the index also holds every sub-word."""
    return list(dict.fromkeys(_words(tokenizer().lcut(normalize(query)))))


def clean_query(query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True, slots=True)
class Plan:
    """How a query is matched, and what to highlight in the snippets."""

    mode: str  # "code", "substring", "tokens" or "none"
    terms: tuple[str, ...]


def plan(query: str) -> Plan:
    query = normalize(clean_query(query)).strip()
    if not query:
        return Plan("none", ())
    if CODE.fullmatch(query):
        return Plan("code", (query,))
    if len(query.replace(" ", "")) <= 2:
        return Plan("substring", (query.replace(" ", ""),))
    tokens = query_tokens(query)
    return Plan("tokens", tuple(tokens)) if tokens else Plan("none", ())


def matching_entries(query: str, entries: QuerySet | None = None) -> QuerySet:
    """SearchEntry rows that match ``query`` (see the module docstring)."""
    entries = SearchEntry.objects.all() if entries is None else entries
    how = plan(query)
    if how.mode == "code":
        # A code, or a number in the text (a year): both readings are kept. Every code
        # of an entry is also one of its tokens, so on PostgreSQL a prefix query on the
        # tsvector's GIN index finds them all (one index, not an OR of two); the exact
        # meaning is then checked on those rows with plain string tests.
        exact = _entry_match(how, entries)
        if connection.vendor == "postgresql":
            return exact.filter(RawSQL(
                "to_tsvector('simple'::regconfig, reports_searchentry.tokens) "
                "@@ to_tsquery('simple', %s)", [how.terms[0] + ":*"],
                output_field=BooleanField()))
        return entries.filter(Q(codes__contains=" " + how.terms[0]) | Q(_full_text(how.terms)))
    if how.mode == "substring":
        term = how.terms[0]
        if term.upper() == term.lower():
            # Chinese, digits, signs: case does not matter, and a plain LIKE spares
            # PostgreSQL an UPPER() of every text it scans (8x faster).
            return entries.filter(text__contains=term)
        return entries.filter(text__icontains=term)
    if how.mode == "tokens":
        return entries.filter(_full_text(how.terms))
    return entries.none()


def _entry_match(how: Plan, entries: QuerySet) -> QuerySet:
    """``entries`` that match, tested row by row with plain string tests (no index).

    The same meaning as the index paths (a token is a whole word of ``tokens``, a code
    the start of one of ``codes``), for a few rows already chosen, such as the
    entries of the reports on one result page: no full-text function runs per row.
    """
    if how.mode == "none":
        return entries.none()
    if how.mode == "substring":
        return matching_entries(" ".join(how.terms), entries)
    padded = entries.alias(_padded=Concat(Value(" "), F("tokens"), Value(" "),
                                          output_field=TextField()))
    if how.mode == "code":
        return padded.filter(Q(codes__contains=" " + how.terms[0])
                             | Q(_padded__contains=f" {how.terms[0]} "))
    for token in how.terms:
        padded = padded.filter(_padded__contains=f" {token} ")
    return padded


def _full_text(tokens: Sequence[str]) -> RawSQL:
    """A condition on reports_searchentry: it holds every token.

    On PostgreSQL the condition is the GIN index's own expression, on the row
    itself (not ``id IN (SELECT …)``, which read every match once more through
    the primary key), so a LIMIT stops the index scan early.
    """
    if connection.vendor == "postgresql":
        return RawSQL(
            "to_tsvector('simple'::regconfig, reports_searchentry.tokens) "
            "@@ plainto_tsquery('simple', %s)",
            [" ".join(tokens)], output_field=BooleanField(),
        )
    return RawSQL(
        f"reports_searchentry.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
        [_fts_query(tokens)], output_field=BooleanField(),
    )


def _fts_query(tokens: Sequence[str]) -> str:
    # Each token quoted (a phrase of one): FTS5 reads bare words like AND/NEAR as syntax.
    return " ".join(f'"{token}"' for token in tokens)


# How many matching entries one search reads. A frequent term (三公经费 is in
# every 决算) or a single character matches hundreds of thousands of entries:
# ranking or counting them all is what made a search take seconds. The match is
# read with LIMIT inside the SQL, so the database stops at the first SEARCH_CAP + 1
# entries (the GIN or FTS5 index, or a scan that ends early); when there are more,
# the results are the reports among those entries, ranked by their weight, and
# the page says "N+ results" instead of an exact count.
SEARCH_CAP = 1000
# Memory for one search's bitmap of matching rows on PostgreSQL (see _read_scores):
# about 60 bytes a heap page of reports_searchentry, 15 MB at 100,000 reports.
SEARCH_WORK_MEM = "64MB"


def report_scores(query: str, reports: QuerySet | None = None) -> tuple[dict[int, int], bool]:
    """Report id → the summed weight of its matching entries, and whether the match was capped.

    Only entries of ``reports`` (all reports if None) count; at most SEARCH_CAP
    entries are read (one query, ``LIMIT SEARCH_CAP + 1``). The answer is kept until
    the published data changes (``reports.cache``): a frequent term's match costs
    tens of milliseconds on a large corpus, its second asking one cache read.
    """
    scores, capped, _order = _match(query, reports)
    return scores, capped


def _match(query: str, reports: QuerySet | None) -> tuple[dict[int, int], bool, list[int]]:
    """``report_scores`` and the matching reports' ids best first (score, then the
    list's order: newest year, department, kind), from the cache or one query."""
    how = plan(query)
    if how.mode == "none":
        return {}, False, []
    scope = reports.order_by().values("pk") if reports is not None else None
    try:
        sql, params = scope.query.sql_with_params() if scope is not None else ("", ())
    except EmptyResultSet:
        return {}, False, []
    key = repr((how.mode, how.terms, sql, tuple(str(p) for p in params)))
    return cached("search", lambda: _read_scores(query, scope), key=key)


def _read_scores(query: str, scope: QuerySet | None
                 ) -> tuple[dict[int, int], bool, list[int]]:
    how = plan(query)
    if how.mode == "substring" and not _may_hold(how.terms[0]):
        return {}, False, []
    entries = matching_entries(query).order_by()
    if scope is not None:
        entries = entries.filter(report__in=scope)
    read = entries.values_list("report_id", "weight", "report__sort_key")[:SEARCH_CAP + 1]
    if connection.vendor != "postgresql":
        rows = list(read)
    else:
        # A frequent term's bitmap of matches must fit in memory: past work_mem
        # PostgreSQL keeps whole pages instead ("lossy") and re-tokenises every row on
        # them (1.6 s instead of 0.1 s for 三公经费 at 50,000 reports). SET LOCAL: for
        # this transaction only (inside a request's own one, or this read's).
        with transaction.atomic(savepoint=False):
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'")
            rows = list(read)
    capped = len(rows) > SEARCH_CAP
    scores: dict[int, int] = {}
    keys: dict[int, str] = {}
    for report_id, weight, sort_key in rows[:SEARCH_CAP]:
        scores[report_id] = scores.get(report_id, 0) + weight
        keys[report_id] = sort_key
    order = sorted(scores, key=lambda pk: (-scores[pk], keys[pk], pk))
    return scores, capped, order


def search_reports(query: str, reports: ReportQuerySet) -> ReportQuerySet:
    """``reports`` that have a matching entry, with ``search_score``: their hits' weight.

    The score uses only the entries' weights, never a backend's rank, so the
    order is the same on both databases. It is computed from one bounded query
    (see SEARCH_CAP) and attached as a CASE over a few score groups; each report
    also gets ``search_capped``: True when more entries matched than were read.
    Apply the other filters first: the cap is taken among their reports.
    """
    scores, capped = report_scores(query, reports)
    # The ids are known now: filtering by them spares running the match again.
    matched = reports.filter(IdsIn("pk", scores)).annotate(
        search_capped=Value(capped, output_field=BooleanField()))
    if not scores:
        return matched.annotate(search_score=Value(0, output_field=IntegerField()))
    groups: dict[int, list[int]] = {}
    for report_id, score in scores.items():
        groups.setdefault(score, []).append(report_id)
    return matched.annotate(search_score=Case(
        *[When(IdsIn("pk", ids), then=Value(score)) for score, ids in sorted(groups.items())],
        default=Value(0), output_field=IntegerField(),
    ))


class RankedReports(Sequence):
    """The reports of a search in its own order, for a Paginator: ``len()`` is the
    (capped) count, and a page is one query for its own reports, with ``search_score``
    and ``search_capped`` set as ``search_reports`` annotates them."""

    def __init__(self, query: str, reports: QuerySet) -> None:
        self.reports = reports
        self.scores, self.capped, self.ids = _match(query, reports)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        return self.read(self.ids[index])

    def read(self, ids: Sequence[int]) -> list:
        """The reports of ``ids`` (some of ``self.ids``) in that order, annotated."""
        found = {r.pk: r for r in self.reports.filter(IdsIn("pk", ids))} if ids else {}
        page = [found[pk] for pk in ids if pk in found]
        for report in page:
            report.search_score = self.scores[report.pk]
            report.search_capped = self.capped
        return page


class IdsIn(Expression):
    """``column IN (ids)`` with the ids as one parameter (an array, or a JSON list on
    SQLite), however many: a thousand ids as a thousand placeholders took longer to
    send and plan than the search itself."""

    conditional = True
    output_field = BooleanField()
    array_type = "bigint[]"

    def __init__(self, column: str | F, ids: Iterable) -> None:
        super().__init__()
        self.column = F(column) if isinstance(column, str) else column
        self.ids = self.values(ids)

    @staticmethod
    def values(ids: Iterable) -> list:
        return [int(i) for i in ids]

    def get_source_expressions(self) -> list:
        return [self.column]

    def set_source_expressions(self, exprs) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        column, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s::{self.array_type})", [*params, self.ids]
        return (f"{column} IN (SELECT value FROM json_each(%s))",
                [*params, json.dumps(self.ids, ensure_ascii=False)])


class TextsIn(IdsIn):
    """``column IN (texts)``, the texts as one parameter."""

    array_type = "text[]"

    @staticmethod
    def values(ids: Iterable) -> list:
        return [str(i) for i in ids]


def _may_hold(term: str) -> bool:
    """Whether some entry's text may hold ``term`` (one or two characters): False when
    no text ever held it (``SearchGram``), which no substring scan then has to prove.
    A term with letter case matches either case, which the grams do not tell apart."""
    if term.upper() != term.lower():
        return True
    return SearchGram.objects.filter(gram=term).exists()


def text_grams(texts: Iterable[str]) -> set[str]:
    """Every character and pair of adjacent characters of ``texts``."""
    grams: set[str] = set()
    for text in texts:
        grams.update(text)
        grams.update(text[i:i + 2] for i in range(len(text) - 1))
    return grams


def search_grams_add(*, texts: Iterable[str]) -> None:
    """Record the characters and pairs of new entries' texts (see ``SearchGram``).

    Most are known already: they are looked up first (a read by primary key), and only
    the new ones written, which costs a publication a few milliseconds, not a hundred.
    """
    grams = sorted(text_grams(texts))
    new: list[str] = []
    for start in range(0, len(grams), GRAMS_PER_QUERY):
        chunk = grams[start:start + GRAMS_PER_QUERY]
        known = set(SearchGram.objects.filter(TextsIn("gram", chunk))
                    .values_list("gram", flat=True))
        new += [g for g in chunk if g not in known]
    SearchGram.objects.bulk_create([SearchGram(gram=g) for g in new],
                                   ignore_conflicts=True, batch_size=GRAMS_PER_QUERY)


GRAMS_PER_QUERY = 5000


@dataclass(frozen=True, slots=True)
class Hit:
    entry: SearchEntry
    snippet: SafeString


def hits_for(query: str, report_ids: Sequence[int], per_report: int = 3) -> dict[int, list[Hit]]:
    """The best few matching entries of each report on a result page, with snippets.

    Only the page's reports' entries are read (by ``report_id``) and tested row by
    row, never the full-text index, whose matches run to every report on a frequent
    term; the database keeps only the best ``per_report`` of each report (a window
    function), so a report whose every entry matches (one character) sends three
    texts, not all of them. Within a report, heavier entries (its name, then tables)
    come first, then the entry order: the same on both databases.
    """
    how = plan(query)
    if how.mode == "none" or not report_ids:
        return {}
    ranked = _entry_match(how, SearchEntry.objects.filter(
        report_id__in=[int(pk) for pk in report_ids])).annotate(
        _rank=Window(RowNumber(), partition_by=[F("report_id")],
                     order_by=[F("weight").desc(), F("id").asc()]))
    entries = (ranked.filter(_rank__lte=per_report)
               .only("id", "report_id", "kind", "title", "text", "page", "anchor", "weight")
               .order_by("report_id", -F("weight"), "id"))
    found: dict[int, list[Hit]] = {}
    for entry in entries:
        found.setdefault(entry.report_id, []).append(Hit(entry, snippet(entry.text, how.terms)))
    return found


def snippet(text: str, terms: Sequence[str], width: int = 120) -> SafeString:
    """A window of ``text`` around the first matched term, matches wrapped in <mark>.

    Terms are found in the folded text (no quotes, half-width, lower case), then
    marked in the original, so “三公”经费 is highlighted for 三公经费 as printed.
    """
    terms = [t for t in terms if t]
    first = _first_match(text, terms)
    if first is None:  # fold the whole text to find it
        spans = _spans(text, terms)
        start = max(0, spans[0][0] - width // 3) if spans else 0
    else:  # fold only the window (a long table's text took milliseconds a snippet)
        start = max(0, first - width // 3)
        spans = [(a + start, b + start) for a, b in _spans(text[start:start + width], terms)]
    end = min(len(text), start + width)
    out, last = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(str(escape(text[last:a])))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        last = b
    out.append(str(escape(text[last:end])))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)


def _first_match(text: str, terms: Sequence[str]) -> int | None:
    """Where the first term matches in ``text``, found from the places its first
    character is printed; None when that cannot tell (a term starting with a letter,
    digit or sign, which folding may widen or change in case)."""
    first: int | None = None
    for term in terms:
        head = term[0]
        if not "\u3400" <= head <= "\u9fff":  # only CJK reads as itself when folded
            return None
        at = text.find(head)
        while at >= 0 and (first is None or at < first):
            found = _spans(text[at:at + 3 * len(term) + 8], [term])
            if found and found[0][0] == 0:
                first = at
                break
            at = text.find(head, at + 1)
    return first


def _spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the terms in ``text``, matched on its folded form."""
    if not terms or not text:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    folded = normalize(text)
    if len(folded) == len(text):  # nothing dropped or widened: positions are the same
        return [m.span() for m in pattern.finditer(folded) if m.end() > m.start()]
    if len(folded) == len(text) - sum(map(text.count, QUOTE_CHARS)):
        # Only quotes dropped (“三公”经费): a folded position is the n-th kept character.
        kept = [i for i, char in enumerate(text) if char not in QUOTE_CHARS]
        return [(kept[m.start()], kept[m.end() - 1] + 1)
                for m in pattern.finditer(folded) if m.end() > m.start()]
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            pieces.append(piece)
            origin.append(index)
    return [(origin[m.start()], origin[m.end() - 1] + 1)
            for m in pattern.finditer("".join(pieces)) if m.end() > m.start()]


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    return normalize(char)


# --- indexing ------------------------------------------------------------------

WEIGHTS = {"department": 8, "table": 3, "indicator": 2, "section": 1}


@dataclass(frozen=True, slots=True)
class Piece:
    """What one search entry is made of, before its text is segmented."""

    kind: str
    title: str
    text: str
    codes: tuple[str, ...] = ()
    page: int | None = None
    anchor: str = ""

    @property
    def body(self) -> str:
        return f"{self.title}\n{self.text}".strip()

    @property
    def code_list(self) -> list[str]:
        return sorted({c for c in self.codes if c})

    @property
    def indexed(self) -> str:
        """The text whose tokens are stored: the body and the codes."""
        return self.body + " " + " ".join(self.code_list)


def _entry(report: Report, piece: Piece, *, heading_boost: bool = False) -> SearchEntry:
    code_list = piece.code_list
    return SearchEntry(
        report=report, kind=piece.kind, title=piece.title[:500], text=piece.body,
        tokens=index_tokens(piece.indexed),
        codes="".join(" " + c for c in code_list), page=piece.page, anchor=piece.anchor,
        weight=WEIGHTS[piece.kind] + (1 if heading_boost else 0),
    )


def _department_entry(report: Report, aliases: Sequence[str]) -> SearchEntry:
    department = report.department
    names = [department.name, report.printed_department, department.short_name, *aliases]
    return _entry(report, Piece("department", department.name,
                                " ".join(dict.fromkeys(n for n in names if n)), anchor="top"))


def content_pieces(*, sections: Iterable, tables: Iterable[tuple[Any, Sequence]],
                   lines: Sequence, indicators: Iterable) -> list[Piece]:
    """A report's searchable pieces but its department's, in entry order.

    The arguments are a report's stored rows or a parse's dataclasses (the same field
    names; a parse's items are numbered by position, as they are saved): ``tables`` are
    (table, its rows) pairs. A missing code is the empty string.
    """
    pieces = [Piece("section", section.heading, section.text, page=section.page,
                    anchor=f"section-{getattr(section, 'order', position)}")
              for position, section in enumerate(sections)]
    for position, (table, rows) in enumerate(tables):
        text = "\n".join(f"{row.code or ''} {row.name}".strip() for row in rows)
        pieces.append(Piece("table", table.title, text,
                            codes=tuple(row.code or "" for row in rows), page=table.page,
                            anchor=f"table-{getattr(table, 'order', position)}"))
    if lines:
        text = "\n".join(f"{x.code or ''} {x.category} {x.item} {x.subitem} {x.reason}"
                         for x in lines)
        pieces.append(Piece("table", "", text, codes=tuple(x.code or "" for x in lines),
                            page=lines[0].page, anchor="lines"))
    for indicator in indicators:
        text = " ".join(filter(None, [indicator.level1, indicator.level2, indicator.target,
                                      indicator.actual, indicator.deviation]))
        pieces.append(Piece("indicator", indicator.level3, text, page=indicator.page,
                            anchor="indicators"))
    return pieces


@dataclass(frozen=True, slots=True)
class _Stored:
    """A parsed section as saved (Section.heading keeps 500 characters)."""

    heading: str
    text: str
    page: int | None


def parsed_tokens(parsed) -> dict[str, str]:
    """Text → tokens for the pieces a parse (a ``core.contract.ParsedReport``) will be
    indexed with once published; run where the parse runs, so publishing need not
    segment them again (``tokens_known``). A piece stored differently is segmented then."""
    return {piece.indexed: index_tokens(piece.indexed) for piece in parsed_pieces(parsed)}


def parsed_pieces(parsed) -> list[Piece]:
    """The searchable pieces of a parse (a ``core.contract.ParsedReport``) as its report
    stores them once published: the same as ``content_pieces`` of the saved rows."""
    return content_pieces(
        sections=[_Stored(s.heading[:500], s.text, s.page) for s in parsed.sections],
        tables=[(t, t.rows) for t in parsed.tables],
        lines=parsed.expenditure_lines, indicators=parsed.indicators,
    )


def build_entries(report: Report, pieces: Sequence[Piece] | None,
                  aliases: Sequence[str]) -> list[SearchEntry]:
    """The search entries of one report (not saved), its department's ``aliases`` given;
    ``pieces`` when the caller has them (``parsed_pieces`` of the parse just saved as the
    report), else read from its rows."""
    if pieces is None:
        # Stored orders run 0, 1, 2 … as saved, so a position is its order.
        pieces = content_pieces(
            sections=report.sections.all(),
            tables=[(table, list(table.rows.all()))
                    for table in report.tables.prefetch_related("rows")],
            lines=list(report.expenditure_lines.all()),
            indicators=report.indicators.all(),
        )
    return [_department_entry(report, aliases), *(_entry(report, p) for p in pieces)]


@transaction.atomic
def report_index(*, report: Report, refresh_department: bool = True) -> int:
    """(Re)build the search entries of ``report``; returns how many were written.

    The department's other reports get its current names too, unless the caller does
    that once for many reports (``department_entries_refresh``).
    """
    written = reports_index(reports=[report])
    if refresh_department:
        department_entries_refresh(department_id=report.department_id, exclude=[report.pk])
    return written


def reports_index(*, reports: Sequence[Report], parsed: Mapping[int, Any] | None = None) -> int:
    """``report_index`` of reports published together, without refreshing their
    departments' other reports: their entries replaced by one DELETE and one INSERT,
    their departments' aliases read at once. ``parsed``: report id → the parse it was
    just saved from, where the caller has it. How many entries were written."""
    aliases: dict[int, list[str]] = {report.department_id: [] for report in reports}
    for department_id, name in (DepartmentAlias.objects.filter(department_id__in=aliases)
                                .order_by("name").values_list("department_id", "name")):
        aliases[department_id].append(name)
    parsed = parsed or {}
    SearchEntry.objects.filter(report__in=[report.pk for report in reports]).delete()
    entries = [entry for report in reports for entry in build_entries(
        report, parsed_pieces(parsed[report.pk]) if report.pk in parsed else None,
        aliases[report.department_id])]
    written = len(SearchEntry.objects.bulk_create(entries, batch_size=500))
    search_grams_add(texts=(entry.text for entry in entries))
    data_changed()  # bulk_create sends no signal: searches kept in the cache are read again
    return written


def department_entries_refresh(*, department_id: int, exclude: Sequence[int] = ()) -> None:
    """Give the department's reports (but ``exclude``) its current names: an alias may be new."""
    others = list(Report.objects.filter(department=department_id).exclude(pk__in=exclude)
                  .select_related("department"))
    if not others:
        return
    aliases = list(others[0].department.aliases.values_list("name", flat=True))
    SearchEntry.objects.filter(report__in=others, kind=SearchEntry.Kind.DEPARTMENT).delete()
    entries = SearchEntry.objects.bulk_create(_department_entry(r, aliases) for r in others)
    search_grams_add(texts={entry.text for entry in entries})
    data_changed()


def reindex_all(reports: QuerySet | None = None) -> int:
    reports = Report.objects.all() if reports is None else reports
    return sum(report_index(report=r) for r in reports.select_related("department"))

