"""The evaluation the issue asks for: real photos among their own degraded copies.

Every distinct real photo of the samples is written with four degraded copies
(defocus, motion blur, two stops under and over), all without metadata under shuffled
names, next to the broken sample files. Asking for as many picks as there are
originals, at least 95 % of the picks must be originals, no group may hold two
different photos, and the broken files are named problems, never picks.
"""

from __future__ import annotations

from pathlib import Path

from pick_samples import ORIGINALS, build_evaluation

from media.pick_run import pick_folder


def test_originals_win_over_their_degraded_copies(samples: Path, tmp_path: Path) -> None:
    evaluation = build_evaluation(samples, tmp_path / "evaluacion")
    report = pick_folder(str(evaluation.folder), len(ORIGINALS), cache_dir=str(tmp_path / "c"))

    picked = [evaluation.truth[s.key] for s in report.picks]
    originals = [rel for rel, what in picked if what == "original"]
    share = len(originals) / len(picked)
    print(f"\npicks: {len(picked)}, originals: {len(originals)} ({share:.1%})")
    assert len(picked) >= 0.95 * len(ORIGINALS)
    assert share >= 0.95, [p for p in picked if p[1] != "original"]

    for group in report.groups:
        photos = {evaluation.truth[s.key][0] for s in group.members}
        assert len(photos) == 1, photos  # never two different photos in a group
    assert len(report.groups) == len(ORIGINALS)  # and every photo's copies together

    problems = {p.path: p for p in report.problems}
    assert set(problems) == set(evaluation.broken)
    assert all(p.detail for p in problems.values())
    assert not {s.key for s in report.picks} & set(evaluation.broken)
