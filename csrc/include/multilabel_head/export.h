#pragma once

// The library is built with hidden visibility; MLH_API marks what it exports.
#define MLH_API __attribute__((visibility("default")))
