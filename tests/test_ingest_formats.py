"""Ingest of the other seed formats: Markdown with front matter, saved web pages, odd encodings, unsafe titles."""

from __future__ import annotations

import codecs
import os
import random
import re
import shutil
from pathlib import Path

import pytest

from dossier.core.errors import IngestError
from dossier.core.model import PartialDate
from dossier.seeds.html import parse_html
from dossier.seeds.markdown import parse_markdown
from dossier.seeds.read import decode, read_seed
from dossier.seeds.text import parse_text

from .helpers import metadata

ROOT = Path(__file__).resolve().parent.parent
LONG = "Un texte assez long pour être un vrai paragraphe de l'article, avec sa ponctuation."


def seed(tmp_path: Path, name: str, content: str | bytes):
    """Write `content` to tmp_path/seeds/NAME and read it as the build does."""
    path = tmp_path / "seeds" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_seed(path, tmp_path)


def blocks(article) -> list[tuple]:
    return [(b.kind, b.text, b.line, b.extra) for b in article.blocks]


# --- Markdown ------------------------------------------------------------------------------

FRONT_MATTER_FULL = """\
---
title: "L’alliance russo-nord-coréenne"
date: 2024-11-02
authors:
  - Jeanne Martin
  - Paul Durand
source: Le Quotidien
url: https://www.lequotidien.example/monde/alliance
genre: opinion
language: en
tags: [russie, corée]
---

# L’alliance russo-nord-coréenne

Le traité signé à Pyongyang engage les deux pays à se porter
assistance **sans délai** en cas d’[agression](https://example.org/a).

## Ce que dit le texte

- Une assistance militaire
* Une coopération économique

1. Premier point
2) Second point

> « C’est un document révolutionnaire. »
> — Vladimir Poutine

Ce traité inquiète les capitales occidentales, à commencer par Séoul et Tokyo.
"""


def test_markdown_front_matter_gives_the_metadata_and_markdown_the_blocks(tmp_path):
    article = seed(tmp_path, "front-matter-full.md", FRONT_MATTER_FULL)
    assert metadata(article) == {
        "title": "L’alliance russo-nord-coréenne",
        "slug": "alliance-russo-nord-coreenne",
        "date": PartialDate(2024, 11, 2),
        "authors": ["Jeanne Martin", "Paul Durand"],
        "outlet": "Le Quotidien",
        "url": "https://www.lequotidien.example/monde/alliance",
        "genre": "opinion",
        "language": "en",
    }
    assert article.date_source == "front matter, line 3"
    assert article.warnings == [
        "seeds/front-matter-full.md:11: unknown front-matter key 'tags' ignored"
        " (known keys: authors, date, genre, language, source, title, url)"
    ]
    assert blocks(article) == [
        # the "# " line repeats the title: not a block; the wrapped paragraph is one block, markup gone
        ("paragraph", "Le traité signé à Pyongyang engage les deux pays à se porter assistance sans délai"
         " en cas d’agression.", 16, ""),
        ("heading", "Ce que dit le texte", 19, ""),
        ("bullet", "Une assistance militaire", 21, ""),
        ("bullet", "Une coopération économique", 22, ""),
        ("numbered", "Premier point", 24, "1"),
        ("numbered", "Second point", 25, "2"),
        ("quote", "« C’est un document révolutionnaire. »", 27, "Vladimir Poutine"),
        ("paragraph", "Ce traité inquiète les capitales occidentales, à commencer par Séoul et Tokyo.", 30, ""),
    ]
    assert len(article.seed_sha256) == 64


def test_markdown_front_matter_overrides_what_the_heuristics_find(tmp_path):
    article = seed(tmp_path, "front-matter-wins.md", f"""\
---
title: Le vrai titre
authors: Jeanne Martin et Paul Durand
date: 2024-06
source: Le Quotidien
---
Un titre trouvé dans le texte
Par Quelqu'un d'Autre
2 novembre 2024
https://www.bbc.com/afrique/article
Catégories : Opinion

{LONG}
""")
    assert metadata(article) == {
        "title": "Le vrai titre",
        "slug": "le-vrai-titre",
        "date": PartialDate(2024, 6),  # the front matter's month, not the date line's day
        "authors": ["Jeanne Martin", "Paul Durand"],  # a string is split like a byline
        "outlet": "Le Quotidien",  # not "BBC News" from the address
        "url": "https://www.bbc.com/afrique/article",  # not in the front matter: the heuristics' find stays
        "genre": "opinion",  # not in the front matter: the "Catégories" line decides
        "language": "fr",
    }
    assert article.date.precision == "month"
    assert article.date_source == "front matter, line 4"
    # The title is known, so the curator's other short line above the text stays: as a heading,
    # since this body marks none with "#" and the line is short, unpunctuated and followed by text.
    assert blocks(article) == [
        ("heading", "Un titre trouvé dans le texte", 7, ""),
        ("paragraph", LONG, 13, ""),
    ]
    assert article.warnings == []


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024", PartialDate(2024)),
        ("2024-06", PartialDate(2024, 6)),
        ("2024-06-19", PartialDate(2024, 6, 19)),
        ("'2024-06-19'", PartialDate(2024, 6, 19)),
        ("1er mai 2024", PartialDate(2024, 5, 1)),
        ("juin 2024", PartialDate(2024, 6)),
    ],
)
def test_markdown_date_keeps_its_precision(tmp_path, value, expected):
    article = seed(tmp_path, "date-precision.md", f"---\ntitle: Titre\ndate: {value}\n---\n{LONG}\n")
    assert article.date == expected
    assert article.date.precision == expected.precision


@pytest.mark.parametrize(
    "value, problem",
    [
        ("2024-13-02", "'2024-13-02' is not a valid date (month 13 is not between 1 and 12)"),
        ("31 février 2024", "'31 février 2024' is not a valid date (day is out of range for month)"),
        ("2024-02-30", "'2024-02-30' is not a valid date (day is out of range for month)"),
        ("le mois dernier", "'le mois dernier' is not a valid date ("),
        ("[2024]", "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), found a list"),
    ],
)
def test_markdown_impossible_date_names_file_line_and_field(tmp_path, value, problem):
    with pytest.raises(IngestError) as error:
        seed(tmp_path, "impossible-date.md", f"---\ntitle: Titre\ndate: {value}\n---\n{LONG}\n")
    assert str(error.value).startswith(f"seeds/impossible-date.md:3: field 'date': {problem}")


# libyaml's words (PyYAML's wheels carry it); PyYAML's own scanner, where libyaml is missing, says the same in its words.
@pytest.mark.parametrize(
    "front_matter, lines, problems",
    [
        ("title: Titre\nauthors: [Jeanne Martin]\nsource: Le Monde: édition\n", (4,),
         ("mapping values are not allowed in this context", "mapping values are not allowed here")),
        ("title: Titre\n\tgenre: news\n", (3,),
         ("found a tab character that violates indentation", "found character '\\t' that cannot start any token")),
        ("title: Titre\nauthors: [Jeanne Martin, Paul Durand\n", (3, 4),
         ("did not find expected ',' or ']'", "expected ',' or ']', but got '<stream end>'")),
        ('title: "Titre\n', (2,), ("found unexpected end of stream",)),
    ],
)
def test_markdown_yaml_syntax_error_names_the_line_in_the_seed(tmp_path, front_matter, lines, problems):
    with pytest.raises(IngestError) as error:
        seed(tmp_path, "broken-yaml.md", f"---\n{front_matter}---\n{LONG}\n")
    assert str(error.value) in {f"seeds/broken-yaml.md:{line}: invalid front matter: {problem}" for line in lines for problem in problems}


@pytest.mark.parametrize(
    "text, message",
    [
        ("---\ntitle: Titre\n" + LONG + "\n", "seeds/bad-field.md:1: invalid front matter: the opening '---' has no closing '---' line"),
        ("---\n- Titre\n- 2024\n---\n", "seeds/bad-field.md:2: invalid front matter: expected 'key: value' lines, found a list"),
        ("---\ntitle: A\ndate: 2024\ntitle: B\n---\n", "seeds/bad-field.md:4: invalid front matter: key 'title' given twice (first on line 2)"),
        ("---\ntitle: [A, B]\n---\n", "seeds/bad-field.md:2: field 'title': expected text, found a list"),
        ("---\nurl: javascript:alert(1)\n---\n", "seeds/bad-field.md:2: field 'url': 'javascript:alert(1)' is not an http(s) address"),
        ("---\ngenre: sport\n---\n", "seeds/bad-field.md:2: field 'genre': 'sport' is neither 'news' nor 'opinion'"),
        ("---\nlanguage: français\n---\n", "seeds/bad-field.md:2: field 'language': 'français' is not a language code such as 'fr' or 'en'"),
        ("---\nauthors: {name: X}\n---\n", "seeds/bad-field.md:2: field 'authors': expected a list of names or a name, found a mapping"),
        ("---\ntitle: !!python/object/apply:os.system [ls]\n---\n",
         "seeds/bad-field.md:2: invalid front matter: 'title' cannot be read (could not determine a constructor for the tag "
         "'tag:yaml.org,2002:python/object/apply:os.system')"),
    ],
)
def test_markdown_bad_front_matter_is_reported_with_file_and_line(tmp_path, text, message):
    with pytest.raises(IngestError) as error:
        seed(tmp_path, "bad-field.md", text)
    assert str(error.value) == message


def test_markdown_unknown_keys_are_warnings_naming_the_key(tmp_path):
    article = seed(tmp_path, "unknown-keys.md", f"---\ntitle: Titre\nauthor: Jeanne Martin\noutlet: Le Quotidien\nslug: x\n---\n{LONG}\n")
    assert article.warnings == [
        "seeds/unknown-keys.md:3: unknown front-matter key 'author' ignored (did you mean 'authors'?)",
        "seeds/unknown-keys.md:4: unknown front-matter key 'outlet' ignored (did you mean 'source'?)",
        "seeds/unknown-keys.md:5: unknown front-matter key 'slug' ignored (known keys: authors, date, genre, language, source, title, url)",
        "seeds/unknown-keys.md: no publication date found; the date is shown as unknown",
    ]
    assert (article.authors, article.outlet, article.slug) == ([], None, "titre")


def test_markdown_values_stay_text_as_written(tmp_path):
    # YAML 1.1 would read "Non" as False and "1984" as a number.
    article = seed(tmp_path, "yaml-scalars.md", f"---\ntitle: Non\nauthors: [1984, Yes]\nsource: null\n---\n{LONG}\n")
    assert (article.title, article.authors, article.outlet) == ("Non", ["1984", "Yes"], None)


def test_markdown_without_front_matter_is_read_like_a_text_seed(tmp_path):
    article = seed(tmp_path, "no-front-matter.md", f"""\
Nouvelles

# L’accord de défense russo-nord-coréen

Par Jeanne Martin

2 novembre 2024

{LONG}

## Une alliance risquée

- premier point de l'accord
- second point de l'accord
""")
    assert metadata(article) == {
        "title": "L’accord de défense russo-nord-coréen",
        "slug": "accord-de-defense-russo-nord-coreen",
        "date": PartialDate(2024, 11, 2),
        "authors": ["Jeanne Martin"],
        "outlet": None,
        "url": None,
        "genre": "news",
        "language": "fr",
    }
    assert article.date_source == "line 7"
    assert blocks(article) == [
        ("paragraph", LONG, 9, ""),
        ("heading", "Une alliance risquée", 11, ""),
        ("bullet", "premier point de l'accord", 13, ""),
        ("bullet", "second point de l'accord", 14, ""),
    ]


def test_every_real_seed_saved_as_markdown_reads_as_its_text_seed(tmp_path):
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(path, tmp_path / "seed.md")
        shutil.copy(path, tmp_path / "seed.txt")
        as_markdown, as_text = read_seed(tmp_path / "seed.md", tmp_path), read_seed(tmp_path / "seed.txt", tmp_path)
        as_markdown.seed = as_markdown.seed.replace(".md", ".txt")
        as_markdown.warnings = [w.replace("seed.md", "seed.txt") for w in as_markdown.warnings]
        assert as_markdown == as_text, path.name


def test_markdown_inline_markup_and_html_are_reduced_to_text(tmp_path):
    article = seed(tmp_path, "inline-markup.md", """\
---
title: Titre
---
Un **gras**, un *italique*, un _souligné_, du `code`, un [lien](https://example.org/a_(b)) et snake_case_name.

Une image ![photo](a.jpg) retirée, une <em>balise</em> retirée, AT&amp;T, &lt;script&gt; et \\*étoiles\\*.

Une étoile seule * et un tiret bas _ restent, comme 3 < 5 et notre &nous.
""")
    assert [b.text for b in article.blocks] == [
        "Un gras, un italique, un souligné, du code, un lien et snake_case_name.",
        "Une image retirée, une balise retirée, AT&T, <script> et *étoiles*.",
        "Une étoile seule * et un tiret bas _ restent, comme 3 < 5 et notre &nous.",
    ]


def test_markdown_body_without_blank_lines_is_one_paragraph_per_line(tmp_path):
    article = seed(tmp_path, "line-per-paragraph.md", f"---\ntitle: Titre\n---\n{LONG}\n{LONG.upper()}\n# Pas un titre\n")
    assert blocks(article) == [("paragraph", LONG, 4, ""), ("paragraph", LONG.upper(), 5, ""), ("heading", "Pas un titre", 6, "")]


# --- HTML ----------------------------------------------------------------------------------

PAGE = """\
<!DOCTYPE html>
<html lang="fr-FR">
<head>
<meta charset="utf-8">
<title>Kim et Poutine signent un pacte - Le Quotidien</title>
<meta property="og:title" content="Kim et Poutine signent un pacte - Le Quotidien">
<meta property="og:site_name" content="Le Quotidien">
<meta property="og:url" content="https://www.lequotidien.example/monde/kim-poutine-pacte">
<meta property="article:published_time" content="2024-06-19T08:30:00+02:00">
<meta property="article:section" content="International">
<meta name="author" content="Jeanne Martin et Paul Durand">
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-06-20"}</script>
<style>p { color: red }</style>
</head>
<body>
<nav><ul><li>Accueil</li><li>Monde</li></ul></nav>
<header class="site-header"><p>Le Quotidien, l'info du jour</p></header>
<main>
<article>
<header><h1>Kim et Poutine signent un pacte</h1><p class="byline">Par Jeanne Martin</p></header>
<div class="share-bar"><button>Partager</button><a href="#">Facebook</a></div>
<p>Le président russe et le dirigeant nord-coréen ont signé mercredi un traité de défense mutuelle.</p>
<figure><img src="a.jpg" alt="x"><figcaption>Vladimir Poutine et Kim Jong-un. <span class="credit">AFP</span></figcaption></figure>
<h2>Un traité de <em>défense</em></h2>
<p>Le texte prévoit une assistance <strong>immédiate</strong>, selon l’agence &lt;script&gt;KCNA&lt;/script&gt;.</p>
<ul><li>Assistance militaire</li><li>Coopération <a href="#">économique</a>
  <ul><li>Énergie</li></ul></li></ul>
<ol start="3"><li>Troisième point du traité.</li><li>Quatrième point du traité.</li></ol>
<blockquote><p>« C’est un document véritablement révolutionnaire. »</p><cite>Vladimir Poutine</cite></blockquote>
<p>Lire aussi : notre dossier</p>
<section id="comments"><h3>3 commentaires</h3><p>Super article, bravo à toute l’équipe du journal !</p></section>
<div class="newsletter"><p>Recevez notre lettre chaque matin dans votre boîte.</p></div>
<aside class="related"><article><p>Autre article</p></article></aside>
<form><p>Votre commentaire</p><button>Envoyer</button></form>
<script>var x = "<p>pas du texte</p>";</script>
</article>
</main>
<footer><p>Mentions légales</p></footer>
</body>
</html>
"""


def test_html_metadata_comes_from_the_page_meta_tags(tmp_path):
    article = seed(tmp_path, "page-with-meta.html", PAGE)
    assert metadata(article) == {
        "title": "Kim et Poutine signent un pacte",  # " - Le Quotidien" is og:site_name: stripped
        "slug": "kim-et-poutine-signent-un-pacte",
        "date": PartialDate(2024, 6, 19),  # article:published_time, as written, before the JSON-LD
        "authors": ["Jeanne Martin", "Paul Durand"],  # <meta name=author>, not the byline
        "outlet": "Le Quotidien",
        "url": "https://www.lequotidien.example/monde/kim-poutine-pacte",
        "genre": "news",
        "language": "fr",  # <html lang="fr-FR">
    }
    assert article.date_source == "meta article:published_time, line 9"  # the JSON-LD says a day later: an update
    assert article.warnings == []


def test_html_main_text_keeps_structure_and_drops_furniture(tmp_path):
    article = seed(tmp_path, "page-with-meta.html", PAGE)
    assert blocks(article) == [
        ("paragraph", "Le président russe et le dirigeant nord-coréen ont signé mercredi un traité de défense mutuelle.", 22, ""),
        ("caption", "Vladimir Poutine et Kim Jong-un.", 23, "AFP"),
        ("heading", "Un traité de défense", 24, ""),
        ("paragraph", "Le texte prévoit une assistance immédiate, selon l’agence <script>KCNA</script>.", 25, ""),
        ("bullet", "Assistance militaire", 26, ""),
        ("bullet", "Coopération économique", 26, ""),
        ("bullet", "Énergie", 27, ""),
        ("numbered", "Troisième point du traité.", 28, "3"),
        ("numbered", "Quatrième point du traité.", 28, "4"),
        ("quote", "« C’est un document véritablement révolutionnaire. »", 29, "Vladimir Poutine"),
    ]
    lines = PAGE.split("\n")
    for block in article.blocks:  # the line of each block is the line of its element
        assert block.text.split()[0] in lines[block.line - 1]


def test_html_text_is_text_only(tmp_path):
    article = seed(tmp_path, "page-with-meta.html", PAGE)
    text = "\n".join(b.text + " " + b.extra for b in article.blocks)
    assert "<script>KCNA</script>" in text  # written as &lt;script&gt; in the page: literal text, escaped later
    for gone in ("<p", "<em", "<a ", "pas du texte", "color: red", "Partager", "Facebook", "commentaires", "Super article",
                 "Recevez", "Autre article", "Votre commentaire", "Mentions légales", "Accueil", "l'info du jour",
                 "Lire aussi", "Par Jeanne"):
        assert gone not in text, gone


def test_html_fallbacks_json_ld_canonical_link_and_main(tmp_path):
    article = seed(tmp_path, "page-json-ld.html", """\
<html lang="en-GB">
<head>
<title>Why the pact matters | The Daily Example</title>
<link rel="canonical" href="https://daily.example/comment/why-the-pact-matters">
<script type="application/ld+json">{ this is not json</script>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "The Daily Example"},
  {"@type": "OpinionNewsArticle", "headline": "Why the pact matters", "datePublished": "2024-06",
   "author": [{"@type": "Person", "name": "Ann Smith"}, {"@type": "Person", "name": "Bob Jones"}],
   "publisher": {"@type": "Organization", "name": "The Daily Example"}}
]}
</script>
</head>
<body>
<div class="menu-main"><a href="/">Home</a></div>
<main>
<div class="breadcrumb">Home &gt; Comment</div>
<p>The treaty signed in Pyongyang binds the two countries to help each other without delay.</p>
<div>Text written straight into a div, without any paragraph element around it.<br><br>And a second one.</div>
<h3>What comes next</h3>
<p>Seoul and Tokyo are worried about the transfer of military technology to the North.</p>
<div class="social-links"><p>Follow us on every network you like to use.</p></div>
</main>
</body>
</html>
""")
    assert metadata(article) == {
        "title": "Why the pact matters",  # "| The Daily Example" is the JSON-LD publisher: stripped
        "slug": "why-the-pact-matters",
        "date": PartialDate(2024, 6),
        "authors": ["Ann Smith", "Bob Jones"],
        "outlet": "The Daily Example",
        "url": "https://daily.example/comment/why-the-pact-matters",
        "genre": "opinion",  # @type OpinionNewsArticle
        "language": "en",
    }
    assert article.date_source == "JSON-LD datePublished, line 6"
    assert blocks(article) == [
        ("paragraph", "The treaty signed in Pyongyang binds the two countries to help each other without delay.", 19, ""),
        ("paragraph", "Text written straight into a div, without any paragraph element around it.", 20, ""),
        ("paragraph", "And a second one.", 20, ""),
        ("heading", "What comes next", 21, ""),
        ("paragraph", "Seoul and Tokyo are worried about the transfer of military technology to the North.", 22, ""),
    ]


def test_html_time_element_dates_the_page_when_nothing_else_does(tmp_path):
    article = seed(tmp_path, "page-time.html", f"""\
<html><head><meta property="og:title" content="Titre"></head><body>
<aside><time datetime="2020-01-01">vieux</time></aside>
<article>
<p>Publié le <time datetime="2024-07-03T10:00">3 juillet</time></p>
<p>{LONG}</p>
<div class="comments"><time datetime="2025-01-01">un commentaire</time></div>
</article></body></html>
""")
    assert article.date == PartialDate(2024, 7, 3)
    assert article.date_source == "<time datetime>, line 4"


def test_html_without_meta_tags_uses_h1_body_and_the_text_heuristics(tmp_path):
    article = seed(tmp_path, "page-bare.html", """\
<html><body><svg><title>Icône du site</title></svg>
<h1>Le Kremlin salue le traité</h1>
<p class="kicker">Opinion</p>
<p>Par Jeanne Martin<br>Publié le 3 juillet 2024</p>
<p>Le Kremlin a salué mercredi un traité « historique » avec la Corée du Nord, signé à Pyongyang.</p>
<p>https://www.lemonde.fr/international/article/2024/07/03/traite.html</p>
</body></html>
""")
    assert metadata(article) == {
        "title": "Le Kremlin salue le traité",  # the first <h1>; an SVG's <title> is not the page's
        "slug": "le-kremlin-salue-le-traite",
        "date": PartialDate(2024, 7, 3),  # a <br> line is a line, as in a .txt seed
        "authors": ["Jeanne Martin"],
        "outlet": "Le Monde",
        "url": "https://www.lemonde.fr/international/article/2024/07/03/traite.html",
        "genre": "opinion",  # the section label
        "language": "fr",
    }
    assert article.date_source == "line 4"
    assert blocks(article) == [
        ("paragraph", "Le Kremlin a salué mercredi un traité « historique » avec la Corée du Nord, signé à Pyongyang.", 5, ""),
    ]


@pytest.mark.parametrize(
    "title, site_name, expected",
    [
        ("Le traité - Le Quotidien", "Le Quotidien", "Le traité"),
        ("Le traité | Le Quotidien", "le quotidien", "Le traité"),
        ("Le traité – Le Quotidien", "Le Quotidien", "Le traité"),
        ("Le Quotidien | Le traité", "Le Quotidien", "Le traité"),
        ("Le traité - Séoul inquiet", "Le Quotidien", "Le traité - Séoul inquiet"),
        ("Le traité - Le Quotidien", None, "Le traité - Le Quotidien"),
    ],
)
def test_html_site_name_is_stripped_from_the_title_only_when_it_matches(tmp_path, title, site_name, expected):
    site = f'<meta property="og:site_name" content="{site_name}">' if site_name else ""
    article = seed(tmp_path, "title-suffix.html", f"<html><head><title>{title}</title>{site}</head><body><p>{LONG}</p></body></html>")
    assert article.title == expected


def test_html_opinion_from_article_section(tmp_path):
    article = seed(tmp_path, "section-opinion.html", f"""<html><head><meta property="og:title" content="T">
<meta property="article:section" content="Tribunes"></head><body><article><p>{LONG}</p></article></body></html>""")
    assert article.genre == "opinion"


def test_html_longest_article_element_is_the_article(tmp_path):
    article = seed(tmp_path, "several-articles.html", f"""<html><head><meta property="og:title" content="T"></head><body>
<article><p>Un court teaser.</p></article>
<article><p>{LONG}</p><p>{LONG.upper()}</p></article>
<article><p>Un autre teaser.</p></article>
</body></html>""")
    assert [b.text for b in article.blocks] == [LONG, LONG.upper()]


def test_html_page_date_that_cannot_be_is_ignored_with_a_warning(tmp_path):
    article = seed(tmp_path, "impossible-page-date.html", f"""<html><head><meta property="og:title" content="T">
<meta property="article:published_time" content="2024-02-31T10:00:00Z">
<script type="application/ld+json">{{"@type": "Article", "datePublished": "2024-02-28"}}</script>
</head><body><p>{LONG}</p></body></html>""")
    assert article.date == PartialDate(2024, 2, 28)
    assert article.warnings[0] == (
        "seeds/impossible-page-date.html:2: the page's date '2024-02-31T10:00:00Z'"
        " (meta article:published_time) is ignored: day is out of range for month"
    )


@pytest.mark.parametrize(
    "declaration, encoding, text",
    [
        ('<meta charset="iso-8859-15">', "iso-8859-15", "L’œuvre coûte 5 €, dit-il à Séoul."),  # œ and € differ from cp1252
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251",
         "Союз России и Северной Кореи укрепляется."),
        ('<meta charset="windows-1252">', "cp1252", "L’œuvre coûte 5 €, dit-il à Séoul."),
    ],
)
def test_html_meta_charset_is_honoured_when_the_bytes_are_not_utf8(tmp_path, declaration, encoding, text):
    text = text.replace("’", "'") if encoding == "iso-8859-15" else text
    page = f"<html><head>{declaration}<title>Titre</title></head><body><p>{text}</p></body></html>"
    article = seed(tmp_path, "declared-charset.html", page.encode(encoding))
    assert [b.text for b in article.blocks] == [text]


def test_html_utf8_bytes_win_over_a_wrong_declaration(tmp_path):
    page = '<html><head><meta charset="iso-8859-1"><title>T</title></head><body><p>Corée, l’œuvre</p></body></html>'
    article = seed(tmp_path, "utf8-declared-latin1.html", page.encode("utf-8"))
    assert [b.text for b in article.blocks] == ["Corée, l’œuvre"]


def test_html_deeply_nested_page_is_read(tmp_path):
    depth = 3000
    article = seed(tmp_path, "deep.html", "<html><head><title>T</title></head><body>" + "<div>" * depth
                   + f"<p>{LONG}</p>" + "</div>" * depth + "</body></html>")
    assert [b.text for b in article.blocks] == [LONG]


def test_html_without_any_tag_is_read_as_text(tmp_path):
    article = seed(tmp_path, "no-tags.html", f"Un titre\n2024-11-02\n{LONG}\n")
    assert (article.title, article.date, [b.text for b in article.blocks]) == ("Un titre", PartialDate(2024, 11, 2), [LONG])


# --- Decoding ------------------------------------------------------------------------------

FRENCH = "L’œuvre de l’été : « déjà vu », coût élevé, où ça ? Cœur, Œdipe, À bientôt."


def test_decode_utf8_with_bom_and_crlf(tmp_path):
    data = codecs.BOM_UTF8 + f"Titre\r\n\r\n{FRENCH}\r\n".encode()
    assert decode(data, "seeds/bom-crlf.txt") == f"Titre\n\n{FRENCH}\n"
    article = seed(tmp_path, "bom-crlf.txt", data)
    assert (article.title, [b.text for b in article.blocks]) == ("Titre", [FRENCH])


def test_decode_cp1252_french(tmp_path):
    text = decode(f"{FRENCH}\r\n{FRENCH}\r\n".encode("cp1252"), "seeds/cp1252.txt")
    assert text == f"{FRENCH}\n{FRENCH}\n"
    assert {"é", "’", "œ", "Œ", "«"} <= set(text)


def test_decode_latin1_french():
    text = "Château, élève, où, ça, « guillemets », naïve, cœur? non: Noël à l'hôpital."
    text = text.replace("œ", "oe")  # latin-1 has no œ
    assert decode(text.encode("latin-1"), "seeds/latin1.txt") == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_decode_utf16_and_utf32_with_a_bom(encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + f"Titre\r\n{FRENCH}\r\n".encode(encoding)
    assert decode(data, "seeds/utf16.txt") == f"Titre\n{FRENCH}\n"


def test_decode_utf16_seed_is_read(tmp_path):
    article = seed(tmp_path, "utf16.md", f"---\ntitle: Corée\n---\n{FRENCH}\n".encode("utf-16"))
    assert (article.title, [b.text for b in article.blocks]) == ("Corée", [FRENCH])


def test_decode_mixed_utf8_and_cp1252_bytes():
    data = "Titre en UTF-8 : Corée, l’œuvre\n".encode() + "Ligne en cp1252 : été, l’œuvre\n".encode("cp1252")
    assert decode(data, "seeds/mixed.txt") == "Titre en UTF-8 : Corée, l’œuvre\nLigne en cp1252 : été, l’œuvre\n"


def _noise(seed_value: int, size: int = 4000) -> bytes:
    """Bytes with no NUL and none of cp1252's undefined bytes: noise that the cp1252 fallback could read."""
    choices = [b for b in range(0x20, 0x100) if b not in (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D)]
    rng = random.Random(seed_value)
    return bytes(rng.choice(choices) for _ in range(size))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(os.urandom(4000), id="urandom"),
        pytest.param(_noise(1), id="noise-without-nul-1"),
        pytest.param(_noise(2), id="noise-without-nul-2"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", id="png"),
        pytest.param(b"\x89PNG\r\n\x1a\n", id="png-signature-only"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00", id="zip"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", id="pdf"),
        pytest.param(b"\xff\xd8\xff\xe0 JFIF", id="jpeg"),
        pytest.param("북한과 러시아의 군사 동맹이 강화되고 있다".encode("euc-kr") * 3, id="korean-euc-kr"),
        pytest.param(b"\xff\xfe\x41", id="truncated-utf16"),
        pytest.param(bytes(range(0x20, 0x100)) * 4, id="undefined-cp1252-bytes"),
    ],
)
def test_decode_rejects_what_is_not_text(data):
    with pytest.raises(IngestError) as error:
        decode(data, "seeds/garbage.txt")
    message = str(error.value)
    assert message.startswith("seeds/garbage.txt: ")
    assert re.search(r"binary file|does not look like text", message), message


def test_binary_seed_is_reported_with_its_name(tmp_path):
    with pytest.raises(IngestError, match=r"^seeds/photo\.html: binary file \(a PNG image\), not a text article$"):
        seed(tmp_path, "photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


@pytest.mark.parametrize("data", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), b"\n\t \r\n"])
def test_decode_empty_after_the_bom_is_empty(data):
    with pytest.raises(IngestError, match=r"^seeds/empty\.txt: empty file$"):
        decode(data, "seeds/empty.txt")


# --- Slugs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, file_name, slug",
    [
        ("../../etc/passwd", "mon-article.md", "etc-passwd"),
        ("/absolute", "mon-article.md", "absolute"),
        ("..", "mon-article.md", "mon-article"),
        ("/", "mon-article.md", "mon-article"),
        ("C:\\\\Windows\\\\system32", "mon-article.md", "c-windows-system32"),
        ("«»…", "mon-article.md", "mon-article"),
        ("..", "....md", "article"),
        ("../..", "¿¡.md", "article"),
    ],
)
def test_dangerous_titles_give_safe_slugs(tmp_path, title, file_name, slug):
    article = seed(tmp_path, file_name, f'---\ntitle: "{title}"\n---\n{LONG}\n')
    assert article.slug == slug
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", article.slug)


def test_text_seed_with_a_dot_dot_title_falls_back_to_the_file_name():
    assert parse_text(f"..\n{LONG}", "seeds/2024 Séoul.txt").slug == "2024-seoul"
    assert parse_text(f"..\n{LONG}", "seeds/!!!.txt").slug == "article"
    assert parse_html(f"<html><head><title>../..</title></head><body><p>{LONG}</p></body></html>", "seeds/../x.html").slug == "x"
    assert parse_markdown(f"# /\n\n{LONG}\n", "seeds/--.md").slug == "article"


@pytest.mark.parametrize("name, text, agency", [
    ("fr.txt", "Sommet à Pyongyang\n\nMOSCOU, 20 juin 2024 (AFP) - Le président russe a signé un traité avec "
               "Kim Jong-un à Pyongyang ce mercredi, a annoncé le Kremlin.\n\nLe texte prévoit une assistance mutuelle.\n", "AFP"),
    ("en.txt", "Putin and Kim sign pact in Pyongyang\n\nSEOUL, June 20, 2024 (Reuters) - Russian President Vladimir Putin "
               "and North Korean leader Kim Jong Un signed a mutual defence pact on Wednesday.\n\nThe treaty binds both.\n", "Reuters"),
    ("de.txt", "Putin und Kim unterzeichnen Pakt\n\nBerlin, 20. Juni 2024 (dpa) – Russlands Präsident Wladimir Putin und "
               "Nordkoreas Machthaber Kim Jong Un haben einen Vertrag unterzeichnet.\n\nDer Vertrag sieht Beistand vor.\n", "dpa"),
])
def test_a_dateline_with_its_day_dates_a_pasted_wire_story(tmp_path, name, text, agency):
    article = seed(tmp_path, name, text)
    assert article.date == PartialDate(2024, 6, 20) and article.date_source == "the dateline"
    assert article.agency == agency and not article.warnings


@pytest.mark.parametrize("name, text, day", [
    ("fr.txt", "Le Sénat vote la loi\n\nParis, 12 mars 2025 – Le Sénat a adopté mercredi le projet de loi sur "
               "l'énergie, après deux jours de débats.\n\nLe texte retourne à l'Assemblée.\n", PartialDate(2025, 3, 12)),
    ("en.txt", "Senate passes the bill\n\nWASHINGTON, March 3, 2025 — The Senate passed the energy bill on Monday "
               "after two days of debate.\n\nThe House votes next week.\n", PartialDate(2025, 3, 3)),
    ("de.txt", "Bundesregierung beschließt Kohleausstieg\n\nBerlin, 12. März 2025 – Die Bundesregierung hat am Mittwoch "
               "den Ausstieg aus der Kohle beschlossen.\n\nDie Gewerkschaften kritisieren den Plan.\n", PartialDate(2025, 3, 12)),
])
def test_a_correspondents_dateline_without_an_agency_dates_a_pasted_story(tmp_path, name, text, day):
    article = seed(tmp_path, name, text)
    assert article.date == day and article.date_source == "the dateline" and article.agency is None


@pytest.mark.parametrize("text", [
    "Washington, however, said on March 3 - that it would not sign the treaty before the summit.",
    "Paris, Berlin et Rome - les trois capitales ont signé le texte le 12 mars 2025 à Bruxelles.",
    "Moscou, 2025 – une année de guerre pour l'économie russe, qui a dû se réorganiser.",
])
def test_a_first_paragraph_that_only_looks_like_a_dateline_dates_nothing(tmp_path, text):
    assert seed(tmp_path, "x.txt", f"Title of the piece\n\n{text}\n\nMore text follows here.\n").date is None


def test_a_dateline_without_its_year_dates_nothing(tmp_path):
    article = seed(tmp_path, "kyiv.txt", "Talks in Kyiv\n\nKYIV, March 2 (Reuters) - Ukraine and its allies met on Sunday "
                                         "to discuss the ceasefire proposal.\n\nNo agreement was reached.\n")
    assert article.date is None and article.agency == "Reuters"
