"""The figures a demo activity reports, drawn to the size of the unit that holds it."""

from __future__ import annotations

import random

Figures = dict[str, int]


# --- figure shapes: (rng, size of the unit's sub-tree in members) → figures --------------------------


def _crowd(rng: random.Random, size: int, low: float, high: float) -> int:
    return max(3, round(max(size, 8) * rng.uniform(low, high)))


def talk(rng: random.Random, size: int) -> Figures:
    sessions = rng.randint(1, 4)
    return {
        "activities": sessions,
        "participations": sum(_crowd(rng, size, 0.4, 0.9) for _ in range(sessions)),
    }


def event(rng: random.Random, size: int) -> Figures:
    return {"activities": 1, "participations": _crowd(rng, size, 0.3, 0.8)}


def green(rng: random.Random, size: int) -> Figures:
    out = {"activities": rng.randint(1, 3)}
    out["participations"] = sum(_crowd(rng, size, 0.2, 0.5) for _ in range(out["activities"]))
    if rng.random() < 0.5:
        out["trees_planted"] = rng.randint(2, 20) * 10
    return out


def blood(rng: random.Random, size: int) -> Figures:
    donors = _crowd(rng, size, 0.06, 0.2)
    # Not everyone who comes may give (seed: "200 đoàn viên tham gia hiến máu, hiến được 114 đơn vị máu").
    return {
        "activities": 1,
        "participations": donors,
        "blood_donors": donors,
        "blood_units": max(1, round(donors * rng.uniform(0.55, 0.9))),
    }


def gifts_poor(rng: random.Random, size: int) -> Figures:
    gifts = rng.randint(2, 12) * 5
    return {
        "activities": 1,
        "participations": _crowd(rng, size, 0.1, 0.3),
        "gifts": gifts,
        "gifts_value_vnd": gifts * rng.choice([300_000, 400_000, 500_000]),
    }


def gifts_few(rng: random.Random, size: int) -> Figures:
    gifts = rng.randint(3, 15)
    return {
        "activities": 1,
        "participations": _crowd(rng, size, 0.05, 0.2),
        "gifts": gifts,
        "gifts_value_vnd": gifts * rng.choice([500_000, 700_000, 1_000_000]),
    }


def project(rng: random.Random, size: int) -> Figures:
    return {
        "youth_projects": 1,
        "participations": _crowd(rng, size, 0.15, 0.5),
        "funds_vnd": rng.randint(3, 16) * 5_000_000,
    }


def big_project(rng: random.Random, size: int) -> Figures:
    return {
        "youth_projects": 1,
        "participations": _crowd(rng, size, 0.2, 0.6),
        "funds_vnd": rng.randint(8, 25) * 10_000_000,
    }


def loans(rng: random.Random, size: int) -> Figures:
    people = rng.randint(2, 8)
    return {"activities": 1, "participations": people, "funds_vnd": people * rng.randint(2, 5) * 10_000_000}


def children_gifts(rng: random.Random, size: int) -> Figures:
    gifts = rng.randint(3, 20) * 10
    return {
        "activities": 1,
        "participations": _crowd(rng, size, 0.1, 0.3),
        "gifts": gifts,
        "gifts_value_vnd": gifts * rng.choice([50_000, 80_000, 100_000]),
        "children_reached": gifts + rng.randint(2, 20) * 10,
    }


def children_summer(rng: random.Random, size: int) -> Figures:
    sessions = rng.randint(2, 8)
    return {
        "activities": sessions,
        "participations": _crowd(rng, size, 0.1, 0.3) * 2,
        "children_reached": sessions * rng.randint(20, 60),
    }


def course(rng: random.Random, size: int) -> Figures:
    youth = max(5, round(max(size, 20) * rng.uniform(0.08, 0.2)))
    return {"activities": 1, "participations": youth, "awareness_course_youth": youth}


def inspect(rng: random.Random, size: int) -> Figures:
    return {"activities": rng.randint(2, 6)}


def exchange(rng: random.Random, size: int) -> Figures:
    return {"activities": 1, "participations": rng.randint(4, 20) * 10}


# --- the yearly programme of a grassroots unit ------------------------------------------------------
# (area, movement, title, months, shape, chance, flavours it suits or "" for all, repeats)
# Titles may use {y} (the year), {party}/{doan}/{bac}/{qk}/{tbls} (anniversary counts), {hamlet}.
