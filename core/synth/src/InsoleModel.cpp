#include "insolepose/synth/InsoleModel.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace insolepose::synth {
namespace {

constexpr float kGravity = 9.81f;
constexpr float kSignalMax_adc = 165.0f; // piezoresistive response saturates this far above baseline
constexpr float kPressureScale_kpa = 110.0f;
constexpr float kCalibrationSpan_adc = 120.0f;
constexpr float kNoise_adc = 1.5f;
constexpr float kCrosstalk = 0.025f;

enum Region { Heel, MidfootLateral, Mth1, Mth23, Mth45, Hallux, Toes, RegionCount };

struct RegionShape {
    float v, m, sv, sm; // centre along the foot (0 toes .. 1 heel), across (+ medial), spreads
};
constexpr std::array<RegionShape, RegionCount> kRegions = {{{0.86f, 0.0f, 0.065f, 0.35f},
                                                            {0.55f, -0.5f, 0.08f, 0.25f},
                                                            {0.28f, 0.55f, 0.045f, 0.22f},
                                                            {0.26f, 0.05f, 0.045f, 0.25f},
                                                            {0.31f, -0.55f, 0.045f, 0.2f},
                                                            {0.07f, 0.5f, 0.04f, 0.22f},
                                                            {0.10f, -0.35f, 0.035f, 0.35f}}};
constexpr std::array<float, RegionCount> kFlatWeights = {0.46f, 0.08f, 0.12f, 0.14f, 0.09f, 0.07f, 0.04f};

/// Insole outline: half-widths (medial, lateral) along the foot, as a fraction of the half width.
float interp(const float* xs, const float* ys, int n, float x)
{
    if (x <= xs[0])
        return ys[0];
    for (int i = 1; i < n; ++i)
        if (x <= xs[i])
            return ys[i - 1] + (ys[i] - ys[i - 1]) * (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
    return ys[n - 1];
}
constexpr float kOutlineV[] = {0.0f, 0.06f, 0.14f, 0.40f, 0.48f, 0.62f, 0.72f, 0.90f, 1.0f};
constexpr float kOutlineMedial[] = {0.3f, 0.75f, 0.92f, 0.95f, 0.55f, 0.5f, 0.7f, 0.7f, 0.35f};
constexpr float kOutlineLateral[] = {0.1f, 0.6f, 0.85f, 0.95f, 0.85f, 0.8f, 0.72f, 0.7f, 0.35f};

} // namespace

InsoleModel::InsoleModel(const Subject& subject, Foot foot, std::uint32_t seed)
    : m_foot(foot), m_grid(sourceGrid(subject.insole))
{
    const float length_m = subject.insole == InsoleSize::Small ? 0.240f : 0.270f;
    m_taxelArea_m2 = (length_m / float(m_grid.rows)) * (0.38f * length_m / float(m_grid.cols));
    const auto n = static_cast<std::size_t>(m_grid.cellCount());
    m_sole.assign(n, 0);
    m_lateral.assign(n, 0.0f);
    std::vector<float> vs(n), ms(n);
    for (int r = 0; r < m_grid.rows; ++r) {
        for (int c = 0; c < m_grid.cols; ++c) {
            const auto i = static_cast<std::size_t>(r * m_grid.cols + c);
            const float v = (float(r) + 0.5f) / float(m_grid.rows);
            const float u = (float(c) + 0.5f) / float(m_grid.cols);
            // Seen from above with the toes at row 0, the right foot's big toe is on the left.
            const float m = foot == Foot::Right ? (0.5f - u) * 2.0f : (u - 0.5f) * 2.0f;
            vs[i] = v;
            ms[i] = m;
            m_lateral[i] = -m;
            const float med = interp(kOutlineV, kOutlineMedial, 9, v);
            const float lat = interp(kOutlineV, kOutlineLateral, 9, v);
            m_sole[i] = (m <= med && m >= -lat) ? 1 : 0;
        }
    }
    for (const auto& shape : kRegions) {
        std::vector<float> g(n, 0.0f);
        float sum = 0.0f;
        for (std::size_t i = 0; i < n; ++i) {
            if (!m_sole[i])
                continue;
            const float dv = (vs[i] - shape.v) / shape.sv;
            const float dm = (ms[i] - shape.m) / shape.sm;
            g[i] = std::exp(-0.5f * (dv * dv + dm * dm));
            sum += g[i];
        }
        for (float& x : g)
            x /= sum;
        m_regions.push_back(std::move(g));
    }

    std::mt19937 rng(seed * 31u + (foot == Foot::Left ? 1u : 2u));
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    const float offset = foot == Foot::Left ? 2930.0f : 2921.0f;
    const float sensitivity = subject.sensitivity[foot];
    m_baseline.resize(n);
    m_gain.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        m_baseline[i] = offset + 4.0f * gauss(rng);
        m_gain[i] = sensitivity * std::clamp(1.0f + 0.08f * gauss(rng), 0.7f, 1.3f);
    }
    m_dead.assign(n, 0);
    m_stuck.assign(n, 0);
    auto toSensor = [&](int modelIndex) {
        const int r = modelIndex / kModelGrid.cols;
        const int c = modelIndex % kModelGrid.cols;
        return (r < m_grid.rows && c < m_grid.cols) ? r * m_grid.cols + c : -1;
    };
    for (int i : subject.deadTaxels[foot])
        if (int j = toSensor(i); j >= 0)
            m_dead[std::size_t(j)] = 1;
    for (int i : subject.stuckTaxels[foot])
        if (int j = toSensor(i); j >= 0)
            m_stuck[std::size_t(j)] = 1;
}

float InsoleModel::footForce_N(const Subject& s, const FootContact& c, float verticalAccel_mps2)
{
    if (!c.stance || c.support <= 0.0f)
        return 0.0f;
    const float a = std::clamp(verticalAccel_mps2, -kGravity, 3.0f * kGravity);
    return c.support * s.mass_kg * (kGravity + a);
}

void InsoleModel::pressure(const FootContact& c, float force_N, std::vector<float>& kpa) const
{
    const auto n = static_cast<std::size_t>(m_grid.cellCount());
    kpa.assign(n, 0.0f);
    if (force_N <= 0.0f)
        return;
    std::array<float, RegionCount> w = kFlatWeights;
    // Rolling over the heel: the heel takes everything as the toes rise.
    const float a = std::clamp(c.pitch_rad / 0.2f, 0.0f, 1.0f);
    for (int r = 0; r < RegionCount; ++r)
        w[r] = r == Heel ? w[r] + (1.0f - w[r]) * a : w[r] * (1.0f - a);
    // Rolling over the forefoot: the heel and midfoot unload onto the metatarsal heads and toes.
    const float b = std::clamp(-c.pitch_rad / 0.3f, 0.0f, 1.0f);
    const float released = (w[Heel] + w[MidfootLateral]) * b;
    w[Heel] *= 1.0f - b;
    w[MidfootLateral] *= 1.0f - b;
    w[Mth1] += 0.35f * released;
    w[Mth23] += 0.30f * released;
    w[Mth45] += 0.15f * released;
    w[Hallux] += 0.15f * released;
    w[Toes] += 0.05f * released;
    // Squat depth moves load from the forefoot to the heel.
    const float hb = std::clamp(c.heelBias, 0.0f, 1.0f) * 0.8f;
    for (int r : {Mth1, Mth23, Mth45, Hallux, Toes}) {
        w[Heel] += w[r] * hb;
        w[r] *= 1.0f - hb;
    }
    float sum = 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
        float p = 0.0f;
        for (int r = 0; r < RegionCount; ++r)
            p += w[r] * m_regions[std::size_t(r)][i];
        p *= std::max(0.05f, 1.0f + 0.7f * c.roll * m_lateral[i]);
        kpa[i] = p;
        sum += p;
    }
    if (sum <= 0.0f)
        return;
    const float scale = force_N / (sum * m_taxelArea_m2) / 1000.0f; // N/m^2 -> kPa
    for (float& p : kpa)
        p *= scale;
}

void InsoleModel::read(const std::vector<float>& kpa, std::mt19937& rng, std::vector<std::uint16_t>& raw) const
{
    const int rows = m_grid.rows, cols = m_grid.cols;
    const auto n = static_cast<std::size_t>(m_grid.cellCount());
    std::vector<float> signal(n);
    for (std::size_t i = 0; i < n; ++i)
        signal[i] = m_gain[i] * kSignalMax_adc * (1.0f - std::exp(-std::max(0.0f, kpa[i]) / kPressureScale_kpa));
    // Row/column crosstalk of a resistive matrix: each reading picks up its row and column.
    std::vector<float> rowMean(std::size_t(rows), 0.0f), colMean(std::size_t(cols), 0.0f);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            rowMean[std::size_t(r)] += signal[std::size_t(r * cols + c)] / float(cols);
            colMean[std::size_t(c)] += signal[std::size_t(r * cols + c)] / float(rows);
        }
    std::normal_distribution<float> noise(0.0f, kNoise_adc);
    std::vector<std::uint16_t> sensor(n);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const auto i = std::size_t(r * cols + c);
            float v;
            if (m_dead[i])
                v = m_baseline[i];
            else if (m_stuck[i])
                v = m_baseline[i] + kSignalMax_adc + 40.0f;
            else
                v = m_baseline[i] + signal[i] + kCrosstalk * (rowMean[std::size_t(r)] + colMean[std::size_t(c)]) +
                    noise(rng);
            sensor[i] = static_cast<std::uint16_t>(std::clamp(std::lround(v), 0L, long(kAdcMax)));
        }
    }
    raw = toModelGrid(sensor, m_grid);
}

Calibration InsoleModel::calibration() const
{
    std::vector<float> baseline(static_cast<std::size_t>(kModelGrid.cellCount()), 0.0f);
    std::vector<std::uint8_t> bad(baseline.size(), 0);
    for (int r = 0; r < m_grid.rows; ++r)
        for (int c = 0; c < m_grid.cols; ++c) {
            const auto i = std::size_t(r * m_grid.cols + c);
            const auto j = std::size_t(r * kModelGrid.cols + c);
            baseline[j] = std::round(m_baseline[i]);
            bad[j] = m_dead[i] || m_stuck[i];
        }
    Calibration cal = Calibration::perTaxel(std::move(baseline), kCalibrationSpan_adc);
    cal.setBadTaxels(std::move(bad));
    return cal;
}

PressureSummary summarize(std::span<const float> values, GridSize grid)
{
    PressureSummary s;
    double wr = 0, wc = 0;
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c) {
            const float v = values[std::size_t(r * grid.cols + c)];
            if (!(v > 0.0f))
                continue;
            s.total += v;
            wr += double(v) * r;
            wc += double(v) * c;
            if (v > 0.02f)
                ++s.activeCells;
        }
    if (s.total > 0.0f) {
        s.copRow = float(wr / s.total);
        s.copCol = float(wc / s.total);
    }
    return s;
}

} // namespace insolepose::synth
