
import pytest

from annotator.core.codebook import (AttributeField, CodebookError, dump_codebook, parse_codebook,
                                     validate_attributes)
from annotator.paths import default_codebook_path


def test_default_codebook_has_the_four_codes_with_definitions_and_fields():
    specs = parse_codebook(default_codebook_path().read_text(encoding="utf-8"))
    assert [s.name for s in specs] == ["claim", "quote", "casualty figure", "territorial change"]
    assert [s.shortcut for s in specs] == ["1", "2", "3", "4"]
    assert all(len(s.description) > 150 and "Example from the seeds" in s.description for s in specs)
    fields = {s.name: [(f.name, f.type) for f in s.attributes] for s in specs}
    assert fields["quote"] == [("speaker", "text")]
    assert fields["claim"] == [("claimant", "text")]
    assert fields["casualty figure"] == [("figure", "text"), ("who", "choice"), ("side", "text")]
    assert fields["territorial change"] == [("place", "text"), ("from", "text"), ("to", "text")]
    assert len({s.color for s in specs}) == 4


def test_dump_parse_round_trip():
    specs = parse_codebook(default_codebook_path().read_text(encoding="utf-8"))
    assert parse_codebook(dump_codebook(specs)) == specs


@pytest.mark.parametrize("doc, fragment", [
    ("{", "not valid JSON (line 1"),
    ('{"format": "other"}', "not an annotator codebook"),
    ('{"format": "annotator-codebook", "version": 99, "codes": []}', "newer"),
    ('{"format": "annotator-codebook", "codes": [{"name": ""}]}', "non-empty 'name'"),
    ('{"format": "annotator-codebook", "codes": [{"name": "a/b"}]}', "may not contain '/'"),
    ('{"format": "annotator-codebook", "codes": [{"name": "a", "color": "red"}]}', "#RRGGBB"),
    ('{"format": "annotator-codebook", "codes": [{"name": "a", "attributes": [{"name": "x", "type": "date"}]}]}',
     "expected one of text, number, choice"),
    ('{"format": "annotator-codebook", "codes": [{"name": "a", "attributes": [{"name": "x", "type": "choice"}]}]}',
     "non-empty list of 'choices'"),
    ('{"format": "annotator-codebook", "codes": [{"name": "a"}, {"name": "a"}]}', "share a name"),
])
def test_bad_codebooks_name_the_problem(doc, fragment):
    with pytest.raises(CodebookError, match=None) as exc:
        parse_codebook(doc, "my.codebook.json")
    assert fragment in str(exc.value)
    assert "my.codebook.json" in str(exc.value)


FIELDS = (AttributeField("speaker"), AttributeField("n", "number"), AttributeField("who", "choice", ("a", "b")))


def test_validate_attributes_accepts_declared_values_and_coerces_numbers():
    assert validate_attributes(FIELDS, {"speaker": "Aliyev", "n": "12", "who": "a"}, "q") == {
        "speaker": "Aliyev", "n": 12, "who": "a"}
    assert validate_attributes(FIELDS, {"n": "2.5", "speaker": ""}, "q") == {"n": 2.5}


@pytest.mark.parametrize("values, fragment", [
    ({"nope": "x"}, "no attribute 'nope'"),
    ({"n": "many"}, "must be a number"),
    ({"who": "c"}, "must be one of a, b"),
    ({"speaker": 3}, "must be text"),
    (["x"], "must be an object"),
])
def test_validate_attributes_rejects(values, fragment):
    with pytest.raises(CodebookError) as exc:
        validate_attributes(FIELDS, values, "quote")
    assert fragment in str(exc.value)
