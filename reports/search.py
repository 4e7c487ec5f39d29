"""Chinese full-text search: jieba segmentation and the two database backends.

Every searchable piece of a report becomes a ``SearchEntry`` whose ``tokens``
are the ``lcut_for_search`` segmentation of its text, with a user dictionary of
fiscal terms (``fiscal_terms.txt``) so 三公经费 or 科学技术支出 stay whole.

Matching has one meaning on both databases, so results are the same:

- a query of digits (a classification code, or its beginning) matches entries
  with a code that starts with it;
- a query of one or two characters matches entries whose text contains it
  (jieba cannot segment so little reliably): ``LIKE``, with a pg_trgm index on
  PostgreSQL;
- any other query is segmented with the same tokenizer and matches entries
  holding every token: a 'simple' tsvector with a GIN index on PostgreSQL, an
  FTS5 table on SQLite (see migration ``0002_search_index``).

Raw SQL for the full-text parts lives here and nowhere else.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.models import Report, SearchEntry
from reports.querysets import ReportQuerySet

TERMS_PATH = Path(__file__).with_name("fiscal_terms.txt")
FTS_TABLE = "reports_searchentry_fts"
MAX_QUERY_LENGTH = 100
# Quotes are dropped before segmenting so “三公”经费 reads as 三公经费.
QUOTES = str.maketrans("", "", "\"'“”‘’「」『』《》〈〉")
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


def index_tokens(text: str) -> str:
    """The space-separated tokens stored in SearchEntry.tokens."""
    return " ".join(_words(tokenizer().lcut_for_search(normalize(text))))


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
        # A code, or a number in the text (a year): both readings are kept.
        return entries.filter(
            Q(codes__contains=" " + how.terms[0]) | Q(id__in=_full_text_ids(how.terms))
        )
    if how.mode == "substring":
        return entries.filter(text__icontains=how.terms[0])
    if how.mode == "tokens":
        return entries.filter(id__in=_full_text_ids(how.terms))
    return entries.none()


def _full_text_ids(tokens: Sequence[str]) -> RawSQL:
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT id FROM reports_searchentry "
            "WHERE to_tsvector('simple'::regconfig, tokens) @@ plainto_tsquery('simple', %s)",
            [" ".join(tokens)],
        )
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [_fts_query(tokens)])


def _fts_query(tokens: Sequence[str]) -> str:
    # Each token quoted (a phrase of one): FTS5 reads bare words like AND/NEAR as syntax.
    return " ".join(f'"{token}"' for token in tokens)


def _rank(how: Plan):
    """The database's own relevance for a full-text hit (ts_rank, or bm25 negated)."""
    if how.mode not in ("tokens", "code"):
        return Value(0.0, output_field=FloatField())
    if connection.vendor == "postgresql":
        return RawSQL(
            "ts_rank(to_tsvector('simple'::regconfig, reports_searchentry.tokens), "
            "plainto_tsquery('simple', %s))",
            [" ".join(how.terms)],
            output_field=FloatField(),
        )
    return RawSQL(
        f"(SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND rowid = reports_searchentry.id)",
        [_fts_query(how.terms)],
        output_field=FloatField(),
    )


# Above this many matching reports the list is not ordered by score (the ids
# would make the ordering clause too long); it keeps the filters' own order.
SCORED_LIMIT = 10_000


def report_scores(query: str) -> dict[int, int]:
    """Report id → the summed weight of its matching entries (one grouped query)."""
    rows = (matching_entries(query).order_by().values("report_id")
            .annotate(score=Sum("weight")).values_list("report_id", "score"))
    return dict(rows)


def search_reports(query: str, reports: ReportQuerySet) -> ReportQuerySet:
    """``reports`` that have a matching entry, with ``search_score``: their hits' weight.

    The score uses only the entries' weights, never a backend's rank, so the
    order is the same on both databases. It is computed in one grouped query
    and attached as a CASE over a few score groups: a correlated subquery per
    report re-ran the full-text match for every report on SQLite (7x slower).
    """
    scores = report_scores(query)
    if len(scores) > SCORED_LIMIT:
        matched = reports.filter(pk__in=matching_entries(query).values("report_id"))
        return matched.annotate(search_score=Value(0, output_field=IntegerField()))
    # The ids are known now: filtering by them spares running the match again.
    matched = reports.filter(pk__in=list(scores))
    if not scores:
        return matched.annotate(search_score=Value(0, output_field=IntegerField()))
    groups: dict[int, list[int]] = {}
    for report_id, score in scores.items():
        groups.setdefault(score, []).append(report_id)
    return matched.annotate(search_score=Case(
        *[When(pk__in=ids, then=Value(score)) for score, ids in sorted(groups.items())],
        default=Value(0), output_field=IntegerField(),
    ))


@dataclass(frozen=True, slots=True)
class Hit:
    entry: SearchEntry
    snippet: SafeString


def hits_for(query: str, report_ids: Sequence[int], per_report: int = 3) -> dict[int, list[Hit]]:
    """The best few matching entries of each report on a result page, with snippets."""
    how = plan(query)
    if how.mode == "none" or not report_ids:
        return {}
    entries = (
        matching_entries(query, SearchEntry.objects.filter(report_id__in=list(report_ids)))
        .annotate(rank=_rank(how))
        .order_by("report_id", -F("weight"), -F("rank"), "id")
    )
    found: dict[int, list[Hit]] = {}
    for entry in entries:
        bucket = found.setdefault(entry.report_id, [])
        if len(bucket) < per_report:
            bucket.append(Hit(entry, snippet(entry.text, how.terms)))
    return found


def snippet(text: str, terms: Sequence[str], width: int = 120) -> SafeString:
    """A window of ``text`` around the first matched term, matches wrapped in <mark>.

    Terms are found in the folded text (no quotes, half-width, lower case), then
    marked in the original, so “三公”经费 is highlighted for 三公经费 as printed.
    """
    spans = _spans(text, [t for t in terms if t])
    start = max(0, spans[0][0] - width // 3) if spans else 0
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


def _spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the terms in ``text``, matched on its folded form."""
    if not terms or not text:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    folded = normalize(text)
    if len(folded) == len(text):  # nothing dropped or widened: positions are the same
        return [m.span() for m in pattern.finditer(folded) if m.end() > m.start()]
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


def _entry(report: Report, kind: str, title: str, text: str, *, codes: Iterable[str] = (),
           page: int | None = None, anchor: str = "", heading_boost: bool = False) -> SearchEntry:
    body = f"{title}\n{text}".strip()
    code_list = sorted({c for c in codes if c})
    return SearchEntry(
        report=report, kind=kind, title=title[:500], text=body,
        tokens=index_tokens(body + " " + " ".join(code_list)),
        codes="".join(" " + c for c in code_list), page=page, anchor=anchor,
        weight=WEIGHTS[kind] + (1 if heading_boost else 0),
    )


def _department_entry(report: Report, aliases: Sequence[str]) -> SearchEntry:
    department = report.department
    names = [department.name, report.printed_department, department.short_name, *aliases]
    return _entry(report, "department", department.name,
                  " ".join(dict.fromkeys(n for n in names if n)), anchor="top")


def build_entries(report: Report) -> list[SearchEntry]:
    """The search entries of one report (not saved)."""
    aliases = list(report.department.aliases.values_list("name", flat=True))
    entries = [_department_entry(report, aliases)]
    for section in report.sections.all():
        entries.append(_entry(report, "section", section.heading, section.text,
                              page=section.page, anchor=f"section-{section.order}"))
    for table in report.tables.prefetch_related("rows"):
        rows = list(table.rows.all())
        lines = "\n".join(f"{row.code} {row.name}".strip() for row in rows)
        entries.append(_entry(report, "table", table.title, lines, codes=[r.code for r in rows],
                              page=table.page, anchor=f"table-{table.order}"))
    spending = list(report.expenditure_lines.all())
    if spending:
        text = "\n".join(f"{x.code} {x.category} {x.item} {x.subitem} {x.reason}" for x in spending)
        entries.append(_entry(report, "table", "", text, codes=[x.code for x in spending],
                              page=spending[0].page, anchor="lines"))
    for indicator in report.indicators.all():
        text = " ".join(filter(None, [indicator.level1, indicator.level2, indicator.target,
                                      indicator.actual, indicator.deviation]))
        entries.append(_entry(report, "indicator", indicator.level3, text, page=indicator.page,
                              anchor="indicators"))
    return entries


@transaction.atomic
def report_index(*, report: Report) -> int:
    """(Re)build the search entries of ``report``; returns how many were written."""
    SearchEntry.objects.filter(report=report).delete()
    written = len(SearchEntry.objects.bulk_create(build_entries(report), batch_size=500))
    _department_refresh(report)
    return written


def _department_refresh(report: Report) -> None:
    """Give the department's other reports its current names: an alias may be new."""
    others = list(Report.objects.filter(department=report.department_id).exclude(pk=report.pk)
                  .select_related("department"))
    if not others:
        return
    aliases = list(report.department.aliases.values_list("name", flat=True))
    SearchEntry.objects.filter(report__in=others, kind=SearchEntry.Kind.DEPARTMENT).delete()
    SearchEntry.objects.bulk_create(_department_entry(r, aliases) for r in others)


def reindex_all(reports: QuerySet | None = None) -> int:
    reports = Report.objects.all() if reports is None else reports
    return sum(report_index(report=r) for r in reports.select_related("department"))

