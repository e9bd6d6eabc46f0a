#pragma once
// A sorted index of sample timestamps answering "latest at t" and "range [t0, t1)" queries.
// It reads timestamps in place (for example from a memory-mapped file); when they are not
// non-decreasing it keeps a sorted copy plus the permutation back to the stored rows and says
// how many were out of order. Reports no errors itself.
#include "insolepose/Time.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace insolepose {

class TimeIndex {
public:
    TimeIndex() = default;
    /// Indexes `times_ns` (not copied when already sorted: the span must outlive the index).
    explicit TimeIndex(std::span<const TimeNs> times_ns);
    TimeIndex(const TimeIndex& other);
    TimeIndex& operator=(const TimeIndex& other);
    TimeIndex(TimeIndex&&) noexcept = default; // moving a vector keeps its buffer, so spans stay valid
    TimeIndex& operator=(TimeIndex&&) noexcept = default;

    std::size_t size() const { return m_sorted.size(); }
    bool empty() const { return m_sorted.empty(); }

    /// Time of the i-th sample in time order.
    TimeNs timeAt(std::size_t i) const { return m_sorted[i]; }
    /// Stored row of the i-th sample in time order (the identity unless repaired).
    std::size_t rowAt(std::size_t i) const { return m_rows.empty() ? i : m_rows[i]; }

    /// Index (in time order) of the last sample with time <= t, or nothing if all are later.
    std::optional<std::size_t> latestAt(TimeNs t_ns) const;
    /// Index of the sample nearest to t (ties go to the earlier one).
    std::optional<std::size_t> nearest(TimeNs t_ns) const;
    /// Half-open index range [first, last) of samples with t0 <= time < t1.
    std::pair<std::size_t, std::size_t> range(TimeNs t0_ns, TimeNs t1_ns) const;

    TimeNs firstTime() const { return m_sorted.front(); }
    TimeNs lastTime() const { return m_sorted.back(); }
    /// Number of stored timestamps that were smaller than their predecessor.
    std::size_t outOfOrderCount() const { return m_outOfOrder; }
    /// Number of timestamps equal to the one before them in time order (repeated times).
    std::size_t duplicateCount() const { return m_duplicates; }

private:
    std::span<const TimeNs> m_sorted;
    std::vector<TimeNs> m_sortedCopy;
    std::vector<std::size_t> m_rows;
    std::size_t m_outOfOrder = 0;
    std::size_t m_duplicates = 0;
};

/// An owning time series of values that accepts out-of-order inserts (late samples from a
/// wireless device land in their place) and answers the same queries as TimeIndex.
template <typename T> class TimeSeries {
public:
    void insert(TimeNs t_ns, T value)
    {
        if (m_times.empty() || t_ns >= m_times.back()) {
            m_times.push_back(t_ns);
            m_values.push_back(std::move(value));
            return;
        }
        auto it = std::upper_bound(m_times.begin(), m_times.end(), t_ns);
        const auto pos = it - m_times.begin();
        m_times.insert(it, t_ns);
        m_values.insert(m_values.begin() + pos, std::move(value));
    }

    std::size_t size() const { return m_times.size(); }
    bool empty() const { return m_times.empty(); }
    TimeNs timeAt(std::size_t i) const { return m_times[i]; }
    const T& valueAt(std::size_t i) const { return m_values[i]; }
    std::span<const TimeNs> times() const { return m_times; }

    const T* latestAt(TimeNs t_ns) const
    {
        auto it = std::upper_bound(m_times.begin(), m_times.end(), t_ns);
        if (it == m_times.begin())
            return nullptr;
        return &m_values[static_cast<std::size_t>(it - m_times.begin()) - 1];
    }

    std::pair<std::size_t, std::size_t> range(TimeNs t0_ns, TimeNs t1_ns) const
    {
        auto lo = std::lower_bound(m_times.begin(), m_times.end(), t0_ns);
        auto hi = std::lower_bound(lo, m_times.end(), t1_ns);
        return {static_cast<std::size_t>(lo - m_times.begin()), static_cast<std::size_t>(hi - m_times.begin())};
    }

    void clear()
    {
        m_times.clear();
        m_values.clear();
    }

private:
    std::vector<TimeNs> m_times;
    std::vector<T> m_values;
};

} // namespace insolepose
