// Error and Result: how expected failures travel through OpenCustoms.
//
// An Error carries a stable dotted code a client can act on ("hs_code.unknown"), a JSON-pointer
// path to the offending field ("/items/0/hs_code", empty when the error is not about one field)
// and a human message. Codes are documented in docs/errors.md and never renamed.
// Result<T> holds either a T or an Error; VoidResult is Result<void>. (Status is the
// declaration's lifecycle status, declaration/event.h.) Programming errors are
// assertions, never Errors.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace oc {

struct Error {
  std::string code;
  std::string path;
  std::string message;

  bool operator==(const Error&) const = default;
};

using Errors = std::vector<Error>;

inline Error make_error(std::string code, std::string path, std::string message) {
  return Error{std::move(code), std::move(path), std::move(message)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok()
  const Error& error() const& { assert(!ok()); return std::get<1>(state_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { assert(failed_); return error_; }
  Error&& error() && { assert(failed_); return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

using VoidResult = Result<void>;

inline VoidResult ok_result() { return VoidResult{}; }

}  // namespace oc

// Propagates the error of an expression returning Result/Status; evaluates to nothing.
#define OC_TRY(expr)                         \
  do {                                              \
    auto oc_try_ = (expr);                   \
    if (!oc_try_.ok()) return std::move(oc_try_).error(); \
  } while (false)
