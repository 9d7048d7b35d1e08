// Status and Result: expected failures travel as values (as in leveldb).
// This header sits in the lowest layer so every layer above can share it.
#ifndef TESSERA_INSTRUMENTS_STATUS_H_
#define TESSERA_INSTRUMENTS_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tessera {

// Stable error codes; their names appear in HTTP error bodies and CLI messages.
enum class StatusCode {
  kOk,
  kInvalidArgument,  // bad input from a user or a file
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,  // the request is valid but the state does not allow it
  kConflict,
  kGone,
  kIoError,
  kCorruption,  // stored data does not match what was recorded
  kInternal,
  kUnauthenticated,    // no valid credentials or session
  kPermissionDenied,   // signed in, but not allowed to do this
  kResourceExhausted,  // rate limited; try again later
};

// The snake_case name of a code, e.g. "invalid_argument".
std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message, std::string pointer = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(message), std::move(pointer));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status AlreadyExists(std::string message) {
    return Status(StatusCode::kAlreadyExists, std::move(message));
  }
  static Status FailedPrecondition(std::string message) {
    return Status(StatusCode::kFailedPrecondition, std::move(message));
  }
  static Status Conflict(std::string message) {
    return Status(StatusCode::kConflict, std::move(message));
  }
  static Status Gone(std::string message) { return Status(StatusCode::kGone, std::move(message)); }
  static Status IoError(std::string message) {
    return Status(StatusCode::kIoError, std::move(message));
  }
  static Status Corruption(std::string message) {
    return Status(StatusCode::kCorruption, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }
  static Status Unauthenticated(std::string message) {
    return Status(StatusCode::kUnauthenticated, std::move(message));
  }
  static Status PermissionDenied(std::string message) {
    return Status(StatusCode::kPermissionDenied, std::move(message));
  }
  static Status ResourceExhausted(std::string message) {
    return Status(StatusCode::kResourceExhausted, std::move(message));
  }

  Status(StatusCode code, std::string message, std::string pointer = {})
      : code_(code), message_(std::move(message)), pointer_(std::move(pointer)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // JSON pointer of the offending field, empty when none applies.
  const std::string& pointer() const { return pointer_; }

  // "invalid_argument: message (at /pointer)".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string pointer_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(data_).ok() && "a Result holding a Status must hold an error");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace tessera

#endif  // TESSERA_INSTRUMENTS_STATUS_H_
