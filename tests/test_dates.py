"""Arabic date parsing: every form of the seeds and the regional month names."""
import pytest

from corpus.text.dates import find_date, find_dates, parse_date, whole_date


@pytest.mark.parametrize("text, iso", [
    ("20 نوفمبر 2021", "2021-11-20"),                       # seed 003
    ("9/27/2023", "2023-09-27"),                            # seed 004: US order, 27 > 12
    ("27/9/2023", "2023-09-27"),                            # day first, 27 > 12
    ("2023-09-27", "2023-09-27"),                           # ISO
    ("10 كانون الثاني 2020", "2020-01-10"),                # Levantine/Iraqi
    ("10 كانون ثاني 2020", "2020-01-10"),                  # variant without article
    ("3 كانون اول 2019", "2019-12-03"),                    # variant كانون اول
    ("3 كانون الأول 2019", "2019-12-03"),
    ("5 تشرين الثاني 2018", "2018-11-05"),
    ("1 أيار 2022", "2022-05-01"), ("1 ايار 2022", "2022-05-01"), ("1 مايو 2022", "2022-05-01"),
    ("14 آب 2023", "2023-08-14"), ("14 أغسطس 2023", "2023-08-14"), ("14 اغسطس 2023", "2023-08-14"),
    ("2 شباط 2024", "2024-02-02"), ("2 فبراير 2024", "2024-02-02"),
    ("9 حزيران 2021", "2021-06-09"), ("9 يونيو 2021", "2021-06-09"), ("9 جوان 2021", "2021-06-09"),
    ("30 أيلول 2020", "2020-09-30"), ("12 تموز 2017", "2017-07-12"), ("12 يوليوز 2017", "2017-07-12"),
    ("7 فبراير/ شباط 2024", "2024-02-07"),                 # combined forms (seed 001)
    ("7 يناير/ كانون الثاني 2024", "2024-01-07"),
    ("7 يناير (كانون الثاني) 2024", "2024-01-07"),
    ("٢٠ نوفمبر ٢٠٢١", "2021-11-20"),                       # Arabic-Indic digits
    ("۲۰ نوفمبر ۲۰۲۱", "2021-11-20"),                       # Persian digits
    ("٩/٢٧/٢٠٢٣", "2023-09-27"),
    ("الأحد 20 نوفمبر 2021", "2021-11-20"),                 # weekday prefixes
    ("الأحد، 5 آذار 2023", "2023-03-05"),
    ("يوم السبت 10 فبراير 2024", "2024-02-10"),
    ("3 من شهر أيار عام 2022", "2022-05-03"),
    ("نوفمبر 20، 2021", "2021-11-20"),                      # month first
    ("  • 9/27/2023", "2023-09-27"),                        # bullet around (seed 004)
])
def test_forms(text, iso):
    assert parse_date(text) == iso


def test_ambiguous_numeric_needs_declared_order():
    assert whole_date("03/04/2022").value is None          # found, but not normalised
    assert parse_date("03/04/2022", "dmy") == "2022-04-03"
    assert parse_date("03/04/2022", "mdy") == "2022-03-04"
    assert parse_date("04/04/2022") == "2022-04-04"        # same either way


def test_invalid_dates_have_no_value():
    assert parse_date("31 فبراير 2021") is None
    assert parse_date("13/13/2021") is None


def test_conflicting_combined_month_is_not_normalised():
    d = find_date("7 فبراير/ كانون الثاني 2024")
    assert d is not None and d.value is None


def test_spans_index_the_original_text():
    text = "في يوم الأربعاء 7 فبراير/ شباط 2024، لقي القيادي"
    d = find_date(text)
    assert text[d.start:d.end].endswith("2024") and d.value == "2024-02-07"


def test_not_a_date():
    assert parse_date("2500 عسكري") is None
    assert parse_date("جاء في 20 نوفمبر 2021 أن") is None   # a date inside a sentence is not a date line
    assert find_dates("لا تاريخ هنا") == []
    assert find_date("رقم 12345/6/20221") is None
