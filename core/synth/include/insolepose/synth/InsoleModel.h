#pragma once
// Foot pressure and insole sensor model for one foot of a synthetic subject: spreads the foot's
// share of body weight over heel, midfoot, metatarsal heads and toes according to foot pitch,
// squat depth and roll, inside an insole outline; then reads it like a real board would:
// per-taxel baseline, piezoresistive non-linearity and saturation, gain spread, row/column
// crosstalk, noise, 12-bit quantisation, dead and stuck taxels.
#include "insolepose/Calibration.h"
#include "insolepose/synth/Motion.h"
#include "insolepose/synth/Subject.h"

#include <cstdint>
#include <random>
#include <vector>

namespace insolepose::synth {

class InsoleModel {
public:
    InsoleModel(const Subject& subject, Foot foot, std::uint32_t seed);

    Foot foot() const { return m_foot; }
    GridSize sensorGrid() const { return m_grid; }
    float taxelArea_m2() const { return m_taxelArea_m2; }
    /// 1 where the sensor grid cell lies under the sole (sensor grid, row-major).
    const std::vector<std::uint8_t>& soleMask() const { return m_sole; }

    /// Vertical force on the foot in newtons: its share of body weight plus the dynamic load.
    static float footForce_N(const Subject& s, const FootContact& c, float verticalAccel_mps2);

    /// Pressure in kPa on the sensor grid; the sum of pressure times taxel area equals force_N.
    void pressure(const FootContact& c, float force_N, std::vector<float>& kpa) const;
    /// What the board sends for that pressure: raw ADC on the model grid (padded when large).
    void read(const std::vector<float>& kpa, std::mt19937& rng, std::vector<std::uint16_t>& raw) const;
    /// The calibration a lab would record for this insole: per-taxel unloaded baseline, a span,
    /// and the dead and stuck taxels flagged.
    Calibration calibration() const;

private:
    Foot m_foot;
    GridSize m_grid;
    float m_taxelArea_m2 = 0.0f;
    std::vector<std::uint8_t> m_sole;
    std::vector<std::vector<float>> m_regions; ///< Normalised load templates (sum 1 each).
    std::vector<float> m_lateral; ///< -1 medial .. +1 lateral per cell.
    std::vector<float> m_baseline, m_gain; ///< Per sensor-grid cell.
    std::vector<std::uint8_t> m_dead, m_stuck; ///< Per sensor-grid cell.
};

/// Centre of pressure and totals of one normalised (or kPa) frame.
struct PressureSummary {
    float total = 0.0f; ///< Sum of the values.
    float copRow = 0.0f; ///< Weighted mean row (0 = toes).
    float copCol = 0.0f;
    int activeCells = 0; ///< Cells above 0.02 of the maximum value 1.
};
PressureSummary summarize(std::span<const float> values, GridSize grid);

} // namespace insolepose::synth
