"""WeasyPrint reads only files under the style and source folders: nothing else, no network."""


from edition.pdf import weasy as pdf
from edition.build.pipeline import STYLES


def test_outside_files_and_network_are_refused(tmp_path):
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "ok.css").write_text("p { color: red }")
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"not for the pdf")
    html = (f'<html lang="en"><head><link rel="stylesheet" href="ok.css"/>'
            f'<link rel="attachment" href="file:///etc/hostname"/></head><body>'
            f'<img src="{outside.as_uri()}"/><img src="http://example.com/x.png"/><p>text</p></body></html>')
    rendered = pdf.render(html, inside, [inside, STYLES])
    from datetime import datetime, timezone
    messages = rendered.messages + pdf.write(rendered, tmp_path / "out.pdf", "id", datetime.now(timezone.utc))
    refused = sorted(m.fields["url"] for m in messages if m.code == "p-003")
    assert refused == sorted([outside.as_uri(), "http://example.com/x.png", "file:///etc/hostname"])
    assert all(m.level == "error" for m in messages if m.code == "p-003")
    assert b"not for the pdf" not in (tmp_path / "out.pdf").read_bytes()
    assert rendered.pages == 1
