"""The parse_report command: the contract's JSON Lines, and the gold score as a floor."""

from __future__ import annotations

import importlib.util
import io
import json

import pytest
from django.core.management import call_command

from reports.models import Department, Report


def run(*args: str) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    call_command("parse_report", *args, "--json", stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_it_prints_one_json_line_per_file_and_writes_nothing(shared, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    seeds = sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    lines = run(seeds[0], str(empty), seeds[1])
    assert [line["file"] for line in lines] == [seeds[0], str(empty), seeds[1]]
    assert lines[1]["error"] == "文件是空的。"
    assert lines[0]["department"]
    assert lines[0]["fiscal_year"]
    assert not Report.objects.exists()
    assert not Department.objects.exists()


def test_its_readable_output_names_the_department_and_counts(shared):
    seed = sorted((shared / "seeds").glob("*.txt"))[2]
    out = io.StringIO()
    call_command("parse_report", str(seed), stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "株洲市芦淞区科技和工业信息化局" in text
    assert "figures (" in text


def load_scorer(shared):
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seeds_and_the_real_final_account_score_at_least_097(shared, tmp_path):
    files = [*sorted((shared / "seeds").glob("*.txt")),
             shared / "corpus" / "final2024_putuo_caizhengju_dept.pdf"]
    lines = run(*map(str, files))
    assert not [line for line in lines if "error" in line]
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines))
    scorer = load_scorer(shared)
    pred = {p["file"].rsplit("/", 1)[-1].rsplit(".", 1)[0]: p for p in lines}
    gold = {p.stem: json.loads(p.read_text()) for p in (shared / "gold").glob("*.json")
            if p.stem in pred}
    scores = {name: scorer.score_report(g, pred.get(name))[1] for name, g in gold.items()}
    overall = sum(scores.values()) / len(scores)
    assert overall >= 0.97, scores
