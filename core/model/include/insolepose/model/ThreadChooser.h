#pragma once
// Chooses, call by call, how many CPU threads a repeated job (live inference) runs on: one, or
// `most`. With the cores to itself a job runs faster on all of them; when another program holds a
// core, each parallel step waits for the thread that shares that core, and one thread on the free
// core wins (docs/MODEL.md, "Inference speed"). The chooser runs the count whose recent median
// duration is lower and now and then tries the other: every kExploreEvery-th call, backing off
// (doubling the gap, up to kExploreMax) while the other stays slower, since a try on a busy machine
// can cost ten times a normal call; a try that beats the current median is repeated at once, so a
// change of load is followed within a few calls. Fewer than 5 % of the calls (outside the 95th
// percentile) run the slower count. Thread-safe: several threads may share one chooser (next() and
// record() in any interleaving).
#include <array>
#include <cstdint>
#include <deque>
#include <mutex>

namespace insolepose::model {

class ThreadChooser {
public:
    static constexpr int kExploreEvery = 32;
    static constexpr int kExploreMax = 256;
    static constexpr std::size_t kRecent = 5; ///< Durations kept per count.
    static constexpr std::size_t kWarmUp = 3; ///< Calls per count before choosing.

    /// The thread count for the next call: 1 or `most` (1 when `most` <= 1).
    int next(int most);
    /// Reports how long a call on `threads` threads took.
    void record(int threads, double ms);
    /// The recent median for one thread (`most` = false) or all (0 before any call).
    double recentMedianMs(bool most) const;

private:
    mutable std::mutex m_mutex;
    std::array<std::deque<double>, 2> m_recent; ///< [0]: one thread, [1]: `most`.
    int m_interval = kExploreEvery; ///< Calls between tries of the other count.
    int m_sinceTry = 0;
    /// Tries handed out and not yet recorded. Counted, not a flag for "the last call": the pairs of
    /// a LiveGroup share their model's chooser, and another pair's call may come in between.
    int m_triesOut = 0;
    int m_best = 1; ///< 0: one thread, 1: all (by recent medians).
};

} // namespace insolepose::model
