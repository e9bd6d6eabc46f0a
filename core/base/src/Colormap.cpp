#include "insolepose/Colormap.h"

#include <algorithm>
#include <cmath>

namespace insolepose {

namespace {

constexpr std::array<std::array<int, 3>, 9> kViridis = {{{68, 1, 84},
                                                         {71, 44, 122},
                                                         {59, 81, 139},
                                                         {44, 113, 142},
                                                         {33, 144, 141},
                                                         {39, 173, 129},
                                                         {92, 200, 99},
                                                         {170, 220, 50},
                                                         {253, 231, 37}}};

} // namespace

std::array<std::uint8_t, 3> viridis(double t)
{
    if (!std::isfinite(t))
        t = 0.0;
    const double x = std::clamp(t, 0.0, 1.0) * double(kViridis.size() - 1);
    const auto i = std::min<std::size_t>(static_cast<std::size_t>(x), kViridis.size() - 2);
    const double f = x - double(i);
    std::array<std::uint8_t, 3> rgb{};
    for (std::size_t c = 0; c < 3; ++c)
        rgb[c] = std::uint8_t(std::lround(kViridis[i][c] * (1 - f) + kViridis[i + 1][c] * f));
    return rgb;
}

} // namespace insolepose
