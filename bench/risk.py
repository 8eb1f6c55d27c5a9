"""The risk check on the labelled messages: recall, false alarms and time per message.

Run on its own with `python -m bench.risk` (no database needed), or as part of `make bench`.
Like every benchmark it measures and reports; it asserts nothing. The regression guard on the
same figures is `carelab/lib/tests/test_risk.py`.

The labelled set (`carelab/lib/tests/data/risk_messages.csv`) is split (its `split` column) into
parts used in turn. `dev` was used while writing the patterns. Each held-out part was written before
a round of changes, scored once at the end of that round, and only then opened for development:
`heldout1` (recall 97.3%, false alarms 8.0% when first scored, commit 026c976), `heldout2` (71.6%,
7.3%, commit d54173c), `heldout3` (76.7%, 2.7%, commit fc03515), `heldout4` (85.0%, 5.0%, commit
2c9e56f), `round5` (86.7%, 0.0%, commit 64246ca; called `heldout` until then), `heldout5` (65.3%,
2.7%, commit fa1888b, the checkpoint of round 6), `heldout6` (72.0%, 10.7%, commit ccecf7f, the end of
round 6), `heldout7` (62.0%, 2.0%, commit 5f40e91, the end of round 7; rules only until then).
Round 8 added a learned reading (carelab/lib/risk_training.py) and wrote `heldout8` and `heldout9`
first (commit 51bb900): `heldout8` (91.4%, 5.5% at the checkpoint) was then used, with `learned_dev`.
`heldout9` (97.2%, 8.6%, commit 96c8f23, the end of round 8) is the current one, never tuned on and
never learned from: its figures are the honest estimate of how the check does on messages nobody
has seen, so the bench prints its figures but never its messages. The next round should write a
fresh part before changing anything (and add it to `FRESH_PARTS`), and only then open `heldout9`.
The bench also prints the learned reading's figures cross-validated on the parts it learns from
(each part scored by a model trained on the others).
Target from issue 8: recall at least 95% with at most 5% false alarms on the held-out part.

It also scores the set with the 13 phrases every lab used to start with (`FORMER_DEFAULT` in
carelab/labs/migrations/0003_…) passed as the lab's own phrases, since they are matched word for
word and count as urgent: the reason new labs now start with none.
"""

import csv
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from carelab.lib import risk_training  # noqa: E402
from carelab.lib.risk import NONE, assess_risk  # noqa: E402

MESSAGES = Path(__file__).resolve().parent.parent / "carelab" / "lib" / "tests" / "data" / "risk_messages.csv"


# Parts open for development, in the order they were written, and the part never tuned on.
DEVELOPMENT = (
    "dev", "heldout1", "heldout2", "heldout3", "heldout4", "round5", "heldout5", "heldout6", "heldout7",
    "learned_dev", "heldout8",
)  # fmt: skip
HELD_OUT = "heldout9"


def load_messages(path: Path = MESSAGES) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


# The former default of Lab.risk_phrases, copied so this runs without Django.
FORMER_LAB_PHRASES = (
    "kill myself", "end my life", "end it all", "suicide", "suicidal", "want to die", "better off dead",
    "self harm", "self-harm", "hurt myself", "overdose", "no reason to live", "can't go on",
)  # fmt: skip


def score(messages: list[dict[str, str]], extra_phrases: tuple[str, ...] = ()) -> dict:
    """Recall (held messages found), false-alarm rate (everyday messages held), and the misses."""
    held = [message for message in messages if message["expected"] == "hold"]
    everyday = [message for message in messages if message["expected"] == "ok"]
    missed = [message for message in held if not assess_risk(message["text"], extra_phrases).is_risk]
    false_alarms = [message for message in everyday if assess_risk(message["text"], extra_phrases).is_risk]
    urgent = [message for message in held if message["expected_level"] == "urgent"]
    urgent_found = [message for message in urgent if assess_risk(message["text"], extra_phrases).is_urgent]
    return {
        "held": len(held),
        "everyday": len(everyday),
        "recall": 1 - len(missed) / len(held) if held else 1.0,
        "false_alarm_rate": len(false_alarms) / len(everyday) if everyday else 0.0,
        "urgent_recall": len(urgent_found) / len(urgent) if urgent else 1.0,
        "missed": missed,
        "false_alarms": false_alarms,
    }


def median_microseconds(messages: list[dict[str, str]], rounds: int = 5) -> float:
    timings = []
    for _ in range(rounds):
        for message in messages:
            started = time.perf_counter()
            assess_risk(message["text"])
            timings.append((time.perf_counter() - started) * 1_000_000)
    return statistics.median(timings)


def cross_validated(messages: list[dict[str, str]]) -> None:
    """The learned reading scored on each part by a model trained on the other parts (never the fresh ones)."""
    training = [message for message in messages if message["split"] not in risk_training.FRESH_PARTS]
    readings = [risk_training.reading_for_training(message["text"]) for message in training]
    scores = risk_training.out_of_fold(training, readings, risk_training.is_held)
    urgency = risk_training.out_of_fold(training, readings, risk_training.is_urgent)
    held = [index for index, message in enumerate(training) if message["expected"] == "hold"]
    everyday = [index for index, message in enumerate(training) if message["expected"] == "ok"]
    threshold = risk_training.choose_thresholds(training, readings, scores, urgency)[0]
    for label, by_rules in (("the model alone", False), ("rules (in sample) or the model", True)):

        def flagged(index: int, by_rules: bool = by_rules) -> bool:
            return scores[index] > threshold or (by_rules and readings[index][0] != NONE)

        recall = sum(map(flagged, held)) / len(held)
        false_alarms = sum(map(flagged, everyday)) / len(everyday)
        print(f"  cross-validated, leaving one part out, {label}: recall {recall:.1%}, false alarms {false_alarms:.1%}")


def run(show_messages: bool = True) -> None:
    messages = load_messages()
    print(f"Risk check on {len(messages)} labelled messages ({MESSAGES.name})")
    print(f"{'part':<10}{'held':>6}{'everyday':>10}{'recall':>9}{'urgent found':>14}{'false alarms':>14}")
    parts = [(split, split, ()) for split in DEVELOPMENT + (HELD_OUT,)]
    parts.append((HELD_OUT, f"{HELD_OUT} + the 13 phrases labs used to start with", FORMER_LAB_PHRASES))
    for split, label, phrases in parts:
        result = score([message for message in messages if message["split"] == split], phrases)
        if phrases:
            print(label)
        print(
            f"{split if not phrases else '':<10}{result['held']:>6}{result['everyday']:>10}{result['recall']:>9.1%}"
            f"{result['urgent_recall']:>14.1%}{result['false_alarm_rate']:>14.1%}"
        )
        misses = Counter(message["category"] for message in result["missed"])
        alarms = Counter(message["category"] for message in result["false_alarms"])
        if misses:
            print("  missed by category: " + ", ".join(f"{name} {count}" for name, count in sorted(misses.items())))
        if alarms:
            print(
                "  false alarms by category: " + ", ".join(f"{name} {count}" for name, count in sorted(alarms.items()))
            )
        if show_messages and not phrases and split != HELD_OUT:
            for message in result["missed"]:
                print(f"    missed: {message['text']}")
            for message in result["false_alarms"]:
                print(f"    held:   {message['text']} -> {assess_risk(message['text']).reasons}")
    print("The learned reading on the parts it is trained on (each part scored by a model trained on the others):")
    cross_validated(messages)
    long_text = " ".join(message["text"] for message in messages)[:20_000]
    print(f"median time per message: {median_microseconds(messages):.0f} µs", end="; ")
    started = time.perf_counter()
    assess_risk(long_text * 10)
    print(f"a 200,000-character message: {(time.perf_counter() - started) * 1000:.1f} ms (reads the first 20,000)")


if __name__ == "__main__":
    run(show_messages="--quiet" not in sys.argv)
