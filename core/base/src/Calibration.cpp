#include "insolepose/Calibration.h"

#include "insolepose/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <string>

namespace insolepose {
namespace {

/// rows x cols in 64 bits: a grid read from a file may not fit an int.
std::int64_t cells64(GridSize grid) { return std::int64_t(grid.rows) * std::int64_t(grid.cols); }

std::string sizeMismatch(const char* what, std::size_t got, GridSize grid)
{
    return std::string("calibration: ") + what + " has " + std::to_string(got) + " values, the " +
           std::to_string(grid.rows) + "x" + std::to_string(grid.cols) + " grid needs " + std::to_string(cells64(grid));
}

/// Throws FormatError unless the grid has positive sides and at most kMaxCalibrationCells cells.
void checkGrid(GridSize grid)
{
    if (grid.rows <= 0 || grid.cols <= 0)
        throw FormatError("calibration: grid " + std::to_string(grid.rows) + "x" + std::to_string(grid.cols) +
                          " must have positive sides");
    if (cells64(grid) > kMaxCalibrationCells)
        throw FormatError("calibration: grid " + std::to_string(grid.rows) + "x" + std::to_string(grid.cols) + " has " +
                          std::to_string(cells64(grid)) + " cells; at most " + std::to_string(kMaxCalibrationCells) +
                          " are supported (the model grid is 30x22)");
}

double requireNumber(const QJsonObject& json, const char* key)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        throw FormatError(std::string("calibration: field '") + key + "' is missing or not a finite number");
    return v.toDouble();
}

} // namespace

Calibration Calibration::minMax(float min_adc, float max_adc, GridSize grid)
{
    checkGrid(grid);
    if (!(max_adc > min_adc) || !std::isfinite(min_adc) || !std::isfinite(max_adc))
        throw FormatError("calibration: max (" + std::to_string(max_adc) + ") must be a finite value above min (" +
                          std::to_string(min_adc) + ")");
    Calibration c;
    c.m_mode = Mode::MinMax;
    c.m_grid = grid;
    c.m_min = min_adc;
    c.m_max = max_adc;
    return c;
}

Calibration Calibration::perTaxel(std::vector<float> baseline_adc, float span_adc, GridSize grid)
{
    checkGrid(grid);
    if (baseline_adc.size() != static_cast<std::size_t>(grid.cellCount()))
        throw FormatError(sizeMismatch("baseline", baseline_adc.size(), grid));
    if (!(span_adc > 0.0f) || !std::isfinite(span_adc))
        throw FormatError("calibration: span must be a positive finite value, got " + std::to_string(span_adc));
    for (float b : baseline_adc)
        if (!std::isfinite(b))
            throw FormatError("calibration: baseline holds a non-finite value");
    Calibration c;
    c.m_mode = Mode::PerTaxelBaseline;
    c.m_grid = grid;
    c.m_baseline = std::move(baseline_adc);
    c.m_span = span_adc;
    return c;
}

void Calibration::setBadTaxels(std::vector<std::uint8_t> bad)
{
    if (!bad.empty() && bad.size() != static_cast<std::size_t>(m_grid.cellCount()))
        throw FormatError(sizeMismatch("bad-taxel mask", bad.size(), m_grid));
    m_bad = std::move(bad);
}

void Calibration::normalize(std::span<const std::uint16_t> raw, std::span<float> out) const
{
    const auto n = static_cast<std::size_t>(m_grid.cellCount());
    if (raw.size() != n)
        throw FormatError(sizeMismatch("raw frame", raw.size(), m_grid));
    if (out.size() != n)
        throw FormatError(sizeMismatch("output frame", out.size(), m_grid));
    if (m_mode == Mode::MinMax) {
        const float scale = 1.0f / (m_max - m_min);
        for (std::size_t i = 0; i < n; ++i)
            out[i] = std::clamp((static_cast<float>(raw[i]) - m_min) * scale, 0.0f, 1.0f);
    } else {
        const float scale = 1.0f / m_span;
        for (std::size_t i = 0; i < n; ++i)
            out[i] = std::clamp((static_cast<float>(raw[i]) - m_baseline[i]) * scale, 0.0f, 1.0f);
    }
    if (!m_bad.empty())
        for (std::size_t i = 0; i < n; ++i)
            if (m_bad[i])
                out[i] = 0.0f;
}

std::vector<float> Calibration::normalize(std::span<const std::uint16_t> raw) const
{
    std::vector<float> out(static_cast<std::size_t>(m_grid.cellCount()));
    normalize(raw, out);
    return out;
}

QJsonObject Calibration::toJson() const
{
    QJsonObject o;
    o["grid"] = QJsonArray{m_grid.rows, m_grid.cols};
    if (m_mode == Mode::MinMax) {
        o["mode"] = "min_max";
        o["min_adc"] = m_min;
        o["max_adc"] = m_max;
    } else {
        o["mode"] = "per_taxel_baseline";
        QJsonArray b;
        for (float v : m_baseline)
            b.append(v);
        o["baseline_adc"] = b;
        o["span_adc"] = m_span;
    }
    if (!m_bad.empty()) {
        QJsonArray bad;
        for (std::size_t i = 0; i < m_bad.size(); ++i)
            if (m_bad[i])
                bad.append(static_cast<int>(i));
        o["bad_taxels"] = bad;
    }
    return o;
}

Calibration Calibration::fromJson(const QJsonObject& json)
{
    GridSize grid = kModelGrid;
    if (json.contains("grid")) {
        const QJsonArray g = json["grid"].toArray();
        const auto side = [&](qsizetype i) {
            const double v = g[i].toDouble(-1);
            return g[i].isDouble() && v >= 1 && v == std::floor(v) ? v : -1.0;
        };
        if (g.size() != 2 || side(0) < 0 || side(1) < 0)
            throw FormatError("calibration: field 'grid' must be [rows, cols] of positive integers");
        if (side(0) * side(1) > double(kMaxCalibrationCells))
            throw FormatError("calibration: field 'grid' [" + std::to_string(std::int64_t(side(0))) + ", " +
                              std::to_string(std::int64_t(side(1))) + "] has " +
                              std::to_string(std::int64_t(side(0) * side(1))) + " cells; at most " +
                              std::to_string(kMaxCalibrationCells) + " are supported (the model grid is 30x22)");
        grid = {int(side(0)), int(side(1))};
    }
    const QString mode = json["mode"].toString();
    Calibration c;
    if (mode == "min_max") {
        c = minMax(static_cast<float>(requireNumber(json, "min_adc")),
                   static_cast<float>(requireNumber(json, "max_adc")), grid);
    } else if (mode == "per_taxel_baseline") {
        std::vector<float> baseline;
        for (const QJsonValue& v : json["baseline_adc"].toArray())
            baseline.push_back(static_cast<float>(v.toDouble(std::nan(""))));
        c = perTaxel(std::move(baseline), static_cast<float>(requireNumber(json, "span_adc")), grid);
    } else {
        throw FormatError("calibration: unknown mode '" + mode.toStdString() +
                          "' (expected min_max or per_taxel_baseline)");
    }
    if (json.contains("bad_taxels")) {
        std::vector<std::uint8_t> bad(static_cast<std::size_t>(grid.cellCount()), 0);
        for (const QJsonValue& v : json["bad_taxels"].toArray()) {
            const int i = v.toInt(-1);
            if (i < 0 || i >= grid.cellCount())
                throw FormatError("calibration: bad taxel index " + std::to_string(i) + " is outside the grid");
            bad[static_cast<std::size_t>(i)] = 1;
        }
        c.setBadTaxels(std::move(bad));
    }
    return c;
}

} // namespace insolepose
