"""The worker pool (auditor/pool.py), and the engines the main process runs beside it."""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from auditor import pool
from auditor.cli import main
from auditor.config import Config
from auditor.pipeline import MAIN_PROCESS_MAX_WORKERS, _main_side, engines_for


def _square(x):
    return x * x


def _fail_on_seven(x):
    if x == 7:
        raise ValueError("seven is not allowed")
    return x


def _die_on_five(x):
    if x == 5:
        os._exit(3)
    return x


def _slowly(x):
    time.sleep(0.02)
    return x


def test_batches_cover_every_item_once_and_shrink_near_the_end():
    plan = pool.batches(1000, 2, 32)
    assert plan[0] == (0, 32) and plan[-1][1] == 1000
    assert all(a[1] == b[0] for a, b in zip(plan, plan[1:], strict=False))  # contiguous, in order
    sizes = [end - start for start, end in plan]
    assert max(sizes) == 32 and sizes[-1] == 1 and sizes == sorted(sizes, reverse=True)
    assert pool.batches(3, 2, 32) == [(0, 1), (1, 2), (2, 3)]
    assert pool.batches(0, 2, 32) == []


def test_every_result_comes_back_with_its_index():
    got = list(pool.imap_unordered(_square, list(range(200)), 2, 8))
    assert sorted(got) == [(i, i * i) for i in range(200)]


def test_an_exception_in_a_worker_is_raised_with_its_traceback():
    with pytest.raises(ValueError, match="seven is not allowed") as info:
        list(pool.imap_unordered(_fail_on_seven, list(range(40)), 2, 3))
    assert "_fail_on_seven" in str(info.value.__cause__)
    assert not multiprocessing.active_children()  # the other worker is stopped


def test_a_worker_that_dies_breaks_the_pool():
    with pytest.raises(BrokenProcessPool, match="exit code 3"):
        list(pool.imap_unordered(_die_on_five, list(range(40)), 2, 3))
    assert not multiprocessing.active_children()


def test_closing_the_results_early_stops_the_workers():
    results = pool.imap_unordered(_slowly, list(range(200)), 2, 1)
    next(results)
    results.close()
    assert not multiprocessing.active_children()



def _in_worker(x):
    time.sleep(0.002)
    return ("worker", x)


def _here(x):
    time.sleep(0.002)
    return ("main", x)


def _fail_here(x):
    raise KeyError("in the main process")


def test_the_main_process_takes_batches_too():
    got = sorted(pool.imap_unordered(_in_worker, list(range(200)), 2, 4, local=_here))
    assert [i for i, _r in got] == list(range(200)) and all(r[1] == i for i, r in got)
    assert {r[0] for _i, r in got} == {"main", "worker"}  # both did some


def test_an_exception_in_the_main_process_stops_the_workers():
    with pytest.raises(KeyError, match="in the main process"):
        list(pool.imap_unordered(_in_worker, list(range(100)), 2, 4, local=_fail_here))
    assert not multiprocessing.active_children()

class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("not picklable")


def _fail_unpicklably(x):
    if x == 3:
        raise _Unpicklable("odd")
    return x


def test_an_exception_that_does_not_pickle_still_comes_back():
    with pytest.raises(RuntimeError, match="_Unpicklable: odd"):
        list(pool.imap_unordered(_fail_unpicklably, list(range(10)), 2, 2))


# ---- the engines the main process runs --------------------------------------
def _no_model(config: Config) -> Config:
    return dataclasses.replace(config, calques=dataclasses.replace(config.calques, no_model=True))


def test_the_place_check_runs_in_the_main_process_beside_a_few_workers():
    engines = engines_for(Config(select=("AUD20", "AUD301", "AUD4")))
    assert [e.name for e in _main_side(engines, 2)] == ["places"]
    assert _main_side(engines, MAIN_PROCESS_MAX_WORKERS + 1) == []  # then the main process would hold them up


def test_nothing_runs_in_the_main_process_beside_the_model():
    """The model's threads take every core: the main process keeps out of their way."""
    assert _main_side(engines_for(Config()), 2) == []
    assert [e.name for e in _main_side(engines_for(_no_model(Config())), 2)] == ["places"]


def test_the_report_is_the_same_when_the_main_process_runs_the_place_check(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    batch = tmp_path / "batch"
    batch.mkdir()
    bodies = [
        "Shelling hit the Gregoron region near Belgorod overnight.\n\nLeave a Reply\n",
        "Troops left Gostomel and Artemovsk, officials in Kiev said.\n",
        "The governor of Kharkiv Oblast spoke in Izium and Kupiansk.\n",
        "A calm day.\n",
    ]
    for i in range(16):
        body = bodies[i % len(bodies)]
        if i % 3 == 2:
            (batch / f"a{i:02}.html").write_text("".join(f"<p>{x}</p>\n" for x in body.splitlines() if x),
                                                 encoding="utf-8")
        else:
            (batch / f"a{i:02}.txt").write_text(body, encoding="utf-8")
    # a suppression that only the place check's finding uses, and one that nothing uses
    (batch / "b-used.md").write_text("<!-- auditor: disable=AUD202 -->\nShelling hit Gostomel overnight, officials in "
                                     "Bucha said.\n", encoding="utf-8")
    (batch / "b-plain.md").write_text("Shelling hit Gostomel overnight, officials in Bucha said.\n", encoding="utf-8")
    (batch / "c-unused.md").write_text("<!-- auditor: disable=AUD404 -->\nCalm in Kyiv.\n", encoding="utf-8")
    (batch / "z-binary.txt").write_bytes(b"\x00\x01binary")
    reports = []
    for workers in ("1", "2"):
        capsys.readouterr()
        main(["check", "batch", "--no-model", "--workers", workers, "--format", "json"])
        reports.append(capsys.readouterr().out)
    assert reports[0] == reports[1]
    report = json.loads(reports[1])
    codes = {f["code"] for f in report["findings"]}
    assert {"AUD201", "AUD202", "AUD301", "AUD401"} <= codes  # places in the main process, the rest in workers
    flagged = {(f["path"], f["code"]) for f in report["findings"]}
    assert ("batch/b-plain.md", "AUD202") in flagged and ("batch/b-used.md", "AUD202") not in flagged
    assert [u["path"] for u in report["unused_suppressions"]] == ["batch/c-unused.md"]
    assert report["summary"]["not_audited"] == 1

