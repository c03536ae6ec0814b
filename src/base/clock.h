#pragma once
// Injectable time source. Production code takes a `const Clock&`; tests pass a ManualClock.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace custos {

// Wall-clock time. Implementations are thread-safe.
class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;

  // Seconds / nanoseconds since the Unix epoch.
  std::int64_t unix_seconds() const;
  std::int64_t unix_nanos() const;
};

// The system clock.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
  // A process-wide instance.
  static const SystemClock& instance();
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t unix_nanos = 0) : nanos_(unix_nanos) {}
  TimePoint now() const override;
  void set_unix_nanos(std::int64_t nanos) { nanos_.store(nanos); }
  void set_unix_seconds(std::int64_t seconds) { nanos_.store(seconds * 1'000'000'000); }
  void advance(std::chrono::nanoseconds delta) { nanos_.fetch_add(delta.count()); }

 private:
  std::atomic<std::int64_t> nanos_;
};

}  // namespace custos
