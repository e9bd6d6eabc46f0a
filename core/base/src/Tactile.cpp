#include "insolepose/Tactile.h"

#include "insolepose/Error.h"

#include <cmath>
#include <string>

namespace insolepose {

std::string_view footName(Foot foot) { return foot == Foot::Left ? "left" : "right"; }

GridSize sourceGrid(InsoleSize size) { return size == InsoleSize::Small ? kSmallInsoleGrid : kLargeInsoleGrid; }

std::string_view insoleSizeName(InsoleSize size) { return size == InsoleSize::Small ? "small" : "large"; }

InsoleSize parseInsoleSize(std::string_view name)
{
    if (name == "small")
        return InsoleSize::Small;
    if (name == "large")
        return InsoleSize::Large;
    throw FormatError("unknown insole size '" + std::string(name) + "' (expected small or large)");
}

std::vector<std::uint16_t> toModelGrid(std::span<const std::uint16_t> raw, GridSize source)
{
    if (source.rows > kModelGrid.rows || source.cols > kModelGrid.cols || source.rows <= 0 || source.cols <= 0)
        throw FormatError("tactile grid " + std::to_string(source.rows) + "x" + std::to_string(source.cols) +
                          " does not fit the model grid 30x22");
    if (raw.size() != static_cast<std::size_t>(source.cellCount()))
        throw FormatError("tactile frame has " + std::to_string(raw.size()) + " readings, a " +
                          std::to_string(source.rows) + "x" + std::to_string(source.cols) + " grid needs " +
                          std::to_string(source.cellCount()));
    std::vector<std::uint16_t> out(static_cast<std::size_t>(kModelGrid.cellCount()), 0);
    for (int r = 0; r < source.rows; ++r) {
        for (int c = 0; c < source.cols; ++c) {
            const std::uint16_t v = raw[static_cast<std::size_t>(r * source.cols + c)];
            if (v > kAdcMax)
                throw FormatError("tactile reading " + std::to_string(v) + " at row " + std::to_string(r) +
                                  ", column " + std::to_string(c) + " exceeds the 12-bit range 0..4095");
            out[static_cast<std::size_t>(r * kModelGrid.cols + c)] = v;
        }
    }
    return out;
}

std::vector<std::uint8_t> liveTaxelMask(GridSize source)
{
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(kModelGrid.cellCount()), 0);
    for (int r = 0; r < std::min(source.rows, kModelGrid.rows); ++r)
        for (int c = 0; c < std::min(source.cols, kModelGrid.cols); ++c)
            mask[static_cast<std::size_t>(r * kModelGrid.cols + c)] = 1;
    return mask;
}

PressureStats pressureStats(std::span<const float> v, GridSize grid, float contactThreshold)
{
    PressureStats s;
    if (v.size() != std::size_t(grid.cellCount()))
        throw FormatError("pressure frame has " + std::to_string(v.size()) + " values, expected " +
                          std::to_string(grid.cellCount()));
    double wr = 0, wc = 0;
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c) {
            const float x = v[std::size_t(r * grid.cols + c)];
            if (!(x > 0) || !std::isfinite(x))
                continue;
            s.load += x;
            wr += x * (r + 0.5);
            wc += x * (c + 0.5);
            s.contactTaxels += x > contactThreshold;
        }
    if (s.load > 1e-9) {
        s.hasCentre = true;
        s.centreRow = wr / s.load;
        s.centreCol = wc / s.load;
    }
    return s;
}

} // namespace insolepose
