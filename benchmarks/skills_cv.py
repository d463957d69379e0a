"""Cross-validate the skill suggester's weights on a labelled sentence file; print the folds.

.venv/bin/python benchmarks/skills_cv.py PATH [--folds 5] [--seed 7] [--analyzers light snowball]

For each text analyzer (stemmer) the suggester is built once and its separate evidence (label
coverage, exact phrases, TF-IDF to label + description, prior) computed once per sentence; a grid
of weights then recombines it cheaply. K folds over distinct sentences (a sentence is in one fold
only, whatever its subset): the weights with the best mean RP@5 over the subsets of the training
folds are scored on the test fold. Then leave-subset-out: tuned on one subset, scored on another.
The app and the tests never import this script.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from talentmatch.recommender import text  # noqa: E402
from talentmatch.recommender.benchmarks.evaluate import load_skill_sentences  # noqa: E402
from talentmatch.recommender.benchmarks.metrics import (  # noqa: E402
    r_precision_at_k,
    reciprocal_rank_at_k,
)
from talentmatch.recommender.skills import (  # noqa: E402
    SkillNormaliser,
    SkillSuggester,
    SuggestWeights,
    combine,
)
from talentmatch.recommender.taxonomy import shipped_taxonomy  # noqa: E402

ANALYZERS = {"light": text.terms, "snowball": text.english_terms}
GRID = {
    "coverage_power": (0.5, 1.0, 1.5, 2.0),
    "phrase": (0.0, 0.1, 0.25, 0.5),
    "document": (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0),
    "prior": (0.0, 0.025, 0.05, 0.1),
}  # coverage weight fixed at 1: only the ratios of the weights change a ranking
METRICS = ("rp@5", "rp@10", "mrr@10")


def grid() -> list[SuggestWeights]:
    names = list(GRID)
    return [
        SuggestWeights(coverage=1.0, **dict(zip(names, values, strict=True)))
        for values in itertools.product(*GRID.values())
    ]


class Evidence:
    """Every sentence's signals, stacked, so that one set of weights scores all at once."""

    def __init__(self, suggester: SkillSuggester, sentences: list[str]) -> None:
        found = [suggester.signals(sentence) for sentence in sentences]
        empty = np.zeros(len(suggester._prior), dtype=np.float32)
        self.prior = suggester._prior
        self.phrase = np.stack([f.phrase if f else empty for f in found])
        self.coverage = np.stack([f.coverage if f else empty for f in found])
        self.document = np.stack([f.document if f else empty for f in found])

    def top(self, weights: SuggestWeights, rows: np.ndarray, k: int = 10) -> np.ndarray:
        from talentmatch.recommender.skills import Signals

        scores = combine(
            Signals(self.prior, self.phrase[rows], self.coverage[rows], self.document[rows]),
            weights,
        )
        part = np.argpartition(-scores, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
        return np.take_along_axis(part, order, axis=1)


def score(top: np.ndarray, rows: np.ndarray, correct: list, subsets: list[str]) -> dict:
    """Per subset: mean RP@5, RP@10, MRR@10; plus the mean over the subsets."""
    by_subset: dict[str, dict[str, list[float]]] = {}
    for ranked, row in zip(top, rows, strict=True):
        ranked = [int(position) for position in ranked]
        values = by_subset.setdefault(subsets[row], {name: [] for name in METRICS})
        values["rp@5"].append(r_precision_at_k(ranked, correct[row], 5))
        values["rp@10"].append(r_precision_at_k(ranked, correct[row], 10))
        values["mrr@10"].append(reciprocal_rank_at_k(ranked, correct[row]))
    result = {
        subset: {name: float(np.mean(found)) for name, found in values.items()}
        for subset, values in by_subset.items()
    }
    result["mean"] = {name: float(np.mean([s[name] for s in result.values()])) for name in METRICS}
    return result


class Table:
    """RP@5 of every sentence under every weight setting of the grid, computed once."""

    def __init__(self, evidence: Evidence, correct: list, subsets: list[str]) -> None:
        self.settings = grid()
        rows = np.arange(len(correct))
        self.rp5 = np.array(
            [
                [
                    r_precision_at_k([int(p) for p in ranked], correct[row], 5)
                    for row, ranked in zip(rows, evidence.top(weights, rows), strict=True)
                ]
                for weights in self.settings
            ]
        )
        self.subsets = np.array(subsets)

    def best(self, rows: np.ndarray) -> tuple[SuggestWeights, float]:
        """The setting with the best mean over subsets of the subsets' mean RP@5 on `rows`."""
        means = [
            self.rp5[:, rows[self.subsets[rows] == subset]].mean(axis=1)
            for subset in sorted(set(self.subsets[rows]))
        ]
        value = np.mean(means, axis=0)
        at = int(np.argmax(value))  # the first of equals: the grid's order is the tie-break
        return self.settings[at], float(value[at])


def folds_of(sentences: list[str], count: int, seed: int) -> list[np.ndarray]:
    """Test rows per fold; a sentence text (in any subset) lies in exactly one fold."""
    distinct = sorted(set(sentences))
    order = np.random.default_rng(seed).permutation(len(distinct))
    fold_of = {distinct[at]: rank % count for rank, at in enumerate(order)}
    return [
        np.array([row for row, sentence in enumerate(sentences) if fold_of[sentence] == fold])
        for fold in range(count)
    ]


def describe(weights: SuggestWeights) -> str:
    return (
        f"power {weights.coverage_power:g}, phrase {weights.phrase:g}, "
        f"document {weights.document:g}, prior {weights.prior:g}"
    )


def summary(values: list[float]) -> str:
    spread = statistics.pstdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.3f} ± {spread:.3f} [{min(values):.3f}, {max(values):.3f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--analyzers", nargs="+", default=list(ANALYZERS), choices=ANALYZERS)
    arguments = parser.parse_args()

    queries = [query for query in load_skill_sentences(arguments.path) if query.correct]
    taxonomy = shipped_taxonomy()
    base = SkillNormaliser.build(taxonomy)
    index = base.index
    sentences = [query.sentence for query in queries]
    subsets = [query.subset for query in queries]
    correct = [{index[uri] for uri in query.correct if uri in index} for query in queries]
    print(f"{len(queries)} labelled sentences: {dict(Counter(subsets))}; {arguments.folds} folds")
    folds = folds_of(sentences, arguments.folds, arguments.seed)
    everything = np.arange(len(queries))
    defaults = SuggestWeights()

    for name in arguments.analyzers:
        started = time.perf_counter()
        suggester = SkillSuggester.build(
            taxonomy, base._by_key, base._popularity, analyzer=ANALYZERS[name]
        )
        evidence = Evidence(suggester, sentences)
        table = Table(evidence, correct, subsets)
        print(f"\n== analyzer {name} (built and scored in {time.perf_counter() - started:.0f} s)")
        whole = score(evidence.top(defaults, everything), everything, correct, subsets)
        print(f"current weights ({describe(defaults)}) on the whole file:")
        for subset, values in whole.items():
            print(f"  {subset:<8}" + "  ".join(f"{m} {values[m]:.3f}" for m in METRICS))

        fixed: dict[str, dict[str, list[float]]] = {}
        tuned: dict[str, dict[str, list[float]]] = {}
        overall, overall_value = table.best(everything)
        print(f"best on the whole file (no test score): {describe(overall)}: {overall_value:.3f}")
        chosen = []
        for fold, test in enumerate(folds):
            train = np.setdiff1d(everything, test)
            weights, train_value = table.best(train)
            chosen.append(weights)
            for found, used in ((fixed, defaults), (tuned, weights)):
                for subset, values in score(
                    evidence.top(used, test), test, correct, subsets
                ).items():
                    for metric, value in values.items():
                        found.setdefault(subset, {}).setdefault(metric, []).append(value)
            print(
                f"fold {fold + 1}: train RP@5 {train_value:.3f}; chosen {describe(weights)}; "
                f"test RP@5 current {fixed['mean']['rp@5'][-1]:.3f}, "
                f"tuned {tuned['mean']['rp@5'][-1]:.3f}"
            )
        for label, found in (("current weights", fixed), ("tuned on train folds", tuned)):
            print(f"{label}, test folds (mean ± std [min, max]):")
            for subset, values in found.items():
                cells = "  ".join(f"{m} {summary(values[m])}" for m in METRICS)
                print(f"  {subset:<8}{cells}")
        print("chosen weights over folds:")
        for weights, times in Counter(chosen).most_common():
            print(f"  {times} x {describe(weights)}")

        print("leave-subset-out (tuned on one subset, scored on the other):")
        names = sorted(set(subsets))
        for source in names:
            rows = np.array([row for row, subset in enumerate(subsets) if subset == source])
            weights, train_value = table.best(rows)
            for target in names:
                if target == source:
                    continue
                target_rows = np.array(
                    [row for row, subset in enumerate(subsets) if subset == target]
                )
                tuned_on = score(evidence.top(weights, target_rows), target_rows, correct, subsets)
                current = score(evidence.top(defaults, target_rows), target_rows, correct, subsets)
                print(
                    f"  tune {source} (RP@5 {train_value:.3f}; {describe(weights)}) -> "
                    f"{target}: RP@5 {tuned_on[target]['rp@5']:.3f} "
                    f"(current weights {current[target]['rp@5']:.3f})"
                )


if __name__ == "__main__":
    main()
