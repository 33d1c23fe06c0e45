"""Whom an attribution's speaker is, when the model's spans leave it open: the cue's subject
stands in for a source the model did not tag, and a source names a state or organisation
only when that is its head, not a word qualifying it. The sentences are made up."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc, Span

from stancedb.extract import nlp, span_linking
from stancedb.extract.attribution import noun_phrase
from stancedb.extract.documents import Metadata, document_from_text
from stancedb.extract.mentions import find_mentions
from stancedb.extract.pipeline import Quote, extract_all

ARTICLE = ("Dock strike spreads\n\n"
           "Harbour workers walked out on Monday.\n\n"
           "A lawyer for the dock workers, Ruth Okafor, insisted that the strike was lawful.\n\n"
           "The city council of Lyon is demanding that the port reopen at once.\n")


def quotes(text: str) -> list[Quote]:
    document = document_from_text("t.txt", text, "text", Metadata("Wire", None,
                                                                   date(2024, 3, 6)))
    return next(extract_all([document])).quotes


def test_the_noun_phrase_of_a_subject_keeps_its_apposition_and_drops_its_clauses() -> None:
    doc = nlp.load()("A lawyer for the dock workers, Ruth Okafor, who has argued many cases, "
                     "insisted that the strike was lawful.")
    lawyer = next(t for t in doc if t.text == "lawyer")
    assert noun_phrase(lawyer).text == "A lawyer for the dock workers, Ruth Okafor"
    # commas around a relative clause hang from the head; the clause stays out
    doc = nlp.load()("The mayor, who was elected in May, said the port would reopen.")
    mayor = next(t for t in doc if t.text == "mayor")
    assert noun_phrase(mayor).text == "The mayor"


def test_a_cue_without_a_tagged_source_is_spoken_by_its_subject(
        monkeypatch: pytest.MonkeyPatch) -> None:
    model_spans = span_linking.model_spans

    def without_sources(doc: Doc) -> list[Span]:
        return [s for s in model_spans(doc) if s.label_ != "SOURCE"]

    tagged = model_spans(nlp.load()(ARTICLE))
    assert {"insisted", "is demanding"} <= {s.text for s in tagged if s.label_ == "CUE"}
    monkeypatch.setattr(span_linking, "model_spans", without_sources)
    found = {q.cue: q for q in quotes(ARTICLE)}
    # A description with a name in apposition: the name.
    assert found["insisted"].speaker == "Ruth Okafor"
    assert ARTICLE[found["insisted"].speaker_start:found["insisted"].speaker_end] == \
        "A lawyer for the dock workers, Ruth Okafor"
    # A description without one: its own words, never the place that qualifies it.
    demanding = next(q for cue, q in found.items() if cue and "demanding" in cue)
    assert "council" in demanding.speaker


def test_a_place_qualifying_a_source_is_not_the_speaker() -> None:
    found = quotes("Farm prices fell.\n\n"
                   "Several leaders of farming groups in Norway welcomed the tariff cut.\n")
    welcomed = next(q for q in found if q.cue == "welcomed")
    assert welcomed.speaker != "Norway"
    assert "leaders" in welcomed.speaker


def test_a_stance_verb_coordinated_inside_reported_speech_is_the_reporters() -> None:
    # The parser joins "accused" to "was" inside what Kowalski said; the accusation is still
    # hers, never the plan's.
    found = quotes("Plant to close\n\nUnion leader Anna Kowalski said the plan was unfair and "
                   "accused Martin Hale of lying.\n")
    accused = [q for q in found if q.cue == "accused"]
    assert accused and all(q.speaker == "Anna Kowalski" for q in accused)
    assert not any(q.speaker == "plan" for q in found)


def test_a_quotation_ending_a_paragraph_is_not_the_next_paragraphs_speakers() -> None:
    # A cue after a blank line belongs to its own paragraph's words ("But Morgan said ..."),
    # never to the quotation that closed the paragraph before it.
    text = ("Coach under pressure\n\n"
            '"I have the full support of the board," Paolo Conti said. "The players are '
            'working hard and I believe in them."\n\n'
            "But former captain Steve Morgan said the club had lost its way.\n")
    found = quotes(text)
    players = next(q for q in found if "players" in q.content)
    assert players.speaker == "Paolo Conti"
    assert "Morgan" not in players.content
    morgan = next(q for q in found if q.speaker == "Steve Morgan")
    assert morgan.content == "the club had lost its way"


def test_a_stance_verb_coordinated_with_another_stance_verb_keeps_its_subject() -> None:
    found = quotes("Port row\n\nMayor Tom Reed said Ann Lee criticised the plan and accused "
                   "Martin Hale of lying.\n")
    assert all(q.speaker == "Ann Lee" for q in found if q.cue == "accused")


def test_an_institution_speaks_for_the_state_that_owns_it() -> None:
    found = quotes("Talks stall\n\nNorway's foreign ministry insisted that the talks would "
                   "go on.\n")
    assert any(q.speaker == "Norway" for q in found)


def test_a_pronoun_outside_a_quotation_does_not_refer_to_a_name_inside_it() -> None:
    # Quoted words are another voice: "he said" after them is the speaker, not the man the
    # quotation talks about, though the quotation runs over two sentences.
    found = quotes('Budget vote\n\nPaul Kerr said the budget was sound. "I thought Mr Dalton '
                   'was very effective on the night. And I think voters noticed," he said.\n')
    noticed = next(q for q in found if "noticed" in q.content)
    assert noticed.speaker == "Paul Kerr"


def test_a_report_inside_another_speakers_words_keeps_the_reporter() -> None:
    # The governor's call is something the spokesman reports: the spokesman's attribution
    # keeps its speaker, the governor's is a second one, and "he" next goes on with the
    # reporter rather than the person reported.
    text = ("Fares\n\nSpokesman Dan Reyes said on Monday that Governor Tom Hale has long "
            "called for lower fares. He said Hale hopes the next governor will cut them too.\n")
    found = quotes(text)
    said = next(q for q in found if "lower fares" in q.content and q.cue == "said")
    assert said.speaker == "Dan Reyes"
    assert any(q.speaker == "Tom Hale" and q.cue == "called" for q in found)
    hopes = next(q for q in found if "hopes" in q.content)
    assert hopes.speaker == "Dan Reyes"


def test_a_cue_the_model_left_without_content_takes_its_clause() -> None:
    # "..., sources said": an unnamed source with the clause it reports.
    found = quotes("Mill to close\n\nThe steel mill in Brackton will close in June, "
                   "sources said.\n")
    said = next(q for q in found if q.cue == "said")
    assert said.speaker == "sources"
    assert said.content.startswith("The steel mill in Brackton will close")


def test_according_to_a_source_reports_the_rest_of_its_sentence() -> None:
    # "..., according to police": the model may tag the cue and the source but no content;
    # the report is the rest of the sentence, also when the source is unnamed.
    text = ("Fire at depot\n\nOfficers saw a man running from the building, according to "
            "police.\n\nThe fire began at noon, according to Mayor Ann Lee.\n")
    found = {q.speaker: q for q in quotes(text) if q.cue == "according to"}
    assert found["police"].content == "Officers saw a man running from the building"
    assert found["Ann Lee"].content == "The fire began at noon"
    assert text[found["police"].content_start:found["police"].content_end] == \
        found["police"].content


def test_a_cue_ending_a_paragraph_with_a_colon_introduces_the_next_paragraph() -> None:
    text = ("Rally\n\nSenator Grace Obi added:\n\n"
            "It is a sad day for the town. We will fight on.\n\nThe rally ended at noon.\n")
    found = quotes(text)
    added = next(q for q in found if q.speaker == "Grace Obi")
    assert added.content == "It is a sad day for the town. We will fight on."
    assert text[added.content_start:added.content_end] == added.content


def test_a_quotation_signed_with_a_dash_is_its_signers() -> None:
    # Readers' comments and vox pops: "“...” ― Name", one after another, none with a verb.
    text = ("Voters react\n\nWe asked voters what they made of the debate.\n\n"
            "“How did we get this low?” ― Maria Delgado\n"
            "“The plans made no sense to me.”― Tom Becker.\n\n"
            "“He scares me.” ― Laura Vance\n"
            "“Nobody answered a single question.” ― Peter Lindqvist\n")
    found = quotes(text)

    def signer(words: str) -> str:
        speakers = {q.speaker for q in found if words in q.content}
        assert len(speakers) == 1, speakers
        return speakers.pop()

    assert signer("How did we get this low?") == "Maria Delgado"
    assert signer("The plans made no sense to me.") == "Tom Becker"
    assert signer("He scares me.") == "Laura Vance"
    assert signer("Nobody answered a single question.") == "Peter Lindqvist"
    # the signature is not part of what was said
    assert not any("Becker" in q.content or "Vance" in q.content for q in found)


def test_a_name_the_ner_cut_too_wide_is_the_shorter_full_name() -> None:
    # A title-case headline lets a verb run into the name ("Rip Ann Cole"); the full name in
    # the body is the person's.
    found = quotes("Senators Rip Donald Pearce Over Tax Claims\n\n"
                   "Donald Pearce said on Friday that he had paid every tax he owed.\n")
    assert [q.speaker for q in found if q.cue == "said"] == ["Donald Pearce"]
    index = find_mentions(nlp.load()("Senators Rip Donald Pearce Over Claims\n\n"
                                     "Donald Pearce said he paid."))
    assert {m.name for m in index.mentions if m.is_person} == {"Donald Pearce"}


def test_some_members_of_a_party_speak_as_themselves() -> None:
    # Counted or quantified ("one", "many", "two"), a party's name picks out members; the
    # party as a body speaks only unquantified ("the Democrats").
    text = ("Vote delayed\n\nOne Republican said the bill would fail.\n\n"
            "Many Democrats said the vote was a mistake.\n\n"
            "The Democrats said the bill was a disgrace.\n")
    speakers = {q.content.split()[-1]: q.speaker for q in quotes(text)}
    assert speakers == {"fail": "One Republican", "mistake": "Many Democrats",
                        "disgrace": "Democratic Party"}


def test_a_passive_cues_agent_speaks_not_its_subject() -> None:
    # "X has been endorsed by Y": Y endorses, whichever span the model tagged as source.
    text = ("Papers back Lee\n\nMayor Ann Lee has been endorsed by the Daily Courier.\n\n"
            "Dan Petty, meanwhile, is supported by far fewer publications.\n")
    speakers = {q.content: q.speaker for q in quotes(text)}
    assert speakers == {"Ann Lee": "Daily Courier", "Dan Petty": "fewer publications"}


def test_a_countrys_name_inside_a_bodys_name_is_that_bodys() -> None:
    # "the U.S. Court of Appeals", "USA Today": bodies of their own, not the country.
    text = ("Court ruling\n\nThe U.S. Court of Appeals for the Ninth Circuit said the law was "
            "valid.\n\nThe U.S. said the deal was fair.\n")
    speakers = {q.content: q.speaker for q in quotes(text)}
    assert speakers == {"the law was valid": "U.S. Court of Appeals",
                        "the deal was fair": "United States"}


def test_paragraphs_after_a_colon_cue_go_on_with_its_speaker() -> None:
    # "Reporter Ann Lee writes:" and then quoted paragraphs without a cue: they are hers,
    # not the subject of the sentence before.
    text = ("Voter profile\n\nThe woman disputes the idea that she needed help. Reporter Ann "
            "Lee writes:\n\n\"The first time she had seen him, at a rally in June, she was only "
            "beginning to see how many people shared her views.\n\n\"Later she thought the "
            "whole thing was outrageous. She was anxious, sure. But certainly not in need of a "
            "hospital stay.\"\n\nThe rally ended at noon.\n")
    uncued = [q for q in quotes(text) if q.cue is None]
    assert uncued and {q.speaker for q in uncued} == {"Ann Lee"}


def test_examples_of_a_source_name_who_speaks() -> None:
    # "Critics, like Senators A and B, say ...": the critics named are the speakers.
    text = ("Visa row\n\nCritics of the program, like Senators Ann Lee and Tom Reed, say it "
            "is open to fraud.\n")
    assert [q.speaker for q in quotes(text)] == ["Ann Lee"]


def test_a_cue_on_the_next_line_is_not_a_quotations() -> None:
    # A quotation's cue may follow it in the next sentence ("'A. B,' said X."), but never
    # across a line break: the next line is another paragraph with its own reports.
    doc = nlp.load()("\u201cThese are howls. These are not whistles.\u201d\n"
                     "Tom Reed has low support from young voters.")
    content = doc.char_span(0, doc.text.index("\n"), label="CONTENT")
    start = doc.text.index("has")
    cue = doc.char_span(start, start + len("has low support from"), label="CUE")
    assert content is not None and cue is not None
    [linked] = span_linking.link(doc, [content, cue])
    assert linked.cue is None


def test_a_name_in_apposition_after_an_office_of_an_organisation_holds_the_office() -> None:
    # "The chairman of X, Y, said": the parser hangs Y on X, the nearest noun; X is no person,
    # so Y is the chairman.
    found = quotes("Bid\n\nThe chairman of Harbor Logistics, Paul Hart, said the offer was too "
                   "low.\n")
    assert [(q.speaker, q.cue) for q in found] == [("Paul Hart", "said")]


def test_a_quotation_before_a_cue_with_its_own_complement_is_the_previous_speakers() -> None:
    # "told reporters the team had ..." reports its own clause; the quotation before it goes
    # on with the last quoted speaker, as an uncued quotation does.
    found = quotes('Match\n\n"We were poor today," said coach Ann Ruiz. "I take the blame."\n\n'
                   '"The referee was excellent." Tom Reed told reporters the team had let the '
                   "fans down.\n")
    by_content = {q.content.strip('"'): q.speaker for q in found}
    assert by_content["The referee was excellent."] == "Ann Ruiz"
    assert by_content["the team had let the fans down"] == "Tom Reed"


def test_a_defined_acronym_names_its_body_wherever_it_is_used() -> None:
    found = quotes("Doping\n\nThe World Rowing Council (WRC) met in May. Later the WRC said the "
                   "tests were fair.\n")
    assert ("World Rowing Council", "said") in [(q.speaker, q.cue) for q in found]


def test_each_conjunct_of_a_subject_speaks() -> None:
    found = quotes("Row\n\nSenator Ann Lee and Governor Tom Reed criticised Harbor Logistics.\n")
    assert {q.speaker for q in found} == {"Ann Lee", "Tom Reed"}
    # a conjunct elsewhere in the sentence does not speak
    found = quotes("Row\n\nAnn Lee said the plan would hurt Tom Reed and Dan Petty.\n")
    assert {q.speaker for q in found} == {"Ann Lee"}


@pytest.mark.parametrize(("text", "cue", "speaker"), [
    # the gazetteer's parties are organisations "they" can stand for
    ("Row\n\nThe Labour Party held a rally in Leeds on Monday. They said the tax plan would "
     "hurt families.\n", "said", "Labour Party"),
    # a plural noun subject naming people stands between: "they" are those people
    ("Row\n\nTwenty state governors wrote to Harbor Logistics. They argue the depot breaks "
     "the law.\n", "argue", "Twenty state governors"),
    # "it" after a document subject is the document, not the firm named beside it
    ("Row\n\nThe review found failings at Harbor Logistics. It says the firm ignored safety "
     "warnings.\n", "says", "review"),
    # a work speaks for its author
    ("Row\n\nSenator Ann Lee's letter to the board says the depot plan is unlawful.\n",
     "says", "Ann Lee"),
])
def test_group_pronouns_and_works_name_who_speaks(text: str, cue: str, speaker: str) -> None:
    assert (speaker, cue) in [(q.speaker, q.cue) for q in quotes(text)]


def test_a_cue_with_only_an_object_does_not_take_the_quotation_before_it() -> None:
    # "told reporters" has no clause of its own: the quotation before it is its content
    found = quotes('Match\n\n"We were poor today," said coach Ann Ruiz.\n\n'
                   '"The referee was excellent." Dan Petty told reporters.\n')
    assert ("Dan Petty", "told") in [(q.speaker, q.cue) for q in found
                                     if "referee" in (q.content or "")]


@pytest.mark.parametrize("text", [
    # "offers" is no group of people; "the plan" does not speak
    "Row\n\nThe offers were too low. They said the plan was unfair.\n",
    "Row\n\nThe plan was published on Monday. It said taxes would rise.\n",
])
def test_things_do_not_speak_through_they_or_it(text: str) -> None:
    assert all(q.speaker not in ("offers", "plan") for q in quotes(text))


def test_a_work_speaks_for_who_made_it_not_who_received_it() -> None:
    from stancedb.extract.coref import Resolver

    def author(sentence: str) -> str | None:
        doc = nlp.load()(sentence)
        resolver = Resolver(find_mentions(doc))
        work = next(t for t in doc if t.lemma_ in ("letter", "speech"))
        found = span_linking.work_author(work, resolver)
        return found.name if found else None

    assert author("A speech Senator Ann Lee delivered on Monday attacked the plan.") == "Ann Lee"
    assert author("A letter Senator Ann Lee received on Monday attacked the plan.") is None


def test_a_possessive_may_own_what_its_own_clause_names() -> None:
    from stancedb.extract.coref import Resolver
    doc = nlp.load()("The Grain Board came under fire for its failure to act.")
    resolver = Resolver(find_mentions(doc))
    its = next(t for t in doc if t.lower_ == "its")
    found = resolver.referent(its)
    assert found is not None and found.name == "Grain Board"
