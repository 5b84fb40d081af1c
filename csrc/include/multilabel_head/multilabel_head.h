#pragma once

// The public C++ API of libmultilabel_head.

#include "multilabel_head/estimator_spec.h"
#include "multilabel_head/features.h"
#include "multilabel_head/functional.h"
#include "multilabel_head/head.h"
#include "multilabel_head/head_metrics.h"
#include "multilabel_head/label_vocabulary.h"
#include "multilabel_head/labels.h"
#include "multilabel_head/loss_reduction.h"
#include "multilabel_head/metrics/auc.h"
#include "multilabel_head/metrics/confusion_metrics.h"
#include "multilabel_head/metrics/mean.h"
#include "multilabel_head/metrics/metric.h"
#include "multilabel_head/ops.h"
#include "multilabel_head/options.h"
#include "multilabel_head/options_validation.h"
#include "multilabel_head/predictions.h"
#include "multilabel_head/registration.h"
