"""Arabic date parsing to ISO 8601, with the span of the date in the input.

Forms understood (docs/cleaning.md, "Dates"):

* day + month name + year: ``20 نوفمبر 2021``, ``7 فبراير/ شباط 2024``, ``10 كانون الثاني 2020``,
  ``3 من شهر أيار عام 2022``; Egyptian/Gulf (يناير ...), Levantine/Iraqi (كانون الثاني ...),
  Maghrebi (يوليوز، غشت ...) and Algerian/Tunisian (جانفي، جوان ...) month names, with spelling
  variants (كانون اول, ايار/أيار, ابريل/أبريل/إبريل ...);
* combined forms ``يناير/ كانون الثاني`` (both names must give the same month, else no value);
* month name + day + year (``نوفمبر 20، 2021``);
* numbers: ``2021-11-20`` (ISO), ``9/27/2023`` and ``27/9/2023`` (also with ``.`` or ``-``);
* Arabic-Indic (٠-٩) and Persian (۰-۹) digits; an optional weekday prefix (``الأحد،``, ``يوم السبت``).

A *date line* (:func:`date_line`) may also carry a Hijri date before or after the Gregorian one
(``الخميس ١٥ ذو القعدة ١٤٤٥ هـ - ٢٣ أيار ٢٠٢٤``: the Gregorian date is the value), a clock time
before the date (``03:15 م الخميس 23 مايو 2024``), an update stamp after it
(``23.05.2024 - تحديث : 23.05.2024``: outside the date block), or no year at all
(``23 أيار 14:20``: a date block with no value, the year is never guessed).

Numeric d/m ambiguity: if the first number is > 12 the order is day/month, if the second is > 12
it is month/day.  When both are <= 12 (and differ) the profile's declared ``date_order`` ("dmy" or
"mdy") decides; with no declared order the date is *not normalised*: :func:`find_date` returns a
match whose ``value`` is None, and the pipeline records no ``date`` metadata (never a guess).
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

from corpus.text.normalize import fold

def _calendar() -> dict:
    """The calendar lexicon (src/corpus/text/data/calendar.json), schema-validated once at import."""
    from importlib import resources

    from corpus import jsonio
    from corpus import schemas
    from corpus.errors import ConfigError

    where = "corpus/text/data/calendar.json"
    text = resources.files("corpus.text.data").joinpath("calendar.json").read_text(encoding="utf-8")
    data = jsonio.parse(text, where, ConfigError)
    schemas.check("calendar.schema.json", data, where, ConfigError)
    months = sorted(m["month"] for m in data["months"])
    if months != list(range(1, 13)):
        raise ConfigError(where, f"$.months: months must be 1..12 once each, got {months}")
    return data


_CAL = _calendar()
#: month names in folded form (corpus.normalize.fold: alef/hamza/teh marbuta/yeh folded) -> number
_MONTHS: dict[str, int] = {fold(n): m["month"] for m in _CAL["months"] for n in m["names"]}
_WEEKDAYS = [fold(w) for w in _CAL["weekdays"]]


def _alt(words) -> str:
    # longest first so "كانون الثاني" wins over a shorter prefix; spaces may be several
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))


_M = _alt(_MONTHS)
_WD = r"(?:(?:يوم\s+)?(?:%s)\s*[،,]?\s*)" % _alt(_WEEKDAYS)
#: a weekday after the date ('22 أيار 2024، الأربعاء')
_WD_AFTER = re.compile(r"\s*[،,\-–]?\s*(?:يوم\s+)?(?:%s)(?![\w])" % _alt(_WEEKDAYS))
_ANY_DIGIT = re.compile(r"\d")  # each date pattern below needs one
_B = r"(?<![\w])"  # not inside a word or number
_E = r"(?![\w])"
#: the end of a year: the era after it, glued or not ('2024م' Gregorian, '1445هـ' Hijri), or no letter
_YEAR_END = r"(?:\s*(?:م|هـ|ه)(?![\w])|(?![\w]))"

_NAMED_DMY = re.compile(
    _B + r"(?P<wd>%s)?(?P<d>\d{1,2})\s*(?:[-–]\s*)?(?:من\s+)?(?:شهر\s+)?(?P<m>%s)(?:\s*[/\-(]\s*(?P<m2>%s)\s*\)?)?"
    r"\s*[،,\-–]?\s*(?:(?:من\s+)?(?:عام|سنه|سنة)\s+)?(?P<y>\d{4})" % (_WD, _M, _M) + _YEAR_END,
    re.IGNORECASE,
)
_NAMED_MDY = re.compile(
    _B + r"(?P<wd>%s)?(?P<m>%s)(?:\s*[/\-]\s*(?P<m2>%s))?\s+(?P<d>\d{1,2})\s*[،,]\s*(?P<y>\d{4})" % (_WD, _M, _M) + _E,
    re.IGNORECASE,
)
_ISO = re.compile(_B + r"(?P<wd>%s)?(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})" % _WD + _E)
#: short vowels (tanwin) may follow any letter of a word: 'مساءً', 'صباحًا' (folding keeps them)
_VOWELS = "[\u064b-\u0652\u0670]*"


def _voweled(pattern: str) -> str:
    return re.sub("([\u0620-\u064a])", "\\1" + _VOWELS, pattern)


#: a clock time after a date: '10:35', '- 10:35 ص', '| 10:35', 'الساعة 11:20 م', '10:35 بتوقيت أبوظبي',
#: '02:04 مساءً', the comment plugins' '@ 10:14 ص' / 'at 11:35 am' (WordPress), and 'على' ('at' on
#: Maghrebi pages: '11 جوان 2024 على 21:10')
_TIME = re.compile(
    r"\s*(?:(?:[-–—|،,:@]|at|في|علي)\s*)?(?:(?:الساعه|ساعه)\s+)?(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?"
    + _voweled(r"(?:\s*(?:ص|م|صباحا|مساء|مساءا|am|pm|a\.m\.|p\.m\.)(?![\w]))?")
    + r"(?:\s*\(?\s*(?:بتوقيت|توقيت|(?:gmt|utc))(?:\s*[+\-]?\d{1,2})?(?:\s+[\w]+){0,2}\s*\)?)?",
    re.IGNORECASE)
#: a print newspaper's issue and page after the date ('، العدد: 13541، ص(5)', '- السنة 47 العدد 13540'):
#: part of the date line's block, not of the value
_ISSUE = re.compile(_voweled(
    r"(?:\s*[-–—|،,]?\s*(?:السنه|العدد|عدد|الصفحه|صفحه|ص)\s*[:：]?\s*\(?\s*\d{1,6}\s*\)?){1,3}"), re.IGNORECASE)
_ISSUE_ONLY = re.compile(r"\s*[-–—|،,]?" + _ISSUE.pattern + r"\s*[.]?\s*", re.IGNORECASE)
#: a label before a publication date: 'نشر في:', 'نشرت في', 'نشر', 'تاريخ النشر:', 'نشر بتاريخ'; it may name
#: what was published ('نُشر هذا المقال في', 'نشرت هذه المادة بتاريخ', 'نشر هذا المحتوى على')
_PUBLISHED = re.compile(re.sub(
    "([\u0620-\u064a])", "\\1[\u064b-\u0652\u0670]*",  # short vowels may follow any letter: 'نُشر في'
    r"^\s*(?:(?:تاريخ\s+)?(?:نشر بتاريخ|النشر|نشرت|نشر|published)(?:\s+(?:هذا|هذه)\s+ال\w+)?(?:\s+(?:في|علي|على|بتاريخ|on))?|بتاريخ)\s*[:：]?\s*"),
    re.IGNORECASE)
#: a clock time before the date: '03:15 م الخميس 23 مايو 2024'
_LEAD_TIME = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:(?:ص|م|am|pm)(?![\w]))?\s*[-–—|،,]?\s*$", re.IGNORECASE)
_HIJRI_MONTHS = [fold(w) for w in _CAL["hijri_months"]]
_HIJRI = r"(?:%s)?\d{1,2}\s*(?:%s)\s*\d{3,4}(?:\s*(?:هـ|ه))?(?![\w])" % (_WD, _alt(_HIJRI_MONTHS))
#: a Hijri date before the Gregorian one (with its weekday), or after it
#: ... joined by a separator or by 'الموافق' ('corresponding to': '21 ذو القعدة 1445 هـ الموافق 28 ماي 2024')
_HIJRI_BEFORE = re.compile(r"^\s*%s\s*[-–—|،,/]?\s*(?:الموافق\s*[:：]?\s*)?$" % _HIJRI, re.IGNORECASE)
_HIJRI_AFTER = re.compile(r"\s*[-–—|،,/]?\s*(?:الموافق\s*[:：]?\s*)?%s" % _HIJRI, re.IGNORECASE)
#: an update stamp after the date: ' - تحديث : 23.05.2024' (kept out of the date block)
_UPDATE_TAIL = re.compile(r"\s*[-–—|،,]?\s*(?:اخر تحديث|تم التحديث|تحديث|محدث|updated|last updated)\s*[:：]?\s*\S", re.IGNORECASE)
#: day + month name without a year ('23 أيار 14:20'): only as a whole date line, never given a value
_NAMED_DM = re.compile(_B + r"(?P<wd>%s)?(?P<d>\d{1,2})\s+(?P<m>%s)" % (_WD, _M) + _E, re.IGNORECASE)
_NUMERIC = re.compile(_B + r"(?P<wd>%s)?(?P<a>\d{1,2})(?P<s>[/.\-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})" % _WD + _E)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a string: ``value`` is ISO 8601 (YYYY-MM-DD) or None if not normalisable."""

    value: str | None
    start: int
    end: int
    form: str  # named, numeric-dmy, numeric-mdy, numeric-ambiguous, iso


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _numeric_order(a: int, b: int, order: str | None) -> tuple[str, int, int] | None:
    """(form, month, day) for a/b, or None if ambiguous and no order is declared."""
    if a > 12 and b <= 12:
        return "numeric-dmy", b, a
    if b > 12 and a <= 12:
        return "numeric-mdy", a, b
    if a == b:
        return "numeric-dmy", a, b
    if order == "dmy":
        return "numeric-dmy", b, a
    if order == "mdy":
        return "numeric-mdy", a, b
    return None


def _matches(folded: str, order: str | None):
    for m in _NAMED_DMY.finditer(folded):
        mon = _MONTHS[_norm_month(m.group("m"))]
        if m.group("m2") and _MONTHS[_norm_month(m.group("m2"))] != mon:
            yield DateMatch(None, m.start(), m.end(), "named-conflict")
            continue
        yield DateMatch(_iso(int(m.group("y")), mon, int(m.group("d"))), m.start(), m.end(), "named")
    for m in _NAMED_MDY.finditer(folded):
        mon = _MONTHS[_norm_month(m.group("m"))]
        if m.group("m2") and _MONTHS[_norm_month(m.group("m2"))] != mon:
            continue
        yield DateMatch(_iso(int(m.group("y")), mon, int(m.group("d"))), m.start(), m.end(), "named")
    for m in _ISO.finditer(folded):
        yield DateMatch(_iso(int(m.group("y")), int(m.group("m")), int(m.group("d"))), m.start(), m.end(), "iso")
    for m in _NUMERIC.finditer(folded):
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        res = _numeric_order(a, b, order)
        if res is None:
            yield DateMatch(None, m.start(), m.end(), "numeric-ambiguous")
        else:
            form, mon, day = res
            yield DateMatch(_iso(y, mon, day), m.start(), m.end(), form)


def _norm_month(s: str) -> str:
    return re.sub(r"\s+", " ", s).lower()


def find_dates(text: str, order: str | None = None) -> list[DateMatch]:
    """All dates in ``text`` (offsets index ``text``), in order, non-overlapping (earliest, longest wins)."""
    folded = fold(text)
    if _ANY_DIGIT.search(folded) is None:
        return []  # every date form holds a digit (\d): most lines hold none
    found = sorted(_matches(folded, order), key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMatch] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out


def find_date(text: str, order: str | None = None) -> DateMatch | None:
    """The first date in ``text`` or None."""
    found = find_dates(text, order)
    return found[0] if found else None


def parse_date(text: str, order: str | None = None) -> str | None:
    """ISO 8601 value of a string that is (apart from surrounding space/punctuation) one date."""
    d = whole_date(text, order)
    return d.value if d else None


_EDGE = " \t\u00a0،,.-–—•·|()[]"


def whole_date(text: str, order: str | None = None) -> DateMatch | None:
    """The date if ``text`` is only a date (bullets, brackets, commas and spaces around it allowed)."""
    d = find_date(text, order)
    if d is None:
        return None
    if text[: d.start].strip(_EDGE) or text[d.end :].strip(_EDGE):
        return None
    return d


@dataclass(frozen=True)
class DateLine:
    """A line that is a (publication) date: ``date`` is the date itself, ``start``/``end`` the span of
    label + date + time (``نشر في: 12 مايو 2024 - 10:35 بتوقيت أبوظبي``) that the line's date block covers."""

    date: DateMatch
    start: int
    end: int


@functools.lru_cache(maxsize=4096)
def date_line(text: str, order: str | None = None) -> DateLine | None:
    """``text`` as a date line: an optional publication label, one date, an optional clock time.

    The time is part of the block but not of the value: the page never says which time zone it
    means reliably enough ('بتوقيت مكة' is a name, not an offset), so the ISO value is the date only.
    (Remembered: the cleaner asks about one line from several rules; the result is immutable.)
    """
    folded = fold(text)
    if _ANY_DIGIT.search(folded) is None:
        return None  # every date form (and the day-month form) holds a digit
    d = find_date(text, order)
    if d is None:
        m = _NAMED_DM.match(folded, len(folded) - len(folded.lstrip()))
        if m is None:
            return None
        d = DateMatch(None, m.start(), m.end(), "named-no-year")
    before = folded[: d.start]
    start = d.start
    if before.strip(_EDGE):
        m = _PUBLISHED.fullmatch(before) or _PUBLISHED.match(before)
        # 'نشر في: 12:40-20 مايو 2024': a label, then the clock time glued to the date
        if m and (not before[m.end():].strip(_EDGE) or _LEAD_TIME.match(before[m.end():])):
            start = len(before) - len(before.lstrip())
        elif _LEAD_TIME.match(before) or _HIJRI_BEFORE.match(before):
            start = len(before) - len(before.lstrip())
        else:
            return None
    end = d.end
    w = _WD_AFTER.match(folded, end)  # '22 أيار 2024، الأربعاء - 10:12': the weekday after the date
    if w:
        end = w.end()
    h = _HIJRI_AFTER.match(folded, end)
    if h:
        end = h.end()
    t = _TIME.match(folded, end)
    if t:
        end = t.end()
    n = _ISSUE.match(folded, end)
    if n:
        end = n.end()
    rest = folded[end:]
    if rest.strip(_EDGE) and not (_UPDATE_TAIL.match(rest) and d.form != "named-no-year"):
        return None
    return DateLine(d, start, end)


def has_update_tail(folded: str) -> bool:
    """The (folded) line holds an update stamp ('| آخر تحديث: …') after something."""
    return _UPDATE_TAIL.search(folded) is not None


def issue_only(text: str) -> bool:
    """The line is only a print edition's stamp ('العدد 16544 - الصفحة 8', 'السنة 12 العدد 340'): the
    issue and page of the paper copy, never a date, a caption or text."""
    return _ISSUE_ONLY.fullmatch(fold(text)) is not None


def hijri_only(text: str) -> bool:
    """The line is only a Hijri date ('18 ذو القعدة 1445'): a calendar widget's line, never a date value."""
    return _HIJRI_BEFORE.match(fold(text)) is not None
