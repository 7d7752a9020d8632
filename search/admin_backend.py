"""The Wagtail search backend behind admin search (page explorer, snippet listings), Chinese-aware.

Wagtail's database backend indexes a run of Han characters as one token, so `焊接` never finds `焊接结构制作`.
This backend builds on Wagtail's fallback backend instead, which matches substrings (`icontains`) on the rows
themselves: there is no separate index to keep up to date, and drafts, unpublished pages and submissions under
review are found exactly like published ones (the public index in `search.engines` excludes them; the admin
must not). The query goes through our analysis chain first (`search.analysis`):

- normalised like every indexed text: NFKC, case folding, traditional → simplified (`焊接技術` finds 焊接技术);
- split into terms on spaces and punctuation, every term required;
- a long Han term also matches when all its dictionary words occur (`焊接结构制作教材` finds 焊接结构制作);
- a latin term that reads as pinyin (`hanjie`, `shukongchechuang`) matches titles with those syllables in order;
- digits also match ISBNs and codes.

The rows are scanned with LIKE. Pinyin comes from the public index for what it holds (listed textbooks, live
standards, programs): two or more syllables through the title's pairs of consecutive syllables
(`TitleSyllablePair`, which every engine stores beside its documents), a single syllable through the engine's
syllable stream confirmed by the stored title syllables. Only rows the index does not hold (drafts, submissions,
models without a declaration) have their titles read in Python, so a pinyin search stays fast with 150,000 listed
titles.
"""

from django.db import models

from modelsearch.backends.database.fallback import (
    MATCH_ALL,
    DatabaseSearchBackend,
    DatabaseSearchQueryCompiler,
    DatabaseSearchResults,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import AND, OR

from . import analysis, documents
from .engines import get_engine
from .engines.storage import titles_with_syllables
from .idlists import among
from .models import SearchDocument
from .query import Alternative, ParsedQuery, Term

KEY_FIELDS = ("isbn", "code")
INDEXED_LIMIT = 20000
PINYIN_FIELDS = ("title", "name")


class ChineseQueryCompiler(DatabaseSearchQueryCompiler):
    def build_database_filter(self, query, boost=1.0):
        if isinstance(query, PlainText | Phrase):
            terms = self.terms(query.query_string)
            if not terms:
                return MATCH_ALL
            return AND([self.term_filter(term) for term in terms])
        return super().build_database_filter(query, boost=boost)

    @staticmethod
    def terms(text):
        return analysis.query_terms(analysis.normalise(text))[:8]

    def term_filter(self, term):
        """Any reading of the term: the text itself, all its dictionary words, its pinyin, an ISBN or code."""
        alternatives = [self.contains(term)]
        if analysis.HAN_RE.search(term) and len(term) >= 4:
            parts = analysis.words(term)
            if len(parts) > 1:
                alternatives.append(AND([self.contains(part) for part in sorted(parts)]))
        syllables = analysis.segment_pinyin(term)
        if syllables and (len(syllables) > 1 or len(term) >= 4):
            declaration = documents.for_model(self.queryset.model)
            if declaration is not None and term.isalpha() and term.isascii():
                return models.Q(pk__in=among(self.pinyin_term_matches(declaration, term, syllables)))
            alternatives.append(models.Q(pk__in=self.pinyin_matches(syllables)))
        if term.isdigit():
            alternatives.extend(
                models.Q(**{f"{name}__icontains": term}) for name in self.model_fields(KEY_FIELDS)
            )
        return OR(alternatives)

    def contains(self, text):
        return OR([models.Q(**{f"{name}__icontains": text}) for name in self.fields_names])

    def model_fields(self, names):
        existing = {field.name for field in self.queryset.model._meta.get_fields()}
        return [name for name in names if name in existing]

    def pinyin_matches(self, syllables):
        """Primary keys of rows whose title (or name) reads as these syllables in order."""
        fields = self.model_fields(PINYIN_FIELDS)
        if not fields:
            return []
        declaration = documents.for_model(self.queryset.model)
        if declaration is None:
            return self.scan(self.queryset, fields, syllables)
        return self.indexed_matches(declaration, syllables) + self.scan(
            self.queryset.filter(declaration.private_filter()), fields, syllables
        )

    def pinyin_term_matches(self, declaration, term, syllables):
        """Primary keys for a term that reads as pinyin, on a model the public index holds. The index answers for
        the rows it holds (the title's syllables, or the term as a whole latin word in any indexed field); only
        the rows outside it (drafts, submissions under review) are scanned, so no LIKE runs over 150,000 listed
        titles."""
        unindexed = self.queryset.filter(declaration.private_filter()).order_by()
        return (
            self.indexed_matches(declaration, syllables)
            + self.indexed_word_matches(declaration, term)
            + list(unindexed.filter(self.contains(term)).values_list("pk", flat=True))
            + self.scan(unindexed, self.model_fields(PINYIN_FIELDS), syllables)
        )

    @staticmethod
    def indexed_word_matches(declaration, word):
        from .service import Scope

        parsed = ParsedQuery(word, word, [Term(word, [Alternative("phrase", (word,), word)])])
        ids = get_engine().matches(parsed, Scope((declaration.doc_type,), {}), INDEXED_LIMIT)
        rows = SearchDocument.objects.filter(pk__in=among(ids)).values_list("object_id", flat=True)
        return [int(pk) for pk in rows]

    @staticmethod
    def indexed_matches(declaration, syllables):
        """Object ids of indexed documents of this type whose title has the syllables in order. Two or more are
        found through their syllable pairs; a single syllable through the index's syllable stream, confirmed
        against the title's syllables."""
        if len(syllables) > 1:
            return [int(object_id) for object_id in titles_with_syllables(declaration.doc_type, syllables)]
        from .service import Scope

        text = "".join(syllables)
        parsed = ParsedQuery(text, text, [Term(text, [Alternative("pinyin", tuple(syllables), text)])])
        ids = get_engine().matches(parsed, Scope((declaration.doc_type,), {}), INDEXED_LIMIT)
        rows = SearchDocument.objects.filter(pk__in=among(ids), title_pinyin__contains=f" {text} ")
        return [int(object_id) for object_id in rows.values_list("object_id", flat=True)]

    @staticmethod
    def scan(queryset, fields, syllables):
        """Rows the index does not hold, read one by one."""
        wanted = f" {' '.join(syllables)} "
        found = []
        for pk, *texts in queryset.order_by().values_list("pk", *fields).iterator(chunk_size=2000):
            for text in texts:
                if text and wanted in f" {' '.join(analysis.pinyin(analysis.normalise(text)))} ":
                    found.append(pk)
                    break
        return found

    def rank(self):
        """Titles containing the whole query first, then titles containing its first term, then the rest."""
        if "title" not in self.model_fields(("title",)) or not isinstance(self.query, PlainText | Phrase):
            return None
        terms = self.terms(self.query.query_string)
        if not terms:
            return None
        return models.Case(
            models.When(title__icontains="".join(terms), then=2),
            models.When(title__icontains=terms[0], then=1),
            default=0,
            output_field=models.IntegerField(),
        )


class ChineseSearchResults(DatabaseSearchResults):
    def get_queryset(self):
        compiler = self.query_compiler
        rank = compiler.rank() if compiler.order_by_relevance else None
        if rank is None or compiler.queryset.query.order_by:
            return super().get_queryset()
        original = compiler.queryset
        compiler.queryset = original.annotate(_search_rank=rank).order_by("-_search_rank", "-pk")
        try:
            return super().get_queryset()
        finally:
            compiler.queryset = original


class ChineseSearchBackend(DatabaseSearchBackend):
    query_compiler_class = ChineseQueryCompiler
    autocomplete_query_compiler_class = ChineseQueryCompiler
    results_class = ChineseSearchResults


SearchBackend = ChineseSearchBackend
