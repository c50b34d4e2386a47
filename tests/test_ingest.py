"""Ingest: metadata and body blocks extracted from each seed, chrome removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core.errors import IngestError
from dossier.core.model import PartialDate
from dossier.seeds import read
from dossier.seeds.pieces import MAX_TEXT
from dossier.seeds.read import decode, read_seed
from dossier.seeds.text import parse_text

from .helpers import metadata

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed(name: str):
    return read_seed(SEEDS / name, ROOT)


def texts(article, kind: str) -> list[str]:
    return [b.text for b in article.blocks if b.kind == kind]


def all_text(article) -> str:
    return "\n".join(b.text + " " + b.extra for b in article.blocks)


def test_seed_000_opinion_without_title_or_date():
    article = seed("000_1b84e7684d62385a.txt")
    assert metadata(article) == {
        "title": "La communauté internationale doit impérativement reconnaître l’ampleur et la gravité de l’alliance…",
        "slug": "la-communaute-internationale-doit-imperativement-reconnaitre",
        "date": None,  # "le 19 juin 2024" is in a photo caption: not the publication date
        "authors": ["Margus Tsahkna"],
        "outlet": "The Hill",
        "url": "https://thehill.com/opinion/5015204-russia-north-korea-alliance/",
        "genre": "opinion",
        "language": "fr",
    }
    assert any("no title line" in w for w in article.warnings)
    assert texts(article, "heading") == [
        "Un avantage tactique immédiat pour la Russie",
        "Une Corée du Nord renforcée",
        "Les implications pour l’ordre mondial",
        "Une réponse immédiate et résolue",
    ]
    assert len(texts(article, "bullet")) == 3
    assert [b.extra for b in article.blocks if b.kind == "numbered"] == ["1", "2", "3"]
    captions = [b for b in article.blocks if b.kind == "caption"]
    assert [c.extra for c in captions] == [
        "Kristina Kormilitsyna, Sputnik, Kremlin Pool Photo via AP, File",
        "Kristina Kormilitsyna, Sputnik, Kremlin Pool via AP",
    ]
    text = all_text(article)
    for chrome in ("Laisser un commentaire", "Votre adresse e-mail", "By Raffy", "Catégories", "https://"):
        assert chrome not in text
    # the line about the author is kept, as a note apart from the text
    assert texts(article, "author") == ["Margus Tsahkna est ministre des Affaires étrangères de l’Estonie."]
    assert article.blocks[-1].kind == "author"


def test_seed_001_glued_paragraphs_are_split_and_headings_found():
    article = seed("001_449effa3a6371411.txt")
    assert metadata(article) == {
        "title": "L'alliance stratégique entre la Russie et la Corée du Nord : une menace pour l'ordre mondial",
        "slug": "alliance-strategique-entre-la-russie-et-la-coree-du-nord-une",
        "date": PartialDate(2024, 11, 2),
        "authors": [],
        "outlet": None,
        "url": None,
        "genre": "news",
        "language": "fr",
    }
    assert article.date.precision == "day"
    assert texts(article, "heading") == [
        "Une alliance stratégique aux enjeux géopolitiques majeurs",
        "Le soutien militaire de la Corée du Nord à la Russie",
        "Les enjeux géopolitiques de cette alliance",
        "Les réactions de la communauté internationale",
        "Les implications à long terme de cette alliance",
    ]
    assert "Nouvelles" not in all_text(article)
    assert all(".En plus" not in t for t in texts(article, "paragraph"))
    assert any(t.startswith("En plus de ces milliers de soldats") for t in texts(article, "paragraph"))


def test_seed_002_slogan_and_footer_menu_dropped():
    article = seed("002_c509a4f1efc4622a.txt")
    assert metadata(article) == {
        "title": "L’accord de défense russo-nord-coréen, une alliance stratégiquement risquée",
        "slug": "accord-de-defense-russo-nord-coreen-une-alliance",
        "date": None,  # "Le 4 décembre 2024" opens the text: it dates an event, not the article
        "authors": [],
        "outlet": None,
        "url": None,
        "genre": "news",
        "language": "fr",
    }
    text = all_text(article)
    for chrome in ("Parce que l'info", "Le média", "Nos projets", "Nous contacter", "Nous rejoindre", "Retour en haut"):
        assert chrome not in text
    assert "Une assistance militaire mutuelle « sans délai »" in texts(article, "heading")
    assert texts(article, "paragraph")[-1].endswith("d’un ordre mondial en transition.")


def test_seed_003_section_label_quote_and_author_blurb():
    article = seed("003_f667be46968b6bc2.txt")
    assert metadata(article) == {
        "title": "Poutine renforce ses liens avec la Corée du Nord face à l’Occident",
        "slug": "poutine-renforce-ses-liens-avec-la-coree-du-nord-face-a",
        "date": None,  # "les 18 et 19 juin" are the dates of the visit
        "authors": [],
        "outlet": None,
        "url": None,
        "genre": "news",
        "language": "fr",
    }
    quotes = [b for b in article.blocks if b.kind == "quote"]
    assert len(quotes) == 1
    assert quotes[0].text.startswith("La Russie, membre permanent du Conseil de sécurité")
    assert quotes[0].extra == "Jens Stoltenberg, secrétaire général de l’OTAN"
    text = all_text(article)
    assert "ActualitésInternational" not in text
    assert "sponsoring" not in text
    assert article.blocks[0].text.startswith("Vladimir Poutine effectue une visite historique")


def test_seed_004_bbc_byline_captions_and_month_date():
    article = seed("004_22471833df0957ba.txt")
    assert metadata(article) == {
        "title": "Ce que la Corée du Nord et la Russie gagnent d’une alliance militaire",
        "slug": "ce-que-la-coree-du-nord-et-la-russie-gagnent-une-alliance",
        "date": PartialDate(2023, 9),
        "authors": ["George Wright", "Jean Mackenzie"],
        "outlet": "BBC News",
        "url": None,
        "genre": "news",
        "language": "fr",
    }
    assert article.date.precision == "month"
    assert article.date_source == "line 1"
    captions = [b for b in article.blocks if b.kind == "caption"]
    assert len(captions) == 4
    assert {c.extra for c in captions} == {"Getty Images"}
    assert captions[0].text == (
        "La Corée du Nord cherche à moins dépendre de la Chine. "
        "L’opportunité d’une nouvelle alliance avec Moscou peut aider le pays dans cette mission."
    )
    text = all_text(article)
    for chrome in ("il y a 23 minutes", "Author,", "Role,", "Crédit photo", "Légende image"):
        assert chrome not in text


def test_block_line_numbers_point_into_the_seed():
    article = seed("004_22471833df0957ba.txt")
    lines = (SEEDS / "004_22471833df0957ba.txt").read_text(encoding="utf-8").split("\n")
    for block in article.blocks:
        assert block.text in lines[block.line - 1]


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Titre\r\n\r\nLe président a parlé à la presse ce matin de la situation.\r\n".encode(), "Titre\n\nLe"),
        ("\ufeffTitre".encode("utf-8"), "Titre"),
        ("Corée".encode("cp1252"), "Corée"),
        ("« l’OTAN »".encode("cp1252"), "« l’OTAN »"),
    ],
)
def test_decode_handles_crlf_bom_and_cp1252(data, expected):
    assert decode(data, "seeds/x.txt").startswith(expected)


@pytest.mark.parametrize("data, message", [(b"", "empty file"), (b"  \n\n", "empty file"), (b"\x00\x01PK\x03", "binary")])
def test_decode_rejects_empty_and_binary_files(data, message):
    with pytest.raises(IngestError, match=message) as error:
        decode(data, "seeds/bad.txt")
    assert str(error.value).startswith("seeds/bad.txt: ")


def test_impossible_date_names_file_and_line():
    with pytest.raises(IngestError, match=r"^seeds/x.txt:2: impossible date"):
        parse_text("Un titre\n2024-13-02\nUn paragraphe assez long pour être un paragraphe de texte.", "seeds/x.txt")


def test_french_publication_date_line():
    article = parse_text(
        "Un titre d'article\nPublié le 1er mai 2024\nLe texte de l'article commence ici et continue longtemps.",
        "seeds/x.txt",
    )
    assert article.date == PartialDate(2024, 5, 1)
    assert article.title == "Un titre d'article"


def test_a_seed_too_large_is_refused_naming_it(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_SEED_BYTES", 1000)
    (tmp_path / "seeds").mkdir()
    path = tmp_path / "seeds" / "dump.txt"
    path.write_text("Un titre\n\n" + "Une phrase assez longue pour compter comme du texte. " * 40, encoding="utf-8")
    with pytest.raises(IngestError, match=r"^seeds/dump\.txt: 0\.0 MB, over the 0 MB a seed may be"):
        read_seed(path, tmp_path)


@pytest.mark.slow
def test_a_five_megabyte_seed_is_read(tmp_path):
    (tmp_path / "seeds").mkdir()
    path = tmp_path / "seeds" / "long.txt"
    paragraph = "La Russie et la Corée du Nord ont signé un traité de défense mutuelle à Pyongyang, selon Séoul. "
    path.write_text("Un très long article\n\n" + "\n\n".join([paragraph * 5] * 10_500), encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    article = read_seed(path, tmp_path)
    # Read, and cut down to the text an article may have (pieces.MAX_TEXT), in whole paragraphs but the last.
    kept = (MAX_TEXT - len("Un très long article")) // len((paragraph * 5).strip())
    assert article.title == "Un très long article" and len(article.blocks) == kept + 1
    assert sum(len(block.text) for block in article.blocks) <= MAX_TEXT
    assert any("over the 1,000,000 an article may have" in warning for warning in article.warnings)


def test_a_sentence_opening_with_a_name_is_text_not_a_byline():
    article = parse_text(
        "Séoul s'inquiète d'une coopération militaire accrue\n"
        "Le ministre sud-coréen des Affaires étrangères, Cho Tae-yul, a dénoncé mercredi la coopération militaire.\n"
        "Selon Cho Tae-yul, les soldats envoyés par Kim Jong-un combattent déjà dans la région de Koursk.\n",
        "seeds/x.txt",
    )
    assert article.authors == []
    assert [b.text[:10] for b in article.blocks] == ["Le ministr", "Selon Cho "]


def test_the_chrome_patterns_as_one_match_what_each_matches():
    """is_chrome matches a line against one alternation of its patterns (chrome._ANY_PATTERN: its branches
    grouped by first letter, those that scan the line for a word made one), not each in turn: the same
    lines, those of the sample seeds, of the pages in tests/fixtures and of the real pages of the shared
    corpus, and pieces of them."""
    import re

    from dossier.seeds import chrome

    lines = set()
    corpus = sorted((ROOT.parent / "shared" / "corpus").rglob("*.html"))
    assert len(corpus) > 20
    for path in [*sorted((ROOT / "tests" / "fixtures").rglob("*")), *sorted((ROOT / "seeds").glob("*")), *corpus]:
        if path.is_file():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = re.sub(r"<[^>]+>", " ", line).strip()[:300]
                lines.update((line, line[:20], line[:40], line[5:60]))
    matched = {line for line in lines if any(pattern.fullmatch(line) for pattern in chrome._PATTERNS)}
    assert len(lines) > 50000 and len(matched) > 300
    assert {line for line in lines if chrome._ANY_PATTERN.fullmatch(line)} == matched


def test_a_saved_page_that_is_only_an_address_is_read_without_a_python_warning(tmp_path):
    """BeautifulSoup warns, on the build's terminal, that such a text "looks like a URL"; the build says what it says itself."""
    import warnings

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "page.html").write_text("https://example.org/une-page", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_seed(seeds / "page.html", tmp_path)
    assert [str(w.message) for w in caught] == []
