"""Near-duplicates: bursts by time, confirmed by how alike the pictures look."""

from __future__ import annotations

import io
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image

from media.pick_run import pick_folder


def _with_time(source: Path, target: Path, when: datetime) -> None:
    """``source`` saved as ``target`` with only an EXIF DateTimeOriginal."""
    image = Image.open(source)
    image.draft("RGB", (800, 800))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=90, exif=exif.tobytes())
    target.write_bytes(out.getvalue())


def test_the_burst_is_one_group_and_its_best_frame_is_shown(samples: Path, tmp_path: Path) -> None:
    report = pick_folder(str(samples / "photos/burst"), count=5, cache_dir=str(tmp_path / "c"))
    assert len(report.groups) == 1
    group = report.groups[0]
    assert len(group.members) == 4
    assert group.best.score.total == max(s.score.total for s in group.members)
    assert [s.key for s in report.picks] == [group.best.key]  # one pick per group


def test_the_blur_set_is_one_group_and_the_sharp_frame_wins(samples: Path, tmp_path: Path) -> None:
    report = pick_folder(str(samples / "photos/blur"), count=3, cache_dir=str(tmp_path / "c"))
    assert len(report.groups) == 1
    assert report.groups[0].best.key == "honor7x_176_S_sharp.jpg"
    assert [s.key for s in report.picks] == ["honor7x_176_S_sharp.jpg"]


def test_two_scenes_a_second_apart_stay_apart(samples: Path, tmp_path: Path) -> None:
    folder = tmp_path / "fotos"
    folder.mkdir()
    start = datetime(2026, 1, 15, 10, 0, 0)
    _with_time(samples / "photos/burst/nikon_d70s_burst_2.jpg", folder / "a.jpg", start)
    _with_time(
        samples / "photos/jpeg/samsung_sm-j327t1_orient6.jpg",
        folder / "b.jpg",
        start + timedelta(seconds=1),
    )
    report = pick_folder(str(folder), cache_dir=str(tmp_path / "c"))
    assert len(report.groups) == 2


def test_the_same_scene_a_minute_apart_joins_but_not_an_hour_apart(
    samples: Path, tmp_path: Path
) -> None:
    burst = samples / "photos/burst"
    start = datetime(2026, 1, 15, 10, 0, 0)
    for gap, groups in ((timedelta(seconds=60), 1), (timedelta(hours=1), 2)):
        folder = tmp_path / f"fotos-{int(gap.total_seconds())}"
        folder.mkdir()
        _with_time(burst / "nikon_d70s_burst_2.jpg", folder / "a.jpg", start)
        _with_time(burst / "nikon_d70s_burst_4.jpg", folder / "b.jpg", start + gap)
        report = pick_folder(str(folder), cache_dir=str(tmp_path / "c"))
        assert len(report.groups) == groups, gap
        assert all(s.when_known for s in report.shots)


def test_without_capture_times_only_look_alike_photos_join(samples: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sin-fecha"
    folder.mkdir()
    for name in ("honor7x_176_S_sharp.jpg", "honor7x_176_M_motion.jpg"):
        shutil.copy(samples / "photos/blur" / name, folder / name)
    shutil.copy(samples / "photos/jpeg/htc_desire_gps.jpg", folder / "otra.jpg")
    (folder / "otra.jpg").touch()  # same file time as the others: time says nothing here
    report = pick_folder(str(folder), cache_dir=str(tmp_path / "c"))
    sizes = sorted(len(g.members) for g in report.groups)
    assert sizes == [1, 2]
