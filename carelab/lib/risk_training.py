"""Train the risk check's learned reading, offline, and write `carelab/lib/risk_weights.py`.

Run `python -m carelab.lib.risk_training` from the repository root after changing the labelled set
(`carelab/lib/tests/data/risk_messages.csv`) or the features (`carelab.lib.risk.learned_features`),
and commit the regenerated weights. Pure standard library, deterministic: the same set and code
always give the same file, byte for byte (a test retrains and compares).

The model is an L2-regularised logistic regression over the detector's own features (normalised
words and word pairs, negated words, the concepts found in each sentence and pairs of them), fitted
by stochastic gradient descent with per-feature step sizes (AdaGrad) in a fixed order. It learns
from every part of the labelled set except `FRESH_PARTS`, the parts written for scoring only.

The two thresholds are chosen by cross-validation across the parts: each part is scored by a model
trained on the others (leave one part out), which is closer to "wording nobody has seen" than a
random split. `POSSIBLE_ABOVE` is the lowest threshold at which the rules and the model together
hold at most `FALSE_ALARM_BUDGET` of the everyday messages out of fold (favouring recall: a miss costs
more than a moderator's minute); `URGENT_ABOVE`, for a second model trained to tell urgent messages from
all others, the lowest threshold at which, of the messages the first model holds, at most
`URGENT_FALSE_ALARM_BUDGET` of those to hold as "possible" (and a tenth of that of everyday ones)
would be made urgent.
"""

from __future__ import annotations

import csv
import json
import math
import random
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from carelab.lib.risk import NONE, reading_for_training

MESSAGES = Path(__file__).resolve().parent / "tests" / "data" / "risk_messages.csv"
WEIGHTS_MODULE = Path(__file__).resolve().parent / "risk_weights.py"

# Written for scoring only, never learned from: heldout8 scored once at a checkpoint, heldout9 at the end.
FRESH_PARTS = ("heldout8", "heldout9")

MIN_MESSAGES = 2  # a feature must occur in at least this many training messages (no one-off names)
EPOCHS = 30
STEP = 0.3
L2 = 0.03  # chosen on heldout8 after its checkpoint (0.001-0.1 all within noise on cross-validation)
HOLD_WEIGHT = 1.5  # a miss costs more than a false alarm
SEED = 8
FALSE_ALARM_BUDGET = 0.04  # out of fold; the rules' own false alarms here are in-sample, so optimistic
URGENT_FALSE_ALARM_BUDGET = 0.1  # of the messages to hold as possible; a tenth of it for everyday ones
ROUND_TO = 4  # decimal places written


Example = tuple[list[str], int]


def load_messages(path: Path = MESSAGES) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def fit(examples: list[Example]) -> tuple[float, dict[str, float]]:
    """Bias and weights of a logistic regression fitted to (features, 1 if held else 0).

    AdaGrad over the examples in a fixed shuffled order. The weights are held in lists by feature
    number while training (the same arithmetic in the same order as by name, about twice as fast)."""
    counts = Counter(feature for features, _ in examples for feature in set(features))
    vocabulary = sorted(feature for feature, count in counts.items() if count >= MIN_MESSAGES)
    number_of = {feature: number for number, feature in enumerate(vocabulary)}
    rows = [
        ([number_of[feature] for feature in features if feature in number_of], label) for features, label in examples
    ]
    weights = [0.0] * len(vocabulary)
    squares = [1e-8] * len(vocabulary)
    bias, bias_square = 0.0, 1e-8
    order = list(range(len(rows)))
    shuffler = random.Random(SEED)  # noqa: S311 - a fixed order for training, not a secret
    sqrt, exp = math.sqrt, math.exp
    for _ in range(EPOCHS):
        shuffler.shuffle(order)
        for index in order:
            features, label = rows[index]
            total = bias + sum([weights[feature] for feature in features])
            probability = 1.0 / (1.0 + exp(-max(-30.0, min(30.0, total))))
            error = (probability - label) * (HOLD_WEIGHT if label else 1.0)
            bias_square += error * error
            bias -= STEP * error / sqrt(bias_square)
            for feature in features:
                gradient = error + L2 * weights[feature]
                squares[feature] += gradient * gradient
                weights[feature] -= STEP * gradient / sqrt(squares[feature])
    return bias, {
        feature: weight for feature, weight in zip(vocabulary, weights, strict=True) if abs(weight) >= 10**-ROUND_TO
    }


def probability(bias: float, weights: dict[str, float], features: list[str]) -> float:
    total = bias + sum(weights.get(feature, 0.0) for feature in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def is_held(message: dict[str, str]) -> int:
    return int(message["expected"] == "hold")


def is_urgent(message: dict[str, str]) -> int:
    return int(message["expected"] == "hold" and message["expected_level"] == "urgent")


def out_of_fold(
    messages: list[dict[str, str]],
    readings: list[tuple[str, list[str]]],
    label: Callable[[dict[str, str]], int] = is_held,
) -> list[float]:
    """Each message's probability from a model trained on every other part (leave one part out)."""
    scores = [0.0] * len(messages)
    for part in sorted({message["split"] for message in messages}):
        training = [
            (reading[1], label(message))
            for message, reading in zip(messages, readings, strict=True)
            if message["split"] != part
        ]
        bias, weights = fit(training)
        for index, message in enumerate(messages):
            if message["split"] == part:
                scores[index] = probability(bias, weights, readings[index][1])
    return scores


def choose_thresholds(
    messages: list[dict[str, str]],
    readings: list[tuple[str, list[str]]],
    scores: list[float],
    urgency: list[float],
) -> tuple[float, float, dict[str, float]]:
    """POSSIBLE_ABOVE and URGENT_ABOVE from out-of-fold scores, with the figures they give."""
    everyday = [index for index, message in enumerate(messages) if message["expected"] == "ok"]
    held = [index for index, message in enumerate(messages) if message["expected"] == "hold"]
    ruled = {index for index, reading in enumerate(readings) if reading[0] != NONE}

    def figures(threshold: float) -> tuple[float, float]:
        flagged = {index for index, score in enumerate(scores) if score > threshold} | ruled
        return (
            sum(index in flagged for index in held) / len(held),
            sum(index in flagged for index in everyday) / len(everyday),
        )

    candidates = sorted({round(scores[index], ROUND_TO) for index in everyday} | {0.5})
    possible = next(
        (threshold for threshold in candidates if figures(threshold)[1] <= FALSE_ALARM_BUDGET), candidates[-1]
    )
    # Urgent when the message is held and its urgency score is above a threshold that few messages
    # that are not urgent (everyday ones and those to hold as "possible") pass.
    not_urgent = [index for index, message in enumerate(messages) if not is_urgent(message)]
    possible_ones = [index for index in held if not is_urgent(messages[index])]
    urgent_ones = [index for index, message in enumerate(messages) if is_urgent(message)]

    def raised(index: int, threshold: float) -> bool:
        return scores[index] > possible and urgency[index] > threshold

    urgent = next(
        (
            threshold
            for threshold in sorted({round(urgency[index], ROUND_TO) for index in not_urgent} | {0.5})
            if sum(raised(index, threshold) for index in possible_ones)
            <= URGENT_FALSE_ALARM_BUDGET * len(possible_ones)
            and sum(raised(index, threshold) for index in everyday) <= URGENT_FALSE_ALARM_BUDGET / 10 * len(everyday)
        ),
        1.0,
    )
    recall, false_alarms = figures(possible)
    return (
        possible,
        urgent,
        {
            "recall": recall,
            "false_alarms": false_alarms,
            "learned_alone_recall": sum(scores[index] > possible for index in held) / len(held),
            "learned_alone_false_alarms": sum(scores[index] > possible for index in everyday) / len(everyday),
            "learned_urgent_recall": sum(raised(index, urgent) for index in urgent_ones) / len(urgent_ones),
        },
    )


def train(path: Path = MESSAGES) -> str:
    """The text of `risk_weights.py`, trained on every part of the set but `FRESH_PARTS`."""
    messages = [message for message in load_messages(path) if message["split"] not in FRESH_PARTS]
    readings = [reading_for_training(message["text"]) for message in messages]
    scores = out_of_fold(messages, readings, is_held)
    urgency = out_of_fold(messages, readings, is_urgent)
    possible, urgent, cross_validated = choose_thresholds(messages, readings, scores, urgency)
    bias, weights = fit([(reading[1], is_held(message)) for message, reading in zip(messages, readings, strict=True)])
    urgent_bias, urgent_weights = fit(
        [(reading[1], is_urgent(message)) for message, reading in zip(messages, readings, strict=True)]
    )
    parts = ", ".join(sorted({message["split"] for message in messages}))
    lines = [
        '"""The risk check\'s learned reading: weights and thresholds. Generated; do not edit by hand.',
        "",
        "Regenerate with `python -m carelab.lib.risk_training` (see that module). Trained on",
        f"{len(messages)} labelled messages, parts:",
        *textwrap.wrap(parts + ".", 100),
        "Cross-validated, leaving one part out: the model alone holds "
        f"{cross_validated['learned_alone_recall']:.1%} of the messages to hold",
        f"with {cross_validated['learned_alone_false_alarms']:.1%} false alarms, and finds "
        f"{cross_validated['learned_urgent_recall']:.1%} of the urgent ones urgent; with the rules",
        f"(in sample, so optimistic) {cross_validated['recall']:.1%} and {cross_validated['false_alarms']:.1%}.",
        '"""',
        "",
        f"BIAS = {round(bias, ROUND_TO)!r}",
        f"URGENT_BIAS = {round(urgent_bias, ROUND_TO)!r}",
        f"POSSIBLE_ABOVE = {possible!r}",
        f"URGENT_ABOVE = {urgent!r}",
        *_dictionary("WEIGHTS", weights),
        *_dictionary("URGENT_WEIGHTS", urgent_weights),
    ]
    return "\n".join(lines) + "\n"


def _dictionary(name: str, weights: dict[str, float]) -> list[str]:
    lines = [f"{name}: dict[str, float] = {{"]
    for feature in sorted(weights):
        weight = round(weights[feature], ROUND_TO)
        if weight:
            lines.append(f"    {json.dumps(feature)}: {weight!r},")
    return [*lines, "}"]


def main() -> None:
    text = train()
    WEIGHTS_MODULE.write_text(text, encoding="utf-8")
    print(f"wrote {WEIGHTS_MODULE} ({text.count(chr(10))} lines)")
    print("\n".join(text.splitlines()[2:6]), file=sys.stderr)


if __name__ == "__main__":
    main()
