#pragma once

#include <string>
#include <vector>

namespace multilabel_head {

// Values in error messages as Python prints them, since TF's messages embed Python values.
std::string python_repr(double value);                            // 1.0, 0.25, 1e-05, nan
std::string python_repr(const std::string& text);                 // 'text', "it's"
std::string python_tuple(const std::vector<std::string>& items);  // ('a',) or ('a', 'b')
std::string python_list(const std::vector<std::string>& items);   // ['a', 'b']
std::string python_list(const std::vector<double>& items);        // [0.5, 1.0]

}  // namespace multilabel_head
