#!/usr/bin/env python3
"""Ingest accuracy per field: the project's ingest and trafilatura alone, side by side.

    python scripts/ingest_accuracy.py [--details] [--json FILE] [--floors] [--corpus DIR] [--fixtures DIR]

Two datasets are measured:

- corpus: the 30 real web pages of ../shared/corpus/readability/<name>/ (source.html,
  expected-metadata.json, expected.html), read where they are, never copied into the project.
  Their expectations are Readability's; where the page clearly says otherwise (a byline
  with "By", a date in the visible byline, a title with the site name glued on, a byline
  that is the publisher or a date), the page wins: see OVERRIDES, one entry per page and
  field, each with the reason as the page shows it.
- fixtures: tests/fixtures/ingest/*.txt (pasted pages) and *.html (saved pages), each with
  X.json beside it (title, date, authors, language, outlet, body, chrome, captions...).

Each page is read twice:

- project: copied to a temporary project folder as seeds/<name>.html (or .txt) and read
  with dossier.seeds.read.read_seed, the build's own entry point; an exception (or a page
  taking longer than PAGE_TIMEOUT seconds) fails that page on every field.
- trafilatura alone: trafilatura.bare_extraction(html, url=None, with_metadata=True,
  include_comments=False); a .txt fixture is given to it as HTML, one <p> per non-empty
  line. bare_extraction only fills `language` when asked to filter on a target language,
  so its language is trafilatura's own detector (trafilatura.utils.language_classifier,
  py3langid) run on the text it extracted.

Fields: title, date (right / missing / wrong / imprecise), authors, language, outlet, body
(share of the expected sentences kept; pages with all of them), chrome (pages whose output
has a line of 3 words or more, or a known chrome word, or a line the fixture lists as chrome or
metadata, that is not in the expected body; the page's headline and standfirst are not chrome).
Texts are compared normalised: NFKC, soft hyphens and zero-width characters dropped, quotes and
dashes unified, casefolded; bodies by their words only, so spacing and punctuation do not count.
The project's body is its blocks, each block's extra (photo credit, attribution) a line of its own;
trafilatura's is its .text. `measure()` returns every number and per-page result;
the CLI prints one table per dataset (and for both together), --details every miss, --json
the whole result. tests/test_ingest_accuracy.py asserts floors on these numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import html as html_lib
import json
import logging
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS_DIR = ROOT.parent / "shared" / "corpus" / "readability"
FIXTURES_DIR = ROOT / "tests" / "fixtures" / "ingest"
PAGE_TIMEOUT = 30  # seconds a single page may take on one side before it counts as failed

DATASETS = ("corpus", "fixtures", "all")
SIDES = ("project", "trafilatura")
META_FIELDS = ("title", "date", "authors", "language", "outlet")

# --- What the corpus pages say for themselves where Readability's expectations disagree ---------
# (page, field, expected value, reason quoting what the page shows). Every other value comes from
# expected-metadata.json: title; publishedTime cut to its date as written; byline split on commas;
# the primary subtag of lang; siteName.
OVERRIDES: list[tuple[str, str, object, str]] = [
    # titles
    ("breitbart", "title", "'Neutral' Snopes Fact-Checker David Emery: 'Are There Any Un-Angry Trump Supporters?'",
     'the <h1> has no " - Breitbart": the expected title has the site name glued on (og:title)'),
    ("citylab-1", "title", "Why Neon Is the Ultimate Symbol of the 20th Century",
     'the visible headline (<h1>, twitter:title) is "Why Neon Is the Ultimate Symbol of the 20th Century"; '
     '"The Modern Ambitions Behind Neon" is only the og:title'),
    ("guardian-1", "title", "'What is the sea telling us?': Māori tribes fearful over whale strandings",
     'the <h1> has no " | Eleanor Ainge Roy": the expected title (og:title) has the byline glued on'),
    ("medium-3", "title", "Samantha and The Great Big Lie",
     'the <h1> and og:title say "Samantha and The Great Big Lie"; " - John C. Welch - Medium" is glued on'),
    ("theverge", "title", "Apple’s Vision Pro is the Retina display moment for headsets",
     'the visible headline (<h1>, og:title) is "Apple’s Vision Pro is the Retina display moment for headsets"; '
     'the "hands-on:" wording is only in <title> and JSON-LD'),
    ("yahoo-2", "title", "Russia: Space ship malfunctions, breaks up over Siberia",
     '<title> and <h1> say "Russia: Space ship malfunctions, breaks up over Siberia"; '
     '"Yahoo News - Latest News & Headlines" is the generic og:title of the site'),
    # dates
    ("ars-1", "date", "2015-04-16",
     'byline "Dan Goodin - Apr 16, 2015 8:02 pm UTC" (<time datetime="2015-04-16T20:02:01+00:00">)'),
    ("buzzfeed-1", "date", "2015-04-21", 'visible "posted on April 21, 2015, at 11:29 a.m."'),
    ("citylab-1", "date", "2019-04-30",
     'itemprop/meta datePublished "2019-04-30T13:39:00-04:00" (the byline shows "1:39 PM ET")'),
    ("cnet", "date", "2017-01-18",
     'byline "by Steven Musil January 18, 2017 11:00 PM PST" (itemprop datePublished "2017-01-18T23:00:00-0800")'),
    ("herald-sun-1", "date", "2015-03-13",
     'byline "March 13, 2015 9:00PM" (title="2015-03-13T21:00:00+11:00")'),
    ("lemonde-1", "date", "2015-05-04",
     'signature "04.05.2015 à 13h36" (<time itemprop="datePublished" datetime="2015-05-04T13:36:31+02:00">)'),
    ("msn", "date", "2016-11-15",
     'byline "Alex Perry 1 day ago" is <time datetime="2016-11-15T07:00:00.000Z">'),
    ("nytimes-1", "date", "2017-01-13",
     'byline "By JEFFREY GETTLEMAN JAN. 13, 2017" (article:published "2017-01-13T00:00:04-05:00")'),
    ("nytimes-2", "date", "2016-07-29",
     'byline "By STEVEN DAVIDOFF SOLOMON JULY 29, 2016" (article:published "2016-07-29T16:42:34-04:00")'),
    ("nytimes-3", "date", "2019-02-21",
     'visible "Feb. 21, 2019" (<time datetime="2019-02-21">, pdate 20190221)'),
    ("nytimes-4", "date", "2018-09-25",
     'visible "Sept. 25, 2018" (<time datetime="2018-09-25">, pdate 20180925)'),
    ("quanta-1", "date", "2019-05-20", 'byline "By Joshua Sokol May 20, 2019"'),
    ("telegraph", "date", "2017-11-16",
     'byline "Our Foreign Staff 16 November 2017 • 2:15pm" (datePublished "2017-11-16T14:15+0000")'),
    ("wapo-1", "date", "2015-03-18",
     'byline "March 18 at 3:57 PM"; the year is in the page\'s canonical URL ".../2015/03/18/..."'),
    ("wapo-2", "date", "2015-03-18",
     'byline "March 18 at 12:22 PM"; the year is in the page\'s canonical URL ".../2015/03/18/..."'),
    ("yahoo-2", "date", "2016-12-01",
     'byline <time datetime="2016-12-01T23:29:49.000Z"> (the site\'s tz is America/Los_Angeles; the visible '
     '"December 2, 2016" was rendered in the saver\'s time zone)'),
    # authors
    ("bbc-1", "authors", [], 'the byline "BBC News" (og:article:author) is the publisher, not a person'),
    ("breitbart", "authors", ["Lucas Nolan"],
     'byline "by Lucas Nolan 22 Dec 2016" (the expected byline glues date and count)'),
    ("buzzfeed-1", "authors", ["Mark Di Stefano"],
     'byline "Mark Di Stefano BuzzFeed News Reporter" (meta author "Mark Di Stefano"); expected byline is null'),
    ("herald-sun-1", "authors", ["Laurie Oakes"],
     'the article\'s byline is "by: Laurie Oakes" (article:author); "JOE HILDEBRAND" signs a teaser in the sidebar'),
    ("lemonde-1", "authors", ["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
     'byline "Martin Untersinger (avec Damien Leloup et Morgane Tual)": three people'),
    ("liberation-1", "authors", [],
     'the article\'s byline is "AFP" (itemprop author, article:author .../2005-afp), an agency; '
     '"Par Sébastien Farcis" signs a related article in the "Sur le même sujet" box'),
    ("quanta-1", "authors", ["Joshua Sokol"], 'byline "By Joshua Sokol"'),
    ("seattletimes-1", "authors", ["Benjamin Romano"],
     'byline "By Benjamin Romano Seattle Times business reporter"; the expected byline is the dateline'),
    ("wapo-1", "authors", ["Erin Cunningham"], 'byline "By Erin Cunningham"'),
    ("wapo-2", "authors", ["Steven Mufson"], 'byline "By Steven Mufson"'),
    # languages
    ("wapo-1", "language", "en", 'no lang in expected-metadata nor on <html>; the article is in English'),
    ("wapo-2", "language", "en", 'no lang in expected-metadata nor on <html>; the article is in English'),
    # outlets
    ("herald-sun-1", "outlet", "Herald Sun",
     'byline "From: Herald Sun", <title> "... | Herald Sun" (og:site_name "HeraldSun")'),
    ("nytimes-1", "outlet", "The New York Times",
     '<title> "United States to Lift Sudan Sanctions - The New York Times"'),
    ("nytimes-2", "outlet", "The New York Times", '<title> "... Little Say - The New York Times"'),
    ("nytimes-3", "outlet", "The New York Times", '<title> "... Underneath N.Y.C. - The New York Times"'),
    ("nytimes-4", "outlet", "The New York Times", '<title> "... Than on the Military - The New York Times"'),
    ("yahoo-2", "outlet", "Yahoo News",
     'og:title "Yahoo News - Latest News & Headlines", canonical //us.yahoo.com/news/'),
]

# Corrections to expected.html, the body Readability kept: (page, field, lines, reason).
# "not article": whole lines of expected.html that are site furniture (newsletter boxes, related links, the
#   headline or byline repeated): it is neither required in the output nor accepted there as article text.
# "article text": text of the article that Readability left out (a standfirst, figure captions and
#   credits): not required, but not counted as chrome where an output keeps it.
BIO = "a note about the author at the foot (the project keeps it apart from the text, as an author note)"
CREDIT = "a credits line naming the reporters who contributed (site furniture, as in the fixtures)"
LINK_ONLY = "a paragraph that is a link to another page and nothing else (navigation, as a teaser is)"
LEAD_CAPTION = "the lead photo's <figcaption> and its credit, which Readability leaves out"
BODY_OVERRIDES: list[tuple[str, str, list[str], str]] = [
    ("breitbart", "not article",
     ["SIGN UP FOR OUR NEWSLETTER",
      "Lucas Nolan is a reporter for Breitbart Tech covering issues of free speech and online censorship. "
      "Follow him on Twitter @LucasNolan_ or email him at lnolan@breitbart.com"],
     'a newsletter box between the paragraphs, twice; ' + BIO),
    ("citylab-1", "not article",
     ["Sarah Archer is the author of The Midcentury Kitchen.", "Why Neon Is the Ultimate Symbol of the 20th Century",
      "1:39 PM ET", "Cities are changing fast. Keep up with the CityLab Daily newsletter.",
      "The best way to follow issues you care about."],
     'the headline and the byline time (measured as title and date) and the "CityLab Daily" newsletter box; '
     + BIO),
    ("cnet", "not article",
     ["Tech Enabled: CNET chronicles tech's role in providing new kinds of accessibility. Check it out here.",
      "Technically Literate: Original works of short fiction with unique perspectives on tech, exclusively on "
      "CNET. Here."],
     'two promotions of other CNET series after the last paragraph'),
    ("lemonde-1", "not article", ["Lire aussi : Les critiques de la CNIL contre le projet de loi sur le renseignement"],
     'a "Lire aussi" link to another article'),
    ("nytimes-1", "not article", ["Continue reading the main story"], 'a "Continue reading the main story" link'),
    ("nytimes-2", "not article", ["Continue reading the main story"],
     'a "Continue reading the main story" link, three times'),
    ("nytimes-3", "not article",
     ["[What you need to know to start the day: Get New York Today in your inbox.]",
      "Corey Kilgannon is a Metro reporter covering news and human interest stories. His writes the Character "
      "Study column in the Sunday Metropolitan section. He was also part of the team that won the 2009 Pulitzer "
      "Prize for Breaking News. @coreykilgannon • Facebook",
      "A version of this article appears in print on , on Page A22 of the New York edition with the headline: "
      "Under the City’s Streets, A Battle Against Winter. Order Reprints | Today’s Paper | Subscribe"],
     'the print-edition footer with its "Order Reprints | Today’s Paper | Subscribe" links; a "[…: Get New York '
     'Today in your inbox.]" newsletter link; ' + BIO),
    ("nytimes-4", "not article",
     ["Nelson D. Schwartz has covered economics since 2012. Previously, he wrote about Wall Street and banking, "
      "and also served as European economic correspondent in Paris. He joined The Times in 2007 as a feature "
      "writer for the Sunday Business section. @NelsonSchwartz",
      "More about the federal debt and the economy",
      "A version of this article appears in print on , on Page A1 of the New York edition with the headline: "
      "What May Soon Exceed Cost of U.S. Military? Interest on U.S. Debt . "
      "Order Reprints | Today’s Paper | Subscribe"],
     'the heading of a box of related links, and the print-edition footer with its reprint and subscription '
     'links; ' + BIO),
    ("theverge", "not article",
     ["Sign up for Command Line, a paid weekly newsletter from Alex Heath about the tech industry’s inside "
      "conversation. Your first month is free!", "Monthly", "$7/month", "A flexible plan you can cancel anytime.",
      "Annual", "$70/year", "A discounted plan to keep you up to date all year.", "Corporate", "$60/person/year",
      "Keep your team informed on the inside conversation.", "We accept credit card, Apple Pay and Google Pay."],
     'the "Command Line" newsletter subscription box with its price plans'),
    ("videos-2", "not article", ["Alexandre Hervaud , Jérémy Piette"], 'the byline (measured as authors)'),
    ("wapo-1", "not article",
     ["[Read: Why Tunisia, Arab Spring’s sole success story, suffers from Islamist violence]",
      "Heba Habib contributed to this report.",
      "[Read: Tunisia sends most foreign fighters to Islamic State in Syria]",
      "Read more:",
      "Tunisia’s Islamists get a sobering lesson in governing",
      "Tunisia sends most foreign fighters to Islamic State in Syria",
      "Tunisia’s Bardo museum is home to amazing Roman treasures"],
     'a "[Read: …]" link between paragraphs, and the "Read more:" list of links to other '
     'articles; ' + CREDIT),
    ("schema-org-context-object", "not article",
     ["Stella Kim is an NBC News freelance producer based in Seoul.",
      "Jennifer Jett is the Asia Digital Editor for NBC News, based in Hong Kong.",
      "Abigail Williams and Beomsu Jo contributed."],
     BIO + "; " + CREDIT),
    ("wapo-2", "not article",
     ["Steven Mufson covers the White House. Since joining The Post, he has covered economics, China, foreign "
      "policy and energy."],
     BIO),
    ("yahoo-2", "not article",
     ["Aerospace Writer Marcia Dunn in Cape Canaveral, Florida, and Vladimir Isachenkov in Moscow contributed to "
      "this report."],
     CREDIT),
    ("bbc-1", "not article",
     ["Read the full transcript of his interview", "Five things we learned from Obama interview",
      "The presidential body swerve"],
     LINK_ONLY),
    ("herald-sun-1", "not article", ["LAURIE OAKES IS THE NINE NETWORK POLITICAL EDITOR"], BIO),
    ("lazy-image-2", "not article",
     ["Mama Robotnik is a video game historian living somewhere in the British Empire. He specialises in "
      "unearthing lost gaming media, but also enjoys a good long essay about his favourite games every now and "
      "then. He drinks a lot of tea, and has a horrendously naughty black and white cat called Blossom. If you "
      "would like to contact him, he responds to his private messages over at NeoGAF.",
      "Click here for the second half of this epic story."],
     BIO + "; " + LINK_ONLY),
    ("wikia", "not article",
     ["Would you like to be part of the Fandom team? "
      "Join our Fan Contributor Program and share your voice on Fandom.com!"],
     'a call to join the Fan Contributor Program after the article'),
    ("liberation-1", "article text", ["Un Népalais prie à Katmandou, le 30 avril 2015.", "Photo Prakash Mathema. AFP"],
     LEAD_CAPTION),
    ("videos-2", "article text", ["«Vape Wave», «6 Days», «Alphonse président» et «Braguino»", "DR"], LEAD_CAPTION),
    ("schema-org-context-object", "article text",
     ["President Yoon Suk Yeol had earlier apologized for a short-lived declaration of martial law that plunged "
      "the East Asian democracy into chaos, igniting public anger."],
     "the standfirst under the headline (div data-testid=article-dek)"),
    ("theverge", "article text",
     ["I tried the Vision Pro, and just like the introduction of the iPhone 4 over a decade ago, there’s no going "
      "back from here."],
     "the standfirst under the headline (h2.duet--article--feature-dek)"),
    ("wapo-1", "article text", ["Map: Flow of foreign fighters to Syria"],
     "the caption (span.pb-caption) of the map set in the text"),
    ("quanta-1", "article text",
     ["Two women programmers played a pivotal role in the birth of chaos theory. Their previously untold story "
      "illustrates the changing status of computation in science.",
      "Ellen Fetter and Margaret Hamilton were responsible for programming the enormous 1960s-era computer that "
      "would uncover strange attractors and other hallmarks of chaos theory.", "Olena Shmahalo/Quanta Magazine",
      "Edward Lorenz acknowledged the contributions of Fetter and Hamilton at the end of his papers.",
      "5W Infographics for Quanta Magazine; sources: Wikimedia Commons, Mathematical Association of America, "
      "MIT Museum"],
     'the standfirst under the headline (div.post__title__excerpt) and the <figcaption>s of the article\'s figures'),
    ("telegraph", "article text",
     ["Zimbabwe president Robert Mugabe with ZDF commander general Constantino Chiwenga at State House in an image "
      "the Harare Herald claims was taken on November 16 - the day after the military takeover", "HARARE HERALD",
      "Zimbabwean opposition leader Morgan Tsvangirai, right, meets church leaders Bishop Trevor Manhanga, centre, "
      "and Father Fidelis Mukonori in 2006. Father Mukonori is said to be mediating in the current crisis",
      "DESMOND KWANDE/ AFP",
      "A man walks past an armoured personnel carrier parked on a Harare street on Thursday", "STR/AFP"],
     'the <figcaption>s of the article\'s images (span.article-body-image-caption and their credits)'),
]
BODY_FIELDS = ("not article", "article text")

# --- Normalisation ------------------------------------------------------------------------------

_UNIFY = str.maketrans({
    **dict.fromkeys("‘’‚‛′ʼ`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
})
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _unify(text: str) -> str:
    """NFKC, format characters (soft hyphens, zero-width spaces) dropped, quotes and dashes unified, casefolded."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text.translate(_UNIFY).casefold()


def norm_title(text: str | None) -> str:
    """Casefolded, quotes and dashes unified, one space between words and punctuation, no trailing punctuation."""
    tokens = re.findall(r"\w+|[^\w\s]", _unify(text or ""))
    while tokens and not re.match(r"\w", tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def norm_words(text: str | None) -> str:
    """The words of `text`, casefolded, one space apart: punctuation and spacing differences vanish."""
    return " ".join(re.findall(r"\w+", _unify(text or "")))


def norm_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split()).strip(" ,;.").casefold()


def norm_language(value: str | None) -> str | None:
    if not value:
        return None
    return value.strip().replace("_", "-").split("-")[0].casefold() or None


def norm_outlet(value: str | None) -> str | None:
    """ "Le Monde.fr" = "Le Monde", "the Guardian" = "The Guardian", "HeraldSun" = "Herald Sun"."""
    if not value or not value.strip():
        return None
    text = unicodedata.normalize("NFKC", value).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"\.(fr|com|co\.uk|org|net)$", "", text)
    return re.sub(r"[\W_]+", "", text) or None


def norm_date(value) -> str | None:
    """An ISO date string (YYYY, YYYY-MM or YYYY-MM-DD) from a PartialDate, a date or a string; None otherwise."""
    if value is None:
        return None
    if hasattr(value, "iso"):
        return value.iso()
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    text = str(value).strip()
    match = re.match(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)", text)
    return match.group(1) if match else None


# --- Expected text: lines, sentences, chrome ----------------------------------------------------

_BLOCK_TAGS = [
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
]
# A sentence ends at . ! ? (closing quotes allowed) before a capital; the space may be missing, as where
# Readability glued a caption to its credit ("underground.CreditChang W. Lee").
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’»)\]]*\s*(?=[\"'“‘«(\[]*[A-ZÀ-ÖØ-Þ])")
MIN_SENTENCE_WORDS = 4
MIN_CHROME_WORDS = 3
# Whole lines (normalised: words only, casefolded) that are site furniture whatever their length.
CHROME_WORDS = re.compile(
    r"^(advertisement|advertising|advert|ad|ads|sponsored|share|shares|share this|tweet|email|e mail|print|"
    r"\d* ?comments?|subscribe|sign up|sign in|log in|login|read more|more|related|related articles|"
    r"newsletter|follow|follow us|menu|close|search|skip|facebook|twitter|whatsapp|linkedin|pinterest|reddit|"
    r"publicité|partager|commentaires?|lire aussi|lire la suite|abonnez vous|s abonner|accueil|home)$"
)


def html_lines(markup: str) -> list[str]:
    """The text of an HTML fragment, one line per block element, whitespace collapsed."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (" ".join(line.split()) for line in soup.get_text().split("\n"))
    return [line for line in lines if line]


def sentences(lines: list[str]) -> list[str]:
    """The expected body's sentences: split at . ! ? before a capital and at line ends; under 4 words dropped."""
    result = []
    for line in lines:
        for part in _SENTENCE_BREAK.split(line):
            if len(norm_words(part).split()) >= MIN_SENTENCE_WORDS:
                result.append(part.strip())
    return result


def body_score(expected_sentences: list[str], output_lines: list[str]) -> tuple[float, list[str]]:
    """Share of the expected sentences found (normalised) in the output, and the lost ones."""
    haystack = f" {norm_words(chr(10).join(output_lines))} "
    lost = [s for s in expected_sentences if f" {norm_words(s)} " not in haystack]
    if not expected_sentences:
        return 1.0, []
    return (len(expected_sentences) - len(lost)) / len(expected_sentences), lost


def chrome_lines(
    output_lines: list[str], reference_lines: list[str], listed: list[str] = (), credits: list[str] = ()
) -> list[str]:
    """Output lines that are not article text: 3 words or more, a known chrome word, or a line the
    fixture lists (chrome, metadata lines), whose normalised text is nowhere in the expected body.
    A caption's credit the output gives ("OUEST-FRANCE") is article text where an expected caption
    holds it, even when the same words are listed as chrome elsewhere on the page (the masthead)."""
    reference = f" {norm_words(chr(10).join(reference_lines))} "
    reference_lines_keys = {norm_words(line) for line in reference_lines}
    reference_lines_keys |= {norm_words(c) for c in credits if f" {norm_words(c)} " in reference}
    listed_keys = {norm_words(line) for line in listed} - {""}
    found = []
    for line in output_lines:
        key = norm_words(line)
        if not key:
            continue
        if key in listed_keys:
            # a listed line ("Share", "Ukraine", "Reuters") is chrome unless it is a whole line of the body too
            if key not in reference_lines_keys:
                found.append(line)
        # any other line is chrome unless its text is somewhere in the body (blocks may be cut differently)
        elif (len(key.split()) >= MIN_CHROME_WORDS or CHROME_WORDS.match(key)) and f" {key} " not in reference:
            found.append(line)
    return found


# --- Expectations -------------------------------------------------------------------------------


def _split_byline(byline: str | None) -> list[str]:
    if not byline or not byline.strip():
        return []
    return [name.strip() for name in re.split(r",|\band\b|\bet\b|&", byline) if name.strip()]


def _overrides_by_page(pages: list[str]) -> dict[str, dict[str, tuple[object, str]]]:
    result: dict[str, dict[str, tuple[object, str]]] = {}
    for page, field, value, reason in OVERRIDES:
        if page not in pages:
            raise ValueError(f"override for unknown corpus page {page!r}")
        if field not in META_FIELDS:
            raise ValueError(f"override of unknown field {field!r} ({page})")
        if field in result.get(page, {}):
            raise ValueError(f"two overrides for {page} {field}")
        if field == "date" and value is not None and not _ISO_DATE.match(value):
            raise ValueError(f"override date {value!r} of {page} is not YYYY[-MM[-DD]]")
        result.setdefault(page, {})[field] = (value, reason)
    return result


def _body_overrides_by_page(pages: list[str]) -> dict[str, dict[str, list[str]]]:
    result: dict[str, dict[str, list[str]]] = {}
    for page, field, lines, _reason in BODY_OVERRIDES:
        if page not in pages:
            raise ValueError(f"body override for unknown corpus page {page!r}")
        if field not in BODY_FIELDS:
            raise ValueError(f"body override of unknown field {field!r} ({page})")
        if field in result.get(page, {}):
            raise ValueError(f"two body overrides for {page} {field}")
        result.setdefault(page, {})[field] = list(lines)
    return result


def _correct_body(name: str, lines: list[str], corrections: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """expected.html's lines without its site furniture (whole lines), and the article text it left out."""
    chrome = set(corrections.get("not article", []))
    missing = chrome - set(lines)
    if missing:
        raise ValueError(f"{name}: not lines of expected.html: {sorted(missing)}")
    return [line for line in lines if line not in chrome], list(corrections.get("article text", []))


def corpus_pages(corpus_dir: Path) -> list[dict]:
    """Every corpus page with its expectations (Readability's, overridden where the page says otherwise)."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(
            f"the shared corpus is missing: {corpus_dir} (CI has ../shared beside the project)"
        )
    names = sorted(p.name for p in corpus_dir.iterdir() if (p / "source.html").is_file())
    if not names:
        raise FileNotFoundError(f"no page (<name>/source.html) in {corpus_dir}")
    overrides = _overrides_by_page(names)
    body_overrides = _body_overrides_by_page(names)
    pages = []
    for name in names:
        folder = corpus_dir / name
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        expected = {
            "title": meta.get("title"),
            "date": norm_date(meta.get("publishedTime")),
            "authors": _split_byline(meta.get("byline")),
            "language": norm_language(meta.get("lang")),
            "outlet": meta.get("siteName"),
        }
        overridden = {}
        for field, (value, reason) in overrides.get(name, {}).items():
            overridden[field] = {"readability": expected[field], "reason": reason}
            expected[field] = value
        body = html_lines((folder / "expected.html").read_text(encoding="utf-8", errors="replace"))
        body, article_text = _correct_body(name, body, body_overrides.get(name, {}))
        pages.append({
            "dataset": "corpus",
            "name": name,
            "source": folder / "source.html",
            "suffix": ".html",
            "expected": expected,
            "overridden": overridden,
            "sentences": sentences(body),
            # the headline and the standfirst are the article's own, not chrome, wherever they appear
            "reference": body + article_text + [
                text for text in (expected["title"], meta.get("title"), meta.get("excerpt")) if text
            ],
            "chrome": [],
        })
    return pages


def fixture_pages(fixtures_dir: Path) -> list[dict]:
    """Every fixture X.txt (a pasted page) or X.html (a saved page) that has its X.json beside it."""
    if not fixtures_dir.is_dir():
        return []
    pages = []
    for path in sorted([*fixtures_dir.glob("*.txt"), *fixtures_dir.glob("*.html")]):
        spec_path = path.with_suffix(".json")
        if not spec_path.is_file():
            continue
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        body = [line for line in spec.get("body") or [] if line and line.strip()]
        captions = [line for line in spec.get("captions") or [] if line and line.strip()]
        pages.append({
            "dataset": "fixtures",
            "name": path.stem,
            "source": path,
            "suffix": path.suffix,
            "expected": {
                "title": spec.get("title"),
                "date": norm_date(spec.get("date")),
                "authors": list(spec.get("authors") or []),
                "language": norm_language(spec.get("language")),
                "outlet": spec.get("outlet"),
            },
            "overridden": {},
            "sentences": sentences(body),
            "reference": body + captions + [spec["title"]] if spec.get("title") else body + captions,
            # lines that must not be in the body, whatever their length: chrome, and the byline and date lines
            "chrome": list(spec.get("chrome") or []) + list(spec.get("metadata_lines") or []),
        })
    return pages


# --- The two sides ------------------------------------------------------------------------------


class PageTimeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int):
    """Raise PageTimeout after `seconds` (main thread on POSIX only; elsewhere no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise PageTimeout(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _empty_output(error: str) -> dict:
    return {"title": None, "date": None, "authors": [], "language": None, "outlet": None, "body": [], "error": error}


def _error_text(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def run_project(page: dict, root: Path) -> dict:
    """The page read as a seed of a project at `root`, by the build's own entry point."""
    try:
        from dossier.seeds.read import read_seed

        seed = root / "seeds" / f"{page['name']}{page['suffix']}"
        shutil.copyfile(page["source"], seed)
        with _time_limit(PAGE_TIMEOUT):
            article = read_seed(seed, root)
        return {
            "title": article.title,
            "date": norm_date(article.date),
            "authors": [str(a) for a in article.authors or []],
            "language": article.language,
            "outlet": article.outlet,
            # a block's text, then its extra (a caption's photo credit, a quote's attribution) as a line of its own
            # a note about the authors ("Anna Berger ist Chefärztin …") is shown apart from the text: not body
            "body": [
                line
                for block in article.blocks
                if block.kind != "author"
                for line in (block.text, block.extra)
                if line and line.strip()
            ],
            "credits": [block.extra for block in article.blocks if block.kind == "caption" and block.extra],
            "error": None,
        }
    except Exception as exc:  # one page never stops the measure
        return _empty_output(_error_text(exc))


def text_as_html(text: str) -> str:
    """A plain-text seed as the simplest HTML: one <p> per non-empty line, in a <body>."""
    paragraphs = "".join(f"<p>{html_lib.escape(line.strip())}</p>\n" for line in text.splitlines() if line.strip())
    return f"<html><body>\n{paragraphs}</body></html>"


def run_trafilatura(page: dict) -> dict:
    try:
        import trafilatura
        from trafilatura.utils import language_classifier

        raw = page["source"].read_bytes()
        # trafilatura decodes the bytes of a page itself, as it would a download
        content = text_as_html(raw.decode("utf-8", errors="replace")) if page["suffix"] == ".txt" else raw
        with _time_limit(PAGE_TIMEOUT):
            document = trafilatura.bare_extraction(content, url=None, with_metadata=True, include_comments=False)
            if document is None:
                return _empty_output("bare_extraction returned nothing")
            text = document.text or ""
            language = document.language or (language_classifier(text, document.comments or "") if text else None)
        return {
            "title": document.title,
            "date": norm_date(document.date),
            "authors": [a.strip() for a in (document.author or "").split(";") if a.strip()],
            "language": language,
            "outlet": document.sitename,
            "body": [line for line in text.split("\n") if line.strip()],
            "error": None,
        }
    except Exception as exc:
        return _empty_output(_error_text(exc))


# --- Scores -------------------------------------------------------------------------------------


def date_status(expected: str | None, found: str | None) -> str:
    if found is None:
        return "right" if expected is None else "missing"
    if expected is None:
        return "wrong"
    if found == expected:
        return "right"
    if expected.startswith(found) and expected[len(found)] == "-":
        return "imprecise"
    return "wrong"


def score(page: dict, out: dict) -> dict:
    exp = page["expected"]
    body_share, lost = body_score(page["sentences"], out["body"])
    chrome = chrome_lines(out["body"], page["reference"], page["chrome"], out.get("credits", ()))
    result = {
        "title": bool(out["title"]) and norm_title(out["title"]) == norm_title(exp["title"]),
        "date": date_status(exp["date"], out["date"]),
        "authors": {norm_name(a) for a in out["authors"]} == {norm_name(a) for a in exp["authors"]},
        "language": norm_language(out["language"]) == norm_language(exp["language"]),
        "outlet": norm_outlet(out["outlet"]) == norm_outlet(exp["outlet"]),
        "body_share": round(body_share, 4),
        "body_lost": lost,
        "chrome": chrome,
        "error": out["error"],
    }
    if out["error"]:  # a page that failed fails every field
        result.update(title=False, date="missing", authors=False, language=False, outlet=False,
                      body_share=0.0, body_lost=list(page["sentences"]), chrome=[f"(error) {out['error']}"])
    return result


ROWS = [  # key, label, lower is better
    ("title", "title right", False),
    ("date_right", "date right", False),
    ("date_missing", "date missing", True),
    ("date_wrong", "date wrong", True),
    ("date_imprecise", "date imprecise", True),
    ("authors", "authors right", False),
    ("language", "language right", False),
    ("outlet", "outlet right", False),
    ("body_whole", "body whole (all sentences kept)", False),
    ("body_mean", "body: mean share of sentences kept", False),
    ("chrome_left", "pages with chrome left", True),
    ("errors", "pages that raised", True),
]
LOWER_IS_BETTER = {key for key, _, lower in ROWS if lower}


def summarise(scores: list[dict]) -> dict:
    n = len(scores)
    return {
        "pages": n,
        "title": sum(s["title"] for s in scores),
        "date_right": sum(s["date"] == "right" for s in scores),
        "date_missing": sum(s["date"] == "missing" for s in scores),
        "date_wrong": sum(s["date"] == "wrong" for s in scores),
        "date_imprecise": sum(s["date"] == "imprecise" for s in scores),
        "authors": sum(s["authors"] for s in scores),
        "language": sum(s["language"] for s in scores),
        "outlet": sum(s["outlet"] for s in scores),
        "body_whole": sum(s["body_share"] >= 1.0 for s in scores),
        "body_mean": round(sum(s["body_share"] for s in scores) / n, 4) if n else None,
        "chrome_left": sum(bool(s["chrome"]) for s in scores),
        "errors": sum(bool(s["error"]) for s in scores),
    }


@contextlib.contextmanager
def _quiet_loggers(*names: str):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def measure(corpus_dir: Path | str | None = None, fixtures_dir: Path | str | None = None) -> dict:
    """Read every corpus page and fixture with both sides; every number and per-page result.

    Raises FileNotFoundError when the corpus is missing: the measure is meaningless without it.
    """
    started = time.perf_counter()
    corpus_dir = Path(corpus_dir) if corpus_dir else CORPUS_DIR
    fixtures_dir = Path(fixtures_dir) if fixtures_dir else FIXTURES_DIR
    pages = corpus_pages(corpus_dir) + fixture_pages(fixtures_dir)
    timing = dict.fromkeys(SIDES, 0.0)
    results = []
    with tempfile.TemporaryDirectory(prefix="ingest-accuracy-") as tmp, _quiet_loggers("trafilatura", "htmldate"):
        root = Path(tmp)
        (root / "seeds").mkdir()
        for page in pages:
            outputs = {}
            clock = time.perf_counter()
            outputs["project"] = run_project(page, root)
            timing["project"] += time.perf_counter() - clock
            clock = time.perf_counter()
            outputs["trafilatura"] = run_trafilatura(page)
            timing["trafilatura"] += time.perf_counter() - clock
            results.append({
                "dataset": page["dataset"],
                "name": page["name"],
                "expected": page["expected"],
                "overridden": page["overridden"],
                "sentences": len(page["sentences"]),
                **{side: {"got": outputs[side], "score": score(page, outputs[side])} for side in SIDES},
            })
    summary = {}
    for dataset in DATASETS:
        chosen = [r for r in results if dataset == "all" or r["dataset"] == dataset]
        summary[dataset] = {side: summarise([r[side]["score"] for r in chosen]) for side in SIDES}
    return {
        "corpus_dir": str(corpus_dir),
        "fixtures_dir": str(fixtures_dir),
        "summary": summary,
        "pages": results,
        "overrides": [
            {"page": page, "field": field, "expected": value, "reason": reason}
            for page, field, value, reason in OVERRIDES + BODY_OVERRIDES
        ],
        "timing_s": {side: round(seconds, 2) for side, seconds in timing.items()},
        "runtime_s": round(time.perf_counter() - started, 2),
    }


# --- Report -------------------------------------------------------------------------------------


def _cell(summary: dict, key: str) -> str:
    if key == "body_mean":
        return "n/a" if summary["body_mean"] is None else f"{summary['body_mean']:.1%}"
    return f"{summary[key]}/{summary['pages']}"


def format_table(result: dict) -> str:
    out = []
    width = max(len(label) for _, label, _ in ROWS)
    for dataset in DATASETS:
        pages = result["summary"][dataset]["project"]["pages"]
        out.append(f"{dataset} ({pages} pages)")
        out.append(f"  {'field':<{width}}  {'project':>9}  {'trafilatura':>11}")
        for key, label, _ in ROWS:
            project = _cell(result["summary"][dataset]["project"], key)
            other = _cell(result["summary"][dataset]["trafilatura"], key)
            out.append(f"  {label:<{width}}  {project:>9}  {other:>11}")
        out.append("")
    return "\n".join(out)


def _short(value, limit: int = 110) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_details(result: dict) -> str:
    out = []
    for page in result["pages"]:
        lines = []
        for side in SIDES:
            if page[side]["score"]["error"]:
                lines.append(f"  {side}: ERROR {page[side]['score']['error']}")
        for field in META_FIELDS:
            verdicts = {side: page[side]["score"][field] for side in SIDES}
            if all(v in (True, "right") for v in verdicts.values()):
                continue
            note = " (overridden)" if field in page["overridden"] else ""
            lines.append(f"  {field}: expected {_short(page['expected'][field])}{note}")
            for side in SIDES:
                verdict = verdicts[side]
                verdict = {True: "right", False: "wrong"}.get(verdict, verdict)
                lines.append(f"    {side:<12} {verdict:<9} {_short(page[side]['got'][field])}")
        for side in SIDES:
            sc = page[side]["score"]
            if sc["error"]:
                continue
            if sc["body_lost"]:
                lines.append(f"  body ({side}): {sc['body_share']:.0%} of {page['sentences']} sentences kept; lost:")
                lines.extend(f"    - {_short(s)}" for s in sc["body_lost"][:8])
                if len(sc["body_lost"]) > 8:
                    lines.append(f"    … and {len(sc['body_lost']) - 8} more")
            if sc["chrome"]:
                lines.append(f"  chrome ({side}): {len(sc['chrome'])} lines")
                lines.extend(f"    - {_short(s)}" for s in sc["chrome"][:8])
                if len(sc["chrome"]) > 8:
                    lines.append(f"    … and {len(sc['chrome']) - 8} more")
        if lines:
            out.append(f"{page['dataset']}/{page['name']}")
            out.extend(lines)
    return "\n".join(out)


def format_floors(result: dict) -> str:
    """FLOORS for tests/test_ingest_accuracy.py: what the project achieves now, per dataset."""
    out = ["FLOORS = {"]
    for dataset in DATASETS:
        summary = result["summary"][dataset]["project"]
        out.append(f'    "{dataset}": {{')
        for key, _, _ in ROWS:
            if key == "body_mean":
                mean = summary["body_mean"]
                value = "None" if mean is None else f"{int(mean * 1000) / 1000:.3f}"  # rounded down
            else:
                value = f'"{summary[key]}/{summary["pages"]}"'
            out.append(f'        "{key}": {value},')
        out.append("    },")
    out.append("}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list every miss per page and field, both sides")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every number and per-page result to FILE")
    parser.add_argument("--floors", action="store_true", help="also print FLOORS for tests/test_ingest_accuracy.py")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help=f"corpus folder (default {CORPUS_DIR})")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES_DIR, help=f"fixtures folder (default {FIXTURES_DIR})")
    args = parser.parse_args(argv)
    try:
        result = measure(args.corpus, args.fixtures)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.details:
        print(format_details(result))
        print()
    print(format_table(result))
    timing = result["timing_s"]
    if args.floors:
        print(format_floors(result))
        print()
    print(f"runtime: {result['runtime_s']:.1f} s (project {timing['project']:.1f} s, "
          f"trafilatura {timing['trafilatura']:.1f} s)")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"written: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
