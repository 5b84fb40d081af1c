"""Keras's metric arithmetic written with NumPy, from the spec (section 5) and Keras's source: the
independent reference for multilabel_head.metrics. Counts in float64."""

import numpy as np


def keras_thresholds(num_thresholds: int) -> np.ndarray:
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return np.array([-1e-7, *inner, 1 + 1e-7], dtype=np.float32)


def confusion(labels, predictions, weights=None, num_thresholds=200, direct=False):
    """TP, FP, TN, FN at every Keras threshold over all cells (flattened). ``direct`` compares
    p > threshold instead of Keras's bucket arithmetic (equal except at float ties on the edges)."""
    p = np.asarray(predictions, dtype=np.float32).ravel()
    y = np.asarray(labels).ravel() != 0
    w = (
        np.ones(p.shape)
        if weights is None
        else np.broadcast_to(np.asarray(weights, np.float64), np.shape(predictions)).ravel()
    )
    if direct:
        above = p[None, :] > keras_thresholds(num_thresholds)[:, None]
        tp = (above * (w * y)).sum(1)
        fp = (above * (w * ~y)).sum(1)
    else:
        buckets = np.maximum(0, np.ceil(p * np.float32(num_thresholds - 1)) - 1).astype(np.int64)
        positives = np.bincount(buckets, w * y, minlength=num_thresholds - 1)
        negatives = np.bincount(buckets, w * ~y, minlength=num_thresholds - 1)
        tp = np.append(np.cumsum(positives[::-1])[::-1], 0.0)
        fp = np.append(np.cumsum(negatives[::-1])[::-1], 0.0)
    return tp, fp, (w * ~y).sum() - fp, (w * y).sum() - tp


def _divide_no_nan(a, b):
    a, b = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64))
    out = np.zeros(a.shape)
    np.divide(a, b, out=out, where=b != 0)
    return out


def area(tp, fp, tn, fn, curve="ROC", summation_method="interpolation") -> float:
    """Keras's AUC.result() from the confusion counts."""
    if curve == "PR" and summation_method == "interpolation":
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = _divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        both = (p[:-1] > 0) & (p[1:] > 0)
        ratio = np.where(both, _divide_no_nan(p[:-1], np.maximum(p[1:], 0)), 1.0)
        return float(
            _divide_no_nan(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0)).sum()
        )
    recall = _divide_no_nan(tp, tp + fn)
    if curve == "ROC":
        x, y = _divide_no_nan(fp, fp + tn), recall
    else:
        x, y = recall, _divide_no_nan(tp, tp + fp)
    heights = {
        "interpolation": (y[:-1] + y[1:]) / 2,
        "minoring": np.minimum(y[:-1], y[1:]),
        "majoring": np.maximum(y[:-1], y[1:]),
    }[summation_method]
    return float(((x[:-1] - x[1:]) * heights).sum())


def auc(labels, predictions, weights=None, num_thresholds=200, curve="ROC", summation_method="interpolation"):
    return area(*confusion(labels, predictions, weights, num_thresholds), curve, summation_method)


def threshold_counts(labels, predictions, weights, threshold):
    """tp, fp, tn, fn and matches (Keras's binary_matches) at p > threshold, over all cells."""
    p = np.asarray(predictions, np.float32)
    y = np.asarray(labels, np.float64)
    w = np.ones(p.shape) if weights is None else np.broadcast_to(np.asarray(weights, np.float64), p.shape)
    predicted = p > np.float32(threshold)
    positive = y != 0
    return {
        "tp": (w * (positive & predicted)).sum(),
        "fp": (w * (~positive & predicted)).sum(),
        "tn": (w * (~positive & ~predicted)).sum(),
        "fn": (w * (positive & ~predicted)).sum(),
        "matches": (w * (y == predicted.astype(np.float64))).sum(),
    }


def precision(labels, predictions, weights=None, threshold=0.5) -> float:
    c = threshold_counts(labels, predictions, weights, threshold)
    return float(_divide_no_nan(c["tp"], c["tp"] + c["fp"]))


def recall(labels, predictions, weights=None, threshold=0.5) -> float:
    c = threshold_counts(labels, predictions, weights, threshold)
    return float(_divide_no_nan(c["tp"], c["tp"] + c["fn"]))


def accuracy(labels, predictions, weights=None, threshold=0.5) -> float:
    c = threshold_counts(labels, predictions, weights, threshold)
    return float(_divide_no_nan(c["matches"], c["tp"] + c["fp"] + c["tn"] + c["fn"]))
