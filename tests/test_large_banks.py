"""Large banks: read as PyYAML reads them, only quicker, and refused only by size.

A bank of 10,000 cards is parsed in well under its old time (the tag resolver gathers
its patterns once, a cheap count stands in for counting every value, no garbage
collection while the nodes are built); these tests check that what comes out is what
PyYAML's own loader gives, and that a dense file is still refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from salesops_drill import content_fields, content_yaml
from salesops_drill.paths import builtin_files

SAMPLE = """\
plain: text
quoted: 'yes'
bools: [yes, No, on, OFF, true, False, y, n]
nulls: [~, null, Null, '', ]
empty:
numbers: [0, -1, +2, 0x1F, 0o17, 1_000, 1:30, 3.5, .5, -.inf, .NaN, 1e3, 6.8523015e+5]
times: [2001-12-14t21:59:43.10-05:00, 2002-12-14, 2001-12-14 21:59:43.10]
merge: {<<: {a: 1}, b: 2}
odd: [=, '=', "<<", Tuesday, nothing, 0.1.2, +, -]
block: |-
  kept
folded: >-
  folded
  text
tagged: !!str 12
"""


def tree(node: yaml.Node) -> object:
    """A node tree as plain data: tags and values, all the way down."""
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.start_mark.line)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [tree(n) for n in node.value])
    return (node.tag, [(tree(k), tree(v)) for k, v in node.value])


def compose(loader_class: type, text: str) -> object:
    loader = loader_class(text)
    try:
        return tree(loader.get_single_node())
    finally:
        loader.dispose()


PYYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def test_tags_are_resolved_as_pyyaml_does():
    assert compose(content_yaml._Loader, SAMPLE) == compose(PYYAML, SAMPLE)
    for path in builtin_files():
        text = path.read_text(encoding="utf-8")
        assert compose(content_yaml._Loader, text) == compose(PYYAML, text), path


scalars = st.text(alphabet="aAyYnNoOtTfF0123456789.+-_:~=<eExX", min_size=0, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(scalars, min_size=1, max_size=20))
def test_any_plain_scalar_gets_pyyaml_s_tag(values):
    text = "".join(f"- {yaml.safe_dump(v, default_style=None).splitlines()[0]}\n" for v in values)
    text += "".join(f"- {v}\n" for v in values if v and v.strip() == v and ": " not in v)
    try:
        expected = compose(PYYAML, text)
    except yaml.YAMLError:
        return
    assert compose(content_yaml._Loader, text) == expected


LEAVES = st.one_of(st.integers(), st.text(max_size=5), st.none(), st.booleans())


def data_trees(leaves=LEAVES):
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=5),
            st.dictionaries(st.text(max_size=4), children, max_size=5),
        ),
        max_leaves=40,
    )


@settings(max_examples=300, deadline=None)
@given(data_trees(), st.sampled_from([None, True, False]))
def test_the_quick_bound_is_never_below_the_values_counted(data, flow):
    text = yaml.safe_dump(data, default_flow_style=flow)
    assert content_yaml._values_bound(text) >= content_yaml._count_values(text)


def test_the_quick_bound_holds_for_every_form_of_collection():
    for text in [
        "[a, b, c]",
        "{a, b, c}",
        "{a}",
        "[{a}]",
        "[a: b, c: d]",
        "[? a]",
        "{? a, ? b}",
        "? - a\n  - b\n: c\n",
        "- - - x\n",
        "- a: b\n",
        "a:\nb:\n",
        "[[], {}, [[]]]",
        "x",
    ]:
        assert content_yaml._values_bound(text) >= content_yaml._count_values(text), text


@pytest.mark.slow
def test_a_bank_of_twenty_thousand_cards_is_read_whole(tmp_path):
    """The largest supported bank, with cards the size people write, is under the limits
    (a 24 MB limit refused it: the byte limit now follows what the loader can take)."""
    bank = tmp_path / "big.yaml"
    card = (
        "  - id: c-big-{i:05d}\n"
        "    front: What does a weighted pipeline coverage ratio of three tell a sales "
        "manager about next quarter's number, and what would make it misleading? ({i})\n"
        "    back: >-\n"
        + "      "
        + "Coverage compares open pipeline with the target still to close; three times "
        "the number is a common rule of thumb. "
        * 9
        + "\n    roles: [rep, analyst, manager]\n    tags: [pipeline, coverage, kpi]\n\n"
    )
    bank.write_text("cards:\n" + "".join(card.format(i=i) for i in range(20_000)))
    assert 24 * 1024 * 1024 < bank.stat().st_size < content_yaml.MAX_FILE_BYTES
    node, fc = content_yaml.parse_file(Path(bank))
    assert fc.problems == [] and node is not None
    content_fields.validate_node(node, fc)
    assert fc.problems == [] and len(fc.cards) == 20_000
