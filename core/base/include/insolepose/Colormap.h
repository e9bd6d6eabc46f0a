#pragma once
// The colour scale of pressure maps (viridis, sampled at 9 evenly spaced points and interpolated
// linearly), shared by the studio's heatmaps and the PDF/PNG reports so that a report looks like
// the screen. Reports no errors: NaN and values outside [0, 1] are clamped (NaN to 0).
#include <array>
#include <cstdint>

namespace insolepose {

/// The RGB colour of `t` in [0, 1].
std::array<std::uint8_t, 3> viridis(double t);

} // namespace insolepose
