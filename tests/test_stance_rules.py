"""Each stance rule of the extractor on sentences invented for it (never from a dev set).

One test per linguistic class named in stancedb/extract/stance.py and lexicon.py: the cue's
polarity, light verbs with stance nouns, naming verbs, refusal and negation scope, the owner
of a stance verb's object, agents judged by what is said of them, deficiencies, owners of
judged things, conditions, hearsay, third parties, and descriptions of speakers.
"""

from __future__ import annotations

from datetime import date

import pytest

from stancedb.extract.documents import Metadata, document_from_text
from stancedb.extract.pipeline import ExtractedStatement, extract_all

PUBLISHED = date(2024, 3, 6)


def statements(text: str) -> list[ExtractedStatement]:
    document = document_from_text("t.txt", text, "text", Metadata("Wire", None, PUBLISHED))
    return next(extract_all([document])).statements


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(s.actor, s.stance, s.target) for s in statements(text)}


def test_the_issue_example_finds_what_a_coder_finds() -> None:
    text = ("Budget row deepens\n\n"
            "Finance Minister Helen Marsh has criticised a teachers' union leader who said the "
            "spending plans would close schools. Mrs Marsh said Peter Cole was trying to block "
            "reforms that threatened his members' jobs.\n\n"
            "Senator Maria Lopez threw her support behind Governor Tom Reed on Tuesday, calling "
            "him \"the steadiest hand in the race\". Later, Reed refused to endorse Lopez's "
            "rival, Dan Petty.\n\n"
            "\"Petty has no plan for the economy,\" Reed told reporters.\n")
    found = statements(text)
    assert {(s.actor, s.stance, s.target) for s in found} == {
        ("Helen Marsh", "oppose", "Peter Cole"),
        ("Maria Lopez", "support", "Tom Reed"),
        ("Tom Reed", "oppose", "Dan Petty"),
    }
    assert sum(1 for s in found if (s.actor, s.target) == ("Tom Reed", "Dan Petty")) == 2


@pytest.mark.parametrize(("sentence", "expected"), [
    # expressed support: the cue verb itself carries the stance toward its object
    ("Mayor Carla Diaz praised Harbor Logistics for its new depot.",
     ("Carla Diaz", "support", "Harbor Logistics")),
    # expressed opposition
    ("Union leader Omar Patel condemned Harbor Logistics over the job cuts.",
     ("Omar Patel", "oppose", "Harbor Logistics")),
    # rebuttal verbs with a noun object
    ("The regulator Ofwat rejected Severn Water's price plan.",
     ("Ofwat", "oppose", "Severn Water")),
])
def test_cue_polarity(sentence: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(sentence)


def test_owner_of_a_stance_verbs_object_receives_the_stance() -> None:
    # "attacked X's record": the record is X's, and so is the criticism.
    assert ("Anna Novak", "oppose", "Peter Lund") in triples(
        "Senator Anna Novak attacked Governor Peter Lund's spending record on Friday.")


def test_a_person_noun_owned_by_someone_is_not_its_owner() -> None:
    found = triples("Coach Rita Gomez refused to praise Ian Holt's deputy, Sam Reyes.")
    assert ("Rita Gomez", "oppose", "Sam Reyes") in found
    assert not any(t == "Ian Holt" for _, _, t in found)


@pytest.mark.parametrize("sentence", [
    "Councillor Beth Ward gave her backing to Mayor Tom Ruiz.",
    "Councillor Beth Ward threw her weight and her support behind Mayor Tom Ruiz.",
    "Councillor Beth Ward voiced support for Mayor Tom Ruiz.",
    # verbs of aiming a stance at someone
    "Councillor Beth Ward heaped praise on Mayor Tom Ruiz.",
])
def test_light_verbs_take_their_stance_nouns_relation(sentence: str) -> None:
    assert ("Beth Ward", "support", "Tom Ruiz") in triples(sentence)


@pytest.mark.parametrize(("sentence", "stance"), [
    ("Chairman Luis Ortega refused to endorse Dana Kim.", "oppose"),
    ("Chairman Luis Ortega has not backed Dana Kim.", "oppose"),
])
def test_refusal_and_negation_flip_the_cue(sentence: str, stance: str) -> None:
    assert ("Luis Ortega", stance, "Dana Kim") in triples(sentence)


@pytest.mark.parametrize("sentence", [
    # withholding a hostile word or act, by refusal as by negation, is no support (2.3: it
    # used to flip into support)
    "Chairman Luis Ortega declined to criticise Dana Kim.",
    "Chairman Luis Ortega refused to threaten Dana Kim.",
    "Chairman Luis Ortega did not condemn Dana Kim.",
])
def test_withholding_a_hostile_act_is_no_stance(sentence: str) -> None:
    assert not triples(sentence)


def test_naming_verbs_take_the_valence_of_the_name() -> None:
    assert ("Joan Blake", "oppose", "Carl Voss") in triples(
        "Opposition leader Joan Blake called Carl Voss a dishonest and reckless minister.")


@pytest.mark.parametrize(("sentence", "stance"), [
    # evaluative complement of a copula
    ('"Emma Park is a brilliant striker," said coach Alan Reid.', "support"),
    # manner adverb
    ('"Emma Park played superbly against the champions," said coach Alan Reid.', "support"),
    # evaluated object
    ('"Emma Park made a terrible mistake," said coach Alan Reid.', "oppose"),
    # hostile act of the agent
    ("Coach Alan Reid said Emma Park was trying to undermine the squad.", "oppose"),
    # failure of the agent
    ("Coach Alan Reid said Emma Park had failed to turn up for training.", "oppose"),
])
def test_agents_judged_by_what_is_said_of_them(sentence: str, stance: str) -> None:
    assert ("Alan Reid", stance, "Emma Park") in triples(sentence)


def test_aiming_verbs_direct_a_stance_noun_at_their_target() -> None:
    assert ("Beth Ward", "oppose", "Tom Ruiz") in triples(
        "Councillor Beth Ward reserved her scorn for Mayor Tom Ruiz.")
    assert ("Beth Ward", "oppose", "Tom Ruiz") in triples(
        "Councillor Beth Ward aimed her criticism at Mayor Tom Ruiz.")


@pytest.mark.parametrize("sentence", [
    "Coach Alan Reid said Emma Park was delighted with the result.",
    "Coach Alan Reid said Emma Park's parents were proud and happy.",
    "Coach Alan Reid said the striker Emma Park was worried about her knee.",
    "Coach Alan Reid said Emma Park was happier than ever.",
])
def test_a_feeling_ascribed_to_someone_does_not_judge_them(sentence: str) -> None:
    # experiencer adjectives say how the subject feels, not how good the subject is
    assert not any(target == "Emma Park" for _actor, _stance, target in triples(sentence))


def test_a_judgement_joined_to_a_feeling_still_judges() -> None:
    assert ("Alan Reid", "oppose", "Emma Park") in triples(
        "Coach Alan Reid said Emma Park was tired and incompetent.")


def test_a_feeling_that_imputes_weakness_is_a_jab() -> None:
    assert ("Alan Reid", "oppose", "Emma Park") in triples(
        "Coach Alan Reid said Emma Park was afraid of the big games.")


@pytest.mark.parametrize(("sentence", "stance"), [
    # general terms of blame and praise that VADER lacks (valence.SUPPLEMENT)
    ('"That speech was a gaffe by Minister Paul Grant," said Jo Fenn.', "oppose"),
    ('"Minister Paul Grant has been a prudent steward," said Jo Fenn.', "support"),
])
def test_supplemented_terms_of_praise_and_blame(sentence: str, stance: str) -> None:
    assert ("Jo Fenn", stance, "Paul Grant") in triples(sentence)


def test_deficiency_judges_the_subject() -> None:
    assert ("Ruth Adler", "oppose", "Green Alliance") in triples(
        '"The Green Alliance has no answer on energy prices," said Ruth Adler.')


@pytest.mark.parametrize("sentence", [
    '"This is a disgraceful blunder by Minister Paul Grant," said Jo Fenn.',
    "Jo Fenn said Minister Paul Grant's plans were a disaster.",
])
def test_owners_of_judged_things(sentence: str) -> None:
    assert ("Jo Fenn", "oppose", "Paul Grant") in triples(sentence)


def test_condition_and_hearsay_are_not_the_speakers_view() -> None:
    assert triples("Jo Fenn said she would back Paul Grant if he changed course.") == set() or \
        all(s.modality == "conditional"
            for s in statements("Jo Fenn said she would back Paul Grant if he changed course."))
    assert ("Jo Fenn", "oppose", "Paul Grant") not in triples(
        "Jo Fenn dismissed claims that Paul Grant had misled voters.")


def test_what_a_third_party_does_is_not_the_speakers_view() -> None:
    found = triples("Analyst Mia Chen said Apex Mining is funding the Delta Party.")
    assert ("Mia Chen", "support", "Delta Party") not in found
    assert ("Mia Chen", "support", "Apex Mining") not in found


def test_retort_is_a_reporting_verb() -> None:
    assert ("Ken Ito", "oppose", "Lara Moss") in triples(
        '"Lara Moss is simply wrong," retorted Ken Ito.')


def test_honorifics_link_to_the_full_name_and_tell_gender() -> None:
    text = ("Finance Minister Helen Marsh met Peter Cole on Monday.\n\n"
            "Mrs Marsh later said he was a dishonest negotiator.")
    assert triples(text) == {("Helen Marsh", "oppose", "Peter Cole")}


def test_passive_stance_verbs_act_on_their_subject() -> None:
    assert ("Farm Union", "oppose", "Jon Bly") in triples(
        "Minister Jon Bly was criticised by the Farm Union on Monday.")


def test_the_subject_of_a_passive_is_not_an_agent() -> None:
    # being arrested says nothing of the arrested; being disgraced does
    assert triples("Officer Kay Lund said Tom Vale was arrested after the match.") == set()


def test_verbs_of_giving_support_their_recipient() -> None:
    assert ("Norway", "support", "Kenya") in triples(
        "Norway offers Kenya loans for new railways\n\nThe offer came on Monday.")


def test_a_verbs_direct_object_is_its_target_not_the_topic() -> None:
    found = triples("Coach Rita Gomez praised Leo Park for his work with Ana Silva.")
    assert ("Rita Gomez", "support", "Leo Park") in found
    assert not any(t == "Ana Silva" for _, _, t in found)


def test_the_author_of_a_rejected_thing_is_opposed() -> None:
    assert ("Lille", "oppose", "Harbor Capital") in triples(
        "Lille rejected a bid from Harbor Capital.")


def test_a_place_in_a_description_is_not_the_speaker() -> None:
    found = triples("A Texas councillor has defended Mayor Tom Ruiz.")
    assert not any(actor == "Texas" for actor, _, _ in found)


def test_an_indefinite_description_is_someone_new() -> None:
    text = ("Union spokesman Carl Webb met the minister.\n\n"
            "\"The plan is a disgrace,\" said a Greenpeace spokesman of Minister Ann Holt's plan.")
    assert not any(actor == "Carl Webb" for actor, _, _ in triples(text))


def test_a_definite_organisation_description_refers_back() -> None:
    text = ("Harbor Logistics cut 200 jobs on Monday.\n\n"
            "Union leader Omar Patel said the firm was dishonest.")
    assert ("Omar Patel", "oppose", "Harbor Logistics") in triples(text)


def test_party_adjectives_name_the_party() -> None:
    assert ("Ann Lee", "oppose", "Labour Party") in triples(
        "Conservative spokeswoman Ann Lee attacked the Labour plans on Friday.")


def test_a_quotation_left_open_ends_where_the_next_opens() -> None:
    from stancedb.extract.attribution import quote_spans

    text = 'Lee said: "This is bad news. "Sam is a fine player." Then she left.'
    assert [text[a:b] for a, b in quote_spans(text)] == ['"This is bad news.',
                                                        '"Sam is a fine player."']


def test_a_quotation_without_a_cue_continues_the_last_speaker() -> None:
    text = ("Cup exit\n\n"
            "\"We lost today,\" said coach Alan Reid. \"Emma Park was brilliant, though.\"\n")
    assert ("Alan Reid", "support", "Emma Park") in triples(text)


def test_pronouns_follow_a_chain_through_the_narrative() -> None:
    text = ("Coach Alan Reid spoke after the game. He praised Emma Park as a future captain.\n\n"
            "\"Emma Park is a wonderful player,\" he told reporters.")
    assert {(s.actor, s.stance, s.target) for s in statements(text)} >= {
        ("Alan Reid", "support", "Emma Park")}
    assert all(s.actor == "Alan Reid" for s in statements(text))


def test_a_first_name_alone_names_the_person() -> None:
    text = ("Coach Alan Reid watched Michael Dunn score twice.\n\n"
            "\"Michael is a superb striker,\" Reid said.")
    assert ("Alan Reid", "support", "Michael Dunn") in triples(text)


def test_adjectives_vader_lacks_come_from_patterns_lexicon() -> None:
    # "exceptional" is rated by Pattern's adjective lexicon, not by VADER
    assert ("Sue Marr", "support", "Delta Bank") in triples(
        '"Delta Bank has done an exceptional job," said analyst Sue Marr.')


def test_intensifiers_do_not_judge() -> None:
    assert ("Sue Marr", "support", "Delta Bank") not in triples(
        '"This is an incredible gamble by Delta Bank," said analyst Sue Marr.')


def test_kin_are_not_targets() -> None:
    assert triples("Senator Jon Bly said his wife Ann had been wonderful.") == set()


def test_they_after_a_plural_noun_subject_means_those_people() -> None:
    text = ("Harbor Logistics announced a merger.\n\n"
            "Union leader Omar Patel said the workers knew they were betrayed.")
    assert ("Omar Patel", "oppose", "Harbor Logistics") not in triples(text)


def test_a_why_question_is_not_a_demand() -> None:
    assert ("Ann Lee", "support", "Delta Party") not in triples(
        "Ann Lee asked why the council should join with the Delta Party.")


def quotes(text: str) -> list[tuple[str, str]]:
    document = document_from_text("t.txt", text, "text", Metadata("Wire", None, PUBLISHED))
    return [(q.speaker, q.content) for q in next(extract_all([document])).quotes]


def test_a_given_name_tells_the_gender_a_pronoun_must_agree_with() -> None:
    # Bundled given-name table (nomquamgender): "Brian" is a man's name, "Karen" a woman's.
    text = ("Governor Brian Wells met Senator Karen Holt on Monday.\n\n"
            "Holt was late. He said the new tax was a disaster.")
    assert ("Brian Wells", "the new tax was a disaster") in quotes(text)


def test_a_gendered_noun_of_another_clause_does_not_tell_a_names_gender() -> None:
    # "The businessman praised Senator Karen Holt": his noun, not her title; she stays a woman.
    text = ("Brian Wells met the press on Monday.\n\n"
            "The businessman praised Senator Karen Holt. "
            "She said the new tax was a disaster.")
    assert ("Karen Holt", "the new tax was a disaster") in quotes(text)


def test_a_gendered_title_in_apposition_before_a_name_tells_its_gender() -> None:
    # "the chairwoman, Robin Holt": the comma of an apposition does not end the title (and
    # "Robin" alone does not tell).
    from stancedb.extract import nlp
    from stancedb.extract.mentions import find_mentions

    people = find_mentions(nlp.load()("The chairwoman, Robin Holt, was late.")).people
    assert people["Robin Holt"].gender == "f"


def test_a_definite_description_after_an_indefinite_one_is_that_unnamed_person() -> None:
    text = ("An economist at the bank met Mayor Ed Price on Friday.\n\n"
            "The economist said the budget was reckless.")
    found = quotes(text)
    assert any(content == "the budget was reckless" for _, content in found)
    assert not any(speaker == "Ed Price" for speaker, _ in found)


def test_a_speaker_named_by_a_description_carries_the_pronoun_chain() -> None:
    # A party adjective before a title ("the Liberal MP for Northfield") describes a person.
    text = ("Former minister Alan Grey criticised the merger on Sunday.\n\n"
            "\"What sort of example does it set?\" the Liberal MP for Northfield asked. "
            "He said the chancellor should sack Mr Brown.")
    assert {speaker for speaker, _ in quotes(text)} == {"Alan Grey"}
    assert ("Alan Grey", "oppose", "Brown") in triples(text)


def test_the_prime_minister_is_not_the_deputy_prime_minister() -> None:
    text = ("Deputy Prime Minister Jane Oakes hosted the talks.\n\n"
            "Later, union leader Tom Reed said the prime minister had betrayed workers.")
    assert any(speaker == "Tom Reed" for speaker, _ in quotes(text))
    assert not any(target == "Jane Oakes" for _, _, target in triples(text))


def test_a_qualified_office_is_not_someone_known_by_another() -> None:
    text = ("Vote\n\nSenator Ann Lee spoke first.\n\n"
            "Tom Cole said the foreign minister was wrong.")
    assert not any(target == "Ann Lee" for _, _, target in triples(text))


def test_a_title_word_after_a_courtesy_title_is_a_surname() -> None:
    # "King", "Bishop", "Judge" are titles, but "Nora Bishop" and "Ms. Bishop" are names.
    text = ("Radio\n\nNora Bishop presents the morning programme. Omar Haddad reads the "
            "news.\n\n\"Nobody tells me what to say,\" Ms. Bishop told listeners.")
    assert {speaker for speaker, _ in quotes(text)} == {"Nora Bishop"}


def test_an_office_addressed_with_a_courtesy_title_is_nobody() -> None:
    text = ("Vote\n\nAnn Lee criticised Mr Speaker over the vote.\n\n"
            "\"Mr. President, this bill is a disaster,\" Senator Ann Lee said.")
    found = triples(text) | {(speaker, "", "") for speaker, _ in quotes(text)}
    assert not any("Speaker" in (actor, target) or "President" in (actor, target)
                   for actor, _, target in found)


def test_a_heading_before_a_colon_is_not_a_speaker() -> None:
    text = ("Updates\n\nThe Latest: Ann Lee says the budget is reckless.\n\n"
            "Climate Change Goes On: It was a hot year.")
    speakers = {speaker for speaker, _ in quotes(text)}
    assert "Ann Lee" in speakers
    assert not speakers & {"The Latest", "Climate Change Goes On"}


def test_a_given_name_table_is_bundled() -> None:
    from stancedb.extract.given_names import gender_of

    assert (gender_of("Karen"), gender_of("Brian"), gender_of("Xq")) == ("f", "m", None)


def test_a_pronoun_prefers_the_speaker_to_a_subject_inside_what_was_said() -> None:
    # Given names used by women and men alike, so gender cannot decide: salience does.
    text = ("Schools\n\nVoters at the rally were unhappy. Robin Okafor said Casey Brandt does "
            "not care about schools.\n\n\"It is only talk,\" she said.")
    assert ("Robin Okafor", "\"It is only talk,\"") in quotes(text)


@pytest.mark.parametrize("sentence", [
    '"This is a humiliating retreat by the Treasury," said shadow minister Ann Lee.',
    '"Tom Cole\'s reckless plan will close schools," said shadow minister Ann Lee.',
])
def test_the_author_of_a_thing_an_adjective_judges_is_judged(sentence: str) -> None:
    found = triples("Schools row\n\n" + sentence)
    assert any(actor == "Ann Lee" and stance == "oppose" and target in ("Treasury", "Tom Cole")
               for actor, stance, target in found)


def test_adjectives_that_judge_nothing_do_not_make_a_stance() -> None:
    # Pattern rates "own" and "first" positively; they say nothing of the owner.
    assert not triples("Plans\n\nAnn Lee said it was Tom Cole's own plan and his first budget.")


def test_the_one_quoted_as_saying_is_the_speaker() -> None:
    text = ("Spam case\n\nThe agency quoted prosecutor Ann Lee as saying: \"Tom Cole has been "
            "a disgrace for years.\"\n\nThe paper cited Tom Reed as saying that Carl Webb was "
            "a fraud.")
    assert {("Ann Lee", "oppose", "Tom Cole"), ("Tom Reed", "oppose", "Carl Webb")} <= \
        triples(text)


def test_a_name_that_goes_on_from_an_organisations_is_nobodys() -> None:
    # "BBC Radio Five Live": the radio station's name, not a person called Five Live, so a
    # later "he" cannot stand for it.
    from stancedb.extract import nlp
    from stancedb.extract.mentions import find_mentions

    doc = nlp.load()('"The squad is ready," Ian Cole told BBC Radio Five Live.')
    assert set(find_mentions(doc).people) == {"Ian Cole"}


@pytest.mark.parametrize("sentence", [
    "Opposition spokesman Tom Hale said the way Mayor Ann Lee handled the strike was a "
    "disgrace.",
    "Opposition spokesman Tom Hale said the plan that Mayor Ann Lee drew up was a disgrace.",
])
def test_what_a_relative_clause_says_someone_did_is_theirs(sentence: str) -> None:
    # Authorship through a relative clause, as through a possessive ("Lee's plan").
    assert triples("Strike\n\n" + sentence) == {("Tom Hale", "oppose", "Ann Lee")}


def test_a_person_a_relative_clause_names_is_not_its_subjects() -> None:
    # The appointee is the disgrace, not the mayor who appointed him.
    assert not triples("Strike\n\nOpposition spokesman Tom Hale said the man Mayor Ann Lee "
                       "appointed was a disgrace.")


def test_a_judged_role_in_a_name_is_that_persons() -> None:
    # Identity: "good players in X and Y" says that X and Y are good players; a place after
    # "in" is only where something is.
    text = ('Squad\n\n"We have some very good young players in Sam Okoro and Luis Vidal," '
            "coach Ann Ruiz said.\n\nAnalyst Tom Hale said the club had a good run in Spain.\n")
    assert triples(text) == {("Ann Ruiz", "support", "Sam Okoro"),
                             ("Ann Ruiz", "support", "Luis Vidal")}


def test_what_happens_under_someone_judges_their_time_in_charge() -> None:
    text = ("Record\n\nMr Tom Hale said voters faced a choice between more waste and more tax "
            "under the Liberal Party.\n\nAnn Lee said the city had suffered under Mayor Dan "
            "Petty.\n\nAnn Lee said crime had soared under Mayor Tom Reed.\n")
    # A subject that is itself good or bad ("crime") turns the verb's sense: no stance.
    assert triples(text) == {("Tom Hale", "oppose", "Liberal Party"),
                             ("Ann Lee", "oppose", "Dan Petty")}


def test_a_contest_someone_wages_does_not_judge_them() -> None:
    # Conflict nouns (struggle, fight, battle) name a contest, not a judgement of whoever
    # wages it: the struggle against corruption says nothing bad of the governor.
    assert not triples("Aims\n\nSenator Ann Ross said the first aim of Governor Tom Reed is "
                       "the struggle against corruption.\n")


@pytest.mark.parametrize(("sentence", "expected"), [
    # phrasal verbs of opposition: verb, particle and preposition together
    ("Rovers manager Steve Hollins hit out at referee Colin Marsh after the defeat.",
     ("Steve Hollins", "oppose", "Colin Marsh")),
    ("Sara Lind lashed out at Anne Wu over the delays.", ("Sara Lind", "oppose", "Anne Wu")),
    # phrasal verbs of support, where the preposition decides ("stood up for" / "to")
    ("Senator Paul Hart stood up for Maria Dunn at the hearing.",
     ("Paul Hart", "support", "Maria Dunn")),
    ("Senator Paul Hart stood by his chief of staff, Maria Dunn.",
     ("Paul Hart", "support", "Maria Dunn")),
    ("Governor Ann Lee stood up to the Grain Board.", ("Ann Lee", "oppose", "Grain Board")),
    # a phrasal hostile act inside reported speech
    ("Ed Hollis said Tom Reed had let down working people.", ("Ed Hollis", "oppose", "Tom Reed")),
])
def test_phrasal_stance_verbs(sentence: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples("Row\n\n" + sentence)


def test_stand_up_to_is_not_stand_up_for() -> None:
    assert ("Ann Lee", "support", "Grain Board") not in triples(
        "Row\n\nGovernor Ann Lee stood up to the Grain Board.")


@pytest.mark.parametrize("sentence", [
    # an appeal whose complement is a departure or an apology
    "Opposition leader Sara Lind urged Prime Minister Tom Reed to resign.",
    "Opposition leader Sara Lind called on Tom Reed to apologise.",
    # the same asked of someone inside reported speech
    "Opposition leader Sara Lind said Tom Reed should step down.",
    "Opposition leader Sara Lind said Tom Reed must go.",
    # the departure as a noun that an appeal asks for
    "Opposition leader Sara Lind called for the resignation of Tom Reed.",
    "Opposition leader Sara Lind demanded Tom Reed's resignation.",
    # "called for X to go": the departure as a clause introduced by "for"
    "Opposition leader Sara Lind called for Tom Reed to go.",
])
def test_asking_someone_to_go_or_apologise_opposes_them(sentence: str) -> None:
    assert ("Sara Lind", "oppose", "Tom Reed") in triples("Row\n\n" + sentence)


@pytest.mark.parametrize("sentence", [
    # a departure of one's own, or a verb of motion, is no demand
    "Tom Reed said he would not step aside.",
    "Sara Lind said Tom Reed would go to Paris on Monday.",
    # quitting something is not resigning
    "Sara Lind urged Tom Reed to quit smoking.",
])
def test_departures_not_asked_of_someone_are_no_stance(sentence: str) -> None:
    assert not triples("Row\n\n" + sentence)


def test_the_topic_of_a_speech_verb_is_what_the_quote_judges() -> None:
    # "'...,' X said of Y": the content is about Y, though Y is not named in it.
    assert ("Ann Ruiz", "support", "Tom Reed") in triples(
        'Cup\n\n"He is a brilliant manager and a decent man," coach Ann Ruiz said of Tom Reed.')
    assert ("Ann Ruiz", "oppose", "Tom Reed") in triples(
        'Cup\n\n"It was a terrible, reckless decision," Ann Ruiz said of Tom Reed.')


def test_a_title_and_its_portfolio_are_not_an_organisation() -> None:
    # "Health Secretary Mark Doyle": "Health" qualifies the title, the NER may call it an ORG.
    found = triples("Row\n\nPriya Sandhu accused Health Secretary Mark Doyle of misleading "
                    "parliament.")
    assert found == {("Priya Sandhu", "oppose", "Mark Doyle")}


def test_a_second_clause_with_its_own_subject_is_not_embedded_in_the_first() -> None:
    assert ("Sara Lind", "oppose", "Anne Wu") in triples(
        "Row\n\nRebel MPs rounded on Tom Reed, and Sara Lind lashed out at Anne Wu.")


def test_a_definite_description_refers_to_the_organisation_whose_name_it_ends() -> None:
    # Head match: "the commission" is the Athletics Integrity Commission named before, not
    # the latest organisation of any kind.
    text = ("Ban\n\nThe Athletics Integrity Commission banned sprinter Marcus Dale. Later the "
            "Grain Board met. His coach, Ray Boa, accused the commission of bias.\n")
    assert ("Ray Boa", "oppose", "Athletics Integrity Commission") in triples(text)


def test_a_title_word_inside_an_organisations_name_is_no_title() -> None:
    # "Justice" is a judge's title, but "the Justice Department" is a body, not Mr Department.
    text = ("Suit\n\nThe Justice Department sued Lumina Systems on Tuesday. Senator Mark Dell "
            "criticised the department.\n")
    assert triples(text) == {("Justice Department", "oppose", "Lumina Systems"),
                             ("Mark Dell", "oppose", "Justice Department")}


def test_a_dateline_with_a_region_is_not_a_speaker() -> None:
    # "NAIROBI, Kenya (Wire) —": the city in capitals with its country, before the story.
    found = statements("Talks\n\nNAIROBI, Kenya (Wire) — Opposition leader Sara Lind on "
                       "Monday accused Tom Reed of fraud.\n")
    assert {(s.actor, s.stance, s.target) for s in found} == {("Sara Lind", "oppose", "Tom Reed")}


def test_the_government_is_its_states_executive() -> None:
    # "the government" (after a state is named) and "the Chilean government" are the state's
    # executive, an actor of its own beside the state: "UK Government", "Chilean Government".
    text = ("Cuts\n\nBritain faces a spending squeeze. Shadow chancellor Ann Ross said the "
            "government had failed pensioners.\n\nSenator Tom Vidal criticised the French "
            "government.\n")
    assert triples(text) == {("Ann Ross", "oppose", "UK Government"),
                             ("Tom Vidal", "oppose", "French Government")}
    # a government qualified by a name not known here is not the last state named
    assert not triples("Cuts\n\nBritain faces a squeeze. Senator Tom Vidal criticised the "
                       "Ruritanian government.\n")


def test_only_a_performance_verbs_object_judges_its_subject() -> None:
    # "did a terrible job" judges the doer; "buy a great business" says the business is
    # great, nothing of the buyer.
    assert ("Ann Lee", "oppose", "Tom Reed") in triples(
        "Row\n\nAnn Lee said Tom Reed had done a terrible job.")
    assert not triples("Row\n\nAnn Lee said Kestrel Capital was trying to buy a great "
                       "business on the cheap.")


def test_withholding_a_hostile_word_is_no_support() -> None:
    # "did not criticise X" is no praise; withholding support still opposes.
    assert not triples("Row\n\nSenator Ann Lee did not criticise Tom Reed directly.")
    assert ("Ann Lee", "oppose", "Tom Reed") in triples(
        "Row\n\nSenator Ann Lee said she would not back Tom Reed.")


def test_a_relational_noun_does_not_judge_whoever_holds_it() -> None:
    # "had full confidence in X" relates the subject to X; it says nothing of the subject.
    assert not triples("Row\n\nAnn Lee said Claire Ash had full confidence in Tom Reed.")


def test_head_match_takes_only_nouns_that_name_a_kind_of_body() -> None:
    # "the education" is no reference to the Institute of Education named before.
    assert not triples("Schools\n\nThe Institute of Education published a study. Teacher "
                       "Ann Lee said the education of children was being damaged.\n")


def test_what_a_giving_verb_gives_is_no_beneficiary() -> None:
    # the recipient is helped ("supplied X with arms", "sent aid to X"); the thing given is not
    assert not triples("Budget\n\nChancellor Ann Lee said she would deliver the Trade Act in "
                       "March.")
    assert ("Ann Lee", "support", "Kenya") in triples(
        "Aid\n\nMinister Ann Lee said: \"We will supply Kenya with vaccines.\"")


def test_degree_words_do_not_judge() -> None:
    # "more", "less" say how much, not how good
    assert not triples("Rates\n\nEconomist Ann Lee said the Federal Reserve had more work to "
                       "do.")


def test_a_news_outlet_can_be_a_target_but_not_a_speaker() -> None:
    # Outlets relay what others say ("told the BBC"), but criticism of the press is a stance.
    text = ("Row\n\nSenator Ann Lee attacked the BBC over its coverage. \"They have been "
            "unfair,\" she told Reuters.\n")
    found = triples(text)
    assert ("Ann Lee", "oppose", "BBC") in found
    assert not any(actor in ("BBC", "Reuters") for actor, _, _ in found)
    assert not any(target == "Reuters" for _, _, target in found)


def test_events_and_documents_are_not_actors() -> None:
    # "the Carling Cup", "the Budget": names of contests and documents, never speakers or
    # targets, whatever the NER calls them.
    found = triples("Final\n\nCoach Ann Ruiz said the Carling Cup was a wonderful competition. "
                    "Tom Reed praised the Budget.\n")
    assert not any({"Carling Cup", "Budget"} & {actor, target} for actor, _, target in found)


def test_a_reversal_undoes_what_it_governs() -> None:
    # "lift the sanctions against X" undoes a hostile act: support; "overturn the decision to
    # protect X" undoes a help: opposition.
    assert ("Ann Lee", "support", "Iran") in triples(
        "Talks\n\nSenator Ann Lee said: \"We should lift the sanctions against Iran.\"")
    assert ("Ann Lee", "oppose", "Harbor Logistics") in triples(
        "Court\n\nAnn Lee said: \"We will overturn the decision to protect Harbor Logistics.\"")


def test_a_coordinated_subject_takes_the_stance_of_each_conjunct() -> None:
    assert triples("Row\n\nSenator Ann Lee and Governor Tom Reed criticised Harbor "
                   "Logistics.\n") == {("Ann Lee", "oppose", "Harbor Logistics"),
                                       ("Tom Reed", "oppose", "Harbor Logistics")}


def test_a_plural_that_stands_for_people_named_together_means_each() -> None:
    # "the pair" after two people joined by "and"; a plural noun that introduced them
    text = ("Ban\n\nOfficials suspended cyclists Anna Berg and Lena Holt on Monday. The "
            "hearing is in May. The federation chief, Tom Reed, said the cyclists had failed "
            "three tests.\n")
    assert triples(text) == {("Tom Reed", "oppose", "Anna Berg"),
                             ("Tom Reed", "oppose", "Lena Holt")}
    assert triples("Row\n\nAnn Lee and Dan Petty met in Paris. Senator Tom Reed criticised the "
                   "pair.\n") == {("Tom Reed", "oppose", "Ann Lee"),
                                  ("Tom Reed", "oppose", "Dan Petty")}
    # a plural that did not introduce them is someone else
    assert not triples("Row\n\nAnn Lee and Dan Petty met in Paris. Protesters marched. Senator "
                       "Tom Reed criticised the protesters.\n")


def test_a_name_in_apposition_to_a_title_with_its_organisation_holds_the_title() -> None:
    # "The president of the federation, Ann Lee, praised X": Lee acts, however far the
    # apposition stands from the title.
    text = ("Row\n\nThe Athletics Integrity Commission met on Monday.\n\nThe president of the "
            "Global Athletics Federation, Ingrid Sol, praised the commission for acting "
            "swiftly.\n")
    assert triples(text) == {("Ingrid Sol", "support", "Athletics Integrity Commission")}


@pytest.mark.parametrize(("sentence", "stance"), [
    ("Senator Ann Lee stood with Tom Reed on Monday.", "support"),
    ("Senator Ann Lee sided with Tom Reed in the dispute.", "support"),
    ("Senator Ann Lee stuck up for Tom Reed at the meeting.", "support"),
    ("Senator Ann Lee spoke up for Tom Reed at the meeting.", "support"),
    ("Senator Ann Lee rallied behind Tom Reed.", "support"),
    ("Senator Ann Lee rallied around Tom Reed after the vote.", "support"),
    ("Senator Ann Lee spoke out for Tom Reed.", "support"),
    ("Senator Ann Lee rounded on Tom Reed.", "oppose"),
    ("Senator Ann Lee called out Tom Reed over the cuts.", "oppose"),
    ("Senator Ann Lee tore into Tom Reed during the debate.", "oppose"),
    ("Senator Ann Lee laid into Tom Reed during the debate.", "oppose"),
    ("Senator Ann Lee spoke out against Tom Reed.", "oppose"),
    ("Senator Ann Lee railed against Tom Reed.", "oppose"),
    ("Senator Ann Lee talked down Tom Reed's record.", "oppose"),
    ("Senator Ann Lee sounded off at Tom Reed.", "oppose"),
    ("Senator Ann Lee said Tom Reed had gone after her family.", "oppose"),
    ("Senator Ann Lee hit out after the vote, saying Tom Reed was a disgrace.", "oppose"),
    ("Senator Ann Lee said Tom Reed should stand down.", "oppose"),
    ("Senator Ann Lee said Tom Reed should step aside.", "oppose"),
    ("Senator Ann Lee said Tom Reed should stand aside.", "oppose"),
    ("Senator Ann Lee said Tom Reed should quit.", "oppose"),
])
def test_each_phrasal_stance_verb(sentence: str, stance: str) -> None:
    assert ("Ann Lee", stance, "Tom Reed") in triples("Row\n\n" + sentence)


def test_a_third_partys_phrasal_hostility_is_not_the_speakers() -> None:
    # "rivals had ganged up on X" reports what others did; "never turned against Y" withholds
    assert not triples("Row\n\nSenator Ann Lee said rivals had ganged up on Tom Reed, and that "
                       "she had never turned against Dan Petty.")


@pytest.mark.parametrize("sentence", [
    # an appeal for someone to stay on is support, the mirror of asking them to go
    "Club chairman Ann Lee urged Tom Reed to stay.",
    "Club chairman Ann Lee hopes to persuade Tom Reed to carry on.",
    "Club chairman Ann Lee said Tom Reed should stay on as manager.",
])
def test_asking_someone_to_stay_supports_them(sentence: str) -> None:
    assert ("Ann Lee", "support", "Tom Reed") in triples("Row\n\n" + sentence)


def test_continuing_an_action_is_not_staying_on() -> None:
    assert ("Ann Lee", "support", "Tom Reed") not in triples(
        "Row\n\nAnn Lee urged Tom Reed to continue to fight the closure.")


def test_verbs_of_choosing_favour_the_one_chosen_unless_chosen_for_something_bad() -> None:
    assert triples("Row\n\nCoach Ann Lee has singled out Tom Reed and Dan Petty as potential "
                   "captains.") == {("Ann Lee", "support", "Tom Reed"),
                                    ("Ann Lee", "support", "Dan Petty")}
    assert triples("Row\n\nCoach Ann Lee singled out Tom Reed for criticism.") == {
        ("Ann Lee", "oppose", "Tom Reed")}
    # choosing is an act, not a statement, unless said: "We picked Tom Reed" is a view
    assert ("Ann Lee", "support", "Tom Reed") in triples(
        'Row\n\n"We picked Tom Reed because he is the best," Ann Lee said.')


def test_some_members_of_a_party_are_not_the_party() -> None:
    # "fears from some Republicans" are some of its members, not the Republican Party
    assert not triples("Row\n\nSenator Ann Lee dismissed fears from some Republicans about "
                       "the tax plan.")
    assert ("Ann Lee", "oppose", "Republican Party") in triples(
        "Row\n\nSenator Ann Lee dismissed the Republicans' tax plan.")


def test_what_someone_feels_does_not_judge_them() -> None:
    # "X feels betrayed" says how X feels, not what X is (but "X is a disgrace" judges)
    assert not triples("Row\n\nAnn Lee said Tom Reed feels deeply betrayed by the vote.")
    assert ("Ann Lee", "oppose", "Tom Reed") in triples(
        "Row\n\nAnn Lee said Tom Reed is a disgrace.")


@pytest.mark.parametrize("sentence", [
    # a reported clause is no appeal ("told X she would resign")
    "Ann Lee told Tom Reed she would resign.",
    "Ann Lee told Tom Reed that she would stay.",
    "Ann Lee said Tom Reed wanted to resign.",
    # staying somewhere that is no post is no support
    "Ann Lee said Tom Reed should remain in custody.",
    "Ann Lee urged Tom Reed to stay calm.",
    "Ann Lee said Tom Reed had to stay out of the race.",
    "Ann Lee told reporters the matter remains under investigation by the Grain Board.",
])
def test_what_is_no_appeal_to_go_or_stay(sentence: str) -> None:
    assert not triples("Row\n\n" + sentence)


def test_a_phrasal_verb_does_not_reach_an_object_of_another_preposition() -> None:
    # "called out to X" is calling, not calling X out
    assert not triples("Row\n\nAnn Lee called out to Tom Reed across the room.")


def test_the_topic_takes_only_what_is_said_of_it() -> None:
    # what is said of someone else, or done to the topic, is no judgement of the topic
    assert not triples('Row\n\n"His critics are wrong," Ann Lee said of Tom Reed.')
    assert not triples('Row\n\n"He was treated terribly," Ann Lee said of Tom Reed.')


def test_a_reversal_does_not_undo_a_verb_joined_to_it() -> None:
    assert ("Ann Lee", "support", "Harbor Logistics") in triples(
        'Row\n\nAnn Lee said: "We will scrap the tax and help Harbor Logistics."')


def test_alternatives_are_not_each_a_speaker() -> None:
    assert not triples("Row\n\nNeither Ann Lee nor Tom Reed criticised Harbor Logistics.")


def test_a_countrys_name_before_government_names_the_government_once() -> None:
    assert triples("Row\n\nAnn Lee criticised the UK government.") == {
        ("Ann Lee", "oppose", "UK Government")}
    # the adjective where the gazetteer has one, not an acronym of three letters
    assert triples("Row\n\nAnn Lee criticised the Chinese government.") == {
        ("Ann Lee", "oppose", "Chinese Government")}


def test_what_one_deserves_judges_one() -> None:
    assert ("Ann Lee", "support", "Tom Reed") in triples(
        "Row\n\nAnn Lee said Tom Reed deserves great credit for the deal.")


def test_a_pair_of_things_and_a_noun_with_its_own_complement_are_no_reference() -> None:
    assert not triples("Row\n\nAnn Lee and Dan Petty met in Paris. Tom Reed said the pair of "
                       "shoes was a disgrace.\n")
    assert not triples("Row\n\nThe Reed Foundation met on Monday. Ann Lee said the foundation "
                       "of the state was rotten.\n")


def test_a_body_speaking_through_its_spokesman_is_no_portfolio() -> None:
    # "Treasury spokesman": the Treasury speaks (unlike "Health Secretary Ann Lee")
    found = triples("Row\n\nA Treasury spokesman criticised Harbor Logistics.")
    assert any(target == "Harbor Logistics" for _, _, target in found)


def test_lawful_contest_verbs_do_not_blame_whoever_acts() -> None:
    # "the FBI investigated X" relates the FBI to X, but is no blame of the FBI
    assert not triples("Row\n\nAnn Lee said the Grain Board investigated Harbor Logistics.")


def test_a_contest_against_someone_is_no_stance() -> None:
    assert not triples("Row\n\nAnn Lee said her debate against Tom Reed would be on Monday.")


def test_the_agent_of_a_participle_describing_a_noun_is_the_writers_description() -> None:
    assert ("Ann Lee", "oppose", "Republican Party") not in triples(
        "Row\n\nAnn Lee called for a compromise rebuffed by the Republicans.")


def test_lacking_something_harmful_is_no_deficiency() -> None:
    assert not triples("Row\n\nAnn Lee said Tom Reed had no weapon when he was stopped.")
    assert not triples("Row\n\nAnn Lee said Tom Reed has not had to resign.")
    assert ("Ann Lee", "oppose", "Tom Reed") in triples(
        "Row\n\nAnn Lee said Tom Reed has no plan for the economy.")


def test_comfort_is_a_feeling() -> None:
    assert not triples("Row\n\nAnn Lee said Tom Reed felt comfortable with the deal.")


def test_a_stance_verbs_object_keeps_its_infinitive() -> None:
    # "backed X to win": the object stays what the stance is about
    assert ("Ann Lee", "support", "Tom Reed") in triples(
        "Row\n\nSenator Ann Lee backed Tom Reed to win the seat.")
    # a refusal reached through the cue itself withholds the act ("declined to criticise")
    assert not triples("Row\n\nSenator Ann Lee declined to criticise Tom Reed on Monday.")


@pytest.mark.parametrize("sentence", [
    # who undergoes a harm or a transfer is not its author ("the plans of X" is X's)
    "Ann Lee condemned the killing of Tom Reed.",
    "Ann Lee condemned the arrest of Tom Reed.",
    "Ann Lee said the sale of Harbor Logistics was a disgrace.",
])
def test_who_undergoes_an_event_is_not_its_author(sentence: str) -> None:
    assert not any(stance == "oppose" and target in ("Tom Reed", "Harbor Logistics")
                   for _, stance, target in triples("Row\n\n" + sentence))
