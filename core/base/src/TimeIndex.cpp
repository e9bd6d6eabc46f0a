#include "insolepose/TimeIndex.h"

#include <numeric>

namespace insolepose {

TimeIndex::TimeIndex(std::span<const TimeNs> times_ns)
{
    for (std::size_t i = 1; i < times_ns.size(); ++i) {
        if (times_ns[i] < times_ns[i - 1])
            ++m_outOfOrder;
        else if (times_ns[i] == times_ns[i - 1])
            ++m_duplicates;
    }
    if (m_outOfOrder == 0) {
        m_sorted = times_ns;
        return;
    }
    m_rows.resize(times_ns.size());
    std::iota(m_rows.begin(), m_rows.end(), std::size_t{0});
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [&](std::size_t a, std::size_t b) { return times_ns[a] < times_ns[b]; });
    m_sortedCopy.reserve(times_ns.size());
    for (std::size_t r : m_rows)
        m_sortedCopy.push_back(times_ns[r]);
    m_sorted = m_sortedCopy;
    m_duplicates = 0; // count again in time order: equal times may not have been neighbours
    for (std::size_t i = 1; i < m_sortedCopy.size(); ++i)
        if (m_sortedCopy[i] == m_sortedCopy[i - 1])
            ++m_duplicates;
}

TimeIndex::TimeIndex(const TimeIndex& other)
    : m_sorted(other.m_sorted), m_sortedCopy(other.m_sortedCopy), m_rows(other.m_rows),
      m_outOfOrder(other.m_outOfOrder), m_duplicates(other.m_duplicates)
{
    if (!m_sortedCopy.empty())
        m_sorted = m_sortedCopy;
}

TimeIndex& TimeIndex::operator=(const TimeIndex& other)
{
    if (this != &other) {
        TimeIndex copy(other);
        *this = std::move(copy);
    }
    return *this;
}

std::optional<std::size_t> TimeIndex::latestAt(TimeNs t_ns) const
{
    auto it = std::upper_bound(m_sorted.begin(), m_sorted.end(), t_ns);
    if (it == m_sorted.begin())
        return std::nullopt;
    return static_cast<std::size_t>(it - m_sorted.begin()) - 1;
}

std::optional<std::size_t> TimeIndex::nearest(TimeNs t_ns) const
{
    if (m_sorted.empty())
        return std::nullopt;
    auto it = std::lower_bound(m_sorted.begin(), m_sorted.end(), t_ns);
    if (it == m_sorted.begin())
        return 0;
    if (it == m_sorted.end())
        return m_sorted.size() - 1;
    const auto hi = static_cast<std::size_t>(it - m_sorted.begin());
    return (t_ns - m_sorted[hi - 1] <= m_sorted[hi] - t_ns) ? hi - 1 : hi;
}

std::pair<std::size_t, std::size_t> TimeIndex::range(TimeNs t0_ns, TimeNs t1_ns) const
{
    auto lo = std::lower_bound(m_sorted.begin(), m_sorted.end(), t0_ns);
    auto hi = std::lower_bound(lo, m_sorted.end(), std::max(t0_ns, t1_ns));
    return {static_cast<std::size_t>(lo - m_sorted.begin()), static_cast<std::size_t>(hi - m_sorted.begin())};
}

} // namespace insolepose
