"""Clutter detection line by line: each named pattern, and news lines that only look like clutter."""

from __future__ import annotations

import pytest

from annotator.core.boilerplate import classify, detect, outlet_key, repeated_lines


@pytest.mark.parametrize("line, kind", [
    ("Advertisement", "advertisement"),
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Article continues after this advertisement", "advertisement"),
    ("Sponsored content", "advertisement"),
    ("Click to play video: 'Something happened'", "video"),
    ("WATCH: The minister speaks – Nov 14, 2020", "video"),
    ("Read: Azeri Army Enters Territory", "link"),
    ("Also Read", "link"),
    ("READ MORE: Why the truce matters", "link"),
    ("Short Url", "share"),
    ("Follow: Google News Icon", "share"),
    ("  • share", "share"),
    ("sb.scorecardresearch", "tracker"),
    ("null | Image: self", "tracker"),
    ("https://example.com/a/b?c=1", "tracker"),
    ("(Image Credit: AP)", "credit"),
    ("Photo: Reuters", "credit"),
    ("Soldiers patrol near Askeran on Nov. 21, 2020. (AFP)", "caption"),
    ("Reported by: Vishal Tiwari", "byline"),
    ("By Jane Doe, Associated Press", "byline"),
    ("Published By : Associated Press Television News", "byline"),
    ("Published 07:40 IST, November 26th 2020", "timestamp"),
    ("Updated 30 November 2020 at 04:25 IST", "timestamp"),
    ("Published On: 30 November 2020 at 04:26 IST", "timestamp"),
    ("07:40 IST, November 26th 2020", "timestamp"),
    ("Wednesday, 25 November 2020", "timestamp"),
    ("- 2 min read", "timestamp"),
    ("- World News", "label"),
    ("Advertisement - Scroll to continue", "advertisement"),
    ("Sign up for our daily newsletter", "promo"),
    ("Subscribe", "promo"),
    ("AP Photo/Vahram Baghdasaryan", "credit"),
    ("Getty Images", "credit"),
    ("Copyright 2020 The Associated Press. All rights reserved.", "copyright"),
    ("This material may not be published, broadcast, rewritten or redistributed.", "copyright"),
    ("Updated 3 hours ago", "timestamp"),
    ("Skip to main content", "navigation"),
    ("Listen to this article", "audio"),
    ("(With inputs from PTI)", "source"),
    ("By Jane Doe · 12 March 2024, 10:42 GMT", "byline"),
    ("(Image credit: AP)", "credit"),
    ("Share on Facebook Share on Twitter", "share"),
    ("By EVELYNE MUSAMBI and RODNEY MUHUMUZA", "byline"),
    ("By Alix Culbertson, political reporter", "byline"),
    ("Reporting by Duncan Miriri; Editing by Alison Williams", "byline"),
    ("World News | Press Trust of India | Updated: March 12, 2024 10:42 am IST", "timestamp"),
    ("Smoke rises over Nairobi. (Image credit: AP)", "caption"),
    ("FILE - Police patrol Busia on March 1, 2024. (AP Photo/Brian Inganga, File)", "caption"),
    ("Police at the crossing in Busia. Photograph: Brian Inganga/AP", "caption"),
])
def test_clutter_lines(line: str, kind: str) -> None:
    assert classify(line) == kind
    assert [(c.start, c.end, c.kind) for c in detect(f"News text here.\n{line}\nMore news.")] == [
        (16, 16 + len(line), kind)]


@pytest.mark.parametrize("line", [
    "The ministry said the advertisement ran in three newspapers on Monday.",
    "Advertisement revenue fell by a third in 2020, the company said.",
    "Updated figures show 300 people were killed since September 27.",
    "Published in 1994, the report described the war in detail.",
    "By Tuesday, the troops had entered the region.",
    "By Monday Armenia had withdrawn its forces.",
    "Read the full statement on the ministry's website, he said.",
    "Watch the skies, the general told his men.",
    "Follow the money, the investigators said.",
    "Heavy fighting broke out on Sept. 27, 2020.",
    "November 26th 2020 will be remembered as a dark day.",
    "Share prices rose on Wednesday.",
    "Armenia-Azerbaijan conflict",
    "Azerbaijan deploys forces in Kalbajar and Aghdam",
    "“Yes.”",
    "Subscribers to the service complained on Monday.",
    "Copyright lawyers said the case could take years.",
    "Reuters reported that 2,000 peacekeepers had arrived.",
    "Three days later, the troops withdrew.",
    "By Tuesday, Kenya and Uganda had closed the border.",
    "By law, the president must sign the bill within 14 days.",
    "By Ruto's own admission, the talks had stalled.",
    "By Jove, as my grandfather would say, we never learn.",
    "NAIROBI, March 12 (Reuters) - Kenya and Uganda closed their shared border on Tuesday.",
    "The talks ended without a deal, officials said. (Reuters)",
    "Fighting continued in Darfur on Thursday. (AP)",
    "The Met Office has forecast more rain for Wednesday. — APP",
    "Rachel Chason reported that the talks had stalled.",
    "Listen to the opposition and you will hear one demand.",
    "Skip the speeches and look at the prices.",
])
def test_news_lines_are_not_clutter(line: str) -> None:
    assert classify(line) is None
    assert detect(f"First paragraph of news.\n\n{line}\n\nLast paragraph of news.") == []


def test_a_paragraph_ending_in_an_agency_tag_after_clutter_is_text() -> None:
    text = "Headline\nAdvertisement\nThe United States has been mediating since May. (Reuters)\nMore text."
    assert [c.kind for c in detect(text)] == ["advertisement"]


def test_a_bare_tag_caption_sits_between_furniture_and_the_dateline() -> None:
    text = "Headline\nTranslate\nPeople cool off under a water pipe on Monday. — AFP\nKARACHI: It was hot."
    assert [c.kind for c in detect(text)] == ["navigation", "caption"]


def test_a_caption_above_its_credit_between_furniture() -> None:
    text = "Headline\nShare\nRain in Dubai on Monday.\nImage Credit: Jane Doe/Gulf News\nDubai: Rain fell."
    assert [c.kind for c in detect(text)] == ["share", "caption", "credit"]
    assert [c.kind for c in detect("Rain fell on Monday.\nImage Credit: Jane Doe/Gulf News")] == ["credit"]


def test_a_name_above_a_time_stamp_is_a_byline() -> None:
    text = "UK heatwave: temperatures to hit 33C\nJane Dalton\nThursday 18 July 2024 10:42 BST\nText."
    assert [c.kind for c in detect(text)] == ["byline", "timestamp"]
    # a short headline in title case right above the date is not a byline
    assert [c.kind for c in detect("Kenya Closes Border With Uganda\n12 March 2024\nText.")] == ["timestamp"]
    assert [c.kind for c in detect("Kenya Closes Border Posts\n\nJane Dalton\n12 March 2024")] == [
        "byline", "timestamp"]


def test_a_run_of_topic_labels_after_clutter_but_not_a_list_in_the_text() -> None:
    assert [c.kind for c in detect("Text.\nRelated topics\nKenya\nUganda")] == ["promo", "label", "label"]
    assert detect("Key bills:\nBharatiya Nyaya Sanhita Bill\nBharatiya Sakshya Bill\nText.") == []


def test_a_repeated_headline_is_marked_after_its_first_copy() -> None:
    text = "Troops enter the region at dawn\n\nTroops enter the region at dawn\nNews."
    assert [(c.start, c.kind) for c in detect(text)] == [(33, "duplicate")]


def test_short_repeated_lines_are_not_duplicates() -> None:
    assert detect("“Yes.”\nHe said it twice.\n“Yes.”") == []


def test_the_video_title_under_the_player_is_video_but_not_elsewhere() -> None:
    text = "Click to play video: 'Homes burn'\nHomes burn\nNews.\nHomes burn"
    kinds = [(text[c.start:c.end], c.kind) for c in detect(text)]
    assert kinds == [("Click to play video: 'Homes burn'", "video"), ("Homes burn", "video")]


def test_a_label_between_clutter_is_marked_but_not_between_news() -> None:
    clutter = detect("News one.\nShort Url\nAzerbaijan\nAdvertisement\nNews two.")
    assert [c.kind for c in clutter] == ["share", "label", "advertisement"]
    assert detect("News one.\n\nAzerbaijan\n\nNews two.") == []


def test_lines_repeated_across_an_outlets_articles() -> None:
    texts = [f"Story {i} about the war.\nThe Planet is a Planet Media Group title\nEnd {i}." for i in range(3)]
    repeated = repeated_lines(texts)
    assert "the planet is a planet media group title" in repeated
    assert not any(k.startswith("story") for k in repeated)
    assert [c.kind for c in detect(texts[0], repeated)] == ["repeated"]
    assert repeated_lines(texts[:2]) == set()  # two articles are not enough


def test_long_lines_are_never_outlet_furniture() -> None:
    para = "A wire paragraph that every article of the outlet reused. " * 5
    assert repeated_lines([f"{para}\nEnd {i}." for i in range(5)]) == set()


def test_outlet_key() -> None:
    assert outlet_key("Republic World (APTN)") == outlet_key("republic  world") == "republic world"
    assert outlet_key("") == ""


def test_the_text_is_untouched() -> None:
    text = "Advertisement\r\nNews.\n"
    regions = detect(text)
    assert regions and text == "Advertisement\r\nNews.\n"
