#include "head/python_repr.h"

#include <charconv>
#include <cmath>

namespace multilabel_head {
namespace {

template <typename T>
std::string join_reprs(const std::vector<T>& items) {
  std::string joined;
  for (size_t i = 0; i < items.size(); ++i) {
    joined += (i ? ", " : "") + python_repr(items[i]);
  }
  return joined;
}

}  // namespace

std::string python_repr(double value) {
  if (std::isnan(value)) {
    return "nan";
  }
  if (std::isinf(value)) {
    return value > 0 ? "inf" : "-inf";
  }
  char text[64];
  const auto end = std::to_chars(text, text + sizeof(text), value).ptr;
  std::string shortest(text, end);
  // Python's repr keeps a fractional part on integral floats: 1.0, not 1.
  if (shortest.find_first_of(".e") == std::string::npos) {
    shortest += ".0";
  }
  return shortest;
}

std::string python_repr(const std::string& text) {
  // Python's choice of quotes and its escapes for backslashes and ASCII control characters (UTF-8
  // beyond ASCII prints as itself, as Python prints printable characters).
  const bool double_quoted =
      text.find('\'') != std::string::npos && text.find('"') == std::string::npos;
  const char quote = double_quoted ? '"' : '\'';
  std::string repr(1, quote);
  for (const char c : text) {
    const auto code = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      repr += {'\\', c};
    } else if (c == '\n' || c == '\r' || c == '\t') {
      repr += {'\\', c == '\n' ? 'n' : c == '\r' ? 'r' : 't'};
    } else if (code < 0x20 || code == 0x7f) {
      constexpr char kHex[] = "0123456789abcdef";
      repr += {'\\', 'x', kHex[code >> 4], kHex[code & 15]};
    } else {
      repr += c;
    }
  }
  return repr + quote;
}

std::string python_tuple(const std::vector<std::string>& items) {
  return "(" + join_reprs(items) + (items.size() == 1 ? ",)" : ")");
}

std::string python_list(const std::vector<std::string>& items) {
  return "[" + join_reprs(items) + "]";
}

std::string python_list(const std::vector<double>& items) { return "[" + join_reprs(items) + "]"; }

}  // namespace multilabel_head
