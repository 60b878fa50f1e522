"""Static files are linked under names carrying their content's hash and may be kept for a
year; a name whose hash is not the file's is not found (planner.static_files)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import url_for

from planner.static_files import content_hash

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_url_for_static_names_the_file_by_its_content(app):
    with app.test_request_context():
        url = url_for("static", filename="css/app.css")
    digest = content_hash(STATIC / "css" / "app.css")
    assert url == f"/static/css/app.{digest}.css"


def test_the_hashed_name_serves_the_file_for_a_year(client, app):
    with app.test_request_context():
        url = url_for("static", filename="js/app.js")
    response = client.get(url)
    assert response.status_code == 200
    assert response.data == (STATIC / "js" / "app.js").read_bytes()
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "javascript" in response.headers["Content-Type"]


def test_a_stale_or_made_up_hash_is_not_found(client):
    assert client.get("/static/css/app.00000000.css").status_code == 404


def test_the_plain_name_still_works_without_the_long_cache(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_pages_link_the_hashed_names(client):
    page = client.get("/login").get_data(as_text=True)
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert links, "the layout links its style sheets and script"
    for link in links:
        assert re.search(r"\.[0-9a-f]{8}\.(css|js)$", link), link
        assert client.get(link).status_code == 200


def test_a_changed_file_gets_a_new_name(tmp_path):
    from planner.static_files import build_manifest

    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "app.css"
    sheet.write_text("body { color: black }")
    before = build_manifest(tmp_path)["css/app.css"]
    sheet.write_text("body { color: navy }")
    after = build_manifest(tmp_path)["css/app.css"]
    assert before != after and before.startswith("css/app.") and after.endswith(".css")
