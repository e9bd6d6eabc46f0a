#pragma once
// Plantar-pressure views computed from a session (docs/GAIT.md): peak- and mean-pressure maps over
// a time range, foot regions (heel, midfoot, forefoot, toes; medial and lateral) with a default
// mask per insole size, load-time curves per region, the centre-of-pressure path of a step, the
// butterfly (gait-line) plot of both feet, and per-step load curves normalised to 100 % stance.
// Values are normalised pressure (0..1 per taxel, docs/SESSION_FORMAT.md); loads are sums of it.
// Reports no errors: empty ranges give empty maps and curves.
#include "insolepose/Session.h"
#include "insolepose/SessionCurves.h"
#include "insolepose/analysis/Gait.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace insolepose::analysis {

enum class FootZone : std::int8_t { Heel, Midfoot, Forefoot, Toes };
inline constexpr int kFootZoneCount = 4;
std::string_view footZoneName(FootZone zone); ///< "heel", "midfoot", "forefoot", "toes"

/// Where the zones end along the insole, as fractions of its sensor length from the toes (row 0).
/// Editable in the studio's gait dock.
struct RegionBounds {
    double toesEnd = 0.18;
    double forefootEnd = 0.45;
    double midfootEnd = 0.70;
};

/// A zone and a side for every cell of the model grid; -1 outside the insole's sensor grid.
struct RegionMask {
    std::vector<std::int8_t> zone; ///< FootZone or -1.
    std::vector<std::int8_t> lateral; ///< 1 lateral, 0 medial, -1 outside.
};
/// The default mask of an insole: zones by rows of its sensor grid (docs/REFERENCE.md: 30 rows for a
/// small insole, 29 for a large one), medial and lateral halves by columns (the big toe is on the
/// left of a right insole seen from above with the toes at row 0, on the right of a left one).
RegionMask defaultRegionMask(InsoleSize size, Foot foot, const RegionBounds& bounds = {});

/// Load of each zone and each side in every frame of [from, to).
struct RegionCurves {
    std::vector<TimeNs> times_ns;
    std::array<std::vector<float>, kFootZoneCount> zones;
    std::array<std::vector<float>, 2> sides; ///< [0] medial, [1] lateral.
};
RegionCurves regionCurves(const TactileStream& stream, const Calibration& calibration, const RegionMask& mask,
                          TimeNs from_ns, TimeNs to_ns);

/// Per-taxel peak and mean of normalised pressure over the frames in [from, to) (model grid).
struct PressureMaps {
    std::vector<float> peak;
    std::vector<float> mean;
    std::size_t frames = 0;
};
PressureMaps pressureMaps(const TactileStream& stream, const Calibration& calibration, TimeNs from_ns, TimeNs to_ns);

/// Centres of pressure of the loaded frames in [from, to), taxel coordinates, in time order.
std::vector<CentreOfPressure> copPath(const TactileStream& stream, const Calibration& calibration, TimeNs from_ns,
                                      TimeNs to_ns);

/// A point on the plane both insoles lie on side by side (x to the right, y towards the toes, cm).
struct PlanePoint {
    double x_cm = 0;
    double y_cm = 0;
};
/// Where taxel (row, col) of a foot's insole lies on that plane: the insoles are drawn parallel,
/// heels level, their centre lines `separation_cm` apart; a taxel is length/rows long and (an
/// assumption for drawing) 0.38 x length / cols wide.
PlanePoint planePoint(InsoleSize size, Foot foot, const CentreOfPressure& cop, double separation_cm = 18.0);
/// The butterfly (gait-line) plot: the load-weighted centre of pressure of both feet on that plane
/// at each frame of the left stream in [from, to) (the right foot's latest frame); frames without
/// load on either foot are left out.
std::vector<PlanePoint> butterfly(const Session& session, TimeNs from_ns, TimeNs to_ns);

/// The load curve of each complete step resampled to `points` samples over 0..100 % of its stance.
struct StanceCurve {
    Foot foot = Foot::Left;
    std::string label;
    std::vector<float> load;
};
std::vector<StanceCurve> stanceCurves(const GaitAnalysis& gait, int points = 101);
/// The mean of the curves of one foot (empty when it has none).
std::vector<float> meanStanceCurve(const std::vector<StanceCurve>& curves, Foot foot);

} // namespace insolepose::analysis
