#pragma once
// Small helpers shared by the benchmarks: waiting with the event loop running, and percentiles.
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace insolepose::bench {

/// Runs the event loop for `ms` milliseconds (signals and timers keep firing).
inline void waitMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

/// The `p`-quantile (0..1) of `v` by nearest rank; 0 for an empty list.
inline double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

} // namespace insolepose::bench
