"""What one line of page clutter looks like: the pattern table and the judgements that
need more than a pattern (bylines, date lines, meta lines of several parts, captions).

Used by :mod:`annotator.core.boilerplate`, which applies them line by line. The guiding
rule is that article text must never be taken for clutter: a dateline ("NAIROBI, March 12
(Reuters) -") or an agency tag at the end of a paragraph ("..., officials said. (AP)") is
text; a byline is a short line of names ("By Jane Doe, CNN"), not a sentence that starts
with "By" ("By Tuesday, Kenya and Uganda had closed the border."). No Qt, no SQL.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_AGENCY = (r"(?:AP|AFP|Reuters|REUTERS|EPA|EPA-EFE|Xinhua|Getty Images|Bloomberg|Shutterstock|IANS|PTI|ANI|dpa"
           r"|UPI|Anadolu|Sputnik|TASS|AAP|Kyodo|ZUMA Press|Alamy|NurPhoto|SOPA Images|Pexels|Unsplash"
           r"|(?:The )?Associated Press|Agence France-Presse|Press Trust of India|(?:The )?Canadian Press)")
_NAME = r"[A-Z][\w.'’-]*"  # a capitalised word: a name, an initial or an outlet
_CREDIT_TAIL = r"[^()\[\]]{1,80}"
_SHARE_ITEM = (r"(?:share(?: (?:on|via|to) (?:facebook|twitter|x|whatsapp|linkedin|e-?mail|reddit|telegram"
               r"|messenger|pinterest))?|share (?:this|the) (?:article|story|page)|share via|tweet|e-?mail|print"
               r"|copy(?: link)?|link(?: copied)?|copied|whatsapp|facebook|twitter|x|linkedin|reddit|pinterest"
               r"|flipboard|telegram|messenger|comments?|\d+ comments?|save|saved|bookmark|gift (?:this )?article"
               r"|reuse this content|copy url|more sharing options|share options|share full article"
               r"|add to your saved stories|\d{1,5}|count|(?:kindly )?share this (?:story|article)\s*:?"
               r"|(?:view|add|show|read|post|leave) (?:a )?comments?|click to comment|join the conversation"
               r"|share or comment on this article:?|gift this article(?: free)?"
               r"|copy/paste the article (?:video )?embed link below:?)!?")

#: (name, kind, pattern): each pattern must match a whole stripped line.
PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (name, kind, re.compile(pattern, flags)) for name, kind, pattern, flags in (
        # advertisements
        ("ad", "advertisement", r"(?:advertisement|advertisements|advert|ad|ads|sponsored|sponsored content"
                                r"|paid (?:content|post|partnership)|promoted(?: content)?|ad feedback"
                                r"|supported by|story continues|remove ads|advertising|skip advertisement)", _I),
        ("ad-label", "advertisement", r"(?:text ad|sponsored|advertisement|ad)\s*:\s*.{1,120}", _I),
        ("ad-scroll", "advertisement", r"(?:advertisement|ad)\s*[-–|:·]\s*(?:scroll|continue)[\w ]{0,30}", _I),
        ("promo", "promo", r"(?:sign up|subscribe)(?: now| today| here)?(?: (?:for|to) [\w'’ ]{1,60})?[.!]?"
                           r"|sign up (?:to get|for (?:our|the) [\w'’ ]{1,40}newsletter)[\w'’ ,]{1,120}[.!]?", _I),
        ("promo-more", "promo",
         r"(?:get|catch|track) (?:all )?(?:the )?latest [\w ,.]{0,100}(?:news|updates|headlines)[\w .,]{0,120}"
         r"|catch all the [\w ,]{1,100}(?:news|updates)[\w ,.]{0,150}"
         r"|(?:join|follow) (?:us|our [\w ]{1,30}) on (?:whatsapp|telegram|google news|instagram|youtube)[\w .!]{0,60}"
         r"|follow [\w ]{1,40} on (?:google news|whatsapp|telegram|twitter|x|facebook|instagram|youtube)"
         r"|join our (?:whatsapp|telegram) channel.{0,60}|download (?:the|our) [\w ]{1,30}app[\w .!]{0,60}"
         r"|click here to (?:get|download|join|subscribe|sign up|read).{0,60}|become a (?:member|subscriber)"
         r"|a version of this article appears in print on .{5,300}|(?:contact|e-?mail)\s*:?\s*\S+@\S+"
         r"|(?:daily|weekly|free) newsletter|newsletter|after newsletter promotion|privacy notice:.{0,400}"
         r"|most (?:read|viewed|popular)|read next|more on this(?: story)?|more from [\w ]{1,30}|more about"
         r"|explore more(?: on these topics)?|related topics|suggested topics:?|topics|tags?:.{0,120}", _I),
        ("ad-continues", "advertisement", r"(?:story|article|text) continues (?:below|after)"
                                          r"(?: this| the)? (?:advertisement|ad)", _I),
        ("continue-reading", "advertisement", r"(?:continue reading|scroll (?:down )?to continue)"
                                              r"(?: (?:the|this) (?:main )?(?:story|article))?(?: below)?", _I),
        # video and audio players
        ("play-video", "video", r"click to play video\b.*", _I),
        ("watch", "video", r"(?:WATCH|Watch|VIDEO|Video)(?: LIVE| live)?\s*[:|]\s*\S.*", 0),
        ("watch-bare", "video", r"(?:watch|video|watch video|watch live|watch the video|play video|this video can ?not be played"
                                r"|media caption,.{0,300})", _I),
        ("listen", "audio", r"(?:listen|listen to (?:this|the) (?:article|story)|listen to article|audio"
                            r"|(?:new:?\s*)?you can now listen to [\w' ]{1,40} articles!?"
                            r"|your browser does not support the audio element\.?)"
                            r"(?:\s*[|·•(-]?\s*\d{1,2}(?::\d{2})?\s*(?:min|mins|minutes?)?\)?(?: listen)?)?", _I),
        # page navigation
        ("navigation", "navigation", r"(?:skip to (?:main )?(?:content|navigation|search|footer|menu|main menu)"
                                     r"|skip to [\w ]{1,40}|skip links|skip next section.{0,80}|jump to (?:content|navigation)"
                                     r"|back to top|(?:open |close )?(?:navigation )?menu|close|search|sign in|log in|login"
                                     r"|register|home|print subscriptions|search jobs|send us your feedback|toggle navigation|translate"
                                     r"|(?:hide|toggle|show) caption|enlarge this image|playlist|transcript"
                                     r"|why you can trust [\w ]{1,30}|browse today's tags|read later|read comments)", _I),
        # links to other articles
        ("read-link", "link", r"(?:also read|read also|read more|read|related|related article|see also|see more on"
                              r"|recommended"
                              r"|must read|more from [\w ]{1,30}|also see|don't miss|trending)\s*[:|–-]+\s*\S.*", _I),
        ("related-article", "link", r"[Rr]elated article [A-Z].{5,150}", 0),
        ("read-bare", "link", r"(?:also read|read also|read more|read less|related(?: stories| articles| news)?"
                              r"|recommended(?: stories)?|more stories|trending(?: now| topics)?|top stories|see more|more less"
                              r"|see full web article|learn more|keep reading)\s*:?", _I),
        # share and follow buttons, one or several on a line
        ("short-url", "share", r"short ?url", _I),
        ("follow", "share", r"(?:follow|follow us)(?:\s*(?:on|:)\s*.{0,60})?", _I),
        ("share", "share", r"[•·*|-]?\s*" + _SHARE_ITEM + r"(?:[\s|•·,/]+" + _SHARE_ITEM + r")*", _I),
        ("share-social", "share", r"click (?:here )?to share on social media|share\d", _I),
        # trackers and scraping residue
        ("scorecard", "tracker", r"(?:\S*\.)?scorecardresearch(?:\.\S*)?", _I),
        ("null-image", "tracker", r"(?:null|undefined|none)\s*\|\s*image\s*:.*", _I),
        ("bare-url", "tracker", r"(?:https?://|www\.)\S+", _I),
        ("separator", "tracker", r"[_*=~#•·-]{3,}", 0),
        ("loading", "tracker", r"loading\.*|please enable javascript.{0,80}", _I),
        # credits: images and agencies
        ("image-credit", "credit", r"\(?(?:image|photo|picture|pic|video|file|representative image|photograph"
                                   r"|composite|illustration)s?(?: credit| courtesy| source)?s?\s*:\s*[^()]{1,80}\)?",
         _I),
        ("image-source", "credit", r"image source,\s*.{1,80}", _I),
        ("image-caption", "caption", r"(?:image|media) caption,\s*.{1,380}", _I),
        ("credit-dots", "credit", r"credit(?:\.\.\.|…|\s*:)\s*.{2,80}", _I),
        ("agency-credit", "credit", r"[(\[]\s*(?:file\s*:\s*)?" + _AGENCY + r"(?: photo)?(?:\s*/\s*[^()]{1,50})?\s*[)\]]",
         _I),
        ("bare-credit", "credit", _AGENCY + r"(?: [Pp]hotos?)?(?:\s*(?:/|via)\s*[^()]{1,50})?", 0),
        ("name-credit", "credit", r"(?:" + _NAME + r" ){0,3}" + _NAME + r"\s*/\s*(?:" + _AGENCY
         + r"|picture alliance|[A-Z][\w ]{1,30} via " + _AGENCY + r")(?:\s*(?:/|via)\s*[\w ]{1,40})*", 0),
        ("file-image", "credit", r"\(?(?:representational|representative|file) (?:image|photo|picture)\)?", _I),
        ("initials", "credit", r"[a-z]{1,4}(?:/[a-z]{1,4})+\s*\([^()]{1,60}\)", 0),
        ("name-outlet-credit", "credit", r"(?:" + _NAME + r" ){1,3}" + _NAME + r"\s*/\s*[A-Z][\w&]{1,20}"
                                         r"(?:\s*/\s*[\w ]{1,30})?", 0),
        ("with-inputs", "source", r"\(?\s*(?:with (?:inputs|input) from [\w ,&.]{2,60}|with (?:agency|agencies) inputs"
                                  r"|inputs from [\w ,&.]{2,60})\s*\)?\.?", _I),
        ("syndicated", "source", r"\(?[^()]{0,220}(?:from|through|via) an? (?:syndicated|wire|agency|news) feed\.?\)?\.?",
         _I),
        ("source", "source", r"[Ss]ource\s*:\s*(?:" + _NAME + r"|and|news|agencies|agency|wires?)"
                             r"(?:[\s,]+(?:" + _NAME + r"|and|news|agencies|agency|wires?)){0,6}\.?", 0),
        ("copyright", "copyright", r"©.{1,140}|(?:copyright|\(c\)).{0,80}(?:\d{4}|all rights reserved|ltd|limited|inc)"
                                   r".{0,140}", _I),
        ("rights", "copyright", r"all rights reserved\.(?:\s.{0,300})?|this material may not be published, broadcast, rewritten,?"
                                r" or redistributed\.?|our standards: the thomson reuters trust principles\.?"
                                r"(?:,? opens new tab)?|purchase licensing rights(?:, opens new tab)?", _I),
        # bylines (metadata candidates) that are not "By ..." lines
        ("byline-role", "byline", r"(?:by )?(?:[A-Z]{2,6} )?staff(?: and agencies)?|contributing:\s*.{2,80}"
                                  r"|(?:by )?(?:our|special|staff|from our|from a) (?:correspondents?|reporters?)"
                                  r"|(?:staff|special) (?:reporter|correspondent)|(?:news|web|online|digital) desk"
                                  r"|agencies", _I),
        ("agency-place", "byline", _AGENCY + r"\s*[,|]?\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?", 0),
        ("published-in", "timestamp", r"published in (?:the )?[A-Z][\w ]{1,40},? (?:on )?[\w ,]{0,30}\d{4}\.?", _I),
        ("contributed", "byline", r"[^.!?]{5,150}\bcontributed (?:reporting|research|(?:to )?(?:this|the)"
                                   r" (?:report|story|article))[^.!?]{0,80}\.?", _I),
        # time stamps (metadata candidates)
        ("stamp-word", "timestamp", r"(?:published|updated|posted)\s*:?", _I),
        ("read-time", "timestamp", r"[-–•·]?\s*\d{1,3}\s*(?:min|mins|minute|minutes)\.?\s+read", _I),
        # page labels
        ("section", "label", r"[-–•·]\s*(?:\w+\s+){0,3}news", _I),
    )
)

# -- bylines ---------------------------------------------------------------------------
_BYLINE_HEAD = re.compile(r"(?:\(?\s*(?:additional )?(?:reporting|writing|editing|research|graphics|compiled|"
                          r"reported|written|edited|posted|published|curated|photos|text|words) by|by|reporting from)\s*:?\s*", _I)
_REUTERS_CREDIT = re.compile(r"\(?\s*(?:additional )?(?:reporting|writing|editing|research|graphics|compiled)"
                             r" by ", _I)
_PART_SPLIT = re.compile(r"\s*(?:[,;|·•]|\s[/–—-]\s|\band\b|&)\s*")
_CONNECTORS = frozenset("and de da del della van von der den al el bin bint la le du dos di y in for of the at on "
                        "with from".split())
_ROLES = frozenset("correspondent reporter editor writer staff desk bureau contributor contributors inputs agencies "
                   "agency news special senior chief political foreign our team online digital web updated published "
                   "reporting writing editing additional".split())
#: a sentence may start with "By <word>": these words are never the first name of a byline
_NOT_A_NAME = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december jan feb mar apr jun jul aug sep sept oct nov dec then now today tomorrow "
    "tonight yesterday noon midnight dawn dusk nightfall morning evening afternoon night daybreak law contrast "
    "comparison far mid late early end christmas easter ramadan eid diwali sunset sunrise lunchtime design default "
    "chance accident way all most some many year month week weekend spring summer autumn winter fall election day "
    "this that these those its his her their our my your one two three four five six seven eight nine ten "
    "half nearly almost about around over more less last next early mid-march mid-april".split())
_NAME_TOKEN = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-Z]\.|Mc\w+|O'\w+)")
_INITIAL_END = re.compile(r"(?:\b[A-Z]|Jr|Sr)\.$")


def _name_part(part: str, first: bool) -> bool:
    """A part of a byline: capitalised names and outlets, role words, date words."""
    tokens = part.split()
    if not tokens or len(tokens) > 7:
        return False
    if first and tokens[0].casefold().rstrip(".,") in _NOT_A_NAME:
        return False
    has_name = False
    for token in tokens:
        low = token.casefold()
        if _NAME_TOKEN.fullmatch(token) and (not token.endswith(".") or _INITIAL_END.search(token)
                                             or len(token) <= 3):
            has_name = True
        elif low in _CONNECTORS or low in _ROLES or low in DATE_WORDS or DATE_TOKEN.fullmatch(low):
            continue
        else:
            return False
    return has_name or not first and all(t.casefold() in _ROLES for t in tokens) or is_date_line(part)


_REPORTED_FROM = re.compile(r"(.{3,80}?) (?:reported|contributed reporting|contributed research) from (.{3,120}?)\.?")


def is_reported_from(stripped: str) -> bool:
    """"Rachel Chason reported from Dakar.", "Elian Peltier reported from Dakar, and Mady Camara
    from Ziguinchor, Senegal.": the reporters' note at the end of an article."""
    match = _REPORTED_FROM.fullmatch(stripped)
    if match is None:
        return False
    parts = [p for p in _PART_SPLIT.split(f"{match.group(1)}, {match.group(2)}") if p]
    return all(_name_part(p, i == 0) for i, p in enumerate(parts))


_PERSON = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|[A-Z]\.|Mc[A-Z][a-z]+|O'[A-Z][a-z]+|[A-Z]{2,}(?:-[A-Z]{2,})?)"
_PARTICLE = r"(?:de|da|van|von|der|al|el|bin|la|le|du|dos|di)"
_NAMES = re.compile(rf"{_PERSON}(?: (?:{_PARTICLE} )?{_PERSON}){{1,3}}"
                    rf"(?: (?:and|&) {_PERSON}(?: (?:{_PARTICLE} )?{_PERSON}){{1,3}})?(?: in {_PERSON}(?: {_PERSON})?)?")


def is_name_line(stripped: str) -> bool:
    """"Jane Dalton", "Jason Burke in Johannesburg", "JANE DOE and John Roe": two to four
    names per person, which is a byline when it stands between a headline and a time stamp."""
    return len(stripped) <= 80 and _NAMES.fullmatch(stripped) is not None \
        and stripped.split()[0].casefold() not in _NOT_A_NAME


def is_byline(stripped: str) -> bool:
    """"By Jane Doe", "By JANE DOE and John Roe, CNN", "Reported by: Vishal Tiwari",
    "(Reporting by Duncan Miriri; Editing by Alison Williams)": a short line of names."""
    if len(stripped) > 160 or stripped.endswith((".", "!", "?")) and not _INITIAL_END.search(stripped):
        return False
    head = _BYLINE_HEAD.match(stripped)
    if head is None:
        return False
    rest = stripped[head.end():].rstrip(")")
    if _REUTERS_CREDIT.match(stripped):
        rest = re.sub(r"\b(?:additional )?(?:reporting|writing|editing|research|graphics) by\b", ",", rest, flags=_I)
    parts = [p for p in _PART_SPLIT.split(rest) if p]
    return bool(parts) and all(_name_part(p, i == 0) for i, p in enumerate(parts))


# -- time stamps -----------------------------------------------------------------------
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun".split()
_ZONES = "ist gmt utc bst cet cest est edt cst cdt mst mdt pst pdt et pt ct aest msk eet eest eat cat wat sast uk".split()
DATE_WORDS = frozenset(_MONTHS + _DAYS + _ZONES + [
    "am", "pm", "a.m", "p.m", "at", "on", "hrs", "ago", "min", "mins", "minute", "minutes", "hour", "hours",
    "day", "days", "today", "yesterday", "updated", "published", "modified", "last", "first", "posted", "issued"])
DATE_TOKEN = re.compile(r"\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:am|pm)?"
                        r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|(?:gmt|utc)[+-]\d{1,2}(?::?\d{2})?|\d{1,2}(?:am|pm)", _I)
_SPLIT = re.compile(r"[\s,|–—-]+")
_HAS_DIGIT = re.compile(r"\d")
STAMP_PREFIX = re.compile(r"(?:published date|date published|publish date|published|updated|posted|last updated"
                          r"|first published|last modified|modified|issued|created|date|dated)(?:\s+(?:on|at))?\s*:?\s*", _I)


def is_date_line(stripped: str) -> bool:
    """A line made of date and time words only, with at least one number
    ("07:40 IST, November 26th 2020"), perhaps after "Published", "Updated on:" and the like."""
    prefix = STAMP_PREFIX.match(stripped)
    if prefix:
        stripped = stripped[prefix.end():]
    if len(stripped) > 80 or not _HAS_DIGIT.search(stripped):
        return False
    tokens = [t for t in _SPLIT.split(stripped) if t]
    if not tokens or len(tokens) > 14:
        return False
    has_number = False
    for t in tokens:
        low = t.casefold().rstrip(".,:")
        if DATE_TOKEN.fullmatch(low):
            has_number = True
        elif low not in DATE_WORDS:
            return False
    return has_number


# -- lines of several parts: "By Jane Doe · 12 March 2024, 10:42 GMT" -----------------
_META_SPLIT = re.compile(r"\s+[|·•/]\s+|\s+[–—]\s+|\s+-\s+|\s*[|·•]\s*")
_READ_TIME = re.compile(r"\d{1,3}\s*(?:min|mins|minutes?)\.?(?:\s+read)?", _I)
_LABEL_PART = re.compile(r"(?:[A-Z][\w.'’&-]*|[A-Z]{2,}[\w.]*|of|and|the|in|&)(?:\s+(?:[A-Z][\w.'’&-]*|of|and|the|in|&))"
                         r"{0,4}")


def meta_kind(stripped: str) -> str | None:
    """``byline`` or ``timestamp`` for a line whose every part (split at "|", "·", " / ", " – ")
    is a byline, a date, a reading time or a short capitalised label, with a byline or a date
    among them: "World News | Press Trust of India | Updated: March 12, 2024 10:42 am IST"."""
    if len(stripped) > 200:
        return None
    parts = [p for p in _META_SPLIT.split(stripped) if p]
    if len(parts) < 2:
        return None
    kinds = []
    for part in parts:
        if is_byline(part):
            kinds.append("byline")
        elif is_date_line(part):
            kinds.append("timestamp")
        elif _READ_TIME.fullmatch(part) or _LABEL_PART.fullmatch(part):
            kinds.append("label")
        else:
            return None
    return "byline" if "byline" in kinds else "timestamp" if "timestamp" in kinds else None


# -- captions ---------------------------------------------------------------------------
#: a caption's tell at its end: a photographer's credit, not a bare agency name
# the credit closing a caption, in three shapes: the last "(...)", the last "[...]", or words at the end
_PAREN_CREDIT = re.compile(
    r"\((?:\s*" + _AGENCY + r"\s+Photo(?:\s*/\s*" + _CREDIT_TAIL + r")?\s*"
    r"|\s*(?i:photo|image|picture|pic|photograph|representative image|representational image|file(?: photo)?)"
    r"(?i:\s*(?:credit|courtesy|source))?\s*(?:[:,]|(?i:by))?\s*" + _CREDIT_TAIL + r"?"
    r"|\s*" + _AGENCY + r"(?:\s*/\s*" + _CREDIT_TAIL + r")"
    r"|(?:" + _NAME + r"\s*){1,4}/\s*(?:" + _NAME + r"\s*){1,4}(?:/[^()]{1,40})?)\)\.?")
_BRACKET_CREDIT = re.compile(
    r"\[(?:\s*(?i:file\s*:\s*)?[^\[\]]{0,60}" + _AGENCY + r"[^\[\]]{0,40}"
    r"|(?:" + _NAME + r"\s*){1,4},\s*(?:" + _NAME + r"\s*){1,4}"
    r"|\s*(?i:photo|image|picture|credit)s?\s*:\s*[^\[\]]{1,60})\]\.?")
_WORDS_CREDIT = re.compile(
    r"(?:\s[—–-]\s*" + _AGENCY + r"\s+(?i:file)(?: photo)?"
    r"|(?:REUTERS|Reuters)/[A-Z][^/]{1,40}(?:/File Photo)?(?:\s*Purchase Licensing Rights(?:, opens new tab)?)?"
    r"|(?i:photograph|pic|photo|image|credit|composite)(?i: credit)?\s*:\s*[^.]{1,60}|Credit(?:\.\.\.|…)[^.]{1,80}"
    r"|©\s*[^©]{1,60}|(?:PHOTO|Photo|PHOTOS)\s*[/|]\s*[A-Z][\w .'-]{1,40}"
    r"|(?:" + _NAME + r"\s+){1,3}/\s*(?:" + _AGENCY + r")(?:\s*(?:/|via)\s*[\w ]{1,40})*"
    r"|(?:" + _NAME + r"\s*){1,3}/(?:" + _AGENCY + r")(?:\s*(?:/|via)\s*[\w ]{1,40})*)\.?$")


def _credit_start(stripped: str) -> int | None:
    """Where the photo credit that ends *stripped* starts, or None."""
    end = stripped.rstrip(".")
    if end.endswith(")"):
        at = stripped.rfind("(")
        return at if at >= 0 and _PAREN_CREDIT.fullmatch(stripped, at) else None
    if end.endswith("]"):
        at = stripped.rfind("[")
        return at if at >= 0 and _BRACKET_CREDIT.fullmatch(stripped, at) else None
    tail = stripped[-CREDIT_WINDOW:]
    if "/" in tail or ":" in tail or "©" in tail or "…" in tail or "..." in tail or end[-4:].casefold() == "file" \
            or end.endswith("Photo"):
        match = _WORDS_CREDIT.search(stripped, max(0, len(stripped) - CREDIT_WINDOW))
        return match.start() if match else None
    return None


_CAPTION_START = re.compile(r"(?:\[\d{1,2}/\d{1,2}\]|FILE\s*[-–—:]|FILE PHOTO\s*:|Image caption,|"
                            r"A handout photo|Handout photo|Photo for illustrative purposes|Illustrative (?:photo|image))"
                            r"\s*\S", 0)
#: a bare "(AFP)" at the end is a caption's only if the rest looks like one (see :func:`caption_kind`)
_BARE_TAG_END = re.compile(r"(?:\(\s*(?:" + _AGENCY + r"|file|AFP/File|AP/File)\s*\)\.?|\s[—–-]\s*" + _AGENCY + r")$", _I)
_SAID = re.compile(r"\b(?:said|says|say|told|tells|according|added|adds|stated|announced|reported|quoted|"
                   r"warned|urged|insisted|claimed|confirmed|denied|argued)\b|[\"“”]|\b(?:I|we|you)\b", _I)
_SENTENCE_BREAK = re.compile(r"(\S*)[.!?][\"”’)]?\s+[A-Z\"“]")
_ABBREVIATIONS = frozenset("mr ms mrs dr st no lt mt vs gen col sgt gov sen rep maj capt jan feb mar apr jun jul aug "
                           "sep sept oct nov dec u.s u.k u.n".split())


def _sentences_break(text: str) -> bool:
    """Whether *text* holds more than one sentence ("Nov. 21" and "U.S. troops" do not break)."""
    for match in _SENTENCE_BREAK.finditer(text):
        word = match.group(1)
        if not (len(word) <= 1 or word.casefold() in _ABBREVIATIONS or word.isupper() and len(word) <= 3):
            return True
    return False


_DATELINE = re.compile(r"[A-Z][A-Z .'-]{2,40}(?:,\s*[\w .]{2,30})?\s*(?:\(\s*" + _AGENCY + r"\s*\))?\s*[:—–-]")
_YEAR_DATE = re.compile(r"\b(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")\.?\s+\d{1,2},?\s+(?:19|20)\d{2}"
                        r"|\b\d{1,2}\s+(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")\.?,?\s+(?:19|20)\d{2}"
                        r"|\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}")
CREDIT_WINDOW = 130  # characters at a line's end that can hold a photo credit
CAPTION_MAX_CHARS = 300  # a caption with a bare agency tag is longer than this only as a paragraph


def caption_kind(stripped: str) -> str | None:
    """``caption`` for a photo caption judged on its own, ``weak`` for one that is a caption
    only if the line before it is clutter, else None.

    A caption ends in a photographer's credit ("(AP Photo/Brian Inganga)", "REUTERS/Monicah
    Mwangi", "Photograph: Brian Inganga/AP") or starts like one ("FILE -", "[1/3]"). A line
    ending in a bare agency tag ("(AFP)") is a caption only when it is one sentence, quotes
    and reports nobody, does not open with a dateline, and either dates the picture with its
    year ("on Nov. 21, 2020") or follows other clutter: a paragraph of text ending in
    "(Reuters)" is text."""
    if len(stripped) < 10:
        return None
    # a credit is short: its end is looked for in the line's last characters only (a regex search
    # over every paragraph's whole length was most of detection's time)
    credit = _credit_start(stripped)
    if credit is not None or _CAPTION_START.match(stripped):
        return "caption" if credit is None or credit >= 5 else None
    end = stripped[-25:]
    if ")" not in end and "—" not in end and "–" not in end and " - " not in end:
        return None
    tag = _BARE_TAG_END.search(stripped, max(0, len(stripped) - 40))
    if tag is None:
        return None
    body = stripped[:tag.start()].strip()
    if not could_be_caption(body):
        return None
    return "caption" if _YEAR_DATE.search(body) else "weak"


def opens_with_dateline(line: str) -> bool:
    """"KARACHI: ...", "NAIROBI, Kenya (AP) — ...": the first paragraph of an article's body."""
    return _DATELINE.match(line) is not None


def could_be_caption(body: str) -> bool:
    """One sentence of at most :data:`CAPTION_MAX_CHARS` that quotes and reports nobody and
    does not open with a dateline: what a photo caption is, without its credit."""
    return not (len(body) < 10 or len(body) > CAPTION_MAX_CHARS or _SAID.search(body) or _sentences_break(body)
                or _DATELINE.match(body))


__all__ = ["DATE_TOKEN", "DATE_WORDS", "PATTERNS", "STAMP_PREFIX", "caption_kind", "could_be_caption", "is_byline", "opens_with_dateline", "is_date_line",
           "is_name_line", "is_reported_from", "meta_kind"]
