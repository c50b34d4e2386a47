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
