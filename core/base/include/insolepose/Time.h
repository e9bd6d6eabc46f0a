#pragma once
// The one time type of the project: signed 64-bit nanoseconds on the session clock.
#include <cstdint>

namespace insolepose {

using TimeNs = std::int64_t;

inline constexpr TimeNs kNsPerMs = 1'000'000;
inline constexpr TimeNs kNsPerSecond = 1'000'000'000;

constexpr TimeNs secondsToNs(double seconds) { return static_cast<TimeNs>(seconds * 1e9); }
constexpr double nsToSeconds(TimeNs t_ns) { return static_cast<double>(t_ns) * 1e-9; }

/// Nanoseconds on the host's monotonic clock: the time base devices stamp frames with and live
/// latencies are measured on.
TimeNs hostClock_ns();

} // namespace insolepose
