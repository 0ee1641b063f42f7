"""The OpenAPI schema may not change without its committed snapshot (docs/openapi.json)."""

from __future__ import annotations

import json

from localret.core import openapi_snapshot as snap


def test_committed_snapshot_matches_the_api_schema():
    committed = snap.SNAPSHOT.read_text(encoding="utf-8") if snap.SNAPSHOT.is_file() else ""
    current = snap.render()
    if committed != current:
        summary = "\n".join(snap.diff_summary(committed, current, context_lines=20))
        raise AssertionError(
            "The OpenAPI schema changed but docs/openapi.json was not updated.\n"
            f"Run: {snap.WRITE_COMMAND}\nand commit docs/openapi.json.\n\n{summary}"
        )


def test_snapshot_holds_the_contract_endpoints():
    paths = json.loads(snap.render())["paths"]
    for path, method in [
        ("/api/v1/auth/token", "post"),
        ("/api/v1/municipalities", "get"),
        ("/api/v1/municipalities/{code}", "get"),
        ("/api/v1/municipalities/{code}/profile", "get"),
        ("/api/v1/municipalities/{code}/profile", "patch"),
    ]:
        assert method in paths[path], (method, path)


def test_check_fails_with_a_summary_and_write_fixes_it(tmp_path, capsys):
    snapshot = tmp_path / "openapi.json"
    document = json.loads(snap.render())
    removed = document["paths"].pop("/api/v1/municipalities/{code}")
    document["paths"]["/api/v1/old"] = removed
    snapshot.write_text(snap.render(document))

    assert snap.main([], snapshot=snapshot) == 1
    out = capsys.readouterr().out
    assert "+ operation added: GET /api/v1/municipalities/{code}" in out
    assert "- operation removed: GET /api/v1/old" in out
    assert snap.WRITE_COMMAND in out

    assert snap.main(["--write"], snapshot=snapshot) == 0
    assert snapshot.read_text() == snap.render()
    assert snap.main([], snapshot=snapshot) == 0
    assert "up to date" in capsys.readouterr().out


def test_missing_snapshot_is_a_difference(tmp_path, capsys):
    assert snap.main([], snapshot=tmp_path / "none.json") == 1
    assert "operation added" in capsys.readouterr().out


def test_rendering_is_stable_and_sorted():
    first, second = snap.render(), snap.render()
    assert first == second
    document = json.loads(first)
    assert list(document) == sorted(document)
    assert first.endswith("}\n") and first.startswith('{\n  "components"')
