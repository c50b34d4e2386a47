"""Fault injection (issue 23): faults put into the files of a dossier, and what a build must do with them."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("as_text", [False, True])
def test_a_control_character_in_front_matter_is_said_on_its_line(as_text):
    """Found by the faults in entity and article files: YAML's refusal of a control character named the line of
    the opening '---' and a position in the front matter alone, on a second line of the message."""
    from dossier.core import frontmatter

    # Characters of two bytes before it: libyaml counts the position in bytes.
    text = "---\nname: Kim Jong-un, dirigeant de la Corée " + "é" * 40 + "\ntype: person\nwikidata: Q\x1b56226\nnote: x\n---\nTexte.\n"
    with pytest.raises(frontmatter.FrontMatterError) as error:
        frontmatter.read(text, as_text=as_text, strict=True)
    assert (error.value.line, str(error.value)) == (4, "unacceptable character #x001b: control characters are not allowed")


def test_a_seed_replaced_by_a_link_out_of_seeds_keeps_its_article(tmp_path):
    """Found by the faults in seeds: a seed that became a link to a file outside seeds/ was refused, and its
    article, taken for an orphan, removed from content/articles/ and from the site; a seed that cannot be
    read (a FIFO, no permission) keeps its article. Now a refused link does too."""
    import shutil

    from .conftest import ROOT, run_build

    root = tmp_path / "dossier"
    shutil.copytree(ROOT / "tests" / "golden" / "dossier", root)
    assert run_build(root, "--no-propose").returncode == 0
    slug = "ce-que-la-coree-du-nord-et-la-russie-gagnent-une-alliance"
    article = root / "content" / "articles" / f"{slug}.md"
    before = article.read_bytes()
    seed = root / "seeds" / "001_bbc_alliance.txt"
    elsewhere = tmp_path / "ailleurs.txt"
    seed.rename(elsewhere)
    seed.symlink_to(elsewhere)
    result = run_build(root, "--no-propose")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (f"error: seeds/001_bbc_alliance.txt: a link to {elsewhere}, outside seeds/; not read (copy the article into seeds/ "
            f"if it is one); its article content/articles/{slug}.md is kept as it is\n") in result.stderr
    assert "removed from the site" not in result.stderr
    assert article.read_bytes() == before
    assert (root / "output" / "articles" / slug / "index.html").is_file()


@pytest.mark.parametrize("length", [256, 100_000])
def test_a_page_whose_address_is_too_long_for_a_file_is_left_out_alone(tmp_path, length):
    """Found by the faults in pages: a `Slug:` longer than a file name may be stopped the whole render
    ("File name too long"), and no page of the site was written."""
    import shutil

    from dossier.core.files import shown

    from .conftest import ROOT, run_build

    root = tmp_path / "dossier"
    shutil.copytree(ROOT / "tests" / "golden" / "dossier", root)
    (root / "content" / "pages" / "longue.md").write_text(f"Title: Une page\nSlug: {'a' * length}\n\nSon texte.\n", encoding="utf-8")
    result = run_build(root, "--no-propose")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (f"error: content/pages/longue.md:2: its address {shown('a' * length + '/index.html')} is longer than the 255 bytes "
            "a file name may have; page left out (give it a shorter Slug:)\n") in result.stderr
    assert all(len(line) < 300 for line in result.stderr.splitlines())
    assert (root / "output" / "index.html").is_file() and (root / "output" / "a-propos" / "index.html").is_file()
    assert len(list((root / "output" / "articles").glob("*/index.html"))) == 2
