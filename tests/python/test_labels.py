"""Label forms (spec section 2): dense, sparse class ids, ragged ids, names; all give one loss."""

import copy
import io
import re

import numpy as np
import pytest
import torch

import multilabel_head
from conftest import reference_loss
from multilabel_head import LabelVocabulary, MultiLabelHead

ops = torch.ops.multilabel_head
VOCABULARY = ["a", "b", "c", "d", "e"]


def random_ragged(rows=7, classes=5):
    generator = np.random.default_rng(0)
    return [list(generator.choice(classes, generator.integers(0, 4), replace=True)) for _ in range(rows)]


def dense_of(ragged, classes=5):
    dense = torch.zeros(len(ragged), classes, dtype=torch.int64)
    for row, ids in enumerate(ragged):
        dense[row, ids] = 1
    return dense


def sparse_of(ragged, leading=None):
    """TF's SparseTensor form: values are class ids, the last index is a position."""
    indices = [(row, position) for row, ids in enumerate(ragged) for position in range(len(ids))]
    values = [int(i) for ids in ragged for i in ids]
    width = max([len(ids) for ids in ragged] + [1])
    index = torch.tensor(indices, dtype=torch.int64).reshape(-1, 2).T
    sparse = torch.sparse_coo_tensor(
        index, torch.tensor(values, dtype=torch.int64), (len(ragged), width), check_invariants=True
    )
    if leading is None:
        return sparse
    rows, positions = sparse._indices()
    index = torch.stack([rows // leading[1], rows % leading[1], positions])
    return torch.sparse_coo_tensor(index, sparse._values(), (*leading, width), check_invariants=True)


def test_every_form_gives_the_dense_loss():
    ragged = [[int(i) for i in ids] for ids in random_ragged()]
    logits = torch.randn(7, 5)
    head = MultiLabelHead(5, label_vocabulary=VOCABULARY)
    expected = reference_loss(logits, dense_of(ragged))
    names = [[VOCABULARY[i] for i in ids] for ids in ragged]
    forms = {
        "dense": dense_of(ragged),
        "ragged ids": ragged,
        "ragged tuples": tuple(tuple(ids) for ids in ragged),
        "names": names,
        "sparse": sparse_of(ragged),
        "numpy": dense_of(ragged).numpy(),
    }
    for form, labels in forms.items():
        np.testing.assert_allclose(head.loss(labels, logits).item(), expected, rtol=1e-6, err_msg=form)


def test_sparse_labels_of_rank_3_logits():
    ragged = [[int(i) for i in ids] for ids in random_ragged(rows=6)]
    logits = torch.randn(2, 3, 5)
    expected = reference_loss(logits, dense_of(ragged).reshape(2, 3, 5))
    loss = MultiLabelHead(5).loss(sparse_of(ragged, leading=(2, 3)), logits)
    np.testing.assert_allclose(loss.item(), expected, rtol=1e-6)


def test_duplicates_and_empty_examples():
    labels = [[1, 1, 1], [], [4, 0, 4]]
    multi_hot = multilabel_head.labels.multi_hot_labels(labels, 5, None)
    assert multi_hot.dtype == torch.bool
    torch.testing.assert_close(multi_hot, dense_of(labels).bool())


def test_sparse_labels_with_duplicate_entries():
    index = torch.tensor([[0, 0, 1, 1], [0, 1, 0, 0]])  # row 1 lists position 0 twice: uncoalesced
    sparse = torch.sparse_coo_tensor(index, torch.tensor([2, 2, 3, 1]), (2, 2), check_invariants=True)
    torch.testing.assert_close(ops.sparse_multi_hot(sparse, 4), dense_of([[2], [3, 1]], 4).bool())


def test_outputs_of_many_megabytes_equal_the_reference():
    # From 32 MiB the multi-hot output is a fresh huge-page mapping that nothing clears: it must
    # still read as zeros wherever no label is set, call after call, and resize like any tensor.
    generator = np.random.default_rng(1)
    rows, classes = 70_000, 500
    counts = generator.integers(0, 6, rows)
    ids = generator.integers(0, classes, counts.sum())
    ragged = [[int(i) for i in row] for row in np.split(ids, np.cumsum(counts)[:-1])]
    expected = torch.zeros(rows, classes, dtype=torch.bool)
    expected[torch.from_numpy(np.repeat(np.arange(rows), counts)), torch.from_numpy(ids)] = True
    for _ in range(2):
        torch.testing.assert_close(multilabel_head.labels.multi_hot_labels(ragged, classes, None), expected)
        torch.testing.assert_close(ops.sparse_multi_hot(sparse_of(ragged), classes), expected)
    grown = multilabel_head.labels.multi_hot_labels(ragged, classes, None).resize_(2 * rows, classes)
    torch.testing.assert_close(grown[:rows], expected)


def test_names_match_by_content_whatever_their_storage():
    # Kinds 1 (ASCII, Latin-1), 2 and 4 of PEP 393, and enough names that lookups probe past
    # colliding slots; labels are new str objects, equal in text to the vocabulary's.
    names = ["x", "é", "Ωmega", "😀 smile", "tag::a"] + [f"role::{i}" for i in range(3000)]
    vocabulary = LabelVocabulary(names)
    rows = [[names[i], names[(7 * i) % len(names)]] for i in range(len(names))]
    copies = [["".join(list(name)) for name in row] for row in rows]
    expected = dense_of([[i, (7 * i) % len(names)] for i in range(len(names))], len(names)).bool()
    torch.testing.assert_close(
        multilabel_head.labels.multi_hot_labels(copies, len(names), vocabulary), expected
    )
    for unknown in ("x\x00", "X", "é ", "role::3000", "it's", 'say "hi"', "both ' \"", "a\tb\\c\x7f"):
        message = f"^Label {re.escape(repr(unknown))} of example 1 is not in label_vocabulary.$"
        with pytest.raises(ValueError, match=message):
            multilabel_head.labels.multi_hot_labels([["x"], [unknown]], len(names), vocabulary)


def test_loss_fn_receives_multi_hot_labels():
    seen = {}

    def loss_fn(labels, logits):
        seen["labels"] = labels
        return logits.sum(-1, keepdim=True)

    MultiLabelHead(5, loss_fn=loss_fn).loss([[0, 3], [1]], torch.randn(2, 5))
    torch.testing.assert_close(seen["labels"], dense_of([[0, 3], [1]]).bool())


def test_functional_takes_a_vocabulary_as_names():
    logits = torch.randn(2, 5)
    loss = multilabel_head.multi_label_head_loss([["a"], ["e", "b"]], logits, 5, label_vocabulary=VOCABULARY)
    torch.testing.assert_close(loss, MultiLabelHead(5).loss([[0], [4, 1]], logits))


@pytest.mark.parametrize(
    ("labels", "error", "message"),
    [
        ([[0, 5]], ValueError, r"^labels must be an integer SparseTensor with values in \[0, 5\)$"),
        ([[0], [-1]], ValueError, r"values in \[0, 5\)"),
        ([["a", "zz"]], ValueError, r"^Label 'zz' of example 0 is not in label_vocabulary.$"),
        ([[0, 1.5]], ValueError, "^Labels dtype should be integer. Instead got float in example 0.$"),
        ([[0, True]], ValueError, "Instead got bool"),
        ([[0], ["a"]], ValueError, "Instead got str in example 1"),
        ([["a"], [0]], ValueError, "String labels must all be str; example 1 holds a int"),
        ([[[0, 1]]], ValueError, "nested two levels deep"),
        ([[0], 3], ValueError, "example 1 is a int"),
        ([[2**70]], OverflowError, None),
        ("ab", TypeError, "labels must be a Tensor"),
    ],
)  # fmt: skip
def test_ragged_errors(labels, error, message):
    head = MultiLabelHead(5, label_vocabulary=VOCABULARY)
    with pytest.raises(error, match=message):
        head.loss(labels, torch.zeros(len(labels), 5))


def test_sparse_errors():
    head = MultiLabelHead(3)

    def sparse(values):
        index = torch.tensor([[0, 1], [0, 0]])
        return torch.sparse_coo_tensor(index, torch.tensor(values), (2, 1), check_invariants=True)

    with pytest.raises(ValueError, match=r"^Labels dtype should be integer. Instead got Float.$"):
        head.loss(sparse([0.0, 1.0]), torch.zeros(2, 3))
    with pytest.raises(ValueError, match=r"values in \[0, 3\)"):
        head.loss(sparse([0, 3]), torch.zeros(2, 3))
    with pytest.raises(ValueError, match=r"expected_labels_shape: \(3, 3\). labels_shape: \(2, 3\)."):
        head.loss(sparse([0, 2]), torch.zeros(3, 3))


def test_ragged_multi_hot_checks_offsets():
    ids = torch.tensor([0, 1])
    for offsets in ([1, 2], [0, 1], [0, 2, 1, 2]):
        with pytest.raises(ValueError, match="row_offsets must rise from 0"):
            ops.ragged_multi_hot(ids, torch.tensor(offsets), 3)


def test_label_vocabulary():
    vocabulary = LabelVocabulary(["x", "y", "é"])
    assert len(vocabulary) == 3 and vocabulary.names == ["x", "y", "é"]
    assert vocabulary.find("é") == 2 and vocabulary.find("z") is None
    with pytest.raises(ValueError, match=r"^label_vocabulary must not contain duplicates. Given: 'y' more"):
        LabelVocabulary(["x", "y", "y"])
    head = MultiLabelHead(3, label_vocabulary=["x", "y", "é"])
    torch.testing.assert_close(head.loss([["é"]], torch.zeros(1, 3)), head.loss([[2]], torch.zeros(1, 3)))


def test_head_with_vocabulary_copies_and_pickles():
    head = MultiLabelHead(5, label_vocabulary=VOCABULARY)
    logits = torch.randn(2, 5)
    buffer = io.BytesIO()
    torch.save(head, buffer)
    buffer.seek(0)
    for twin in (copy.deepcopy(head), torch.load(buffer, weights_only=False)):
        torch.testing.assert_close(twin.loss([["e"], ["a", "b"]], logits), head.loss([[4], [0, 1]], logits))


def test_opcheck_multi_hot():
    samples = [
        (torch.tensor([0, 4, 4, 2], dtype=torch.int32), torch.tensor([0, 0, 2, 1]), 3, 5),
        (torch.tensor([], dtype=torch.int64), torch.tensor([], dtype=torch.int64), 2, 5),
    ]
    for args in samples:
        torch.library.opcheck(ops.multi_hot.default, args)
    torch.library.opcheck(
        ops.ragged_multi_hot.default, (torch.tensor([1, 2, 0]), torch.tensor([0, 2, 2, 3]), 3)
    )
    torch.library.opcheck(
        ops.ragged_multi_hot.default, (torch.tensor([], dtype=torch.int8), torch.tensor([0]), 3)
    )
    # SchemaCheckMode cannot read a sparse tensor's storage.
    sparse_args = (sparse_of([[1], [0, 2]]), 3)
    torch.library.opcheck(ops.sparse_multi_hot.default, sparse_args, test_utils="test_autograd_registration")
