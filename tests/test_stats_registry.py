"""The sources of figures the apps above the engine register (doanvu.stats.registry)."""

from doanvu.evaluation import stats_source
from doanvu.lib import periods
from doanvu.stats import registry, unit_stats


def test_evaluation_registers_its_source_when_django_starts():
    (source,) = [s for s in registry.registered() if s.name == "evaluation"]
    assert source.codes == stats_source.CODES
    assert source.figures is stats_source.figures
    assert {"members_evaluated", "members_good", "training_registered"} <= registry.registered_codes()


def test_registering_again_under_the_same_name_replaces_the_source(monkeypatch):
    monkeypatch.setattr(registry, "_sources", dict(registry._sources))
    monkeypatch.setattr(registry, "_codes", registry._codes)
    registry.register_source("test", codes={"a"}, figures=lambda frame, codes: {})
    registry.register_source("test", codes={"b"}, figures=lambda frame, codes: {})
    assert [s.codes for s in registry.registered() if s.name == "test"] == [frozenset({"b"})]
    assert "b" in registry.registered_codes() and "a" not in registry.registered_codes()


def test_the_engine_asks_a_source_only_when_one_of_its_codes_is_wanted(tree, monkeypatch):
    monkeypatch.setattr(registry, "_sources", dict(registry._sources))
    monkeypatch.setattr(registry, "_codes", registry._codes)
    asked = []

    def figures(frame, codes):
        asked.append(set(codes))
        return {}

    registry.register_source("test", codes={"members_evaluated"}, figures=figures)
    period = periods.parse("2025")
    unit_stats(unit=tree.grassroots_a, period=period, indicators=["members"])
    assert asked == []
    values = unit_stats(unit=tree.grassroots_a, period=period, indicators=["members_evaluated"]).values
    assert asked == [{"members_evaluated"}]
    assert values == {"members_evaluated": 0}
