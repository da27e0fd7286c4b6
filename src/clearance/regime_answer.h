// What a special-regime service answers a request with (regimes-v1): a new record (201), a
// replay of the same id and content (200 with the first answer), a done action or read (200), or
// a refusal of the body (every error; 400, or 422 for a business rule). Errors that are not about
// the body (a conflict, an unknown record, the store) travel as Result errors instead.
#pragma once

#include <string>
#include <utility>

#include "clearance/lodging.h"
#include "core/result.h"

namespace oc {

struct RegimeAnswer {
  enum class Kind { created, exists, done, rejected };
  Kind kind = Kind::created;
  std::string json;
  Errors errors;

  static RegimeAnswer rejected(Errors errors) {
    RegimeAnswer answer;
    answer.kind = Kind::rejected;
    answer.json = errors_json(errors);
    answer.errors = std::move(errors);
    return answer;
  }
};

}  // namespace oc
