"""The passes, one at a time, on a few lines."""

from edition.clean.passes.bylines import mark_bylines
from edition.clean.passes.headings import is_heading, mark_headings
from edition.clean.passes.lead_in import mark_lead_in
from edition.clean.passes.typography import smarten_typography
from edition.model.typography import curl_quotes
from tests.helpers import blocks_of, dump


def text_of(*paragraphs):
    return blocks_of(*paragraphs)[0]


def test_curl_quotes():
    assert curl_quotes("\"It's the '30s,\" she said, 'tis true: 'yes'.") == "“It’s the ’30s,” she said, ’tis true: ‘yes’."
    assert curl_quotes("rock 'n' roll and O'Brien's \"*word*\"") == "rock ’n’ roll and O’Brien’s “*word*”"


def test_typography_pass_records_changes():
    text = text_of('He said "no" - twice -- in 1928-29 ... see pp. 152-4.')
    changes = smarten_typography(text, None)
    assert dump(text.blocks[0].inlines) == "He said “no” – twice—in 1928–29 … see pp.\u00a0152–4."
    assert len(changes) == 1 and changes[0].line == 1 and changes[0].pass_name == "smarten_typography"
    assert smarten_typography(text, None) == []          # idempotent


def test_house_style_sets_dashes_and_quotes_by_depth_and_leaves_apostrophes():
    """One convention for the book (issue 17): the dashes between words alike, quotation marks set by their
    depth (double outside, single inside), apostrophes never touched; marks that do not pair stay."""
    given = ("'Oh!' it cried, 'the workers' state is not a road that can be \"legalized\" -- '90s rock 'n' roll' "
             "- and *O'Brien's* 'word' – 1917-21")
    text = blocks_of(given, "She said 'yes” twice.", dashes="em-closed", quotes="double")[0]
    changes = smarten_typography(text, None)
    assert dump(text.blocks[0].inlines) == (
        "“Oh!” it cried, “the workers’ state is not a road that can be ‘legalized’—’90s rock "
        "’n’ roll”—and <emph>O’Brien’s</emph> “word”—1917–21")
    assert dump(text.blocks[1].inlines) == "She said ‘yes” twice."        # unpaired: as written, a suspect
    assert [c.applied for c in changes if c.rule.startswith("house style")] == [True, False]
    spaced = blocks_of("a — b—c, “d”", dashes="en-spaced", quotes="single")[0]
    smarten_typography(spaced, None)
    assert dump(spaced.blocks[0].inlines) == "a – b – c, ‘d’"
    assert smarten_typography(text, None)[-1].applied is False and len(smarten_typography(spaced, None)) == 0


def test_headings():
    assert is_heading("1. Bonapartism as a regime of crisis")
    assert is_heading("Chapter 11") and is_heading("2. The Struggle of the Bureaucracy with “the Class Enemy”")
    assert not is_heading("1. Translator’s Note: The reference here is to the January 1935 trial.")
    assert not is_heading("1917: revolution for freedom and equality")
    text = text_of("Chapter 11", "Body text here.", "2. Second section", "More.")
    mark_headings(text, None)
    assert [(type(b).__name__, getattr(b, "id", "")) for b in text.blocks] == [
        ("Heading", "t-s1"), ("Paragraph", ""), ("Heading", "t-s2"), ("Paragraph", "")]


def test_bylines_and_source_lines():
    text = text_of("By Max Shachtman", "Body.", "From *Labor Action*, 10 May 1954.")
    changes = mark_bylines(text, None)
    assert [b.role for b in text.blocks] == ["byline", None, "source"]
    assert [c.rule for c in changes] == ["byline", "source line"]


def test_lead_in():
    """A lead-in opens a text or a section, never two in a row, never a numeral alone, never more than the
    first line's first few words (issue 17); short paragraphs before the source's own capitals are a
    standfirst, and a subtitle it repeats is not printed twice."""
    text = text_of("THERE IS A LOGIC IN SOVIET HISTORY AND the rest.", "The Soviet Union.", "ONE must judge.",
                   "USSR leaders said.", "USSR and USSR again.", "FINALLY there is this, said he.")
    mark_lead_in(text, None)
    assert dump(text.blocks[0].inlines) == "<lead_in>There is a logic</lead_in> in Soviet history and the rest."
    assert dump(text.blocks[2].inlines) == "<lead_in>One</lead_in> must judge."
    assert dump(text.blocks[3].inlines) == "USSR leaders said."      # an acronym the text uses, not a lead-in
    assert dump(text.blocks[5].inlines) == "<lead_in>Finally</lead_in> there is this, said he."
    plain_text = text_of("The question we raised.")
    mark_lead_in(plain_text, None)
    assert dump(plain_text.blocks[0].inlines) == "<lead_in>The question</lead_in> we raised."
    numeral = text_of("19TH and 20th century socialism is a house.", "NEXT came more.", "THEN again.")
    mark_lead_in(numeral, None)
    assert dump(numeral.blocks[0].inlines) == "<lead_in>19th and 20th century</lead_in> socialism is a house."
    assert dump(numeral.blocks[1].inlines) == "Next came more."       # right after a lead-in: normal case
    assert dump(numeral.blocks[2].inlines) == "<lead_in>Then</lead_in> again."
    debate = text_of("Max Shachtman debates the Revolution with its enemy, Alexander Kerensky.",
                     "SELDOM does history record it.")
    debate.subtitle = "Max Shachtman debates Alexander Kerensky"
    mark_lead_in(debate, None)
    assert [b.role for b in debate.blocks] == ["standfirst", None] and debate.subtitle_in_standfirst
    assert dump(debate.blocks[1].inlines) == "<lead_in>Seldom</lead_in> does history record it."


def test_line_end_hyphens_of_prefixes_and_endings():
    from edition.clean.lexicon import Lexicon
    from edition.clean.passes.hyphens import joined_word
    lexicon = Lexicon([""])
    closed = [("re", "covered"), ("pro", "nounced"), ("pre", "sumably"), ("re", "turning"), ("amount", "ing"),
              ("assault", "ing"), ("lunch", "time"), ("under", "stated")]
    kept = [("co", "operative"), ("anti", "fascist"), ("non", "existent"), ("re", "elected"), ("gold", "mines"),
            ("middle", "class"), ("well", "known")]
    assert [joined_word(a, b, lexicon) for a, b in closed] == [a + b for a, b in closed]
    assert [joined_word(a, b, lexicon) for a, b in kept] == [f"{a}-{b}" for a, b in kept]
    names = Lexicon(["the road to Maryborough and Mary and Darling, and Mitchell"])
    assert joined_word("Mary", "borough", names) == "Maryborough" and joined_word("Darling", "hurst", names) == \
        "Darlinghurst"
    assert joined_word("Mitchell", "street", names) == "Mitchell-street"        # a word of its own: kept
    assert joined_word("FIRE", "PLACE", lexicon) == "FIREPLACE" and joined_word("CO", "OPERATIVE", lexicon) == \
        "CO-OPERATIVE"


def test_a_pull_quote_repeats_word_for_word():
    from edition.clean.passes.split_paragraphs import Passages
    passages = Passages()
    passages.add(1, "The defence was a denial of the instruction or of any agreement to pay commission, and more.")
    assert not passages.repeats("The defence was a denial of the partnership")      # a formula, not a quote
    assert passages.repeats("The defence was a denial of the instruction or of any agreement to pay commision")
    assert not passages.repeats("The defence was a denial of the instruction", exclude={1})


def test_a_running_head_comes_back_a_page_apart():
    from edition.clean.passes.furniture import furniture_lines
    body = [f"line {i} of the running text, long enough to be a line of prose here" for i in range(40)]
    close = [(n, line) for n, line in enumerate(["Judgment for defendant", *body[:3], "Judgment for defendant",
                                                 *body[3:6], "Judgment for defendant", *body[6:]], 1)]
    assert furniture_lines(close) == {}                     # a formula of the text, three times in ten lines
    paged = [(n, line) for n, line in enumerate(["THE WAGE SYSTEM", *body[:15], "THE WAGE SYSTEM", *body[15:30],
                                                 "THE WAGE SYSTEM", *body[30:]], 1)]
    assert set(furniture_lines(paged).values()) == {"running head or foot"}


def test_a_word_like_reply_alone_begins_no_comment_form():
    from edition.clean.passes.boilerplate import remove_boilerplate
    text = text_of(*[f"Paragraph {i} of the text, which goes on for a while here." for i in range(6)],
                   "Reply", "The defendant then made a short reply.", "Judgment for the plaintiff.")
    assert remove_boilerplate(text, None) == [] and len(text.blocks) == 9
    form = text_of(*[f"Paragraph {i} of the text, which goes on for a while here." for i in range(6)],
                   "Reply", "Your email address will not be published.", "Name")
    remove_boilerplate(form, None)
    assert len(form.blocks) == 6
