"""The rules a member's record must satisfy, in one place for every write path.

`member_validate(member)` returns every problem as (field, message) pairs without raising, so the file
importer can list each row's errors by column; services call `member_full_clean(member)`, which raises a
ValidationError keyed by field. Both use the same rules (field formats on the model's validators, the
cross-field rules below, which Member.clean() also runs).

The rules take the member (a doanvu.members.models.Member) and reach its fields and its table through it,
so this module does not import the models and Member.clean() can run them.
"""

from __future__ import annotations

import datetime
import functools
import re

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import BooleanField, CharField, DateField, Model, TextField
from django.db.models.expressions import DatabaseDefault
from django.db.models.fields import AutoFieldMixin
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from doanvu.lib import cleantext, vntext
from doanvu.lib.dates import add_months

from .choices import CURRENT_STATUSES, DuesCategory, Status

# Never user input: derived by Member.normalise() or set by the database.
_NOT_VALIDATED = ["unit", "sort_key", "search_text", "created", "updated"]

PARTY_DATES = ("party_course_on", "party_introduced_on", "party_probationary_on", "party_full_on")

# Text fields stored in Unicode NFC with tidy spacing (Member.normalise, normal_value).
TEXT_FIELDS = (
    "full_name",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "joined_place",
    "education_level",
    "qualification",
    "political_theory",
    "occupation",
)
NORMALISED_FIELDS = (*TEXT_FIELDS, "citizen_id", "phone", "email")
# How many distinct values each kept reading (a plain field's outcomes, cleaned texts) holds, emptied when
# full: a file of 100,000 rows repeats most values (genders, dates, occupations), and the cap keeps unique
# ones from filling memory.
OUTCOMES_KEPT = 16384
_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")


_CLEAN_TEXT: dict[str, str] = {}  # text → vntext.clean(text), for the importer's 100,000 rows of repeats


def normal_value(field: str, value):
    """A value of one of NORMALISED_FIELDS as stored: text NFC with tidy spacing, the citizen ID trimmed,
    the phone without spaces, dots, dashes or brackets, the e-mail trimmed and in lower case."""
    if field in TEXT_FIELDS:
        if type(value) is not str:
            return vntext.clean(value)
        cleaned = _CLEAN_TEXT.get(value)
        if cleaned is None:
            if len(_CLEAN_TEXT) >= OUTCOMES_KEPT:
                _CLEAN_TEXT.clear()
            cleaned = _CLEAN_TEXT[value] = vntext.clean(value)
        return cleaned
    if field == "phone":
        return _PHONE_PUNCTUATION.sub("", value or "")
    if field == "email":
        return (value or "").strip().lower()
    return (value or "").strip()


def rule(name: str, default: int) -> int:
    return settings.DOANVU_RULES.get(name, default)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29/2 becomes 28/2 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def admission_window(date_of_birth: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(after, before): admission must fall strictly after the first and strictly before the second.

    By the guideline a youth may join from the day after their 15th birthday until they turn 31
    (aged 16 to 30); both ages are configuration (settings.DOANVU_RULES).
    """
    after = add_years(date_of_birth, rule("admission_min_age", 15))
    before = add_years(date_of_birth, rule("admission_max_age", 30) + 1)
    return after, before


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """Whole years from `date_of_birth` to `day`."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def _label(member: Model, field: str) -> str:
    return str(member._meta.get_field(field).verbose_name)


def _date_rules(member: Model, today: datetime.date) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    dob, joined = member.date_of_birth, member.joined_on
    for field in ("date_of_birth", "joined_on", *PARTY_DATES):
        value = getattr(member, field)
        if isinstance(value, datetime.date) and value > today:
            errors.append(
                (field, _("%(label)s không được sau hôm nay.") % {"label": capfirst(_label(member, field))})
            )
    if not isinstance(dob, datetime.date):
        return errors
    if isinstance(joined, datetime.date):
        honorary = member.is_honorary or member.status == Status.HONORARY
        after, before = admission_window(dob)
        if joined <= dob:
            errors.append(("joined_on", _("Ngày vào Đoàn phải sau ngày sinh.")))
        elif not honorary and joined <= after:
            errors.append(
                (
                    "joined_on",
                    _("Chưa đủ tuổi vào Đoàn: ngày vào Đoàn phải sau sinh nhật lần thứ %(age)d (%(day)s).")
                    % {"age": rule("admission_min_age", 15), "day": dmy(after)},
                )
            )
        elif not honorary and joined >= before:
            errors.append(
                (
                    "joined_on",
                    _("Quá tuổi vào Đoàn (tối đa %(age)d tuổi): ngày vào Đoàn phải trước %(day)s.")
                    % {"age": rule("admission_max_age", 30), "day": dmy(before)},
                )
            )

    # Birth < joining < each Party date, and each Party date after the one before it.
    previous_field, previous = (
        ("joined_on", joined) if isinstance(joined, datetime.date) else ("date_of_birth", dob)
    )
    for field in PARTY_DATES:
        value = getattr(member, field)
        if not isinstance(value, datetime.date):
            continue
        if value <= previous:
            errors.append(
                (
                    field,
                    _("%(label)s phải sau %(previous)s (%(day)s).")
                    % {
                        "label": capfirst(_label(member, field)),
                        "previous": _label(member, previous_field),
                        "day": dmy(previous),
                    },
                )
            )
        previous_field, previous = field, value

    probationary, full = member.party_probationary_on, member.party_full_on
    if isinstance(probationary, datetime.date):
        min_age = rule("party_min_age", 18)
        if age_on(dob, probationary) < min_age:
            errors.append(
                (
                    "party_probationary_on",
                    _("Chỉ được kết nạp Đảng khi đủ %(age)d tuổi: ngày kết nạp phải từ %(day)s.")
                    % {"age": min_age, "day": dmy(add_years(dob, min_age))},
                )
            )
    if isinstance(full, datetime.date):
        if not isinstance(probationary, datetime.date):
            errors.append(
                ("party_full_on", _("Chưa có ngày kết nạp Đảng (dự bị) nên chưa thể chuyển chính thức."))
            )
        else:
            months = rule("party_probation_months", 12)
            earliest = add_months(probationary, months)
            if full < earliest:
                errors.append(
                    (
                        "party_full_on",
                        _("Chuyển Đảng chính thức sau ít nhất %(months)d tháng dự bị: từ %(day)s.")
                        % {"months": months, "day": dmy(earliest)},
                    )
                )
    return errors


def citizen_id_taken(member: Model) -> bool:
    """Is this citizen ID already held by another member on the rolls?"""
    if not member.citizen_id or member.status not in CURRENT_STATUSES:
        return False
    others = member._meta.default_manager.filter(citizen_id=member.citizen_id, status__in=CURRENT_STATUSES)
    if member.pk:
        others = others.exclude(pk=member.pk)
    return others.exists()


def dues_category_errors(member: Model) -> list[tuple[str, str]]:
    """The dues category is empty (guessed from the occupation) or one of DuesCategory."""
    value = member.dues_category or ""
    if not value or value in DuesCategory.values:
        return []
    labels = ", ".join(str(label) for _value, label in DuesCategory.choices)
    return [
        (
            "dues_category",
            _("Đối tượng đóng đoàn phí «%(value)s» không hợp lệ: chọn một trong %(labels)s, hoặc để trống.")
            % {"value": value, "labels": labels},
        )
    ]


def member_rule_errors(member: Model, *, check_unique: bool = True) -> list[tuple[str, str]]:
    """The rules across fields (no field formats: the model's validators check those)."""
    errors = _date_rules(member, datetime.date.today()) + dues_category_errors(member)
    if check_unique and citizen_id_taken(member):
        # Do not name the other member: they may be outside this officer's scope.
        errors.append(
            (
                "citizen_id",
                _("Số CCCD %(id)s đã có ở một đoàn viên đang sinh hoạt (có thể ở đơn vị khác).")
                % {"id": member.citizen_id},
            )
        )
    return errors


def text_errors(member: Model) -> list[tuple[str, str]]:
    """Invisible characters left in the member's text (docs/architecture.md, "Clean text"). The forms, the
    API and the importer refuse or remove them already; this guards every other way a record is written."""
    errors = []
    for field in member._meta.concrete_fields:
        if isinstance(field, CharField | TextField) and field.name not in _NOT_VALIDATED:
            value = getattr(member, field.attname)
            found = cleantext.find(value, multiline=isinstance(field, TextField)) if value else []
            if found:
                errors.append((field.name, cleantext.message(found[0], capfirst(_label(member, field.name)))))
    return errors


def errors_of(error: ValidationError) -> list[tuple[str, str]]:
    """A ValidationError as (field, message) pairs, "__all__" for errors not about one field."""
    if hasattr(error, "error_dict"):
        return [(field, message) for field, messages in error.message_dict.items() for message in messages]
    return [(NON_FIELD_ERRORS, message) for message in error.messages]


def to_validation_error(errors: list[tuple[str, str]]) -> ValidationError:
    grouped: dict[str, list[str]] = {}
    for field, message in errors:
        if message not in grouped.setdefault(field, []):
            grouped[field].append(message)
    return ValidationError(grouped)


def _clean_value(field, kind: type, value) -> tuple[object, tuple[tuple[str, str], ...]]:
    """One field's clean() of one value: (the cleaned value, its errors). A field's clean() of a plain value
    depends on the value alone (the model's own validators, choices, lengths; `kind` keeps 1, 1.0 and True
    apart), so field_errors keeps it per field and value (_outcome). The messages are in the one language
    the project speaks (settings.LANGUAGES)."""
    try:
        return field.clean(value, None), ()
    except ValidationError as error:
        return value, tuple(errors_of(ValidationError({field.name: error.error_list})))


# Fields whose clean() does not look at the model instance: everything but relations (see _clean_value).
_PLAIN_FIELDS = (CharField, DateField, BooleanField, AutoFieldMixin)
_OUTCOMES: dict = {}  # field → {(type, value): (cleaned value, errors), or None when clean_fields skips it}


def _outcome(f, blank: bool, plain: bool, raw_value, member) -> tuple | None:
    """What clean_fields() makes of one field's value: None when it skips it (blank, or the database's
    default), else (the cleaned value, its errors)."""
    if (blank and raw_value in f.empty_values) or isinstance(raw_value, DatabaseDefault):
        return None
    if plain:
        return _clean_value(f, type(raw_value), raw_value)
    try:
        return f.clean(raw_value, member), ()
    except ValidationError as error:
        return raw_value, tuple(errors_of(ValidationError({f.name: error.error_list})))


@functools.cache
def _field_plan(model: type, exclude: frozenset, given: frozenset | None) -> tuple[tuple, ...]:
    """The fields clean_fields() looks at, worked out once per model: (field, attname, blank, plain, the
    field's kept outcomes or None for a relation). With `given` (the names a _Record was given), a field
    left at its default is looked at only if its default does not pass (the same on every record)."""

    def default_passes(f) -> bool:
        value = f.get_default()
        if f.blank and value in f.empty_values:
            return True
        return isinstance(f, _PLAIN_FIELDS) and not _clean_value(f, type(value), value)[1]

    plan = []
    for f in model._meta.fields:
        if f.name in exclude or f.generated:
            continue
        if given is not None and f.attname not in given and f.name not in given and default_passes(f):
            continue
        plain = isinstance(f, _PLAIN_FIELDS)
        plan.append((f, f.attname, f.blank, plain, _OUTCOMES.setdefault(f, {}) if plain else None))
    return tuple(plan)


def field_errors(
    member, exclude=(), model: type[Model] | None = None, given: frozenset | None = None
) -> list[tuple[str, str]]:
    """What `member.clean_fields(exclude)` finds, as (field, message) pairs, without raising; each plain
    field's clean() of each distinct value runs once (_outcome, kept per field). `member` may be a _Record
    of `model` given the values named in `given`, the others at their defaults."""
    errors: list[tuple[str, str]] = []
    values = member.__dict__
    for f, attname, blank, plain, kept in _field_plan(model or type(member), frozenset(exclude), given):
        raw_value = values[attname] if attname in values else getattr(member, attname)
        if kept is None:
            outcome = _outcome(f, blank, plain, raw_value, member)
        else:
            key = (type(raw_value), raw_value)
            try:
                outcome = kept[key]
            except KeyError:
                if len(kept) >= OUTCOMES_KEPT:
                    kept.clear()
                outcome = kept[key] = _outcome(f, blank, plain, raw_value, member)
            except TypeError:  # an unhashable value: clean it here
                outcome = _outcome(f, blank, plain, raw_value, member)
        if outcome is None:
            continue
        value, found = outcome
        if found:
            errors += found
        elif value is not raw_value:
            setattr(member, attname, value)
    return errors


def member_validate(member: Model, *, check_unique: bool = True) -> list[tuple[str, str]]:
    """Every problem with `member` as (field, message), empty when valid. Normalises the text first (NFC).

    Pass check_unique=False to check citizen IDs in bulk yourself; `citizen_id_taken` is the single-row
    check. The file importer checks plain values instead (values_validate, the same checks).
    """
    member.normalise()
    errors: list[tuple[str, str]] = text_errors(member) + field_errors(member, exclude=_NOT_VALIDATED)
    if not member.unit_id:
        errors.append(("unit", _("Hãy chọn chi đoàn của đoàn viên.")))
    errors += member_rule_errors(member, check_unique=check_unique)
    seen: set[tuple[str, str]] = set()
    return [e for e in errors if not (e in seen or seen.add(e))]


class _Record:
    """A member's values as attributes, with the model's defaults: what the checks above read, without
    building a model instance."""

    def __init__(self, model: type[Model], values: dict):
        self.__dict__.update(_defaults(model))
        self.__dict__.update(values)
        unit = values.get("unit")
        self.unit_id = unit.pk if unit is not None else values.get("unit_id")
        self._meta = model._meta


@functools.cache
def _defaults(model: type[Model]) -> dict:
    return {f.attname: f.get_default() for f in model._meta.concrete_fields if not f.is_relation}


_NORMAL_OUTCOMES: dict = {}  # field → {(type, value as given): (value as stored, its errors)}


@functools.cache
def _values_plan(model: type[Model], names: frozenset) -> tuple[tuple, ...]:
    """values_validate's fields: field_errors' plan for a _Record given `names`, each with whether its value
    is normalised first and the field's kept outcomes (None for a relation); then the normalised fields the
    plan leaves out, only normalised."""
    plan = _field_plan(model, frozenset(_NOT_VALIDATED), names | frozenset(NORMALISED_FIELDS))
    planned = {attname for _f, attname, *_rest in plan}
    return tuple(
        (
            f,
            attname,
            blank,
            plain,
            attname in NORMALISED_FIELDS,
            _NORMAL_OUTCOMES.setdefault(f, {}) if plain else None,
        )
        for f, attname, blank, plain, _kept in plan
    ) + tuple((None, name, True, False, True, None) for name in NORMALISED_FIELDS if name not in planned)


def _normal_outcome(f, name: str, blank: bool, plain: bool, normalise: bool, raw_value, record) -> tuple:
    """(the value as stored, its errors): normal_value, then what clean_fields() makes of it (_outcome)."""
    value = normal_value(name, raw_value) if normalise else raw_value
    outcome = _outcome(f, blank, plain, value, record) if f is not None else None
    if outcome is None:
        return value, ()
    cleaned, found = outcome
    return (value if found else cleaned), found


def values_validate(model: type[Model], values: dict) -> list[tuple[str, str]]:
    """What `member_validate(model(**values), check_unique=False)` finds, without building
    the instance (the file importer checks 100,000 rows). `values` are the model's keyword arguments (the
    unit as an object) and are normalised and cleaned in place, as member_validate does to the member; each
    field's normalising and clean() of each distinct value runs once (kept per field, as in field_errors)."""
    record = _Record(model, values)
    fields = record.__dict__
    errors: list[tuple[str, str]] = []
    for f, attname, blank, plain, normalise, kept in _values_plan(model, frozenset(values)):
        raw_value = fields[attname] if attname in fields else getattr(record, attname)
        if kept is None:
            outcome = _normal_outcome(f, attname, blank, plain, normalise, raw_value, record)
        else:
            key = (type(raw_value), raw_value)
            try:
                outcome = kept[key]
            except KeyError:
                if len(kept) >= OUTCOMES_KEPT:
                    kept.clear()
                outcome = kept[key] = _normal_outcome(f, attname, blank, plain, normalise, raw_value, record)
            except TypeError:  # an unhashable value: clean it here
                outcome = _normal_outcome(f, attname, blank, plain, normalise, raw_value, record)
        value, found = outcome
        if found:
            errors += found
        # The kept value came from an equal value of an earlier row: only a changed one is written.
        if value is not raw_value and (type(value) is not type(raw_value) or value != raw_value):
            fields[attname] = value
            if attname in values:
                values[attname] = value
    if not record.unit_id:
        errors.append(("unit", _("Hãy chọn chi đoàn của đoàn viên.")))
    errors += member_rule_errors(record, check_unique=False)
    seen: set[tuple[str, str]] = set()
    return [e for e in errors if not (e in seen or seen.add(e))]


def member_full_clean(member: Model) -> None:
    """Raise a ValidationError keyed by field if `member` breaks any rule (used by every service)."""
    errors = member_validate(member)
    if errors:
        raise to_validation_error(errors)
