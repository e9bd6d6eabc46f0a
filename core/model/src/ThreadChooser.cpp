#include "insolepose/model/ThreadChooser.h"

#include <algorithm>
#include <vector>

namespace insolepose::model {

namespace {
double median(const std::deque<double>& d)
{
    if (d.empty())
        return 0.0;
    std::vector<double> v(d.begin(), d.end());
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}
} // namespace

int ThreadChooser::next(int most)
{
    if (most <= 1)
        return 1;
    std::lock_guard lock(m_mutex);
    if (m_recent[0].size() < kWarmUp || m_recent[1].size() < kWarmUp)
        return m_recent[1].size() <= m_recent[0].size() ? most : 1;
    if (++m_sinceTry >= m_interval) {
        m_sinceTry = 0;
        ++m_triesOut;
        return m_best == 1 ? 1 : most;
    }
    return m_best == 1 ? most : 1;
}

void ThreadChooser::record(int threads, double ms)
{
    std::lock_guard lock(m_mutex);
    const int count = threads > 1 ? 1 : 0;
    auto& recent = m_recent[std::size_t(count)];
    recent.push_back(ms);
    if (recent.size() > kRecent)
        recent.pop_front();
    if (m_recent[0].size() < kWarmUp || m_recent[1].size() < kWarmUp)
        return;
    const int best = median(m_recent[1]) <= median(m_recent[0]) ? 1 : 0;
    if (best != m_best) { // the load changed: probe at the normal pace again
        m_best = best;
        m_interval = kExploreEvery;
        m_sinceTry = 0;
        m_triesOut = 0;
    } else if (count != best && m_triesOut > 0) { // a try of the other count (calls run the best)
        --m_triesOut;
        m_interval = ms < median(m_recent[std::size_t(best)]) ? 1 : std::min(2 * m_interval, kExploreMax);
    }
}

double ThreadChooser::recentMedianMs(bool most) const
{
    std::lock_guard lock(m_mutex);
    return median(m_recent[most ? 1 : 0]);
}

} // namespace insolepose::model
