"""TF's loss reductions that a head accepts."""

import enum


class LossReduction(str, enum.Enum):
    """tf.losses.Reduction without NONE. Plain strings ('sum', ...) work everywhere too."""

    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"
    SUM = "sum"
    AUTO = "auto"


def loss_reduction_name(reduction: object) -> str:
    """The name the C++ core parses; it rejects unknown names with TF's message."""
    return reduction.value if isinstance(reduction, LossReduction) else str(reduction)
