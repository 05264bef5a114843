"""The benchmark harness runs end to end on a small input, so it does not rot between the runs
that fill docs/benchmarks.md. Figures are printed, never asserted: speed is not a test."""

from __future__ import annotations

from benchmarks import pipeline, run_duckdb, run_polars, run_tocsin


def test_every_contender_runs_and_the_report_says_which_goals_are_met(tmp_path):
    data = pipeline.generate(3_000, cache=tmp_path)
    ours = run_tocsin.main(data)
    duck = run_duckdb.main(data)
    floor = run_polars.main(data)
    assert ours["records"] >= 3_000
    assert set(ours["stages"]) == {
        "parse",
        "validate",
        "dedupe+write",
        "score",
        "aggregate",
        "seal",
    }
    # The three read the same pages: the baselines skip what Tocsin quarantines, no more.
    assert 0.95 * ours["records"] <= duck["records"] <= ours["records"]
    assert 0.95 * ours["records"] <= floor["records"] <= ours["records"]
    # Targets spread over two worker processes, as nightly runs them: the same rows.
    par = run_tocsin.main(data, workers=2)
    assert (par["records"], par["workers"]) == (ours["records"], 2)
    assert set(par["stages"]) == set(ours["stages"])
    lines = pipeline.report(3_000, ours, duck, floor, None, par)
    text = "\n".join(lines)
    print(text)
    assert "Polars floor, the same work" in text
    assert "within 1.5× of the Polars floor" in text
    assert "end to end, 2 worker processes" in text


def test_writing_results_keeps_the_prose_around_them(tmp_path):
    doc = tmp_path / "benchmarks.md"
    pipeline.write_report(doc, ["old figures"])
    doc.write_text("# Title\n\n" + doc.read_text() + "\n## Reading them\n\nprose\n")
    pipeline.write_report(doc, ["new figures"])
    text = doc.read_text()
    assert text.startswith("# Title\n")
    assert "new figures" in text and "old figures" not in text
    assert text.endswith("## Reading them\n\nprose\n")
