#pragma once

#include "multilabel_head/export.h"

namespace multilabel_head {

// The operators register when libmultilabel_head loads. An app that only reaches them through the
// dispatcher can call this to keep an --as-needed linker from dropping the library.
MLH_API void ensure_registered();

}  // namespace multilabel_head
