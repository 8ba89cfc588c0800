"""Kind-specific fields: which belong to which kind, which are required, gas grading."""

from __future__ import annotations

from decimal import Decimal

KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "water_leak": ("pipe_diameter_mm", "leak_location"),
    "gas_leak": ("leak_grade", "lel_percent", "lel_measured_at", "pressure_class"),
    "gps_install": ("vehicle_plate", "driver", "terminal_model"),
    "gps_repair": ("vehicle_plate", "fault_symptom", "product_model", "purchase_date"),
}
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "water_leak": ("pipe_diameter_mm",),
    "gas_leak": (),
    "gps_install": ("vehicle_plate",),
    "gps_repair": ("vehicle_plate",),
}
#: Order kinds by the names people use.
KIND_LABELS = {
    "water_leak": "Water leak",
    "gas_leak": "Gas leak",
    "gps_install": "GPS install",
    "gps_repair": "GPS repair",
}


def kind_in_words(kind: str) -> str:
    """A kind within a sentence: "a water leak", "a GPS install"."""
    first, _, rest = KIND_LABELS[kind].partition(" ")
    return f"a {first if first.isupper() else first.lower()} {rest}"


ALL_KIND_FIELDS = frozenset(f for fields in KIND_FIELDS.values() for f in fields)
SIZE_ATTRIBUTE = {"water_leak": "pipe_diameter_mm", "gas_leak": "leak_grade"}
#: Leak repairs: the kinds whose deadline follows their size class, and whose repair
#: timeliness the utility reports against its target (domain.md, "Deadlines").
LEAK_KINDS = frozenset(SIZE_ATTRIBUTE)
LEL_PLACES = ("building", "outside_wall", "confined_space", "open_air")


def suggest_gas_grade(lel_percent: Decimal, measured_at: str) -> int:
    """The grade a gas reading suggests (public gas-safety practice, see domain.md).

    Gas inside a building or at an outside wall, or 80 % LEL and more in a confined space,
    is a hazard now (grade 1); any other reading of 20 % LEL and more, or any reading in a
    confined space, is a probable future hazard (grade 2); the rest is grade 3.
    """
    if measured_at in ("building", "outside_wall") and lel_percent > 0:
        return 1
    if measured_at == "confined_space" and lel_percent >= 80:
        return 1
    if lel_percent >= 20 or measured_at == "confined_space":
        return 2
    return 3


def field_errors(kind: str, given: dict[str, object]) -> dict[str, list[str]]:
    """Errors for missing required fields and fields of another kind."""
    errors: dict[str, list[str]] = {}
    own = set(KIND_FIELDS[kind])
    for name in REQUIRED_FIELDS[kind]:
        if given.get(name) in (None, ""):
            errors[name] = [f"Required for {kind_in_words(kind)}."]
    for name in ALL_KIND_FIELDS - own:
        if given.get(name) is not None:
            errors[name] = [f"Not a field of {kind}."]
    no_reading = given.get("lel_percent") is None or given.get("lel_measured_at") is None
    if kind == "gas_leak" and given.get("leak_grade") is None and no_reading:
        errors["leak_grade"] = ["Give the grade, or a gas reading (% LEL) and where it was taken."]
    return errors
