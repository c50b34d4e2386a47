"""Annotate: mentions become wiki-links; the article file keeps its provenance and the curator's edits."""

from __future__ import annotations

import frontmatter
import pytest

from dossier.curate.annotate import annotate, article_document, link_text, stored_hash_matches, write_article

from .helpers import article, sample_matcher


@pytest.fixture
def matcher(tmp_path):
    return sample_matcher(tmp_path)


def assert_annotates(matcher, source: str, expected: str):
    spans = matcher.find(source)
    assert link_text(source, spans) == expected


@pytest.mark.parametrize(
    "source, expected",
    [
        # longest alias first, the canonical name and short forms
        ("Kim Jong Un et Kim.", "[[kim-jong-un|Kim Jong Un]] et [[kim-jong-un|Kim]]."),
        # hyphen and space variants
        ("Kim Jong-Un arrive.", "[[kim-jong-un|Kim Jong-Un]] arrive."),
        ("Kim Jong‑un arrive.", "[[kim-jong-un|Kim Jong‑un]] arrive."),
        # French elision with straight and curly apostrophes
        ("l’OTAN et d'Ukraine", "l’[[otan|OTAN]] et d'[[ukraine|Ukraine]]"),
        # an apostrophe inside a name matches either form
        (
            "le Conseil de sécurité de l’ONU et l'ONU",
            "le [[conseil-de-securite-onu|Conseil de sécurité de l’ONU]] et l'[[onu|ONU]]",
        ),
        # word boundaries: no match inside another word
        ("Kimchi, Russies, ukrainien", "Kimchi, Russies, ukrainien"),
        # case: names are proper nouns; a name written in lower case may start a sentence
        ("la russie", "la russie"),
        ("Cosmodrome de Vostochny", "[[cosmodrome-vostochny|Cosmodrome de Vostochny]]"),
        # English forms used in captions
        ("North Korea's leader", "[[coree-du-nord|North Korea]]'s leader"),
        # an event by its trigger phrase
        ("le partenariat stratégique global signé", "le [[visite-pyongyang-2024|partenariat stratégique global]] signé"),
        # an event by a date next to its place or participant
        (
            "À Hanoï, où il a rencontré Donald Trump en février 2019.",
            "À [[hanoi|Hanoï]], où il a rencontré [[donald-trump|Donald Trump]] en [[sommet-hanoi-2019|février 2019]].",
        ),
        ("Le 19 juin 2024 à Pyongyang.", "Le [[visite-pyongyang-2024|19 juin 2024]] à [[pyongyang|Pyongyang]]."),
        # ... but not a date alone, not a year alone, not another date
        ("Le 19 juin 2024, rien.", "Le 19 juin 2024, rien."),
        ("Kim et Trump en 2019.", "[[kim-jong-un|Kim]] et [[donald-trump|Trump]] en 2019."),
        ("Kim à Hanoï en mars 2019.", "[[kim-jong-un|Kim]] à [[hanoi|Hanoï]] en mars 2019."),
        # seed text is escaped, never markup
        ("<b>Kim</b> *x*", "&lt;b&gt;[[kim-jong-un|Kim]]&lt;/b&gt; \\*x\\*"),
    ],
)
def test_mentions(matcher, source, expected):
    assert_annotates(matcher, source, expected)


def test_blocks_become_markdown_and_targets_are_listed(matcher):
    body, entities, events = annotate(
        article(
            ("paragraph", "Kim rencontre Poutine."),
            ("heading", "Le rôle de l’OTAN"),
            ("bullet", "Russie"),
            ("bullet", "Ukraine"),
            ("numbered", "Un point."),
        ),
        matcher,
    )
    assert body == (
        "[[kim-jong-un|Kim]] rencontre [[vladimir-poutine|Poutine]].\n\n"
        "## Le rôle de l’[[otan|OTAN]]\n\n"
        "- [[russie|Russie]]\n- [[ukraine|Ukraine]]\n\n"
        "1. Un point.\n"
    )
    assert entities == ["kim-jong-un", "vladimir-poutine", "otan", "russie", "ukraine"]
    assert events == []


def test_a_quotation_credited_to_nobody_has_no_empty_attribution_and_credits_speak_the_article_language(matcher):
    from dossier.core.model import Block

    english = article(("paragraph", "The envoy arrived."), language="en")
    english.blocks += [Block("quote", "We will not give up on peace.", 2), Block("quote", "Enough.", 3, "Kim Jong-un"),
                       Block("caption", "The envoy in Port Albany.", 4, "Jane Doe/AP")]
    body, _, _ = annotate(english, matcher)
    assert "> We will not give up on peace.\n\n" in body and "— \n" not in body and "—  " not in body
    assert "> Enough.\n>\n> — [[kim-jong-un|Kim Jong-un]]\n> {: .attribution }" in body
    assert "*(Photo: Jane Doe/AP)*" in body
    german = article(("caption", "Der Gesandte."), language="de")
    german.blocks[0].extra = "dpa"
    assert "*(Foto: dpa)*" in annotate(german, matcher)[0]
    french = article(("caption", "L’envoyé."))
    french.blocks[0].extra = "AFP"
    assert "*(Photo : AFP)*" in annotate(french, matcher)[0]


def test_article_file_has_metadata_provenance_and_hash(matcher, tmp_path):
    source = article(("paragraph", "Kim à Pyongyang."), title="Un titre", slug="un-titre", authors=["A B"])
    status = write_article(source, matcher, tmp_path / "articles")
    assert status == "new"
    path = tmp_path / "articles" / "un-titre.md"
    post = frontmatter.load(path)
    assert post["title"] == "Un titre"
    assert post["authors"] == ["A B"]
    assert post["date"] is None and post["date_precision"] == "unknown"
    assert post["entities"] == ["kim-jong-un", "pyongyang"]
    assert post["seed"] == "seeds/test.txt" and post["seed_sha256"] == "0" * 64
    assert stored_hash_matches(path.read_text(encoding="utf-8"))
    assert post.content == "[[kim-jong-un|Kim]] à [[pyongyang|Pyongyang]]."


def test_hand_edits_are_kept_unless_forced(matcher, tmp_path):
    folder = tmp_path / "articles"
    source = article(("paragraph", "Kim à Pyongyang."))
    write_article(source, matcher, folder)
    path = folder / "titre.md"
    edited = path.read_text(encoding="utf-8").replace("title: Titre", "title: Titre corrigé")
    path.write_text(edited, encoding="utf-8")
    assert not stored_hash_matches(edited)

    source.blocks[0].text = "Kim à Pyongyang, puis à Hanoï."
    assert write_article(source, matcher, folder) == "kept"
    assert path.read_text(encoding="utf-8") == edited
    assert write_article(source, matcher, folder, force=True) == "updated"
    assert "Hanoï" in path.read_text(encoding="utf-8")


def test_unchanged_inputs_leave_the_file_alone(matcher, tmp_path):
    source = article(("paragraph", "Kim."))
    write_article(source, matcher, tmp_path)
    before = (tmp_path / "titre.md").stat().st_mtime_ns
    assert write_article(source, matcher, tmp_path) == "unchanged"
    assert (tmp_path / "titre.md").stat().st_mtime_ns == before
    assert article_document(source, matcher) == (tmp_path / "titre.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("text", "language", "linked"), [
    # after another given name, a surname names someone else: a father, a son, a sister
    ("Hori Parata at his farm, with his son Te Kaurinui Parata; Robert Parata spoke, and Parata left.", "en",
     ["Te Kaurinui Parata", "Parata", "Parata"]),
    ("Hunter Biden met President Biden and Mr Biden; yesterday Biden said so. Then Biden left.", "en",
     ["Biden", "Biden", "Biden", "Biden"]),
    ("Jill Biden and Joe Biden. Former Biden aides agreed.", "en", ["Joe Biden", "Biden"]),
    ("Le président Poutine et M. Poutine ; Mardi Poutine a parlé. Ludmila Poutine était absente.", "fr",
     ["Poutine", "Poutine", "Poutine"]),
    # German capitalises every noun: a role before the name is no given name
    ("Kremlchef Putin und Präsident Putin trafen Ludmila Putin.", "de", ["Putin", "Putin", "Putin"]),
])
def test_a_surname_after_another_given_name_is_someone_else(tmp_path, text, language, linked):
    from dossier.curate.annotate import Matcher

    from .helpers import make_registry

    registry = make_registry(tmp_path, {
        "te-kaurinui-robert-parata": {"name": "Te Kaurinui Robert Parata", "type": "person", "aliases": ["Parata", "Te Kaurinui Parata"]},
        "joe-biden": {"name": "Joe Biden", "type": "person", "aliases": ["Biden"]},
        "vladimir-poutine": {"name": "Vladimir Poutine", "type": "person", "aliases": ["Poutine", "Putin"]},
    })
    spans = Matcher(registry).find(text, language)
    assert [text[span.start:span.end] for span in spans] == linked
