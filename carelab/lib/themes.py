"""Suggestions for human coders: themes in texts nobody has coded, and codes for uncoded texts.

Offline and small: words are stemmed (carelab/lib/stemming.py), single words and pairs of
neighbouring words weighted by TF-IDF (sublinear term frequency, smoothed inverse document
frequency) and each text's vector scaled to length 1, so that the dot product of two texts is their
cosine similarity. Nothing is downloaded and no model is kept: every call learns from the texts it
is given. Decision 0032 records why, and the figures `make bench` measures.

- `suggest_themes` compares texts on their single words, reduced to latent dimensions (LSA) weighted
  by the squared singular values (texts are alike when they are alike to the same texts), and
  groups them by a consensus of many spherical k-means runs (k-means++ seeding). When the number of
  themes is not given it is chosen by a simplified silhouette on the plain LSA similarities. A text
  that shares no word with the others, or sits far from every theme, gets no theme (`None`). Each
  theme is labelled by the words and pairs that set it apart, with the texts nearest its centre as
  examples.
- `suggest_codes` learns from texts already coded: a text's score for a code blends its similarity
  to the centre of that code's examples with a vote of its nearest coded examples. Each code gets
  its own threshold: the score nine in ten of its own examples reach when each is left out of the
  others and scored like a new text. Below it that code is not suggested.

They are suggestions: people accept, rename, merge or ignore them. Results depend only on the texts
and the seed, never on the order in which hash tables happen to list things.
"""

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

from carelab.lib.stemming import content_words, stem

# A word (or pair) in fewer texts than this says nothing about a group (but see `_min_df`).
MIN_DOCUMENT_FREQUENCY = 2
# A word in more than this share of the texts is too common to tell them apart.
MAX_DOCUMENT_SHARE = 0.5
MAX_FEATURES = 30_000
# A text less similar than this to its nearest theme's centre gets no theme.
MIN_THEME_SIMILARITY = 0.05
KEYWORDS = 8
LABEL_WORDS = 3
EXAMPLES = 3
# When the number of themes is chosen, candidates are scored on a sample of this many texts.
SILHOUETTE_SAMPLE = 2_000
MAX_AUTO_THEMES = 30
# Texts are compared on this many latent dimensions (fewer for small sets).
LSA_DIMENSIONS = 60
# Each latent dimension is weighted by its singular value to this power. With 2, two texts are alike
# when they are alike to the same texts (the rows of the texts' similarity matrix, compared).
SINGULAR_VALUE_POWER = 2
# Runs of k-means whose groupings are combined into the themes (a consensus of them).
CONSENSUS_RUNS = 20
# Rows per block when multiplying, so memory stays flat however many texts there are.
_BLOCK_NONZEROS = 250_000


# Text to vectors


def features(text: str) -> list[str]:
    """A text's stemmed content words, and each pair of neighbouring ones ("back pain")."""
    stems = [stem(word) for word in content_words(text)]
    return stems + [f"{first} {second}" for first, second in zip(stems, stems[1:], strict=False)]


@dataclass
class _Rows:
    """Sparse rows (compressed sparse row layout), each of length 1 or empty."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_columns: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def lengths(self) -> np.ndarray:
        return np.diff(self.indptr)

    def take(self, rows: np.ndarray) -> "_Rows":
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        sizes = ends - starts
        indptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        positions = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)] or [np.zeros(0, int)])
        positions = positions.astype(np.int64)
        return _Rows(indptr, self.indices[positions], self.data[positions], self.n_columns)

    def dot(self, dense_t: np.ndarray) -> np.ndarray:
        """These rows times a dense matrix given as (n_columns, k): (n_rows, k)."""
        k = dense_t.shape[1]
        out = np.zeros((self.n_rows, k), dtype=np.float32)
        if not len(self.data):
            return out
        rows_per_block = max(1, int(_BLOCK_NONZEROS / max(1, len(self.data) / max(1, self.n_rows))))
        for first in range(0, self.n_rows, rows_per_block):
            last = min(self.n_rows, first + rows_per_block)
            start, end = self.indptr[first], self.indptr[last]
            if start == end:
                continue
            products = self.data[start:end, None] * dense_t[self.indices[start:end]]
            row_starts = self.indptr[first:last] - start
            nonempty = np.flatnonzero(np.diff(self.indptr[first : last + 1]))
            out[first + nonempty] = np.add.reduceat(products, row_starts[nonempty], axis=0)
        return out

    def columns(self, keep: np.ndarray) -> "_Rows":
        """Only the columns where `keep` is true (renumbered), each row scaled to length 1 again."""
        new_index = np.cumsum(keep) - 1
        kept = keep[self.indices]
        row_of = np.repeat(np.arange(self.n_rows), self.lengths())[kept]
        data = self.data[kept]
        norms = np.sqrt(np.bincount(row_of, weights=data.astype(np.float64) ** 2, minlength=self.n_rows))
        data = (data / norms[row_of]).astype(np.float32)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(row_of, minlength=self.n_rows))]).astype(np.int64)
        return _Rows(indptr, new_index[self.indices[kept]].astype(np.int32), data, int(keep.sum()))

    def dense_row(self, row: int) -> np.ndarray:
        vector = np.zeros(self.n_columns, dtype=np.float32)
        start, end = self.indptr[row], self.indptr[row + 1]
        vector[self.indices[start:end]] = self.data[start:end]
        return vector

    def group_sums(self, groups: np.ndarray, n_groups: int) -> np.ndarray:
        """The sum of the rows in each group (rows in group -1 left out): (n_groups, n_columns)."""
        row_of = np.repeat(np.arange(self.n_rows), self.lengths())
        group_of = groups[row_of]
        kept = group_of >= 0
        flat = group_of[kept].astype(np.int64) * self.n_columns + self.indices[kept]
        sums = np.bincount(flat, weights=self.data[kept], minlength=n_groups * self.n_columns)
        return sums.reshape(n_groups, self.n_columns).astype(np.float32)


@dataclass
class _Vectors:
    rows: _Rows
    vocabulary: list[str]
    # Texts that contain each feature, for labels.
    document_frequency: np.ndarray


def _min_df(n_texts: int) -> int:
    return MIN_DOCUMENT_FREQUENCY if n_texts >= 20 else 1


def _vectorise(featured: list[list[str]], *, min_df: int, max_share: float) -> _Vectors:
    counted = [Counter(found) for found in featured]
    document_frequency: Counter = Counter()
    for counts in counted:
        document_frequency.update(counts.keys())
    n = len(featured)
    most = max(min_df, int(max_share * n)) if n >= 10 else n
    kept = [term for term, df in document_frequency.items() if min_df <= df <= most]
    # Most frequent first, then alphabetical: the same vocabulary whatever order the texts came in.
    kept.sort(key=lambda term: (-document_frequency[term], term))
    kept = kept[:MAX_FEATURES]
    index = {term: position for position, term in enumerate(kept)}
    df = np.array([document_frequency[term] for term in kept], dtype=np.float64)
    idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
    indptr, indices, data = [0], [], []
    for counts in counted:
        row = sorted((index[term], count) for term, count in counts.items() if term in index)
        if row:
            columns = np.array([column for column, _ in row], dtype=np.int32)
            weights = (1 + np.log(np.array([count for _, count in row], dtype=np.float32))) * idf[columns]
            weights /= np.linalg.norm(weights)
            indices.append(columns)
            data.append(weights.astype(np.float32))
        indptr.append(indptr[-1] + len(row))
    rows = _Rows(
        np.array(indptr, dtype=np.int64),
        np.concatenate(indices) if indices else np.zeros(0, np.int32),
        np.concatenate(data) if data else np.zeros(0, np.float32),
        len(kept),
    )
    return _Vectors(rows, kept, df)


# Latent semantic analysis and spherical k-means


def _tdot(rows: _Rows, dense: np.ndarray) -> np.ndarray:
    """The rows transposed times a dense (n_rows, k) matrix: (n_columns, k)."""
    out = np.zeros((rows.n_columns, dense.shape[1]), dtype=np.float32)
    if not len(rows.data):
        return out
    order = np.argsort(rows.indices, kind="stable")
    row_of = np.repeat(np.arange(rows.n_rows), rows.lengths())[order]
    columns = rows.indices[order]
    starts = np.flatnonzero(np.concatenate([[True], columns[1:] != columns[:-1]]))
    step = max(1, _BLOCK_NONZEROS // max(1, dense.shape[1]) * 8)
    for first in range(0, len(starts), step):
        block = starts[first : first + step]
        end = starts[first + step] if first + step < len(starts) else len(order)
        products = rows.data[order[block[0] : end], None] * dense[row_of[block[0] : end]]
        out[columns[block]] = np.add.reduceat(products, block - block[0], axis=0)
    return out


def _orthonormal(matrix: np.ndarray) -> np.ndarray:
    """Orthonormal columns spanning the same space (by the small Gram matrix's eigenvectors, which
    costs far less than a QR factorisation of a tall matrix)."""
    tall = matrix.astype(np.float64)
    values, vectors = np.linalg.eigh(tall.T @ tall)
    keep = values > max(values.max(), 1e-30) * 1e-9
    return (tall @ (vectors[:, keep] / np.sqrt(values[keep]))).astype(np.float32)


def _embed(rows: _Rows, rank: int, rng: np.random.Generator, *, powers: Sequence[float] = (1,)) -> list[np.ndarray]:
    """Each text as `rank` numbers (a truncated SVD by Halko et al.'s randomised method, with power
    iterations), scaled to length 1: texts that use related words end up close even when they share
    few words. Texts without words stay all zero. One matrix for each of `powers`:

    with power 1 the dot products approximate the texts' cosine similarities (classic latent
    semantic analysis); with 2 they approximate the similarity of the texts' similarity profiles
    (the rows of X Xᵀ = U Σ² Uᵀ), so the strongest shared patterns count for more."""
    rank = max(1, min(rank, rows.n_rows - 1, rows.n_columns))
    probe = rng.standard_normal((rows.n_columns, rank + 10)).astype(np.float32)
    basis = _orthonormal(rows.dot(probe))
    for _ in range(3):
        back = _orthonormal(_tdot(rows, basis))
        basis = _orthonormal(rows.dot(back))
    small = _tdot(rows, basis).T  # (rank + 10, n_columns)
    left, values, _ = np.linalg.svd(small, full_matrices=False)
    directions = basis @ left[:, :rank]
    return [_normalised((directions * values[:rank] ** power).astype(np.float32)) for power in powers]


def _normalised(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def _seed_centres(pool: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ for cosine distance: each new centre is a text far from those chosen so far."""
    centres = np.zeros((k, pool.shape[1]), dtype=np.float32)
    centres[0] = pool[rng.integers(len(pool))]
    best = pool @ centres[0]
    for index in range(1, k):
        distance = np.clip(1 - best, 0, None).astype(np.float64) ** 2
        total = distance.sum()
        chosen = rng.choice(len(pool), p=distance / total) if total > 0 else index % len(pool)
        centres[index] = pool[chosen]
        best = np.maximum(best, pool @ centres[index])
    return centres


@dataclass
class _Clustering:
    labels: np.ndarray
    similarity: np.ndarray  # each text's similarity to its centre
    centres: np.ndarray
    objective: float


def _kmeans(
    points: np.ndarray, k: int, rng: np.random.Generator, *, starts: int, max_iterations: int = 50
) -> _Clustering:
    """Spherical k-means on rows of length 1 (all-zero rows get label -1); the best of `starts` runs."""
    usable = np.flatnonzero(np.linalg.norm(points, axis=1) > 0)
    pool = points[usable]
    groups = np.arange(k)[:, None]
    best: _Clustering | None = None
    for _ in range(starts):
        centres = _seed_centres(pool, k, rng)
        labels = np.full(len(pool), -1)
        for _ in range(max_iterations):
            similarity = pool @ centres.T
            new_labels = similarity.argmax(axis=1)
            if np.array_equal(new_labels, labels):
                break
            labels = new_labels
            sums = (labels == groups).astype(np.float32) @ pool
            sizes = np.bincount(labels, minlength=k)
            if (sizes == 0).any():
                fit = similarity[np.arange(len(pool)), labels]
                for empty in np.flatnonzero(sizes == 0):
                    # An empty theme restarts at the text that fits its own theme worst.
                    worst = int(np.argmin(fit))
                    sums[empty] = pool[worst]
                    fit[worst] = np.inf
            centres = _normalised(sums)
        similarity = pool @ centres.T
        found_labels = similarity.argmax(axis=1)
        fit = similarity[np.arange(len(pool)), found_labels]
        objective = float(fit.sum())
        if best is None or objective > best.objective:
            all_labels = np.full(len(points), -1)
            all_labels[usable] = found_labels
            all_fit = np.zeros(len(points), dtype=similarity.dtype)
            all_fit[usable] = fit
            best = _Clustering(all_labels, all_fit, centres, objective)
    assert best is not None
    return best


def _consensus(points: np.ndarray, k: int, rng: np.random.Generator, *, runs: int) -> _Clustering:
    """Themes that many k-means runs agree on: each text is described by the group it fell in at each
    of `runs` single-start runs (a row of ones, one per run), and those rows are grouped by spherical
    k-means in turn (Strehl and Ghosh's cluster ensembles, by the co-association of texts: the dot
    product of two rows counts the runs that put them together). Centres and similarities are then
    taken in the original space, for labels, examples and the distance test."""
    found = [_kmeans(points, k, rng, starts=1) for _ in range(runs)]
    membership = np.zeros((len(points), runs * k), dtype=np.float32)
    for run, clustering in enumerate(found):
        placed = np.flatnonzero(clustering.labels >= 0)
        membership[placed, run * k + clustering.labels[placed]] = 1
    labels = _kmeans(_normalised(membership), k, rng, starts=5).labels
    placed = labels >= 0
    sums = np.zeros((k, points.shape[1]), dtype=np.float32)
    np.add.at(sums, labels[placed], points[placed])
    centres = _normalised(sums)
    similarity = points @ centres.T
    fit = np.where(placed, similarity[np.arange(len(points)), np.maximum(labels, 0)], 0)
    return _Clustering(labels, fit, centres, float(fit.sum()))


def _dense(rows: _Rows) -> np.ndarray:
    return np.stack([rows.dense_row(row) for row in range(rows.n_rows)]) if rows.n_rows else np.zeros((0, 0))


def simplified_silhouette(similarity_to_centres: np.ndarray, labels: np.ndarray) -> float:
    """Mean over texts of (b - a) / max(a, b), where a is the cosine distance to the text's own
    centre and b to the nearest other centre (Hruschka et al.'s simplified silhouette)."""
    used = labels >= 0
    if used.sum() == 0 or similarity_to_centres.shape[1] < 2:
        return -1.0
    distances = 1 - similarity_to_centres[used].astype(np.float64)
    own = labels[used]
    a = distances[np.arange(len(own)), own]
    distances[np.arange(len(own)), own] = np.inf
    b = distances.min(axis=1)
    scale = np.maximum(a, b)
    return float(np.mean(np.divide(b - a, scale, out=np.zeros_like(a), where=scale > 0)))


def _choose_theme_count(points: np.ndarray, usable: np.ndarray, rng: np.random.Generator) -> int:
    sample = usable if len(usable) <= SILHOUETTE_SAMPLE else np.sort(rng.choice(usable, SILHOUETTE_SAMPLE, False))
    sampled = points[sample]
    most = min(MAX_AUTO_THEMES, max(2, int(math.sqrt(len(usable) / 2))), len(usable) - 1)
    if most < 2:
        return 1
    scores = {}
    for k in range(2, most + 1):
        clustering = _kmeans(sampled, k, rng, starts=2)
        scores[k] = simplified_silhouette(sampled @ clustering.centres.T, clustering.labels)
    return max(scores, key=lambda k: (round(scores[k], 3), k))


# Themes


@dataclass(frozen=True)
class SuggestedTheme:
    """One suggested theme: a label to start from, the words behind it and texts that show it."""

    label: str
    keywords: tuple[str, ...]
    examples: tuple[str, ...]
    example_indexes: tuple[int, ...]
    size: int


@dataclass(frozen=True)
class ThemeSuggestions:
    """`assignments[i]` is the index in `themes` of text i's theme, or None where none fits."""

    assignments: list[int | None]
    themes: list[SuggestedTheme] = field(default_factory=list)


def _readable(term: str, forms: dict[str, str]) -> str:
    return " ".join(forms.get(part, part) for part in term.split(" "))


def _surface_forms(texts: Sequence[str]) -> dict[str, str]:
    counts: dict[str, Counter] = {}
    for text in texts:
        for word in content_words(text):
            counts.setdefault(stem(word), Counter())[word] += 1
    # The commonest spelling; alphabetical among equals, so the order of the texts does not matter.
    return {key: min(counter.items(), key=lambda item: (-item[1], item[0]))[0] for key, counter in counts.items()}


def _keywords(vectors: _Vectors, members: np.ndarray, n: int) -> list[str]:
    """Terms most over-represented among the members: share of members using the term times the
    log of how much more often they use it than everyone does."""
    member_rows = vectors.rows.take(members)
    inside = np.bincount(member_rows.indices, minlength=vectors.rows.n_columns).astype(np.float64)
    share_in = inside / max(1, len(members))
    share_all = vectors.document_frequency / max(1, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(inside > 0, share_in * np.log(share_in / share_all), 0.0)
    # A word only one text used says little about a theme, and may be a name: never a label.
    enough = inside >= 2
    order = sorted(np.flatnonzero(enough & (score > 0)), key=lambda i: (-score[i], vectors.vocabulary[i]))
    chosen: list[str] = []
    for position in order:
        term = vectors.vocabulary[position]
        parts = set(term.split(" "))
        # Not "back pain" after "back" and "pain", nor "pain" after "back pain".
        taken = {part for other in chosen for part in other.split(" ")}
        if parts <= taken or (len(parts) == 1 and term in taken):
            continue
        chosen.append(term)
        if len(chosen) >= KEYWORDS:
            break
    return chosen[:KEYWORDS]


def suggest_themes(texts: Sequence[str], *, n_themes: int | None = None, seed: int = 0) -> ThemeSuggestions:
    """Group texts into themes for a person to review.

    `n_themes` fixes the number of themes (fewer come back when the texts cannot make that many);
    without it, the number is chosen between 2 and about √(n/2) (at most 30) by the simplified
    silhouette. The same texts and seed always give the same themes.
    """
    texts = list(texts)
    if n_themes is not None and n_themes < 1:
        raise ValueError("n_themes must be at least 1")
    vectors = _vectorise([features(text) for text in texts], min_df=_min_df(len(texts)), max_share=MAX_DOCUMENT_SHARE)
    rows = vectors.rows
    usable = np.flatnonzero(rows.lengths())
    if len(usable) == 0:
        return ThemeSuggestions([None] * len(texts), [])
    rng = np.random.default_rng(seed)
    # Texts are grouped on single words (pairs, in few texts each, add more noise than meaning);
    # the pairs still serve as labels.
    single = np.array([" " not in term for term in vectors.vocabulary], dtype=bool)
    words = rows.columns(single)
    if not np.all(words.lengths()[usable]):
        # A text whose only counted words come in pairs: keep the pairs rather than lose the text.
        words = rows
    if len(usable) > 2:
        similar, points = _embed(words, LSA_DIMENSIONS, rng, powers=(1, SINGULAR_VALUE_POWER))
    else:
        similar = points = _dense(words)
    # The number of themes is chosen on the texts' own similarities (power 1): weighted towards the
    # strongest patterns, as `points` are, the silhouette would nearly always prefer two themes.
    k = n_themes if n_themes is not None else _choose_theme_count(similar, usable, rng)
    distinct = len({tuple(np.round(points[i], 4)) for i in usable[:10_000]})
    k = max(1, min(k, len(usable), distinct))
    if k >= 2 and len(usable) >= 50:
        clustering = _consensus(points, k, rng, runs=CONSENSUS_RUNS)
    else:
        clustering = _kmeans(points, k, rng, starts=3)
    labels = clustering.labels.copy()
    labels[(labels >= 0) & (clustering.similarity < MIN_THEME_SIMILARITY)] = -1
    # Themes of one text are not themes.
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    if len(usable) >= 4:
        labels[(labels >= 0) & (sizes[np.maximum(labels, 0)] < 2)] = -1
        sizes = np.bincount(labels[labels >= 0], minlength=k)
    # Largest theme first; ties by the first text in each.
    first_member = {int(label): int(np.argmax(labels == label)) for label in np.flatnonzero(sizes)}
    order = sorted(first_member, key=lambda label: (-sizes[label], first_member[label]))
    forms = _surface_forms(texts)
    themes, renumber = [], {}
    for new, old in enumerate(order):
        renumber[old] = new
        members = np.flatnonzero(labels == old)
        nearest = members[np.lexsort((members, -clustering.similarity[members]))][:EXAMPLES]
        keywords = [_readable(term, forms) for term in _keywords(vectors, members, len(texts))]
        label = ", ".join(keywords[:LABEL_WORDS]) or f"Theme {new + 1}"
        themes.append(
            SuggestedTheme(
                label=label,
                keywords=tuple(keywords),
                examples=tuple(texts[i] for i in nearest),
                example_indexes=tuple(int(i) for i in nearest),
                size=len(members),
            )
        )
    assignments = [renumber[int(label)] if label >= 0 else None for label in labels]
    return ThemeSuggestions(assignments, themes)


# Codes


class CodeSuggestion(tuple):
    """A `(code, score)` pair, best first in its list; `.examples` are the indexes (into the
    `examples` given to `suggest_codes`) of the coded texts the suggestion comes from."""

    examples: tuple[int, ...]

    def __new__(cls, code: Hashable, score: float, examples: tuple[int, ...] = ()):
        pair = super().__new__(cls, (code, score))
        pair.examples = examples
        return pair

    @property
    def code(self) -> Hashable:
        return self[0]

    @property
    def score(self) -> float:
        return self[1]


NEIGHBOURS = 10
CENTRE_WEIGHT = 0.8
# A code is suggested for a text that scores as well as this share of the code's own examples do.
KEPT_SHARE = 0.9
# A code needs this many examples for a threshold of its own; with fewer, all codes' examples set it.
OWN_THRESHOLD_EXAMPLES = 3
# Below this no code is suggested, whatever its own threshold.
MIN_CODE_SCORE = 0.02


def _scores(similarity: np.ndarray, centre_similarity: np.ndarray, has_code: np.ndarray, k: int) -> np.ndarray:
    """Blend of the similarity to each code's centre and the similarity-weighted vote of the k
    nearest examples (the sum of their similarities for the code, over k)."""
    if similarity.shape[1] == 0:
        return np.zeros_like(centre_similarity)
    k = min(k, similarity.shape[1])
    nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    weights = np.clip(np.take_along_axis(similarity, nearest, axis=1), 0, None)
    vote = np.einsum("nk,nkc->nc", weights, has_code[nearest].astype(np.float32)) / k
    return CENTRE_WEIGHT * centre_similarity + (1 - CENTRE_WEIGHT) * vote


def _threshold(scores: np.ndarray, positive: np.ndarray) -> float:
    """The score that KEPT_SHARE of the code's own examples reach when each is left out in turn."""
    return float(np.quantile(scores[positive], 1 - KEPT_SHARE)) if positive.any() else math.inf


def suggest_codes(
    examples: Sequence[tuple[str, Sequence[Hashable]]], texts: Sequence[str], *, neighbours: int = NEIGHBOURS
) -> list[list[CodeSuggestion]]:
    """For each text, the codes its coded look-alikes suggest, as `(code, score)` best first.

    `examples` are `(text, codes)` pairs: texts people coded, with the codes they gave. A list is
    empty where no code is likely. Scores run from 0 to 1 and are comparable within a list.
    """
    texts = list(texts)
    if not texts:
        return []
    codes = sorted({code for _, given in examples for code in given}, key=lambda code: (str(type(code)), str(code)))
    if not codes:
        return [[] for _ in texts]
    code_index = {code: position for position, code in enumerate(codes)}
    example_texts = [text for text, _ in examples]
    every = example_texts + texts
    vectors = _vectorise([features(text) for text in every], min_df=1, max_share=1.0)
    rows = vectors.rows
    m = len(example_texts)
    has_code = np.zeros((m, len(codes)), dtype=bool)
    for row, (_, given) in enumerate(examples):
        for code in given:
            has_code[row, code_index[code]] = True
    example_rows = rows.take(np.arange(m))
    text_rows = rows.take(np.arange(m, len(every)))
    # Dense only over the words the examples use: no other word can make two texts alike here.
    used = np.unique(example_rows.indices)
    remap = np.full(rows.n_columns, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    dense_examples = np.zeros((m, len(used)), dtype=np.float32)
    for row in range(m):
        start, end = example_rows.indptr[row], example_rows.indptr[row + 1]
        dense_examples[row, remap[example_rows.indices[start:end]]] = example_rows.data[start:end]

    def restricted(part: _Rows) -> _Rows:
        keep = remap[part.indices] >= 0
        row_of = np.repeat(np.arange(part.n_rows), part.lengths())
        kept_per_row = np.bincount(row_of[keep], minlength=part.n_rows)
        indptr = np.concatenate([[0], np.cumsum(kept_per_row)]).astype(np.int64)
        return _Rows(indptr, remap[part.indices[keep]], part.data[keep], len(used))

    sums = dense_examples.T @ has_code.astype(np.float32)  # (words, codes)
    centres = _normalised(sums.T).T

    # Each code's threshold, from the examples scored as if each had been left out.
    self_similarity = dense_examples @ dense_examples.T
    np.fill_diagonal(self_similarity, -np.inf)
    norms = np.linalg.norm(sums, axis=0)
    raw = dense_examples @ sums  # (examples, codes)
    own = np.einsum("mw,mw->m", dense_examples, dense_examples)[:, None] * has_code
    left_out = np.sqrt(np.clip(norms[None, :] ** 2 - 2 * raw * has_code + own, 0, None))
    loo_centre = np.divide(raw - own, left_out, out=np.zeros_like(raw), where=left_out > 1e-6)
    loo = _scores(self_similarity, loo_centre, has_code, neighbours) if m > 1 else np.zeros_like(raw)
    pooled = _threshold(loo.ravel(), has_code.ravel())
    thresholds = np.array(
        [
            max(
                MIN_CODE_SCORE,
                _threshold(loo[:, c], has_code[:, c]) if has_code[:, c].sum() >= OWN_THRESHOLD_EXAMPLES else pooled,
            )
            for c in range(len(codes))
        ]
    )

    suggestions: list[list[CodeSuggestion]] = []
    text_rows = restricted(text_rows)
    with_code = [np.flatnonzero(has_code[:, c]) for c in range(len(codes))]
    block = 1024
    for first in range(0, text_rows.n_rows, block):
        part = text_rows.take(np.arange(first, min(text_rows.n_rows, first + block)))
        similarity = part.dot(dense_examples.T)  # (texts, examples)
        scores = _scores(similarity, part.dot(centres), has_code, neighbours)
        scores[part.lengths() == 0] = 0
        likely = scores >= thresholds
        # For each code, its examples most like each text: where its suggestions come from.
        nearest = {}
        for c in np.flatnonzero(likely.any(axis=0)):
            among = similarity[:, with_code[c]]
            take = min(EXAMPLES, among.shape[1])
            best = np.argpartition(-among, take - 1, axis=1)[:, :take]
            best_similarity = np.take_along_axis(among, best, axis=1)
            ordered = np.take_along_axis(best, np.lexsort((best, -best_similarity), axis=1), axis=1)
            nearest[c] = with_code[c][ordered]
        for row in range(part.n_rows):
            found = [
                CodeSuggestion(codes[c], round(float(scores[row, c]), 4), tuple(int(i) for i in nearest[c][row]))
                for c in np.flatnonzero(likely[row])
            ]
            found.sort(key=lambda suggestion: (-suggestion.score, code_index[suggestion.code]))
            suggestions.append(found)
    return suggestions
