#pragma once
// Tactile frames from the insoles: raw 12-bit readings on the model grid (30 x 22; a large
// 29 x 21 insole is zero-padded at the bottom and right as the authors do).
#include "insolepose/Time.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace insolepose {

enum class Foot : int { Left = 0, Right = 1 };
std::string_view footName(Foot foot); ///< "left" / "right"
inline constexpr std::array<Foot, 2> kFeet{Foot::Left, Foot::Right};

/// One value per foot, indexed by Foot (no casts at the call sites). Also indexable by 0 / 1 and
/// iterable left then right, like the std::array it wraps.
template <typename T> struct FootPair {
    std::array<T, 2> values{};

    constexpr T& operator[](Foot foot) { return values[static_cast<std::size_t>(foot)]; }
    constexpr const T& operator[](Foot foot) const { return values[static_cast<std::size_t>(foot)]; }
    constexpr T& operator[](std::size_t i) { return values[i]; }
    constexpr const T& operator[](std::size_t i) const { return values[i]; }
    constexpr auto begin() { return values.begin(); }
    constexpr auto end() { return values.end(); }
    constexpr auto begin() const { return values.begin(); }
    constexpr auto end() const { return values.end(); }
    static constexpr std::size_t size() { return 2; }
    friend bool operator==(const FootPair&, const FootPair&) = default;
};

struct GridSize {
    int rows = 30;
    int cols = 22;
    int cellCount() const { return rows * cols; }
    friend bool operator==(const GridSize&, const GridSize&) = default;
};

inline constexpr GridSize kModelGrid{30, 22};
inline constexpr GridSize kSmallInsoleGrid{30, 22}; ///< 240 mm insole
inline constexpr GridSize kLargeInsoleGrid{29, 21}; ///< 270 mm insole
inline constexpr std::uint16_t kAdcMax = 4095; ///< 12-bit readings

enum class InsoleSize { Small, Large };
GridSize sourceGrid(InsoleSize size);
std::string_view insoleSizeName(InsoleSize size);
/// Parses "small" / "large"; throws FormatError naming the value otherwise.
InsoleSize parseInsoleSize(std::string_view name);

struct TactileFrame {
    Foot foot = Foot::Left;
    TimeNs hostTime_ns = 0; ///< Arrival on the session clock.
    TimeNs deviceTime_ns = 0; ///< The board's own clock, when it sends one (else 0).
    std::uint32_t sequence = 0;
    GridSize grid = kModelGrid; ///< Always the model grid after padding.
    std::vector<std::uint16_t> raw_adc; ///< Row-major, grid.cellCount() values, 0..4095.
};

/// Pads (zero, bottom and right) or validates raw readings of a `source` grid to the model grid.
/// Throws FormatError when the value count does not match `source` or a reading exceeds 12 bits.
std::vector<std::uint16_t> toModelGrid(std::span<const std::uint16_t> raw, GridSize source);

/// Mask of live taxels (1) on the model grid for an insole whose sensor grid is `source`.
std::vector<std::uint8_t> liveTaxelMask(GridSize source);

/// Summary of one normalised pressure frame: the load (sum of normalised taxels), the taxels in
/// contact (above `contactThreshold`) and the centre of pressure in taxel coordinates (row,
/// column; cell centres at integer + 0.5). No centre of pressure without load. Non-finite values
/// count as zero.
struct PressureStats {
    double load = 0;
    std::size_t contactTaxels = 0;
    bool hasCentre = false;
    double centreRow = 0, centreCol = 0;
};
PressureStats pressureStats(std::span<const float> normalized, GridSize grid, float contactThreshold = 0.05f);

} // namespace insolepose
