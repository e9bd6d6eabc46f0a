#pragma once
// Internal to the stream synchronisation (docs/IMPORT.md, "Synchronisation"): signals resampled on
// a uniform grid of the session clock and the search for the shift that best matches them.
#include "insolepose/Session.h"
#include "insolepose/interchange/StreamSync.h"

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace insolepose::interchange::detail {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A signal sampled on the uniform grid t0 + k * step (NaN where the stream has no data).
using Signal = std::vector<double>;
using SignalPairs = std::vector<std::pair<Signal, Signal>>;

struct Grid {
    TimeNs t0 = 0;
    double step_s = 0.005;
    std::size_t size = 0;
    TimeNs at(std::size_t k) const { return t0 + secondsToNs(double(k) * step_s); }
    /// The grid index nearest to t (may lie outside the grid: clamp before indexing).
    long indexOf(TimeNs t) const { return long(std::lround(nsToSeconds(t - t0) / step_s)); }
};

/// Linear interpolation of `value(i)` (i in time order) over `timeAt(i)` at every grid point.
template <typename TimeAt, typename Value> Signal resample(std::size_t n, TimeAt timeAt, Value value, const Grid& grid)
{
    Signal out(grid.size, kNaN);
    std::size_t i = 0;
    for (std::size_t k = 0; k < grid.size && n >= 2; ++k) {
        const TimeNs t = grid.at(k);
        while (i + 2 < n && timeAt(i + 1) <= t)
            ++i;
        const TimeNs a = timeAt(i), b = timeAt(i + 1);
        if (t < a || t > b || b <= a)
            continue;
        const double w = double(t - a) / double(b - a);
        out[k] = (1 - w) * value(i) + w * value(i + 1);
    }
    return out;
}

enum class PressureFeature { Load, CentreRow };

/// A foot's total normalised load, or its centre of pressure's row (NaN without load).
Signal footPressure(const Session& s, Foot foot, PressureFeature feature, const Grid& grid);
/// The grid covering both feet's pressure and [first, last] widened by the search window.
Grid gridFor(const Session& s, TimeNs first, TimeNs last, const SyncOptions& o);
/// Pearson correlation of p[k] with g[k - lag] over the samples where both exist (NaN when fewer
/// than `minSamples` or when either is constant).
double correlationAt(const Signal& p, const Signal& g, long lag, std::size_t minSamples = 10);

/// The lags searched, in grid steps.
struct LagRange {
    long lo = 0, hi = 0;
};
/// Finds the lag that best matches every (pressure, other stream) pair: the sum of squared
/// correlations (signs differ between movements), refined by a parabola through the peak. A peak
/// at the edge of the range or a root-mean-square correlation below `minCorrelation` is not found.
/// A lag at which a pair overlaps in fewer than `minOverlap` samples counts as no correlation.
void findPeak(const SignalPairs& pairs, LagRange lags, double step_s, double minCorrelation, const std::string& what,
              SyncEstimate& e, std::size_t minOverlap = 10);

/// Both feet have at least two frames; otherwise says so in e.note.
bool hasPressure(const Session& s, SyncEstimate& e);

} // namespace insolepose::interchange::detail
