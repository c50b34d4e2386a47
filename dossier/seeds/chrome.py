"""Site furniture: the lines a copied web page carries that are not the article, in French, English and German.

Each kind is described by its grammar: the words a button is made of, the shape of a
"Lire aussi | …" teaser, of a comment count, of a credits line. A line is furniture when
it is made of such words and nothing else, so that a sentence of the article that
happens to use one of them ("the senators shared their concerns") stays text.
"""

from __future__ import annotations

import re

from ..core.text import alternatives, distributed, grouped_by_letter, letter_led

# Words a button, a menu or a sharing bar is made of; a short line of these alone is furniture.
_BUTTON_WORDS = frozenset(
    """
    partager partagez partage offrir cet cette article l'article ajouter à vos mes sélections sélection favoris
    imprimer copier le lien envoyer par e-mail email mail courriel écouter lire s'abonner abonner suivre commenter
    réagir enregistrer sauvegarder facebook twitter x linkedin whatsapp telegram messenger flipboard reddit pinterest
    bluesky threads mastodon instagram youtube tiktok share save gift this full print copy link listen to follow
    comment comments subscribe sign in up log login register menu search close open more less print-friendly
    version teilen merken artikel verschenken drucken kopieren anhören vorlesen folgen kommentieren abonnieren
    anmelden einloggen suche schließen zurück weiter back next previous précédent suivant top haut retour page
    accueil home startseite connexion newsletter newsletters plus ein aus on off the a an de du des la les et and
    und oder or accept accepter accepte j'accepte all tout tous toutes manage preferences préférences gérer
    paramètres settings continuer sans continue without yes no i agree take me fermer refuser reject decline
    akzeptieren alle ablehnen einstellungen zustimmen skip content aller au contenu zum inhalt springen copied
    copié kopiert tard later read lesen später live watch direct en vidéo video vidéos videos audio podcast
    podcasts opens new tab onglet nouvel purchase licensing rights droits toggle caption légende s'inscrire
    inscrire m'inscris inscription registrieren contact kontakt
    passer principal main navigation sélection ma favoris réagissez info einblenden ausblenden
    bildbeschreibung sponsor message play press mehr weniger zur ajouter aux about propos über
    weiterlesen postings forum unterstützen soutenir support donate
    image images photo photos bild bilder foto fotos story sharing homepage accessibility help reuse reprints
    copyright credit credits crédit crédits section sections rubrique rubriken
    """.split()
)
_TEASER = re.compile(
    r"^(?:(?:à\s+)?lire\s+(?:aussi|également|plus|la\s+suite)(?=\s*$|\s*[:|>»›•–—-]|\s*[A-ZÀ-Ý«“])|voir\s+(?:aussi|également|plus)|à\s+voir\s+aussi|"
    r"sur\s+le\s+même\s+sujet|read\s+(?:more|also|next)|see\s+(?:also|more)|related(?:\s+(?:articles?|stories|content))?|"
    r"more\s+on\s+this(?:\s+(?:story|topic))?|recommended|most\s+(?:read|viewed|popular|shared)|les\s+plus\s+lus|"
    r"mehr\s+zum\s+thema(?:\s+im\s+(?:news|live)-?(?:blog|ticker))?|"
    r"lesen\s+sie\s+(?:auch|mehr|hier)|auch\s+interessant|das\s+könnte\s+sie\s+auch\s+interessieren|meistgelesen|"
    r"dans\s+la\s+même\s+rubrique|à\s+découvrir|nos\s+autres\s+articles|vous\s+aimerez\s+aussi|"
    r"more\s+from\s+[\w ]{2,30}|related\s+coverage|explore\s+more(?:\s+on\s+these\s+topics)?|"
    r"suggested\s+(?:topics|reading)|a\s+simple\s+guide|quick\s+guide|find\s+out\s+more|learn\s+more|"
    r"pour\s+aller\s+plus\s+loin|zum\s+weiterlesen|related\s+(?:internet\s+)?links|related\s+posts|"
    r"articles?\s+similaires|billets\s+similaires|ähnliche\s+(?:beiträge|artikel)|meistgelesene?(?:\s+artikel)?|"
    r"latest\s+(?:news|stories|in\s+[\w ]{2,30})|"
    r"you\s+may\s+also\s+like|top\s+stories|editor['’]s\s+picks|weitere\s+artikel|mehr\s+aus\s+[\w ]{2,30}|"
    r"(?:other|more|autres|weitere)\s+(?:[\w'’]+\s+){0,3}(?:stories|columns|articles|news|chroniques|tribunes|beiträge|artikel)|"
    r"recommended\s+stories|more\s+stories(?:\s+from\s+[\w ]{2,30})?|more\s+about|passend\s+zum\s+artikel|"
    r"a\s+lire\s+(?:aussi|également)|les\s+épisodes|dans\s+la\s+même\s+série|"
    r"read\s+more\s+from\s+[\w ]{2,30}|nos\s+abonnés\s+(?:aiment|lisent)|(?:our\s+)?subscribers\s+(?:like|read)|"
    r"weiterlesen|à\s+lire\s+ensuite|"
    r"sujets|topics|themen|thèmes|mots-clés|tags)"
    r"\s*(?:[:|>»›•–—-].*|\s*|(?<=aussi)\s*[A-ZÀ-Ý«“].*|(?<=également)\s*[A-ZÀ-Ý«“].*)$",
    re.I,
)
# A photo's credit alone on its line: "Foto: dpa/Jens Kalaene", "Credit…Greta Rybus", "(Photo : Foto: dpa/X)".
CREDIT_LINE = re.compile(
    r"\(?\s*(?:(?:photo|foto)\s*:\s*)?(?:photo(?:graph)?|crédits?(?:\s+photo)?|foto|bild|image|credits?)\s*(?::|\.\.\.|…)"
    r"\s*(?P<credit>[^\s()].{0,80}?)\s*\)?",
    re.I,
)
# A question that opens a box asking the reader for a like, a share or a subscription, after the text.
ENGAGEMENT = (
    r"(?:vous\s+avez\s+aimé|cet\s+article\s+vous\s+a\s+plu|vous\s+aimez\s+(?:cet\s+article|nos\s+articles|ce\s+blog)|"
    r"did\s+you\s+(?:enjoy|like)|(?:enjoyed|liked|like|love)\s+(?:this|the)\s+(?:article|post|story|read)|"
    r"was\s+this\s+(?:article|post|story)\s+(?:helpful|useful)|"
    r"hat\s+ihnen\s+(?:dieser|der|unser)\s+(?:artikel|beitrag|text)\s+gefallen|gefällt\s+ihnen\s+(?:dieser|der|unser)\s+"
    r"(?:artikel|beitrag|blog)|war\s+(?:dieser|der)\s+(?:artikel|beitrag)\s+hilfreich)\b[^.!]{0,40}\??"
)
_ENGAGEMENT = re.compile(ENGAGEMENT, re.I)
# What such a box asks: to share, like, subscribe, support ("Share it with a friend, or buy us a coffee").
_PROMPT_WORDS = re.compile(
    r"\b(?:partag\w*|share\w*|teil\w*|abonn\w*|subscri\w*|like|aime[zr]?|gefällt|café|coffee|kaffee|soutien\w*|support|"
    r"unterstütz\w*|spende\w*|don|donate|recommand\w*|recommend\w*|empfehl\w*|friends?|amis|freunde\w*)\b",
    re.I,
)


def is_engagement_question(line: str) -> bool:
    """The question over a box asking for a like or a share ("Vous avez aimé cet article ?", "Did you enjoy this article?")."""
    return bool(_ENGAGEMENT.fullmatch(line.strip()))


def is_reader_prompt(line: str) -> bool:
    """A short line of such a box: it asks the reader to share, like, subscribe or support."""
    return len(line.split()) <= 30 and bool(_PROMPT_WORDS.search(line))


_PATTERNS = [
    re.compile(p, re.I)
    for p in (
        # reading time
        r"(?:temps\s+de\s+)?lecture\s*:?\s*\d+\s*min(?:utes?)?\.?",
        r"\d+\s*min(?:utes?)?\.?\s*(?:de\s+lecture|read|reading(?:\s+time)?|lesezeit)",
        r"(?:reading\s+time|lesezeit|lesedauer)\s*:?\s*(?:ca\.\s*)?\d+\s*min(?:\.|uten?)?",
        # subscribers only
        r"(?:article\s+)?réservé\s+aux\s+abonnés\.?",
        r"(?:cet\s+article\s+est\s+)?(?:exclusivement\s+)?(?:réservé|dédié)\s+à\s+nos\s+abonnés\.?",
        r"(?:for\s+)?subscribers\s+only\.?|subscribe\s+(?:now\s+)?to\s+(?:read|continue|unlock).*|exclusive\s+to\s+subscribers\.?",
        r"(?:dieser\s+artikel\s+ist\s+)?(?:nur\s+)?für\s+abonnenten(?:\s+(?:verfügbar|lesbar))?\.?"
        r"|abo(?:nnenten)?[- ]?(?:exklusiv|artikel|plus)\.?",
        r"(?:s['’]abonner|abonnez-vous|je\s+m['’]abonne|subscribe|abonnieren|jetzt\s+abonnieren)\b.{0,60}",
        # advertising and "continue reading"
        r"publicité|advertisement|skip\s+advertisement|anzeige|werbung|sponsored(?:\s+content)?|contenu\s+sponsorisé",
        r"continue\s+reading(?:\s+the\s+main\s+story|\s+below)?|article\s+continues\s+(?:below|after\s+(?:the\s+)?advertisement)",
        r"la\s+suite\s+(?:après|de\s+l['’]article\s+après)\s+(?:cette\s+)?(?:la\s+)?publicité|weiterlesen\s+nach\s+der\s+anzeige",
        r"story\s+continues\s+below(?:\s+advertisement)?",
        # newsletters
        r"(?=.{0,160}$)(?=.*\b(?:inscri\w*|abonn\w*|sign\w*|subscribe\w*|receive|recevez|recevoir|get|anmelden|abonnieren|bestellen)\b)"
        r".*\bnewsletters?\b.*",
        r"(?:votre|your|ihre)\s+(?:adresse\s+)?e-?mail(?:-adresse)?(?:\s+address)?\s*:?.{0,60}",
        r"(?:inscrivez-vous|sign\s+up|melden\s+sie\s+sich\s+an|jetzt\s+anmelden)\b.{0,100}",
        # comments
        r"\d+\s*(?:commentaires?|comments?|kommentare?|réactions?|reactions?|réponses?|replies)",
        r"(?:commentaires?|comments?|kommentare?|réactions?)\s*(?:\(\d+\)|\d+)?",
        r"(?:signaler(?:\s+(?:un\s+abus|ce\s+commentaire|un\s+contenu))?|report(?:\s+(?:abuse|comment|this))?|melden|répondre|reply|antworten)",
        r"(?:voir|afficher|show|view|load|read|alle)\s+(?:les\s+|all\s+|more\s+)?(?:\d+\s+)?(?:commentaires|comments|réponses|replies|kommentare\s+anzeigen)",
        r"(?:laisser|écrire|ajouter|post|leave|write|add)\s+(?:un|a)\s+(?:commentaire|comment)",
        # agency standards, rights, credits lines
        r"our\s+standards\s*:.*|.*thomson\s+reuters\s+trust\s+principles\.?",
        r"(?:©|\(c\)|copyright\s*(?:©|\d{4}))\s*(?:\d{4}\s*)?.{0,80}",
        r".{0,60}(?:all\s+rights\s+reserved|tous\s+droits\s+réservés|alle\s+rechte\s+vorbehalten)\.?",
        r"(?:(?:additional\s+)?reporting|writing|editing|edited|compiled|translated)\s+by\s+[A-ZÀ-Ý].{1,200}",
        r"\(?(?:avec|with|mit)\s+(?:afp|reuters|ap|dpa|ansa|efe|agences|agencies|material\s+von\s+\w+)\)?\.?",
        r"(?:mit\s+material\s+von|quelle|source|sources)\s*:?\s*(?:afp|reuters|ap|dpa|epd|kna)(?:\s*[,/]\s*\w+)*\.?",
        # topics and tags
        r"(?:sujets?\s+associés|mots[- ]clés|thèmes?\s+associés|tags?|topics?|related\s+topics|themen|schlagworte|"
        r"schlagwörter|more\s+on)\s*:.{0,200}",
        # cookies, footers, contact
        r"(?:cet\s+article|ce\s+site|this\s+(?:site|website))\s+uses?\s+cookies.*|(?:cet\s+article|ce\s+site)\s+utilise\s+des\s+cookies.*",
        r".*(?:accepter|acceptez|gérer)\s+les\s+cookies.*|.*\b(?:accept|manage)\s+cookies\b.*"
        r"|.*\bcookie[- ](?:einstellungen|settings|policy)\b.*",
        r"(?:nous\s+contacter|contactez-nous|mentions\s+légales|politique\s+de\s+confidentialité|contact\s+us|privacy\s+policy|"
        r"terms\s+of\s+(?:use|service)|impressum|datenschutz(?:erklärung)?|kontakt)",
        r"retour\s+en\s+haut(?:\s+de\s+(?:la\s+)?page)?|back\s+to\s+top|nach\s+oben",
        r"votre\s+adresse\s+(?:e-?mail|de\s+messagerie)\s+ne\s+sera\s+pas\s+publiée.*|les\s+champs\s+obligatoires\s+sont\s+indiqués.*",
        r".*\bcontactez-nous\b.*|.*\boptions\s+de\s+sponsoring\b.*",
        # photo credits alone on a line
        CREDIT_LINE.pattern,
        # consent banners
        r"(?=.{0,400}$)(?=.*\bcookies?\b)(?=.*\b(?:we|our|us|nous|nos|notre|wir|unsere?|diese\s+website|ce\s+site|this\s+(?:web)?site)\b)"
        r"(?=.*\b(?:you|your|vous|votre|vos|sie|ihnen|ihre)\b).*\b(?:accept\w*|consent\w*|accord|agree|partners|partenaires|préférences|preferences|settings|"
        r"paramètres|einstellungen|zustimm\w*|einwillig\w*|privacy|confidentialité|vie\s+privée|datenschutz|personali[sz]ed|"
        r"personnalisée?s?|traceurs|personalisier\w*|werbung|nutzungserlebnis|utilis\w*|uses?|verwende\w*|nutzen|setzen|"
        r"experience|expérience|audience|statisti\w*|analytics)\b.*",
        r"(?:we\s+value|nous\s+respectons|wir\s+respektieren|we\s+care\s+about|we\s+respect)\s+(?:your|votre|ihre)\s+"
        r"(?:privacy|vie\s+privée|privatsphäre)\.?",
        r"let\s+us\s+know\s+you\s+agree\s+to\s+cookies\.?|(?:manage|gérer|paramétrer|accept(?:er)?)\s+(?:les\s+|the\s+)?cookies",
        r"(?=.{0,400}$)(?=.*\bcookies?\b).*\b(?:we|wir|nous|(?:diese|unsere)\s+website|ce\s+site|this\s+(?:web)?site)\s+"
        r"(?:\w+\s+)?(?:use|uses|utilisons|utilise|verwenden|verwendet|nutzen|nutzt|setzen|setzt)\b.*",
        # subscription pitches: a subscription word and the reader addressed
        r"(?=.{0,300}$)(?=.*\b(?:abonnement|abonn\w+|abo|subscri\w+|probe\s+lesen|kostenlos\s+testen|essai\s+gratuit|free\s+trial)\b)"
        r"(?=.*\b(?:sie|ihnen|vous|votre|you|your)\b).*",
        r".*\b(?:already\s+a\s+subscriber|déjà\s+abonné|schon\s+abonnent\w*|bereits\s+abonnent\w*)\s*\??.*",
        r"(?=.{0,300}$).*\bkostenlos\b.*\b(?:probe|testen|wochen)\b.*|.*\bessai\s+gratuit\b.*",
        r"(?=.{0,200}$)(?=.*\b(?:votre|your|ihr\w*)\s+(?:boîte\s+(?:mail|de\s+réception)|inbox|postfach)\b).*",
        r"(?=.{0,80}$).*\bnewsletters?\b.*|.*\b(?:our|notre|nos|unser\w*)\s+(?:\w+\s+)?newsletters?\b.*",
        r".*\bis\s+solely\s+responsible\s+for\s+all\s+content\.?",
        r"(?:©|copyright).{0,300}(?:all\s+rights\s+reserved|tous\s+droits\s+réservés|alle\s+rechte\s+vorbehalten).*",
        r"(?:dpa|afp|reuters|ap)[\w-]*[,:]?\s+(?:dpa|afp)?[:\s]*\d{6}[\w/-]*",
        r"(?:artikel\s+zum\s+hören|écouter\s+l['’]article|listen\s+to\s+(?:this\s+)?article)\s*(?:[•·|-]\s*)?(?:\d+\s*min\.?)?",
        # who else wrote, who the author is
        r".{0,120}\b(?:contributed(?:\s+reporting)?\s+to\s+this\s+(?:report|story|article)|a\s+contribué\s+à\s+cet\s+article|"
        r"ont\s+contribué\s+à\s+cet\s+article|hat\s+zu\s+diesem\s+(?:bericht|artikel)\s+beigetragen)\.?",
        # "Abigail Williams and Beomsu Jo contributed.", "Bartosz Lewicki contributed reporting from Warsaw."
        r"(?-i:(?:[A-ZÀ-Ý][\w.'’-]*,?\s+(?:(?:and|et|und|in)\s+)?){2,16})contributed(?:\s+(?:reporting|research))?"
        r"(?:\s+(?:from|in)\s+(?-i:[A-ZÀ-Ý])[\w ,.'’-]{1,60})?\.?",
        # "Si vous avez des informations …, contactez-nous à l'adresse enquete@…": an appeal to readers with an address
        r"(?=.{0,300}$)(?=.*\b[\w.+-]+@[\w-]+\.[\w.]+)(?=.*\b(?:contact\w*|écri\w*|write|schreib\w*|tips?|informations?|"
        r"hinweise?|questions?|fragen|mail|e-mail|email)\b).*",
        # a promotion whose link is its last word: "… exclusively on CNET. Here."; a call to join the site's team
        r".{10,250}[.!]\s+(?:here|ici|hier)[.!]?",
        r"(?=.{0,250}$)(?:would\s+you\s+like\s+to\s+.{0,80}\?\s+)?join\s+our\s+.{0,80}\b(?:program(?:me)?|community|team)\b.*",
        # players and their lengths, ad feedback, trust and age notices, a bare @handle, "Vidéo par : X"
        r"\d{1,2}:\d\d(?::\d\d)?|\d+\s*mn|ad\s+feedback|feedback\s+on\s+this\s+ad|@\w{2,30}",
        r"please\s+use\s+.{1,40}\s+browser\b.*|why\s+you\s+can\s+trust\s+.{1,40}",
        r"this\s+article\s+is\s+more\s+than\s+\d+\s+(?:days?|weeks?|months?|years?)\s+old",
        r"(?:vidéo|video|photos?|images?|infographie|graphi(?:c|que)s?)\s+(?:par|by|von)\s*:?\s*[A-ZÀ-Ý].{1,60}",
        r"lire\s+l['’]article\s+original|read\s+the\s+original\s+(?:article|story)|source\s+de\s+l['’]article"
        r"|zum\s+originalartikel",
        r"diskutieren\s+sie\s+(?:hier\s+)?mit.{0,120}|fehler\s+(?:auf\s+\S+\s+)?entdeckt\s*\??"
        r"|(?:signaler|report)\s+(?:une\s+erreur|an\s+error|a\s+mistake|a\s+correction).{0,60}",
        # a feedback box: "Inhaltliches Feedback?", "… über das Kontaktformular."
        r"(?:inhaltliches\s+)?feedback\s*\??|(?=.{0,200}$).*\b(?:kontaktformular|formulaire\s+de\s+contact|contact\s+form)\b.*",
        # a broadcast listing: "Dieses Thema im Programm: Das Erste, tagesschau, 12. Februar 2025, 17:00 Uhr"
        r"(?:dieses\s+thema\s+im\s+programm|(?:diffusé|broadcast|aired|gesendet)\s+(?:le|on|am))\s*:?.{0,160}",
        # skip links and accessibility menus
        r"(?:skip|aller|passer|zum|zur|zu|sauter)\b.{0,50}\b(?:content|contenu|navigation|menu|springen|feed|footer|links?|main)\b.{0,30}",
        r"accessibility\s+links|keyboard\s+shortcuts.{0,40}|raccourcis\s+clavier.{0,40}|tastaturkürzel.{0,40}",
        r"(?:follow|suivez|suivre|folgen\s+sie)\b.{0,40}|end\s+of\s+list|(?:e-?mail|adresse\s+e-?mail|e-mail-adresse)(?:\s+address)?\s*\*?",
        r"i\s+would\s+like\s+to\s+(?:be\s+emailed|receive).{0,200}|j['’]accepte\s+de\s+recevoir.{0,200}",
        r"\d{1,2}:\d\d\s*/\s*\d{1,2}:\d\d|(?:jetzt\s+)?(?:kostenlos\s+)?abonnieren.{0,40}",
        r"(?:VID[ÉE]OS?|PHOTOS?|INFOGRAPHIE|PODCAST|DIRECT|LIVE|EN\s+IMAGES|REPLAY|DIAPORAMA)\.\s.{5,200}",
        r"\[(?:read|lire|lesen|see|voir|what\s+you\s+need|get|sign|subscribe)\b[^\]]{0,200}\]|"
        r"from\s+the\s+section\s+.{2,60}|.*\bcheck\s+it\s+out\s+here\.?",
        # a video's caption and its player ("Media captionThe moment…", "Media caption, …")
        r"(?:media|video)\s*caption.*|légende\s+(?:de\s+la\s+)?vidéo.*|video(?:unterschrift|beschreibung).*",
        r"media\s+playback\s+is\s+(?:unsupported|not\s+supported)\b.*|(?:la\s+)?lecture\s+de\s+(?:ce\s+contenu|cette\s+vidéo)\s+"
        r"(?:multimédia\s+)?n['’]est\s+pas\s+(?:prise\s+en\s+charge|disponible).*|wiedergabe\s+(?:wird\s+)?(?:auf\s+\w+\s+\w+\s+)?nicht\s+unterstützt.*",
        # a box asking the reader for a like or a share: "Vous avez aimé cet article ?", "Like this:", "J’aime chargement…"
        ENGAGEMENT,
        r"(?:j['’]aime|like|gefällt\s+mir)\s+(?:chargement|loading|wird\s+geladen)\s*(?:…|\.\.\.|\.)?",
        r"(?:like\s+this|share\s+this(?:\s+(?:story|article|page|with))?|share\s+on|partager(?:\s+(?:sur|avec|cet\s+article))?|"
        r"teilen(?:\s+(?:mit|auf|sie\s+(?:diesen|den)\s+(?:artikel|beitrag)))?)\s*:?",
        # print editions, platforms, site indexes, where the reporter was
        r"a\s+version\s+of\s+this\s+article\s+appears\s+in\s+print\b.*|cet\s+article\s+(?:est\s+)?paru\s+dans\s+"
        r"(?:l['’]édition|le\s+(?:journal|quotidien|magazine|numéro)|notre\s+(?:édition|magazine|numéro))\b.*"
        r"|dieser\s+(?:artikel|beitrag|text)\s+erschien\s+(?:zuerst\s+)?(?:in|im)\s+(?:der\s+)?(?:print|gedruckten|ausgabe)\w*\b.*",
        r"(?:proudly\s+)?powered\s+by\s+\S.{0,40}|(?:fièrement\s+)?propulsé\s+par\s+\S.{0,40}|(?:stolz\s+)?präsentiert\s+von\s+\S.{0,40}"
        r"|site\s+(?:index|information\s+navigation|map)|plan\s+du\s+site|sitemap",
        # a sponsor's badge: "Supported by", "Seascape: the state of our oceans is supported by"
        r"(?=(?:\S+\s+){0,11}\S+$)[^.!?]*\b(?:supported|sponsored|presented)\s+by\b[^.!?]*|(?:soutenu|présenté)\s+par|unterstützt\s+von",
        r"(?:reporting|reported)\s+from\s+(?!.*\bby\b)[A-ZÀ-Ý][^.!?]{1,80}",
        r"(?:your|deine|ihre)\s+e-?mail(?:-adresse|\s+address)?\s+(?:will\s+not\s+be\s+published|wird\s+nicht\s+veröffentlicht)\b.*",
        r".{0,60}\b(?:is\s+not\s+responsible\s+for\s+the\s+content\s+of\s+external\s+(?:internet\s+)?(?:sites|links)|"
        r"n['’]est\s+pas\s+responsable\s+du\s+contenu\s+des\s+sites\s+externes|"
        r"(?:ist|sind)\s+nicht\s+(?:verantwortlich\s+)?für\s+(?:den\s+)?inhalt\w*\s+externer\s+(?:internet)?(?:seiten|links)).*",
        # a row of topics after its label, glued or spaced: "Topics FarmingWaterDrought", "Themen Schule Bildung"
        r"(?:topics|themen|sujets|thèmes|tags|mots-clés|schlagw(?:orte|örter)|see\s+more\s+on|voir\s+plus\s+sur|mehr\s+zu)"
        r"\s*:?\s*(?-i:[A-ZÀ-Ý0-9])[^.!?;]{0,200}",
        # news-blog and live-blog promotions: "Alle aktuellen Entwicklungen aus Berlin im Newsblog"
        r"(?:alle\s+)?(?:aktuellen\s+|neuesten\s+|wichtigen\s+)?(?:entwicklungen|news|infos|nachrichten|ereignisse)\b[^.!?]{0,80}"
        r"\b(?:im|in\s+unserem)\s+(?:news|live)-?(?:blog|ticker)|zum\s+(?:news|live)-?(?:blog|ticker)\b[^.!?]{0,80}"
        r"|(?:follow|read)\s+(?:our|the)\s+live\s+(?:blog|coverage|updates)\b[^.!?]{0,80}"
        r"|(?:suivez|retrouvez)\s+(?:notre|le|tout\s+notre)\s+direct\b[^.!?]{0,80}",
        # "Follow BBC Devon on Facebook, X and Instagram. Send your story ideas to …"
        r"(?=.{0,250}$)(?:follow|suivez|retrouvez|folgen\s+sie)\b.{0,60}\b(?:facebook|twitter|instagram|tiktok|youtube|linkedin|"
        r"bluesky|threads|whatsapp|telegram|mastodon)\b.*",
        # players, lists of links, disclaimers, footers
        r"(?:press\s+play\s+to\s+)?listen\s+to\s+this\s+article.*|voiced\s+by\s+artificial\s+intelligence\.?",
        r"list\s+(?:\d+\s+)?of\s+\d+(?:\s+items)?|\d+\s*mins?\.?|lecture\s+en\s+\d+\s*min\.?",
        r"(?:this\s+article\s+has\s+been\s+updated|cet\s+article\s+a\s+été\s+mis\s+à\s+jour|dieser\s+artikel\s+wurde\s+aktualisiert)\.?",
        r"save\s+articles\s+to\s+read\s+later.*|click\s+here\s+to\s+share.*|(?:partagez|share)\s+(?:cet\s+article|this\s+article)\s+.*",
        r"qui\s+sommes-nous\s*\??|charte\s+de\s+déontologie|about\s+us|über\s+uns|nous\s+suivre|follow\s+us",
        r".*\bn['’]engagent\s+que\s+leurs\s+auteurs\.?|the\s+views\s+expressed\s+.{0,80}\s+(?:are|do\s+not).*",
        r"join\s+(?:our|the)\s+(?:commenting\s+forum|conversation).*|join\s+thought-provoking\s+conversations.*",
        r"(?:cet|this)\s+article\s+(?:fait\s+partie|is\s+part)\s+(?:de|du|des|of)\s+.{1,120}",
        # listen to the article
        r"(?:écouter|listen\s+to|anhören|vorlesen)(?:\s+(?:cet|this|l['’])?\s*(?:article|artikel))?(?:\s+\d{1,2}:\d\d(?:\s*min)?)?",
        # a count alone on its line (of comments, of shares: "41"), not a year
        r"(?!(?:1[89]|20)\d\d$)\d{1,5}",
        # "Il y a 3 heures" alone, "Mis à jour" alone
        r"il\s+y\s+a\s+\d+\s+(?:secondes?|minutes?|heures?|jours?)",
    )
]


def _one_pattern(patterns: list[re.Pattern]) -> str:
    """`patterns` as one: a line is matched once, not once per pattern (fullmatch of an alternation is
    fullmatch of any of its branches, in whatever order). Its branches that begin with a letter are grouped
    by that letter (core.text.grouped_by_letter); those that begin with `.*` (then `\\b`) and a word, as
    `.*\\b(?:cookies…|contactez-nous…)`, are one branch, which tries at each start of a word only the words of
    its letter, where each used to scan the line apart."""
    words, scanned_words, scanned, others = [], [], [], []
    for pattern in patterns:
        for alternative in (each for part in alternatives(pattern.pattern) for each in distributed(part)):
            if letter_led(alternative):
                words.append(alternative)
                continue
            for lead, into in ((r".*\b", scanned_words), (".*", scanned)):
                if alternative.startswith(lead) and all(map(letter_led, rest := distributed(alternative[len(lead):]))):
                    into.extend(rest)
                    break
            else:
                others.append(alternative)
    branches = [grouped_by_letter(words), *others]
    if scanned_words:
        branches.append(rf".*\b(?:{grouped_by_letter(scanned_words)})")
    if scanned:
        branches.append(f".*(?:{grouped_by_letter(scanned)})")
    return "|".join(f"(?:{branch})" for branch in branches)


_ANY_PATTERN = re.compile(_one_pattern(_PATTERNS), re.I)
_TOC = re.compile(
    r"^(?:sommaire|au\s+sommaire|table\s+des\s+matières|contents|table\s+of\s+contents|in\s+this\s+article|"
    r"inhaltsverzeichnis|inhalt|in\s+diesem\s+artikel)\s*:?$",
    re.I,
)


def is_chrome(line: str) -> bool:
    """A line that is site furniture, whole: a button, a teaser, a comment count, a credits line…"""
    line = line.strip()
    if not line:
        return True
    if _TEASER.match(line) or _ANY_PATTERN.fullmatch(line):
        return True
    words = re.findall(r"[\w'’-]+", line.lower())
    return (
        0 < len(words) <= 6
        and not all(w.isdigit() for w in words)
        and all(w.replace("’", "'") in _BUTTON_WORDS or w.isdigit() for w in words)
    )


_COMMENTS = re.compile(
    r"^(?:\d+\s+)?(?:commentaires?|comments?|kommentare?|leserkommentare|réactions?|reactions?|postings?|forum)"
    r"(?:\s*\(\d+\))?\s*:?$|"
    r"^(?:join\s+the\s+conversation|les\s+commentaires\s+sont\s+fermés|comments\s+are\s+closed|"
    r"(?:ajouter|écrire|laisser|poster)\s+un\s+commentaire|(?:leave|post|add)\s+a\s+comment|diskutieren\s+sie\s+mit|"
    r"kommentar\s+schreiben|réagir\s+à\s+cet\s+article|réagissez\s+à\s+cet\s+article|vos\s+réactions(?:\s*\(\d+\))?|"
    r"ihre\s+meinung|join\s+our\s+commenting\s+forum|leave\s+a\s+reply|laisser\s+une\s+réponse|"
    r"schreibe?n?\s+sie\s+einen\s+kommentar|schreibe\s+einen\s+kommentar|hinterlasse\s+einen\s+kommentar)\s*:?$",
    re.I,
)


def is_comments_heading(line: str) -> bool:
    """The start of the readers' comments ("12 commentaires", "Comments", "Kommentare"): the article has ended."""
    return bool(_COMMENTS.match(line.strip()))


def has_interface_words(text: str) -> bool:
    """Whether `text` has a word of a site's interface ("4-Minute Listen", "Share this")."""
    return any(w in _INTERFACE_WORDS for w in re.findall(r"[\w'’-]+", text.lower()))


_INTERFACE_WORDS = frozenset("listen share save menu subscribe login partager écouter teilen merken anhören".split())


def is_interface_text(text: str) -> bool:
    """Words of a site's interface only ("Open Navigation Menu", "Zur Startseite", "Live TV")."""
    words = re.findall(r"[\w'’-]+", text.lower())
    return (
        0 < len(words) <= 6
        and any(w in _INTERFACE_ONLY for w in words)
        and all(w.replace("’", "'") in _BUTTON_WORDS or w in ("tv", "radio") for w in words)
    )


_INTERFACE_ONLY = frozenset(
    "menu navigation startseite accueil home live direct tv radio search suche rechercher".split()
)


def is_teaser_heading(line: str) -> bool:
    """The heading of a list of other articles ("Lire aussi", "Related", "Mehr zum Thema"), with nothing after
    it, or of the other parts of a series ("Cet article fait partie de la série « … »")."""
    line = line.strip().removesuffix(":").strip()  # "LIRE AUSSI :"
    return bool(_TEASER.match(line)) and not re.search(r"[:|>»›•–—]", line) or bool(_SERIES.fullmatch(line))


_SERIES = re.compile(
    r"(?:this\s+(?:article|story)\s+is\s+(?:part|one)\s+of|cet\s+article\s+fait\s+partie\s+d[eu]s?|"
    r"dieser\s+artikel\s+ist\s+teil\s+(?:der|des|einer|eines))\s+.{1,120}",
    re.I,
)


_CLOSING = re.compile(
    r"^(?:(?:other|more|autres|weitere)\s+(?:[\w'’]+\s+){0,3}(?:stories|columns|articles|news|chroniques|tribunes|beiträge|artikel)|"
    r"more\s+from\s+[\w ]{2,30}|related\s+(?:coverage|stories|articles)|most\s+(?:read|popular|viewed)|"
    r"les\s+plus\s+lus|"
    r"meistgelesen|recommended(?:\s+(?:stories|for\s+you))?|top\s+stories|you\s+may\s+also\s+like|vous\s+aimerez\s+aussi|"
    r"explore\s+more(?:\s+on\s+these\s+topics)?|das\s+könnte\s+sie\s+auch\s+interessieren|dans\s+la\s+même\s+rubrique)\s*:?$",
    re.I,
)


def is_closing_heading(line: str) -> bool:
    """A heading of other articles at the foot of a page ("Other Opinion Columns", "Most read"): the article ended."""
    return bool(_CLOSING.match(line.strip()))


def is_table_of_contents(line: str) -> bool:
    """The heading of a table of contents ("Sommaire", "Contents", "Inhaltsverzeichnis")."""
    return bool(_TOC.match(line.strip()))


_CALL_TO_ACTION = re.compile(
    r"(?:je\s+m['’]abonne|s['’]abonner|abonnez-vous|je\s+m['’]inscris|inscrivez-vous|"
    r"s['’]inscrire(?:\s+à\s+la\s+newsletter)?|subscribe(?:\s+(?:now|to\s+read|for\s+free))?|sign\s+up(?:\s+now)?|"
    r"register(?:\s+now)?|request\s+a\s+demo|try\s+it\s+(?:for\s+)?free|after\s+newsletter\s+promotion|"
    r"(?:jetzt\s+)?unterstützen|soutenez-nous|je\s+soutiens|support\s+us|donate(?:\s+now)?|faire\s+un\s+don|"
    r"tap\s+here|click\s+here|cliquez\s+ici|hier\s+klicken|"
    r"(?:jetzt\s+)?(?:kostenlos\s+)?(?:anmelden|abonnieren|registrieren|bestellen))\s*[.!]?",
    re.I,
)
_PROMO_HEADING = re.compile(
    r"(?=(?:\S+\s+){0,7}\S+$)(?:.{0,40}\bnewsletters?\b.{0,40}|sign\s+up\s+(?:to|for)\s+.{1,60}|"
    r"(?:abonnez-vous|inscrivez-vous)\s+à\s+.{1,60}|melden\s+sie\s+sich\s+.{1,60}|"
    r"(?:this|cet)\s+article\s+(?:is\s+part\s+of|fait\s+partie\s+de)\s+.{1,60})",
    re.I,
)


def is_call_to_action(line: str) -> bool:
    """A sign-up button ("S'inscrire", "Subscribe to read", "Jetzt anmelden"): it ends, or labels, a promotion."""
    return bool(_CALL_TO_ACTION.fullmatch(line.strip()))


def is_promo_heading(line: str) -> bool:
    """The heading of a promotion box ("Newsletter Sports", "Sign up to Down to Earth", "Nos newsletters")."""
    return bool(_PROMO_HEADING.fullmatch(line.strip()))
