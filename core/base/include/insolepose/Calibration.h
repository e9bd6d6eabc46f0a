#pragma once
// Per-insole calibration that turns raw ADC readings into normalised [0, 1] pressure frames:
// either one min/max range for the whole insole (the authors' live path) or a per-taxel baseline
// with a common span. Also carries dead/stuck taxel flags. Errors: FormatError on bad JSON
// values or sizes.
#include "insolepose/Tactile.h"

#include <QJsonObject>

#include <cstdint>
#include <span>
#include <vector>

namespace insolepose {

/// The largest calibration grid accepted (cells); larger grids are a FormatError, so that no
/// size computed from a grid read from a file can overflow or allocate without bound.
inline constexpr std::int64_t kMaxCalibrationCells = 1 << 16;

class Calibration {
public:
    enum class Mode { MinMax, PerTaxelBaseline };

    /// The identity-like default: min 0, max 4095.
    Calibration() = default;
    static Calibration minMax(float min_adc, float max_adc, GridSize grid = kModelGrid);
    /// `baseline` holds one unloaded reading per taxel; `span_adc` maps baseline+span to 1.
    static Calibration perTaxel(std::vector<float> baseline_adc, float span_adc, GridSize grid = kModelGrid);

    Mode mode() const { return m_mode; }
    GridSize grid() const { return m_grid; }
    float minAdc() const { return m_min; }
    float maxAdc() const { return m_max; }
    const std::vector<float>& baseline() const { return m_baseline; }
    float span() const { return m_span; }

    /// Taxels to ignore (dead or stuck): 1 = bad. Empty means none.
    const std::vector<std::uint8_t>& badTaxels() const { return m_bad; }
    void setBadTaxels(std::vector<std::uint8_t> bad);

    /// Writes grid.cellCount() values in [0, 1] into `out`; bad taxels read 0.
    /// Throws FormatError when sizes do not match the grid.
    void normalize(std::span<const std::uint16_t> raw, std::span<float> out) const;
    std::vector<float> normalize(std::span<const std::uint16_t> raw) const;

    QJsonObject toJson() const;
    /// Throws FormatError naming the field that is missing or invalid.
    static Calibration fromJson(const QJsonObject& json);

    friend bool operator==(const Calibration&, const Calibration&) = default;

private:
    Mode m_mode = Mode::MinMax;
    GridSize m_grid = kModelGrid;
    float m_min = 0.0f;
    float m_max = static_cast<float>(kAdcMax);
    std::vector<float> m_baseline;
    float m_span = 1.0f;
    std::vector<std::uint8_t> m_bad;
};

} // namespace insolepose
