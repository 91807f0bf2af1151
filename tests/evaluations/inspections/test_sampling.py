"""The pure spot-check draw (evaluations.inspections.sampling): reproducible, stratified, explained."""

import random

import pytest

from evaluations.inspections import sampling
from evaluations.inspections.sampling import SamplingError, Stratum

STRATA = [
    Stratum.of("research", 3, range(100, 120), "事业部"),
    Stratum.of("organ", 2, [7, 3, 5, 9, 1], "机关"),
    Stratum.of("support", 1, [42, 43], "保障服务"),
]


def test_it_draws_the_same_sample_from_the_same_seed_and_inputs():
    assert sampling.draw(12345, STRATA) == sampling.draw(12345, STRATA)


def test_it_draws_the_same_sample_whatever_order_the_strata_come_in():
    assert sampling.draw(12345, STRATA) == sampling.draw(12345, STRATA[::-1])


def test_it_draws_the_same_sample_whatever_order_the_ids_come_in():
    shuffled = [
        Stratum.of(s.code, s.size, reversed(s.eligible), s.name) for s in STRATA
    ]
    assert sampling.draw(99, shuffled) == sampling.draw(99, STRATA)


def test_it_draws_a_different_sample_from_a_different_seed():
    draws = {str(sampling.draw(seed, STRATA)) for seed in range(20)}
    assert len(draws) > 15


def test_it_draws_exactly_the_size_of_each_stratum_from_its_own_ids():
    sample = sampling.draw(2024, STRATA)
    for stratum in STRATA:
        assert len(sample[stratum.code]) == stratum.size
        assert set(sample[stratum.code]) <= set(stratum.eligible)
        assert len(set(sample[stratum.code])) == stratum.size


def test_it_follows_the_published_algorithm():
    rng = random.Random(777)
    expected = {
        code: rng.sample(sorted(ids), n)
        for code, n, ids in sorted((s.code, s.size, s.eligible) for s in STRATA)
    }
    assert sampling.draw(777, STRATA) == expected


def test_it_refuses_a_sample_larger_than_its_stratum_naming_it():
    with pytest.raises(SamplingError) as error:
        sampling.draw(1, [Stratum.of("organ", 6, [1, 2, 3], "机关")])
    assert error.value.code == "stratum_too_small"
    assert error.value.params == {
        "code": "organ",
        "name": "机关",
        "size": 6,
        "available": 3,
    }


def test_it_allows_a_stratum_drawn_in_full():
    assert sorted(sampling.draw(5, [Stratum.of("a", 3, [3, 1, 2])])["a"]) == [1, 2, 3]


def test_it_refuses_a_draw_that_asks_for_nothing():
    with pytest.raises(SamplingError) as error:
        sampling.draw(1, [Stratum.of("a", 0, [1, 2])])
    assert error.value.code == "empty"


def test_it_refuses_a_negative_size():
    with pytest.raises(SamplingError) as error:
        sampling.draw(1, [Stratum("a", -1, (1, 2))])
    assert error.value.code == "negative"


def test_it_refuses_the_same_stratum_twice():
    with pytest.raises(SamplingError) as error:
        sampling.draw(1, [Stratum.of("a", 1, [1]), Stratum.of("a", 1, [2])])
    assert error.value.code == "duplicate_stratum"


@pytest.mark.parametrize("seed", ["0", "18446744073709551615", " 42 ", "1,000"])
def test_it_reads_a_typed_seed(seed):
    assert sampling.parse_seed(seed) == int(seed.strip().replace(",", ""))


@pytest.mark.parametrize(
    "seed", ["", "abc", "-1", "18446744073709551616", "1.5", "１２", True]
)
def test_it_refuses_a_seed_that_is_not_a_64_bit_whole_number(seed):
    with pytest.raises(SamplingError) as error:
        sampling.parse_seed(seed)
    assert error.value.code == "bad_seed"


def test_it_makes_fresh_seeds_in_range():
    seeds = {sampling.new_seed() for _ in range(10)}
    assert len(seeds) == 10
    assert all(0 <= s <= sampling.SEED_MAX for s in seeds)


def test_it_verifies_a_stored_draw():
    sample = sampling.draw(31337, STRATA)
    rule = sampling.rule_json("per_stratum", 0, STRATA)
    assert sampling.verify(31337, sampling.strata_from_rule(rule), sample)


def test_it_rejects_a_tampered_sample():
    sample = sampling.draw(31337, STRATA)
    sample["organ"] = [1, 3]
    assert not sampling.verify(31337, STRATA, sample)


def test_it_rejects_the_sample_under_another_seed():
    assert not sampling.verify(1, STRATA, sampling.draw(2, STRATA))


def test_it_round_trips_a_rule_through_json():
    rule = sampling.rule_json("per_stratum", 0, STRATA)
    assert sampling.strata_from_rule(rule) == sorted(STRATA, key=lambda s: s.code)


def test_it_fingerprints_inputs_and_result():
    rule = sampling.rule_json("per_stratum", 0, STRATA)
    sample = sampling.draw(5, STRATA)
    first = sampling.fingerprint(5, rule, sample)
    assert first == sampling.fingerprint(5, rule, sample)
    assert len(first) == 64
    assert first != sampling.fingerprint(6, rule, sample)


def test_it_shares_a_total_in_proportion_by_largest_remainder():
    assert sampling.allocate(5, {"a": 10, "b": 6, "c": 4}) == {"a": 3, "b": 1, "c": 1}


def test_it_breaks_ties_in_proportion_by_size_then_code():
    assert sampling.allocate(1, {"b": 5, "a": 5}) == {"a": 1, "b": 0}
    assert sampling.allocate(2, {"a": 1, "b": 1, "c": 1}) == {"a": 1, "b": 1, "c": 0}


def test_it_never_gives_a_stratum_more_than_it_holds():
    shares = sampling.allocate(5, {"a": 5, "b": 0})
    assert shares == {"a": 5, "b": 0}


def test_it_refuses_a_proportional_total_beyond_the_eligible_units():
    with pytest.raises(SamplingError) as error:
        sampling.allocate(9, {"a": 3, "b": 4})
    assert error.value.code == "total_too_large"
    assert error.value.params == {"total": 9, "available": 7}
